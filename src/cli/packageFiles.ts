/**
 * Reading frost-rs package files for the commands: strict parsing, errors naming the file and
 * field, and a plain hint when the file is valid but of another kind (a public key package
 * given where a key package is expected, …).
 */
import {
  type KeyPackage,
  type PublicKeyPackage,
  type PublicKeyPackageFile,
  FrostJsonError,
  parseFrostJson,
  parseKeyPackage,
  parsePublicKeyPackage,
  readPublicKeyPackage,
} from '../protocol/index.js';
import { CommandError, readTextInput, type CliIo } from './output.js';

const KIND_WORDS = {
  'key-package': 'key package',
  'public-key-package': 'public key package',
  'round1-package': 'DKG round-1 package',
  'round2-package': 'DKG round-2 package',
} as const;

/** Parses `json` with `parse`; on failure says which kind the file really is, if any. */
export function parsePackageText<T>(
  json: string,
  path: string,
  expected: keyof typeof KIND_WORDS,
  parse: (json: string) => T,
): T {
  try {
    return parse(json);
  } catch (e) {
    if (!(e instanceof FrostJsonError)) throw e;
    let actual: keyof typeof KIND_WORDS | undefined;
    try {
      actual = parseFrostJson(json).kind;
    } catch {
      actual = undefined;
    }
    if (actual !== undefined && actual !== expected) {
      throw new CommandError(`${path} is a ${KIND_WORDS[actual]}, not a ${KIND_WORDS[expected]}`);
    }
    throw new CommandError(`${path}: not a valid ${KIND_WORDS[expected]}: ${e.message}`);
  }
}

/** Reads and strictly parses a key package file. */
export async function loadKeyPackage(io: CliIo, path: string): Promise<{ keyPackage: KeyPackage; json: string }> {
  const json = await readTextInput(io, path, 'key package');
  return { keyPackage: parsePackageText(json, path, 'key-package', parseKeyPackage), json };
}

/** Reads and strictly parses a public key package file. */
export async function loadPublicKeyPackage(io: CliIo, path: string): Promise<PublicKeyPackage> {
  const json = await readTextInput(io, path, 'public key package');
  return parsePackageText(json, path, 'public-key-package', parsePublicKeyPackage);
}

/** Reads a public key package of either frost-core generation (2.x files do not record min_signers). */
export async function loadPublicKeyPackageFile(io: CliIo, path: string): Promise<PublicKeyPackageFile> {
  const json = await readTextInput(io, path, 'public key package');
  return parsePackageText(json, path, 'public-key-package', readPublicKeyPackage);
}
