/**
 * The multi-process network bench for real, at the smallest size: a signalling server process and
 * three participant processes per ceremony, relay-only and WebRTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../../src/transport/testing/testHarness';
import { measureRtt, runOneCeremony } from './networkBench';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
});

describe('network bench, one process per participant', () => {
  it('relay-only: three participant processes complete; each reports its own CPU; no data channels', async () => {
    const r = await runOneCeremony(server.url, 3, 'relay');
    expect(r.cpuPerParticipantMs).toHaveLength(3);
    expect(r.cpuPerParticipantMs.every((c) => c > 0)).toBe(true);
    expect(r.cpuMs).toBeCloseTo(
      r.cpuPerParticipantMs.reduce((a, b) => a + b, 0),
      9,
    );
    expect(r.directPairs).toBe(0);
    expect(Number.isFinite(r.setupMs) && r.setupMs > 0).toBe(true);
    // The clock starts when the start signatures are in, after "codes match" was answered.
    expect(r.ceremonyMs).toBeGreaterThan(0);
    expect(r.fromConfirmMs).toBeGreaterThanOrEqual(r.ceremonyMs);
    expect(r.maxFds).toBeGreaterThan(0);
  }, 60_000);

  it('WebRTC: every pair has a data channel before the ceremony starts; the RTT probe runs between two processes', async () => {
    const r = await runOneCeremony(server.url, 3, 'webrtc');
    expect(r.directPairs).toBe(3);
    expect(Number.isFinite(r.setupMs)).toBe(true);
    expect(r.cpuPerParticipantMs.every((c) => c > 0)).toBe(true);
    expect(await measureRtt(server.url, 'webrtc', 5)).toBeGreaterThan(0);
  }, 60_000);
});
