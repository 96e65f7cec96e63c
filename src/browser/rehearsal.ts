/**
 * Rehearsal mode: one person runs a whole ceremony in one tab. Person 1 is the user (the
 * coordinator, driven by the real screens); persons 2..n are simulated in this tab with the
 * same protocol machine and shell as a real ceremony, over an in-memory network. They
 * announce themselves, confirm the code as soon as they see it, and commit the faults the
 * user picked: a bad share, a bad proof, equivocation, vanishing after the code check, or (in
 * test builds only) announcing a different key at the end.
 * Nothing leaves the tab and nothing is stored.
 */
import {
  createCeremony,
  type Ceremony,
  formatInvite,
  newRoom,
  createMemoryNetwork,
  outputsOf,
  createMemoryStateStore,
} from '../ceremony/index';
import {
  fromUtf8,
  sha256,
  utf8,
  toHex,
  sealEnvelope,
  createNobleIdentityCrypto,
  generateIdentity,
  type IdentityKeyPair,
  type Rng,
  createParticipant,
  type FaultKind as MachineFault,
  phaseOf,
  testSign,
  testSignMessage,
} from '../protocol/index';
import { applySnapshot, type UiStore, type RehearsalSettings } from '../store/index';
import type { Transport } from '../transport/index';
import { attachCeremony } from './attach';

const NAMES = [
  'You',
  'Bob',
  'Carol',
  'Dave',
  'Erin',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Mallory',
  'Niaj',
  'Olivia',
  'Peggy',
  'Rupert',
  'Sybil',
];

/** Faults the protocol machine commits itself; 'vanish' and 'wrong-key' happen on the wire. */
const MACHINE_FAULT: Record<
  Exclude<RehearsalSettings['faults'][number]['kind'], 'vanish' | 'wrong-key'>,
  MachineFault
> = {
  'bad-share': 'bad-share',
  'bad-proof': 'bad-proof',
  equivocation: 'equivocate',
};

export interface Rehearsal {
  /** The user's own ceremony (person 1). */
  me: Ceremony;
  peers: Ceremony[];
  /**
   * FROST-signs a message with the first t participants' key packages (all are in this tab).
   * Waits (up to `waitMs`) for t simulated people to reach success: the user's own screen can show
   * success a moment before they do.
   */
  testSign(text: string, waitMs?: number): Promise<{ signers: string[]; signatureHex: string }>;
  stop(): void;
}

export async function startRehearsal(
  store: UiStore,
  settings: RehearsalSettings,
  rng: Rng,
  origin = 'https://rehearsal.invalid',
): Promise<Rehearsal> {
  if (settings.n < 2 || settings.n > NAMES.length) throw new Error(`A rehearsal has 2 to ${NAMES.length} people.`);
  if (settings.t < 1 || settings.t > settings.n)
    throw new Error('The number of signers needed must be between 1 and the number of people.');
  const net = createMemoryNetwork();
  const identities = Array.from({ length: settings.n }, () => generateIdentity(rng));
  const { roomId, roomSecret } = newRoom(rng);
  const room = { id: roomId, secret: roomSecret, coordinator: identities[0]!.publicKey };
  const faultOf = (who: number) =>
    settings.faults.find((f) => f.who === who + 1 && f.kind !== 'vanish' && f.kind !== 'wrong-key');
  const vanishers = new Set(settings.faults.filter((f) => f.kind === 'vanish').map((f) => f.who - 1));
  // Like the other rehearsal faults this is part of the product (a demo shows the culprit being
  // named); it only ever touches the simulated people's in-tab transport.
  const wrongKey = new Set(settings.faults.filter((f) => f.kind === 'wrong-key').map((f) => f.who - 1));
  if (wrongKey.has(0)) throw new Error('Only a simulated person (2 or higher) can misbehave.');

  const ceremonies = identities.map((identity, i) => {
    const f = faultOf(i);
    return createCeremony({
      state: createParticipant({
        identity,
        name: NAMES[i]!,
        room,
        isCoordinator: i === 0,
        rng,
        simulated: true,
        fault: f && f.kind !== 'vanish' && f.kind !== 'wrong-key' ? MACHINE_FAULT[f.kind] : undefined,
      }),
      transport: wrongKey.has(i)
        ? announcingAnotherKey(net.transport(toHex(identity.publicKey)), identity)
        : net.transport(toHex(identity.publicKey)),
      stateStore: createMemoryStateStore(),
      rng,
    });
  });
  const [me, ...peers] = ceremonies as [Ceremony, ...Ceremony[]];

  // Simulated people: confirm the code once they see it; vanishers disappear right after.
  peers.forEach((c, k) => {
    const i = k + 1;
    let confirmedGeneration = -1;
    let gone = false;
    let acknowledged = false;
    c.subscribe((snap) => {
      const v = snap.view;
      if (v.phase === 'verify' && !v.codeConfirmed && confirmedGeneration !== v.generation) {
        confirmedGeneration = v.generation;
        void c.dispatch({ type: 'confirmCode' });
      }
      // "Safe to fund": a simulated person checks the address and has a (simulated) backup, so
      // the rehearsal shows the step complete once you have done your part.
      if (v.phase === 'success' && v.funding && !v.funding.mine && !acknowledged && !vanishers.has(i)) {
        acknowledged = true;
        void c.dispatch({
          type: 'acknowledgeFunding',
          checked: v.funding.primary,
          backupProof: toHex(sha256(utf8(`rehearsal: simulated backup of ${NAMES[i] ?? i}`))),
        });
      }
      // A vanisher disappears once round 1 has begun for them, i.e. in the middle. (Vanishing
      // right after dispatching the confirmation dropped it, still queued in the in-memory
      // network, so the user was left waiting at the code check instead.)
      if (
        vanishers.has(i) &&
        !gone &&
        v.generation === 0 &&
        v.phase !== 'lobby' &&
        v.phase !== 'reveal' &&
        v.phase !== 'verify'
      ) {
        gone = true;
        net.vanish(toHex(identities[i]!.publicKey));
      }
    });
  });

  const inviteUrl = formatInvite({ origin, roomId, roomSecret, coordinator: identities[0]!.publicKey });
  const detach = attachCeremony(store, me, {
    inviteUrl,
    draftParams: { suite: settings.suite, t: settings.t, n: settings.n, label: 'Rehearsal' },
    rejectedCode: () => false,
  });
  applySnapshot(store, { rehearsal: settings });
  for (const c of ceremonies) await c.start();

  return {
    me,
    peers,
    async testSign(text, waitMs = 10_000) {
      const readyNow = () => ceremonies.filter((c) => phaseOf(c.state()) === 'success');
      if (readyNow().length < settings.t) {
        await new Promise<void>((resolve) => {
          const unsubscribe: (() => void)[] = [];
          const done = () => {
            clearTimeout(timer);
            for (const u of unsubscribe) u();
            resolve();
          };
          const timer = setTimeout(done, waitMs);
          for (const c of ceremonies) unsubscribe.push(c.subscribe(() => readyNow().length >= settings.t && done()));
        });
      }
      const ready = readyNow();
      if (ready.length < settings.t)
        throw new Error(`Only ${ready.length} simulated people hold a key share; ${settings.t} are needed.`);
      const chosen = ready.slice(0, settings.t).map((c) => ({ name: c.state().name, out: outputsOf(c.state()) }));
      // The same domain-separated test message a live ceremony signs (testSignMessage.ts).
      const sid = me.state().session?.id;
      if (!sid) throw new Error('The rehearsal has no session yet.');
      let bytes: Uint8Array;
      try {
        bytes = testSignMessage(sid, text);
      } catch (e) {
        throw new Error(`Cannot sign that text: ${(e as Error).message}`, { cause: e });
      }
      const sig = testSign(
        chosen.map((c) => c.out.keyPackage),
        chosen[0]!.out.publicKeyPackage,
        bytes,
        rng,
      );
      return { signers: chosen.map((c) => c.name), signatureHex: toHex(sig) };
    },
    stop() {
      detach();
      for (const c of ceremonies) c.stop();
    },
  };
}

/**
 * A simulated person who announces a different key at the end: each confirmation it sends leaves
 * its transport re-signed (with its own identity key) with the last byte of its CertEq signature
 * changed, so it no longer signs the transcript everyone else signs.
 * The rewrite is deterministic, so every copy and every resend is the same signed message: the
 * others catch a confirmation for another key (blamed on its signer), not two versions of one.
 */
function announcingAnotherKey(t: Transport, identity: IdentityKeyPair): Transport {
  const crypto = createNobleIdentityCrypto();
  const rewrite = (bytes: Uint8Array): Uint8Array => {
    const env = JSON.parse(fromUtf8(bytes)) as {
      type: string;
      room: string;
      session: string;
      gen: number;
      payload: string;
    };
    if (env.type !== 'confirmation') return bytes;
    const p = JSON.parse(env.payload) as { certeq: string };
    const certeq = p.certeq.slice(0, -2) + (p.certeq.endsWith('00') ? '01' : '00');
    return sealEnvelope(crypto, identity, {
      type: 'confirmation',
      room: env.room,
      session: env.session,
      generation: env.gen,
      payload: { certeq },
    }).bytes;
  };
  return { ...t, broadcast: (bytes) => t.broadcast(rewrite(bytes)), send: (to, bytes) => t.send(to, rewrite(bytes)) };
}
