/** Property-based fuzzing of what a transport accepts from peers: relayed data, signals, data-channel bytes. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalServer, type SignalServer } from '../server/index';
import { joinRaw } from '../server/testing/testClient';
import { decodePeerFrame } from './peerFrames';
import { enc, makePeer, until, type TestPeer } from './testing/testHarness';

const REASONS = [
  'not_binary',
  'empty',
  'too_large',
  'unknown_kind',
  'bad_hash_list',
  'bad_signal',
  'bad_base64',
  'wrong_kind',
  'store_full',
  'peer_quota',
];

describe('peer data fuzzing', () => {
  it('decodePeerFrame never throws and names a known reason (20 000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.anything()), (data) => {
        const r = decodePeerFrame(data, { maxEnvelopeBytes: 128, maxHashesPerFrame: 4 });
        if (!r.ok) expect(REASONS).toContain(r.reason);
      }),
      { numRuns: 20_000 },
    );
  });

  describe('a live transport', () => {
    let s: SignalServer;
    let victim: TestPeer;
    let friend: TestPeer;
    beforeAll(async () => {
      s = await createSignalServer({
        staticDir: '/nonexistent',
        heartbeatMs: 0,
        sweepIntervalMs: 0,
        limits: { burst: 5000, ratePerSec: 5000 },
      });
      victim = makePeer(s.url, 'fuzz', 'vv', { relayOnly: true });
      friend = makePeer(s.url, 'fuzz', 'ff', { relayOnly: true });
      await until(() => victim.t.links().ff === 'relayed' && friend.t.links().vv === 'relayed');
    });
    afterAll(async () => {
      victim.t.stop();
      friend.t.stop();
      await s.close();
    });

    it('takes 1 500 random signals and relayed envelopes from one peer, names it, and keeps working', async () => {
      const attacker = await joinRaw(s.wsUrl, 'fuzz', 'zz');
      const signalData = fc.oneof(
        fc.jsonValue({ maxDepth: 6 }),
        fc.record(
          {
            k: fc.constantFrom('hello', 'rtc', 'pf', 'x'),
            inst: fc.string(),
            rtc: fc.anything(),
            cid: fc.string(),
            d: fc.oneof(fc.base64String(), fc.jsonValue()),
          },
          { requiredKeys: ['k'] },
        ),
      );
      const sends = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 100 }), { numRuns: 500, seed: 7 });
      for (const data of fc.sample(signalData, { numRuns: 1000, seed: 7 })) {
        attacker.send({ t: 'signal', room: 'fuzz', to: 'vv', data: data === null ? 0 : data });
      }
      for (const b of sends) attacker.send({ t: 'send', room: 'fuzz', data: Buffer.from(b).toString('base64') });
      attacker.send({ t: 'ping' });
      await attacker.next((f) => f.t === 'pong');
      friend.t.broadcast(enc('after the storm'));
      await until(() => victim.got.some(([text]) => text === 'after the storm'));
      expect(victim.bad.length).toBeGreaterThan(100);
      expect(new Set(victim.bad.map(([from]) => from))).toEqual(new Set(['zz']));
      for (const [, reason] of victim.bad) expect(REASONS).toContain(reason);
      // Random bytes that happen to be well-formed envelopes are delivered, named by the relay's sender.
      expect(victim.got.filter(([, from]) => from !== 'zz').map(([t]) => t)).toEqual(['after the storm']);
      attacker.close();
    });
  });

  it('survives garbage WebRTC offers and candidates (real simple-peer + wrtc) and still meshes', async () => {
    const s2 = await createSignalServer({
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
      limits: { burst: 5000, ratePerSec: 5000 },
    });
    const v = makePeer(s2.url, 'rtc-fuzz', 'vv');
    const f = makePeer(s2.url, 'rtc-fuzz', 'ff');
    try {
      await until(() => v.t.links().ff === 'direct' && f.t.links().vv === 'direct');
      const attacker = await joinRaw(s2.wsUrl, 'rtc-fuzz', 'aa'); // lower id: vv takes offers from it
      attacker.send({ t: 'signal', room: 'rtc-fuzz', to: 'vv', data: { k: 'hello', inst: 'x', rtc: true, ack: true } });
      const rtcData = fc.oneof(
        fc.record({ type: fc.constant('offer'), sdp: fc.oneof(fc.string(), fc.constant('v=0\r\n'), fc.anything()) }),
        fc.record({ type: fc.constantFrom('answer', 'pranswer', 'rollback', 'renegotiate'), sdp: fc.string() }),
        fc.record({ type: fc.constant('candidate'), candidate: fc.anything() }),
        fc.record({
          candidate: fc.record({ candidate: fc.string(), sdpMid: fc.string(), sdpMLineIndex: fc.integer() }),
        }),
        fc.anything(),
      );
      const samples = fc.sample(fc.tuple(fc.constantFrom('c1', 'c2', 'c3'), rtcData), { numRuns: 300, seed: 3 });
      for (const [cid, d] of samples)
        attacker.send({ t: 'signal', room: 'rtc-fuzz', to: 'vv', data: { k: 'rtc', cid, d: d ?? 0 } });
      attacker.send({ t: 'ping' });
      await attacker.next((fr) => fr.t === 'pong');
      f.t.broadcast(enc('mesh still fine'));
      await until(() => v.got.some(([text]) => text === 'mesh still fine'));
      expect(v.t.links().ff).toBe('direct');
      attacker.close();
    } finally {
      v.t.stop();
      f.t.stop();
      await s2.close();
    }
  });
});
