/**
 * `node bin/tsx.mjs bench/protocol/profileStep.ts [--suite secp256k1] [--n 10] [--reps 5] [--out step.cpuprofile]`
 * `node bin/tsx.mjs bench/protocol/profileStep.ts --summarise FILE.cpuprofile` (e.g. one from `node --cpu-prof`)
 * Where one participant's step() time goes: records a ceremony (stepBench.recordCeremony), then
 * runs V8's CPU profiler (the one `node --cpu-prof` uses, through node:inspector so that only
 * the measured participant's replays are in the profile, not the recording ceremony) around
 * `reps` replays, writes the .cpuprofile and prints it summarised by step (summary.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { isSuiteName } from '../../src/protocol/suites.js';
import { checkReplay, recordCeremony, replay } from './stepBench.js';
import { formatProfileSummary, summariseProfile, type CpuProfile } from './profileSummary.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const given = opt('--summarise');
if (given !== undefined) {
  console.log(formatProfileSummary(summariseProfile(JSON.parse(readFileSync(given, 'utf8')) as CpuProfile)));
  process.exit(0);
}
const suite = opt('--suite') ?? 'secp256k1';
if (!isSuiteName(suite)) throw new Error(`unknown suite ${suite}`);
const n = Number(opt('--n') ?? 10);
const reps = Number(opt('--reps') ?? 5);
const out = opt('--out') ?? `step-${suite}-${n}.cpuprofile`;

const rec = await recordCeremony(suite, n);
checkReplay(rec, await replay(rec)); // warm-up, and proof the replay is the recorded participant
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
let stepMs = 0;
for (let r = 0; r < reps; r++) stepMs += (await replay(rec)).stepMs;
const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
session.disconnect();
writeFileSync(out, JSON.stringify(profile));
console.log(
  `${suite} n=${n}, ${reps} replays of participant P2, step() CPU ${(stepMs / reps).toFixed(1)} ms each; profile in ${out}\n`,
);
console.log(formatProfileSummary(summariseProfile(profile)));
