/**
 * The headless participant's "safe to fund" step (issue 14): each proves its real backup file
 * (written to disk, read back, opened), confirms the address (asked, or --yes), signs its
 * acknowledgement; all reach "safe to fund" and write a funding receipt that `verify` accepts.
 * One that does not confirm the address never acknowledges, and the others name it while waiting.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryNetwork,
  createMemoryStateStore,
  decryptKeyPackageBackup,
  encryptKeyPackageBackup,
  generateBackupIdentity,
  outputsOf,
} from '../ceremony/index';
import {
  certificateOf,
  createParticipant,
  generateIdentity,
  sha256,
  toHex,
  verifyFundingReceipt,
} from '../protocol/index';
import { runHeadless } from './headless';
import { proveBackupOnDisk, writeFundingReceipt, type HeadlessBackup } from './headlessFunding';
import { humanLine, type ProgressEvent } from './headlessReport';

const rng = (n: number) => new Uint8Array(randomBytes(n));
const dir = mkdtempSync(join(tmpdir(), 'frost-headless-funding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ceremony(tag: string, answers: (boolean[] | undefined)[]) {
  const net = createMemoryNetwork();
  const ids = answers.map(() => generateIdentity(rng));
  const room = { id: `room-funding-${tag}`, secret: rng(32), coordinator: ids[0]!.publicKey };
  const events: ProgressEvent[][] = answers.map(() => []);
  const questions: string[][] = answers.map(() => []);
  const backups: HeadlessBackup[] = await Promise.all(
    answers.map(async () => ({ kind: 'identity' as const, identities: [(await generateBackupIdentity()).identity] })),
  );
  const outs = answers.map((_, i) => join(dir, `${tag}-${i + 1}`));
  const runs = answers.map((a, i) => {
    const queue = a ? [...a] : undefined;
    return runHeadless({
      state: createParticipant({
        identity: ids[i]!,
        name: ['Alice', 'Bob', 'Carol'][i]!,
        room,
        isCoordinator: i === 0,
        rng,
      }),
      transport: net.transport(toHex(ids[i]!.publicKey)),
      stateStore: createMemoryStateStore(),
      rng,
      autoConfirm: queue === undefined,
      ask: async (q) => {
        questions[i]!.push(q);
        return queue?.shift() ?? false;
      },
      ...(i === 0
        ? { coordinator: { plan: { suite: 'secp256k1-tr' as const, minSigners: 2, maxSigners: 3, label: 'funding' } } }
        : {}),
      emit: (e) => void events[i]!.push(e),
      writeOutputs: async () => [],
      funding: {
        proveBackup: (s) => proveBackupOnDisk(outs[i]!, s, backups[i]!),
        writeReceipt: (s) => writeFundingReceipt(outs[i]!, s),
      },
      lingerMs: 10,
      tickMs: 20,
      reminderMs: 50,
    });
  });
  return { runs, events, questions, outs, backups };
}

describe('headless "safe to fund"', () => {
  it('every participant proves its backup from disk, confirms the address, and all write a receipt that verifies', async () => {
    const { runs, events, questions, outs, backups } = await ceremony('ok', [undefined, [true, true], undefined]);
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    // Bob was asked: the code, then the address.
    expect(questions[1]![1]).toMatch(
      /Everybody reads the Bitcoin \(Taproot\) address aloud\. Is it exactly bc1p[0-9a-z]+ \? \[y\/N\]/,
    );
    // --yes is said to be automation, in the output.
    expect(
      events[0]!.some(
        (e) => e.t === 'info' && /--yes \(automation only\).*WITHOUT anyone comparing it aloud/.test(e.message),
      ),
    ).toBe(true);
    const cert = certificateOf(runs[0]!.ceremony.state())!;
    for (let i = 0; i < 3; i++) {
      const safe = events[i]!.find((e): e is Extract<ProgressEvent, { t: 'safe-to-fund' }> => e.t === 'safe-to-fund');
      expect(humanLine(safe!)).toMatch(
        /^Safe to fund: all 3 custodians have a working backup and checked the address \(bc1p/,
      );
      const receipt = readFileSync(join(outs[i]!, 'funding-receipt.json'), 'utf8');
      const check = verifyFundingReceipt(receipt, cert);
      expect(check.ok).toBe(true);
      // The proof is the hash of the very file on disk.
      const file = readFileSync(join(outs[i]!, `key-package-${i + 1}.json.age`));
      if (check.ok) expect(check.acknowledgements[i]!.backupProof).toBe(toHex(sha256(new Uint8Array(file))));
      // It is a v2 backup: the key package and the master key this participant used (for recovery).
      const b = backups[i]!;
      const opened = await decryptKeyPackageBackup(
        new Uint8Array(file),
        b.kind === 'identity' ? { identities: b.identities } : { passphrase: b.passphrase },
      );
      expect(opened.version).toBe('v2');
      expect(toHex(opened.masterSecret!)).toBe(runs[i]!.ceremony.state().master);
    }
    // An older backup on disk (key package only) is not proof: it could not recover the key.
    const alice = runs[0]!.ceremony.state();
    const oldDir = join(dir, 'old-backup');
    mkdirSync(oldDir, { recursive: true });
    const b0 = backups[0]!;
    const recipient = b0.kind === 'identity' ? await identityToRecipient(b0.identities[0]!) : '';
    writeFileSync(
      join(oldDir, 'key-package-1.json.age'),
      await encryptKeyPackageBackup(outputsOf(alice).keyPackageJson, { recipients: [recipient] }),
    );
    await expect(proveBackupOnDisk(oldDir, alice, b0)).rejects.toThrow(
      /does not open to your key package and master key: .*older backup without your master key/,
    );
  });

  it('a participant who does not confirm the address never acknowledges; the others are never safe to fund and name who they wait for', async () => {
    const { runs, events } = await ceremony('no', [undefined, [true, false], undefined]);
    const bob = await runs[1]!.done;
    expect(bob.exitCode).toBe(1);
    expect(bob.message).toMatch(/you did not confirm the Bitcoin \(Taproot\) address .*do NOT send funds/);
    // Alice waits, naming Bob, until stopped.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (
          events[0]!.some(
            (e) => e.t === 'waiting' && e.phase === 'the funding check' && e.for.map((p) => p.name).join() === 'Bob',
          )
        ) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    runs[0]!.stop(130, 'stopped');
    runs[2]!.stop(130, 'stopped');
    await Promise.all([runs[0]!.done, runs[2]!.done]);
    expect(events.flat().some((e) => e.t === 'safe-to-fund')).toBe(false);
    expect(runs[0]!.ceremony.snapshot().view.funding!.waitingFor).toEqual([2]);
  });
});
