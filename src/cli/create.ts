/**
 * `frost-ceremony create --suite S --min-signers T --max-signers N --label L --server URL …`:
 * makes a new room, prints the invite link, and takes part as coordinator. With `--yes` it
 * locks the roster with the first N candidates to arrive (itself included), confirms the code,
 * and after a failure that names culprits restarts without them. `--restart-stalled-after S`
 * restarts without whoever it has waited for once nothing moved for S seconds.
 */
import { formatInvite, newRoom } from '../ceremony/index';
import {
  generateIdentity,
  createParticipant,
  labelProblem,
  validateParams,
  isSuiteName,
  suiteByCiphersuiteId,
  type SuiteName,
  ProtocolError,
  normaliseText,
} from '../protocol/index';
import { flag, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { nodeRng, openStateFile, restoreMachine, runParticipant } from './headlessRun';
import type { CoordinatorPlan, HeadlessMeta } from './headlessState';
import { contactOption, masterKeyOption, nameOption, PARTICIPANT_OPTIONS, participantFlags } from './join';
import { runCommand, withDefaults, CommandError, type CliIo } from './output';

const SPEC: CommandSpec = {
  name: 'create',
  synopsis:
    '--suite S --min-signers T --max-signers N --label L --server URL [--name NAME] [--yes] [--frost-core 2|3] [--backup-passphrase-file FILE | --backup-identity-file FILE] [--allow-single-signer] [--answer-test-signing] [--out DIR] [--state FILE] [--master-key FILE] [--relay-only] [--restart-stalled-after SECONDS] [--json-events] [--frost-client-contact STRING]',
  summary:
    'Creates a ceremony room on the server, prints the invite link to send to the participants, and takes part as the coordinator. Resume a killed coordinator with the same --state FILE and no other creation options.',
  options: {
    suite: {
      type: 'string',
      valueName: 'S',
      description: 'ciphersuite: ed25519, ristretto255, ed448, p256, secp256k1, secp256k1-tr (or a frost-rs ID)',
    },
    'min-signers': { type: 'string', valueName: 'T', description: 'threshold t: signers needed for a signature' },
    'max-signers': {
      type: 'string',
      valueName: 'N',
      description: 'number of participants n (the coordinator included)',
    },
    label: {
      type: 'string',
      valueName: 'L',
      description: 'what the key is for (shown to everyone, bound into the session id)',
    },
    server: { type: 'string', valueName: 'URL', description: 'the server everyone opens, e.g. http://127.0.0.1:8790' },
    ...PARTICIPANT_OPTIONS,
    'allow-single-signer': {
      type: 'boolean',
      description: 'allow --min-signers 1: a key EVERY participant can use alone; each participant must accept it too',
    },
    yes: {
      type: 'boolean',
      description: 'lock the first N candidates, confirm the code and restart after a blamed failure without asking',
    },
    'restart-stalled-after': {
      type: 'string',
      valueName: 'SECONDS',
      description:
        'restart without whoever we have waited for once nothing moved for SECONDS (a policy of this tool, not a protocol timer)',
    },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
};

function suiteOf(text: string): SuiteName {
  if (isSuiteName(text)) return text;
  const s = suiteByCiphersuiteId(text);
  if (s) return s.name;
  throw new UsageError(
    `unknown --suite ${JSON.stringify(text)} (ed25519, ristretto255, ed448, p256, secp256k1, secp256k1-tr)`,
  );
}

function intOpt(args: ParsedArgs, name: string): number {
  const v = stringOpt(args, name);
  if (v === undefined) throw new UsageError(`missing --${name}`);
  if (!/^[0-9]{1,3}$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}

function serverOf(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--server ${JSON.stringify(text)} is not a URL (e.g. http://127.0.0.1:8790)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError('--server must be an http:// or https:// URL (the page participants open)');
  return u.origin;
}

function planOf(args: ParsedArgs): CoordinatorPlan {
  const suiteText = stringOpt(args, 'suite');
  if (suiteText === undefined) throw new UsageError('missing --suite S');
  const typedLabel = stringOpt(args, 'label');
  if (typedLabel === undefined) throw new UsageError('missing --label L');
  // The label as everyone will see it: normal form; control and bidi characters are refused.
  const label = normaliseText(typedLabel);
  const labelBad = labelProblem(label);
  if (labelBad) throw new UsageError(`--label: ${labelBad}`);
  const minSigners = intOpt(args, 'min-signers');
  if (minSigners === 1 && !flag(args, 'allow-single-signer'))
    throw new UsageError(
      '--min-signers 1 makes a key that EVERY participant can use alone (each key package holds the whole secret); give --allow-single-signer if that is really meant',
    );
  const plan: CoordinatorPlan = {
    suite: suiteOf(suiteText),
    minSigners,
    maxSigners: intOpt(args, 'max-signers'),
    label,
    ...(minSigners === 1 ? { singleSigner: true as const } : {}),
  };
  try {
    validateParams(plan);
  } catch (e) {
    if (e instanceof ProtocolError) throw new UsageError(`${e.message} (t = --min-signers, n = --max-signers)`);
    throw e;
  }
  return plan;
}

export async function createCommand(argv: string[], io?: Partial<CliIo>): Promise<number> {
  // `create sign …`: a signing room for an existing key (issue 17).
  if (argv[0] === 'sign') return (await import('./createSign')).createSignCommand(argv.slice(1), io);
  const cli = withDefaults(io);
  return runCommand(SPEC, argv, cli, async (args) => {
    if (args.values['key-package'] !== undefined)
      throw new UsageError('--key-package is for signing rooms: frost-ceremony create sign … --key-package FILE');
    const flags = participantFlags(args);
    const stalledText = stringOpt(args, 'restart-stalled-after');
    if (stalledText !== undefined && !/^[0-9]+(\.[0-9]+)?$/.test(stalledText))
      throw new UsageError('--restart-stalled-after must be a number of seconds');
    const restartStalledAfterMs = stalledText === undefined ? undefined : Math.round(Number(stalledText) * 1000);
    const stalled = restartStalledAfterMs === undefined ? {} : { restartStalledAfterMs };
    const { file, saved } = await openStateFile(flags.statePath);
    if (saved) {
      if (!saved.meta.coordinator)
        throw new CommandError(
          `${flags.statePath} is a participant's state, not a coordinator's: resume it with 'frost-ceremony join --state ${flags.statePath}'`,
        );
      const given = ['suite', 'min-signers', 'max-signers', 'label', 'server', 'name'].filter(
        (o) => args.values[o] !== undefined,
      );
      if (given.length > 0)
        throw new UsageError(
          `resuming from ${flags.statePath}: the ceremony's settings are in the file, do not give --${given.join(', --')}`,
        );
      const state = restoreMachine(saved, flags.statePath as string);
      await masterKeyOption(args, state);
      const meta: HeadlessMeta = { ...saved.meta, relayOnly: flags.relayOnly || saved.meta.relayOnly };
      await runParticipant(
        {
          state,
          meta,
          stateFile: file,
          statePath: flags.statePath,
          resumed: true,
          flags: { ...flags, relayOnly: meta.relayOnly },
          preamble: [{ t: 'invite', url: meta.invite }],
          ...stalled,
        },
        cli,
      );
      return;
    }
    const plan = planOf(args);
    const serverText = stringOpt(args, 'server');
    if (serverText === undefined) throw new UsageError('missing --server URL');
    const serverUrl = serverOf(serverText);
    const name = nameOption(stringOpt(args, 'name') ?? 'coordinator');
    const identity = generateIdentity(nodeRng);
    const { roomId, roomSecret } = newRoom(nodeRng);
    const invite = formatInvite({
      origin: serverUrl,
      roomId,
      roomSecret,
      coordinator: identity.publicKey,
      params: { suite: plan.suite, t: plan.minSigners, n: plan.maxSigners, label: plan.label },
    });
    const state = createParticipant({
      identity,
      name,
      room: { id: roomId, secret: roomSecret, coordinator: identity.publicKey },
      isCoordinator: true,
      rng: nodeRng,
      ...contactOption(args),
      ...(await masterKeyOption(args)),
    });
    const meta: HeadlessMeta = { invite, serverUrl, relayOnly: flags.relayOnly, coordinator: plan };
    await runParticipant(
      {
        state,
        meta,
        stateFile: file,
        statePath: flags.statePath,
        resumed: false,
        flags,
        preamble: [{ t: 'invite', url: invite }],
        ...stalled,
      },
      cli,
    );
  });
}
