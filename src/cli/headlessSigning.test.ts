/**
 * The headless participant in a signing room (issue 17): three custodians of a 2-of-3 key on a
 * network, the request shown in plain words to each, each answering on its own (`--yes` here is
 * automation); one signer sends a bad share (test build fault) and is named and replaced; all
 * three end with the same verified signature, transaction and a signing record that verifies.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork, createMemoryStateStore } from '../ceremony/index';
import {
  toHex,
  generateIdentity,
  createParticipant,
  keyPackageToJson,
  publicKeyPackageToJson,
  verifySigningRecord,
  signingCeremony,
  type SigningRequest,
} from '../protocol/index';
import { makeGroup, twoInputPsbt } from '../protocol/signing/testing/fixtures';
import { runHeadless } from './headless';
import type { ProgressEvent } from './headlessReport';

const rng = (n: number) => new Uint8Array(randomBytes(n));

async function signingRoom(group: ReturnType<typeof makeGroup>, request: SigningRequest, answers: boolean[]) {
  const net = createMemoryNetwork();
  const names = ['Alice', 'Bob', 'Carol'];
  const ids = names.map(() => generateIdentity(rng));
  const room = { id: `room-signing-${toHex(rng(4))}`, secret: rng(32), coordinator: ids[0]!.publicKey };
  const events: ProgressEvent[][] = names.map(() => []);
  const questions: string[][] = names.map(() => []);
  const plan = {
    suite: group.pkp.suite,
    minSigners: group.pkp.minSigners,
    maxSigners: 3,
    label: 'pay the supplier',
    signing: {
      publicKeyPackage: publicKeyPackageToJson(group.pkp),
      request: signingCeremony.requestToJson(request),
    },
  };
  const runs = names.map((name, i) =>
    runHeadless({
      state: createParticipant({
        identity: ids[i]!,
        name,
        room,
        isCoordinator: i === 0,
        rng,
        keyPackage: keyPackageToJson(group.keyPackages[i]!),
        // Bob's device is faulty: his signature share is altered (test builds only).
        ...(name === 'Bob' ? { fault: 'bad-share' as const } : {}),
      }),
      transport: net.transport(toHex(ids[i]!.publicKey)),
      stateStore: createMemoryStateStore(),
      rng,
      // The coordinator locks and confirms by --yes; the others answer the request on their terminal.
      autoConfirm: i === 0,
      ask: async (q) => {
        questions[i]!.push(q);
        return /same code/.test(q) ? true : answers[i]!;
      },
      ...(i === 0 ? { coordinator: { plan } } : {}),
      emit: (e) => void events[i]!.push(e),
      writeOutputs: async () => [],
      writeSigningOutputs: async () => ['signature.json', 'signing-record.json'],
      lingerMs: 10,
      tickMs: 20,
    }),
  );
  const results = await Promise.all(runs.map((r) => r.done));
  return { runs, results, events, questions, names };
}

describe('headless signing room', () => {
  it('2-of-3 PSBT: each sees inputs, outputs, change and fee; a bad signer is named and replaced; all verify', async () => {
    const group = makeGroup('secp256k1-tr', 2, 3);
    const psbt = twoInputPsbt(group.pkp);
    const { runs, results, events, questions } = await signingRoom(group, { kind: 'psbt', psbt, network: 'regtest' }, [
      true,
      true,
      true,
    ]);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    // Bob and Carol were asked, after reading the request; the same lines for all three.
    for (const i of [1, 2]) expect(questions[i]!.some((q) => /^Sign exactly this/.test(q))).toBe(true);
    const shown = events.map((es) => es.find((e) => e.t === 'request'));
    for (const r of shown) {
      expect(r).toBeDefined();
      const lines = (r as { lines: string[] }).lines.join('\n');
      expect(lines).toMatch(/input 1: 0\.50000000 BTC \(this key\)/);
      expect(lines).toMatch(/change back to the group/);
      expect(lines).toMatch(/fee: 0\.00010000 BTC \(50\.000 sat\/vB/);
    }
    expect(new Set(shown.map((r) => JSON.stringify(r))).size).toBe(1);
    const signed = events.map((es) => es.find((e) => e.t === 'signed') as Extract<ProgressEvent, { t: 'signed' }>);
    for (const s of signed) {
      expect(s.blamed.map((p) => p.name)).toEqual(['Bob']);
      expect(s.signers.map((p) => p.name)).toEqual(['Alice', 'Carol']);
      expect(s.transaction).toBe(signed[0]!.transaction);
    }
    for (const r of runs) {
      const record = r.ceremony.state().session!.signing!.record!;
      expect(verifySigningRecord(record, group.pkp).ok).toBe(true);
    }
  }, 180_000);

  it('2-of-3 message: Carol refuses on her terminal; Alice and Bob sign; Carol is never a signer', async () => {
    const group = makeGroup('ed25519', 2, 3);
    const message = new TextEncoder().encode('Approve the budget');
    const { results, events } = await signingRoom(group, { kind: 'message', message }, [true, true, false]);
    // Bob's share is bad and Carol refused: too few left, the room fails naming Bob, nothing signed.
    expect(results.map((r) => r.exitCode)).toEqual([1, 1, 1]);
    expect(results[0]!.message).toMatch(/not enough custodians approved/);
    expect(results[0]!.message).toMatch(/Bob/);
    expect(events[2]!.some((e) => e.t === 'answered' && !e.approve)).toBe(true);
    expect(events.flat().some((e) => e.t === 'signed')).toBe(false);
  }, 180_000);
});
