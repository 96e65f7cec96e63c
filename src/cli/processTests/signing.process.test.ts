/**
 * Signing rooms across processes (issue 17): a real `frost-ceremony serve`, a `create sign`
 * coordinator and two `join --key-package` custodians, each its own process with its own key
 * package of a 2-of-3 key; a PSBT (Carol answers on her terminal after reading it) and a message
 * (Bob refuses). Every process writes the same signature, and `verify-signing` checks the record
 * offline. A signer sending a bad share needs a test build's fault switch, which the shipped
 * binary compiles out: that case runs the same headless code in this process, against the real
 * server process, each custodian with its own WebSocket.
 */
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keyPackageToJson, publicKeyPackageToJson, type SigningRequest } from '../../protocol/index';
import { makeGroup, twoInputPsbt } from '../../protocol/signing/testing/fixtures';
import { createProcs, inviteOf, readJson, tempDir, type Proc } from './harness';
import type { ProgressEvent } from '../headlessReport';
import { verifySigningCommand } from '../verifySigning';
import { captureIo } from '../testing/testFixtures';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { createMemoryStateStore } from '../../ceremony/index';
import { createTransport, type TransportOptions } from '../../transport/index';
import { createParticipant, generateIdentity, signingCeremony, toHex, verifySigningRecord } from '../../protocol/index';
import { runHeadless } from '../headless';

const procs = createProcs();
afterEach(() => procs.killAll());
afterAll(() => procs.killAll());

type Signed = Extract<ProgressEvent, { t: 'signed' }>;

async function room(
  serverUrl: string,
  group: ReturnType<typeof makeGroup>,
  request: SigningRequest,
  opts: { ask?: number; refuse?: number } = {},
) {
  const dir = tempDir('sign-room');
  const names = ['Alice', 'Bob', 'Carol'];
  const pkpPath = join(dir, 'public-key-package.json');
  writeFileSync(pkpPath, publicKeyPackageToJson(group.pkp));
  const kpPaths = group.keyPackages.map((kp, i) => {
    const p = join(dir, `key-package-${i + 1}.json`);
    writeFileSync(p, keyPackageToJson(kp), { mode: 0o600 });
    return p;
  });
  const requestArgs =
    request.kind === 'psbt'
      ? (writeFileSync(join(dir, 'spend.psbt'), request.psbt),
        ['--psbt', join(dir, 'spend.psbt'), '--network', request.network])
      : (writeFileSync(join(dir, 'message.txt'), request.message), ['--message-file', join(dir, 'message.txt')]);
  const outDirs = names.map((n) => join(dir, n));
  const coordinator = procs.participant([
    'create',
    'sign',
    ...['--public-key-package', pkpPath, ...requestArgs, '--key-package', kpPaths[0]!],
    ...['--server', serverUrl, '--name', 'Alice', '--yes', '--relay-only', '--out', outDirs[0]!],
  ]);
  const invite = await inviteOf(coordinator);
  const joiners: Proc[] = [1, 2].map((i) =>
    procs.participant([
      'join',
      invite,
      ...['--name', names[i]!, '--key-package', kpPaths[i]!, '--out', outDirs[i]!, '--relay-only'],
      ...(opts.ask === i || opts.refuse === i ? [] : ['--yes']),
    ]),
  );
  const all = [coordinator, ...joiners];
  for (const i of [opts.ask, opts.refuse]) {
    if (i === undefined) continue;
    const p = all[i]!;
    // This custodian compares the code, then reads the request and answers it themself.
    await p.waitForStderr('Do all participants see the same code?');
    p.answer('y');
    await p.waitForStderr('Sign exactly this');
    p.answer(i === opts.refuse ? 'n' : 'y');
  }
  return { dir, all, outDirs, pkpPath };
}

describe('signing rooms across processes', () => {
  it('2-of-3 PSBT: Carol reads the transaction and approves; all three write the same transaction; the record verifies offline', async () => {
    const server = await procs.server();
    const group = makeGroup('secp256k1-tr', 2, 3);
    const psbt = twoInputPsbt(group.pkp);
    const r = await room(server.url, group, { kind: 'psbt', psbt, network: 'regtest' }, { ask: 2 });
    const signed = await Promise.all(r.all.map((p) => p.waitFor<Signed>((e) => e.t === 'signed', 'signed')));
    expect(await Promise.all(r.all.map((p) => p.exited))).toEqual([0, 0, 0]);
    expect(new Set(signed.map((s) => s.transaction)).size).toBe(1);
    // What Carol read on her terminal before answering.
    expect(r.all[2]!.stderr()).toMatch(/output 2: 0\.19990000 BTC to bcrt1p\w+ \(change back to the group\)/);
    for (const d of r.outDirs) {
      expect(readFileSync(join(d, 'transaction.hex'), 'utf8').trim()).toBe(signed[0]!.transaction);
      const cap = captureIo();
      const code = await verifySigningCommand(
        [join(d, 'signing-record.json'), '--public-key-package', r.pkpPath],
        cap.io,
      );
      expect(code, cap.stderr()).toBe(0);
    }
  }, 240_000);

  it('2-of-3 message: Bob refuses on his terminal; Alice and Carol sign; Bob is not a signer', async () => {
    const server = await procs.server();
    const group = makeGroup('ed25519', 2, 3);
    const r = await room(
      server.url,
      group,
      { kind: 'message', message: new TextEncoder().encode('Approve the 2027 budget') },
      { refuse: 1 },
    );
    const signed = await Promise.all(r.all.map((p) => p.waitFor<Signed>((e) => e.t === 'signed', 'signed')));
    expect(await Promise.all(r.all.map((p) => p.exited))).toEqual([0, 0, 0]);
    for (const s of signed) expect(s.signers.map((p) => p.name)).toEqual(['Alice', 'Carol']);
    const sig = readJson<{ signatures: string[] }>(join(r.outDirs[1]!, 'signature.json'));
    expect(sig.signatures).toEqual(signed[0]!.signatures);
    expect(existsSync(join(r.outDirs[1]!, 'transaction.hex'))).toBe(false);
  }, 240_000);

  it('2-of-3 PSBT through a real server process: a signer whose share is bad (test-build fault) is named and replaced', async () => {
    // The shipped binary compiles fault switches out, so the three custodians run the same headless
    // code in this (test) process, each with its own WebSocket to the real server, relay-only.
    const server = await procs.server();
    const group = makeGroup('secp256k1-tr', 2, 3);
    const psbt = twoInputPsbt(group.pkp);
    const rng = (n: number) => new Uint8Array(randomBytes(n));
    const names = ['Alice', 'Bob', 'Carol'];
    const ids = names.map(() => generateIdentity(rng));
    const roomId = `sign-${toHex(rng(8))}`;
    const room = { id: roomId, secret: rng(32), coordinator: ids[0]!.publicKey };
    const events: ProgressEvent[][] = names.map(() => []);
    const runs = names.map((name, i) =>
      runHeadless({
        state: createParticipant({
          identity: ids[i]!,
          name,
          room,
          isCoordinator: i === 0,
          rng,
          keyPackage: keyPackageToJson(group.keyPackages[i]!),
          ...(name === 'Bob' ? { fault: 'bad-share' as const } : {}),
        }),
        transport: createTransport({
          iceServers: [],
          serverUrl: server.url,
          roomId,
          selfId: toHex(ids[i]!.publicKey),
          relayOnly: true,
          WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
          backoff: { baseMs: 250, maxMs: 3000 },
        }),
        stateStore: createMemoryStateStore(),
        rng,
        autoConfirm: true,
        ask: async () => false,
        ...(i === 0
          ? {
              coordinator: {
                plan: {
                  suite: group.pkp.suite,
                  minSigners: 2,
                  maxSigners: 3,
                  label: 'spend',
                  signing: {
                    publicKeyPackage: publicKeyPackageToJson(group.pkp),
                    request: signingCeremony.requestToJson({ kind: 'psbt', psbt, network: 'regtest' }),
                  },
                },
              },
            }
          : {}),
        emit: (e) => void events[i]!.push(e),
        writeOutputs: async () => [],
        writeSigningOutputs: async () => [],
      }),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    for (const [i, r] of runs.entries()) {
      const signed = events[i]!.find((e) => e.t === 'signed') as Signed;
      expect(signed.blamed.map((p) => p.name)).toEqual(['Bob']);
      expect(signed.signers.map((p) => p.name)).toEqual(['Alice', 'Carol']);
      const record = r.ceremony.state().session!.signing!.record!;
      const check = verifySigningRecord(record, group.pkp);
      expect(check.ok && check.summary.blamed).toEqual([2]);
    }
  }, 240_000);

  it('custodians killed (SIGKILL) while asked and right after approving resume from their state files; the room signs once', async () => {
    const server = await procs.server();
    const group = makeGroup('ed25519', 2, 3);
    const dir = tempDir('sign-resume');
    const pkpPath = join(dir, 'pkp.json');
    writeFileSync(pkpPath, publicKeyPackageToJson(group.pkp));
    const kp = group.keyPackages.map((k, i) => {
      const p = join(dir, `kp${i + 1}.json`);
      writeFileSync(p, keyPackageToJson(k), { mode: 0o600 });
      return p;
    });
    writeFileSync(join(dir, 'm.txt'), 'Renew the lease');
    const out = ['a', 'b', 'c'].map((x) => join(dir, x));
    const state = ['b', 'c'].map((x) => join(dir, `${x}.state`));
    const alice = procs.participant([
      ...['create', 'sign', '--public-key-package', pkpPath, '--message-file', join(dir, 'm.txt')],
      ...[
        '--key-package',
        kp[0]!,
        '--server',
        server.url,
        '--name',
        'Alice',
        '--yes',
        '--relay-only',
        '--out',
        out[0]!,
      ],
    ]);
    const invite = await inviteOf(alice);
    const join_ = (i: number, extra: string[]) =>
      procs.participant(['join', '--state', state[i - 1]!, '--out', out[i]!, '--relay-only', ...extra]);
    const bob = join_(1, [invite, '--name', 'Bob', '--key-package', kp[1]!, '--yes']);
    const carol = join_(2, [invite, '--name', 'Carol', '--key-package', kp[2]!]);
    // Bob dies right after his approval went out; Carol dies while the question is on her screen.
    await carol.waitForStderr('Do all participants see the same code?');
    carol.answer('y');
    await bob.waitFor((e) => e.t === 'answered', 'Bob answered');
    bob.child.kill('SIGKILL');
    await carol.waitForStderr('Sign exactly this');
    carol.child.kill('SIGKILL');
    expect(await bob.exited).toBe('SIGKILL');
    expect(await carol.exited).toBe('SIGKILL');
    const bob2 = join_(1, ['--yes']);
    const carol2 = join_(2, []);
    // Resumed, Carol is asked again (she never answered) and approves.
    await carol2.waitForStderr('Sign exactly this');
    carol2.answer('y');
    const all = [alice, bob2, carol2];
    const signed = await Promise.all(all.map((p) => p.waitFor<Signed>((e) => e.t === 'signed', 'signed')));
    expect(await Promise.all(all.map((p) => p.exited))).toEqual([0, 0, 0]);
    expect(new Set(signed.map((x) => JSON.stringify(x.signatures))).size).toBe(1);
    // Nobody saw two different messages from one sender (no second approval, commitment or share).
    const refused = [alice, bob, carol, bob2, carol2].flatMap((p) =>
      p.events.filter((e) => e.t === 'rejected' && ['equivocation', 'duplicate-different'].includes(e.code)),
    );
    expect(refused).toEqual([]);
  }, 240_000);
});
