/**
 * `frost-ceremony verify-signing RECORD --public-key-package FILE`: checks a signing record
 * offline (src/protocol/signing/record.ts): the request hash and signed messages are recomputed
 * from the request, every signature and the transaction are checked, every blamed signer's
 * evidence re-checked, and the identity signatures over the record verified.
 */
import { createNodeIdentityCrypto } from '../platform/node.js';
import { verifySigningRecord } from '../protocol/index.js';
import type { ReputationState } from '../protocol/index.js';
import { flag, stringList, stringOpt, type CommandSpec } from './args.js';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';
import { loadPublicKeyPackageFile } from './packageFiles.js';

export const VERIFY_SIGNING_SPEC: CommandSpec = {
  name: 'verify-signing',
  synopsis:
    'RECORD --public-key-package FILE [--identity HEX]… [--previous-reputation FILE] [--allow-unsigned] [--json]',
  summary: "Checks a signing record offline against the group's public key package; exit 0 when it holds.",
  options: {
    'public-key-package': {
      type: 'string',
      required: true,
      valueName: 'FILE',
      description: "the group's public key package",
    },
    identity: {
      type: 'string',
      multiple: true,
      valueName: 'HEX',
      description: 'an identity key that must have signed the record',
    },
    'previous-reputation': {
      type: 'string',
      valueName: 'FILE',
      description: "reputation before the session: recompute the record's reputation changes",
    },
    'allow-unsigned': { type: 'boolean', description: 'accept a record no identity signed (a sign-local rehearsal)' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  positionals: { min: 1, max: 1, name: 'RECORD' },
};

export async function verifySigningCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(VERIFY_SIGNING_SPEC, argv, io, async (args) => {
    const text = await readTextInput(io, args.positionals[0]!, 'signing record');
    const file = await loadPublicKeyPackageFile(io, stringOpt(args, 'public-key-package') as string);
    if (file.minSigners === undefined)
      throw new CommandError(
        'the public key package does not record min_signers (frost-core 2.x); use a frost-core 3.x package',
      );
    const prev = stringOpt(args, 'previous-reputation');
    const check = verifySigningRecord(
      text,
      { ...file, minSigners: file.minSigners },
      {
        requiredIdentities: stringList(args, 'identity'),
        previousReputation: prev ? parseJson(await readTextInput(io, prev, 'reputation')) : undefined,
        allowUnsigned: flag(args, 'allow-unsigned'),
        // node:crypto for speed, with the app's verdicts (as `verify` does).
        crypto: createNodeIdentityCrypto(),
      },
    );
    if (flag(args, 'json')) io.stdout(JSON.stringify(check) + '\n');
    if (!check.ok) throw new CommandError(`the signing record does not hold: ${check.reason}`);
    if (!flag(args, 'json'))
      io.stdout(
        `OK: request ${check.summary.requestHash}, signed by participants ${check.summary.signers.join(', ')}` +
          (check.summary.blamed.length ? `; blamed with evidence: ${check.summary.blamed.join(', ')}` : '') +
          `; record signed by ${check.summary.signedBy.length} identit${check.summary.signedBy.length === 1 ? 'y' : 'ies'}\n`,
      );
  });
}

function parseJson(text: string): ReputationState {
  try {
    return JSON.parse(text) as ReputationState;
  } catch {
    throw new CommandError('the reputation file is not JSON');
  }
}
