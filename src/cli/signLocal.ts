/**
 * `frost-ceremony sign-local`: a whole signing session among key packages in this process,
 * through the same pure steps as a networked signing ceremony (src/protocol/signing): the
 * request is checked and shown, custodians approve (or `--refuse`), the signers are the top t
 * by reputation, nonces are used once, every share is verified, a `--faulty` signer's altered
 * share names it with evidence and the next-ranked custodian replaces it; the signature (or
 * for a PSBT the finalized transaction) and the signing record are written to `--out DIR`.
 * For rehearsal and tests; a real signing ceremony is run by the custodians, each with their own key.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyPackage } from '../protocol/index.js';
import {
  isBitcoinNetwork,
  formatBtc,
  describeRequest,
  type RequestView,
  type SigningRequest,
  initialReputation,
  type ReputationState,
  signLocal,
  SignError,
  encodeSigningRecord,
} from '../protocol/index.js';
import { UsageError, flag, stringList, stringOpt, type CommandSpec } from './args.js';
import { CommandError, readInput, readTextInput, runCommand, toHex, withDefaults, type CliIo } from './output.js';
import { loadKeyPackage, loadPublicKeyPackageFile } from './packageFiles.js';
import { parseHexMessage } from './sign.js';

export const SIGN_LOCAL_SPEC: CommandSpec = {
  name: 'sign-local',
  synopsis:
    '(--message-file F | --message-hex HEX | --psbt F --network N) --public-key-package FILE KEY_PACKAGE… --out DIR',
  summary:
    'Runs a signing session among the given key packages in this process (rehearsal): shows the\n' +
    'request, selects the top t approving custodians by reputation, signs (RFC 9591), names and\n' +
    'replaces a --faulty signer, and writes signing-record.json (and for a PSBT signed.psbt and\n' +
    'transaction.hex), reputation.json and prints a JSON summary.',
  options: {
    'message-file': { type: 'string', valueName: 'FILE', description: 'sign the bytes of this file' },
    'message-hex': { type: 'string', valueName: 'HEX', description: 'sign these bytes' },
    psbt: {
      type: 'string',
      valueName: 'FILE',
      description: 'sign this PSBT (binary or base64; secp256k1-tr keys only)',
    },
    network: {
      type: 'string',
      valueName: 'N',
      description: "the PSBT's network for addresses: bitcoin (mainnet), testnet, signet or regtest",
    },
    'public-key-package': {
      type: 'string',
      required: true,
      valueName: 'FILE',
      description: "the group's public key package",
    },
    out: {
      type: 'string',
      required: true,
      valueName: 'DIR',
      description: 'where to write the results (created if missing)',
    },
    refuse: { type: 'string', multiple: true, valueName: 'ID', description: 'this participant refuses the request' },
    faulty: {
      type: 'string',
      multiple: true,
      valueName: 'ID',
      description: 'rehearsal fault: this participant sends an altered signature share',
    },
    silent: {
      type: 'string',
      multiple: true,
      valueName: 'ID',
      description: 'rehearsal fault: this participant sends no signature share',
    },
    reputation: {
      type: 'string',
      valueName: 'FILE',
      description: 'reputation before this session (a reputation.json written earlier)',
    },
    force: { type: 'boolean', description: 'overwrite existing output files' },
  },
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'KEY_PACKAGE (the key packages present)' },
};

const ids = (values: string[], what: string): Set<number> =>
  new Set(
    values.map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 0xffff)
        throw new UsageError(`--${what} takes a participant identifier (1..65535), got ${v}`);
      return n;
    }),
  );

export async function readRequest(io: CliIo, args: Parameters<typeof stringOpt>[0]): Promise<SigningRequest> {
  const file = stringOpt(args, 'message-file');
  const hex = stringOpt(args, 'message-hex');
  const psbt = stringOpt(args, 'psbt');
  if ([file, hex, psbt].filter((x) => x !== undefined).length !== 1)
    throw new UsageError('give exactly one of --message-file, --message-hex, --psbt');
  if (file !== undefined) return { kind: 'message', message: await readInput(io, file, 'message') };
  if (hex !== undefined) return { kind: 'message', message: parseHexMessage(hex) };
  const network = stringOpt(args, 'network');
  if (!isBitcoinNetwork(network))
    throw new UsageError(
      '--psbt needs --network bitcoin|testnet|signet|regtest (a PSBT does not say which network it is for)',
    );
  let bytes = await readInput(io, psbt!, 'PSBT');
  // A PSBT file is binary (starts with "psbt\xff") or its base64 text.
  if (!(bytes[0] === 0x70 && bytes[1] === 0x73 && bytes[2] === 0x62 && bytes[3] === 0x74 && bytes[4] === 0xff)) {
    const text = new TextDecoder().decode(bytes).trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new CommandError(`${psbt} is neither a binary PSBT nor base64`);
    bytes = Uint8Array.from(Buffer.from(text, 'base64'));
  }
  return { kind: 'psbt', psbt: bytes, network };
}

/** The request in plain words, for stderr. */
export function requestLines(view: RequestView): string[] {
  if (view.kind === 'message')
    return [
      `Message of ${view.length} bytes, SHA-256 ${view.sha256}`,
      view.text !== null ? `Text: ${JSON.stringify(view.text)}` : `Bytes: ${view.hex}`,
      ...view.warnings.map((w) => `Warning: ${w}`),
    ];
  return [
    `Bitcoin transaction (${view.network}), group address ${view.groupAddress}`,
    ...view.inputs.map(
      (i) =>
        `  input ${i.index + 1}: ${i.amount === null ? 'amount unknown' : formatBtc(i.amount)} ${i.ours ? '(this key)' : '(NOT this key)'}`,
    ),
    ...view.outputs.map(
      (o) =>
        `  output ${o.index + 1}: ${formatBtc(o.amount)} to ${o.address ?? `script ${o.scriptHex}`}${o.change ? ' (change back to the group)' : ''}`,
    ),
    `  fee: ${view.fee === null ? 'unknown' : formatBtc(view.fee)}${view.feeRate ? ` (${view.feeRate} sat/vB, ${view.vsize} vB)` : ''}`,
    ...view.problems.map((p) => `  ${p.severity === 'error' ? 'ERROR' : 'Warning'}: ${p.text}`),
  ];
}

function parseReputation(text: string): ReputationState {
  let v: ReputationState;
  try {
    v = JSON.parse(text) as ReputationState;
  } catch {
    throw new CommandError('the reputation file is not JSON');
  }
  if (!v || !Number.isSafeInteger(v.session) || !Array.isArray(v.entries))
    throw new CommandError('the reputation file is not a reputation.json');
  return v;
}

/** Runs `sign-local`; returns the exit code. */
export async function signLocalCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(SIGN_LOCAL_SPEC, argv, io, async (args) => {
    const request = await readRequest(io, args);
    const file = await loadPublicKeyPackageFile(io, stringOpt(args, 'public-key-package') as string);
    const keyPackages: KeyPackage[] = [];
    for (const path of args.positionals) keyPackages.push((await loadKeyPackage(io, path)).keyPackage);
    const pkp = { ...file, minSigners: file.minSigners ?? keyPackages[0]!.minSigners };
    const refuse = ids(stringList(args, 'refuse'), 'refuse');
    const faulty = ids(stringList(args, 'faulty'), 'faulty');
    const silent = ids(stringList(args, 'silent'), 'silent');
    const repPath = stringOpt(args, 'reputation');
    const reputation = repPath
      ? parseReputation(await readTextInput(io, repPath, 'reputation'))
      : initialReputation(pkp.verifyingShares.map((v) => v.identifier));
    const out = stringOpt(args, 'out') as string;
    const overwrite = flag(args, 'force');
    let view: RequestView;
    try {
      view = describeRequest(request, pkp);
    } catch (e) {
      if (e instanceof SignError) throw new CommandError(`cannot sign this request: ${e.message}`);
      throw e;
    }
    io.stderr(requestLines(view).join('\n') + '\n');
    let res;
    try {
      res = signLocal({
        publicKeyPackage: pkp,
        request,
        signers: keyPackages.map((keyPackage) => ({
          keyPackage,
          approves: !refuse.has(keyPackage.identifier),
          corruptShare: faulty.has(keyPackage.identifier),
          silent: silent.has(keyPackage.identifier),
        })),
        reputation,
        rng: io.randomBytes,
      });
    } catch (e) {
      if (!(e instanceof SignError)) throw e;
      const who = e.culprits.length
        ? ` (participant${e.culprits.length === 1 ? '' : 's'} ${e.culprits.join(', ')})`
        : '';
      throw new CommandError(`signing failed: ${e.message}${who}`);
    }
    for (const a of res.attempts) {
      if (a.blamed.length)
        io.stderr(
          `Participant${a.blamed.length === 1 ? '' : 's'} ${a.blamed.join(', ')} sent an invalid signature share (evidence in the record); replaced.\n`,
        );
      if (a.silent.length)
        io.stderr(
          `Participant${a.silent.length === 1 ? '' : 's'} ${a.silent.join(', ')} sent no signature share; restarted without them.\n`,
        );
    }
    await mkdir(out, { recursive: true });
    await io.writeFile(
      join(out, 'signing-record.json'),
      JSON.stringify({ record: res.record, signatures: [] }, null, 2) + '\n',
      { mode: 0o644, overwrite },
    );
    await io.writeFile(join(out, 'reputation.json'), JSON.stringify(res.reputation, null, 2) + '\n', {
      mode: 0o644,
      overwrite,
    });
    if (res.psbt) {
      await io.writeFile(join(out, 'signed.psbt'), res.psbt.psbt, { mode: 0o644, overwrite });
      await io.writeFile(join(out, 'transaction.hex'), res.psbt.txHex + '\n', { mode: 0o644, overwrite });
    }
    io.stdout(
      JSON.stringify({
        request_hash: toHex(res.requestHash),
        attempts: res.attempts,
        signers: res.signers,
        signatures: res.signatures.map(toHex),
        ...(res.psbt ? { txid: res.psbt.txid, transaction: res.psbt.txHex } : {}),
        record_sha256: toHex(
          new Uint8Array(
            await crypto.subtle.digest('SHA-256', new TextEncoder().encode(encodeSigningRecord(res.record))),
          ),
        ),
      }) + '\n',
    );
  });
}
