/**
 * The real signalling server, made to lie through its `outbound` hook, between real transports
 * (relay only: everything passes through the liar) and real ceremony shells. For the whole
 * ceremony it drops, duplicates, reorders and tampers with relayed envelopes and transport
 * signals, and injects a fake candidate. The ceremony still completes with one key; every
 * rejection is unattributed tampering or the named intruder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCeremony, type Ceremony } from '../../ceremony';
import { createMemoryStateStore } from '../../persistence/stateStore';
import {
  generateIdentity,
  createParticipant,
  helloMac,
  toHex,
  seededRng,
  staticPublicKeys,
} from '../../../protocol/index';
import { createSignalServer, type SignalServer } from '../../../server/index';
import {
  createTransport,
  type TransportOptions,
  encodeEnvelopeFrame,
  base64ToBytes,
  bytesToBase64,
} from '../../../transport/index';
import { until } from '../../../transport/testing/testHarness';
import type { ServerFrame } from '../../../wire/index';
import { signAs } from './hostileRoom';

const servers: SignalServer[] = [];
const ceremonies: Ceremony[] = [];
afterEach(async () => {
  for (const c of ceremonies.splice(0)) c.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Envelope type inside a relayed `env` frame (tests only). */
function typeOf(f: ServerFrame): string | undefined {
  if (f.t !== 'env') return undefined;
  try {
    return (JSON.parse(new TextDecoder().decode(base64ToBytes(f.data).subarray(1))) as { type?: string }).type;
  } catch {
    return undefined;
  }
}

const isTransportHello = (f: ServerFrame): boolean =>
  f.t === 'signal' && (f.data as { k?: unknown } | null)?.k === 'hello';

const NAMES = ['Alice', 'Bob', 'Carol'];
const ROOM = 'real-liar-room-0001';
const SECRET = seededRng('real-liar/secret')(32);
const IDS = NAMES.map((n) => generateIdentity(seededRng(`real-liar/${n}`)));
const HEX = IDS.map((k) => toHex(k.publicKey));

/** Three relay-only participants behind a server whose outbound frames go through `lie`; runs to the code check. */
async function ceremonyThrough(
  lie: NonNullable<Parameters<typeof createSignalServer>[0]>['outbound'],
): Promise<Ceremony[]> {
  const server = await createSignalServer({
    port: 0,
    staticDir: 'does-not-exist',
    heartbeatMs: 0,
    ...(lie ? { outbound: lie } : {}),
  });
  servers.push(server);
  for (const [i, identity] of IDS.entries()) {
    const rng = seededRng(`real-liar/rng/${i}`);
    const transport = createTransport({
      serverUrl: server.url,
      roomId: ROOM,
      selfId: HEX[i]!,
      relayOnly: true,
      resyncMs: 150,
      backoff: { baseMs: 50, maxMs: 400 },
      WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
    });
    const state = createParticipant({
      identity,
      name: NAMES[i]!,
      room: { id: ROOM, secret: SECRET, coordinator: IDS[0]!.publicKey },
      isCoordinator: i === 0,
      rng,
    });
    ceremonies.push(createCeremony({ state, transport, stateStore: createMemoryStateStore(), rng }));
  }
  const cs = [...ceremonies];
  for (const c of cs) await c.start();
  const [alice] = cs as [Ceremony];
  const phases = () => cs.map((c) => c.snapshot().view.phase);
  await until(
    () => Object.keys(alice.state().candidates).length === 3,
    20,
    () => Object.keys(alice.state().candidates).length,
  );
  await alice.dispatch({ type: 'lock', params: { suite: 'ed25519', minSigners: 2, label: 'real liar' }, roster: HEX });
  await until(() => phases().every((p) => p === 'verify'), 20, phases);
  expect(new Set(cs.map((c) => c.snapshot().view.verificationCode)).size).toBe(1);
  for (const c of cs) await c.dispatch({ type: 'confirmCode' });
  return cs;
}

const progress = (cs: Ceremony[]) => () =>
  cs.map((c) => {
    const v = c.snapshot().view;
    return [v.phase, v.waitingFor.map((w) => w.name), v.errors.map((e) => e.code)];
  });

describe('a real signalling server that lies for the whole ceremony', () => {
  it('drops, duplicates, reorders, tampers, injects a fake candidate → completes with one key; only tampering and the intruder are rejected', async () => {
    const bytes = seededRng('real-liar');
    const rand = () => new DataView(bytes(4).buffer).getUint32(0) / 2 ** 32;
    const mallory = generateIdentity(seededRng('real-liar/mallory'));
    const eph = toHex(seededRng('real-liar/eph')(32));
    const fakeHello = signAs(mallory, {
      type: 'hello',
      room: ROOM,
      session: '',
      generation: 0,
      payload: {
        name: 'Bob',
        ephemeral: eph,
        commit: toHex(seededRng('mallory-commit')(32)),
        mac: helloMac(seededRng('guess')(32), ROOM, 0, toHex(mallory.publicKey), eph, 'Bob'),
        statics: staticPublicKeys(seededRng('mallory-master')(32)),
      },
    });
    const held = new Map<number, ServerFrame>();
    const stats = { dropped: 0, duplicated: 0, tampered: 0, reordered: 0 };

    const lie = (f: ServerFrame, to: { conn: number }): readonly ServerFrame[] | undefined => {
      if (f.t === 'joined') {
        // The server makes up a candidate and relays it as if from a peer "mallory".
        return [
          f,
          { t: 'env', room: f.room, from: 'mallory', data: bytesToBase64(encodeEnvelopeFrame(fakeHello, 'all')) },
        ];
      }
      // Transport hellos are spared: losing one stops anti-entropy for that pair for good (BUG,
      // see the it.fails below).
      if ((f.t !== 'env' && f.t !== 'signal') || isTransportHello(f)) return undefined;
      const r = rand();
      const out: ServerFrame[] = [];
      if (r < 0.2) stats.dropped++;
      else if (r < 0.35) {
        stats.duplicated++;
        out.push(f, f);
      } else if (r < 0.45 && f.t === 'env') {
        stats.tampered++;
        const b = base64ToBytes(f.data);
        const i = 1 + Math.floor(rand() * (b.length - 1)); // keep the frame kind; hit the envelope
        b[i] = (b[i]! ^ 0x20) & 0xff;
        out.push({ ...f, data: bytesToBase64(b) });
      } else if (r < 0.55 && !held.has(to.conn)) {
        stats.reordered++;
        held.set(to.conn, f); // goes out after the next frame to this connection
      } else out.push(f);
      const h = held.get(to.conn);
      if (h && out.length > 0) {
        held.delete(to.conn);
        out.push(h);
      }
      return out;
    };

    const cs = await ceremonyThrough(lie);
    await until(() => cs.every((c) => c.snapshot().view.phase === 'success'), 20, progress(cs));
    expect(new Set(cs.map((c) => c.snapshot().view.groupKey.hex)).size).toBe(1);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.duplicated).toBeGreaterThan(0);
    expect(stats.tampered).toBeGreaterThan(0);
    expect(stats.reordered).toBeGreaterThan(0);
    for (const c of cs) {
      const errors = c.snapshot().view.errors;
      expect(
        errors.filter((e) => e.code === 'bad-room-mac').map((e) => e.culprits.map((x) => x.identity)),
      ).toContainEqual([toHex(mallory.publicKey)]);
      for (const e of errors) {
        expect(['bad-signature', 'malformed', 'bad-room-mac']).toContain(e.code);
        if (e.code !== 'bad-room-mac') expect(e.culprits).toEqual([]);
      }
    }
  });

  /** Drops the first copy of Bob's round-1 msg1 (it carries Carol's encrypted share) the server would deliver to Carol. */
  const dropBobsShareToCarol = () => {
    let done = false;
    const drop = (f: ServerFrame, to: { peer: string | undefined }): boolean => {
      if (done || to.peer !== HEX[2] || f.t !== 'env' || f.from !== HEX[1] || typeOf(f) !== 'round1') return false;
      done = true;
      return true;
    };
    return Object.assign(drop, { dropped: () => done });
  };

  it('a round-1 message (with the share inside) the server withholds from one peer is resent by anti-entropy; the ceremony completes', async () => {
    const drop = dropBobsShareToCarol();
    const cs = await ceremonyThrough((f, to) => (drop(f, to) ? [] : undefined));
    await until(() => cs.every((c) => c.snapshot().view.phase === 'success'), 20, progress(cs));
    expect(drop.dropped()).toBe(true);
    expect(new Set(cs.map((c) => c.snapshot().view.groupKey.hex)).size).toBe(1);
  });

  // Was a bug (src/transport/transport.ts): a transport `hello` was sent once per join, and
  // anti-entropy with a peer starts only once its hello arrived, so one dropped hello meant an
  // envelope lost later was never resent. Periodic resync now asks again for a missing hello.
  it('…also when the server first dropped the transport hello between Bob and Carol', async () => {
    const drop = dropBobsShareToCarol();
    let helloDropped = false;
    const cs = await ceremonyThrough((f, to) => {
      if (!helloDropped && isTransportHello(f) && to.peer === HEX[1] && (f as { from: string }).from === HEX[2]) {
        helloDropped = true;
        return [];
      }
      return drop(f, to) ? [] : undefined;
    });
    for (let i = 0; i < 300 && !cs.every((c) => c.snapshot().view.phase === 'success'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(helloDropped).toBe(true);
    expect(drop.dropped()).toBe(true);
    expect(progress(cs)()).toEqual(cs.map(() => ['success', [], []]));
  });
});
