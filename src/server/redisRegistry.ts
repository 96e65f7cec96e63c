import { createHash, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { base64DecodedLength, type ServerFrame } from '../wire/index';
import type { JoinResult, LogOutcome, ReplaySource, RoomMember, RoomRegistry } from './roomRegistry';
import { CREATION_REFUSED } from './memoryRegistry';
import { DEFAULT_PER_ADDRESS } from './signalServer';

/** Options of {@link createRedisRegistry}. */
export interface RedisRegistryOptions {
  /** redis://host:port URL. */
  readonly url: string;
  readonly maxRooms: number;
  readonly maxPeersPerRoom: number;
  readonly maxLogEntries: number;
  readonly maxLogBytes: number;
  /** Envelopes one peer id may have in a room's log. */
  readonly maxLogEntriesPerPeer: number;
  /** Envelope bytes one peer id may have in a room's log. */
  readonly maxLogBytesPerPeer: number;
  /** Rooms created from one client address held at once, across all processes; default {@link DEFAULT_PER_ADDRESS}. */
  readonly maxRoomsPerAddress?: number;
  /** Envelope bytes kept across all rooms' logs; default 256 MiB. */
  readonly maxTotalLogBytes?: number;
  readonly roomTtlMs: number;
  readonly now: () => number;
  /** Key and channel prefix (several deployments may share one Redis); default 'fc:'. */
  readonly prefix?: string;
  /** This process's id; default random. */
  readonly nodeId?: string;
  /** How often this process renews its liveness key (ms); default 2000. */
  readonly heartbeatMs?: number;
  /** A process whose liveness key is this old is dead: its members are removed (ms); default 6000. */
  readonly nodeTtlMs?: number;
}

/** Messages on a room's pub/sub channel (JSON). `skip` is the owner that must not get it. */
type RoomEvent =
  | { k: 'presence'; peers: string[]; v: number }
  | { k: 'signal'; from: string; to: string; data: unknown }
  | { k: 'env'; from: string; to?: string; data: string; skip: string }
  | { k: 'kick'; owner: string };

interface Local {
  readonly member: RoomMember;
  readonly owner: string;
  /** Frames (with their presence version) that arrived before `joined`; flushed right after it. */
  buffer: { frame: ServerFrame; v?: number }[] | undefined;
  /**
   * Version of the last member list this member saw. Presence events from different processes
   * can arrive in another order than the changes they describe; older lists are dropped.
   */
  presenceVersion: number;
}

// Atomic room operations. Owners are "nodeId:conn"; rooms ZSET scores are the time a room became
// empty, or +inf while occupied, so expiry is one ZRANGEBYSCORE.
// Creating a room checks the server's room count, the connection's own allowance (ARGV[6]) and
// the rooms held by the creator's address (ARGV[7], '' = not counted) in the byAddress hash.
// The room's meta hash keeps its first peer, whether any other peer ever joined, and its address.
const JOIN = `
local rooms, peers, nodeMembers, version, byAddress, meta = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local room, peer, owner, address = ARGV[1], ARGV[2], ARGV[3], ARGV[7]
local created = not redis.call('ZSCORE', rooms, room)
if created then
  if redis.call('ZCARD', rooms) >= tonumber(ARGV[5]) then return {'server'} end
  if ARGV[6] ~= '1' then return {'connection'} end
  if address ~= '' and tonumber(redis.call('HGET', byAddress, address) or '0') >= tonumber(ARGV[8]) then return {'address'} end
end
local prev = redis.call('HGET', peers, peer)
if not prev and redis.call('HLEN', peers) >= tonumber(ARGV[4]) then return {'room_full'} end
if created then
  redis.call('DEL', meta)
  redis.call('HSET', meta, 'first', peer, 'address', address)
  if address ~= '' then redis.call('HINCRBY', byAddress, address, 1) end
elseif redis.call('HGET', meta, 'first') ~= peer then
  redis.call('HSET', meta, 'shared', '1')
end
redis.call('HSET', peers, peer, owner)
redis.call('ZADD', rooms, 'inf', room)
redis.call('SADD', nodeMembers, room .. '\\n' .. peer)
local out = {'ok', prev or '', tostring(redis.call('INCR', version)), created and '1' or '0'}
for _, p in ipairs(redis.call('HKEYS', peers)) do table.insert(out, p) end
return out
`;

// Drops a room's keys and gives its slot back to its address (shared by LEAVE and EXPIRE).
const DROP_ROOM = `
local function dropRoom(prefix, rooms, total, byAddress, room)
  local base = prefix .. 'r:' .. room
  local b = tonumber(redis.call('GET', base .. ':logbytes') or '0')
  if b > 0 then redis.call('DECRBY', total, b) end
  local address = redis.call('HGET', base .. ':meta', 'address')
  if address and address ~= '' and redis.call('HINCRBY', byAddress, address, -1) <= 0 then redis.call('HDEL', byAddress, address) end
  redis.call('DEL', base .. ':peers', base .. ':log', base .. ':logkeys', base .. ':logbytes', base .. ':v', base .. ':senders', base .. ':meta')
  redis.call('ZREM', rooms, room)
end
`;

// Removes peer if it is still held by an owner with the given prefix ("node:conn" exactly, or
// "node:" for every connection of a dead node). Returns the remaining peers, or false.
// An empty room goes at once when its log is empty or only one peer ever joined it (nobody
// else can be waiting for its log); otherwise it starts expiring.
const LEAVE =
  DROP_ROOM +
  `
local rooms, peers, version = KEYS[1], KEYS[2], KEYS[3]
local room, peer, ownerPrefix, now, prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local cur = redis.call('HGET', peers, peer)
if not cur or string.sub(cur, 1, string.len(ownerPrefix)) ~= ownerPrefix then return false end
redis.call('HDEL', peers, peer)
local left = redis.call('HKEYS', peers)
local v = tostring(redis.call('INCR', version))
if #left == 0 and (redis.call('LLEN', KEYS[4]) == 0 or redis.call('HGET', KEYS[7], 'shared') ~= '1') then
  dropRoom(prefix, rooms, KEYS[5], KEYS[6], room)
elseif #left == 0 then
  redis.call('ZADD', rooms, now, room)
end
table.insert(left, 1, v)
table.insert(left, 1, 'ok')
return left
`;

const APPEND = `
local log, keys, bytes, total, senders = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local key, entry, n, from = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[7]
if redis.call('SISMEMBER', keys, key) == 1 then return 'duplicate' end
if redis.call('LLEN', log) >= tonumber(ARGV[4]) then return 'full' end
if tonumber(redis.call('GET', bytes) or '0') + n > tonumber(ARGV[5]) then return 'full' end
if tonumber(redis.call('GET', total) or '0') + n > tonumber(ARGV[6]) then return 'full' end
if tonumber(redis.call('HGET', senders, 'e:' .. from) or '0') >= tonumber(ARGV[8]) then return 'sender_full' end
if tonumber(redis.call('HGET', senders, 'b:' .. from) or '0') + n > tonumber(ARGV[9]) then return 'sender_full' end
redis.call('RPUSH', log, entry)
redis.call('SADD', keys, key)
redis.call('INCRBY', bytes, n)
redis.call('INCRBY', total, n)
redis.call('HINCRBY', senders, 'e:' .. from, 1)
redis.call('HINCRBY', senders, 'b:' .. from, n)
return 'logged'
`;

const EXPIRE =
  DROP_ROOM +
  `
local rooms, total, byAddress, prefix = KEYS[1], KEYS[2], KEYS[3], ARGV[2]
local out = {}
for _, room in ipairs(redis.call('ZRANGEBYSCORE', rooms, '-inf', ARGV[1])) do
  if redis.call('HLEN', prefix .. 'r:' .. room .. ':peers') == 0 then
    dropRoom(prefix, rooms, total, byAddress, room)
    table.insert(out, room)
  end
end
return out
`;

/**
 * Rooms shared by several server processes through Redis: presence, logs and limits live in
 * Redis (updated by Lua scripts, so limits hold across processes), and every room event is
 * published on the room's channel; each process delivers it to its own sockets.
 */
export async function createRedisRegistry(opts: RedisRegistryOptions): Promise<RoomRegistry> {
  const prefix = opts.prefix ?? 'fc:';
  const nodeId = opts.nodeId ?? randomBytes(6).toString('hex');
  const heartbeatMs = opts.heartbeatMs ?? 2000;
  const nodeTtlMs = opts.nodeTtlMs ?? 6000;
  const maxTotalLogBytes = opts.maxTotalLogBytes ?? 256 * 1024 * 1024;
  const maxRoomsPerAddress = opts.maxRoomsPerAddress ?? DEFAULT_PER_ADDRESS.maxRoomsPerIp;
  const K = {
    rooms: `${prefix}rooms`,
    total: `${prefix}logbytes`,
    byAddress: `${prefix}addressrooms`,
    nodes: `${prefix}nodes`,
    node: (id: string) => `${prefix}node:${id}`,
    nodeMembers: (id: string) => `${prefix}node:${id}:members`,
    peers: (room: string) => `${prefix}r:${room}:peers`,
    log: (room: string) => `${prefix}r:${room}:log`,
    logKeys: (room: string) => `${prefix}r:${room}:logkeys`,
    logBytes: (room: string) => `${prefix}r:${room}:logbytes`,
    version: (room: string) => `${prefix}r:${room}:v`,
    senders: (room: string) => `${prefix}r:${room}:senders`,
    meta: (room: string) => `${prefix}r:${room}:meta`,
    channel: (room: string) => `${prefix}ch:${room}`,
  };

  const pub = createClient({ url: opts.url });
  const sub = pub.duplicate();
  // Errors are logged by the server through failed calls; a listener keeps them from crashing.
  pub.on('error', () => {});
  sub.on('error', () => {});
  await Promise.all([pub.connect(), sub.connect()]);

  const local = new Map<string, Map<string, Local>>();
  const subscribed = new Map<string, Promise<void>>();
  let closed = false;

  async function beat(): Promise<void> {
    await pub.set(K.node(nodeId), String(opts.now()), { PX: nodeTtlMs });
  }
  await pub.sAdd(K.nodes, nodeId);
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => {}), heartbeatMs);
  heartbeat.unref();

  function deliver(l: Local, f: ServerFrame): void {
    if (l.buffer !== undefined) l.buffer.push({ frame: f });
    else l.member.deliver(f);
  }

  function deliverPresence(l: Local, frame: ServerFrame, v: number): void {
    if (l.buffer !== undefined) l.buffer.push({ frame, v });
    else if (v > l.presenceVersion) {
      l.presenceVersion = v;
      l.member.deliver(frame);
    }
  }

  function onEvent(room: string, raw: string): void {
    const members = local.get(room);
    if (members === undefined) return;
    let e: RoomEvent;
    try {
      e = JSON.parse(raw) as RoomEvent;
    } catch {
      return;
    }
    switch (e.k) {
      case 'presence': {
        const frame: ServerFrame = { t: 'presence', room, peers: e.peers };
        for (const l of members.values()) deliverPresence(l, frame, e.v);
        return;
      }
      case 'signal':
        for (const l of members.values()) {
          if (l.member.peer === e.to) deliver(l, { t: 'signal', room, from: e.from, data: e.data });
        }
        return;
      case 'env': {
        const frame: ServerFrame =
          e.to === undefined
            ? { t: 'env', room, from: e.from, data: e.data }
            : { t: 'env', room, from: e.from, data: e.data, to: e.to };
        for (const l of members.values()) {
          if (l.owner !== e.skip && (e.to === undefined || l.member.peer === e.to)) deliver(l, frame);
        }
        return;
      }
      case 'kick': {
        const l = members.get(e.owner);
        if (l === undefined) return;
        members.delete(e.owner);
        l.member.kick();
        return;
      }
    }
  }

  async function subscribe(room: string): Promise<void> {
    let p = subscribed.get(room);
    if (p === undefined) {
      p = sub.subscribe(K.channel(room), (msg) => onEvent(room, msg));
      subscribed.set(room, p);
    }
    await p;
  }

  async function unsubscribeIfIdle(room: string): Promise<void> {
    const members = local.get(room);
    if (members !== undefined && members.size > 0) return;
    local.delete(room);
    if (subscribed.delete(room)) await sub.unsubscribe(K.channel(room));
  }

  async function publish(room: string, e: RoomEvent): Promise<void> {
    await pub.publish(K.channel(room), JSON.stringify(e));
  }

  const ownerOf = (m: RoomMember) => `${nodeId}:${m.conn}`;
  const localOf = (room: string, m: RoomMember) => local.get(room)?.get(ownerOf(m));

  async function leaveBy(room: string, peer: string, ownerPrefix: string): Promise<boolean> {
    const r = (await pub.eval(LEAVE, {
      keys: [K.rooms, K.peers(room), K.version(room), K.log(room), K.total, K.byAddress, K.meta(room)],
      arguments: [room, peer, ownerPrefix, String(opts.now()), prefix],
    })) as string[] | null;
    if (!Array.isArray(r)) return false;
    await publish(room, { k: 'presence', peers: r.slice(2).sort(), v: Number(r[1]) });
    return true;
  }

  /** Removes the members of processes whose liveness key has expired. */
  async function reapDeadNodes(): Promise<void> {
    for (const id of await pub.sMembers(K.nodes)) {
      if (id === nodeId || (await pub.exists(K.node(id))) === 1) continue;
      for (const entry of await pub.sMembers(K.nodeMembers(id))) {
        const [room, peer] = entry.split('\n');
        if (room !== undefined && peer !== undefined) await leaveBy(room, peer, `${id}:`);
      }
      await pub.del(K.nodeMembers(id));
      await pub.sRem(K.nodes, id);
    }
  }

  return {
    async join(room, member): Promise<JoinResult> {
      const owner = ownerOf(member);
      // Registered locally before subscribing, so a concurrent last leave does not unsubscribe.
      let members = local.get(room);
      if (members === undefined) local.set(room, (members = new Map()));
      const l: Local = { member, owner, buffer: [], presenceVersion: 0 };
      members.set(owner, l);
      await subscribe(room);
      const r = (await pub.eval(JOIN, {
        keys: [K.rooms, K.peers(room), K.nodeMembers(nodeId), K.version(room), K.byAddress, K.meta(room)],
        arguments: [
          room,
          member.peer,
          owner,
          String(opts.maxPeersPerRoom),
          String(opts.maxRooms),
          member.mayCreateRoom ? '1' : '0',
          member.address ?? '',
          String(maxRoomsPerAddress),
        ],
      })) as string[];
      if (r[0] !== 'ok') {
        members.delete(owner);
        await unsubscribeIfIdle(room);
        if (r[0] === 'room_full')
          return { ok: false, code: 'room_full', message: `room has ${opts.maxPeersPerRoom} peers` };
        const why = r[0] === 'connection' ? 'connection' : r[0] === 'address' ? 'address' : 'server';
        return {
          ok: false,
          code: 'too_many_rooms',
          message: CREATION_REFUSED[why]({ maxRooms: opts.maxRooms, maxRoomsPerAddress }),
        };
      }
      const prev = r[1] ?? '';
      const version = Number(r[2]);
      const created = r[3] === '1';
      const peers = r.slice(4).sort();
      const replaced = prev !== '' && prev !== owner;
      if (replaced) {
        const old = members.get(prev);
        if (old !== undefined) {
          members.delete(prev);
          old.member.kick();
        } else {
          await publish(room, { k: 'kick', owner: prev });
        }
      }
      const entries = await pub.lRange(K.log(room), 0, -1);
      const replay: ServerFrame[] = [];
      for (const raw of entries) {
        const e = JSON.parse(raw) as { f: string; t?: string; d: string };
        if (e.f === member.peer || (e.t !== undefined && e.t !== member.peer)) continue;
        replay.push(
          e.t === undefined
            ? { t: 'env', room, from: e.f, data: e.d, replay: true }
            : { t: 'env', room, from: e.f, data: e.d, to: e.t, replay: true },
        );
      }
      member.deliver({ t: 'joined', room, peer: member.peer, peers, replay: replay.length });
      // Paced by the member as its socket drains (the log was read whole: at most maxLogBytes).
      let next = 0;
      const source: ReplaySource = { next: () => replay[next++] };
      member.replay(source);
      const buffered = l.buffer ?? [];
      l.buffer = undefined;
      l.presenceVersion = version;
      for (const b of buffered) {
        if (b.v === undefined) member.deliver(b.frame);
        else deliverPresence(l, b.frame, b.v);
      }
      await publish(room, { k: 'presence', peers, v: version });
      return { ok: true, peers, replayed: replay.length, replaced, created };
    },

    async leave(room, member) {
      const owner = ownerOf(member);
      const members = local.get(room);
      if (members?.get(owner)?.member !== member) return;
      await leaveBy(room, member.peer, owner);
      // Counted as gone only once Redis says so (stats, expiry tests).
      if (members.get(owner)?.member === member) members.delete(owner);
      await unsubscribeIfIdle(room);
    },

    async signal(room, from, to, data) {
      if (localOf(room, from) === undefined) return false;
      if ((await pub.hExists(K.peers(room), to)) !== 1) return false;
      await publish(room, { k: 'signal', from: from.peer, to, data });
      return true;
    },

    async relay(room, from, data, to): Promise<LogOutcome> {
      // A member kicked meanwhile: its frame is dropped quietly.
      if (localOf(room, from) === undefined) return 'duplicate';
      const owner = ownerOf(from);
      await publish(
        room,
        to === undefined
          ? { k: 'env', from: from.peer, data, skip: owner }
          : { k: 'env', from: from.peer, to, data, skip: owner },
      );
      const key = createHash('sha256')
        .update(to ?? '*')
        .update('\0')
        .update(data)
        .digest('hex');
      const bytes = base64DecodedLength(data);
      const entry = JSON.stringify(to === undefined ? { f: from.peer, d: data } : { f: from.peer, t: to, d: data });
      return (await pub.eval(APPEND, {
        keys: [K.log(room), K.logKeys(room), K.logBytes(room), K.total, K.senders(room)],
        arguments: [
          key,
          entry,
          String(bytes),
          String(opts.maxLogEntries),
          String(opts.maxLogBytes),
          String(maxTotalLogBytes),
          from.peer,
          String(opts.maxLogEntriesPerPeer),
          String(opts.maxLogBytesPerPeer),
        ],
      })) as LogOutcome;
    },

    async sweep() {
      await reapDeadNodes();
      const cutoff = opts.now() - opts.roomTtlMs;
      return (await pub.eval(EXPIRE, {
        keys: [K.rooms, K.total, K.byAddress],
        arguments: [String(cutoff), prefix],
      })) as string[];
    },

    stats() {
      let peers = 0;
      for (const m of local.values()) peers += m.size;
      // Only this process's share: the shared totals live in Redis (see `sweep`).
      return { rooms: local.size, peers, logEntries: 0 };
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      for (const [room, members] of local) {
        for (const l of members.values()) await leaveBy(room, l.member.peer, l.owner).catch(() => false);
      }
      local.clear();
      await pub.del([K.node(nodeId), K.nodeMembers(nodeId)]).catch(() => 0);
      await pub.sRem(K.nodes, nodeId).catch(() => 0);
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
