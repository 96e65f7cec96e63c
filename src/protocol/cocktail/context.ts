/**
 * Setup (spec "Setup"): parameter checks, static public key validation and the RECOMMENDED
 * context construction
 *   context = H("COCKTAIL-DKG-CONTEXT" ‖ u64be(len(session_id)) ‖ session_id
 *               ‖ u64be(len(ciphersuite_id)) ‖ ciphersuite_id ‖ u32le(n) ‖ P_1 ‖ … ‖ P_n)
 * which binds the session, the ciphersuite and the ordered participant set.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CocktailError } from './errors.js';
import { concat, decodePoint, hex, u32le, u64be } from './encoding.js';
import type { CocktailSuite } from './suites.js';

/** Largest n we accept (the transcript encodes n as uint32; frost-rs identifiers are u16). */
export const MAX_COCKTAIL_PARTICIPANTS = 0xffff;

/** Setup checks on t and n: 1 ≤ t ≤ n ≤ 65535 (spec: abort before Round 1 otherwise). */
export function assertParameters(t: number, n: number): void {
  const ok = (x: number): boolean => Number.isInteger(x) && x >= 1 && x <= MAX_COCKTAIL_PARTICIPANTS;
  if (!ok(t) || !ok(n) || t > n) throw new CocktailError('bad-parameters', `invalid threshold ${t}-of-${n}`);
}

/**
 * Checks the ordered static public keys: each a valid non-identity prime-order point with a
 * canonical encoding, all distinct. A bad key is blamed on the participant who announced it;
 * a duplicate on both holders.
 */
export function assertStaticKeys(suite: CocktailSuite, keys: readonly Uint8Array[]): void {
  const seen = new Map<string, number>();
  keys.forEach((k, idx) => {
    const j = idx + 1;
    if (!decodePoint(suite, k))
      throw new CocktailError(
        'bad-static-key',
        `participant ${j}'s static public key is not a valid ${suite.name} point`,
        [j],
      );
    const h = hex(k);
    const prev = seen.get(h);
    if (prev !== undefined)
      throw new CocktailError('bad-static-key', `participants ${prev} and ${j} announced the same static public key`, [
        prev,
        j,
      ]);
    seen.set(h, j);
  });
}

/** The recommended context for `sessionId` and the ordered static public keys. */
export function buildContext(
  suite: CocktailSuite,
  sessionId: Uint8Array,
  staticPublicKeys: readonly Uint8Array[],
): Uint8Array {
  assertParameters(1, staticPublicKeys.length);
  assertStaticKeys(suite, staticPublicKeys);
  const id = utf8ToBytes(suite.id);
  return suite.hash(
    concat(
      utf8ToBytes('COCKTAIL-DKG-CONTEXT'),
      u64be(sessionId.length),
      sessionId,
      u64be(id.length),
      id,
      u32le(staticPublicKeys.length),
      ...staticPublicKeys,
    ),
  );
}
