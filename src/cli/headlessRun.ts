/**
 * Node wiring shared by `join` and `create`: the state file, the real transport (WebSocket
 * from `ws`, WebRTC from `@roamhq/wrtc`), the terminal prompt, writing the output files, and
 * a clean shutdown on SIGINT/SIGTERM.
 */
import {
  frostClientCredentialsOfState,
  parseInvite,
  outputsOf,
  createMemoryStateStore,
  type StateStore,
} from '../ceremony/index';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  certificateOf,
  fingerprint,
  type Rng,
  deserialize,
  serialize,
  type ParticipantState,
  parseKeyPackage,
  publicKeyPackageToJson,
  readPublicKeyPackage,
  keyPackageToPostcard,
  publicKeyPackageToPostcard,
  signingRoomView,
} from '../protocol/index';
import { fetchClientConfig, createTransport, type Transport, type TransportOptions } from '../transport/index';
import { createFileStateStore } from './fileStateStore';
import { runHeadless } from './headless';
import { createReporter, type ProgressEvent } from './headlessReport';
import {
  headlessStateStore,
  loadHeadlessState,
  HeadlessStateError,
  type HeadlessMeta,
  type SavedHeadless,
} from './headlessState';
import { CommandError, writeFileSafely, type CliIo } from './output';
import { headlessBackupOption, proveBackupOnDisk, writeFundingReceipt } from './headlessFunding';
import { importOptional, MissingOptionalDependencyError } from '../server/index';

/** Randomness of the headless participant (identity, ephemeral keys, DKG secrets). */
export const nodeRng: Rng = (n) => new Uint8Array(randomBytes(n));

/** Flags common to `join` and `create`. */
export interface ParticipantFlags {
  statePath: string | undefined;
  outDir: string;
  yes: boolean;
  /** join: accept a 1-of-n key; create: allow one (see --allow-single-signer). */
  allowSingleSigner: boolean;
  /** With --yes: also accept a restarted attempt whose key needs every piece (t = n). */
  acceptSmallerGroup?: boolean;
  /** After success, stay and answer test-signing requests until Ctrl-C. */
  answerTestSigning: boolean;
  relayOnly: boolean;
  jsonEvents: boolean;
  /** `--frost-core 2`: also write the frost-core 2.x forms (JSON without min_signers, postcard). */
  frostCore?: 2 | 3;
  /** "Safe to fund": how to encrypt the backup that is proven after success (at most one). */
  backupPassphraseFile?: string | undefined;
  backupIdentityFile?: string | undefined;
}

/** Opens `--state FILE` (if given) and returns what it holds (undefined when new). */
export async function openStateFile(
  statePath: string | undefined,
): Promise<{ file: StateStore | undefined; saved: SavedHeadless | undefined }> {
  if (statePath === undefined) return { file: undefined, saved: undefined };
  const file = createFileStateStore(statePath);
  try {
    return { file, saved: await loadHeadlessState(file, statePath) };
  } catch (e) {
    if (e instanceof HeadlessStateError) throw new CommandError(e.message);
    throw e;
  }
}

/** The machine state stored in a state file, checked. */
export function restoreMachine(saved: SavedHeadless, statePath: string): ParticipantState {
  try {
    return deserialize(saved.machine);
  } catch (e) {
    const msg = (e as Error).message;
    // An older format is named as such (serialize.ts), not reported as damage.
    throw new CommandError(
      msg.startsWith('saved participant state format')
        ? `state file ${statePath}: ${msg}`
        : `state file ${statePath} is damaged: ${msg}`,
    );
  }
}

/**
 * Writes key-package-<i>.json (0600), public-key-package.json, certificate.json and, when
 * complete, credentials.toml (0600) into `outDir`. With `frostCore` 2 (`--frost-core 2`) also the
 * forms tools on frost-core 2.x read (issue 14): public-key-package.frost-core-2.json (no
 * min_signers) and the binary postcard encodings public-key-package.frost-core-2.bin and
 * key-package-<i>.bin (0600; a KeyPackage is the same in both generations).
 */
export async function writeCeremonyOutputs(
  outDir: string,
  state: ParticipantState,
  frostCore: 2 | 3 = 3,
): Promise<string[]> {
  const outputs = outputsOf(state);
  const certificate = certificateOf(state);
  if (certificate === null) throw new CommandError('the ceremony succeeded but no certificate could be built');
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const files: [string, string, number][] = [
    [join(outDir, `key-package-${outputs.identifier}.json`), outputs.keyPackageJson, 0o600],
    [join(outDir, 'public-key-package.json'), outputs.publicKeyPackageJson, 0o644],
    [join(outDir, 'certificate.json'), certificate, 0o644],
  ].map(([p, t, m]) => [p, `${t}\n`, m] as [string, string, number]);
  // ZF frost-client's credentials.toml (SECRET: holds the key package), only when every roster
  // member gave a contact in their signed Hello and the suite is one frost-client reads (issue 14 d).
  const fc = frostClientCredentialsOfState(state);
  if ('text' in fc) files.push([join(outDir, 'credentials.toml'), fc.text, 0o600]);
  const binaries: [string, Uint8Array, number][] = [];
  if (frostCore === 2) {
    const pkp = readPublicKeyPackage(outputs.publicKeyPackageJson);
    files.push([join(outDir, 'public-key-package.frost-core-2.json'), `${publicKeyPackageToJson(pkp, 2)}\n`, 0o644]);
    binaries.push([join(outDir, 'public-key-package.frost-core-2.bin'), publicKeyPackageToPostcard(pkp, 2), 0o644]);
    binaries.push([
      join(outDir, `key-package-${outputs.identifier}.bin`),
      keyPackageToPostcard(parseKeyPackage(outputs.keyPackageJson)),
      0o600,
    ]);
  }
  for (const [path, bytes] of binaries) {
    const existing = await readFile(path).catch(() => undefined);
    if (existing !== undefined && Buffer.compare(existing, bytes) !== 0)
      throw new CommandError(
        `${path} already exists with other content; refusing to overwrite it (your outputs are still in the state file)`,
      );
  }
  for (const [path, text] of files) {
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    // A resumed run may write the same files again; never replace another ceremony's key.
    if (existing !== undefined && existing !== text)
      throw new CommandError(
        `${path} already exists with other content; refusing to overwrite it (your outputs are still in the state file)`,
      );
  }
  for (const [path, text, mode] of files) await writeFileSafely(path, text, { mode, overwrite: true });
  for (const [path, bytes, mode] of binaries) await writeFileSafely(path, bytes, { mode, overwrite: true });
  return [...files.map(([p]) => p), ...binaries.map(([p]) => p)];
}

/**
 * A signing room's outputs (issue 17): signature.json (the request hash and one signature per
 * signed message, hex), transaction.hex for a PSBT, and signing-record.json (signed by me; check
 * it with `frost-ceremony verify-signing`). Nothing here is secret.
 */
export async function writeSigningOutputs(outDir: string, state: ParticipantState): Promise<string[]> {
  const room = signingRoomView(state);
  if (!room || room.status !== 'done' || room.record === null)
    throw new CommandError('the signing is not finished; nothing to write');
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const files: [string, string][] = [
    [
      join(outDir, 'signature.json'),
      `${JSON.stringify({ suite: room.key.suite, verifyingKey: room.key.verifyingKey, requestHash: room.requestHash, signatures: room.signatures }, null, 2)}\n`,
    ],
    [join(outDir, 'signing-record.json'), `${room.record}\n`],
    ...(room.transaction !== null
      ? [[join(outDir, 'transaction.hex'), `${room.transaction}\n`] as [string, string]]
      : []),
  ];
  for (const [path, text] of files) {
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== text)
      throw new CommandError(`${path} already exists with other content; refusing to overwrite it`);
  }
  for (const [path, text] of files) await writeFileSafely(path, text, { mode: 0o644, overwrite: true });
  return files.map(([p]) => p);
}

/** A new ceremony must not write into a directory that already holds a ceremony's outputs. */
export async function checkOutDirFree(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  const taken = names.filter(
    (n) =>
      /^key-package-\d+\.json$/.test(n) ||
      n === 'public-key-package.json' ||
      n === 'certificate.json' ||
      n === 'credentials.toml' ||
      n === 'funding-receipt.json' ||
      n === 'signature.json' ||
      n === 'signing-record.json' ||
      n === 'transaction.hex',
  );
  if (taken.length > 0)
    throw new CommandError(
      `${outDir} already holds ${taken.sort().join(', ')} from a ceremony; choose another --out directory`,
    );
}

/** A yes/no prompt on the terminal (question on stderr, answer from stdin). */
function createPrompt(io: CliIo): { ask: (q: string) => Promise<boolean>; close: () => void; interrupt: () => void } {
  let rl: ReturnType<typeof createInterface> | undefined;
  /** A question is on screen, and nothing has been printed after it yet. */
  let dangling = false;
  const lines: string[] = [];
  let waiter: ((line: string | null) => void) | undefined;
  let closed = false;
  function open(): void {
    if (rl) return;
    rl = createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (l) => {
      const w = waiter;
      waiter = undefined;
      if (w) w(l);
      else lines.push(l);
    });
    rl.on('close', () => {
      closed = true;
      waiter?.(null);
    });
  }
  return {
    async ask(q) {
      open();
      io.stderr(q);
      dangling = true;
      const line = lines.shift() ?? (closed ? null : await new Promise<string | null>((r) => (waiter = r)));
      dangling = false;
      return line !== null && /^\s*y(es)?\s*$/i.test(line);
    },
    interrupt() {
      // Progress printed while a question waits starts on its own line.
      if (dangling) io.stderr('\n');
      dangling = false;
    },
    close() {
      rl?.close();
      process.stdin.pause();
    },
  };
}

export interface ParticipantSetup {
  state: ParticipantState;
  meta: HeadlessMeta;
  stateFile: StateStore | undefined;
  statePath: string | undefined;
  resumed: boolean;
  flags: ParticipantFlags;
  /** Printed first (e.g. the invite link for `create`). */
  preamble?: ProgressEvent[];
  restartStalledAfterMs?: number;
  /** Test seam: another transport (default: the real one). */
  transport?: (opts: TransportOptions) => Transport;
}

/**
 * Runs the participant until success; failure/abort throws CommandError (exit 1), a signal
 * CommandError with exit 130 (SIGINT) or 143 (SIGTERM).
 * The state is saved before anything is sent, so a killed process resumes with `--state`.
 */
export async function runParticipant(setup: ParticipantSetup, io: CliIo): Promise<void> {
  const { state, meta, flags } = setup;
  const reporter = createReporter(io.stdout, io.stderr, flags.jsonEvents);
  // Read before any room is joined: a bad backup option is refused before anything is signed.
  const backup = await headlessBackupOption(io, flags.backupPassphraseFile, flags.backupIdentityFile);
  const stateStore =
    setup.stateFile && setup.statePath
      ? headlessStateStore(setup.stateFile, meta, setup.statePath)
      : createMemoryStateStore();
  // Saved before the first message goes out, so the invite printed below stays resumable.
  if (!setup.resumed) {
    await checkOutDirFree(flags.outDir);
    await stateStore.save(serialize(state));
  }
  for (const e of setup.preamble ?? []) reporter.emit(e);
  reporter.emit({
    t: 'identity',
    name: state.name,
    publicKey: state.identity.publicKey,
    fingerprint: fingerprint(state.identity.publicKey),
    room: state.room.id,
    server: meta.serverUrl,
    resumed: setup.resumed,
  });
  // Native WebRTC is an optional dependency; without it, --relay-only still works (through the server).
  let wrtc: unknown;
  try {
    if (!meta.relayOnly)
      wrtc = (
        (await importOptional(
          '@roamhq/wrtc',
          'A headless participant over WebRTC',
          'join with --relay-only',
          () => import('@roamhq/wrtc'),
        )) as { default: unknown }
      ).default;
  } catch (e) {
    if (e instanceof MissingOptionalDependencyError) throw new CommandError(e.message);
    throw e;
  }
  const { WebSocket } = await import('ws');
  const make = setup.transport ?? createTransport;
  // The deployment's STUN/TURN servers (serve --ice-servers), like a browser gets them.
  const { iceServers } = meta.relayOnly ? { iceServers: [] } : await fetchClientConfig(meta.serverUrl);
  const transport = make({
    iceServers: iceServers as RTCIceServer[],
    serverUrl: meta.serverUrl,
    roomId: state.room.id,
    selfId: state.identity.publicKey,
    relayOnly: meta.relayOnly,
    wrtc,
    WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
    // Headless peers reconnect quickly: a restarted server is usually back within seconds.
    backoff: { baseMs: 250, maxMs: 3000 },
  });
  const prompt = createPrompt(io);
  const run = runHeadless({
    state,
    transport,
    stateStore,
    rng: nodeRng,
    autoConfirm: flags.yes,
    // The coordinator allowed t = 1 when it created the room (kept in its plan); a joiner accepts it with the flag.
    acceptSingleSigner: flags.allowSingleSigner || meta.coordinator?.singleSigner === true,
    acceptSmallerGroup: flags.acceptSmallerGroup === true,
    announced: announcedParamsOf(meta.invite),
    ask: prompt.ask,
    answerTestSigning: flags.answerTestSigning,
    ...(meta.coordinator
      ? {
          coordinator: {
            plan: meta.coordinator,
            ...(setup.restartStalledAfterMs !== undefined
              ? { restartStalledAfterMs: setup.restartStalledAfterMs }
              : {}),
          },
        }
      : {}),
    emit: (e) => {
      if (!flags.jsonEvents) prompt.interrupt();
      reporter.emit(e);
    },
    writeOutputs: (s) => writeCeremonyOutputs(flags.outDir, s, flags.frostCore ?? 3),
    writeSigningOutputs: (s) => writeSigningOutputs(flags.outDir, s),
    ...(backup
      ? {
          funding: {
            proveBackup: (s: ParticipantState) => proveBackupOnDisk(flags.outDir, s, backup),
            writeReceipt: (s: ParticipantState) => writeFundingReceipt(flags.outDir, s),
          },
        }
      : {}),
  });
  const onSignal = (sig: NodeJS.Signals): void =>
    run.stop(
      sig === 'SIGINT' ? 130 : 143,
      `stopped by ${sig}${setup.statePath ? `; the state is saved in ${setup.statePath}, run again with --state to resume` : ''}`,
    );
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Until the run is done, the process must not end by itself: with every timer unref'd and no
  // socket (e.g. kicked by the server), Node would exit 13 ("unsettled top-level await") with
  // no word. This handle keeps it alive; the run always ends through done.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const result = await run.done.finally(() => clearInterval(keepAlive));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  prompt.close();
  reporter.emit({
    t: 'done',
    exitCode: result.exitCode,
    message: result.exitCode === 0 ? 'ceremony complete' : result.message,
  });
  if (result.exitCode === 0 && setup.statePath)
    io.stderr(
      `note: ${setup.statePath} still holds your signing share; delete it once your key package is backed up\n`,
    );
  if (result.exitCode !== 0) throw new CommandError(result.message, result.exitCode);
}

/** What the invite announced (t of n), if it says: the yardstick for a restart that shrank the group. */
function announcedParamsOf(invite: string): { t: number; n: number } | undefined {
  try {
    const p = parseInvite(invite).params;
    return p ? { t: p.t, n: p.n } : undefined;
  } catch {
    return undefined;
  }
}
