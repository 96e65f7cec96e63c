/**
 * Test builder of success certificates v2 (the contract in README "What each custodian keeps"),
 * made with the shipping code only: real identity keys and signed envelopes (sealEnvelope), the
 * real session id and roster, master secrets and their derived static keys (staticKeys.ts), and
 * the pure COCKTAIL-DKG rounds 1–3 for all n participants. It stands in for the ceremony's own
 * output until the state machine writes v2 certificates; a test can then take the ceremony's
 * file instead. Deterministic for a given seed.
 */
import { seededRng } from '../../simulation.js';
import {
  createNobleIdentityCrypto,
  generateEphemeral,
  generateIdentity,
  type IdentityKeyPair,
} from '../../identity.js';
import { sealEnvelope, envelopeText, readTrusted, type MessageType } from '../../envelope.js';
import { computeSessionId, type RosterEntry, type SessionParams } from '../../session.js';
import { codeNonceCommitment } from '../../verificationCode.js';
import { generateMasterSecret, staticKeyPair } from '../../staticKeys.js';
import { toHex, utf8 } from '../../encoding.js';
import { keyPackageToJson, publicKeyPackageToJson } from '../../frostJson/index.js';
import { getCocktailSuite } from '../../cocktail/suites.js';
import { buildContext } from '../../cocktail/context.js';
import { cocktailRound1 } from '../../cocktail/round1.js';
import { cocktailRound2 } from '../../cocktail/decrypt.js';
import { aggregateSignatures, cocktailRound3 } from '../../cocktail/certeq.js';
import { applicationExtension } from '../../cocktail/extension.js';
import { encodeMsg1, type Msg1 } from '../../cocktail/messages.js';
import { encodeBundle } from '../../cocktail/recovery.js';
import type { SuiteName } from '../../suites.js';

const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy'];

/** The parts of a built certificate (so tests can tamper with one and re-assemble). */
export interface CertificateParts {
  format: string;
  roster: string;
  reveals: string[];
  starts: string[];
  round1: string[];
  echoes: string[];
  confirmations: string[];
  cocktail: { suite: SuiteName; transcript: string; signatures: string };
  publicKeyPackage: Record<string, unknown>;
}

export interface BuiltCertificate {
  /** The certificate text, as the ceremony writes it (JSON, one-space indent). */
  text: string;
  parts: CertificateParts;
  /** SECRET: each participant's master secret, by index (participant j is masters[j−1]). */
  masters: Uint8Array[];
  /** SECRET: each participant's frost-rs KeyPackage JSON from the DKG itself (round 3). */
  keyPackageJsons: string[];
  publicKeyPackageJson: string;
  /** C^rec_j for each participant. */
  bundles: Uint8Array[];
  /** The msg1 of each participant. */
  msgs: Msg1[];
  names: string[];
  label: string;
  /** Signs a message of this session as participant j (1-based), payload as given. */
  signAs(j: number, type: MessageType, payload: unknown): string;
  /** The certificate text of (possibly altered) parts. */
  assemble(parts: CertificateParts): string;
}

export interface BuildOptions {
  suite: SuiteName;
  t: number;
  n: number;
  seed?: string;
  label?: string;
  /** Use these master secrets (by index) instead of fresh ones. */
  masters?: readonly Uint8Array[];
}

/** Builds a v2 certificate of a successful t-of-n COCKTAIL ceremony. */
export function buildCertificateV2(o: BuildOptions): BuiltCertificate {
  const crypto = createNobleIdentityCrypto();
  const rng = seededRng(o.seed ?? `recovery/${o.suite}/${o.t}-of-${o.n}`);
  const room = toHex(rng(16));
  const generation = 0;
  const label = o.label ?? 'Recovery test key';
  const names = Array.from({ length: o.n }, (_, k) => NAMES[k] ?? `Custodian ${k + 1}`);
  const identities: IdentityKeyPair[] = names.map(() => generateIdentity(rng, crypto));
  const masters = names.map((_, k) => o.masters?.[k] ?? generateMasterSecret(rng));
  const statics = masters.map((m) => staticKeyPair(o.suite, m));
  const nonces = names.map(() => rng(32));
  const roster: RosterEntry[] = names.map((name, k) => ({
    identity: toHex((identities[k] as IdentityKeyPair).publicKey),
    ephemeral: toHex(generateEphemeral(rng).publicKey),
    commit: toHex(codeNonceCommitment(nonces[k] as Uint8Array)),
    name,
    static: toHex(statics[k]!.publicKey),
  }));
  const params: SessionParams = { suite: o.suite, minSigners: o.t, maxSigners: o.n, label };
  const sessionId = computeSessionId(room, generation, params, roster);
  const session = toHex(sessionId);
  const seal = (by: IdentityKeyPair, type: MessageType, payload: unknown) =>
    envelopeText(sealEnvelope(crypto, by, { type, room, session, generation, payload }));
  const signAs = (j: number, type: MessageType, payload: unknown) =>
    seal(identities[j - 1] as IdentityKeyPair, type, payload);

  // COCKTAIL-DKG rounds 1–3 for everyone (context: the recommended construction, our session id).
  const suite = getCocktailSuite(o.suite);
  const P = statics.map((s) => s.publicKey);
  const cs = { suite, t: o.t, staticPublicKeys: P, context: buildContext(suite, sessionId, P) };
  const r1 = statics.map((s, k) => cocktailRound1({ session: cs, index: k + 1, staticSecret: s.secret, rng }));
  const msgs = r1.map((r) => r.msg1);
  const extension = applicationExtension([
    ['label', utf8(label)],
    ['room', utf8(room)],
    ['session', sessionId],
  ]);
  const r2 = statics.map((s, k) =>
    cocktailRound2({
      session: cs,
      index: k + 1,
      staticSecret: s.secret,
      msgs,
      extension,
      ownMsg1: r1[k]!.bytes,
    }),
  );
  const sigs = r2.map((r) => r.signature);
  const r3 = r2.map((r, k) => cocktailRound3(cs, k + 1, r, sigs));

  const round1 = msgs.map((m, k) => signAs(k + 1, 'round1', { msg1: toHex(encodeMsg1(m)) }));
  // The echo lists the round-1 envelopes' content hashes (envelope.ts), as the machine's does.
  const round1Hashes = round1.map((t) => readTrusted(t).hash);
  const parts: CertificateParts = {
    format: 'frost-ceremony/certificate/v2',
    roster: seal(identities[0] as IdentityKeyPair, 'roster', { params, roster }),
    reveals: nonces.map((nonce, k) => signAs(k + 1, 'reveal', { nonce: toHex(nonce) })),
    starts: names.map((_, k) => signAs(k + 1, 'start', {})),
    round1,
    echoes: names.map((_, k) => signAs(k + 1, 'echo', { round1: round1Hashes })),
    confirmations: sigs.map((s, k) => signAs(k + 1, 'confirmation', { certeq: toHex(s) })),
    cocktail: {
      suite: o.suite,
      transcript: toHex(r2[0]!.transcript),
      signatures: toHex(aggregateSignatures(sigs)),
    },
    publicKeyPackage: JSON.parse(publicKeyPackageToJson(r3[0]!.publicKeyPackage)) as Record<string, unknown>,
  };
  const assemble = (p: CertificateParts) => JSON.stringify(p, null, 1);
  return {
    text: assemble(parts),
    parts,
    masters,
    keyPackageJsons: r3.map((r) => keyPackageToJson(r.keyPackage)),
    publicKeyPackageJson: publicKeyPackageToJson(r3[0]!.publicKeyPackage),
    bundles: names.map((_, k) => encodeBundle(msgs.map((m) => m.ciphertexts[k] as Uint8Array))),
    msgs,
    names,
    label,
    signAs,
    assemble,
  };
}
