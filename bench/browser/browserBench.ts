/**
 * Browser bench (issue 6 §3): n Chromium contexts (Debian's Chromium, launched with the e2e
 * flags) against a real server process serving a test build, suite ed25519 (the UI default).
 * Measures the time from everyone pressing "Codes match" to every page showing success, the
 * mesh set-up time, and JS heap per page; and, in the same run against the same server, the
 * headless ceremony for the same n (bench/network), from the same instant to the same end.
 *
 * Fairness: both ends of the interval are timestamps the pages record themselves (a
 * capture-phase click listener and a MutationObserver on `data-phase`), so Playwright's click
 * and polling latency is not in the figure. The clock starts at the last page's press (the
 * moment everyone has pressed, as the headless run releases everyone at one instant). Browser
 * and headless repetitions alternate, so both see the same machine load.
 *
 * Diagnostics (see README.md here): FROST_BENCH_PROFILE=dir adds one CPU-profiled ceremony per n
 * (CDP Profiler on every page, summarised by source file through the build's source maps);
 * with it, FROST_BENCH_TRACE=file.json also records a Chromium trace of that ceremony;
 * FROST_BENCH_STATIC=dir measures a prebuilt test build (e.g. of an older commit) instead.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium.js';
import { UiParticipant } from '../../e2e/fixtures/ui-participant.js';
import { contentionProbe, runOneCeremony } from '../network/networkBench.js';
import { bundledWorkerEntry } from '../network/workers.js';
import { median } from '../stats.js';
import {
  busyTime,
  chromiumCpu,
  cpuDelta,
  installProbe,
  nativeEd25519Report,
  openCdp,
  readProbe,
  startProfile,
  stopProfile,
  summariseProfiles,
  type CpuProfile,
  type PositionResolver,
  type ProfileSummary,
} from './pageProbe.js';

export interface BrowserRow {
  n: number;
  t: number;
  reps: number;
  /** Everyone pressed "Codes match" (the last press) → every page at success (ms), median over reps. */
  ceremonyMs: number;
  /** Each rep's ceremonyMs, in run order. */
  ceremonyRuns: number[];
  /** First press → every page at success (ms), median: includes the spread of the presses. */
  fromFirstPressMs: number;
  /** First "Join ceremony" press → the coordinator's lobby shows every other candidate linked directly (ms), median; null if not seen. */
  meshSetupMs: number | null;
  /** JSHeapUsedSize per page after success (MiB): median and max. */
  heapMiBMedian: number;
  heapMiBMax: number;
  /** Renderer main-thread CPU during the ceremony, summed over the pages (ms), median. */
  pageBusyMs: number;
  /** The JavaScript part of pageBusyMs. */
  pageScriptMs: number;
  /** CPU of all Chromium processes (renderers, browser, GPU, network, storage) during the ceremony (ms), median. */
  chromiumCpuMs: number;
  /** Last press → the last page entering each phase (ms), median. */
  phaseMs: Record<string, number>;
  /** Headless participants (bench/network, WebRTC, one process each), same server: confirm → all success (ms), median. */
  headlessMs: number;
  headlessRuns: number[];
  /** CPU of the headless participants' processes, round 1 → own success, summed (ms), median. */
  headlessCpuMs: number;
  ratio: number;
  contention: number;
}

export interface BrowserBenchResult {
  skipped: string | null;
  rows: BrowserRow[];
  goals: { goal: string; value: string; pass: boolean | null }[];
  /** Only with `profileDir`: CPU profile summaries per n (separate runs, not timed). */
  profiles?: { n: number; summary: ProfileSummary }[];
}

export interface BrowserBenchOptions {
  ns?: readonly number[];
  quick?: boolean;
  /** Repetitions per n (default 3; 1 in quick mode). */
  reps?: number;
  /** Also record one CPU-profiled ceremony per n (not timed) and write the profiles here (default: $FROST_BENCH_PROFILE). */
  profileDir?: string;
  log?: (line: string) => void;
}

const LONG = 120_000;
const PHASES = ['round1', 'echo', 'round2', 'confirm', 'success'] as const;

function newestMtime(dir: string): number {
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return m;
}

/** Builds the test build into `outDir` unless it is newer than every source file. */
function buildIfStale(log: (s: string) => void, outDir: string, extra: string[] = []): void {
  const index = `${outDir}/index.html`;
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(newestMtime('src'), statSync('index.html').mtimeMs)) {
    log(`browser: ${outDir} is up to date`);
    return;
  }
  log(
    `browser: building the test build (FROST_TEST_FAULTS=1 FROST_OUT_DIR=${outDir} npx vite build ${extra.join(' ')})`,
  );
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, FROST_TEST_FAULTS: '1', FROST_OUT_DIR: outDir },
  });
  if (r.status !== 0) throw new Error(`browser bench: vite build exited with ${r.status ?? r.signal}`);
}

function startServer(staticDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/frost-ceremony.mjs', 'serve', '--port', '0', '--static', staticDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /open (http:\/\/[^\s/]+)\//.exec(err);
      if (m?.[1] !== undefined) resolve({ url: m[1], child });
    });
    child.once('exit', (code) =>
      reject(new Error(`browser bench: server exited (${code}) before listening: ${err.slice(0, 500)}`)),
    );
  });
}

const phase = (page: Page, p: string) =>
  page.waitForSelector(`[data-testid="app"][data-phase="${p}"]`, { timeout: LONG });

async function heapMiB(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = metrics.find((x) => x.name === 'JSHeapUsedSize');
  return (m?.value ?? NaN) / 2 ** 20;
}

interface OneBrowserRun {
  ceremonyMs: number;
  fromFirstPressMs: number;
  meshSetupMs: number | null;
  heaps: number[];
  pageBusyMs: number;
  pageScriptMs: number;
  chromiumCpuMs: number;
  chromiumCpuByType: Record<string, number>;
  phaseMs: Record<string, number>;
  profiles: CpuProfile[];
}

async function browserCeremony(
  browser: Browser,
  url: string,
  n: number,
  log: (s: string) => void,
  profile: boolean,
): Promise<OneBrowserRun> {
  const t = Math.floor((2 * n) / 3) + 1;
  const names = Array.from({ length: n }, (_, i) => `Custodian${i + 1}`);
  const contexts = await Promise.all(names.map(() => browser.newContext({ baseURL: url })));
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const ui = pages.map((p, i) => new UiParticipant(p, names[i]!));
    const coord = pages[0]!;
    await coord.goto('/');
    await phase(coord, 'start');
    const f = coord.getByTestId('create-form');
    await f.getByLabel('Your name').fill(names[0]!);
    await f.getByLabel('Label for the key').fill(`bench-${n}-${Date.now()}`);
    await f.getByLabel('How many custodians').fill(String(n));
    await f.getByLabel('How many must sign').fill(String(t));
    await f.getByRole('button', { name: 'Create ceremony' }).click();
    await phase(coord, 'lobby');
    const invite = await coord.getByTestId('invite-link').inputValue();
    const joinAt = Date.now();
    await Promise.all(
      pages.slice(1).map(async (p, k) => {
        await p.goto(invite);
        const jf = p.getByTestId('join-form');
        await jf.getByLabel('Your name').fill(names[k + 1]!);
        await jf.getByRole('button', { name: 'Join ceremony' }).click();
      }),
    );
    // Mesh set-up, as the coordinator's lobby shows it: every other candidate linked directly.
    let meshSetupMs: number | null = null;
    try {
      await coord.waitForFunction(
        (others) => document.querySelectorAll('[data-testid="candidate"] [data-link="direct"]').length >= others,
        n - 1,
        { timeout: 30_000, polling: 20 },
      );
      meshSetupMs = Date.now() - joinAt;
    } catch {
      log(
        `browser n=${n}: the coordinator's lobby did not show ${n - 1} direct links within 30 s; mesh set-up not reported`,
      );
    }
    for (const name of names)
      await coord.locator(`[data-testid="candidate"][data-name="${name}"]`).waitFor({ timeout: LONG });
    for (const box of await coord.getByTestId('candidate').all()) {
      const cb = box.getByRole('checkbox');
      if (!(await cb.isChecked())) await cb.setChecked(true);
    }
    await coord.getByTestId('lock-roster').click();
    await Promise.all(pages.map((p) => phase(p, 'verify')));
    const codes = await Promise.all(ui.map((u) => u.code()));
    if (new Set(codes).size !== 1) throw new Error(`browser bench: verification codes differ: ${codes.join(' / ')}`);
    await Promise.all(pages.map((p) => p.getByRole('button', { name: 'Codes match' }).waitFor({ timeout: LONG })));
    await Promise.all(pages.map(installProbe));
    const cdps = await Promise.all(pages.map(openCdp));
    if (profile) await Promise.all(cdps.map((c) => startProfile(c)));
    const busy0 = await Promise.all(cdps.map(busyTime));
    const chrome0 = await chromiumCpu(browser);
    const tracePath = profile ? process.env.FROST_BENCH_TRACE : undefined;
    if (tracePath)
      await browser.startTracing(undefined, {
        path: tracePath,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink',
          'cc',
          'toplevel',
        ],
      });
    await Promise.all(ui.map((u) => u.confirmCode(true)));
    await Promise.all(pages.map((p) => phase(p, 'success')));
    const busy1 = await Promise.all(cdps.map(busyTime));
    const chrome = cpuDelta(chrome0, await chromiumCpu(browser));
    if (tracePath) await browser.stopTracing();
    const profiles = profile ? await Promise.all(cdps.map(stopProfile)) : [];
    const probes = await Promise.all(pages.map(readProbe));
    const presses = probes.map((p, i) => {
      if (p.pressAt === null) throw new Error(`browser bench: page ${i + 1} recorded no "Codes match" press`);
      return p.pressAt;
    });
    const lastPress = Math.max(...presses);
    const lastIn = (ph: string) => Math.max(...probes.map((p) => p.phaseAt[ph] ?? NaN));
    const phaseMs: Record<string, number> = {};
    for (const ph of PHASES) phaseMs[ph] = lastIn(ph) - lastPress;
    const done = lastIn('success');
    const keys = await Promise.all(ui.map((u) => u.groupKey()));
    if (new Set(keys).size !== 1) throw new Error('browser bench: pages show different group keys');
    const heaps = await Promise.all(cdps.map(heapMiB));
    await Promise.allSettled(cdps.map((c) => c.detach()));
    const sum = (f: (i: number) => number) => pages.reduce((a, _, i) => a + f(i), 0);
    return {
      ceremonyMs: done - lastPress,
      fromFirstPressMs: done - Math.min(...presses),
      meshSetupMs,
      heaps,
      pageBusyMs: sum((i) => busy1[i]!.taskMs - busy0[i]!.taskMs),
      pageScriptMs: sum((i) => busy1[i]!.scriptMs - busy0[i]!.scriptMs),
      chromiumCpuMs: chrome.total,
      chromiumCpuByType: chrome.byType,
      phaseMs,
      profiles,
    };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
  }
}

const fmtPhases = (p: Record<string, number>) => PHASES.map((ph) => `${ph} ${(p[ph] ?? NaN).toFixed(0)}`).join(', ');

/** Issue 18: the browser ceremony within 1.5× the headless one, at n = 3, 5 and 10. */
const BROWSER_GOAL_RATIO = 1.5;

export async function runBrowserBench(opts: BrowserBenchOptions = {}): Promise<BrowserBenchResult> {
  const ns = opts.ns ?? [3, 5, 10];
  const reps = opts.reps ?? (opts.quick ? 1 : 3);
  const log = opts.log ?? (() => {});
  const goals = (rows: BrowserRow[]) =>
    ns.map((n) => {
      const r = rows.find((x) => x.n === n);
      return {
        goal: `browsers n=${n}: within ${BROWSER_GOAL_RATIO}× the headless ceremony`,
        value: r
          ? `${r.ratio.toFixed(2)}× (median ${r.ceremonyMs.toFixed(0)} vs ${r.headlessMs.toFixed(0)} ms)`
          : 'not measured',
        pass: r ? r.ratio <= BROWSER_GOAL_RATIO : null,
      };
    });
  if (!existsSync(chromiumPath)) {
    const why = `Chromium not found at ${chromiumPath} (set CHROMIUM_PATH); browser part skipped`;
    log(why);
    return { skipped: why, rows: [], goals: goals([]) };
  }
  // FROST_BENCH_STATIC: measure a build made elsewhere (e.g. of an older commit, for before/after).
  const staticDir = process.env.FROST_BENCH_STATIC ?? 'dist-bench';
  if (process.env.FROST_BENCH_STATIC === undefined) buildIfStale(log, staticDir);
  else log(`browser: measuring the prebuilt ${staticDir}`);
  const entry = await bundledWorkerEntry(log);
  const server = await startServer(staticDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const rows: BrowserRow[] = [];
  try {
    log(`browser: ${await nativeEd25519Report(browser, server.url)}`);
    for (const n of ns) {
      const probes: number[] = [];
      const runs: OneBrowserRun[] = [];
      const headless: { fromConfirmMs: number; cpuMs: number }[] = [];
      // Warm-up (JIT, wrtc, the browser's caches) for both sides; not counted. Not in quick mode
      // (CI's smoke run: its one repetition only has to complete, its verdict is not gating).
      if (opts.quick !== true) {
        await browserCeremony(browser, server.url, Math.min(n, 3), log, false);
        await runOneCeremony(server.url, Math.min(n, 3), 'webrtc', entry).catch((e: unknown) =>
          log(`browser: headless warm-up failed (${String(e).slice(0, 200)})`),
        );
      }
      for (let r = 0; r < reps; r++) {
        probes.push(contentionProbe());
        const b = await browserCeremony(browser, server.url, n, log, false);
        let h: Awaited<ReturnType<typeof runOneCeremony>>;
        try {
          h = await runOneCeremony(server.url, n, 'webrtc', entry);
        } catch (e) {
          // wrtc in the headless workers sometimes crashes under load (as in bench/network): one retry.
          log(
            `browser n=${n} rep ${r + 1}: headless ceremony failed, retrying once: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`,
          );
          h = await runOneCeremony(server.url, n, 'webrtc', entry);
        }
        log(
          `browser n=${n} rep ${r + 1}: ceremony ${b.ceremonyMs.toFixed(0)} ms (from first press ${b.fromFirstPressMs.toFixed(0)}; ${fmtPhases(b.phaseMs)}), page CPU ${b.pageBusyMs.toFixed(0)} ms (JS ${b.pageScriptMs.toFixed(0)}), all Chromium CPU ${b.chromiumCpuMs.toFixed(0)} ms (${Object.entries(
            b.chromiumCpuByType,
          )
            .filter(([, v]) => v >= 1)
            .map(([k, v]) => `${k.replace(/\.mojom\.\w+/, '')} ${v.toFixed(0)}`)
            .join(', ')}); headless ${h.fromConfirmMs.toFixed(0)} ms (CPU ${h.cpuMs.toFixed(0)} ms)`,
        );
        runs.push(b);
        headless.push(h);
      }
      const meshes = runs.map((x) => x.meshSetupMs).filter((x): x is number => x !== null);
      const heaps = runs.flatMap((x) => x.heaps);
      const phaseMs: Record<string, number> = {};
      for (const ph of PHASES) phaseMs[ph] = median(runs.map((x) => x.phaseMs[ph] ?? NaN));
      const ceremonyMs = median(runs.map((x) => x.ceremonyMs));
      const headlessMs = median(headless.map((x) => x.fromConfirmMs));
      const row: BrowserRow = {
        n,
        t: Math.floor((2 * n) / 3) + 1,
        reps,
        ceremonyMs,
        ceremonyRuns: runs.map((x) => x.ceremonyMs),
        fromFirstPressMs: median(runs.map((x) => x.fromFirstPressMs)),
        meshSetupMs: meshes.length > 0 ? median(meshes) : null,
        heapMiBMedian: median(heaps),
        heapMiBMax: Math.max(...heaps),
        pageBusyMs: median(runs.map((x) => x.pageBusyMs)),
        pageScriptMs: median(runs.map((x) => x.pageScriptMs)),
        chromiumCpuMs: median(runs.map((x) => x.chromiumCpuMs)),
        phaseMs,
        headlessMs,
        headlessRuns: headless.map((x) => x.fromConfirmMs),
        headlessCpuMs: median(headless.map((x) => x.cpuMs)),
        ratio: ceremonyMs / headlessMs,
        contention: median(probes),
      };
      log(
        `browser n=${n}: median ceremony ${row.ceremonyMs.toFixed(0)} ms vs headless ${row.headlessMs.toFixed(0)} ms (${row.ratio.toFixed(2)}×), mesh ${row.meshSetupMs ?? '-'} ms, heap ${row.heapMiBMedian.toFixed(1)} MiB`,
      );
      rows.push(row);
      if (opts.quick) break; // quick: the smallest n only
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    entry.dispose();
  }
  const result: BrowserBenchResult = { skipped: null, rows, goals: goals(rows) };
  const profileDir = opts.profileDir ?? process.env.FROST_BENCH_PROFILE;
  if (profileDir) result.profiles = await profileRuns(opts.quick ? ns.slice(0, 1) : ns, profileDir, log);
  return result;
}

/**
 * One CPU-profiled ceremony per n against an unminified build (readable function names), with
 * its own server and browser so the timed runs above are not disturbed. Writes one
 * .cpuprofile per page (open in Chrome DevTools) and returns self time by function and library.
 */
async function profileRuns(
  ns: readonly number[],
  dir: string,
  log: (s: string) => void,
): Promise<{ n: number; summary: ProfileSummary }[]> {
  // Minified (as shipped) with source maps: an unminified build behaves differently (its lobby stays empty).
  buildIfStale(log, 'dist-bench-profile', ['--sourcemap', 'true']);
  const resolve = await sourceResolver('dist-bench-profile');
  mkdirSync(dir, { recursive: true });
  const server = await startServer('dist-bench-profile');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const out: { n: number; summary: ProfileSummary }[] = [];
  try {
    await browserCeremony(browser, server.url, 3, log, false);
    for (const n of ns) {
      const r = await browserCeremony(browser, server.url, n, log, true);
      r.profiles.forEach((p, i) =>
        writeFileSync(join(dir, `browser-n${n}-page${i + 1}.cpuprofile`), JSON.stringify(p)),
      );
      const summary = summariseProfiles(r.profiles, 40, resolve);
      log(
        `browser profile n=${n}: ceremony ${r.ceremonyMs.toFixed(0)} ms (profiled), sampled ${summary.totalMs.toFixed(0)} ms over ${n} pages, idle ${summary.idleMs.toFixed(0)} ms`,
      );
      for (const b of summary.byBucket) log(`  ${b.ms.toFixed(1).padStart(8)} ms  ${b.name}`);
      for (const f of summary.byFunction) log(`  ${f.ms.toFixed(1).padStart(8)} ms  ${f.name}`);
      out.push({ n, summary });
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
  return out;
}

/** Resolves positions in the build's scripts through their .map files (names of sources, not of the bundle). */
async function sourceResolver(dir: string): Promise<PositionResolver | undefined> {
  let TraceMap: typeof import('@jridgewell/trace-mapping').TraceMap;
  let originalPositionFor: typeof import('@jridgewell/trace-mapping').originalPositionFor;
  try {
    ({ TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping'));
  } catch {
    return undefined; // a transitive dependency of vite; without it the profile keeps bundle positions
  }
  const maps = new Map<string, InstanceType<typeof TraceMap>>();
  for (const f of readdirSync(join(dir, 'assets')))
    if (f.endsWith('.js.map')) maps.set(f.slice(0, -4), new TraceMap(readFileSync(join(dir, 'assets', f), 'utf8')));
  return (url, line, column) => {
    const m = maps.get(url.replace(/^.*\//, ''));
    if (!m) return null;
    const o = originalPositionFor(m, { line: line + 1, column });
    return o.source === null ? null : { source: o.source, name: o.name };
  };
}

export function formatBrowserBench(r: BrowserBenchResult): string {
  if (r.skipped) return `skipped: ${r.skipped}`;
  const head =
    '  n   t  reps  ceremony ms  headless ms   ratio  page CPU ms (JS)  Chromium CPU ms  headless CPU ms  mesh set-up ms  heap MiB/page (median, max)  contention';
  const lines = r.rows.map((x) =>
    [
      String(x.n).padStart(3),
      String(x.t).padStart(3),
      String(x.reps).padStart(5),
      x.ceremonyMs.toFixed(0).padStart(12),
      x.headlessMs.toFixed(0).padStart(12),
      `${x.ratio.toFixed(2)}×`.padStart(7),
      `${x.pageBusyMs.toFixed(0)} (${x.pageScriptMs.toFixed(0)})`.padStart(17),
      x.chromiumCpuMs.toFixed(0).padStart(16),
      x.headlessCpuMs.toFixed(0).padStart(16),
      (x.meshSetupMs === null ? '-' : x.meshSetupMs.toFixed(0)).padStart(15),
      `${x.heapMiBMedian.toFixed(1)}, ${x.heapMiBMax.toFixed(1)}`.padStart(28),
      x.contention.toFixed(2).padStart(11),
    ].join(' '),
  );
  return [
    'ceremony = the last page\'s "Codes match" press → every page at success, both stamped in the pages (median of reps); headless = bench/network participants (one process each), WebRTC, same server, from the release of "codes match" to the last success (median, alternating with the browser reps);',
    'page CPU = renderer main-thread time during the ceremony summed over the pages (JS part in brackets); Chromium CPU = every Chromium process (renderers, browser, GPU, network, storage) over the same interval; mesh set-up = first "Join" press → the coordinator\'s lobby shows every other candidate linked directly; heap = CDP JSHeapUsedSize after success',
    head,
    ...lines,
    '',
    'last page entering each phase, ms after the last press (median):',
    ...r.rows.map((x) => `  n=${x.n}: ${fmtPhases(x.phaseMs)}`),
    '',
    ...r.goals.map((g) => `${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.value}`),
  ].join('\n');
}
