/**
 * `frost-ceremony join INVITE_URL --name NAME [--state FILE] [--out DIR] [--yes] [--relay-only]`:
 * a headless participant in the same rooms as browsers. With `--state FILE` a killed process
 * restarted with the same file resumes the same session (the invite may then be omitted).
 */
import { parseInvite, InviteError } from '../ceremony/index';
import {
  generateIdentity,
  createParticipant,
  decodeContact,
  FrostClientContactError,
  normaliseText,
  nameProblem,
  toHex,
  type ParticipantState,
} from '../protocol/index';
import { loadOrCreateMasterKey } from './masterKeyFile';
import { flag, stringOpt, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { nodeRng, openStateFile, restoreMachine, runParticipant, type ParticipantFlags } from './headlessRun';
import type { HeadlessMeta } from './headlessState';
import { loadKeyPackage } from './packageFiles';
import { runCommand, withDefaults, CommandError, type CliIo } from './output';
import { frostCoreOption } from './exportFrostRs';

/** Options shared with `create`. */
export const PARTICIPANT_OPTIONS: CommandSpec['options'] = {
  name: { type: 'string', valueName: 'NAME', description: 'your name as the others see it (1..64 characters)' },
  state: {
    type: 'string',
    valueName: 'FILE',
    description: 'keep the whole participant (SECRET, 0600) in FILE; run again with it to resume',
  },
  'master-key': {
    type: 'string',
    valueName: 'FILE',
    description:
      'your master key (SECRET, 0600): created in FILE if missing, then reused by every ceremony you join with it; your COCKTAIL static keys come from it. Without it a new one is made for this ceremony only (kept in its --state file)',
  },
  out: {
    type: 'string',
    valueName: 'DIR',
    description: 'where to write key-package-<i>.json, public-key-package.json, certificate.json (default .)',
  },
  yes: {
    type: 'boolean',
    description:
      'AUTOMATION ONLY: confirm the verification code, and after success the address of the "safe to fund" check, without asking (nobody compares them aloud)',
  },
  'frost-core': {
    type: 'string',
    valueName: '2|3',
    description:
      'with 2, --out also gets the frost-core 2.x forms (e.g. for ZF frost-client): public-key-package.frost-core-2.json (no min_signers), public-key-package.frost-core-2.bin and key-package-<i>.bin (postcard, SECRET)',
  },
  'backup-passphrase-file': {
    type: 'string',
    valueName: 'FILE',
    description:
      'after success, write an age backup of your key package encrypted to the passphrase in FILE, read it back from disk and prove it opens; then take part in the "safe to fund" check',
  },
  'backup-identity-file': {
    type: 'string',
    valueName: 'FILE',
    description:
      'as --backup-passphrase-file, but encrypted to the age identity (AGE-SECRET-KEY-1…) in FILE, which also opens it',
  },
  'allow-single-signer': {
    type: 'boolean',
    description:
      'accept a 1-of-n key (t = 1), in which EVERY participant alone holds the whole key and can sign; refused without it',
  },
  'accept-smaller-group': {
    type: 'boolean',
    description:
      'with --yes: also accept an attempt after a restart whose key needs every piece (t = n); without it such an attempt is refused',
  },
  'answer-test-signing': {
    type: 'boolean',
    description:
      'after success, stay and answer test-signing requests, each asked on the terminal (with --yes only the text "test signature" is approved without asking) until Ctrl-C',
  },
  'key-package': {
    type: 'string',
    valueName: 'FILE',
    description:
      'signing rooms: your key package (SECRET), with which you prove your share and sign what you approve (its age backup: restore it first)',
  },
  'relay-only': {
    type: 'boolean',
    description: 'no WebRTC: every message goes through the server (still end-to-end signed and sealed)',
  },
  'json-events': {
    type: 'boolean',
    description: 'print progress as one JSON object per line on stdout (human lines go to stderr)',
  },
  'frost-client-contact': {
    type: 'string',
    valueName: 'STRING',
    description:
      'your ZF frost-client contact (zffrost1…, from `frost-client export`), sent signed to the others; when everyone gave one, --out also gets credentials.toml',
  },
};

/**
 * `--master-key FILE` read (or created), or nothing. A resumed state must hold the same master
 * key as the file: a ceremony never changes static key half way.
 */
export async function masterKeyOption(
  values: ParsedArgs,
  resumed?: ParticipantState,
): Promise<{ masterSecret?: Uint8Array }> {
  const path = stringOpt(values, 'master-key');
  if (path === undefined) return {};
  const { master } = await loadOrCreateMasterKey(path, nodeRng);
  if (resumed && resumed.master !== toHex(master))
    throw new CommandError(
      `the saved ceremony was begun with another master key than ${path}; resume it with the master key it was begun with (or without --master-key)`,
    );
  return { masterSecret: master };
}

/** `--key-package FILE` read and strictly parsed before any room is joined (signing rooms). */
export async function keyPackageOption(values: ParsedArgs, io: CliIo): Promise<{ keyPackage?: string }> {
  const path = stringOpt(values, 'key-package');
  if (path === undefined) return {};
  return { keyPackage: (await loadKeyPackage(io, path)).json };
}

/** `--frost-client-contact` checked (decoded) before any room is joined; a bad one is a usage error. */
export function contactOption(values: Parameters<typeof stringOpt>[0]): { frostClientContact?: string } {
  const text = stringOpt(values, 'frost-client-contact');
  if (text === undefined) return {};
  try {
    decodeContact(text);
  } catch (e) {
    if (e instanceof FrostClientContactError) throw new UsageError(`--frost-client-contact: ${e.message}`);
    throw e;
  }
  return { frostClientContact: text };
}

const SPEC: CommandSpec = {
  name: 'join',
  synopsis:
    'INVITE_URL --name NAME [--key-package FILE] [--state FILE] [--master-key FILE] [--out DIR] [--yes] [--frost-core 2|3] [--backup-passphrase-file FILE | --backup-identity-file FILE] [--allow-single-signer] [--answer-test-signing] [--relay-only] [--json-events] [--frost-client-contact STRING]',
  summary:
    'Joins a ceremony room as a headless participant (WebRTC through @roamhq/wrtc, or relay-only), prints the verification code and progress, and on success writes your key package (SECRET), the public key package and the success certificate. With a --backup-… option it then proves its backup opens, asks you to confirm the address everybody reads aloud, signs its "safe to fund" acknowledgement and, once all custodians did, writes funding-receipt.json. Without --yes it asks on the terminal whether all participants see the same code.',
  options: PARTICIPANT_OPTIONS,
  positionals: { min: 0, max: 1, name: 'INVITE_URL' },
};

/** `--name` as the others will see it (normal form, names.ts); a forbidden name is a usage error (exit 2). */
export function nameOption(typed: string): string {
  const name = normaliseText(typed);
  const problem = nameProblem(name);
  if (problem) throw new UsageError(`--name ${JSON.stringify(typed)}: ${problem}`);
  return name;
}

export function participantFlags(values: ParsedArgs): ParticipantFlags {
  return {
    statePath: stringOpt(values, 'state'),
    outDir: stringOpt(values, 'out') ?? '.',
    yes: flag(values, 'yes'),
    allowSingleSigner: flag(values, 'allow-single-signer'),
    acceptSmallerGroup: flag(values, 'accept-smaller-group'),
    answerTestSigning: flag(values, 'answer-test-signing'),
    relayOnly: flag(values, 'relay-only'),
    jsonEvents: flag(values, 'json-events'),
    frostCore: frostCoreOption(stringOpt(values, 'frost-core')),
    backupPassphraseFile: stringOpt(values, 'backup-passphrase-file'),
    backupIdentityFile: stringOpt(values, 'backup-identity-file'),
  };
}

export async function joinCommand(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const cli = withDefaults(io);
  return runCommand(SPEC, argv, cli, async (args) => {
    const flags = participantFlags(args);
    const inviteText = args.positionals[0];
    const { file, saved } = await openStateFile(flags.statePath);
    if (saved) {
      if (saved.meta.coordinator)
        throw new CommandError(
          `${flags.statePath} is the coordinator's state: resume it with 'frost-ceremony create --state ${flags.statePath}'`,
        );
      if (inviteText !== undefined && inviteText.trim() !== saved.meta.invite)
        throw new CommandError(`${flags.statePath} belongs to another invite; use another --state file for this one`);
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
        },
        cli,
      );
      return;
    }
    if (inviteText === undefined) throw new UsageError('missing INVITE_URL');
    const typed = stringOpt(args, 'name');
    if (typed === undefined) throw new UsageError('missing --name NAME');
    const name = nameOption(typed);
    const contact = contactOption(args);
    let invite;
    try {
      invite = parseInvite(inviteText);
    } catch (e) {
      if (e instanceof InviteError) throw new CommandError(`bad invite link: ${e.message}`);
      throw e;
    }
    const identity = generateIdentity(nodeRng);
    const isCoordinator = invite.coordinator.every((b, i) => b === identity.publicKey[i]);
    const state = createParticipant({
      identity,
      name,
      room: { id: invite.roomId, secret: invite.roomSecret, coordinator: invite.coordinator },
      isCoordinator,
      rng: nodeRng,
      ...(await keyPackageOption(args, cli)),
      ...contact,
      ...(await masterKeyOption(args)),
    });
    const meta: HeadlessMeta = {
      invite: inviteText.trim(),
      serverUrl: invite.origin,
      relayOnly: flags.relayOnly,
      coordinator: null,
    };
    await runParticipant({ state, meta, stateFile: file, statePath: flags.statePath, resumed: false, flags }, cli);
  });
}
