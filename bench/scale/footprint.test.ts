/**
 * The room-size limits README.md states ("Scale: where a larger room stops") follow from the
 * formula in footprint.ts, and the formula predicts what a real `simulate` of another size emits.
 * If the protocol's messages change, this fails until the README's numbers are re-derived
 * (`npm run bench -- --only scale` prints them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/index';
import { MAX_ENVELOPE_BYTES, MAX_PARTICIPANTS } from '../../src/wire/index';
import {
  FIT_SIZES,
  fdGrowth,
  fitRoom,
  nByFds,
  roomLimits,
  roomTotal,
  simulateFootprint,
  type LogFootprint,
} from './footprint';

const SUITE = 'ristretto255';
let fitted: LogFootprint[] | undefined;
async function fits(): Promise<LogFootprint[]> {
  fitted ??= await Promise.all(FIT_SIZES.map((n) => simulateFootprint(SUITE, n)));
  return fitted;
}

describe('scale: room-log and envelope footprint', () => {
  it('the three-point fit is exact on a quadratic and finds where it crosses a limit', () => {
    const g = fitRoom([
      [3, 3 * 2 * 2 + 5 * 3 + 7],
      [4, 4 * 3 * 2 + 5 * 4 + 7],
      [9, 9 * 8 * 2 + 5 * 9 + 7],
    ]);
    expect(g.a).toBeCloseTo(2, 9);
    expect(g.b).toBeCloseTo(5, 9);
    expect(g.c).toBeCloseTo(7, 9);
    expect(roomTotal(g, 10)).toBeCloseTo(10 * 9 * 2 + 50 + 7, 9);
    // 10 descriptors per peer + 30: 1024 allows 1 + (1024 − 30) / 10 = 100 participants.
    expect(nByFds(fdGrowth(5, 70, 30, 320), 1024)).toBe(100);
  });

  it('fitted at n = 3, 4, 5, it predicts a simulate at n = 6: room-log entries exactly, bytes and the largest envelope within 3 %', async () => {
    const L = roomLimits(await fits());
    const six = await simulateFootprint(SUITE, 6);
    expect(roomTotal(L.entries, 6)).toBeCloseTo(six.entries, 6);
    expect(Math.abs(roomTotal(L.bytes, 6) / six.bytes - 1)).toBeLessThan(0.03);
    expect(Math.abs((L.envelope.c + L.envelope.d * 6) / six.largestEnvelope - 1)).toBeLessThan(0.03);
  });

  it("README's scale section states the limits this formula gives for the server's defaults", async () => {
    const L = roomLimits(await fits());
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Scale: where a larger room stops'));
    expect(section.length).toBeGreaterThan(100);
    const num = (re: RegExp): number => Number((re.exec(section)?.[1] ?? 'NaN').replace(/\s/g, ''));
    expect(num(/`maxLogEntries` \((\d[\d ]*)\)/)).toBe(DEFAULT_LIMITS.maxLogEntries);
    expect(num(/at most \*\*(\d+)\*\* participants/)).toBe(L.nByLogEntries);
    expect(num(/n = 100 needs (\d[\d ]*) entries/)).toBe(Math.round(roomTotal(L.entries, MAX_PARTICIPANTS)));
    expect(num(/`maxLogBytes` \((\d+) MiB\) at n ≤ (?:\d+)/)).toBe(DEFAULT_LIMITS.maxLogBytes / 2 ** 20);
    expect(num(/`maxLogBytes` \(\d+ MiB\) at n ≤ (\d+)/)).toBe(L.nByLogBytes);
    expect(num(/envelope limit \((\d+) KiB\)/)).toBe(MAX_ENVELOPE_BYTES / 1024);
    expect(num(/envelope limit \(\d+ KiB\) at n ≤ (\d+)/)).toBe(L.nByEnvelope);
    expect(num(/One sender's share of the log \([^)]*\) at n ≤ (\d+)/)).toBe(L.nByPeerShare);
  });
});
