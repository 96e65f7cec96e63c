/**
 * Known answers for the public facts confirmed after round 3 (transcript.ts): the hash of a
 * PublicKeyPackage (independent of share order) and the transcript hash (session id and the
 * round-1 content hashes in identifier order). Frozen: confirmations of two versions that hashed
 * differently would blame honest participants.
 */
import { describe, expect, it } from 'vitest';
import { publicKeyPackageHash, transcriptHash } from './transcript.js';

const filled = (b: number) => new Uint8Array(32).fill(b);

describe('transcript and package hash known answers', () => {
  it('PublicKeyPackage hash, shares given out of order', () => {
    const h = publicKeyPackageHash({
      suite: 'ed25519',
      minSigners: 2,
      verifyingShares: [
        { identifier: 2, verifyingShare: filled(0x62) },
        { identifier: 1, verifyingShare: filled(0x61) },
      ],
      verifyingKey: filled(0x60),
    });
    expect(h).toBe('e0ffd0d13c332cbeed13bd4054a7020a764b70ff907eb7392b9f7832f80623db');
  });

  it('transcript hash of a fixed session id and two round-1 hashes', () => {
    const round1 = ['71'.repeat(32), '72'.repeat(32)];
    expect(transcriptHash('51'.repeat(32), round1)).toBe(
      'eef52b6209189da44e3aab3d127c2235b3d1bbf21974565f09ea04230d6c8e2e',
    );
  });
});
