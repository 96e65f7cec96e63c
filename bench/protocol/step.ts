/**
 * `node bin/tsx.mjs bench/protocol/step.ts [--quick] [--n 3,5,10,20] [--suites ed25519,p256] [--reps 5]
 *   [--no-warm-up] [--ceremony-n 10,20] [--ceremony-reps 3] [--no-ceremony] [--json FILE]`
 * Issue 18: one participant's CPU through step() for a whole ceremony vs the bare noble DKG for one
 * participant (with the library-calls-only figure beside it), then simulate vs the bare noble DKG
 * of all n participants. See stepBench.ts and README.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isSuiteName, SUITE_NAMES, type SuiteName } from '../../src/protocol/suites.js';
import {
  formatCeremonyBench,
  formatStepBench,
  runCeremonyBench,
  runStepBench,
  type CeremonyBenchRow,
} from './stepBench.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const quick = args.includes('--quick');
const ns = (opt('--n') ?? (quick ? '3,5' : '3,5,10,20')).split(',').map(Number);
const suites = (opt('--suites')?.split(',') ?? SUITE_NAMES).filter((s): s is SuiteName => {
  if (!isSuiteName(s)) throw new Error(`unknown suite ${s}`);
  return true;
});
const reps = Number(opt('--reps') ?? (quick ? 3 : 5));
const started = Date.now();
const load0 = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(`per participant through step(), t = floor(2n/3)+1, median of ${reps}; load average at start ${load0}`);
const rows = await runStepBench({
  suites,
  ns,
  reps,
  warmUp: !args.includes('--no-warm-up'),
  onRow: (r) =>
    console.log(
      `  ${r.suite} n=${r.n}: step() ${r.stepMs.toFixed(1)} ms, bare noble ${r.nobleMs.toFixed(1)} ms, ${r.ratio.toFixed(2)}× (library calls only ${r.libRatio.toFixed(2)}×)`,
    ),
});
console.log('\n' + formatStepBench(rows));
let ceremony: CeremonyBenchRow[] = [];
if (!args.includes('--no-ceremony')) {
  const cns = (opt('--ceremony-n') ?? (quick ? '5' : '10,20')).split(',').map(Number);
  const creps = Number(opt('--ceremony-reps') ?? (quick ? 1 : 3));
  console.log(`\nwhole ceremony in one process: simulate vs bare noble DKG of all n, median of ${creps}`);
  ceremony = await runCeremonyBench({
    suites,
    ns: cns,
    reps: creps,
    onRow: (r) =>
      console.log(
        `  ${r.suite} n=${r.n}: simulate ${r.simulateMs.toFixed(0)} ms, bare ${r.bareMs.toFixed(0)} ms, ${r.ratio.toFixed(2)}×`,
      ),
  });
  console.log('\n' + formatCeremonyBench(ceremony));
}
console.log(
  `\n(${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load0} → ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})`,
);
const out = opt('--json');
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), node: process.version, loadavgStart: load0, rows, ceremony },
      null,
      2,
    ),
  );
