/**
 * Node-only IdentityCrypto on node:crypto's native Ed25519 (several times faster than pure
 * JS). Same keys, same signatures (Ed25519 is deterministic). Not exported from index.ts so
 * browser bundles never import node:crypto; the CLI and benchmarks import it directly.
 *
 * Verdicts are exactly `verifyEd25519`'s (ed25519Verdict.ts), not OpenSSL's: OpenSSL accepts
 * small-order public keys and checks the cofactorless equation, so on its own it would accept
 * forgeries under a small-order key that the app rejects, and reject mixed-order-R signatures
 * the app accepts. OpenSSL's "valid" is used only where `nativeVerdictUsable` proves the strict
 * check agrees; anything else is decided by noble.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { nativeVerdictUsable, verifyEd25519, type IdentityCrypto } from '../protocol/index.js';

/** node:crypto's own verdict (OpenSSL rules). Never a verdict on its own: see the file comment. */
export function opensslVerify(
  sig: Uint8Array,
  msg: Uint8Array,
  pk: Uint8Array,
  keyOf: (pk: Uint8Array) => KeyObject = importPublicKey,
): boolean {
  if (sig.length !== 64 || pk.length !== 32) return false;
  try {
    return verify(null, msg, keyOf(pk), sig);
  } catch {
    return false;
  }
}

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function importPublicKey(pk: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: 'der', type: 'spki' });
}

export function createNodeIdentityCrypto(): IdentityCrypto {
  const pubs = new Map<string, KeyObject>();
  const pubKey = (pk: Uint8Array): KeyObject => {
    const k = Buffer.from(pk).toString('hex');
    let o = pubs.get(k);
    if (!o) {
      o = importPublicKey(pk);
      if (pubs.size > 1000) pubs.clear();
      pubs.set(k, o);
    }
    return o;
  };
  const privs = new Map<string, KeyObject>();
  const privKey = (sk: Uint8Array): KeyObject => {
    const k = Buffer.from(sk).toString('hex');
    let o = privs.get(k);
    if (!o) {
      o = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, sk]), format: 'der', type: 'pkcs8' });
      if (privs.size > 100) privs.clear();
      privs.set(k, o);
    }
    return o;
  };
  return {
    publicKey(sk) {
      const der = createPublicKey(privKey(sk)).export({ format: 'der', type: 'spki' });
      return new Uint8Array(der.subarray(der.length - 32));
    },
    sign: (msg, sk) => new Uint8Array(sign(null, msg, privKey(sk))),
    verify(sig, msg, pk) {
      if (nativeVerdictUsable(sig, pk) && opensslVerify(sig, msg, pk, pubKey)) return true;
      return verifyEd25519(sig, msg, pk);
    },
  };
}
