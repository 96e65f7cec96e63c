import { afterEach, describe, expect, it } from 'vitest';
import type {
  EnvelopeFrame,
  ErrorFrame,
  JoinedFrame,
  PresenceFrame,
  RelayedSignalFrame,
  ServerFrame,
  WelcomeFrame,
} from '../wire/index';
import type { LogEvent } from './logger';
import { createSignalServer, type SignalServer, type SignalServerOptions } from './signalServer';
import { connectRaw, joinRaw, type RawClient } from './testing/testClient';

const servers: SignalServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: SignalServerOptions = {}): Promise<SignalServer> {
  const s = await createSignalServer({ staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0, ...opts });
  servers.push(s);
  return s;
}
async function connect(s: SignalServer): Promise<RawClient> {
  const c = await connectRaw(s.wsUrl);
  clients.push(c);
  return c;
}
async function join(s: SignalServer, room: string, peer: string): Promise<RawClient> {
  const c = await joinRaw(s.wsUrl, room, peer);
  clients.push(c);
  return c;
}
/** Round trip through the server: everything the server sent this client before is now in `frames`. */
async function barrier(c: RawClient): Promise<void> {
  c.send({ t: 'ping' });
  await c.next((f) => f.t === 'pong');
}
const isError = (code: string) => (f: ServerFrame) => f.t === 'error' && f.code === code;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('signalling server', () => {
  it('greets with the wire version and limits, and answers ping', async () => {
    const s = await start({ limits: { maxPeersPerRoom: 7 } });
    const c = await connect(s);
    const w = c.frames[0] as WelcomeFrame;
    expect(w).toMatchObject({ t: 'welcome', v: 1 });
    expect(w.limits.maxPeersPerRoom).toBe(7);
    await barrier(c);
  });

  it('joins, announces presence and relays signals with the server-stamped sender', async () => {
    const s = await start();
    const a = await join(s, 'room1', 'aaaa');
    expect(a.frames.find((f) => f.t === 'joined')).toMatchObject({ peers: ['aaaa'], replay: 0 });
    const b = await connect(s);
    b.send({ t: 'join', room: 'room1', peer: 'bbbb' });
    const joined = await b.next<JoinedFrame>((f) => f.t === 'joined');
    expect(joined.peers).toEqual(['aaaa', 'bbbb']);
    const p = await a.next<PresenceFrame>((f) => f.t === 'presence');
    expect(p.peers).toEqual(['aaaa', 'bbbb']);

    b.send({ t: 'signal', room: 'room1', to: 'aaaa', from: 'cccc', data: { sdp: 'x' } });
    const sig = await a.next<RelayedSignalFrame>((f) => f.t === 'signal');
    expect(sig).toEqual({ t: 'signal', room: 'room1', from: 'bbbb', data: { sdp: 'x' } });

    b.close();
    const p2 = await a.next<PresenceFrame>((f) => f.t === 'presence');
    expect(p2.peers).toEqual(['aaaa']);
  });

  it('relays envelopes to all or to one, and replays the log to a late joiner by audience', async () => {
    const s = await start();
    const a = await join(s, 'r', 'a');
    const b = await join(s, 'r', 'b');
    a.send({ t: 'send', room: 'r', data: b64('to-all') });
    a.send({ t: 'send', room: 'r', data: b64('to-b'), to: 'b' });
    a.send({ t: 'send', room: 'r', data: b64('to-c'), to: 'c' }); // c is absent: only logged
    b.send({ t: 'send', room: 'r', data: b64('from-b'), from: 'a' });
    const e1 = await b.next<EnvelopeFrame>((f) => f.t === 'env');
    const e2 = await b.next<EnvelopeFrame>((f) => f.t === 'env');
    expect(e1).toEqual({ t: 'env', room: 'r', from: 'a', data: b64('to-all') });
    expect(e2).toEqual({ t: 'env', room: 'r', from: 'a', data: b64('to-b'), to: 'b' });
    const e3 = await a.next<EnvelopeFrame>((f) => f.t === 'env');
    expect(e3).toEqual({ t: 'env', room: 'r', from: 'b', data: b64('from-b') });
    await barrier(a);
    await barrier(b);

    const c = await join(s, 'r', 'c');
    const joined = c.frames.find((f) => f.t === 'joined') as JoinedFrame;
    expect(joined.replay).toBe(3);
    const replay = [];
    for (let i = 0; i < 3; i++) replay.push(await c.next<EnvelopeFrame>((f) => f.t === 'env'));
    expect(replay.map((e) => [e.from, Buffer.from(e.data, 'base64').toString(), e.replay])).toEqual([
      ['a', 'to-all', true],
      ['a', 'to-c', true],
      ['b', 'from-b', true],
    ]);
    // The sender itself does not get its own envelopes back, and b's private one stays private.
    await barrier(b);
    expect(b.frames.filter((f) => f.t === 'env')).toHaveLength(2);
  });

  it('keeps rooms isolated', async () => {
    const s = await start();
    const a = await join(s, 'x', 'same');
    const b = await join(s, 'y', 'same');
    const b2 = await join(s, 'y', 'other');
    a.send({ t: 'send', room: 'x', data: b64('secret-ish') });
    await barrier(a);
    await barrier(b);
    await barrier(b2);
    expect([...b.frames, ...b2.frames].some((f) => f.t === 'env')).toBe(false);
    expect(b.frames.some((f) => f.t === 'error')).toBe(false); // same peer id in another room is fine
  });

  it('answers each malformed frame with its exact error code and keeps serving', async () => {
    const s = await start({ limits: { maxFrameBytes: 2048, maxEnvelopeBytes: 600 } });
    const c = await connect(s);
    const cases: [unknown, string, string?][] = [
      ['{not json', 'bad_json'],
      ['[1,2]', 'bad_json'],
      ['null', 'bad_json'],
      [{ type: 'join' }, 'bad_frame'],
      [{ t: 'teleport' }, 'unknown_type'],
      [{ t: 'join', room: 'bad room!', peer: 'a' }, 'bad_frame', 'join'],
      [{ t: 'join', room: 'r', peer: 'x'.repeat(129) }, 'bad_frame', 'join'],
      [{ t: 'send', room: 'r', data: b64('x') }, 'not_joined', 'send'],
      [{ t: 'signal', room: 'r', to: 'b', data: 1 }, 'not_joined', 'signal'],
      [{ t: 'send', room: 'r', data: 'not base64!' }, 'bad_frame', 'send'],
      [{ t: 'send', room: 'r', data: '' }, 'bad_frame', 'send'],
      [{ t: 'send', room: 'r', data: 42 }, 'bad_frame', 'send'],
      [{ t: 'send', room: 'r', data: b64('y'.repeat(601)) }, 'envelope_too_large', 'send'],
      [{ t: 'signal', room: 'r', to: 'b' }, 'bad_frame', 'signal'],
      [`{"t":"signal","room":"r","to":"b","data":${'['.repeat(900)}${']'.repeat(900)}}`, 'bad_frame', 'signal'],
      ['x'.repeat(2049), 'frame_too_large'],
      [Buffer.from([1, 2, 3]), 'binary_frame'],
    ];
    for (const [frame, code, ref] of cases) {
      c.send(frame);
      const e = await c.next<ErrorFrame>((f) => f.t === 'error');
      expect([frame, e.code, e.ref]).toEqual([frame, code, ref]);
    }
    c.send({ t: 'join', room: 'r', peer: 'a' });
    await c.next((f) => f.t === 'joined');
    const wrongRoom: [unknown, string, string][] = [
      [{ t: 'send', room: 'other', data: b64('x') }, 'wrong_room', 'send'],
      [{ t: 'signal', room: 'other', to: 'a', data: 1 }, 'wrong_room', 'signal'],
      [{ t: 'join', room: 'r2', peer: 'a' }, 'already_joined', 'join'],
      [{ t: 'signal', room: 'r', to: 'nobody', data: 1 }, 'unknown_peer', 'signal'],
      [{ t: 'signal', room: 'r', to: 'a', data: 1 }, 'unknown_peer', 'signal'],
    ];
    for (const [frame, code, ref] of wrongRoom) {
      c.send(frame);
      const e = await c.next<ErrorFrame>((f) => f.t === 'error');
      expect([frame, e.code, e.ref]).toEqual([frame, code, ref]);
    }
    await barrier(c); // still alive
  });

  it('closes the socket (1009) on frames beyond the hard cap without disturbing others', async () => {
    const s = await start({ limits: { maxFrameBytes: 1024 } });
    const other = await join(s, 'calm', 'p');
    const c = await connect(s);
    c.send('z'.repeat(1024 * 4 + 2000));
    expect(await c.closed).toBe(1009);
    await barrier(other);
  });

  it('enforces peers per room and rooms per server', async () => {
    const s = await start({ limits: { maxPeersPerRoom: 2, maxRooms: 2 } });
    await join(s, 'r1', 'a');
    await join(s, 'r1', 'b');
    const c = await connect(s);
    c.send({ t: 'join', room: 'r1', peer: 'c' });
    expect(await c.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'room_full', ref: 'join' });
    await join(s, 'r2', 'a');
    c.send({ t: 'join', room: 'r3', peer: 'c' });
    expect(await c.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'too_many_rooms', ref: 'join' });
    // A reconnect of a present peer into a full room is a replacement, not a new member.
    const b2 = await join(s, 'r1', 'b');
    expect(b2.frames.some(isError('room_full'))).toBe(false);
  });

  it('rate-limits per connection with a token bucket and a single error per second', async () => {
    let t = 1_000_000;
    const s = await start({ limits: { burst: 5, ratePerSec: 2 }, now: () => t });
    const c = await connect(s);
    const calm = await connect(s);
    for (let i = 0; i < 8; i++) c.send({ t: 'ping' });
    await barrier(calm); // another connection is not affected
    t += 500; // one token refilled
    c.send({ t: 'ping' });
    await c.next((f) => f.t === 'pong' && c.frames.filter((x) => x.t === 'pong').length === 6);
    const kinds = c.frames.slice(1).map((f) => (f.t === 'error' ? f.code : f.t));
    expect(kinds).toEqual(['pong', 'pong', 'pong', 'pong', 'pong', 'rate_limited', 'pong']);
  });

  it('bounds the room log: log_full once full, duplicates not kept twice, live relay still works', async () => {
    const s = await start({ limits: { maxLogEntries: 2 } });
    const a = await join(s, 'r', 'a');
    const b = await join(s, 'r', 'b');
    a.send({ t: 'send', room: 'r', data: b64('one') });
    a.send({ t: 'send', room: 'r', data: b64('one') }); // duplicate: relayed, not logged again
    a.send({ t: 'send', room: 'r', data: b64('two') });
    a.send({ t: 'send', room: 'r', data: b64('three') });
    expect(await a.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'log_full', ref: 'send' });
    await barrier(a);
    expect(a.frames.filter((f) => f.t === 'error')).toHaveLength(1);
    await barrier(b);
    expect(b.frames.filter((f) => f.t === 'env')).toHaveLength(4);
    expect(s.stats().logEntries).toBe(2);
  });

  it('bounds the bytes kept across all room logs', async () => {
    const s = await start({ maxTotalLogBytes: 10 });
    const a = await join(s, 'r1', 'a');
    const b = await join(s, 'r2', 'b');
    a.send({ t: 'send', room: 'r1', data: b64('123456') });
    await barrier(a);
    b.send({ t: 'send', room: 'r2', data: b64('123456') });
    expect(await b.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'log_full' });
    expect(s.stats().logEntries).toBe(1);
  });

  it('lets a second connection with the same peer id replace the first (reconnect)', async () => {
    const events: LogEvent[] = [];
    const s = await start({ logger: (e) => events.push(e) });
    const a1 = await join(s, 'r', 'a');
    const b = await join(s, 'r', 'b');
    await a1.next((f) => f.t === 'presence');
    const a2 = await join(s, 'r', 'a');
    expect(await a1.next<ErrorFrame>((f) => f.t === 'error')).toMatchObject({ code: 'replaced' });
    expect(await a1.closed).toBe(4001);
    b.send({ t: 'send', room: 'r', data: b64('hi'), to: 'a' });
    expect(await a2.next<EnvelopeFrame>((f) => f.t === 'env')).toMatchObject({ from: 'b', to: 'a' });
    await barrier(b);
    // The old socket's close must not remove the new member.
    expect(s.stats().peers).toBe(2);
    expect(events.some((e) => e.event === 'replaced' && e.peer === 'a')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(b64('hi'));
  });

  it('expires empty rooms after the TTL (injectable clock) and forgets their log', async () => {
    let t = 0;
    const s = await start({ roomTtlMs: 60_000, now: () => t });
    const a = await join(s, 'r', 'a');
    const a2 = await join(s, 'r', 'a2'); // a room two peers met in keeps its log (one alone: see attacks.test.ts)
    a.send({ t: 'send', room: 'r', data: b64('kept') });
    await barrier(a);
    a.close();
    a2.close();
    await a.closed;
    await a2.closed;
    while (s.stats().peers > 0) await new Promise((r) => setTimeout(r, 5));
    t = 59_999;
    expect(await s.sweep()).toEqual([]);
    const b = await join(s, 'r', 'b');
    expect((b.frames.find((f) => f.t === 'joined') as JoinedFrame).replay).toBe(1);
    b.send({ t: 'leave', room: 'r' });
    await barrier(b);
    t = 59_999 + 60_000;
    expect(await s.sweep()).toEqual(['r']);
    expect(s.stats()).toMatchObject({ rooms: 0, logEntries: 0 });
    b.send({ t: 'join', room: 'r', peer: 'b' });
    expect(await b.next<JoinedFrame>((f) => f.t === 'joined')).toMatchObject({ replay: 0 });
  });

  it('drops an empty room with an empty log at once, and caps open connections', async () => {
    const s = await start({ limits: { maxRooms: 1 }, maxConnections: 2 });
    const a = await join(s, 'r1', 'a');
    a.send({ t: 'leave', room: 'r1' });
    await barrier(a);
    expect(s.stats().rooms).toBe(0);
    a.send({ t: 'join', room: 'r2', peer: 'a' }); // maxRooms 1: only possible because r1 is gone
    await a.next((f) => f.t === 'joined');
    await connect(s);
    await expect(connectRaw(s.wsUrl)).rejects.toThrow(/503/);
  });

  it('caps connections per client address (and takes it from X-Forwarded-For only when told to)', async () => {
    const s = await start({ maxConnectionsPerIp: 2, limitLoopback: true });
    const c1 = await connect(s);
    await connect(s);
    await expect(connectRaw(s.wsUrl)).rejects.toThrow(/429/);
    c1.close();
    await c1.closed;
    while (s.stats().connections > 1) await new Promise((r) => setTimeout(r, 5));
    clients.push(await connectRaw(s.wsUrl)); // the slot was released
    // A spoofed header changes nothing unless the server trusts a proxy.
    await expect(connectRaw(s.wsUrl, { headers: { 'X-Forwarded-For': '10.9.9.9' } })).rejects.toThrow(/429/);

    const behindProxy = await start({ maxConnectionsPerIp: 1, trustProxy: true, limitLoopback: true });
    const h = (ip: string) => ({ headers: { 'X-Forwarded-For': `1.1.1.1, ${ip}` } });
    clients.push(
      await connectRaw(behindProxy.wsUrl, h('10.0.0.1')),
      await connectRaw(behindProxy.wsUrl, h('10.0.0.2')),
    );
    await expect(connectRaw(behindProxy.wsUrl, h('10.0.0.1'))).rejects.toThrow(/429/);
  });

  it('drops a connection that stops answering heartbeat pings', async () => {
    const s = await start({ heartbeatMs: 30 });
    const dead = await connectRaw(s.wsUrl, { autoPong: false });
    clients.push(dead);
    const live = await connect(s);
    await dead.closed;
    await barrier(live);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
  });

  it('closes every socket with 1001 on shutdown and then refuses connections', async () => {
    const s = await start();
    const a = await join(s, 'r', 'a');
    const b = await connect(s);
    await s.close();
    expect(await a.closed).toBe(1001);
    expect(await b.closed).toBe(1001);
    await expect(connectRaw(s.wsUrl)).rejects.toThrow();
  });

  it('lets a test record inbound frames and rewrite outbound ones (a lying server)', async () => {
    const seen: string[] = [];
    const s = await start({
      inbound: (text) => seen.push(text),
      // Duplicate every envelope and tamper with the copy; drop presence entirely.
      outbound: (f) => (f.t === 'env' ? [f, { ...f, data: b64('tampered') }] : f.t === 'presence' ? [] : undefined),
    });
    const a = await join(s, 'r', 'a');
    const b = await join(s, 'r', 'b');
    a.send({ t: 'send', room: 'r', data: b64('real') });
    const got = [await b.next<EnvelopeFrame>((f) => f.t === 'env'), await b.next<EnvelopeFrame>((f) => f.t === 'env')];
    expect(got.map((e) => Buffer.from(e.data, 'base64').toString())).toEqual(['real', 'tampered']);
    await barrier(a);
    expect(a.frames.some((f) => f.t === 'presence')).toBe(false);
    expect(seen.some((t) => t.includes(b64('real')))).toBe(true);
  });

  it('writes one structured log line per event, without payloads', async () => {
    const events: LogEvent[] = [];
    const s = await start({ logger: (e) => events.push(e) });
    const a = await join(s, 'r', 'a');
    a.send({ t: 'send', room: 'r', data: b64('PAYLOAD-MARKER') });
    a.send('garbage');
    await a.next(isError('bad_json'));
    a.close();
    await a.closed;
    while (!events.some((e) => e.event === 'leave')) await new Promise((r) => setTimeout(r, 5));
    expect(events.map((e) => e.event)).toEqual(['listen', 'connect', 'join', 'error', 'disconnect', 'leave']);
    expect(events[3]).toMatchObject({ code: 'bad_json', room: 'r', peer: 'a' });
    expect(JSON.stringify(events)).not.toContain(b64('PAYLOAD-MARKER'));
  });
});
