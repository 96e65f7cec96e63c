/**
 * A `credentials.toml` for ZF frost-client (frost-tools, `frost-client/src/cli/config.rs`):
 *
 *   version = 0
 *   [contact.<name>]                      name, pubkey (hex)         — the other custodians
 *   [group.<hex verifying key>]           description, ciphersuite (frost-rs ID),
 *                                         public_key_package, key_package (hex of the
 *                                         frost-core 2.x postcard encodings), server_url?
 *   [group.<vk>.participant.<hex id>]     identifier (hex), pubkey (hex)
 *
 * frost-client is built on frost-core 2.2, so the public key package is written without
 * min_signers (its 2.x form). frost-client's own communication key pair is not here: it stays in
 * the custodian's frost-client config (`frost-client init`); this group goes next to it.
 */
import { toHex } from '../encoding.js';
import { encodeScalar } from '../dkg/group.js';
import type { KeyPackage, PublicKeyPackage, PublicKeyPackageFile } from '../dkg/types.js';
import { keyPackageToPostcard, publicKeyPackageToPostcard } from '../frostPostcard/index.js';
import { getSuite, type SuiteName } from '../suites.js';
import type { FrostClientContact } from './contact.js';

/** Suites frost-client handles (`ciphersuite_helper`: Ed25519Sha512 and PallasBlake2b512; we have no redpallas). */
export const FROST_CLIENT_SUITES: readonly SuiteName[] = ['ed25519'];

/** Why the file cannot be written; `identifiers` names the participants involved. */
export class FrostClientExportError extends Error {
  override readonly name = 'FrostClientExportError';
  constructor(
    message: string,
    readonly identifiers: readonly number[] = [],
  ) {
    super(message);
  }
}

export interface FrostClientGroupInput {
  keyPackage: KeyPackage;
  publicKeyPackage: PublicKeyPackage | PublicKeyPackageFile;
  description: string;
  serverUrl?: string;
  /** Contact of each participant by identifier: none, or every participant's. */
  contacts: ReadonlyMap<number, FrostClientContact>;
}

/** TOML basic string (TOML 1.0 §String): quotes, backslash and control characters escaped. */
function str(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A TOML key: bare when it may be, quoted otherwise. */
function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : str(k);
}

/** The group description frost-client shows: the ceremony label, else `FROST group <first 16 hex of the key>`. */
export function frostClientDescription(label: string, verifyingKey: Uint8Array): string {
  return label.trim() !== '' ? label : `FROST group ${toHex(verifyingKey).slice(0, 16)}`;
}

/** The `credentials.toml` text for one custodian's share of the group. SECRET: holds the key package. */
export function frostClientCredentials(input: FrostClientGroupInput): string {
  const { keyPackage: kp, publicKeyPackage: pkp } = input;
  if (!FROST_CLIENT_SUITES.includes(kp.suite))
    throw new FrostClientExportError(
      `frost-client supports Ed25519 (and RedPallas) groups only; this key is ${kp.suite}`,
    );
  if (pkp.suite !== kp.suite || toHex(pkp.verifyingKey) !== toHex(kp.verifyingKey))
    throw new FrostClientExportError('the key package and the public key package belong to different groups');
  const mine = pkp.verifyingShares.find((v) => v.identifier === kp.identifier);
  if (!mine || toHex(mine.verifyingShare) !== toHex(kp.verifyingShare))
    throw new FrostClientExportError(
      `participant ${kp.identifier}'s verifying share is not the one in the public key package`,
      [kp.identifier],
    );
  const ids = pkp.verifyingShares.map((v) => v.identifier);
  const unknown = [...input.contacts.keys()].filter((id) => !ids.includes(id));
  if (unknown.length > 0)
    throw new FrostClientExportError(
      `no participant ${unknown.join(', ')} in this group (participants: ${ids.join(', ')})`,
      unknown,
    );
  const missing = ids.filter((id) => !input.contacts.has(id));
  if (input.contacts.size > 0 && missing.length > 0)
    throw new FrostClientExportError(
      `frost-client needs every participant's contact; missing for participant ${missing.join(', ')}`,
      missing,
    );
  // frost-client's `import` refuses two contacts with one name or one key; so do we, naming them.
  const byName = new Map<string, number>();
  const byKey = new Map<string, number>();
  for (const [id, c] of input.contacts) {
    const sameName = byName.get(c.name);
    if (sameName !== undefined)
      throw new FrostClientExportError(
        `participants ${sameName} and ${id} have the same contact name ${JSON.stringify(c.name)}`,
        [sameName, id],
      );
    const sameKey = byKey.get(toHex(c.pubkey));
    if (sameKey !== undefined)
      throw new FrostClientExportError(`participants ${sameKey} and ${id} have the same communication key`, [
        sameKey,
        id,
      ]);
    byName.set(c.name, id);
    byKey.set(toHex(c.pubkey), id);
  }

  const suite = getSuite(kp.suite);
  const vk = toHex(pkp.verifyingKey);
  const lines = ['version = 0', ''];
  for (const [id, c] of [...input.contacts].sort((a, b) => (a[1].name < b[1].name ? -1 : 1))) {
    if (id === kp.identifier) continue; // oneself is frost-client's communication_key, not a contact
    lines.push(`[contact.${key(c.name)}]`, `name = ${str(c.name)}`, `pubkey = ${str(toHex(c.pubkey))}`, '');
  }
  lines.push(
    `[group.${vk}]`,
    `description = ${str(input.description)}`,
    `ciphersuite = ${str(suite.ciphersuiteId)}`,
    `public_key_package = ${str(toHex(publicKeyPackageToPostcard(pkp, 2)))}`,
    `key_package = ${str(toHex(keyPackageToPostcard(kp)))}`,
  );
  if (input.serverUrl !== undefined) lines.push(`server_url = ${str(input.serverUrl)}`);
  lines.push('');
  // frost-client keys participants by the hex of the serialised identifier (a BTreeMap<String, _>).
  const entries = ids
    .map((id) => [toHex(encodeScalar(suite, BigInt(id))), id] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  if (input.contacts.size === 0) lines.push(`[group.${vk}.participant]`, '');
  for (const [hex, id] of input.contacts.size > 0 ? entries : []) {
    const c = input.contacts.get(id) as FrostClientContact;
    lines.push(`[group.${vk}.participant.${hex}]`, `identifier = ${str(hex)}`, `pubkey = ${str(toHex(c.pubkey))}`, '');
  }
  return lines.join('\n');
}
