import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import {
  consumeNonce,
  createNonce,
  decodeNonceStore,
  emptyNonceStore,
  encodeNonceStore,
  pruneNonces,
} from './nonces.js';
import { round2Sign, type SigningPackage } from './rounds.js';
import { makeGroup } from './testing/fixtures.js';

const g = makeGroup('secp256k1-tr', 2, 3);
const rng = seededRng('nonces');
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

describe('nonce records', () => {
  it('one id, one nonce: creating an id twice is refused, even after it was used', () => {
    const a = createNonce(emptyNonceStore(), 's/1/0', g.keyPackages[0]!, rng);
    expect(code(() => createNonce(a.store, 's/1/0', g.keyPackages[0]!, rng))).toBe('nonce-exists');
    const used = consumeNonce(a.store, 's/1/0').store;
    expect(code(() => createNonce(used, 's/1/0', g.keyPackages[0]!, rng))).toBe('nonce-exists');
  });

  it('consumed once: a second consume is refused; an unknown id is refused', () => {
    const a = createNonce(emptyNonceStore(), 'x', g.keyPackages[0]!, rng);
    const c = consumeNonce(a.store, 'x');
    expect(c.store.records.get('x')!.secret).toBeNull();
    expect(a.store.records.get('x')!.secret).not.toBeNull(); // immutable: the old value is unchanged
    expect(code(() => consumeNonce(c.store, 'x'))).toBe('nonce-reused');
    expect(code(() => consumeNonce(c.store, 'y'))).toBe('nonce-unknown');
  });

  it('kill and resume between commitment and share: the persisted store signs once, and the store persisted after consuming refuses again', () => {
    const kp = g.keyPackages[1]!;
    const other = createNonce(emptyNonceStore(), 'n', g.keyPackages[0]!, rng);
    const mine = createNonce(emptyNonceStore(), 'n', kp, rng);
    const persistedAfterCommit = encodeNonceStore(mine.store); // persisted, then the commitment is sent; then the process dies
    const pkg: SigningPackage = {
      message: new Uint8Array(32).fill(5),
      commitments: [other.commitment, mine.commitment],
    };
    const resumed = decodeNonceStore(persistedAfterCommit);
    const c = consumeNonce(resumed, 'n');
    const persistedAfterConsume = encodeNonceStore(c.store); // persisted before the share is computed
    const share = round2Sign(kp, g.pkp, pkg, c.nonce);
    expect(share.identifier).toBe(2);
    // Crash after the share, reload: the nonce is gone for good.
    expect(code(() => consumeNonce(decodeNonceStore(persistedAfterConsume), 'n'))).toBe('nonce-reused');
    expect(persistedAfterConsume).not.toMatch(
      new RegExp(Buffer.from(mine.store.records.get('n')!.secret!.hiding).toString('hex')),
    );
  });

  it('pruning a finished session drops its records; a pruned fresh nonce can no longer be consumed', () => {
    let st = createNonce(emptyNonceStore(), 'old/1/0', g.keyPackages[0]!, rng).store;
    st = createNonce(st, 'new/1/0', g.keyPackages[0]!, rng).store;
    const pruned = pruneNonces(st, (r) => !r.id.startsWith('old/'));
    expect([...pruned.records.keys()]).toEqual(['new/1/0']);
    expect(code(() => consumeNonce(pruned, 'old/1/0'))).toBe('nonce-unknown');
  });

  it('decodeNonceStore is strict: garbage, duplicates, bad hex, unknown suite', () => {
    const good = JSON.parse(encodeNonceStore(createNonce(emptyNonceStore(), 'z', g.keyPackages[0]!, rng).store));
    const variants = [
      'not json',
      '{}',
      JSON.stringify({ ...good, format: 'x' }),
      JSON.stringify({ ...good, records: [good.records[0], good.records[0]] }),
      JSON.stringify({ ...good, records: [{ ...good.records[0], hiding: 'zz' }] }),
      JSON.stringify({ ...good, records: [{ ...good.records[0], suite: 'rsa' }] }),
      JSON.stringify({ ...good, records: [{ ...good.records[0], secret: { hiding: '00' } }] }),
    ];
    for (const v of variants) expect(code(() => decodeNonceStore(v))).toBe('bad-key-package');
  });

  it('an rng that returns the wrong length, a bad id or a broken key package is refused', () => {
    expect(code(() => createNonce(emptyNonceStore(), 'a', g.keyPackages[0]!, () => new Uint8Array(3)))).toBe(
      'bad-key-package',
    );
    expect(code(() => createNonce(emptyNonceStore(), '', g.keyPackages[0]!, rng))).toBe('bad-key-package');
    expect(code(() => createNonce(emptyNonceStore(), 'x'.repeat(257), g.keyPackages[0]!, rng))).toBe('bad-key-package');
    expect(
      code(() =>
        createNonce(emptyNonceStore(), 'a', { ...g.keyPackages[0]!, signingShare: new Uint8Array(32).fill(255) }, rng),
      ),
    ).toBe('bad-key-package');
  });
});
