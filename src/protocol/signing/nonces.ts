/**
 * Signing nonces as data (RFC 9591 §5.1, §10.3 "nonce reuse"): a FROST nonce pair used for two
 * different signing packages reveals the signer's share. So a nonce lives in a record that the
 * shell MUST persist before the record's commitment is sent (`createNonce`), and is consumed
 * — marked used, the secret dropped from the store — by `consumeNonce`, whose new store the
 * shell MUST persist before the share it enables is computed or sent. A used or unknown id is
 * refused, also after a reload: the persisted store remembers every id it ever created.
 *
 * The store is an immutable value (every call returns a new one), so "persist, then act" is
 * the shell's one obligation and a crash between the two steps leaves either no commitment
 * out, or a fresh nonce that is used at most once.
 */
import type { KeyPackage, Rng } from '../dkg/types.js';
import { decodeScalar } from '../dkg/group.js';
import { identifierToHex } from '../frostJson/hex.js';
import { fromHex, isHex, toHex } from '../encoding.js';
import { getSuite, isSuiteName, type SuiteName } from '../suites.js';
import { SignError } from './errors.js';

/** The public half of a nonce pair: what round 1 sends (RFC 9591 `SigningCommitments`). */
export interface SigningCommitment {
  identifier: number;
  hiding: Uint8Array;
  binding: Uint8Array;
}

/** One nonce pair. `secret` is SECRET and null once used. */
export interface NonceRecord {
  id: string;
  suite: SuiteName;
  commitment: SigningCommitment;
  /** SECRET: the hiding and binding nonces (serialised scalars); null after consumeNonce. */
  secret: { hiding: Uint8Array; binding: Uint8Array } | null;
}

/** Every nonce a participant ever created, by id. Immutable; persist after every change. */
export interface NonceStore {
  readonly records: ReadonlyMap<string, NonceRecord>;
}

declare const consumedBrand: unique symbol;
/**
 * A nonce pair taken out of the store by consumeNonce: the only input round2Sign accepts (the
 * brand cannot be made outside this module), and noble zeroes its bytes after one signShare.
 */
export type ConsumedNonce = {
  readonly id: string;
  readonly suite: SuiteName;
  readonly commitment: SigningCommitment;
  readonly hiding: Uint8Array;
  readonly binding: Uint8Array;
  readonly [consumedBrand]: true;
};

/** Largest nonce id accepted (characters). */
export const MAX_NONCE_ID = 256;

export function emptyNonceStore(): NonceStore {
  return { records: new Map() };
}

function assertId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_NONCE_ID)
    throw new SignError('bad-key-package', 'a nonce id is a non-empty string of at most 256 characters');
}

/**
 * Round 1 (RFC 9591 §5.1 `commit`): a fresh nonce pair for `keyPackage` under a new `id`,
 * derived as the RFC says from 32 random bytes each and the signing share. Refuses an id the
 * store has ever held ('nonce-exists'): one id, one nonce, ever. Persist the returned store
 * BEFORE sending the commitment.
 */
export function createNonce(
  store: NonceStore,
  id: string,
  keyPackage: KeyPackage,
  rng: Rng,
): { store: NonceStore; commitment: SigningCommitment } {
  assertId(id);
  if (store.records.has(id))
    throw new SignError(
      'nonce-exists',
      `a nonce with id ${id} was already created; a new signing attempt needs a new id`,
    );
  if (!keyPackage || !isSuiteName(keyPackage.suite)) throw new SignError('bad-key-package', 'not a key package');
  const suite = getSuite(keyPackage.suite);
  if (decodeScalar(suite, keyPackage.signingShare) === undefined)
    throw new SignError('bad-key-package', 'the key package has an invalid signing share', [keyPackage.identifier]);
  if (typeof rng !== 'function') throw new SignError('bad-key-package', 'rng must be a function');
  const nobleRng = (len?: number) => {
    const b = rng(len ?? 32);
    if (!(b instanceof Uint8Array) || b.length !== (len ?? 32))
      throw new SignError('bad-key-package', 'rng returned the wrong length');
    return b as Uint8Array<ArrayBuffer>;
  };
  const { nonces, commitments } = suite.internals.frost.commit(
    { identifier: identifierToHex(suite, keyPackage.identifier), signingShare: keyPackage.signingShare },
    nobleRng,
  );
  const commitment: SigningCommitment = {
    identifier: keyPackage.identifier,
    hiding: commitments.hiding,
    binding: commitments.binding,
  };
  const record: NonceRecord = {
    id,
    suite: keyPackage.suite,
    commitment,
    secret: { hiding: nonces.hiding, binding: nonces.binding },
  };
  const records = new Map(store.records);
  records.set(id, record);
  return { store: { records }, commitment };
}

/**
 * Takes nonce `id` out for one signature share: refuses an unknown id ('nonce-unknown') and a
 * used one ('nonce-reused'). The returned store keeps the record without its secret; persist it
 * BEFORE computing the share.
 */
export function consumeNonce(store: NonceStore, id: string): { store: NonceStore; nonce: ConsumedNonce } {
  assertId(id);
  const rec = store.records.get(id);
  if (!rec)
    throw new SignError(
      'nonce-unknown',
      `no nonce with id ${id}: it was never created here (or its store was lost), so no share can be made for it`,
    );
  if (rec.secret === null)
    throw new SignError(
      'nonce-reused',
      `the nonce ${id} was already used; using it twice would reveal the signing share`,
    );
  const records = new Map(store.records);
  records.set(id, { ...rec, secret: null });
  // Copies: the store's bytes are never the ones noble zeroes.
  const nonce = {
    id,
    suite: rec.suite,
    commitment: rec.commitment,
    hiding: Uint8Array.from(rec.secret.hiding),
    binding: Uint8Array.from(rec.secret.binding),
  } as ConsumedNonce;
  return { store: { records }, nonce };
}

/**
 * Drops the records `keep` rejects (e.g. those of finished sessions). Always safe for nonce
 * reuse: a dropped fresh nonce can no longer be consumed (unknown id), a dropped used one had no
 * secret left; a later createNonce under a dropped id draws fresh randomness.
 */
export function pruneNonces(store: NonceStore, keep: (record: NonceRecord) => boolean): NonceStore {
  return { records: new Map([...store.records].filter(([, r]) => keep(r))) };
}

interface NonceRecordJson {
  id: string;
  suite: string;
  identifier: number;
  hiding: string;
  binding: string;
  secret: { hiding: string; binding: string } | null;
}

/** JSON of the store (holds secrets: persist it like a key package). */
export function encodeNonceStore(store: NonceStore): string {
  const out: NonceRecordJson[] = [...store.records.values()].map((r) => ({
    id: r.id,
    suite: r.suite,
    identifier: r.commitment.identifier,
    hiding: toHex(r.commitment.hiding),
    binding: toHex(r.commitment.binding),
    secret: r.secret ? { hiding: toHex(r.secret.hiding), binding: toHex(r.secret.binding) } : null,
  }));
  return JSON.stringify({ format: 'frost-ceremony/nonces/v1', records: out });
}

/** Strict inverse of encodeNonceStore; anything else throws SignError('bad-key-package'). */
export function decodeNonceStore(text: string): NonceStore {
  const bad = (why: string) => new SignError('bad-key-package', `nonce store: ${why}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  const o = v as { format?: unknown; records?: unknown };
  if (!o || o.format !== 'frost-ceremony/nonces/v1' || !Array.isArray(o.records)) throw bad('wrong format');
  const records = new Map<string, NonceRecord>();
  for (const r of o.records as NonceRecordJson[]) {
    if (!r || typeof r.id !== 'string' || r.id.length === 0 || r.id.length > MAX_NONCE_ID || records.has(r.id))
      throw bad('bad or duplicate id');
    if (!isSuiteName(r.suite)) throw bad('unknown suite');
    const s = getSuite(r.suite);
    if (!Number.isInteger(r.identifier) || !isHex(r.hiding, s.elementBytes) || !isHex(r.binding, s.elementBytes))
      throw bad(`record ${r.id} is malformed`);
    let secret: NonceRecord['secret'] = null;
    if (r.secret !== null) {
      if (!r.secret || !isHex(r.secret.hiding, s.scalarBytes) || !isHex(r.secret.binding, s.scalarBytes))
        throw bad(`record ${r.id} has a malformed secret`);
      secret = { hiding: fromHex(r.secret.hiding), binding: fromHex(r.secret.binding) };
    }
    records.set(r.id, {
      id: r.id,
      suite: r.suite,
      commitment: { identifier: r.identifier, hiding: fromHex(r.hiding), binding: fromHex(r.binding) },
      secret,
    });
  }
  return { records };
}
