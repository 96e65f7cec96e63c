/** Test-only: reads the shared COCKTAIL-DKG vector files (node:fs stays out of production modules). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SuiteName } from '../../suites.js';
import type { VectorFileJson } from '../vectors.js';

/** ../shared/vectors/cocktail-dkg of this worktree. */
export const COCKTAIL_VECTOR_DIR = fileURLToPath(
  new URL('../../../../../shared/vectors/cocktail-dkg/', import.meta.url),
);

/** The file holding each suite's vectors (secp256k1-tr uses the secp256k1 file, as frost-rs does). */
export const VECTOR_FILE: Record<SuiteName, string> = {
  ed25519: 'cocktail-dkg-ed25519-sha512.json',
  ristretto255: 'cocktail-dkg-ristretto255-sha512.json',
  ed448: 'cocktail-dkg-ed448-shake256.json',
  p256: 'cocktail-dkg-p256-sha256.json',
  secp256k1: 'cocktail-dkg-secp256k1-sha256.json',
  'secp256k1-tr': 'cocktail-dkg-secp256k1-sha256.json',
};

/** Parsed vector file of a suite. */
export function readVectorFile(name: SuiteName): VectorFileJson {
  return JSON.parse(readFileSync(COCKTAIL_VECTOR_DIR + VECTOR_FILE[name], 'utf8')) as VectorFileJson;
}
