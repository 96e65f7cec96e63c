/** Test helper: a real t-of-n key from the existing DKG (key packages exactly as the app stores them). */
import { runDkg, seededRng } from '../../dkg/testing/testHelpers.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../../dkg/types.js';
import { getSuite, type SuiteName } from '../../suites.js';

export { seededRng };

export interface TestKey {
  keyPackages: Map<number, KeyPackage>;
  publicKeyPackage: PublicKeyPackage;
}

/** Runs the DKG among identifiers 1..n and returns every key package and the public key package. */
export function makeKey(suiteName: SuiteName, t: number, n: number, rng: Rng): TestKey {
  const dkg = runDkg(getSuite(suiteName), t, n, rng);
  const keyPackages = new Map<number, KeyPackage>();
  let publicKeyPackage: PublicKeyPackage | undefined;
  for (const [id, r] of dkg.results) {
    if (!r.ok) throw new Error(`DKG failed for ${id}`);
    keyPackages.set(id, r.keyPackage);
    publicKeyPackage = r.publicKeyPackage;
  }
  if (!publicKeyPackage) throw new Error('no participants');
  return { keyPackages, publicKeyPackage };
}
