/**
 * Checks on the files a ceremony hands out, with the project's own protocol code: frost-rs
 * JSON shape and parsing, one group key, a test signature by t of the key packages, and that
 * no page ever shows a signing share.
 */
import { expect } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import {
  type KeyPackage,
  type PublicKeyPackage,
  toHex,
  identifierToHex,
  parseKeyPackage,
  parsePublicKeyPackage,
  testSign,
  verifyGroupSignature,
  getSuite,
  type SuiteName,
} from '../../src/protocol/index';
import type { Actor } from '../fixtures/ceremony-actors';

export interface KeyPackageFile {
  /** Who downloaded (or wrote) it. */
  owner: string;
  text: string;
  parsed: KeyPackage;
}

const KEY_PACKAGE_FIELDS = ['header', 'identifier', 'signing_share', 'verifying_share', 'verifying_key', 'min_signers'];
const PUBLIC_KEY_PACKAGE_FIELDS = ['header', 'verifying_shares', 'verifying_key', 'min_signers'];

/**
 * Parses a KeyPackage file with frostJson and checks that it is exactly frost-rs's serde shape:
 * field names and order, header, lowercase hex in the suite's lengths, identifier in the suite's
 * byte order.
 */
export function checkKeyPackageFile(owner: string, text: string, suite: SuiteName, minSigners: number): KeyPackageFile {
  const parsed = parseKeyPackage(text);
  const s = getSuite(suite);
  const raw = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(raw), `${owner}: frost-rs KeyPackage fields`).toEqual(KEY_PACKAGE_FIELDS);
  expect(raw.header, `${owner}: header`).toEqual({ version: 0, ciphersuite: s.ciphersuiteId });
  expect(parsed.suite).toBe(suite);
  expect(parsed.minSigners).toBe(minSigners);
  expect(raw.identifier).toBe(identifierToHex(s, parsed.identifier));
  expect(raw.signing_share).toMatch(new RegExp(`^[0-9a-f]{${2 * s.scalarBytes}}$`));
  expect(raw.verifying_key).toMatch(new RegExp(`^[0-9a-f]{${2 * s.elementBytes}}$`));
  return { owner, text, parsed };
}

/** Parses a PublicKeyPackage file and checks its frost-rs shape. */
export function checkPublicKeyPackageFile(
  text: string,
  suite: SuiteName,
  n: number,
  minSigners: number,
): PublicKeyPackage {
  const pkp = parsePublicKeyPackage(text);
  const raw = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(raw)).toEqual(PUBLIC_KEY_PACKAGE_FIELDS);
  expect(pkp.suite).toBe(suite);
  expect(pkp.minSigners).toBe(minSigners);
  expect(pkp.verifyingShares.map((v) => v.identifier)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  return pkp;
}

/**
 * All key packages belong to one group: the same verifying key (also the one on screen),
 * distinct identifiers, each verifying share listed in the public key package.
 */
export function checkOneGroup(files: readonly KeyPackageFile[], pkp: PublicKeyPackage, groupKeyOnScreen: string): void {
  for (const f of files) {
    expect(toHex(f.parsed.verifyingKey), `${f.owner}'s file: group key`).toBe(groupKeyOnScreen);
    const listed = pkp.verifyingShares.find((v) => v.identifier === f.parsed.identifier);
    expect(listed, `${f.owner}'s identifier ${f.parsed.identifier} in the public key package`).toBeDefined();
    expect(toHex(listed!.verifyingShare)).toBe(toHex(f.parsed.verifyingShare));
  }
  expect(toHex(pkp.verifyingKey)).toBe(groupKeyOnScreen);
  expect(new Set(files.map((f) => f.parsed.identifier)).size, 'distinct identifiers').toBe(files.length);
}

/** FROST-signs a message with the given key packages and verifies it under the group key. */
export function signAndVerify(signers: readonly KeyPackageFile[], pkp: PublicKeyPackage, message: string): Uint8Array {
  const msg = new TextEncoder().encode(message);
  const sig = testSign(
    signers.map((s) => s.parsed),
    pkp,
    msg,
    (n) => new Uint8Array(randomBytes(n)),
  );
  expect(verifyGroupSignature(pkp.suite, pkp.verifyingKey, msg, sig), 'signature verifies').toBe(true);
  // …and not for another message: the check can fail.
  expect(verifyGroupSignature(pkp.suite, pkp.verifyingKey, new TextEncoder().encode(`${message}!`), sig)).toBe(false);
  return sig;
}

/** No page shows any of the signing shares: not in its text, not anywhere in its HTML. */
export async function expectNoSigningShareOnAnyPage(
  actors: readonly Actor[],
  files: readonly KeyPackageFile[],
): Promise<void> {
  const shares = files.map((f) => ({ owner: f.owner, hex: toHex(f.parsed.signingShare) }));
  for (const a of actors) {
    const { html, text } = await a.page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      text: document.body.innerText,
    }));
    const inputs = await a.page
      .locator('input, textarea')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).join('\n'));
    for (const s of shares) {
      expect(html.toLowerCase().includes(s.hex), `${a.name}'s page HTML shows ${s.owner}'s signing share`).toBe(false);
      expect(text.toLowerCase().includes(s.hex), `${a.name}'s page text shows ${s.owner}'s signing share`).toBe(false);
      expect(inputs.toLowerCase().includes(s.hex), `${a.name}'s inputs hold ${s.owner}'s signing share`).toBe(false);
    }
  }
}
