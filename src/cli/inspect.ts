/**
 * `frost-ceremony inspect FILE [--json]`: reads any frost-rs JSON package (KeyPackage,
 * PublicKeyPackage, DKG round-1 or round-2 package) of any suite, or a success certificate,
 * validates it strictly and says in plain words what it is. `--json` prints the package back
 * in frost-rs's canonical (serde_json, compact) form.
 */
import {
  FrostJsonError,
  keyPackageToJson,
  parseFrostJson,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
  type FrostJsonDocument,
  verifyCertificate,
  type CertificateSummary,
  getSuite,
  type SuiteName,
  walletOutputs,
} from '../protocol/index.js';
import { flag, type CommandSpec } from './args.js';
import { walletRows } from './wallet.js';
import { CommandError, readTextInput, runCommand, toHex, withDefaults, type CliIo } from './output.js';

export const INSPECT_SPEC: CommandSpec = {
  name: 'inspect',
  synopsis: 'FILE [--json]',
  summary:
    'Reads a frost-rs JSON file (key package, public key package, DKG round-1 or round-2 package)\n' +
    'of any of the six ciphersuites, or a ceremony success certificate, checks it as strictly as\n' +
    'frost-rs does, and summarises it. Exit 1 with the offending field if it is not valid.\n' +
    'FILE may be - to read standard input (e.g. `age -d -i KEY backup.age | frost-ceremony inspect -`).',
  options: {
    json: {
      type: 'boolean',
      description: "print the package in frost-rs's canonical JSON (a certificate: its verified summary as JSON)",
    },
  },
  positionals: { min: 1, max: 1, name: 'FILE' },
};

/** Runs `inspect`; returns the exit code. */
export async function inspectCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(INSPECT_SPEC, argv, io, async (args) => {
    const path = args.positionals[0] as string;
    const text = await readTextInput(io, path, 'file');
    if (looksLikeCertificate(text)) {
      const check = verifyCertificate(text);
      if (!check.ok) throw new CommandError(`${path}: the certificate does not verify: ${check.reason}`);
      io.stdout(
        flag(args, 'json')
          ? `${JSON.stringify({ kind: 'certificate', valid: true, ...check.summary })}\n`
          : summariseCertificate(check.summary),
      );
      return;
    }
    let doc: FrostJsonDocument;
    try {
      doc = parseFrostJson(text);
    } catch (e) {
      if (e instanceof FrostJsonError) throw new CommandError(`${path}: ${describeError(e)}`);
      throw e;
    }
    io.stdout(flag(args, 'json') ? `${canonicalJson(doc)}\n` : summarise(doc));
  });
}

/** frost-rs canonical JSON of a parsed document. */
export function canonicalJson(doc: FrostJsonDocument): string {
  switch (doc.kind) {
    case 'key-package':
      return keyPackageToJson(doc.value);
    case 'public-key-package':
      return publicKeyPackageToJson(doc.value);
    case 'round1-package':
      return round1PackageToJson(getSuite(doc.suite), doc.value);
    case 'round2-package':
      return round2PackageToJson(getSuite(doc.suite), doc.signingShare);
  }
}

/** The plain-words summary a custodian reads. Secrets (signing shares) are never printed. */
export function summarise(doc: FrostJsonDocument): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(17)}${value}`);
  switch (doc.kind) {
    case 'key-package': {
      const kp = doc.value;
      lines.push("Key package: one participant's SECRET signing share. Keep it private and backed up.");
      row('ciphersuite', suiteLabel(kp.suite));
      row('participant', String(kp.identifier));
      row('group key', toHex(kp.verifyingKey));
      row('verifying share', toHex(kp.verifyingShare));
      taprootRow(kp.suite, kp.verifyingKey, row);
      row('threshold', `${kp.minSigners} needed to sign (the group size is in the public key package)`);
      break;
    }
    case 'public-key-package': {
      const p = doc.value;
      const n = p.verifyingShares.length;
      lines.push("Public key package: the group key and every participant's public share. Not secret.");
      row('ciphersuite', suiteLabel(p.suite));
      row('group key', toHex(p.verifyingKey));
      taprootRow(p.suite, p.verifyingKey, row);
      // Where the key receives funds (mainnet; `wallet` takes other networks and the certificate).
      for (const [l, v] of walletRows(walletOutputs(p), false)) row(l, v);
      if (p.minSigners === undefined)
        row(
          'threshold',
          `not recorded in this file (a frost-core 2.x file); ${n} participants; each key package says how many must sign`,
        );
      else row('threshold', `${p.minSigners} of ${n} needed to sign`);
      row('participants', p.verifyingShares.map((v) => v.identifier).join(', '));
      for (const v of p.verifyingShares) row(`  share of ${v.identifier}`, toHex(v.verifyingShare));
      if (p.minSigners !== undefined && p.minSigners > n)
        lines.push(`  WARNING: only ${n} participants are listed, fewer than the ${p.minSigners} needed to sign.`);
      break;
    }
    case 'round1-package': {
      const t = doc.value.commitment.length;
      lines.push("DKG round-1 package: a participant's public commitment and proof of knowledge (broadcast to all).");
      row('ciphersuite', suiteLabel(doc.suite));
      row(
        'threshold',
        `made for a key that needs ${t} signer${t === 1 ? '' : 's'} (${t} commitment${t === 1 ? '' : 's'})`,
      );
      row('commitment[0]', toHex(doc.value.commitment[0] as Uint8Array));
      row('proof', 'valid encoding (the proof itself is checked against its sender during the DKG)');
      break;
    }
    case 'round2-package':
      lines.push(
        'DKG round-2 package: a SECRET share sent by one participant to one other. Never share or publish it.',
      );
      row('ciphersuite', suiteLabel(doc.suite));
      break;
  }
  lines.push('  valid:           yes, strictly checked against the frost-rs format');
  return `${lines.join('\n')}\n`;
}

/** secp256k1-tr signatures verify as BIP-340 under the x-only key: show it as wallets do. */
function taprootRow(suite: SuiteName, key: Uint8Array, row: (label: string, value: string) => void): void {
  if (getSuite(suite).internals.taproot) row('x-only key', `${toHex(key.subarray(1))} (BIP-340)`);
}

function suiteLabel(name: SuiteName): string {
  return `${name} (${getSuite(name).ciphersuiteId})`;
}

/** One line naming the field, with a hint for the commonest mistakes. */
function describeError(e: FrostJsonError): string {
  switch (e.code) {
    case 'malformed-json':
      return `not valid JSON (${e.message})`;
    case 'unknown-kind':
      return 'not a frost-rs key package, public key package or DKG round package';
    default:
      return e.message;
  }
}

/** What a verified certificate proves, in plain words. */
export function summariseCertificate(c: CertificateSummary): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(19)}${value}`);
  lines.push(`Success certificate: all ${c.maxSigners} participants confirmed the same group key. Public, not secret.`);
  // Names, label and room come from participants: quoted and escaped, so control characters
  // cannot rewrite the terminal.
  row('ceremony', `${JSON.stringify(c.label)} (room ${JSON.stringify(c.room)}, generation ${c.generation})`);
  row('ciphersuite', suiteLabel(c.suite as SuiteName));
  row('group key', c.groupKey);
  row('threshold', `${c.minSigners} of ${c.maxSigners} needed to sign`);
  row('verification code', c.verificationCode);
  row('session id', c.sessionId);
  row('coordinator', `fingerprint ${c.coordinator.fingerprint}`);
  for (const p of c.participants)
    row(`  participant ${p.id}`, `${JSON.stringify(p.name)} (fingerprint ${p.fingerprint})`);
  row('public key pkg', `hash ${c.publicKeyPackageHash}`);
  row('transcript', `hash ${c.transcriptHash}`);
  row('format', c.format);
  lines.push(
    c.format === 'frost-ceremony/certificate/v1'
      ? '  valid:             yes: roster, signatures, echo agreement, round-1 proofs, public key package and all confirmations check out'
      : '  valid:             yes: roster, signatures, echo agreement, each msg1 (t points, proof of possession), the COCKTAIL-DKG transcript, all n CertEq signatures on it, and the public key package check out',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * A certificate is told apart from frost-rs packages by its top level: frost-rs packages always
 * have a `header`; a certificate has none and declares its `format` (or carries confirmations).
 */
export function looksLikeCertificate(text: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || 'header' in v) return false;
  const format = (v as { format?: unknown }).format;
  return (
    (typeof format === 'string' && format.startsWith('frost-ceremony/certificate/')) ||
    'confirmations' in v ||
    'roster' in v
  );
}
