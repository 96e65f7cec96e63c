import { describe, expect, it } from 'vitest';
import { formatResults, runServerBench } from './serverLoad';

describe('server load generator (tiny run)', () => {
  it('delivers every envelope through both relays, reports figures, and expires every room', async () => {
    const o = { rooms: 3, peersPerRoom: 3, messagesPerPeer: 4, payloadBytes: 64, intervalMs: 5, flood: 10_000 };
    const [bare, frost] = await runServerBench(o);
    for (const r of [bare, frost]) {
      expect(r).toBeDefined();
      expect([r?.kind, r?.delivered, r?.expected, r?.errors]).toEqual([r?.kind, 72, 72, 0]);
      expect(Number.isFinite(r?.p99Ms)).toBe(true);
      expect(r?.serverCpuUsPerDelivery).toBeGreaterThan(0);
      // Measured (at 3 rooms the figure is within the heap's noise, so only its presence is checked).
      expect(Number.isFinite(r?.bytesPerRoomIdle)).toBe(true);
    }
    expect(frost?.roomsExpired).toBe(3);
    // The bench server allows a burst of 2000 then 1000/s: the flood is cut (accepting all 10 000
    // would take the server 8 s), others unaffected.
    expect(frost?.floodAccepted).toBeLessThan(10_000);
    expect(frost?.floodRateErrors).toBeGreaterThanOrEqual(1);
    expect(formatResults(o, [bare!, frost!])).toContain('72/72');
  });
});
