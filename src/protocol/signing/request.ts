/**
 * What a signing ceremony signs, as every custodian's app sees it: a message (text or bytes) or,
 * for a `secp256k1-tr` key, a Bitcoin PSBT. Each app parses the request itself
 * (`describeRequest`), shows it in plain words, and derives the exact messages that FROST will
 * sign (`signingMessages`) and a canonical request hash (`requestHash`) that custodians compare:
 * two custodians shown different requests compute different hashes (split view).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { PublicKeyPackage } from '../dkg/types.js';
import { fromUtf8, taggedHash, toHex, type Field } from '../encoding.js';
import { isSuiteName } from '../suites.js';
import { SignError } from './errors.js';
import { analysePsbt, isBitcoinNetwork, type BitcoinNetwork, type PsbtProblem, type PsbtView } from './psbt.js';

/** Largest message accepted (bytes): it travels in one envelope to every custodian. */
export const MAX_MESSAGE_BYTES = 65_536;

/** A request to sign. */
export type SigningRequest =
  { kind: 'message'; message: Uint8Array } | { kind: 'psbt'; psbt: Uint8Array; network: BitcoinNetwork };

/** A message request as shown. */
export interface MessageView {
  kind: 'message';
  length: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  hex: string;
  /** The text, when the bytes are valid UTF-8 (shown with `hex` when there are warnings). */
  text: string | null;
  warnings: string[];
}

/** A request as shown to a custodian. */
export type RequestView = MessageView | ({ kind: 'psbt' } & PsbtView);

/** Characters that make text look different from what it is: controls, bidi overrides, invisibles. */
const DECEPTIVE =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what is refused
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function assertRequestShape(request: SigningRequest): void {
  if (typeof request !== 'object' || request === null) throw new SignError('bad-request', 'no request');
  if (request.kind === 'message') {
    if (!(request.message instanceof Uint8Array)) throw new SignError('bad-request', 'the message must be bytes');
    if (request.message.length > MAX_MESSAGE_BYTES)
      throw new SignError(
        'bad-request',
        `the message is ${request.message.length} bytes; at most ${MAX_MESSAGE_BYTES} are accepted`,
      );
  } else if (request.kind === 'psbt') {
    if (!(request.psbt instanceof Uint8Array)) throw new SignError('bad-request', 'the PSBT must be bytes');
    if (!isBitcoinNetwork(request.network)) throw new SignError('bad-request', 'unknown Bitcoin network');
  } else throw new SignError('bad-request', 'unknown request kind');
}

function assertKey(pkp: PublicKeyPackage): void {
  if (!pkp || !isSuiteName(pkp.suite) || !(pkp.verifyingKey instanceof Uint8Array))
    throw new SignError('bad-request', 'not a public key package');
}

/**
 * A BIP-340 signature over 32 bytes with a Taproot key is exactly what a Bitcoin key-path
 * witness is: a 32-byte "message" could be the sighash of a transaction spending the group's
 * coins, signed blind. Bitcoin verifies signatures over 32-byte sighashes only, so any other
 * length is harmless; 32 bytes must come as a PSBT, which every signer checks itself.
 */
function assertNotBlindSighash(request: SigningRequest, pkp: PublicKeyPackage): void {
  if (request.kind === 'message' && pkp.suite === 'secp256k1-tr' && request.message.length === 32)
    throw new SignError(
      'unverifiable-request',
      "a 32-byte message for a Taproot key could be the signature hash of a Bitcoin transaction spending this key's coins; sign transactions as a PSBT so every custodian can see them",
    );
}

function describeMessage(message: Uint8Array): MessageView {
  let text: string | null;
  const warnings: string[] = [];
  try {
    text = fromUtf8(message);
    if (DECEPTIVE.test(text))
      warnings.push('The text contains invisible or control characters; compare the bytes (hex) too.');
  } catch {
    text = null;
  }
  if (text === null)
    warnings.push(
      'These bytes are not text. They could be a transaction or a login for a system that trusts this key: approve only if you know exactly what they are.',
    );
  return {
    kind: 'message',
    length: message.length,
    sha256: toHex(sha256(message)),
    hex: toHex(message),
    text,
    warnings,
  };
}

/**
 * The request in plain words for the key `pkp`. Throws SignError('bad-request') for malformed
 * input, and for a PSBT request on a key that is not secp256k1-tr (no other suite can sign
 * Bitcoin key-path spends). A PSBT that parses but cannot be signed comes back with errors in
 * `problems`.
 */
export function describeRequest(request: SigningRequest, pkp: PublicKeyPackage): RequestView {
  assertRequestShape(request);
  assertKey(pkp);
  assertNotBlindSighash(request, pkp);
  if (request.kind === 'message') return describeMessage(request.message);
  if (pkp.suite !== 'secp256k1-tr')
    throw new SignError(
      'bad-request',
      `a ${pkp.suite} key cannot sign Bitcoin transactions; it needs a secp256k1-tr key`,
    );
  return { kind: 'psbt', ...analysePsbt(request.psbt, pkp.verifyingKey, request.network).view };
}

/** Errors among a view's problems (none for a message). */
export function blockingProblems(view: RequestView): PsbtProblem[] {
  return view.kind === 'psbt' ? view.problems.filter((p) => p.severity === 'error') : [];
}

/** A request as one participant prepares it: the view, and when signable its hash and messages. */
export interface PreparedRequest {
  view: RequestView;
  /** Null when the request cannot be signed (blocking problems in `view`). */
  requestHash: Uint8Array | null;
  /** The exact byte strings FROST signs; null like `requestHash`. */
  messages: Uint8Array[] | null;
}

/** Domain tag of the request hash. */
export const REQUEST_HASH_TAG = 'frost-ceremony/sign-request/v1';

function u64be(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

/**
 * Parses and checks the request once: its view, its canonical hash and the messages to sign.
 *
 * The messages are the message itself, or each PSBT input's BIP-341 sighash (one FROST signing
 * per input, each with its own nonces).
 *
 * The request hash (32 bytes) is SHA-256 of the canonical field encoding (encoding.ts) of the
 * tag, the key (suite, verifying key) and the request's CONTENT:
 * - message: `'message'`, the bytes;
 * - PSBT: `'psbt'`, the network, the unsigned transaction, the input count, then for each input
 *   its witness UTXO amount (8 bytes, big-endian) and scriptPubKey, then each input's sighash.
 * A PSBT is hashed by what it signs and shows, not by its spelling: v0 and v2, or reordered or
 * extra proprietary fields, of one transaction give one hash; any change to an input, output,
 * amount, locktime, sequence or network gives another.
 *
 * Throws SignError('bad-request') for malformed input or a PSBT on a non-Taproot key, and
 * ('unverifiable-request') for a 32-byte message on a Taproot key.
 */
export function prepareRequest(request: SigningRequest, pkp: PublicKeyPackage): PreparedRequest {
  assertRequestShape(request);
  assertKey(pkp);
  assertNotBlindSighash(request, pkp);
  const key: Field[] = [pkp.suite, pkp.verifyingKey];
  if (request.kind === 'message')
    return {
      view: describeMessage(request.message),
      requestHash: taggedHash(REQUEST_HASH_TAG, [...key, 'message', request.message]),
      messages: [request.message],
    };
  if (pkp.suite !== 'secp256k1-tr')
    throw new SignError(
      'bad-request',
      `a ${pkp.suite} key cannot sign Bitcoin transactions; it needs a secp256k1-tr key`,
    );
  const a = analysePsbt(request.psbt, pkp.verifyingKey, request.network);
  const view: RequestView = { kind: 'psbt', ...a.view };
  if (a.prevouts === null || blockingProblems(view).length > 0) return { view, requestHash: null, messages: null };
  const fields: Field[] = [...key, 'psbt', request.network, a.unsignedTx, a.prevouts.length];
  for (const p of a.prevouts) fields.push(u64be(p.amount), p.script);
  fields.push(...a.sighashes);
  return { view, requestHash: taggedHash(REQUEST_HASH_TAG, fields), messages: a.sighashes };
}

function signable(p: PreparedRequest): { requestHash: Uint8Array; messages: Uint8Array[] } {
  if (p.requestHash === null || p.messages === null)
    throw new SignError(
      'unverifiable-request',
      `the PSBT cannot be signed: ${blockingProblems(p.view)
        .map((x) => x.text)
        .join(' ')}`,
    );
  return { requestHash: p.requestHash, messages: p.messages };
}

/** The exact byte strings FROST signs (see prepareRequest). Throws SignError('unverifiable-request') for blocking problems. */
export function signingMessages(request: SigningRequest, pkp: PublicKeyPackage): Uint8Array[] {
  return signable(prepareRequest(request, pkp)).messages;
}

/** The canonical request hash (see prepareRequest). Throws like `signingMessages`. */
export function requestHash(request: SigningRequest, pkp: PublicKeyPackage): Uint8Array {
  return signable(prepareRequest(request, pkp)).requestHash;
}

/** Custodians grouped by the request hash they computed. */
export interface RequestHashGroup {
  requestHash: string;
  identifiers: number[];
}

/**
 * Split-view check before anyone signs: every custodian's approval carries the request hash it
 * computed; if they are not all equal, the custodians were shown different requests. Returns
 * null when all agree, else the groups (largest first, then by hash), so the screen can say who
 * saw what. Whoever sent the requests (the coordinator's signed request envelopes) is to blame;
 * nobody signs.
 */
export function findSplitView(
  approvals: readonly { identifier: number; requestHash: Uint8Array }[],
): RequestHashGroup[] | null {
  const by = new Map<string, number[]>();
  for (const a of approvals) {
    const h = toHex(a.requestHash);
    by.set(h, [...(by.get(h) ?? []), a.identifier]);
  }
  if (by.size <= 1) return null;
  return [...by.entries()]
    .map(([requestHash, ids]) => ({ requestHash, identifiers: [...new Set(ids)].sort((x, y) => x - y) }))
    .sort((x, y) => y.identifiers.length - x.identifiers.length || (x.requestHash < y.requestHash ? -1 : 1));
}
