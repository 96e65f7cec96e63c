/**
 * Live test signing from the browser controller: 3 participants over the in-memory network; Bob
 * asks, the other chosen signer must approve on its own screen before its share goes out, and
 * only the domain-separated test message is ever signed (SECURITY.md, "Test signing is not a
 * signing oracle").
 */
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../ceremony/index';
import { fromHex, utf8, verifyGroupSignature, testSignMessage } from '../protocol/index';
import type { TestSignResult } from '../store/index';
import { browser, threeToVerify, until, type Browser } from './testing/testBrowsers';

async function successful(net = createMemoryNetwork()) {
  const all = await threeToVerify({ suite: 'FROST-ED25519-SHA512-v1', t: 2, label: 'S' }, net);
  for (const b of all) await b.controller.confirmCode(true);
  for (const b of all) await until(b.store, (s) => s.phase === 'success' && s.success !== null, 'success');
  const [, bob] = all;
  const s = bob.store.getState();
  // Default signers: Bob plus the first other roster member; the third is not asked.
  const bobIndex = s.roster.find((p) => p.id === s.me!.id)!.index;
  const otherIndex = s.roster.find((p) => p.index !== bobIndex)!.index;
  const idOf = (i: number) => s.roster.find((p) => p.index === i)!.id;
  const signer = all.find((b) => b.store.getState().me!.id === idOf(otherIndex))!;
  const bystander = all.find((b) => b !== bob && b !== signer)!;
  return { all, bob, signer, bystander, signers: [bobIndex, otherIndex].sort((a, b) => a - b).map(idOf) };
}

/** The session id the protocol binds into the test message, read from the saved ceremony state. */
async function sessionIdOf(b: Browser): Promise<string> {
  const saved = await b.stores.get(`ceremony:${b.store.getState().room!.roomId}`)!.load();
  return (JSON.parse(saved!) as { session: { id: string } }).session.id;
}

describe('live test signing (browser controller)', () => {
  it('Bob asks; the other signer sees the text and who asked, and nothing of theirs goes out before they approve', async () => {
    const { bob, signer, bystander, signers } = await successful();
    expect(await bob.controller.testSign('x\u202e')).toEqual({ ok: false, error: expect.stringMatching(/printable/) });
    let result: TestSignResult | null = null;
    const pending = bob.controller.testSign('pay 1 sat to nobody').then((r) => (result = r));

    const shown = (await until(signer.store, (s) => s.testSignRequest?.approval === 'pending', 'the approval prompt'))
      .testSignRequest!;
    const bobId = bob.store.getState().me!.id;
    expect(shown).toMatchObject({ requester: bobId, text: 'pay 1 sat to nobody', signers, status: 'collecting' });
    // Bob holds only his own commitment; the signer's has not gone out; Bob still waits.
    await until(bob.store, (s) => s.testSignRequest?.committed.length === 1, 'Bob committed');
    expect(bob.store.getState().testSignRequest!.committed).toEqual([bobId]);
    expect(result).toBeNull();
    expect(
      (await until(bystander.store, (s) => s.testSignRequest !== null, 'the bystander sees it')).testSignRequest!
        .approval,
    ).toBe('none');

    await signer.controller.approveTestSign(shown.requestId, true);
    const r = await pending;
    if (!r.ok) throw new Error(r.error);
    expect(r.signers).toEqual(signers);
    const key = fromHex(bob.store.getState().success!.groupKeyHex);
    const done = (await until(signer.store, (s) => s.testSignRequest?.status === 'ok', 'ok on the signer'))
      .testSignRequest!;
    expect(done.signatureHex).toBe(r.signatureHex);
    // The signature is over the test message of this session, never over the bare text.
    expect(verifyGroupSignature('ed25519', key, utf8('pay 1 sat to nobody'), fromHex(r.signatureHex))).toBe(false);
  }, 120_000);

  it('the signature verifies over prefix || session id || text, and a second approval click is refused', async () => {
    const { bob, signer } = await successful();
    const pending = bob.controller.testSign('test signature');
    const shown = (await until(signer.store, (s) => s.testSignRequest?.approval === 'pending', 'the approval prompt'))
      .testSignRequest!;
    await signer.controller.approveTestSign(shown.requestId, true);
    const r = await pending;
    if (!r.ok) throw new Error(r.error);
    await expect(signer.controller.approveTestSign(shown.requestId, true)).rejects.toThrow(
      /not waiting for your answer/,
    );
    const key = fromHex(bob.store.getState().success!.groupKeyHex);
    const verifies = (sid: string) =>
      verifyGroupSignature('ed25519', key, testSignMessage(sid, 'test signature'), fromHex(r.signatureHex));
    expect(verifies(await sessionIdOf(signer))).toBe(true);
    expect(verifies('00'.repeat(32))).toBe(false);
  }, 120_000);

  it('after leaving, and after a reload, no request is answered', async () => {
    const net = createMemoryNetwork();
    const { bob, signer } = await successful(net);
    // The signer's tab reloads while Bob's request waits for approval.
    const pending = bob.controller.testSign('test signature');
    const shown = (await until(signer.store, (s) => s.testSignRequest?.approval === 'pending', 'the approval prompt'))
      .testSignRequest!;
    const reloaded = browser(net, signer.stores);
    expect(await reloaded.controller.resume()).toBe(true);
    const after = (await until(reloaded.store, (s) => s.testSignRequest?.status === 'failed', 'the old request ended'))
      .testSignRequest!;
    expect(after.error).toMatch(/reloaded/);
    await expect(reloaded.controller.approveTestSign(shown.requestId, true)).rejects.toThrow(
      /not waiting for your answer/,
    );
    expect(bob.store.getState().testSignRequest!.committed).toHaveLength(1);
    void pending;

    // The reloaded tab leaves: its saved ceremony answers no request again, even if reopened later.
    await reloaded.controller.leave();
    const saved = JSON.parse((await signer.stores.get(`ceremony:${bob.store.getState().room!.roomId}`)!.load())!) as {
      session: { testSignClosed?: boolean };
    };
    expect(saved.session.testSignClosed).toBe(true);
  }, 120_000);
});
