/**
 * `node bin/tsx.mjs bench/protocol/stepShard.ts UNITS_JSON OUT_JSON`: runs the given step-level
 * units (stepPlan.ts) in this process and writes `{ step, ceremony, cpuSeconds }` to OUT_JSON after
 * every unit (a crash still leaves what was measured); progress on stderr.
 */
import { writeFileSync } from 'node:fs';
import { runCeremonyBench, runStepBench, type CeremonyBenchRow, type StepBenchRow } from './stepBench.js';
import type { StepUnit } from './stepPlan.js';

const [unitsJson, out] = process.argv.slice(2);
if (unitsJson === undefined || out === undefined) {
  console.error('usage: node bin/tsx.mjs bench/protocol/stepShard.ts UNITS_JSON OUT_JSON');
  process.exit(2);
}
const units = JSON.parse(unitsJson) as StepUnit[];
const step: StepBenchRow[] = [];
const ceremony: CeremonyBenchRow[] = [];
for (const u of units) {
  if (u.kind === 'step')
    step.push(
      ...(await runStepBench({
        suites: [u.suite],
        ns: [u.n],
        reps: u.reps,
        onRow: (r) =>
          process.stderr.write(
            `  step() ${r.suite} n=${r.n}: ${r.stepMs.toFixed(1)} ms, bare ${r.nobleMs.toFixed(1)} ms, ${r.ratio.toFixed(2)}×\n`,
          ),
      })),
    );
  else
    ceremony.push(
      ...(await runCeremonyBench({
        suites: [u.suite],
        ns: [u.n],
        reps: u.reps,
        onRow: (r) =>
          process.stderr.write(
            `  simulate ${r.suite} n=${r.n}: ${r.simulateMs.toFixed(0)} ms, bare ${r.bareMs.toFixed(0)} ms, ${r.ratio.toFixed(2)}×\n`,
          ),
      })),
    );
  const cpu = process.cpuUsage();
  writeFileSync(out, JSON.stringify({ step, ceremony, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10 }));
}
