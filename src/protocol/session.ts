/**
 * Session parameters and the session id: a domain-separated hash of a canonical encoding of
 * (room id, generation, suite, t, n, label, ordered roster of identity key, ephemeral key,
 * code-nonce commitment, display name and COCKTAIL static public key of the session's suite). Every field of the signed roster is in it, so one
 * session id means one roster: the verification code (which hashes the session id) covers the
 * names custodians see, and two honest participants of one session cannot hold rosters that
 * differ (SECURITY.md, "One signed form per message").
 * FROST identifiers are 1..n in roster order.
 */
import { MAX_PARTICIPANTS } from '../wire/index.js';
import { isSuiteName, type SuiteName } from './suites.js';
import { fromHex, isHex, taggedHash, type Field } from './encoding.js';
import { ProtocolError } from './errors.js';
import { isUsableX25519PublicKey } from './identity.js';
import { FORBIDDEN_TEXT_CHARS, isNormalisedText, nameClashes } from './names.js';
import { staticKeyProblem } from './staticKeys.js';
import { canonicalJson } from './canonicalJson.js';
import type { SigningRoomParams } from './signing/roomParams.js';

/**
 * v4: each roster entry's COCKTAIL static public key is hashed in (after the name), so the
 * verification code read aloud commits to every static key and a swapped static key changes
 * the code. v3 session ids (no static keys) are never produced or accepted again.
 */
export const SESSION_TAG = 'frost-ceremony/session/v4';
/**
 * Upper bound on n, to keep envelopes and certificates bounded. Worst cases at n = 100 are
 * measured in sizes.test.ts (the roster, a failure record and a restart must fit). One constant
 * with the server's room size (src/wire/limits.ts).
 */
export { MAX_PARTICIPANTS };
export const MAX_LABEL_LENGTH = 200;
export const MAX_NAME_LENGTH = 64;

/**
 * Characters a display name may not contain: control and format characters (incl. bidi
 * overrides, which can disguise a name), lone surrogates, and `"` / `\`. Besides readability,
 * this bounds the size of names once JSON-escaped inside nested envelopes (a roster inside a
 * failure record inside a restart), which the size limits rely on at n = MAX_PARTICIPANTS.
 */
export const FORBIDDEN_NAME_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"\\]/u;

/** Why a display name is unusable, or null if it is fine. Give it `normaliseText(name)`. */
export function nameProblem(name: string): string | null {
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) return `name must be 1..${MAX_NAME_LENGTH} characters`;
  if (FORBIDDEN_NAME_CHARS.test(name)) return 'name must not contain control characters, quotes or backslashes';
  if (!isNormalisedText(name)) return NOT_NORMALISED;
  return null;
}

const NOT_NORMALISED = 'must be in normal form (NFKC, single spaces, no leading or trailing space)';

/**
 * Why a label is unusable, or null. Control and format characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE turns "Treasury 1-of-2" into text that reads otherwise) are refused, and the label
 * must be in normal form, like names. Give it `normaliseText(label)`.
 */
export function labelProblem(label: string): string | null {
  if (label.length > MAX_LABEL_LENGTH) return `label must be at most ${MAX_LABEL_LENGTH} characters`;
  if (FORBIDDEN_TEXT_CHARS.test(label))
    return 'label must not contain control or format characters (such as bidi overrides)';
  if (!isNormalisedText(label)) return `label ${NOT_NORMALISED}`;
  return null;
}

/** What the coordinator chooses when locking a session. */
export interface SessionParams {
  suite: SuiteName;
  /** t: signatures needed later. */
  minSigners: number;
  /** n: participants in this DKG (= roster length). */
  maxSigners: number;
  label: string;
  /**
   * Present (true) exactly when t = 1: the coordinator explicitly allowed a key that every
   * participant alone can use (all key packages then hold the group secret). Each participant
   * must accept it too before confirming the code. Implied by t, so not hashed separately
   * into the session id.
   */
  singleSigner?: true;
  /**
   * Present exactly in a signing room (issue 17): the key and the request to sign
   * (signing/roomParams.ts). Hashed into the session id (after the roster, as its canonical
   * JSON), so the code read aloud covers what is signed; absent, DKG session ids are unchanged.
   */
  signing?: SigningRoomParams;
}

/** One participant of a session; position in the roster + 1 is its FROST identifier. */
export interface RosterEntry {
  /** ed25519 identity public key, hex. */
  identity: string;
  /** X25519 ephemeral public key for this generation, hex. */
  ephemeral: string;
  /** Commitment to this member's code nonce for this generation, hex (verificationCode.ts). */
  commit: string;
  /** Display name (part of the session id since v3). */
  name: string;
  /**
   * COCKTAIL static public key of the session's suite, hex (staticKeys.ts; part of the session
   * id since v4). Taken from the member's identity-signed Hello.
   */
  static: string;
}

/** Throws ProtocolError('invalid-params') when the parameters are unusable. */
export function validateParams(p: SessionParams, rosterLength?: number): void {
  const bad = (m: string): never => {
    throw new ProtocolError('invalid-params', m, [], 'lobby');
  };
  if (!isSuiteName(p.suite)) bad(`unknown ciphersuite ${String(p.suite)}`);
  if (!Number.isInteger(p.maxSigners) || p.maxSigners < 2 || p.maxSigners > MAX_PARTICIPANTS)
    bad(`n must be between 2 and ${MAX_PARTICIPANTS}`);
  if (!Number.isInteger(p.minSigners) || p.minSigners < 1 || p.minSigners > p.maxSigners)
    bad('t must be between 1 and n');
  // t = 1: every key package holds the group secret itself, so any one custodian can sign
  // alone. Only when the coordinator said so explicitly, and then every participant sees it.
  if (p.minSigners === 1 && p.singleSigner !== true)
    bad('t = 1 gives every participant the whole key (each can sign alone); it must be allowed explicitly');
  if (p.singleSigner !== undefined && (p.singleSigner !== true || p.minSigners !== 1))
    bad('singleSigner is only for t = 1');
  if (typeof p.label !== 'string') bad('label must be text');
  const lp = labelProblem(p.label);
  if (lp) bad(lp);
  if (rosterLength !== undefined && rosterLength !== p.maxSigners) bad('roster length must equal n');
}

export function validateRoster(roster: readonly RosterEntry[]): void {
  // Two members whose names read the same could stand in for each other when names are
  // compared aloud; one must change their name (names.ts).
  const clash = nameClashes(roster)[0];
  if (clash) {
    const name = (id: string) => roster.find((r) => r.identity === id)?.name ?? '';
    throw new ProtocolError(
      'invalid-roster',
      `${clash.kind === 'duplicate' ? 'two members are both called' : 'two members have look-alike names:'} ${JSON.stringify(name(clash.a))}${clash.kind === 'duplicate' ? '' : ` and ${JSON.stringify(name(clash.b))}`}; one must choose another name`,
      [
        { identity: clash.a, name: name(clash.a) },
        { identity: clash.b, name: name(clash.b) },
      ],
      'lobby',
    );
  }
  const seen = new Set<string>();
  for (const r of roster) {
    if (!isHex(r.identity, 32) || !isHex(r.ephemeral, 32) || !isHex(r.commit, 32))
      throw new ProtocolError('invalid-roster', 'roster keys must be 32-byte hex', [], 'lobby');
    if (!isUsableX25519PublicKey(fromHex(r.ephemeral)))
      throw new ProtocolError(
        'invalid-roster',
        'unusable ephemeral key in roster',
        [{ identity: r.identity }],
        'lobby',
      );
    if (seen.has(r.identity))
      throw new ProtocolError('invalid-roster', 'identity listed twice in roster', [{ identity: r.identity }], 'lobby');
    seen.add(r.identity);
  }
}

/**
 * Throws ProtocolError('invalid-roster') naming the member whose static key is not a usable
 * point of `suite`, or both members when two announce the same static key (a copied static key
 * would let its copier pose as the pair's other end of COCKTAIL's static-static ECDH).
 */
export function validateStaticKeys(suite: SuiteName, roster: readonly RosterEntry[]): void {
  const seen = new Map<string, RosterEntry>();
  for (const r of roster) {
    const problem = staticKeyProblem(suite, r.static);
    if (problem)
      throw new ProtocolError(
        'invalid-roster',
        `${r.name}'s ${problem}`,
        [{ identity: r.identity, name: r.name }],
        'lobby',
      );
    const prev = seen.get(r.static);
    if (prev)
      throw new ProtocolError(
        'invalid-roster',
        `${prev.name} and ${r.name} announced the same static key`,
        [
          { identity: prev.identity, name: prev.name },
          { identity: r.identity, name: r.name },
        ],
        'lobby',
      );
    seen.set(r.static, r);
  }
}

/** Session id (32 bytes). Changes if any input changes. */
export function computeSessionId(
  roomId: string,
  generation: number,
  params: SessionParams,
  roster: readonly RosterEntry[],
): Uint8Array {
  const fields: Field[] = [
    roomId,
    generation,
    params.suite,
    params.minSigners,
    params.maxSigners,
    params.label,
    roster.length,
  ];
  for (const r of roster)
    fields.push(fromHex(r.identity), fromHex(r.ephemeral), fromHex(r.commit), r.name, fromHex(r.static));
  if (params.signing !== undefined) fields.push('signing', canonicalJson(params.signing));
  return taggedHash(SESSION_TAG, fields);
}
