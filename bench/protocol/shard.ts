/**
 * `node bin/tsx.mjs bench/protocol/shard.ts UNITS_JSON OUT_JSON`: runs the given protocol bench
 * units (see plan.ts) in this process and writes `{ rows, cpuSeconds }` to OUT_JSON (the process's
 * CPU time so far: what the part would take on an idle core); progress on stderr.
 * `npm run bench` starts one of these per core.
 */
import { writeFileSync } from 'node:fs';
import { runDkgBench, type DkgBenchRow } from './dkgBench.js';
import type { DkgUnit } from './plan.js';

const [unitsJson, out] = process.argv.slice(2);
if (unitsJson === undefined || out === undefined) {
  console.error('usage: node bin/tsx.mjs bench/protocol/shard.ts UNITS_JSON OUT_JSON');
  process.exit(2);
}
const units = JSON.parse(unitsJson) as DkgUnit[];
const rows: DkgBenchRow[] = [];
for (const u of units) {
  rows.push(
    ...runDkgBench({
      suites: [u.suite],
      ns: [u.n],
      reps: u.reps,
      ...(u.baselineReps !== undefined ? { baselineReps: u.baselineReps } : {}),
      warmUp: u.warmUp,
      onRow: (r) =>
        process.stderr.write(
          `  protocol ${r.suite} n=${r.n}: ours ${r.oursMs.toFixed(1)} ms, bare ${r.nobleMs.toFixed(1)} ms, ${r.ratio.toFixed(2)}×\n`,
        ),
    }),
  );
  // Written after every unit, so a crash still leaves what was measured.
  const cpu = process.cpuUsage();
  writeFileSync(out, JSON.stringify({ rows, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10 }));
}
