/**
 * `frost-ceremony wallet PUBLIC_KEY_PACKAGE [--network N] [--certificate CERT] [--json]`: what the
 * group key is on chain. secp256k1-tr: the key-path Taproot address, `rawtr(…)` descriptor and,
 * with the ceremony's certificate (which holds the untweaked internal key), `tr(…)`. ed25519: the
 * Solana address. Other suites: the group key and its fingerprint only.
 */
import {
  verifyCertificate,
  readPublicKeyPackage,
  fromHex,
  toHex,
  getSuite,
  BITCOIN_NETWORK_NAMES,
  isBitcoinNetwork,
  walletOutputs,
  walletOutputsJson,
  WalletOutputError,
  type WalletOutputs,
} from '../protocol/index.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { UsageError, flag, stringOpt, type CommandSpec } from './args.js';
import { parsePackageText } from './packageFiles.js';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';

export const WALLET_SPEC: CommandSpec = {
  name: 'wallet',
  synopsis: 'PUBLIC_KEY_PACKAGE [--network bitcoin|testnet|signet|regtest] [--certificate CERT] [--json]',
  summary:
    'Shows where the group key receives funds. secp256k1-tr: the Taproot address (key path only) and\n' +
    'the descriptor rawtr(<output key>) for a watch-only wallet (Bitcoin Core importdescriptors);\n' +
    'with --certificate also tr(<internal key>), checked to give the same address. ed25519: the\n' +
    'Solana address. Other suites: the group key and its fingerprint (no chain address is derived).\n' +
    'The public key package may come from frost-core 2.x or 3.x.',
  options: {
    network: {
      type: 'string',
      valueName: 'N',
      description: `Bitcoin network: ${BITCOIN_NETWORK_NAMES.join(', ')} (default bitcoin)`,
    },
    certificate: {
      type: 'string',
      valueName: 'CERT',
      description: "the ceremony's success certificate (adds the tr() descriptor)",
    },
    json: {
      type: 'boolean',
      description: 'print suite, group_key, address, descriptor, internal_descriptor, solana_address as JSON',
    },
  },
  positionals: { min: 1, max: 1, name: 'PUBLIC_KEY_PACKAGE' },
};

/** Runs `wallet`; returns the exit code. */
export async function walletCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(WALLET_SPEC, argv, io, async (args) => {
    const path = args.positionals[0] as string;
    const network = stringOpt(args, 'network') ?? 'bitcoin';
    if (!isBitcoinNetwork(network))
      throw new UsageError(
        `--network must be one of ${BITCOIN_NETWORK_NAMES.join(', ')}, got ${JSON.stringify(network)}`,
      );
    const pkp = parsePackageText(
      await readTextInput(io, path, 'public key package'),
      path,
      'public-key-package',
      readPublicKeyPackage,
    );
    const certPath = stringOpt(args, 'certificate');
    let internalKey: Uint8Array | undefined;
    if (certPath !== undefined) {
      const check = verifyCertificate(await readTextInput(io, certPath, 'certificate'), {
        crypto: createNodeIdentityCrypto(),
      });
      if (!check.ok) throw new CommandError(`${certPath}: the certificate does not verify: ${check.reason}`);
      if (check.summary.groupKey !== toHex(pkp.verifyingKey) || check.summary.suite !== pkp.suite)
        throw new CommandError(
          `${certPath} is the certificate of another key (group key ${check.summary.groupKey}), not of ${path}`,
        );
      if (check.summary.taprootInternalKey !== undefined) internalKey = fromHex(check.summary.taprootInternalKey);
    }
    let w: WalletOutputs;
    try {
      w = walletOutputs(pkp, { network, ...(internalKey ? { internalKey } : {}) });
    } catch (e) {
      if (e instanceof WalletOutputError) throw new CommandError(`${certPath}: ${e.message}`);
      throw e;
    }
    io.stdout(flag(args, 'json') ? `${JSON.stringify(walletOutputsJson(w))}\n` : walletText(w, certPath !== undefined));
  });
}

/** Plain-words summary, also used by `inspect` for public key packages. */
export function walletRows(w: WalletOutputs, withCertificate: boolean): [string, string][] {
  const rows: [string, string][] = [];
  if (w.address !== undefined) rows.push([`address (${w.network})`, w.address]);
  if (w.descriptor !== undefined) rows.push(['descriptor', w.descriptor]);
  if (w.internalDescriptor !== undefined) rows.push(['descriptor (tr)', w.internalDescriptor]);
  else if (w.descriptor !== undefined && !withCertificate)
    rows.push([
      'descriptor (tr)',
      'needs the certificate (frost-ceremony wallet FILE --certificate CERT): this file holds only the tweaked key',
    ]);
  if (w.solanaAddress !== undefined) rows.push(['Solana address', w.solanaAddress]);
  rows.push(['key fingerprint', w.fingerprint]);
  return rows;
}

function walletText(w: WalletOutputs, withCertificate: boolean): string {
  const lines = [w.note];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(22)}${value}`);
  row('ciphersuite', `${w.suite} (${getSuite(w.suite).ciphersuiteId})`);
  row('group key', w.groupKey);
  if (w.outputKey !== undefined) row('output key (x-only)', w.outputKey);
  for (const [l, v] of walletRows(w, withCertificate)) row(l, v);
  return `${lines.join('\n')}\n`;
}
