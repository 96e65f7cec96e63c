/**
 * Scale-out: several signalling servers sharing rooms through a real `redis-server` on loopback.
 * Skipped, with a message, when redis-server is not installed (Debian: apt-get install redis-server).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EnvelopeFrame, ErrorFrame, JoinedFrame, PresenceFrame, RelayedSignalFrame } from '../wire/index';
import {
  enc,
  makePeer,
  spawnServer,
  texts,
  until,
  type ServerProcess,
  type TestPeer,
} from '../transport/testing/testHarness';
import { createRedisRegistry, type RedisRegistryOptions } from './redisRegistry';
import { createSignalServer, DEFAULT_LIMITS, type SignalServer } from './signalServer';
import { connectRaw, joinRaw, type RawClient } from './testing/testClient';

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!haveRedis)
  console.warn('Redis scale-out tests skipped: redis-server is not on PATH (apt-get install redis-server)');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe.skipIf(!haveRedis)('rooms shared through Redis', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let testNo = 0;
  const servers: SignalServer[] = [];
  const clients: RawClient[] = [];
  const peers: TestPeer[] = [];
  const procs: ServerProcess[] = [];

  beforeAll(async () => {
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    await new Promise<void>((resolve) =>
      redis.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      }),
    );
  });
  afterAll(() => {
    redis?.kill('SIGKILL');
  });
  afterEach(async () => {
    for (const p of peers.splice(0)) p.t.stop();
    for (const c of clients.splice(0)) c.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const p of procs.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  });

  /** A server whose rooms live in Redis under a prefix unique to the test. */
  async function node(prefix: string, extra: Partial<RedisRegistryOptions> = {}, limits = {}): Promise<SignalServer> {
    const l = { ...DEFAULT_LIMITS, ...limits };
    const registry = await createRedisRegistry({
      url: redisUrl,
      ...l,
      roomTtlMs: 60_000,
      now: Date.now,
      prefix,
      ...extra,
    });
    const s = await createSignalServer({
      registry,
      limits: l,
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
    });
    servers.push(s);
    return s;
  }
  async function join(s: SignalServer, room: string, peer: string): Promise<RawClient> {
    const c = await joinRaw(s.wsUrl, room, peer);
    clients.push(c);
    return c;
  }
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('shares presence, signals, envelopes, the log and the limits across two processes', async () => {
    const prefix = `t${++testNo}:`;
    const s1 = await node(prefix, { nodeId: 'one' }, { maxPeersPerRoom: 3 });
    const s2 = await node(prefix, { nodeId: 'two' }, { maxPeersPerRoom: 3 });
    const a = await join(s1, 'r', 'a');
    const b = await join(s2, 'r', 'b');
    expect((b.frames.find((f) => f.t === 'joined') as JoinedFrame).peers).toEqual(['a', 'b']);
    expect((await a.next<PresenceFrame>((f) => f.t === 'presence')).peers).toEqual(['a', 'b']);

    b.send({ t: 'signal', room: 'r', to: 'a', data: { sdp: 1 } });
    expect(await a.next<RelayedSignalFrame>((f) => f.t === 'signal')).toEqual({
      t: 'signal',
      room: 'r',
      from: 'b',
      data: { sdp: 1 },
    });
    a.send({ t: 'send', room: 'r', data: b64('to all') });
    a.send({ t: 'send', room: 'r', data: b64('to c'), to: 'c' });
    expect(await b.next<EnvelopeFrame>((f) => f.t === 'env')).toEqual({
      t: 'env',
      room: 'r',
      from: 'a',
      data: b64('to all'),
    });
    a.send({ t: 'signal', room: 'r', to: 'nobody', data: 1 });
    expect(await a.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'unknown_peer' });

    const c = await join(s2, 'r', 'c');
    expect((c.frames.find((f) => f.t === 'joined') as JoinedFrame).replay).toBe(2);
    const replay = [
      await c.next<EnvelopeFrame>((f) => f.t === 'env'),
      await c.next<EnvelopeFrame>((f) => f.t === 'env'),
    ];
    expect(replay.map((e) => Buffer.from(e.data, 'base64').toString())).toEqual(['to all', 'to c']);

    const extra = await connectRaw(s1.wsUrl);
    clients.push(extra);
    extra.send({ t: 'join', room: 'r', peer: 'd' });
    expect(await extra.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'room_full' });

    // The same peer id on the other process replaces the first connection there.
    const a2 = await join(s2, 'r', 'a');
    expect(await a.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'replaced' });
    expect(await a.closed).toBe(4001);
    b.send({ t: 'send', room: 'r', data: b64('after'), to: 'a' });
    expect(await a2.next<EnvelopeFrame>((f) => f.t === 'env' && f.replay !== true)).toMatchObject({
      from: 'b',
      to: 'a',
    });

    b.close();
    await until(() => c.frames.some((f) => f.t === 'presence' && f.peers.join() === 'a,c'));
  });

  it('keeps the bounds of issue 11 §7 across processes: a sender’s share of the log, paced replay, rooms per connection and per address', async () => {
    const prefix = `t${++testNo}:`;
    const l = { ...DEFAULT_LIMITS, maxLogBytesPerPeer: 200_000 };
    const mk = async (nodeId: string) => {
      const registry = await createRedisRegistry({
        url: redisUrl,
        ...l,
        roomTtlMs: 60_000,
        now: Date.now,
        prefix,
        nodeId,
        maxRoomsPerAddress: 2,
      });
      // A 64 KiB slow-reader limit: a log of 200 kB used to cut every joiner off (the replay bomb).
      const s = await createSignalServer({
        registry,
        limits: l,
        staticDir: '/nonexistent',
        heartbeatMs: 0,
        sweepIntervalMs: 0,
        trustProxy: true,
        maxBufferedBytes: 64 * 1024,
      });
      servers.push(s);
      return s;
    };
    const [s1, s2] = [await mk('one'), await mk('two')];
    const from = async (s: SignalServer, ip: string) => {
      const c = await connectRaw(s.wsUrl, { headers: { 'X-Forwarded-For': ip } });
      clients.push(c);
      return c;
    };
    const joinAs = async (c: RawClient, room: string, peer: string) => {
      c.send({ t: 'join', room, peer });
      return c.next<JoinedFrame | ErrorFrame>((f) => f.t === 'joined' || (f.t === 'error' && f.ref === 'join'));
    };
    const big = (i: number) => Buffer.alloc(50_000, i).toString('base64');

    // One sender's share: 4 × 50 000 bytes kept, the fifth only relayed.
    const a = await from(s1, '203.0.113.1');
    const b = await from(s2, '203.0.113.2');
    await joinAs(a, 'r', 'a');
    await joinAs(b, 'r', 'b');
    for (let i = 0; i < 5; i++) a.send({ t: 'send', room: 'r', data: big(i) });
    const full = await a.next<ErrorFrame>((f) => f.t === 'error');
    expect(full).toMatchObject({ code: 'log_full' });
    expect(full.message).toContain('your share of the room log');

    // The 200 kB log reaches a joiner on the other process in full, paced to its socket.
    const c = await from(s2, '203.0.113.3');
    expect(await joinAs(c, 'r', 'c')).toMatchObject({ t: 'joined', replay: 4 });
    for (let i = 0; i < 4; i++) expect((await c.next<EnvelopeFrame>((f) => f.t === 'env')).data).toBe(big(i));
    c.send({ t: 'ping' });
    await c.next((f) => f.t === 'pong');

    // One connection creates at most 4 rooms; a room only one peer ever joined goes when it empties.
    const m = await from(s1, '203.0.113.4');
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const j = await joinAs(m, `solo${i}`, 'm');
      answers.push(j.t === 'joined' ? j.t : j.code);
      m.send({ t: 'send', room: `solo${i}`, data: b64('x') });
      m.send({ t: 'leave', room: `solo${i}` });
    }
    expect(answers).toEqual(['joined', 'joined', 'joined', 'joined', 'too_many_rooms']);
    expect(await joinAs(await from(s2, '203.0.113.5'), 'solo0', 'n')).toMatchObject({ t: 'joined', replay: 0 });

    // An address holds at most 2 rooms, counted across both processes.
    for (const [s, room] of [
      [s1, 'held1'],
      [s2, 'held2'],
    ] as const) {
      const x = await from(s, '198.51.100.9');
      const y = await from(s, '198.51.100.9');
      expect((await joinAs(x, room, 'x')).t).toBe('joined');
      expect((await joinAs(y, room, 'y')).t).toBe('joined');
    }
    const refused = await joinAs(await from(s2, '198.51.100.9'), 'held3', 'x');
    expect(refused).toMatchObject({ code: 'too_many_rooms' });
    expect((refused as ErrorFrame).message).toContain('your address holds 2 rooms');
    expect((await joinAs(await from(s1, '198.51.100.10'), 'held3', 'x')).t).toBe('joined');
  });

  it('removes the members of a process that died, and expires empty rooms', async () => {
    const prefix = `t${++testNo}:`;
    let t = Date.now();
    const s1 = await node(prefix, { nodeId: 'alive', now: () => t, nodeTtlMs: 5000 });
    // This process renews its liveness key only once: it looks dead after 150 ms.
    const dying = await node(prefix, { nodeId: 'dying', heartbeatMs: 3_600_000, nodeTtlMs: 150 });
    const a = await join(s1, 'room', 'a');
    await join(dying, 'room', 'ghost');
    await a.next((f) => f.t === 'presence' && f.peers.join() === 'a,ghost');
    while (!a.frames.some((f) => f.t === 'presence' && f.peers.join() === 'a')) {
      await s1.sweep();
      await new Promise((r) => setTimeout(r, 50));
    }
    a.send({ t: 'send', room: 'room', data: b64('kept for a while') });
    const e = await joinRaw(s1.wsUrl, 'empty-room', 'e'); // nothing logged: gone as soon as it is empty
    e.close();
    await e.closed;
    a.close();
    await a.closed;
    await until(() => s1.stats().peers === 0);
    t += 59_000;
    expect(await s1.sweep()).toEqual([]);
    t += 2_000;
    expect(await s1.sweep()).toEqual(['room']);
  });

  it('meshes transports over WebRTC when their peers sit on different processes', async () => {
    const prefix = `t${++testNo}:`;
    const s1 = await node(prefix);
    const s2 = await node(prefix);
    const a = makePeer(s1.url, 'mesh', 'aa');
    const b = makePeer(s2.url, 'mesh', 'bb');
    const c = makePeer(s2.url, 'mesh', 'cc', { relayOnly: true });
    peers.push(a, b, c);
    const state = () => [a, b, c].map((p) => [p.id, p.t.status(), p.t.presence(), p.t.links(), p.got, p.bad]);
    await until(
      () => a.t.links().bb === 'direct' && a.t.links().cc === 'relayed' && c.t.links().bb === 'relayed',
      10,
      state,
    );
    a.t.broadcast(enc('hello'));
    c.t.send('aa', enc('c to a'));
    await until(() => b.got.length === 1 && c.got.length === 1 && a.got.length === 1, 10, state);
    expect(b.got).toEqual([['hello', 'aa', 'direct']]);
    expect(c.got).toEqual([['hello', 'aa', 'relay']]);
    expect(a.got).toEqual([['c to a', 'cc', 'relay']]);
  });

  it('keeps a room going when one of two server processes dies (clients move to the other)', async () => {
    const p1 = await spawnServer(['--redis', redisUrl, '--static', '/nonexistent']);
    const p2 = await spawnServer(['--redis', redisUrl, '--static', '/nonexistent']);
    procs.push(p1, p2);
    const opts = { relayOnly: true, keepaliveMs: 0 };
    const a = makePeer([p1.url, p2.url], 'survive', 'aa', opts);
    const b = makePeer([p2.url, p1.url], 'survive', 'bb', opts);
    peers.push(a, b);
    await until(() => a.t.links().bb === 'relayed' && b.t.links().aa === 'relayed');
    a.t.broadcast(enc('one'));
    await until(() => b.got.length === 1);

    p1.child.kill('SIGKILL');
    await p1.exited;
    b.t.broadcast(enc('two')); // a is between servers: it must get this by replay or inventory
    await until(() => a.t.status().state === 'open' && a.got.length === 1);
    a.t.broadcast(enc('three'));
    await until(() => b.got.length === 2);
    expect(texts(a)).toEqual(['two']);
    expect(texts(b)).toEqual(['one', 'three']);
  });
});
