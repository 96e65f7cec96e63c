/**
 * `frost-ceremony simulate --suite S --min-signers T --max-signers N --out DIR [--fault KIND:P]…`:
 * a whole ceremony of N scripted participants in this one process, through the real state
 * machine with every message serialised and parsed as on the wire (src/protocol/testing/
 * simulation.ts). Faults are blamed, the coordinator restarts without the culprits, and the
 * participants of the successful generation get their frost-rs key packages, the public key
 * package and the verified success certificate. For demos, tests and benchmarks: every share
 * was generated in one process, so these keys must never hold anything of value.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError, backupFileName, outputsOf } from '../ceremony/index.js';
import {
  verifyCertificate,
  certificateOf,
  type FaultKind,
  type FaultSpec,
  failureMessage,
  type FailureReason,
  labelProblem,
  MAX_LABEL_LENGTH,
  MAX_PARTICIPANTS,
  normaliseText,
  getSuite,
  isSuiteName,
  suiteByCiphersuiteId,
  type SuiteName,
  runSimulation,
  type SimulationResult,
  type PublicKeyPackage,
  publicKeyPackageToJson,
} from '../protocol/index.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { frostCoreOption } from './exportFrostRs.js';
import { UsageError, flag, stringList, stringOpt, type CommandSpec } from './args.js';
import { readPassphraseFile, writeBackupFiles } from './backupFiles.js';
import { CommandError, runCommand, toHex, withDefaults, type CliIo } from './output.js';

export const FAULT_KINDS: readonly FaultKind[] = ['bad-share', 'bad-proof', 'equivocate', 'false-complaint', 'silent'];

export const SIMULATE_SPEC: CommandSpec = {
  name: 'simulate',
  synopsis: '--suite S --min-signers T --max-signers N --out DIR [--fault KIND:PARTICIPANT[:TARGET]]… [options]',
  summary:
    'Runs a whole ceremony of N simulated participants (P1..PN, P1 coordinating) in this process,\n' +
    'through the real protocol with every message serialised and delivered in shuffled order.\n' +
    'Writes DIR/key-package-<id>.json per participant, DIR/public-key-package.json and\n' +
    'DIR/certificate.json, and prints a summary.\n\n' +
    'A fault makes participant PARTICIPANT (2..N) misbehave. KIND is one of\n' +
    `${FAULT_KINDS.join(', ')}. TARGET (optional) is the victim of\n` +
    "bad-share or the accused of false-complaint, an identifier in each generation's roster. The\n" +
    'culprit is blamed and the ceremony restarts without them; only the participants of the successful\n' +
    'generation get key packages, renumbered by its roster (the summary prints the mapping).\n' +
    'Every share is made in one process: use the keys for testing only.',
  options: {
    suite: {
      type: 'string',
      required: true,
      valueName: 'S',
      description: 'ed25519, ristretto255, ed448, p256, secp256k1, secp256k1-tr',
    },
    'min-signers': { type: 'string', required: true, valueName: 'T', description: 'signers needed (threshold t)' },
    'max-signers': {
      type: 'string',
      required: true,
      valueName: 'N',
      description: `participants (2..${MAX_PARTICIPANTS})`,
    },
    out: {
      type: 'string',
      required: true,
      valueName: 'DIR',
      description: 'directory for the files (created if missing)',
    },
    fault: {
      type: 'string',
      multiple: true,
      valueName: 'KIND:PARTICIPANT[:TARGET]',
      description: 'make a participant misbehave',
    },
    'backup-recipient': {
      type: 'string',
      multiple: true,
      valueName: 'AGE_RECIPIENT',
      description: 'also write key-package-<id>.json.age to this age1… recipient',
    },
    'backup-passphrase-file': {
      type: 'string',
      valueName: 'F',
      description: 'also write age backups with the passphrase in F',
    },
    seed: { type: 'string', valueName: 'S', description: 'derive all randomness from S (reproducible, NOT secret)' },
    label: { type: 'string', valueName: 'L', description: 'ceremony label (default "simulation")' },
    'allow-single-signer': {
      type: 'boolean',
      description: 'allow --min-signers 1 (a key every participant can use alone)',
    },
    json: { type: 'boolean', description: 'print the summary as JSON' },
    force: { type: 'boolean', description: 'replace existing files in DIR' },
    'frost-core': {
      type: 'string',
      valueName: '2|3',
      description: 'write public-key-package.json for frost-core 2.x (no min_signers) or 3.x (default)',
    },
  },
  positionals: { min: 0, max: 0, name: '' },
};

/** A fault as given on the command line: 1-based participant of generation 0. */
export interface CliFault {
  participant: number;
  spec: FaultSpec;
}

/** What happened in one generation, in plain words. */
export interface GenerationReport {
  generation: number;
  outcome: 'success' | 'failed' | 'aborted';
  /** Names (P<k>) in roster order; the FROST identifier is the position + 1. */
  roster: string[];
  reason: FailureReason | null;
  blamed: { name: string; identifier: number }[];
  /** Left out without proof (e.g. silent). */
  excluded: { name: string; identifier: number }[];
  message: string | null;
}

/** The JSON summary (`--json`) and what the text summary is made of. */
export interface SimulationSummary {
  ok: boolean;
  suite: SuiteName;
  ciphersuite: string;
  minSigners: number;
  requestedMaxSigners: number;
  maxSigners: number | null;
  groupKey: string | null;
  verificationCode: string | null;
  generations: GenerationReport[];
  /** Original name (P<k>) → identifier in the successful generation (null: left out). */
  identifiers: { name: string; identifier: number | null }[];
  files: string[];
  delivered: number;
  seconds: number;
  error: string | null;
}

/** Runs `simulate`; returns the exit code. `scryptWorkFactor` is for tests (default 18). */
export async function simulateCommand(
  argv: string[],
  ioIn?: Partial<CliIo>,
  scryptWorkFactor?: number,
): Promise<number> {
  const io = withDefaults(ioIn);
  return runCommand(SIMULATE_SPEC, argv, io, async (args) => {
    const suite = parseSuite(stringOpt(args, 'suite') as string);
    const n = parseCount(stringOpt(args, 'max-signers') as string, '--max-signers');
    const t = parseCount(stringOpt(args, 'min-signers') as string, '--min-signers');
    if (n < 2 || n > MAX_PARTICIPANTS)
      throw new UsageError(`--max-signers must be between 2 and ${MAX_PARTICIPANTS} (got ${n})`);
    if (t < 1 || t > n) throw new UsageError(`--min-signers must be between 1 and --max-signers ${n} (got ${t})`);
    const allowSingleSigner = flag(args, 'allow-single-signer');
    if (t === 1 && !allowSingleSigner)
      throw new UsageError(
        '--min-signers 1 makes a key that EVERY participant can use alone (each key package holds the whole secret); give --allow-single-signer if that is really meant',
      );
    const faults = parseFaults(stringList(args, 'fault'), n);
    const recipients = stringList(args, 'backup-recipient');
    const passphrasePath = stringOpt(args, 'backup-passphrase-file');
    if (recipients.length > 0 && passphrasePath !== undefined) {
      throw new UsageError('give --backup-recipient or --backup-passphrase-file, not both (age cannot mix them)');
    }
    const passphrase = passphrasePath === undefined ? undefined : await readPassphraseFile(io, passphrasePath);
    const outDir = stringOpt(args, 'out') as string;
    const seed = stringOpt(args, 'seed');
    const force = flag(args, 'force');
    const generation = frostCoreOption(stringOpt(args, 'frost-core'));
    const label = normaliseText(stringOpt(args, 'label') ?? 'simulation');
    if (label.length > MAX_LABEL_LENGTH) throw new UsageError(`--label is longer than ${MAX_LABEL_LENGTH} characters`);
    const labelBad = labelProblem(label);
    if (labelBad) throw new UsageError(`--label: ${labelBad}`);

    const started = performance.now();
    // runSimulation creates simulated participants, whose faults apply in any build.
    const sim = await runSimulation({
      suite,
      minSigners: t,
      maxSigners: n,
      label,
      allowSingleSigner,
      faults: Object.fromEntries(faults.map((f) => [f.participant - 1, f.spec])),
      // Without --seed, every participant's secrets come from the system CSPRNG; the seed then
      // only drives the delivery order and room id.
      seed: seed ?? toHex(io.randomBytes(16)),
      ...(seed === undefined ? { rngFor: () => io.randomBytes } : {}),
      crypto: createNodeIdentityCrypto(),
      // Each failed generation leaves out at least one participant.
      maxGenerations: n + 1,
    });
    const summary = summarise(sim, suite, t, n);
    summary.seconds = (performance.now() - started) / 1000;
    if (summary.ok) {
      summary.files = await writeOutputs(io, sim, outDir, force, generation, {
        ...(recipients.length > 0 ? { recipients } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...(scryptWorkFactor !== undefined ? { scryptWorkFactor } : {}),
      });
    }
    io.stdout(flag(args, 'json') ? `${JSON.stringify(summary)}\n` : summaryText(summary, faults, seed !== undefined));
    if (!summary.ok) throw new CommandError(summary.error ?? 'the ceremony did not succeed');
  });
}

function parseSuite(s: string): SuiteName {
  if (isSuiteName(s)) return s;
  const byId = suiteByCiphersuiteId(s);
  if (byId) return byId.name;
  throw new UsageError(
    `unknown --suite ${JSON.stringify(s)} (ed25519, ristretto255, ed448, p256, secp256k1, secp256k1-tr)`,
  );
}

function parseCount(s: string, option: string): number {
  if (!/^[0-9]{1,3}$/.test(s)) throw new UsageError(`${option} must be a whole number (got ${JSON.stringify(s)})`);
  return Number(s);
}

/** Parses `KIND:PARTICIPANT[:TARGET]` options; one fault per participant, never the coordinator. */
export function parseFaults(values: readonly string[], n: number): CliFault[] {
  const out: CliFault[] = [];
  for (const v of values) {
    const [kind, who, target, ...rest] = v.split(':');
    if (!FAULT_KINDS.includes(kind as FaultKind) || who === undefined || rest.length > 0) {
      throw new UsageError(
        `--fault ${JSON.stringify(v)}: expected KIND:PARTICIPANT[:TARGET] with KIND one of ${FAULT_KINDS.join(', ')}`,
      );
    }
    const participant = parseId(who, n, v);
    // Restarting is the coordinator's job and it never leaves itself out, so a faulty
    // coordinator could not be removed: the ceremony would need a new room.
    if (participant === 1)
      throw new UsageError(`--fault ${v}: participant 1 is the coordinator, who restarts the ceremony; choose 2..${n}`);
    if (out.some((f) => f.participant === participant))
      throw new UsageError(`--fault ${v}: participant ${participant} already has a fault`);
    const spec: FaultSpec = { kind: kind as FaultKind };
    if (target !== undefined) {
      if (kind !== 'bad-share' && kind !== 'false-complaint')
        throw new UsageError(`--fault ${v}: only bad-share and false-complaint take a TARGET`);
      spec.target = parseId(target, n, v);
      if (spec.target === participant) throw new UsageError(`--fault ${v}: the target must be another participant`);
    }
    out.push({ participant, spec });
  }
  return out;
}

function parseId(s: string, n: number, whole: string): number {
  if (!/^[0-9]{1,3}$/.test(s) || Number(s) < 1 || Number(s) > n)
    throw new UsageError(`--fault ${whole}: participant must be 1..${n} (got ${JSON.stringify(s)})`);
  return Number(s);
}

/** Turns the coordinator's history into the report, and finds the successful participants. */
function summarise(sim: SimulationResult, suite: SuiteName, t: number, n: number): SimulationSummary {
  const nameOf = new Map(sim.participants.map((p) => [p.state.identity.publicKey, p.name]));
  const coord = sim.participants[0];
  const history = coord?.state.history ?? [];
  const generations: GenerationReport[] = history.map((h) => {
    const person = (id: string) => ({ name: nameOf.get(id) ?? id.slice(0, 8), identifier: h.roster.indexOf(id) + 1 });
    const blamed = h.blamed.map(person);
    const excluded = h.excluded.filter((id) => !h.blamed.includes(id)).map(person);
    const culprits = (blamed.length > 0 ? blamed : excluded).map((c) => ({
      identity: '',
      id: c.identifier,
      name: c.name,
    }));
    return {
      generation: h.generation,
      outcome: h.outcome,
      roster: h.roster.map((id) => nameOf.get(id) ?? id.slice(0, 8)),
      reason: h.reason,
      blamed,
      excluded,
      message: h.outcome === 'success' || h.reason === null ? null : failureMessage(h.reason, culprits),
    };
  });
  const last = coord?.state.session;
  const ok =
    last?.outcome === 'success' && sim.views.filter((v) => v.phase === 'success').length === last.roster.length;
  const identifiers = sim.participants.map((p) => ({
    name: p.name,
    identifier: ok && sim.views[p.index]?.phase === 'success' ? (p.state.session?.myId ?? null) : null,
  }));
  let error: string | null = null;
  if (!ok) {
    const lastReport = generations[generations.length - 1];
    const why = sim.refused
      ? `cannot restart: ${sim.refused.message}`
      : lastReport
        ? `stopped after ${generations.length} generation${generations.length === 1 ? '' : 's'} without success`
        : `the ceremony did not succeed (the coordinator is in phase ${sim.views[0]?.phase ?? '?'})`;
    error = lastReport?.message ? `${why} (last failure: ${lastReport.message})` : why;
  }
  return {
    ok,
    suite,
    ciphersuite: getSuite(suite).ciphersuiteId,
    minSigners: t,
    requestedMaxSigners: n,
    maxSigners: ok && last ? last.roster.length : null,
    groupKey: ok ? (sim.views[0]?.groupKey.hex ?? null) : null,
    verificationCode: ok ? (sim.views[0]?.verificationCode ?? null) : null,
    generations,
    identifiers,
    files: [],
    delivered: sim.delivered,
    seconds: 0,
    error,
  };
}

/**
 * Writes the key packages (0600), the public key package and the certificate. The certificate is
 * verified first, and every successful participant must hold the same public key package.
 */
async function writeOutputs(
  io: CliIo,
  sim: SimulationResult,
  outDir: string,
  force: boolean,
  generation: 2 | 3,
  backup: { recipients?: string[]; passphrase?: string; scryptWorkFactor?: number },
): Promise<string[]> {
  const winners = sim.participants.filter((p) => sim.views[p.index]?.phase === 'success');
  const outputs = winners.map((p) => outputsOf(p.state));
  const pkpJson = outputs[0]?.publicKeyPackageJson;
  if (pkpJson === undefined || outputs.some((o) => o.publicKeyPackageJson !== pkpJson)) {
    throw new CommandError('internal: the participants hold different public key packages');
  }
  const first = winners[0];
  const cert = first ? certificateOf(first.state) : null;
  if (cert === null) throw new CommandError('internal: no certificate although the ceremony succeeded');
  // Same verdicts as the app and `verify` (verifyEd25519, ed25519Verdict.ts).
  const check = verifyCertificate(cert, { crypto: createNodeIdentityCrypto() });
  if (!check.ok) throw new CommandError(`internal: the certificate does not verify: ${check.reason}`);

  const withBackups = backup.recipients !== undefined || backup.passphrase !== undefined;
  const plan: { path: string; data: string; mode: number }[] = [
    ...outputs.map((o) => ({
      path: join(outDir, `key-package-${o.identifier}.json`),
      data: `${o.keyPackageJson}\n`,
      mode: 0o600,
    })),
    {
      path: join(outDir, 'public-key-package.json'),
      data: `${generation === 3 ? pkpJson : publicKeyPackageToJson(outputs[0]?.publicKeyPackage as PublicKeyPackage, 2)}\n`,
      mode: 0o644,
    },
    { path: join(outDir, 'certificate.json'), data: `${cert}\n`, mode: 0o644 },
  ];
  const backups = withBackups ? outputs.map((o) => join(outDir, backupFileName(o.identifier))) : [];
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new CommandError(`cannot create ${outDir}: ${(e as Error).message}`);
  }
  if (!force) {
    // Refuse before writing anything: half a set of key packages is worse than none.
    for (const path of [...plan.map((p) => p.path), ...backups]) {
      if (await exists(path))
        throw new CommandError(`${path} already exists; not replacing it (use --force to replace)`);
    }
  }
  const written: string[] = [];
  // Backups first: a bad recipient or passphrase then fails before anything is written (the
  // target is the same for all, so if the first backup works, all do).
  for (const o of withBackups ? outputs : []) {
    try {
      written.push(await writeBackupFiles(outDir, o.keyPackageJson, o.identifier, backup));
    } catch (e) {
      if (e instanceof BackupError) throw new CommandError(`backup of participant ${o.identifier}: ${e.message}`);
      throw e;
    }
  }
  for (const f of plan) {
    try {
      await io.writeFile(f.path, f.data, { mode: f.mode, overwrite: force });
    } catch (e) {
      throw new CommandError(`cannot write ${f.path}: ${(e as Error).message}`);
    }
    written.push(f.path);
  }
  return written;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The summary a person reads. Names are ours (P1..PN), so no escaping is needed. */
export function summaryText(s: SimulationSummary, faults: readonly CliFault[], seeded: boolean): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${`${label}:`.padEnd(14)}${value}`);
  lines.push(
    `Simulated ceremony: ${s.suite} (${s.ciphersuite}), ${s.minSigners}-of-${s.requestedMaxSigners}, P1 coordinating`,
  );
  for (const f of faults)
    lines.push(
      `  fault:        P${f.participant} ${f.spec.kind}${f.spec.target !== undefined ? ` (target #${f.spec.target})` : ''}`,
    );
  s.generations.forEach((g, k) => {
    const next = k + 1 < s.generations.length ? '; the next generation runs without them' : '';
    if (g.outcome === 'success') {
      lines.push(`  generation ${g.generation}: success with ${g.roster.join(', ')}`);
      return;
    }
    const who = (xs: { name: string; identifier: number }[]) =>
      xs.map((x) => `${x.name} (#${x.identifier})`).join(', ');
    if (g.reason === 'excluded-by-coordinator' && g.blamed.length === 0) {
      lines.push(
        `  generation ${g.generation}: stalled: no answer from ${who(g.excluded)} (nobody is blamed without proof)`,
      );
      lines.push(`    left out: ${who(g.excluded)}${next}`);
      return;
    }
    lines.push(`  generation ${g.generation}: ${g.outcome}: ${g.message ?? g.reason ?? 'no reason recorded'}`);
    if (g.blamed.length > 0) lines.push(`    blamed: ${who(g.blamed)}, reason ${g.reason ?? '?'}${next}`);
    if (g.excluded.length > 0) lines.push(`    also left out (no answer): ${who(g.excluded)}`);
  });
  if (!s.ok) {
    lines.push(`  result:       FAILED: ${s.error ?? '?'}`);
    return `${lines.join('\n')}\n`;
  }
  const failed = s.generations.filter((g) => g.outcome !== 'success').length;
  row(
    'result',
    `success: ${s.minSigners}-of-${s.maxSigners ?? '?'}${s.maxSigners !== s.requestedMaxSigners ? ` (started as ${s.minSigners}-of-${s.requestedMaxSigners})` : ''}`,
  );
  row('group key', s.groupKey ?? '?');
  row('code', s.verificationCode ?? '?');
  row('generations', `${s.generations.length}${failed > 0 ? ` (${failed} failed)` : ''}`);
  const mapped = s.identifiers.filter((i) => i.identifier !== null).map((i) => `${i.name} → ${i.identifier}`);
  const left = s.identifiers.filter((i) => i.identifier === null).map((i) => i.name);
  row('identifiers', mapped.join(', '));
  if (left.length > 0) row('left out', `${left.join(', ')} (no key package)`);
  row('messages', `${s.delivered} delivered`);
  row('time', `${s.seconds.toFixed(2)} s`);
  // A fault that never showed (e.g. its target left first) leaves its participant in the group.
  const kept = faults.filter((f) => s.identifiers.find((i) => i.name === `P${f.participant}`)?.identifier != null);
  for (const f of kept)
    lines.push(
      `  note:         P${f.participant}'s fault (${f.spec.kind}) never showed; P${f.participant} is in the group`,
    );
  lines.push('  files:');
  for (const f of s.files) lines.push(`    ${f}${/key-package-\d+\.json$/.test(f) ? '  (SECRET)' : ''}`);
  lines.push(
    `Every share was made in this one process${seeded ? ' from the given --seed, which reproduces them' : ''}: use these keys for testing, never for real funds.`,
  );
  return `${lines.join('\n')}\n`;
}
