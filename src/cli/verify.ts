/**
 * `frost-ceremony verify CERTIFICATE [LIFECYCLE-CERTIFICATE…] [--coordinator HEX] [--group-key HEX] [--public-key-package FILE] [--funding-receipt FILE] [--json]`:
 * checks a ceremony success certificate offline, from the file alone: the coordinator's signed
 * roster, every start, round-1 package (with its proof of knowledge), echo and confirmation
 * signature, the echo agreement, the public key package recomputed from the commitments, and
 * that all n confirmations sign exactly that key and transcript. Optional pins check it is the
 * ceremony the caller expects (who coordinated, which group key, which public key package).
 * `--funding-receipt` also checks the "safe to fund" receipt against the certificate
 * (fundingReceipt.ts): every custodian's signed acknowledgement, or the names of who is missing.
 */
import {
  verifyCertificate,
  type CertificateSummary,
  isHex,
  parseStrictJson,
  parsePublicKeyPackage,
  publicKeyPackageToJson,
  verifyLifecycleChain,
  LifecycleError,
  publicKeyPackageHash,
  verifyFundingReceipt,
  type FundingReceiptCheck,
} from '../protocol/index.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { UsageError, flag, stringOpt, type CommandSpec } from './args.js';
import { summariseCertificate } from './inspect.js';
import { CommandError, readTextInput, runCommand, toHex, withDefaults, type CliIo } from './output.js';
import { loadPublicKeyPackage } from './packageFiles.js';
import type { PublicKeyPackage } from '../protocol/index.js';

export const VERIFY_SPEC: CommandSpec = {
  name: 'verify',
  synopsis:
    'CERTIFICATE [LIFECYCLE-CERTIFICATE…] [--coordinator HEX] [--group-key HEX] [--public-key-package FILE] [--funding-receipt FILE] [--json]',
  summary:
    'Checks a ceremony success certificate offline (format v2, COCKTAIL-DKG; v1 still read):\n' +
    'every signature, the echo agreement, each round-1 message (t points, proof of possession),\n' +
    'the transcript rebuilt from them, all n CertEq signatures on it, and the public key package\n' +
    'recomputed from the commitments. Exit 0 with a summary, or 1 with\n' +
    'the reason. CERTIFICATE may be - for standard input. Lifecycle certificates (refresh, repair,\n' +
    'reshare) after it are checked as a chain, in order: each names the one before by hash, keeps\n' +
    'the group key, carries proofs of holding from enough holders of the previous key and every\n' +
    "participant's confirmation; --public-key-package then pins the chain's current package.",
  options: {
    coordinator: {
      type: 'string',
      valueName: 'HEX',
      description: 'also require this coordinator identity key (hex, from the invite)',
    },
    'group-key': { type: 'string', valueName: 'HEX', description: 'also require this group key (hex)' },
    'public-key-package': {
      type: 'string',
      valueName: 'FILE',
      description: 'also require that this public key package is the certified one',
    },
    'funding-receipt': {
      type: 'string',
      valueName: 'FILE',
      description:
        'also check this funding-receipt.json: all n custodians signed that their backup opens and they checked the address of this key',
    },
    json: { type: 'boolean', description: 'print the verified summary as JSON' },
  },
  positionals: { min: 1, max: 1000, name: 'CERTIFICATE' },
};

/** Runs `verify`; returns the exit code. */
export async function verifyCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(VERIFY_SPEC, argv, io, async (args) => {
    const path = args.positionals[0] as string;
    const coordinator = hexOption(stringOpt(args, 'coordinator'), '--coordinator', 32);
    const groupKey = hexOption(stringOpt(args, 'group-key'), '--group-key');
    const text = await readTextInput(io, path, 'certificate');
    // node:crypto for speed, with the app's verdicts (verifyEd25519, ed25519Verdict.ts): never OpenSSL's own.
    const check = verifyCertificate(text, {
      crypto: createNodeIdentityCrypto(),
      ...(coordinator !== undefined ? { expectedCoordinator: coordinator } : {}),
    });
    if (!check.ok) throw new CommandError(`${path}: the certificate does not verify: ${check.reason}`);
    const c = check.summary;
    if (groupKey !== undefined && groupKey !== c.groupKey) {
      throw new CommandError(`${path} certifies group key ${c.groupKey}, not the expected ${groupKey}`);
    }
    const links = args.positionals.slice(1);
    const chain = links.length > 0 ? await verifyChain(io, text, links) : undefined;
    const pkpPath = stringOpt(args, 'public-key-package');
    if (pkpPath !== undefined) {
      if (chain) await checkCurrentPackage(io, pkpPath, chain.publicKeyPackage, links[links.length - 1] as string);
      else await checkPublicKeyPackage(io, pkpPath, c, text, path);
    }
    const receiptPath = stringOpt(args, 'funding-receipt');
    let funding: Extract<FundingReceiptCheck, { ok: true }> | undefined;
    if (receiptPath !== undefined) {
      const receipt = await readTextInput(io, receiptPath, 'funding receipt');
      const r = verifyFundingReceipt(receipt, text, { crypto: createNodeIdentityCrypto() });
      if (!r.ok) throw new CommandError(`${receiptPath}: ${r.reason}`);
      funding = r;
    }
    const chainSummary = chain && {
      kinds: chain.kinds,
      minSigners: chain.publicKeyPackage.minSigners,
      maxSigners: chain.publicKeyPackage.verifyingShares.length,
      publicKeyPackageHash: publicKeyPackageHash(chain.publicKeyPackage),
    };
    if (flag(args, 'json')) {
      const receipt = funding
        ? { fundingReceipt: { valid: true, safeToFund: true, acknowledgements: funding.acknowledgements } }
        : {};
      io.stdout(
        `${JSON.stringify({ kind: 'certificate', valid: true, ...c, ...(chainSummary ? { chain: chainSummary } : {}), ...receipt })}\n`,
      );
    } else {
      io.stdout(summariseCertificate(c));
      if (chainSummary)
        io.stdout(
          `Lifecycle chain: ${chainSummary.kinds.length} certificate(s) verified (${chainSummary.kinds.join(', ')}); same group key.\n` +
            `  now:               ${chainSummary.minSigners} of ${chainSummary.maxSigners}\n`,
        );
      if (funding) io.stdout(summariseFunding(funding));
    }
  });
}

/** A hex pin, lowercased; `bytes` fixes its length when known. */
function hexOption(value: string | undefined, option: string, bytes?: number): string | undefined {
  if (value === undefined) return undefined;
  const hex = value.toLowerCase();
  if (!isHex(hex, bytes))
    throw new UsageError(`${option} must be ${bytes !== undefined ? `${bytes} bytes of ` : ''}hex`);
  return hex;
}

/** The given public key package must be, byte for byte in canonical form, the certified one. */
async function checkPublicKeyPackage(
  io: CliIo,
  pkpPath: string,
  c: CertificateSummary,
  certText: string,
  certPath: string,
): Promise<void> {
  const pkp = await loadPublicKeyPackage(io, pkpPath);
  if (toHex(pkp.verifyingKey) !== c.groupKey)
    throw new CommandError(
      `${pkpPath} is for group key ${toHex(pkp.verifyingKey)}, but ${certPath} certifies ${c.groupKey}`,
    );
  // verifyCertificate already proved the embedded package equals the recomputed one.
  const embedded = parsePublicKeyPackage(
    JSON.stringify((parseStrictJson(certText) as { publicKeyPackage: unknown }).publicKeyPackage),
  );
  if (publicKeyPackageToJson(pkp) !== publicKeyPackageToJson(embedded)) {
    throw new CommandError(
      `${pkpPath} differs from the public key package certified by ${certPath} (same group key, other shares or threshold)`,
    );
  }
}

/** "Safe to fund" lines of a verified receipt (names quoted: they come from participants). */
function summariseFunding(f: Extract<FundingReceiptCheck, { ok: true }>): string {
  const n = f.acknowledgements.length;
  const lines = [
    `Safe to fund: all ${n} custodians have a working backup and checked the address (funding receipt verified).`,
  ];
  for (const a of f.acknowledgements)
    lines.push(
      `    participant ${a.id}:   ${JSON.stringify(a.name)} checked ${a.checked}; backup file sha256 ${a.backupProof}`,
    );
  return `${lines.join('\n')}\n`;
}

/** Verifies the lifecycle certificates `paths` as a chain after the DKG certificate `genesisText`. */
async function verifyChain(
  io: CliIo,
  genesisText: string,
  paths: string[],
): Promise<{ publicKeyPackage: PublicKeyPackage; kinds: string[] }> {
  const genesisPkp = parsePublicKeyPackage(
    JSON.stringify((parseStrictJson(genesisText) as { publicKeyPackage: unknown }).publicKeyPackage),
  );
  const texts: string[] = [];
  for (const p of paths) texts.push(await readTextInput(io, p, 'lifecycle certificate'));
  try {
    return verifyLifecycleChain(
      { publicKeyPackage: genesisPkp, certificateText: genesisText },
      texts,
      createNodeIdentityCrypto(),
    );
  } catch (e) {
    if (!(e instanceof LifecycleError)) throw e;
    const k = /^link (\d+):/.exec(e.message)?.[1];
    const where = k !== undefined ? (paths[Number(k) - 1] ?? '') : '';
    throw new CommandError(`${where}: the lifecycle chain does not verify: ${e.message}`);
  }
}

/** The given public key package must be the chain's current one. */
async function checkCurrentPackage(
  io: CliIo,
  pkpPath: string,
  current: PublicKeyPackage,
  lastPath: string,
): Promise<void> {
  const pkp = await loadPublicKeyPackage(io, pkpPath);
  if (publicKeyPackageToJson(pkp) !== publicKeyPackageToJson(current))
    throw new CommandError(`${pkpPath} is not the current public key package certified by ${lastPath}`);
}
