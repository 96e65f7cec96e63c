/**
 * `frost-ceremony create sign --public-key-package PKP [--certificate CERT] (--message-file F |
 * --message-hex HEX | --psbt F --network N) --key-package KP --server URL …` (issue 17): opens a
 * signing room for an existing key and takes part as its coordinator and as one of its holders.
 * The key and the request go into the signed roster (and so into the verification code); every
 * member parses them itself, sees the request in plain words, and answers on its own terminal or
 * screen. Without --yes the coordinator is asked to lock, to confirm the code and to approve.
 */
import { createHash } from 'node:crypto';
import { formatInvite, newRoom } from '../ceremony/index';
import {
  createParticipant,
  generateIdentity,
  normaliseText,
  labelProblem,
  prepareSigningRoom,
  publicKeyPackageHash,
  publicKeyPackageToJson,
  signingCeremony,
  SignError,
  verifyCertificate,
  type ReputationState,
  type SigningRoomParams,
} from '../protocol/index';
import { stringOpt, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { nodeRng, openStateFile, runParticipant } from './headlessRun';
import type { CoordinatorPlan, HeadlessMeta } from './headlessState';
import {
  contactOption,
  keyPackageOption,
  masterKeyOption,
  nameOption,
  PARTICIPANT_OPTIONS,
  participantFlags,
} from './join';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output';
import { loadKeyPackage, loadPublicKeyPackage } from './packageFiles';
import { readRequest, SIGN_LOCAL_SPEC } from './signLocal';
import { createNodeIdentityCrypto } from '../platform/node.js';

const SPEC: CommandSpec = {
  name: 'create sign',
  synopsis:
    '--public-key-package PKP [--certificate CERT] (--message-file F | --message-hex HEX | --psbt F --network N) --key-package KP --server URL [--members N] [--label L] [--name NAME] [--reputation FILE] [--yes] [--out DIR] [--state FILE] [--relay-only] [--json-events]',
  summary:
    'Opens a signing room for an existing key, prints the invite link for the other key holders, and takes part as the coordinator. Everyone compares the verification code, reads the request in plain words and approves or refuses on their own; the top t approvers by reputation sign, a signer whose share does not verify is named and replaced. Writes signature.json, signing-record.json (and transaction.hex for a PSBT) into --out.',
  options: {
    'public-key-package': { type: 'string', valueName: 'PKP', description: "the key's public key package" },
    certificate: {
      type: 'string',
      valueName: 'CERT',
      description: "the key's success certificate: checked offline, must certify this public key package",
    },
    'message-file': SIGN_LOCAL_SPEC.options['message-file']!,
    'message-hex': SIGN_LOCAL_SPEC.options['message-hex']!,
    psbt: SIGN_LOCAL_SPEC.options.psbt!,
    network: SIGN_LOCAL_SPEC.options.network!,
    server: { type: 'string', valueName: 'URL', description: 'the server everyone opens, e.g. http://127.0.0.1:8790' },
    members: {
      type: 'string',
      valueName: 'N',
      description: 'lock the room with the first N key holders to arrive, you included (default: every holder)',
    },
    label: { type: 'string', valueName: 'L', description: 'what this signing is for (shown to everyone)' },
    reputation: SIGN_LOCAL_SPEC.options.reputation!,
    ...PARTICIPANT_OPTIONS,
    yes: {
      type: 'boolean',
      description:
        'AUTOMATION ONLY: lock, confirm the code and APPROVE THE REQUEST without asking (nobody reads anything aloud)',
    },
  },
  positionals: { min: 0, max: 0, name: 'argument' },
};

async function signingParams(io: CliIo, args: ParsedArgs): Promise<{ plan: CoordinatorPlan; kp: string }> {
  const pkpPath = stringOpt(args, 'public-key-package');
  if (pkpPath === undefined) throw new UsageError('missing --public-key-package PKP');
  const kpPath = stringOpt(args, 'key-package');
  if (kpPath === undefined) throw new UsageError('missing --key-package KP (the coordinator signs too)');
  const pkp = await loadPublicKeyPackage(io, pkpPath);
  const kp = await loadKeyPackage(io, kpPath);
  try {
    signingCeremony.assertHoldsKey(kp.keyPackage, pkp);
  } catch (e) {
    if (e instanceof SignError) throw new CommandError(`${kpPath}: ${e.message}`);
    throw e;
  }
  const request = await readRequest(io, args);
  let certificateHash: string | undefined;
  const certPath = stringOpt(args, 'certificate');
  if (certPath !== undefined) {
    const text = await readTextInput(io, certPath, 'certificate');
    const check = verifyCertificate(text, { crypto: createNodeIdentityCrypto() });
    if (!check.ok) throw new CommandError(`${certPath}: the certificate does not verify: ${check.reason}`);
    if (check.summary.publicKeyPackageHash !== publicKeyPackageHash(pkp))
      throw new CommandError(`${certPath} certifies another public key package than ${pkpPath}`);
    certificateHash = createHash('sha256').update(text).digest('hex');
  }
  const repPath = stringOpt(args, 'reputation');
  const reputation = repPath
    ? (JSON.parse(await readTextInput(io, repPath, 'reputation')) as ReputationState)
    : undefined;
  const signing: SigningRoomParams = {
    publicKeyPackage: publicKeyPackageToJson(pkp),
    request: signingCeremony.requestToJson(request),
    ...(certificateHash !== undefined ? { certificateHash } : {}),
    ...(reputation !== undefined ? { reputation } : {}),
  };
  try {
    prepareSigningRoom(signing, pkp.suite, pkp.minSigners);
  } catch (e) {
    if (e instanceof SignError) throw new CommandError(`this request cannot be signed: ${e.message}`);
    throw e;
  }
  const holders = pkp.verifyingShares.length;
  const membersText = stringOpt(args, 'members');
  const members = membersText === undefined ? holders : Number(membersText);
  if (!Number.isInteger(members) || members < Math.max(2, pkp.minSigners) || members > holders)
    throw new UsageError(`--members must be a whole number from ${Math.max(2, pkp.minSigners)} to ${holders}`);
  const label = normaliseText(stringOpt(args, 'label') ?? `Signing with the ${pkp.minSigners}-of-${holders} key`);
  const bad = labelProblem(label);
  if (bad) throw new UsageError(`--label: ${bad}`);
  return {
    plan: { suite: pkp.suite, minSigners: pkp.minSigners, maxSigners: members, label, signing },
    kp: kp.json,
  };
}

/** `create sign …` (a resumed coordinator uses `create --state FILE`, which holds the plan). */
export async function createSignCommand(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const cli = withDefaults(io);
  return runCommand(SPEC, argv, cli, async (args) => {
    const flags = participantFlags(args);
    const { file, saved } = await openStateFile(flags.statePath);
    if (saved)
      throw new UsageError(
        `${flags.statePath} already holds a ceremony: resume it with 'frost-ceremony create --state ${flags.statePath}'`,
      );
    const { plan } = await signingParams(cli, args);
    const serverText = stringOpt(args, 'server');
    if (serverText === undefined) throw new UsageError('missing --server URL');
    let serverUrl: string;
    try {
      serverUrl = new URL(serverText).origin;
    } catch {
      throw new UsageError(`--server ${JSON.stringify(serverText)} is not a URL`);
    }
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
      ...(await keyPackageOption(args, cli)),
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
      },
      cli,
    );
  });
}
