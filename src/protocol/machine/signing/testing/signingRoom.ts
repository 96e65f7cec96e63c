/**
 * TEST ONLY. Runs a signing room among in-memory participants through the real step(): hellos,
 * the coordinator's signed roster with the key and the request, code reveal and confirmation,
 * each custodian's own approval click, the FROST attempts. Delivery is shuffled and duplicated;
 * `intercept` lets an attack test drop, replace or add packets. States may round-trip through
 * serialize/deserialize before every step (as a reload does).
 */
import { seededRng } from '../../../simulation.js';
import { createProtocolCache, type ProtocolCache } from '../../../cache.js';
import { generateIdentity, type IdentityCrypto, type IdentityKeyPair, type Rng } from '../../../identity.js';
import { toHex } from '../../../encoding.js';
import { keyPackageToJson, publicKeyPackageToJson } from '../../../frostJson/index.js';
import type { KeyPackage, PublicKeyPackage } from '../../../dkg/types.js';
import { requestToJson, type SigningRequest } from '../../../signing/index.js';
import type { SigningRoomParams } from '../../../signing/roomParams.js';
import { createParticipant, step } from '../../step.js';
import { deserialize, serialize } from '../../serialize.js';
import type { Effect, Event, FaultSpec, ParticipantState } from '../../types.js';

export interface RoomMember {
  index: number;
  name: string;
  identity: IdentityKeyPair;
  rng: Rng;
  state: ParticipantState;
  cache: ProtocolCache;
  effects: Effect[];
  /** The effects of each step, in order (to check what was saved before what was sent). */
  steps: Effect[][];
}

export interface RoomOptions {
  pkp: PublicKeyPackage;
  /** Key package of each member (index 0 is the coordinator). */
  keyPackages: KeyPackage[];
  request: SigningRequest;
  /** Each member's decision (default: approve; null: never answers). */
  approves?: (boolean | null)[];
  faults?: Record<number, FaultSpec>;
  seed?: string;
  shuffle?: boolean;
  duplicates?: boolean;
  roundTripStates?: boolean;
  /** Extra signing params (reputation, certificate hash). */
  extra?: Partial<SigningRoomParams>;
  crypto?: IdentityCrypto;
  /** Return the packets to deliver instead of this one (default: [bytes]). */
  intercept?: (from: number, to: number, bytes: Uint8Array) => Uint8Array[];
  /** Stop delivering once this returns true (checked before every delivery; once: a later run() goes on). */
  stopWhen?: (members: RoomMember[]) => boolean;
}

export function signingParamsFor(pkp: PublicKeyPackage, request: SigningRequest): SigningRoomParams {
  return { publicKeyPackage: publicKeyPackageToJson(pkp), request: requestToJson(request) };
}

export interface Room {
  members: RoomMember[];
  queue: { from: number; to: number; bytes: Uint8Array }[];
  /** One event for a member, its broadcasts queued, then the scripted clicks. */
  apply(p: RoomMember, event: Event): Promise<void>;
  /** Deliver until quiet (or stopWhen); locks the roster when the lobby is full. */
  run(): Promise<void>;
  delivered(): number;
}

export async function runSigningRoom(opts: RoomOptions): Promise<{ members: RoomMember[]; delivered: number }> {
  const room = createSigningRoom(opts);
  await room.start();
  await room.run();
  return { members: room.members, delivered: room.delivered() };
}

export function createSigningRoom(opts: RoomOptions): Room & { start(): Promise<void> } {
  const seed = opts.seed ?? 'signing-room';
  const n = opts.keyPackages.length;
  const net = seededRng(`${seed}/network`);
  const rand = (k: number) => {
    const b = net(4);
    return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % k;
  };
  const rngs = Array.from({ length: n }, (_, i) => seededRng(`${seed}/p/${i}`));
  const ids = rngs.map((r) => generateIdentity(r));
  const room = { id: `room-${seed}`, secret: seededRng(`${seed}/secret`)(32), coordinator: ids[0]!.publicKey };
  const members: RoomMember[] = ids.map((identity, index) => ({
    index,
    name: `P${index + 1}`,
    identity,
    rng: rngs[index]!,
    cache: createProtocolCache(),
    effects: [],
    steps: [],
    state: createParticipant({
      identity,
      name: `P${index + 1}`,
      room,
      isCoordinator: index === 0,
      rng: rngs[index]!,
      simulated: true,
      keyPackage: keyPackageToJson(opts.keyPackages[index]!),
      ...(opts.faults?.[index] ? { fault: opts.faults[index] } : {}),
    }),
  }));
  const queue: { from: number; to: number; bytes: Uint8Array }[] = [];
  let delivered = 0;
  const apply = async (p: RoomMember, event: Event): Promise<void> => {
    const before = opts.roundTripStates ? deserialize(serialize(p.state)) : p.state;
    const r = await step(before, event, p.rng, { cache: p.cache, ...(opts.crypto ? { crypto: opts.crypto } : {}) });
    p.state = r.state;
    p.effects.push(...r.effects);
    p.steps.push(r.effects);
    for (const e of r.effects)
      if (e.type === 'broadcast')
        for (const q of members) if (q !== p) queue.push({ from: p.index, to: q.index, bytes: e.bytes });
    await clicks(p);
  };
  // The scripted custodians: the codes match when read aloud; each answers the request it was shown.
  const clicks = async (p: RoomMember): Promise<void> => {
    const s = p.state.session;
    if (!s || s.outcome) return;
    if (s.code !== null && !s.codeConfirmed) return apply(p, { type: 'confirmCode' });
    const sr = s.signing;
    const approve = opts.approves?.[p.index];
    if (
      approve !== null &&
      sr &&
      sr.decision === 'pending' &&
      Object.keys(s.starts).length === s.roster.length &&
      s.codeConfirmed
    )
      await apply(p, { type: 'approveSigning', requestHash: sr.requestHash, approve: approve ?? true });
  };
  const coord = members[0]!;
  let stopArmed = true;
  const run = async (): Promise<void> => {
    for (let guard = 0; guard < 200_000; guard++) {
      // One stop: a later run() goes on from there.
      if (stopArmed && opts.stopWhen?.(members)) {
        stopArmed = false;
        break;
      }
      if (queue.length === 0) {
        const st = coord.state;
        if (!st.session && Object.keys(st.candidates).length === n) {
          await apply(coord, {
            type: 'lock',
            params: {
              suite: opts.pkp.suite,
              minSigners: opts.pkp.minSigners,
              label: 'signing room',
              signing: { ...signingParamsFor(opts.pkp, opts.request), ...opts.extra },
            },
            roster: members
              .filter((m) => st.candidates[toHex(m.identity.publicKey)])
              .map((m) => toHex(m.identity.publicKey)),
          });
          continue;
        }
        break;
      }
      const i = opts.shuffle === false ? 0 : rand(queue.length);
      const [pkt] = queue.splice(i, 1);
      if (opts.duplicates !== false && rand(8) === 0) queue.push(pkt!);
      const out = opts.intercept ? opts.intercept(pkt!.from, pkt!.to, pkt!.bytes) : [pkt!.bytes];
      for (const bytes of out) {
        delivered++;
        await apply(members[pkt!.to]!, { type: 'receive', bytes });
      }
    }
  };
  return {
    members,
    queue,
    apply,
    run,
    delivered: () => delivered,
    start: async () => {
      for (const p of members) await apply(p, { type: 'announce' });
    },
  };
}
