/** Live test signing from the browser controller: 3 participants, 2-of-3 sign over the in-memory network. */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../protocol/encoding';
import { verifyGroupSignature } from '../../protocol/signing';
import { threeToVerify, until } from './testBrowsers';

describe('live test signing (browser controller)', () => {
  it('after success, Bob asks; Bob and Alice sign; the signature verifies under the group key', async () => {
    const all = await threeToVerify({ suite: 'FROST-ED25519-SHA512-v1', t: 2, label: 'S' });
    const [alice, bob] = all;
    // Before success, live test signing is refused with the protocol's reason.
    expect(await bob.controller.testSign('too early')).toEqual({ ok: false, error: 'test signing needs a successful ceremony' });
    for (const b of all) await b.controller.confirmCode(true);
    for (const b of all) await until(b.store, (s) => s.phase === 'success' && s.success !== null, 'success');

    const r = await bob.controller.testSign('pay 1 sat to nobody');
    if (!r.ok) throw new Error(r.error);
    const s = bob.store.getState();
    // Default signers: me plus the first other roster members, t in all, in roster order.
    const bobIndex = s.roster.find((p) => p.id === s.me!.id)!.index;
    const firstOther = s.roster.find((p) => p.index !== bobIndex)!.index;
    const byIndex = (i: number) => s.roster.find((p) => p.index === i)!.id;
    expect(r.signers).toEqual([bobIndex, firstOther].sort((a, b) => a - b).map(byIndex));
    expect(verifyGroupSignature('ed25519', fromHex(s.success!.groupKeyHex), new TextEncoder().encode('pay 1 sat to nobody'), fromHex(r.signatureHex))).toBe(true);

    const tooLong = await alice.controller.testSign('x'.repeat(1025));
    expect(tooLong).toEqual({ ok: false, error: 'the message is 1025 bytes; at most 1024' });
  }, 60_000);
});
