/**
 * `node bin/tsx.mjs bench/protocol/dkg.ts [--quick] [--n 3,5,10,20] [--suites ed25519,p256] [--reps 5] [--json FILE]`
 * Per-participant DKG time through src/protocol vs the bare noble DKG, same run, medians.
 */
import { writeFileSync } from 'node:fs';
import { isSuiteName, SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';
import { formatDkgBench, runDkgBench } from './dkgBench.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const quick = args.includes('--quick');
const ns = (opt('--n') ?? (quick ? '3,5,10' : '3,5,10,20')).split(',').map(Number);
const suites = (opt('--suites')?.split(',') ?? SUITE_NAMES).filter((s): s is SuiteName => {
  if (!isSuiteName(s)) throw new Error(`unknown suite ${s}`);
  return true;
});
const reps = Number(opt('--reps') ?? (quick ? 3 : 5));

console.log(
  `DKG per participant, t = floor(2n/3)+1, median of ${reps} (ours = src/protocol, noble = bare DKG.round1/2/3)`,
);
const started = Date.now();
const rows = runDkgBench({
  suites,
  ns,
  reps,
  onRow: (r) =>
    console.log(
      `  ${r.suite} n=${r.n}: ours ${r.oursMs.toFixed(1)} ms, noble ${r.nobleMs.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`,
    ),
});
console.log('\n' + formatDkgBench(rows));
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
const out = opt('--json');
if (out) writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
