#!/usr/bin/env node
// Rewrites every cross-part relative import (src and e2e) to the part's entry (src/<part>/index),
// and prints, per part, the export lines each entry still needs (names it does not export yet);
// add those to the entries by hand. Imports of `testing/` helpers are left as they are.
//
//   node scripts/structure/imports-to-entries.mjs            (dry run: prints what the entries need)
//   node scripts/structure/imports-to-entries.mjs --write    (rewrites the imports too)
import ts from 'typescript';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
const WRITE = process.argv.includes('--write');
const files = execSync('git ls-files -co --exclude-standard src e2e', { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && existsSync(f));
const partOf = (f) => {
  const m = f.split('/');
  return m[0] === 'src' ? (m.length > 2 ? m[1] : null) : m[0];
};
const isTesting = (f) => f.split('/').includes('testing');
function resolve(from, spec) {
  const base = path.normalize(path.join(path.dirname(from), spec)).replace(/\.js$/, '');
  for (const e of ['.ts', '.tsx', '/index.ts', '/index.tsx']) if (existsSync(base + e)) return base + e;
  return null;
}
const need = {}; // part -> target -> Map(name -> isType)
const manual = [];
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const sf = ts.createSourceFile(
    f,
    src,
    ts.ScriptTarget.Latest,
    true,
    f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const edits = [];
  const visit = (node) => {
    let specNode;
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      specNode = node.moduleSpecifier;
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0])
    )
      specNode = node.arguments[0];
    if (specNode && specNode.text.startsWith('.')) {
      const t = resolve(f, specNode.text);
      const p = t && partOf(t);
      if (
        t &&
        p &&
        p !== partOf(f) &&
        t.startsWith('src/') &&
        !isTesting(t) &&
        !/^src\/[^/]+\/index\.tsx?$/.test(t) &&
        t !== 'src/platform/node.ts'
      ) {
        // entry path
        const entry = `src/${p}/index`;
        let rel = path.relative(path.dirname(f), entry);
        if (!rel.startsWith('.')) rel = './' + rel;
        if (specNode.text.endsWith('.js')) rel += '.js';
        edits.push([specNode.getStart() + 1, specNode.getEnd() - 1, rel]);
        const tgt = './' + path.relative(`src/${p}`, t).replace(/\.tsx?$/, '');
        need[p] ??= {};
        need[p][tgt] ??= new Map();
        if (ts.isImportDeclaration(node)) {
          const c = node.importClause;
          if (!c) {
            manual.push(`${f}: side-effect import ${specNode.text}`);
          } else {
            if (c.name) manual.push(`${f}: default import ${specNode.text}`);
            const nb = c.namedBindings;
            if (nb && ts.isNamespaceImport(nb)) manual.push(`${f}: namespace import ${specNode.text}`);
            if (nb && ts.isNamedImports(nb))
              for (const el of nb.elements) {
                const name = (el.propertyName ?? el.name).text;
                const isType = c.isTypeOnly || el.isTypeOnly;
                const prev = need[p][tgt].get(name);
                need[p][tgt].set(name, prev === false ? false : isType);
              }
          }
        } else if (ts.isExportDeclaration(node)) {
          if (node.exportClause && ts.isNamedExports(node.exportClause))
            for (const el of node.exportClause.elements)
              need[p][tgt].set((el.propertyName ?? el.name).text, node.isTypeOnly || el.isTypeOnly);
          else manual.push(`${f}: export * from ${specNode.text}`);
        } else manual.push(`${f}: dynamic import ${specNode.text} (rewritten; check names)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length && WRITE) {
    let out = src;
    for (const [a, b, r] of edits.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + r + out.slice(b);
    writeFileSync(f, out);
  }
}
// What each entry already exports (by name), using the checker.
const parts = Object.keys(need);
const program = ts.createProgram(
  parts.filter((p) => existsSync(`src/${p}/index.ts`)).map((p) => `src/${p}/index.ts`),
  {
    allowJs: false,
    noEmit: true,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();
const out = {};
for (const p of parts) {
  const have = new Set();
  const sf = program.getSourceFile(`src/${p}/index.ts`);
  if (sf) {
    const sym = checker.getSymbolAtLocation(sf);
    if (sym) for (const e of checker.getExportsOfModule(sym)) have.add(e.name);
  }
  const lines = [];
  const seen = new Map();
  for (const [tgt, names] of Object.entries(need[p]).sort()) {
    const vals = [],
      types = [];
    for (const [n, isType] of [...names].sort()) {
      if (have.has(n)) continue;
      if (seen.has(n) && seen.get(n) !== tgt) {
        manual.push(`CONFLICT ${p}: ${n} from ${tgt} and ${seen.get(n)}`);
        continue;
      }
      seen.set(n, tgt);
      (isType ? types : vals).push(n);
    }
    const all = [...vals, ...types.map((t) => `type ${t}`)];
    if (all.length) lines.push(`export { ${all.join(', ')} } from '${tgt}${p === 'protocol' ? '.js' : ''}';`);
  }
  out[p] = lines;
}
for (const [p, l] of Object.entries(out)) console.log(`== ${p} (${l.length} lines)\n` + l.join('\n'));
console.log('== manual\n' + manual.join('\n'));
