/**
 * ZF frost-client contacts (`frost-client/src/cli/contact.rs` of ZcashFoundation/frost-tools):
 * `Contact { version: Option<u8>, name: String, pubkey: PublicKey }`, postcard-encoded, then
 * bech32m with the human-readable part `zffrost` (`Contact::as_text`). `pubkey` is the
 * custodian's 32-byte communication key (X25519, used by frost-client's Noise channel).
 */
import { bech32m } from '@scure/base';
import { PostcardReader, PostcardWriter } from '../frostPostcard/bytes.js';
import { FrostPostcardError } from '../frostPostcard/errors.js';

/** A decoded frost-client contact. */
export interface FrostClientContact {
  name: string;
  /** 32-byte communication public key. */
  pubkey: Uint8Array;
}

/** Why a contact string was refused. */
export class FrostClientContactError extends Error {
  override readonly name = 'FrostClientContactError';
}

const HRP = 'zffrost';
// bech32 0.11 (what frost-client uses) decodes up to 1023 characters; BIP-173's 90 would cut long names.
const MAX_LENGTH = 1023;
const MAX_NAME_BYTES = 256;

/** Decodes a `zffrost1…` contact string as frost-client's `Contact::from_text`, more strictly. */
export function decodeContact(text: string): FrostClientContact {
  const s = text.trim();
  if (!s.toLowerCase().startsWith(`${HRP}1`))
    throw new FrostClientContactError('a frost-client contact starts with "zffrost1" (from `frost-client export`)');
  let words: number[];
  try {
    const d = bech32m.decode(s as `${string}1${string}`, MAX_LENGTH);
    if (d.prefix !== HRP) throw new Error(`prefix ${d.prefix}`);
    words = d.words;
  } catch (e) {
    throw new FrostClientContactError(
      `not a valid contact string (bech32m checksum or characters wrong: ${e instanceof Error ? e.message : String(e)}); copy it again in full`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = bech32m.fromWords(words);
  } catch {
    throw new FrostClientContactError('not a valid contact string (bad padding)');
  }
  try {
    const r = new PostcardReader(bytes);
    const tag = r.u8('version');
    if (tag !== 1) throw new FrostClientContactError('contact has no format version (frost-client writes version 0)');
    const version = r.u8('version');
    if (version !== 0) throw new FrostClientContactError(`contact format version ${version} is not supported (only 0)`);
    const nameLength = r.varint(MAX_NAME_BYTES, 'name');
    const nameBytes = r.raw(nameLength, 'name');
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(nameBytes);
    } catch {
      throw new FrostClientContactError('contact name is not UTF-8');
    }
    const keyLength = r.varint(0xffff, 'pubkey');
    if (keyLength !== 32) throw new FrostClientContactError(`contact public key is ${keyLength} bytes, expected 32`);
    const pubkey = r.raw(32, 'pubkey');
    r.end('contact');
    return { name, pubkey };
  } catch (e) {
    if (e instanceof FrostPostcardError) throw new FrostClientContactError(`not a valid contact: ${e.message}`);
    throw e;
  }
}

/** Encodes a contact as frost-client's `Contact::as_text` does (version Some(0)). */
export function encodeContact(c: FrostClientContact): string {
  const name = new TextEncoder().encode(c.name);
  if (c.pubkey.length !== 32) throw new RangeError('a communication key is 32 bytes');
  const bytes = new PostcardWriter().u8(1).u8(0).byteString(name).byteString(c.pubkey).bytes();
  return bech32m.encode(HRP, bech32m.toWords(bytes), MAX_LENGTH);
}
