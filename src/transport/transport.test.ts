import { afterEach, describe, expect, it } from 'vitest';
import { createSignalServer, type SignalServer } from '../server/index';
import { connectRaw } from '../server/testing/testClient';
import type { SimplePeerCtor } from './peerLink';
import SimplePeer from 'simple-peer/simplepeer.min.js';
import { enc, makePeer, spawnServer, texts, until, type ServerProcess, type TestPeer } from './testing/testHarness';

const servers: SignalServer[] = [];
const procs: ServerProcess[] = [];
const peers: TestPeer[] = [];

afterEach(async () => {
  for (const p of peers.splice(0)) p.t.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const p of procs.splice(0)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
});

async function server(): Promise<SignalServer> {
  const s = await createSignalServer({ staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
  servers.push(s);
  return s;
}
function peer(...args: Parameters<typeof makePeer>): TestPeer {
  const p = makePeer(...args);
  peers.push(p);
  return p;
}
const allLinks = (p: TestPeer, state: string, n: number) =>
  Object.values(p.t.links()).filter((s) => s === state).length === n;

describe('transport over a real server and WebRTC (@roamhq/wrtc)', () => {
  it('makes a direct mesh of 3 and delivers broadcast and send exactly once', async () => {
    const s = await server();
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => peer(s.url, 'mesh', id)) as [TestPeer, TestPeer, TestPeer];
    await until(() => [a, b, c].every((p) => allLinks(p, 'direct', 2)));
    expect(a.t.links()).toEqual({ bb: 'direct', cc: 'direct' });

    a.t.broadcast(enc('r1-a'));
    a.t.broadcast(enc('r1-a')); // same bytes again: deduplicated at the receivers
    b.t.send('cc', enc('share b->c'));
    c.t.broadcast(enc('r1-c'));
    await until(() => b.got.length === 2 && c.got.length === 2 && a.got.length === 1);
    expect(b.got.sort()).toEqual([
      ['r1-a', 'aa', 'direct'],
      ['r1-c', 'cc', 'direct'],
    ]);
    expect(c.got.sort()).toEqual([
      ['r1-a', 'aa', 'direct'],
      ['share b->c', 'bb', 'direct'],
    ]);
    expect(a.got).toEqual([['r1-c', 'cc', 'direct']]);
    // Nothing went through the server's log: all links were direct.
    expect(s.stats().logEntries).toBe(0);
  });

  it('delivers everything through the server in relay-only mode', async () => {
    const s = await server();
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => peer(s.url, 'relay', id, { relayOnly: true })) as [
      TestPeer,
      TestPeer,
      TestPeer,
    ];
    await until(() => [a, b, c].every((p) => allLinks(p, 'relayed', 2)));
    a.t.broadcast(enc('hello all'));
    a.t.send('bb', enc('for b'));
    await until(() => b.got.length === 2 && c.got.length === 1);
    expect(b.got.sort()).toEqual([
      ['for b', 'aa', 'relay'],
      ['hello all', 'aa', 'relay'],
    ]);
    expect(c.got).toEqual([['hello all', 'aa', 'relay']]);
  });

  it('mixes direct and relayed pairs (one pair forced to relay)', async () => {
    const s = await server();
    const noAC = (self: string) => (p: string) => !((self === 'aa' && p === 'cc') || (self === 'cc' && p === 'aa'));
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => peer(s.url, 'mix', id, { directWith: noAC(id) })) as [
      TestPeer,
      TestPeer,
      TestPeer,
    ];
    await until(() => a.t.links().bb === 'direct' && c.t.links().bb === 'direct' && a.t.links().cc === 'relayed');
    expect(c.t.links()).toEqual({ aa: 'relayed', bb: 'direct' });
    a.t.broadcast(enc('from a'));
    c.t.send('aa', enc('c to a'));
    await until(() => b.got.length === 1 && c.got.length === 1 && a.got.length === 1);
    expect(b.got).toEqual([['from a', 'aa', 'direct']]);
    expect(c.got).toEqual([['from a', 'aa', 'relay']]);
    expect(a.got).toEqual([['c to a', 'cc', 'relay']]);
  });

  it('reconnects after the server process is killed and restarted, and anti-entropy fills the gap', async () => {
    const first = await spawnServer(['--static', '/nonexistent']);
    procs.push(first);
    const url = first.url;
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => peer(url, 'restart', id, { relayOnly: true, keepaliveMs: 0 })) as [
      TestPeer,
      TestPeer,
      TestPeer,
    ];
    await until(() => [a, b, c].every((p) => allLinks(p, 'relayed', 2)));
    a.t.broadcast(enc('before'));
    await until(() => b.got.length === 1 && c.got.length === 1);

    first.child.kill('SIGKILL');
    await first.exited;
    await until(() => [a, b, c].every((p) => p.t.status().state === 'reconnecting'));
    a.t.broadcast(enc('during outage'));
    b.t.send('cc', enc('b to c during outage'));
    expect(b.got.length + c.got.length).toBe(2);

    const second = await spawnServer(['--port', String(first.port), '--static', '/nonexistent']);
    procs.push(second);
    await until(() => b.got.length === 2 && c.got.length === 3);
    expect(texts(b)).toEqual(['before', 'during outage']);
    expect(texts(c)).toEqual(['b to c during outage', 'before', 'during outage']);
    expect(a.got).toEqual([]);
    expect([a, b, c].every((p) => p.t.status().state === 'open')).toBe(true);

    // The standalone server shuts down cleanly on SIGTERM.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('catches up a late joiner from the room log and from peer inventories', async () => {
    const s = await server();
    const a = peer(s.url, 'late', 'aa');
    const b = peer(s.url, 'late', 'bb');
    await until(() => allLinks(a, 'direct', 1) && allLinks(b, 'direct', 1));
    a.t.broadcast(enc('a1')); // direct to b only: not in the server log
    b.t.broadcast(enc('b1'));
    a.t.send('dd', enc('a to d')); // d absent: relayed and kept in the log for d
    await until(() => a.got.length === 1 && b.got.length === 1);
    expect(s.stats().logEntries).toBe(1);

    const d = peer(s.url, 'late', 'dd');
    await until(() => d.got.length === 3);
    expect(texts(d)).toEqual(['a to d', 'a1', 'b1']);
    await until(() => allLinks(d, 'direct', 2));
    a.t.broadcast(enc('a2'));
    await until(() => d.got.length === 4 && b.got.length === 2);
    expect(b.got.map(([x]) => x).sort()).toEqual(['a1', 'a2']);
  });

  it('names a peer that sends garbage on its data channel or through the relay; others are unaffected', async () => {
    const s = await server();
    // The attacker's transport is real; we keep hold of its simple-peer objects to write raw bytes.
    const raw: InstanceType<SimplePeerCtor>[] = [];
    const Spy = function (this: unknown, o: unknown) {
      const sp = new (SimplePeer as unknown as SimplePeerCtor)(o as never);
      raw.push(sp);
      return sp;
    } as unknown as SimplePeerCtor;
    const a = peer(s.url, 'bad', 'aa');
    const b = peer(s.url, 'bad', 'bb');
    const m = peer(s.url, 'bad', 'mm', { SimplePeer: Spy });
    await until(() => [a, b, m].every((p) => allLinks(p, 'direct', 2)));
    for (const sp of raw) {
      sp.send(new TextEncoder().encode('not a frame')); // first byte 'n': unknown kind
      sp.send(new Uint8Array([3, 1, 2, 3])); // inventory not a multiple of 32 bytes
      sp.send(new Uint8Array(200 * 1024).fill(1)); // envelope over the 192 KiB default
    }
    // And through the server: a raw client claiming a second id.
    const rawWs = await connectRaw(s.wsUrl);
    rawWs.send({ t: 'join', room: 'bad', peer: 'zz' });
    await rawWs.next((f) => f.t === 'joined');
    rawWs.send({ t: 'send', room: 'bad', data: Buffer.from([9, 9, 9]).toString('base64') });
    rawWs.send({ t: 'signal', room: 'bad', to: 'aa', data: { k: 'nonsense' } });
    rawWs.send({ t: 'signal', room: 'bad', to: 'aa', data: { k: 'pf', d: Buffer.from([1, 7]).toString('base64') } });

    await until(() => a.bad.length === 6 && b.bad.length === 4);
    expect(a.bad).toEqual(
      expect.arrayContaining([
        ['mm', 'unknown_kind'],
        ['mm', 'bad_hash_list'],
        ['mm', 'too_large'],
        ['zz', 'unknown_kind'],
        ['zz', 'bad_signal'],
        ['zz', 'wrong_kind'],
      ]),
    );
    expect(b.bad.sort()).toEqual([
      ['mm', 'bad_hash_list'],
      ['mm', 'too_large'],
      ['mm', 'unknown_kind'],
      ['zz', 'unknown_kind'],
    ]);
    b.t.broadcast(enc('still fine'));
    await until(() => a.got.length === 1 && m.got.length === 1);
    expect(a.got).toEqual([['still fine', 'bb', 'direct']]);
    expect(a.t.links()).toMatchObject({ bb: 'direct' });
    rawWs.close();
  });
});

describe('transport mesh control and application feedback', () => {
  it('restricts the mesh with setPeers, and send still reaches a peer outside it through the relay', async () => {
    const s = await server();
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => peer(s.url, 'roster', id)) as [TestPeer, TestPeer, TestPeer];
    await until(() => [a, b, c].every((p) => allLinks(p, 'direct', 2)));
    a.t.setPeers(['bb']);
    expect(a.t.links()).toEqual({ bb: 'direct' });
    await until(() => c.t.links().aa === 'relayed' || c.t.links().aa === 'connecting');
    a.t.broadcast(enc('roster only'));
    a.t.send('cc', enc('explicit to c'));
    await until(() => b.got.length === 1 && c.got.length === 1);
    expect(c.got).toEqual([['explicit to c', 'aa', 'relay']]);
    a.t.addPeers(['cc']);
    // c now gets the broadcast through anti-entropy (inventory → want → resend).
    await until(() => c.got.length === 2);
    expect(texts(c)).toEqual(['explicit to c', 'roster only']);
  });

  it('forgets envelopes the application rejects, so they are neither redelivered nor forwarded', async () => {
    const s = await server();
    const a = peer(s.url, 'reject', 'aa');
    const b = peer(s.url, 'reject', 'bb');
    const offered: string[] = [];
    b.t.onEnvelope((bytes) => {
      const text = new TextDecoder().decode(bytes);
      offered.push(text);
      return text !== 'forged';
    });
    await until(() => allLinks(a, 'direct', 1) && allLinks(b, 'direct', 1));
    a.t.broadcast(enc('forged'));
    a.t.broadcast(enc('good'));
    a.t.broadcast(enc('forged')); // again, on the same ordered channel: refused without a second offer
    a.t.broadcast(enc('good2'));
    await until(() => offered.length === 3);
    expect(offered).toEqual(['forged', 'good', 'good2']);
    a.t.stop(); // only b can now tell a newcomer what it holds
    const d = peer(s.url, 'reject', 'dd');
    await until(() => d.got.length === 2);
    b.t.broadcast(enc('after'));
    await until(() => d.got.length === 3);
    expect(texts(d)).toEqual(['after', 'good', 'good2']);
    expect(d.got.every(([, from]) => from === 'bb')).toBe(true);
  });

  it('retries a refused join (room full) with backoff until there is room', async () => {
    const s = await createSignalServer({
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
      limits: { maxPeersPerRoom: 1 },
    });
    servers.push(s);
    const a = peer(s.url, 'small', 'aa', { relayOnly: true });
    await until(() => a.t.status().state === 'open');
    const b = peer(s.url, 'small', 'bb', { relayOnly: true });
    const errors: string[] = [];
    b.t.onServerError((code) => errors.push(code));
    await until(() => b.t.status().attempt >= 2);
    expect(b.t.status()).toMatchObject({ state: 'reconnecting', lastError: 'room_full' });
    a.t.stop();
    await until(() => b.t.status().state === 'open');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errors)).toEqual(new Set(['room_full']));
  });

  it('still delivers what a lying server dropped, through periodic anti-entropy', async () => {
    let dropped = 0;
    const s = await createSignalServer({
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
      // Swallows the first envelope relayed to bb.
      outbound: (f, to) => (f.t === 'env' && to.peer === 'bb' && dropped++ === 0 ? [] : undefined),
    });
    servers.push(s);
    const a = peer(s.url, 'lossy', 'aa', { relayOnly: true, resyncMs: 100 });
    const b = peer(s.url, 'lossy', 'bb', { relayOnly: true, resyncMs: 100 });
    await until(() => allLinks(a, 'relayed', 1) && allLinks(b, 'relayed', 1));
    a.t.broadcast(enc('lost once'));
    await until(() => b.got.length === 1);
    expect(b.got).toEqual([['lost once', 'aa', 'relay']]);
    expect(dropped).toBeGreaterThanOrEqual(2);
  });

  it('handles a reload: a new instance with the same id takes over, its old channels are dropped, and it catches up', async () => {
    const s = await server();
    const a = peer(s.url, 'reload', 'aa');
    const b = peer(s.url, 'reload', 'bb');
    await until(() => allLinks(a, 'direct', 1) && allLinks(b, 'direct', 1));
    a.t.broadcast(enc('before reload'));
    a.t.send('bb', enc('private before reload'));
    await until(() => b.got.length === 2);
    // The old tab is not stopped: its data channel to a lingers, as after a real reload.
    const b2 = peer(s.url, 'reload', 'bb');
    await until(() => b.t.status().state === 'replaced');
    await until(() => b2.got.length === 2 && allLinks(b2, 'direct', 1) && allLinks(a, 'direct', 1));
    expect(texts(b2)).toEqual(['before reload', 'private before reload']);
    a.t.broadcast(enc('after reload'));
    await until(() => b2.got.length === 3);
    expect(b2.got[2]).toEqual(['after reload', 'aa', 'direct']);
    expect(b.got.length).toBe(2);
  });

  it('keeps one peer from filling the envelope store (per-peer quota), while others still get through', async () => {
    const s = await server();
    const v = peer(s.url, 'quota', 'vv', { relayOnly: true, maxStoredPerPeer: 3 });
    const f = peer(s.url, 'quota', 'ff', { relayOnly: true });
    await until(() => v.t.links().ff === 'relayed');
    const spam = await connectRaw(s.wsUrl);
    spam.send({ t: 'join', room: 'quota', peer: 'zz' });
    await spam.next((fr) => fr.t === 'joined');
    for (let i = 0; i < 5; i++)
      spam.send({ t: 'send', room: 'quota', data: Buffer.from([1, 100 + i]).toString('base64') });
    await until(() => v.bad.length === 2);
    expect(v.bad).toEqual([
      ['zz', 'peer_quota'],
      ['zz', 'peer_quota'],
    ]);
    f.t.broadcast(enc('legit'));
    await until(() => v.got.some(([t]) => t === 'legit'));
    expect(v.got.filter(([, from]) => from === 'zz')).toHaveLength(3);
    spam.close();
  });

  it('stops reconnecting when another connection claims its peer id', async () => {
    const s = await server();
    const first = peer(s.url, 'dup', 'aa');
    await until(() => first.t.status().state === 'open');
    const errors: string[] = [];
    first.t.onServerError((code) => errors.push(code));
    const second = peer(s.url, 'dup', 'aa');
    await until(() => first.t.status().state === 'replaced');
    expect(errors).toEqual(['replaced']);
    await until(() => second.t.status().state === 'open');
    expect(s.stats().peers).toBe(1);
    first.t.start(); // the user chooses to take the id back
    await until(() => first.t.status().state === 'open' && second.t.status().state === 'replaced');
  });
});
