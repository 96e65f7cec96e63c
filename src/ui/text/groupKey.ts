import type { SuiteId } from '../../store/index';

/** How a group key is shown: the form the key type's tools expect first, the frost-rs form beside it. */
export interface GroupKeyForms {
  /** What to show and copy first. */
  primary: { hex: string; caption: string };
  /** The full frost-rs serialisation, when it differs from `primary` (null otherwise). */
  full: { hex: string; caption: string } | null;
}

const TAPROOT: SuiteId = 'FROST-secp256k1-SHA256-TR-v1';

/**
 * Issue 15.6: Bitcoin tools (BIP-340 signatures, BIP-341 outputs, descriptors) use the 32-byte
 * x-only key, not frost-rs's 33-byte compressed form (`02…`/`03…`). For Taproot keys the x-only
 * key comes first; the compressed form stays available, since frost-rs files carry it. The
 * x-only key is the compressed key without its first (parity) byte (BIP-340, "lift_x").
 */
export function groupKeyForms(suite: SuiteId | null, hex: string): GroupKeyForms {
  if (suite === TAPROOT && /^0[23][0-9a-f]{64}$/.test(hex)) {
    return {
      primary: { hex: hex.slice(2), caption: 'Taproot key (x-only, 32 bytes): the form Bitcoin tools use' },
      full: { hex, caption: 'Full form (33 bytes, as in the frost-rs files)' },
    };
  }
  return { primary: { hex, caption: 'Group public key' }, full: null };
}
