#!/usr/bin/env node
// After a merge that brings files written against the old layout (before src/browser, src/wire,
// testing/ folders and src/platform): rewrites each relative import whose target was renamed on
// the struct branch to the target's new place, seen from the importing file's new place.
//
//   node scripts/structure/fix-moved-imports.mjs [BASE]   (BASE: the commit before the moves, default e18f84d)
//   then: node scripts/structure/imports-to-entries.mjs --write, npx tsc --noEmit, npm run depcruise
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';

const base = process.argv[2] ?? 'e18f84d';
const renames = execSync(`git diff --name-status -M ${base} HEAD`, { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((l) => l.startsWith('R'))
  .map((l) => l.split('\t').slice(1));
const oldToNew = new Map(renames.map(([o, n]) => [o, n]));
const newToOld = new Map(renames.map(([o, n]) => [n, o]));
// Whole folders that moved (src/store/shell -> src/browser, ...): a file added there by another
// branch is read as if it were still in the old folder.
const votes = new Map();
for (const [o, n] of renames) {
  const k = `${path.dirname(n)}\t${path.dirname(o)}`;
  votes.set(k, (votes.get(k) ?? 0) + 1);
}
const dirMoves = new Map();
for (const [k, v] of [...votes].sort((a, b) => a[1] - b[1])) if (v > 1) dirMoves.set(...k.split('\t'));
const oldPlace = (f) =>
  newToOld.get(f) ?? (dirMoves.has(path.dirname(f)) ? path.join(dirMoves.get(path.dirname(f)), path.basename(f)) : f);
const files = execSync('git ls-files -co --exclude-standard src e2e bench', { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => /\.(ts|tsx)$/.test(f) && existsSync(f));

function resolveOld(fromOld, spec) {
  const raw = path.normalize(path.join(path.dirname(fromOld), spec));
  const stem = raw.replace(/\.js$/, '');
  for (const e of ['.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'])
    if (oldToNew.has(stem + e)) return { target: stem + e, ext: e };
  if (oldToNew.has(raw)) return { target: raw, ext: 'raw' };
  // Not moved, but the importing file did: the same target, seen from the new place.
  for (const e of ['.ts', '.tsx', '/index.ts', '/index.tsx'])
    if (existsSync(stem + e)) return { target: stem + e, ext: e };
  return null;
}

let changed = 0;
for (const f of files) {
  // A file that did not move is read from its own place; one that moved, from where it was.
  const fromOld = oldPlace(f);
  const src = readFileSync(f, 'utf8');
  const out = src.replace(/((?:from|import)\s*\(?\s*|vi\.mock\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (m, pre, q, spec) => {
    const here = path.normalize(path.join(path.dirname(f), spec)).replace(/\.js$/, '');
    // Still resolves from the new place (e.g. already fixed): leave it.
    if (
      ['.ts', '.tsx', '/index.ts', '/index.tsx', ''].some(
        (e) => existsSync(here + e) && (e !== '' || /\.\w+$/.test(spec)),
      )
    )
      return m;
    const r = resolveOld(fromOld, spec);
    if (!r) return m;
    let t = oldToNew.get(r.target) ?? r.target;
    if (r.ext !== 'raw') {
      t = t.replace(/\.(d\.ts|tsx|ts)$/, '');
      if (r.ext.startsWith('/index') && !/\/index(\.js)?$/.test(spec)) t = path.dirname(t);
    }
    let rel = path.relative(path.dirname(f), t);
    if (r.ext !== 'raw' && spec.endsWith('.js')) rel += '.js';
    if (!rel.startsWith('.')) rel = './' + rel;
    changed++;
    return pre + q + rel + q;
  });
  if (out !== src) writeFileSync(f, out);
}
console.log(`fix-moved-imports: ${changed} imports rewritten`);
