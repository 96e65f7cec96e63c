import type { SuiteId } from '../../store/index';

/** Key types in plain words, in the order the Start screen offers them. */
export const SUITES: readonly { id: SuiteId; label: string; hint: string }[] = [
  { id: 'FROST-ED25519-SHA512-v1', label: 'Ed25519 (Solana, Zcash, Tor)', hint: 'The most common choice.' },
  {
    id: 'FROST-secp256k1-SHA256-TR-v1',
    label: 'secp256k1 Taproot / BIP-340 (Bitcoin)',
    hint: 'Bitcoin Taproot (Schnorr) keys.',
  },
  {
    id: 'FROST-secp256k1-SHA256-v1',
    label: 'secp256k1 (Ethereum-style ECDSA keys)',
    hint: 'secp256k1 keys with FROST Schnorr signatures.',
  },
  { id: 'FROST-P256-SHA256-v1', label: 'P-256 (NIST)', hint: 'For systems that require NIST curves.' },
  { id: 'FROST-RISTRETTO255-SHA512-v1', label: 'Ristretto255', hint: 'A prime-order group built on Curve25519.' },
  { id: 'FROST-ED448-SHAKE256-v1', label: 'Ed448', hint: 'Higher security level, larger keys.' },
];

/** The plain-words label of a suite (falls back to the ID). */
export function suiteLabel(id: SuiteId): string {
  return SUITES.find((s) => s.id === id)?.label ?? id;
}
