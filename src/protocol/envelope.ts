/**
 * Envelopes: every protocol message travels as one signed envelope.
 *
 * Wire format: UTF-8 JSON `{"v":1,"type","room","session","gen","from","payload","sig"}` where
 * `payload` is itself a JSON *string* and the signature is ed25519 by `from` over the canonical
 * encoding of (ENVELOPE_TAG, room, session id, generation, type, from, canonical payload bytes).
 * The canonical payload is its RFC 8785 (JCS) form (canonicalJson.ts): every payload has exactly
 * one signed encoding, so a respelled copy (`{ }` for `{}`) is the same message with the same
 * content hash, never a second one (SECURITY.md, "One signed form per message"). Senders send the
 * canonical text itself. The sender of a message is the key that signed it; payloads never carry
 * a trusted `from`.
 */
import { z } from 'zod';
import { canonicalJson, canonicalizeJsonText, hasLoneSurrogate } from './canonicalJson.js';
import { MAX_ENVELOPE_BYTES } from '../wire/index.js';
import { encodeFields, fromHex, fromUtf8, isHex, sha256, toHex, utf8 } from './encoding.js';
import { ProtocolError, type Round } from './errors.js';
import type { IdentityCrypto, IdentityKeyPair } from './identity.js';

export const ENVELOPE_TAG = 'frost-ceremony/envelope/v1';
/** Hard limit on an envelope's size on the wire: the one limit transport and server also use (src/wire/limits.ts). */
export { MAX_ENVELOPE_BYTES };

/** Message types, named after protocol steps. */
export const MESSAGE_TYPES = [
  'hello',
  'roster',
  'restart',
  'reveal',
  'start',
  'round1',
  'echo',
  'complaint',
  'confirmation',
  'confirm-echo',
  'failure',
  'status',
  'sign-request',
  'sign-commit',
  'sign-share',
  'sign-decline',
  'fund-ack',
  // Signing rooms (issue 17; machine/signing/): approval, FROST round 1, FROST round 2.
  'sign-approval',
  'sign-commitments',
  'sign-shares',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The round each message type belongs to (for error reports). */
export const ROUND_OF: Record<MessageType, Round> = {
  hello: 'lobby',
  roster: 'lobby',
  restart: 'lobby',
  reveal: 'verify',
  start: 'verify',
  round1: 'round1',
  echo: 'echo',
  complaint: 'round2',
  confirmation: 'confirm',
  'confirm-echo': 'confirm',
  failure: 'failure',
  status: 'status',
  'sign-request': 'test-sign',
  'sign-commit': 'test-sign',
  'sign-share': 'test-sign',
  'sign-decline': 'test-sign',
  'fund-ack': 'funding',
  'sign-approval': 'signing',
  'sign-commitments': 'signing',
  'sign-shares': 'signing',
};

/** A parsed envelope whose signature has been verified. */
export interface Envelope {
  type: MessageType;
  room: string;
  /** Session id hex; empty for lobby messages (hello, restart). */
  session: string;
  generation: number;
  /** Signer identity key, hex. */
  from: string;
  /** Payload JSON text (parse with parsePayload). */
  payload: string;
  /** ed25519 signature, hex. */
  sig: string;
  /** sha256 of the signed bytes, hex: equal for equal content (dedupe key). */
  hash: string;
  /** The exact wire bytes. */
  bytes: Uint8Array;
}

const wireSchema = z
  .object({
    v: z.literal(1),
    type: z.enum(MESSAGE_TYPES),
    // Well-formed UTF-16 only: UTF-8 would sign every lone surrogate as the same U+FFFD.
    room: z
      .string()
      .min(1)
      .max(128)
      .refine((r) => !hasLoneSurrogate(r), 'room is not well-formed Unicode'),
    session: z.string().regex(/^(?:[0-9a-f]{64})?$/),
    gen: z.number().int().min(0).max(0xffffffff),
    from: z.string().regex(/^[0-9a-f]{64}$/),
    payload: z.string().max(MAX_ENVELOPE_BYTES),
    sig: z.string().regex(/^[0-9a-f]{128}$/),
  })
  .strict();

export interface EnvelopeFields {
  type: MessageType;
  room: string;
  session: string;
  generation: number;
  payload: unknown;
}

/**
 * The bytes an envelope's signature covers (also used to start native checks early:
 * identityBrowser.ts): the payload enters in its canonical spelling. Throws when the payload
 * has none (not JSON, duplicate members, lone surrogates).
 */
export function signedBytes(f: {
  type: string;
  room: string;
  session: string;
  generation: number;
  from: string;
  payload: string;
}): Uint8Array {
  const payload = utf8(canonicalizeJsonText(f.payload));
  return encodeFields([
    ENVELOPE_TAG,
    f.room,
    f.session ? fromHex(f.session) : new Uint8Array(0),
    f.generation,
    f.type,
    fromHex(f.from),
    payload,
  ]);
}

/** Sign and serialise an envelope. Throws if the result exceeds MAX_ENVELOPE_BYTES. */
export function sealEnvelope(crypto: IdentityCrypto, identity: IdentityKeyPair, f: EnvelopeFields): Envelope {
  const payload = canonicalJson(f.payload);
  const from = toHex(identity.publicKey);
  const msg = signedBytes({ ...f, from, payload });
  const sig = toHex(crypto.sign(msg, identity.secretKey));
  const text = JSON.stringify({
    v: 1,
    type: f.type,
    room: f.room,
    session: f.session,
    gen: f.generation,
    from,
    payload,
    sig,
  });
  const bytes = utf8(text);
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new Error(`envelope too large (${bytes.length} bytes)`);
  return {
    type: f.type,
    room: f.room,
    session: f.session,
    generation: f.generation,
    from,
    payload,
    sig,
    hash: toHex(sha256(msg)),
    bytes,
  };
}

/** Memo of wire texts whose signature verified (see cache.ts). */
export interface VerifiedCache {
  isVerified(text: string): boolean;
  markVerified(text: string): void;
}

export type OpenResult = { ok: true; envelope: Envelope } | { ok: false; error: ProtocolError };

/**
 * Parse wire bytes and verify the signature. Checks only what the envelope itself proves;
 * room / session / roster checks are the caller's (they depend on the state).
 */
export function openEnvelope(crypto: IdentityCrypto, bytes: Uint8Array, cache?: VerifiedCache): OpenResult {
  if (!(bytes instanceof Uint8Array)) return fail('malformed', 'not bytes');
  if (bytes.length > MAX_ENVELOPE_BYTES)
    return fail('oversized', `envelope of ${bytes.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fromUtf8(bytes));
  } catch {
    return fail('malformed', 'envelope is not valid UTF-8 JSON');
  }
  const parsed = wireSchema.safeParse(raw);
  if (!parsed.success) {
    const claimed =
      typeof raw === 'object' && raw !== null && isHex((raw as { from?: unknown }).from, 32)
        ? (raw as { from: string }).from
        : undefined;
    return fail(
      'malformed',
      `envelope fields invalid: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
      claimed,
    );
  }
  const w = parsed.data;
  let msg: Uint8Array;
  try {
    msg = signedBytes({
      type: w.type,
      room: w.room,
      session: w.session,
      generation: w.gen,
      from: w.from,
      payload: w.payload,
    });
  } catch (e) {
    // Refused alike by every receiver (it depends on the bytes only), so it cannot split a room.
    return fail(
      'malformed',
      `payload has no canonical form: ${e instanceof Error ? e.message : String(e)}`,
      w.from,
      ROUND_OF[w.type],
    );
  }
  const text = cache ? fromUtf8(bytes) : '';
  if (cache?.isVerified(text) !== true && !crypto.verify(fromHex(w.sig), msg, fromHex(w.from)))
    return fail(
      'bad-signature',
      `signature does not verify for claimed sender ${w.from.slice(0, 16)}…`,
      w.from,
      ROUND_OF[w.type],
    );
  cache?.markVerified(text);
  return {
    ok: true,
    envelope: {
      type: w.type,
      room: w.room,
      session: w.session,
      generation: w.gen,
      from: w.from,
      payload: w.payload,
      sig: w.sig,
      hash: toHex(sha256(msg)),
      bytes,
    },
  };
}

function fail(
  code: 'malformed' | 'oversized' | 'bad-signature',
  message: string,
  claimed?: string,
  round: Round = 'lobby',
): OpenResult {
  return { ok: false, error: new ProtocolError(code, message, [], round, claimed) };
}

/**
 * Re-reads an envelope I verified before and stored (my own state): no signature check.
 * Never use on bytes from the network.
 */
export function readTrusted(text: string): Envelope {
  const w = JSON.parse(text) as {
    type: MessageType;
    room: string;
    session: string;
    gen: number;
    from: string;
    payload: string;
    sig: string;
  };
  const msg = signedBytes({
    type: w.type,
    room: w.room,
    session: w.session,
    generation: w.gen,
    from: w.from,
    payload: w.payload,
  });
  return {
    type: w.type,
    room: w.room,
    session: w.session,
    generation: w.gen,
    from: w.from,
    payload: w.payload,
    sig: w.sig,
    hash: toHex(sha256(msg)),
    bytes: utf8(text),
  };
}

/** Wire text of an envelope. */
export function envelopeText(env: Envelope): string {
  return fromUtf8(env.bytes);
}
