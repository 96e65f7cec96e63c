/**
 * The signing ceremony's message payloads and their strict JSON forms (the content a signed
 * envelope will carry; the sender is the envelope's signer, so no payload names its sender):
 *
 *   approval     {"type":"sign-approval","requestHash":H,"decision":"approve"|"refuse"}
 *   commitments  {"type":"sign-commitments","requestHash":H,"attempt":A,"commitments":[{"hiding":P,"binding":P}…]}
 *   shares       {"type":"sign-shares","requestHash":H,"attempt":A,"packageHashes":[H…],"shares":[S…]}
 *
 * H = 32-byte hash, P = group element, S = scalar (lowercase hex, exact lengths for the key's
 * suite); one commitment / package hash / share per signed message (`messageCount`), in message
 * order. Decoding refuses anything else: unknown or missing members, other types, wrong lengths,
 * uppercase or odd hex, more entries than messages, attempts out of range. Huge input is refused
 * before parsing.
 */
import { fromHex, isHex, toHex } from '../encoding.js';
import { parseStrictJson } from '../strictJson.js';
import { getSuite, type SuiteName } from '../suites.js';
import { SignError } from './errors.js';
import type { ShareMessage } from './attempt.js';

/** Largest payload text accepted (characters): a PSBT of 256 inputs needs ~70 kB of shares. */
export const MAX_SIGNING_MESSAGE_CHARS = 200_000;
/** Largest attempt number (restarts within one session). */
export const MAX_ATTEMPT = 1000;

export interface ApprovalPayload {
  type: 'sign-approval';
  requestHash: Uint8Array;
  decision: 'approve' | 'refuse';
}

export interface CommitmentsPayload {
  type: 'sign-commitments';
  requestHash: Uint8Array;
  attempt: number;
  commitments: { hiding: Uint8Array; binding: Uint8Array }[];
}

export interface SharesPayload extends ShareMessage {
  type: 'sign-shares';
  requestHash: Uint8Array;
  attempt: number;
}

export type SigningPayload = ApprovalPayload | CommitmentsPayload | SharesPayload;

/** The JSON text of a payload (members in a fixed order; hex lowercase). */
export function encodeSigningPayload(p: SigningPayload): string {
  switch (p.type) {
    case 'sign-approval':
      return JSON.stringify({ type: p.type, requestHash: toHex(p.requestHash), decision: p.decision });
    case 'sign-commitments':
      return JSON.stringify({
        type: p.type,
        requestHash: toHex(p.requestHash),
        attempt: p.attempt,
        commitments: p.commitments.map((c) => ({ hiding: toHex(c.hiding), binding: toHex(c.binding) })),
      });
    case 'sign-shares':
      return JSON.stringify({
        type: p.type,
        requestHash: toHex(p.requestHash),
        attempt: p.attempt,
        packageHashes: p.packageHashes.map(toHex),
        shares: p.shares.map(toHex),
      });
  }
}

const bad = (why: string) => new SignError('malformed-message', `signing message: ${why}`);

function exactKeys(o: Record<string, unknown>, keys: string[]): void {
  const got = Object.keys(o).sort().join(',');
  if (got !== [...keys].sort().join(',')) throw bad(`expected members ${keys.join(', ')}, got ${got}`);
}

function hexField(v: unknown, bytes: number, what: string): Uint8Array {
  if (!isHex(v, bytes)) throw bad(`${what} must be ${bytes} bytes of lowercase hex`);
  return fromHex(v);
}

function attemptField(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_ATTEMPT)
    throw bad(`attempt must be an integer 1..${MAX_ATTEMPT}`);
  return v;
}

function list(v: unknown, n: number, what: string): unknown[] {
  if (!Array.isArray(v) || v.length !== n)
    throw bad(`${what} must list exactly ${n} entr${n === 1 ? 'y' : 'ies'} (one per signed message)`);
  return v;
}

/**
 * Parses a payload for a key of `suite` signing `messageCount` messages. Throws
 * SignError('malformed-message') for anything that is not exactly one of the three forms.
 */
export function decodeSigningPayload(text: string, suite: SuiteName, messageCount: number): SigningPayload {
  if (typeof text !== 'string' || text.length > MAX_SIGNING_MESSAGE_CHARS) throw bad('too large');
  const s = getSuite(suite);
  let v: unknown;
  try {
    v = parseStrictJson(text);
  } catch (e) {
    throw bad(`not strict JSON (${(e as Error).message})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('not an object');
  const o = v as Record<string, unknown>;
  switch (o.type) {
    case 'sign-approval':
      exactKeys(o, ['type', 'requestHash', 'decision']);
      if (o.decision !== 'approve' && o.decision !== 'refuse') throw bad('decision must be approve or refuse');
      return { type: 'sign-approval', requestHash: hexField(o.requestHash, 32, 'requestHash'), decision: o.decision };
    case 'sign-commitments':
      exactKeys(o, ['type', 'requestHash', 'attempt', 'commitments']);
      return {
        type: 'sign-commitments',
        requestHash: hexField(o.requestHash, 32, 'requestHash'),
        attempt: attemptField(o.attempt),
        commitments: list(o.commitments, messageCount, 'commitments').map((c, i) => {
          if (!c || typeof c !== 'object' || Array.isArray(c)) throw bad(`commitment ${i + 1} is not an object`);
          exactKeys(c as Record<string, unknown>, ['hiding', 'binding']);
          const r = c as Record<string, unknown>;
          return {
            hiding: hexField(r.hiding, s.elementBytes, `commitment ${i + 1} hiding`),
            binding: hexField(r.binding, s.elementBytes, `commitment ${i + 1} binding`),
          };
        }),
      };
    case 'sign-shares':
      exactKeys(o, ['type', 'requestHash', 'attempt', 'packageHashes', 'shares']);
      return {
        type: 'sign-shares',
        requestHash: hexField(o.requestHash, 32, 'requestHash'),
        attempt: attemptField(o.attempt),
        packageHashes: list(o.packageHashes, messageCount, 'packageHashes').map((h, i) =>
          hexField(h, 32, `package hash ${i + 1}`),
        ),
        shares: list(o.shares, messageCount, 'shares').map((h, i) => hexField(h, s.scalarBytes, `share ${i + 1}`)),
      };
    default:
      throw bad('unknown type');
  }
}
