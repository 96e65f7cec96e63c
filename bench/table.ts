/**
 * `npm run bench:table [-- FILE]`: prints the README's benchmark tables (markdown) from
 * bench/results/latest.json (or FILE): per part, the command that made it, when, on what
 * machine and how long it took, the table, and the goal verdicts.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Json = Record<string, unknown>;
interface GoalJson {
  goal: string;
  value: string;
  pass: boolean | null;
}

const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const arr = (x: unknown): Json[] => (Array.isArray(x) ? (x as Json[]) : []);

/** Plain numbers: integers and from 100 up without decimals, two below 10, else one. */
export function fmtNum(x: unknown): string {
  const v = num(x);
  if (v === undefined)
    return x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x)) ? '–' : String(x);
  const a = Math.abs(v);
  const s = Number.isInteger(v) || a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  // Thin groups for thousands, as in the issue's tables.
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const ratio = (x: unknown): string => (num(x) === undefined ? '–' : `${(x as number).toFixed(2)}×`);

export function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const verdict = (g: GoalJson): string => (g.pass === null ? 'n/a' : g.pass ? '**PASS**' : '**FAIL**');

export function goalsList(goals: readonly GoalJson[]): string {
  return goals.map((g) => `- ${verdict(g)} ${g.goal}: ${g.value}`).join('\n');
}

/** "`command` — date, mode, N cores, load average at start, time" for one part. */
export function stampLine(p: Json): string {
  const m = (p.machine ?? {}) as Json;
  const load = arr(m.loadavgAtStart).length > 0 ? (m.loadavgAtStart as number[]) : undefined;
  const bits = [
    str(p.date)
      ?.replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC'),
    str(p.mode),
    num(m.cores) !== undefined ? `${m.cores as number} cores` : undefined,
    load ? `load average at start ${load.map((x) => x.toFixed(1)).join(' / ')}` : undefined,
    num(p.seconds) !== undefined ? `took ${Math.round(p.seconds as number)} s` : undefined,
  ].filter((b): b is string => b !== undefined);
  return `\`${str(p.command) ?? 'npm run bench'}\` — ${bits.length > 0 ? bits.join(', ') : 'no run details recorded'}`;
}

export function protocolTable(p: Json): string {
  const rows = arr(p.rows);
  const suites = [...new Set(rows.map((r) => str(r.suite) ?? '?'))];
  const ns = [...new Set(rows.map((r) => num(r.n) ?? 0))].sort((a, b) => a - b);
  const cell = (s: string, n: number) => {
    const r = rows.find((x) => x.suite === s && x.n === n);
    return r ? `${ratio(r.ratio)} (${fmtNum(r.oursMs)} / ${fmtNum(r.nobleMs)})` : '';
  };
  return [
    'Per-participant DKG CPU time, ours ÷ bare `@noble/curves` (ours ms / bare ms), median of the reps, t = ⌊2n/3⌋+1; lower is better.',
    '',
    mdTable(
      ['suite', ...ns.map((n) => `n=${n}`)],
      suites.map((s) => [s, ...ns.map((n) => cell(s, n))]),
    ),
    ...growthLines(p.growth),
  ].join('\n');
}

/** How the cost grows with n: the least-squares exponent k of ms ∝ n^k, ours and bare, per suite. */
function growthLines(growth: unknown): string[] {
  const g = (growth ?? {}) as Record<string, { ours?: number; noble?: number }>;
  const suites = Object.keys(g);
  if (suites.length === 0) return [];
  return [
    '',
    'Growth with n (least-squares k in ms ∝ nᵏ over the measured n):',
    '',
    mdTable(
      ['suite', 'ours', 'bare'],
      suites.map((s) => [s, `n^${g[s]?.ours?.toFixed(2) ?? '?'}`, `n^${g[s]?.noble?.toFixed(2) ?? '?'}`]),
    ),
    '',
    'Dominant step (measured per step in bench/protocol/README.md): checking the received round-1 packages, which decodes and validates n·(t+1) points once each, O(n·t); for ed25519/ed448 mostly the subgroup test.',
  ];
}

export function networkTable(p: Json): string {
  const cores = num(p.cores);
  // Since issue 18 the limit is the bare noble DKG's CPU (rows carry bareCpuMs); older results used our own CPU.
  const bare = arr(p.rows).some((r) => num(r.bareCpuMs) !== undefined);
  const rows = arr(p.rows).map((r) => [
    fmtNum(r.n),
    str(r.kind) ?? '?',
    fmtNum(r.reps),
    fmtNum(r.ceremonyMs),
    fmtNum(r.limitMs),
    `**${ratio(r.ratio)}**`,
    fmtNum(r.setupMs),
    r.kind === 'relay' ? '–' : `${fmtNum(r.directPairs)}/${fmtNum(((num(r.n) ?? 0) * ((num(r.n) ?? 0) - 1)) / 2)}`,
    `${fmtNum(r.computingMs)} / ${fmtNum(r.waitingMs)}`,
    fmtNum(r.cpuMs),
    ...(bare ? [fmtNum(r.bareCpuMs)] : []),
    fmtNum(r.rttMs),
    ratio(r.ratioLoadAdjusted),
  ]);
  const limit = bare
    ? `the bare noble DKG CPU of all n participants (measured in the same run) ÷ ${cores ?? '?'} cores + 4 × data-channel RTT`
    : `CPU of all participants ÷ ${cores ?? '?'} cores + 4 × data-channel RTT`;
  const failures = Object.entries((p.failures ?? {}) as Record<string, string>);
  return [
    `Headless participants, one process each, ed25519, loopback. Ceremony = all n start signatures in → all n hold the confirmed result; limit = ${limit}; set-up = join → all links up (measured apart). Computing / waiting = the median participant's own CPU during the ceremony and the rest of it.`,
    '',
    mdTable(
      [
        'n',
        'link',
        'reps',
        'ceremony ms',
        'limit ms',
        'ratio',
        'set-up ms',
        'direct pairs',
        'computing / waiting ms',
        'CPU all ms',
        ...(bare ? ['bare CPU ms'] : []),
        'RTT ms',
        'load-adjusted',
      ],
      rows,
    ),
    ...failures.map(([k, m]) => `\nFailed: ${k}: ${m.slice(0, 300)}`),
    ...(str(p.openFileLimit) !== undefined
      ? [
          `\nOpen-file limit (\`ulimit -n\`): ${str(p.openFileLimit)}; most descriptors one participant process held: ${Math.max(...arr(p.rows).map((r) => num(r.maxFds) ?? 0))}.`,
        ]
      : []),
  ].join('\n');
}

/** A table of every scalar field of the rows (parts whose row shape another module owns). */
export function genericTable(rows: readonly Json[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = [
    ...new Set(
      rows.flatMap((r) =>
        Object.keys(r).filter((k) => r[k] === null || ['number', 'string', 'boolean'].includes(typeof r[k])),
      ),
    ),
  ];
  return mdTable(
    keys,
    rows.map((r) => keys.map((k) => fmtNum(r[k]))),
  );
}

export function serverTable(p: Json): string {
  const load = (o: unknown) => {
    const l = (o ?? {}) as Json;
    return `${fmtNum(l.rooms)} rooms × ${fmtNum(l.peersPerRoom)} sockets, ${fmtNum(l.messagesPerPeer)} messages of ${fmtNum(l.payloadBytes)} B each, every ${fmtNum(l.intervalMs)} ms`;
  };
  const cols = [
    'rep',
    'kind',
    'delivered',
    'expected',
    'deliveriesPerSec',
    'p50Ms',
    'p99Ms',
    'serverCpuUsPerDelivery',
    'serverSysUsPerDelivery',
    'generatorCpuUsPerDelivery',
    'bytesPerRoomIdle',
    'bytesPerRoom',
    'bytesLeftAfterClose',
  ];
  const pick = (rs: Json[]) =>
    rs.map((r) => Object.fromEntries(cols.filter((c) => c in r).map((c) => [c, r[c]])) as Json);
  return [
    `Latency and memory (${load(p.latencyLoad)}):`,
    '',
    genericTable(pick(arr(p.latency))),
    '',
    `Throughput (${load(p.throughputLoad)}):`,
    '',
    genericTable(pick(arr(p.throughput))),
  ].join('\n');
}

const TITLES: Record<string, string> = {
  protocol: '1. Protocol core (one participant, no network)',
  network: '2. Networked ceremony (headless participants, loopback)',
  browser: '3. Browsers (Chromium contexts)',
  server: '4. Signalling server (load vs a bare ws relay)',
};

/** The whole markdown from a latest.json object. */
export function renderTables(result: Json): string {
  const parts = (result.parts ?? {}) as Record<string, Json>;
  const m = (result.machine ?? {}) as Json;
  const out: string[] = [
    `Machine: ${fmtNum(m.cpus)} × ${str(m.cpuModel) ?? '?'}, ${fmtNum(m.memGiB)} GiB, Node ${str(m.node) ?? '?'}, ${str(m.platform) ?? '?'}.`,
  ];
  const secs = (result.partSeconds ?? {}) as Record<string, number>;
  if (Object.keys(secs).length > 0)
    out.push(
      `Last run: \`${str(result.lastCommand) ?? '?'}\`, ${Object.entries(secs)
        .map(([k, s]) => `${k} ${Math.round(s)} s`)
        .join(', ')}; total ${fmtNum(result.seconds)} s.`,
    );
  for (const name of ['protocol', 'network', 'browser', 'server']) {
    const p = parts[name];
    if (p === undefined) continue;
    out.push('', `### ${TITLES[name]}`, '', stampLine(p), '');
    if (str(p.error) !== undefined) out.push(`Error: ${str(p.error)}`);
    else if (name === 'protocol') out.push(protocolTable(p));
    else if (name === 'network') out.push(networkTable(p));
    else if (name === 'server') out.push(serverTable(p));
    else out.push(str(p.skipped) ?? genericTable(arr(p.rows)));
    const goals = arr(p.goals) as unknown as GoalJson[];
    if (goals.length > 0) out.push('', goalsList(goals));
  }
  return out.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2] ?? 'bench/results/latest.json';
  console.log(renderTables(JSON.parse(readFileSync(file, 'utf8')) as Json));
}
