/**
 * One `simulate` ceremony of n participants in this process, for the scale section: prints one
 * JSON line with its wall and CPU time, the process's resident memory before and at its peak, and
 * the room-log footprint of its envelopes. Its own process, so that the peak is this ceremony's.
 *
 *   node bin/tsx.mjs bench/scale/simulateChild.ts SUITE N
 */
import { isSuiteName } from '../../src/protocol/suites.js';
import { simulateFootprint } from './footprint.js';

const [suite, nArg] = process.argv.slice(2);
const n = Number(nArg);
if (suite === undefined || !isSuiteName(suite) || !Number.isInteger(n) || n < 2)
  throw new Error('usage: simulateChild.ts SUITE N');
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const c0 = cpu();
const footprint = await simulateFootprint(suite, n);
const out = {
  suite,
  n,
  wallMs: performance.now() - t0,
  cpuMs: cpu() - c0,
  rssBeforeMiB,
  // maxRSS is in KiB (Linux).
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  footprint,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
