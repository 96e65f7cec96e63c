/**
 * The headless participant and test signing (SECURITY.md, "Test signing is not a signing oracle"):
 * without --answer-test-signing it closes test signing at success and answers nothing; with it,
 * every request is asked on the terminal, and --yes approves only the default text.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Ceremony, createMemoryNetwork, outputsOf, createMemoryStateStore } from '../ceremony/index';
import {
  fromHex,
  toHex,
  generateIdentity,
  createParticipant,
  type CeremonyView,
  verifyGroupSignature,
  testSignMessage,
} from '../protocol/index';
import { runHeadless } from './headless';
import type { ProgressEvent } from './headlessReport';

const rng = (n: number) => new Uint8Array(randomBytes(n));

/** Resolves with the view once `pred` holds for this ceremony (checked on every change). */
function when(c: Ceremony, pred: (v: CeremonyView) => boolean): Promise<CeremonyView> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const v = c.snapshot().view;
      if (!pred(v)) return false;
      unsubscribe();
      resolve(v);
      return true;
    };
    const unsubscribe = c.subscribe(() => void check());
    check();
  });
}

describe('headless participant: test signing', () => {
  it('asks for every request (who asked, the text); --yes approves only "test signature"; a participant that is done answers nothing', async () => {
    const net = createMemoryNetwork();
    const names = ['Alice', 'Bob', 'Carol'];
    const ids = names.map(() => generateIdentity(rng));
    const room = { id: 'room-headless-test-sign', secret: rng(32), coordinator: ids[0]!.publicKey };
    const questions: string[][] = names.map(() => []);
    const events: ProgressEvent[][] = names.map(() => []);
    const runs = names.map((name, i) =>
      runHeadless({
        state: createParticipant({ identity: ids[i]!, name, room, isCoordinator: i === 0, rng }),
        transport: net.transport(toHex(ids[i]!.publicKey)),
        stateStore: createMemoryStateStore(),
        rng,
        autoConfirm: true,
        // Every test-signing question is answered no on the terminal.
        ask: async (q) => {
          questions[i]!.push(q);
          return false;
        },
        answerTestSigning: name !== 'Carol',
        ...(i === 0
          ? { coordinator: { plan: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'unit' } } }
          : {}),
        emit: (e) => void events[i]!.push(e),
        writeOutputs: async (s) => [`key-package-${outputsOf(s).identifier}.json`],
        lingerMs: 10,
        tickMs: 20,
      }),
    );
    const [alice, bob, carol] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    // Carol is done after success: test signing closed, then she leaves with exit code 0.
    expect((await carol.done).exitCode).toBe(0);
    expect(carol.ceremony.state().session!.testSignClosed).toBe(true);
    await when(alice.ceremony, (v) => v.phase === 'success');
    await when(bob.ceremony, (v) => v.phase === 'success');
    await when(alice.ceremony, () => events[0]!.some((e) => e.t === 'info' && /staying in the room/.test(e.message)));
    const roster = alice.ceremony.snapshot().view.roster;
    const idOf = (name: string) => roster.find((p) => p.name === name)!.id!;

    // The default text: Bob's --yes approves it without a question; the signature covers the test message.
    await alice.ceremony.dispatch({ type: 'testSign', text: 'test signature', signers: [idOf('Alice'), idOf('Bob')] });
    const ok = await when(alice.ceremony, (v) => v.testSign.status !== 'collecting');
    expect(ok.testSign).toMatchObject({ status: 'ok', text: 'test signature' });
    expect(questions[1]).toEqual([]);
    const sid = alice.ceremony.state().session!.id;
    expect(
      verifyGroupSignature(
        'ed25519',
        fromHex(ok.groupKey.hex!),
        testSignMessage(sid, 'test signature'),
        fromHex(ok.testSign.signatureHex!),
      ),
    ).toBe(true);

    // Another text: asked on Bob's terminal with who asked and the text; he says no; nothing of his goes out.
    await alice.ceremony.dispatch({ type: 'testSign', text: 'pay Mallory', signers: [idOf('Alice'), idOf('Bob')] });
    const declined = await when(
      bob.ceremony,
      (v) => v.testSign.text === 'pay Mallory' && v.testSign.approval === 'declined',
    );
    expect(questions[1]).toEqual([
      expect.stringMatching(
        /^Alice \(#1, fingerprint [^)]+\) asks you to sign the test text "pay Mallory" \(signers: Alice, Bob\)\. Sign it\? \[y\/N\] $/,
      ),
    ]);
    expect(declined.testSign.committed).not.toContain(idOf('Bob'));
    expect(bob.ceremony.state().session!.testSign).toMatchObject({ nonces: null, shares: {} });
    expect(alice.ceremony.snapshot().view.testSign).toMatchObject({ status: 'collecting', committed: [idOf('Alice')] });

    // Ctrl-C after success: test signing closed, a successful exit.
    bob.stop(130, 'stopped by SIGINT');
    alice.stop(130, 'stopped by SIGINT');
    expect((await bob.done).exitCode).toBe(0);
    expect((await alice.done).exitCode).toBe(0);
    expect(bob.ceremony.state().session!.testSignClosed).toBe(true);
  }, 120_000);
});
