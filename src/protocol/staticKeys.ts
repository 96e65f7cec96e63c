/**
 * A custodian's COCKTAIL-DKG static keys (spec "Round 1" step 5.2, "Backup Requirements").
 * Each custodian holds ONE master secret (32 random bytes), kept next to their identity key and
 * reused for every ceremony; each suite's static key pair is derived from it deterministically
 * (cocktail/keys.ts deriveStaticKey, domain-separated by suite name), so one backup of the master
 * secret restores every suite's static key, and with the public recovery data every key package.
 * The Hello announces the public static key of all six suites (the suite is fixed only later, at
 * the lock); the locked roster carries the one of the session's suite, bound into the session id.
 */
import { deriveStaticKey, type StaticKeyPair } from './cocktail/keys.js';
import { decodePoint } from './cocktail/encoding.js';
import { getCocktailSuite } from './cocktail/suites.js';
import { fromHex, isHex, toHex } from './encoding.js';
import { SUITE_NAMES, type SuiteName } from './suites.js';

/** Length of a custodian master secret. */
export const MASTER_SECRET_BYTES = 32;

/** Longest static public key of any suite (Ed448: 57 bytes). */
export const MAX_STATIC_KEY_BYTES = 57;

/** The public static key of each suite, hex, as announced in a Hello. */
export type StaticPublicKeys = Record<SuiteName, string>;

/** SECRET: a fresh master secret from the injected rng (created once per custodian). */
export function generateMasterSecret(rng: (n: number) => Uint8Array): Uint8Array {
  const m = rng(MASTER_SECRET_BYTES);
  if (!(m instanceof Uint8Array) || m.length !== MASTER_SECRET_BYTES) throw new Error('rng returned wrong length');
  return m;
}

/** Checks a stored master secret (hex): exactly 32 bytes. */
export function isMasterSecretHex(text: unknown): text is string {
  return typeof text === 'string' && isHex(text, MASTER_SECRET_BYTES);
}

/** SECRET: the static key pair of `suite` derived from the master secret. */
export function staticKeyPair(suite: SuiteName, master: Uint8Array): StaticKeyPair {
  if (master.length !== MASTER_SECRET_BYTES) throw new Error(`master secret must be ${MASTER_SECRET_BYTES} bytes`);
  return deriveStaticKey(getCocktailSuite(suite), master);
}

/** The public static keys of every suite for a master secret (what my Hello announces). */
export function staticPublicKeys(master: Uint8Array): StaticPublicKeys {
  const out = {} as StaticPublicKeys;
  for (const s of SUITE_NAMES) out[s] = toHex(staticKeyPair(s, master).publicKey);
  return out;
}

/**
 * Why `keyHex` cannot be a static public key of `suite` by its shape alone (lowercase hex of the
 * suite's element size), or null. Cheap: the Hello checks this for all six suites; the point
 * itself is validated (staticKeyProblem) only for the session's suite, when the roster is
 * locked or received (session.ts validateStaticKeys), since the other five are never used.
 */
export function staticKeyShapeProblem(suite: SuiteName, keyHex: string): string | null {
  const cs = getCocktailSuite(suite);
  if (typeof keyHex !== 'string' || !/^(?:[0-9a-f]{2})*$/.test(keyHex))
    return `${suite} static key is not lowercase hex`;
  if (keyHex.length !== cs.elementBytes * 2)
    return `${suite} static key has ${keyHex.length / 2} bytes, not ${cs.elementBytes}`;
  return null;
}

/**
 * Why `keyHex` is not a usable static public key of `suite`, or null. The spec requires a
 * valid, canonically encoded point of the prime-order group that is not the identity
 * ("Primitive Types": identity MUST be rejected for P); the length is the suite's element size.
 */
export function staticKeyProblem(suite: SuiteName, keyHex: string): string | null {
  const shape = staticKeyShapeProblem(suite, keyHex);
  if (shape !== null) return shape;
  if (!decodePoint(getCocktailSuite(suite), fromHex(keyHex)))
    return `${suite} static key is not a valid point of the group (or is the identity)`;
  return null;
}
