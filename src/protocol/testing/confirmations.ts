/**
 * Test fixture for the confirmation round: a 3-member session run to the point where P1 (the
 * coordinator) holds its own result and confirmation but nobody else's, plus every signed
 * confirmation of that session, so tests can feed true, false, duplicate and replayed ones.
 */
import { sealEnvelope, readTrusted } from '../envelope.js';
import { fromHex, fromUtf8, toHex } from '../encoding.js';
import { sign as schnorrSign } from '../cocktail/schnorr.js';
import { getCocktailSuite } from '../cocktail/suites.js';
import { staticKeyPair } from '../staticKeys.js';
import type { IdentityCrypto, IdentityKeyPair } from '../identity.js';
import { step } from '../machine/step.js';
import type { Effect, ParticipantState } from '../machine/types.js';
import { runSimulation, type SimParticipant } from '../simulation.js';

export interface ConfirmFixture {
  /** P1 right after it sent its confirmation (no other confirmation held yet). */
  p1: ParticipantState;
  participants: SimParticipant[];
  /** Wire bytes of each participant's confirmation, by index. */
  confirmations: Uint8Array[];
  /** A CertEq-style signature by participant `index`'s static key (from its master secret) over `message`, hex. */
  staticSign(index: number, message: Uint8Array): string;
  /** Signs a message of P1's session as participant `index`, with `payload` as is. */
  signAs(index: number, type: 'confirmation' | 'confirm-echo', payload: unknown): Uint8Array;
  /** Feeds bytes to P1 in order; returns its final state and all effects. */
  feed(state: ParticipantState, ...bytes: Uint8Array[]): Promise<{ state: ParticipantState; effects: Effect[] }>;
}

const typeOf = (bytes: Uint8Array): string => (JSON.parse(fromUtf8(bytes)) as { type: string }).type;

/**
 * P1 as it would be had the others' confirmations not arrived yet: in the step that produced its
 * result it may already have stored some (and, holding all n, sent its confirm-echo).
 */
function beforeOthersConfirmed(after: ParticipantState): ParticipantState {
  const st = structuredClone(after);
  const s = st.session!;
  const own = String(s.myId);
  s.confirmations = { [own]: s.confirmations[own]! };
  delete s.confirmEchoes;
  s.sent = s.sent.filter((t) => typeOf(new TextEncoder().encode(t)) !== 'confirm-echo');
  return st;
}

export async function confirmFixture(seed: string, crypto: IdentityCrypto): Promise<ConfirmFixture> {
  let p1: ParticipantState | null = null;
  const confirmations: Uint8Array[] = [];
  const r = await runSimulation({
    suite: 'ed25519',
    minSigners: 2,
    maxSigners: 3,
    seed,
    crypto,
    autoRestart: false,
    onStep: (i, _e, effects, _before, after) => {
      for (const e of effects)
        if (e.type === 'broadcast' && typeOf(e.bytes) === 'confirmation' && !confirmations[i])
          confirmations[i] = e.bytes;
      const s = after.session;
      if (i === 0 && !p1 && s?.result) p1 = beforeOthersConfirmed(after);
    },
  });
  if (!p1 || confirmations.length !== 3) throw new Error('fixture: the session did not reach the confirmations');
  const start = p1 as ParticipantState;
  const s = start.session!;
  const rng = r.participants[0]!.rng;
  return {
    p1: start,
    participants: r.participants,
    confirmations,
    staticSign: (index, message) =>
      toHex(
        schnorrSign(
          getCocktailSuite('ed25519'),
          staticKeyPair('ed25519', fromHex(r.participants[index]!.state.master)).secret,
          message,
        ),
      ),
    signAs: (index, type, payload) =>
      sealEnvelope(crypto, r.participants[index]!.identity as IdentityKeyPair, {
        type,
        room: start.room.id,
        session: s.id,
        generation: s.generation,
        payload,
      }).bytes,
    async feed(state, ...bytes) {
      const effects: Effect[] = [];
      for (const b of bytes) {
        const res = await step(state, { type: 'receive', bytes: b }, rng, { crypto });
        state = res.state;
        effects.push(...res.effects);
      }
      return { state, effects };
    },
  };
}

/** The payload of a confirmation's wire bytes: the CertEq signature on T. */
export function confirmationPayload(bytes: Uint8Array): { certeq: string } {
  return JSON.parse(readTrusted(fromUtf8(bytes)).payload) as { certeq: string };
}
