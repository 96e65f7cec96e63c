/**
 * Summarises a V8 .cpuprofile by protocol step: every sample is charged to the innermost frame
 * on its stack that names a step (the first rule below that matches, walking from the leaf
 * towards the root), so the library code a step calls (noble field arithmetic, sha512, JSON)
 * counts for that step. Samples with no such frame are "other".
 */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A step: matched by function name (and optionally file). Order matters only within one frame. */
export interface StepRule {
  step: string;
  fn: RegExp;
  file?: RegExp;
}

export const STEP_RULES: StepRule[] = [
  // Innermost first: a sample is charged to the first of these met walking up from the leaf.
  { step: 'envelope signatures: verify', fn: /^verifyEd25519$/ },
  { step: 'envelope signatures: sign', fn: /^(sealEnvelope|signSession|sign)$/, file: /src\/protocol/ },
  { step: 'share encryption (HPKE seal)', fn: /^(hpkeSealBase|sealShare)$/ },
  { step: 'share decryption (HPKE open)', fn: /^(hpkeOpenBase|openShare|deriveKeyPair)$/ },
  {
    step: 'round-1 packages: points, subgroup, PoP',
    fn: /^(checkRound1Packages|verifyBatch|decodePackage|decodePoint|decodeScalar|dkgRound1)$/,
    file: /src\/protocol\/dkg/,
  },
  { step: 'share checks + round 3', fn: /^(verifyShare|shareMatches|dkgRound3|finishRound3|dkgRound2Shares)$/ },
  { step: 'view/status', fn: /^(view|sendStatus|onStatus|statusOf|phaseOf|progressOf)$/ },
  { step: 'roster/session context', fn: /^(contextFromRoster|onRoster|onHello|lock)$/ },
  {
    step: 'decode (envelope, JSON, payload)',
    fn: /^(openEnvelope|checkSessionEnvelope|payloadOf|canonicalizeJsonText|canonicalJson|parseStrict|strictParse|parsePayload|decode\w*|readTrusted|envelopeText|utf8)$/,
  },
  { step: 'rng (bench: seeded SHA-256)', fn: /^seededRng$|^$/, file: /simulation/ },
  { step: 'timer (process.cpuUsage)', fn: /^cpuUsage$/ },
  { step: 'garbage collection', fn: /^\(garbage collector\)$/ },
  {
    step: 'state machine bookkeeping',
    fn: /^(step|handle|receive|advance|stepOnce|memo|onSessionMessage|broadcast|bufferMessage)$/,
    file: /src\/protocol/,
  },
];

export interface ProfileSummary {
  totalMs: number;
  steps: { step: string; ms: number; share: number }[];
  /** Heaviest functions by self time, with their file, for the reader to check the rules. */
  topSelf: { fn: string; file: string; ms: number }[];
  /** Heaviest src/ functions by inclusive time. */
  topSrc: { fn: string; file: string; ms: number }[];
}

const shortFile = (url: string) => url.replace(/^.*\/(src|node_modules)\//, '$1/');

export function summariseProfile(
  p: CpuProfile,
  rules: readonly StepRule[] = STEP_RULES,
  exclude = 'node:inspector',
): ProfileSummary {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const ms = new Map<number, number>();
  p.samples.forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const steps = new Map<string, number>();
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  for (const [id, t] of ms) {
    const leaf = byId.get(id)!;
    // Not the profiler's own work (node:inspector, e.g. Profiler.stop) nor idle time. (Not "under
    // replay()": after an await inside step(), its continuation runs from the microtask queue
    // with step at the root of the stack.)
    let excluded = ['(idle)', '(program)'].includes(leaf.callFrame.functionName);
    for (let cur: number | undefined = id; cur !== undefined && !excluded; cur = parent.get(cur))
      excluded = byId.get(cur)!.callFrame.url === exclude;
    if (excluded) continue;
    total += t;
    const k = `${leaf.callFrame.functionName || '(anonymous)'}\t${shortFile(leaf.callFrame.url)}`;
    self.set(k, (self.get(k) ?? 0) + t);
    let step: string | undefined;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (step === undefined)
        step = rules.find((r) => r.fn.test(f.functionName) && (r.file === undefined || r.file.test(f.url)))?.step;
      if (/\/src\//.test(f.url)) {
        const key = `${f.functionName || '(anonymous)'}\t${shortFile(f.url)}`;
        if (!seen.has(key)) incl.set(key, (incl.get(key) ?? 0) + t);
        seen.add(key);
      }
    }
    const s = step ?? 'other';
    steps.set(s, (steps.get(s) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, v]) => ({ fn: key.split('\t')[0]!, file: key.split('\t')[1]!, ms: v }));
  return {
    totalMs: total,
    steps: [...steps.entries()].sort((a, b) => b[1] - a[1]).map(([step, v]) => ({ step, ms: v, share: v / total })),
    topSelf: top(self, 25),
    topSrc: top(incl, 40),
  };
}

export function formatProfileSummary(s: ProfileSummary): string {
  return [
    `profiled ${s.totalMs.toFixed(0)} ms of samples`,
    '',
    'step                                        ms   share',
    ...s.steps.map(
      (x) => `${x.step.padEnd(40)}${x.ms.toFixed(0).padStart(7)}${(100 * x.share).toFixed(1).padStart(7)} %`,
    ),
    '',
    'heaviest src/ functions, inclusive ms:',
    ...s.topSrc.map((x) => `  ${x.ms.toFixed(0).padStart(6)}  ${x.fn}  ${x.file}`),
    '',
    'heaviest functions, self ms:',
    ...s.topSelf.map((x) => `  ${x.ms.toFixed(0).padStart(6)}  ${x.fn}  ${x.file}`),
  ].join('\n');
}
