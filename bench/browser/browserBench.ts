/**
 * Browser bench (issue 6 §3): n Chromium contexts (Debian's Chromium, launched with the e2e
 * flags) against a real server process serving a test build, suite ed25519 (the UI default).
 * Measures the time from everyone pressing "Codes match" to every page showing success, the
 * mesh set-up time, and JS heap per page; and, in the same run against the same server, the
 * headless ceremony for the same n (bench/network), from the same instant to the same end.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium.js';
import { UiParticipant } from '../../e2e/fixtures/ui-participant.js';
import { contentionProbe, runOneCeremony } from '../network/networkBench.js';

export interface BrowserRow {
  n: number;
  t: number;
  /** Everyone pressed "Codes match" → every page at success (ms). */
  ceremonyMs: number;
  /** First "Join ceremony" press → the coordinator's lobby shows every other candidate linked directly (ms); null if not seen. */
  meshSetupMs: number | null;
  /** JSHeapUsedSize per page after success (MiB): median and max. */
  heapMiBMedian: number;
  heapMiBMax: number;
  /** Headless participants (bench/network, WebRTC) in this process, same server: confirm → all success (ms). */
  headlessMs: number;
  ratio: number;
  contention: number;
}

export interface BrowserBenchResult {
  skipped: string | null;
  rows: BrowserRow[];
  goals: { goal: string; value: string; pass: boolean | null }[];
}

export interface BrowserBenchOptions {
  ns?: readonly number[];
  quick?: boolean;
  log?: (line: string) => void;
}

const LONG = 120_000;

function newestMtime(dir: string): number {
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return m;
}

/** Builds the test build unless dist-bench is newer than every source file. */
function buildIfStale(log: (s: string) => void): void {
  const index = 'dist-bench/index.html';
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(newestMtime('src'), statSync('index.html').mtimeMs)) {
    log('browser: dist-bench is up to date');
    return;
  }
  log('browser: building the test build (FROST_TEST_FAULTS=1 FROST_OUT_DIR=dist-bench npx vite build)');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, FROST_TEST_FAULTS: '1', FROST_OUT_DIR: 'dist-bench' } });
  if (r.status !== 0) throw new Error(`browser bench: vite build exited with ${r.status ?? r.signal}`);
}

function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/frost-ceremony.mjs', 'serve', '--port', '0', '--static', 'dist-bench'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /open (http:\/\/[^\s/]+)\//.exec(err);
      if (m?.[1] !== undefined) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`browser bench: server exited (${code}) before listening: ${err.slice(0, 500)}`)));
  });
}

const phase = (page: Page, p: string) => page.waitForSelector(`[data-testid="app"][data-phase="${p}"]`, { timeout: LONG });

/** Records, in the page, the first time (Date.now) each data-phase is shown. */
async function watchPhases(page: Page): Promise<void> {
  // A string, not a function: tsx's keepNames would wrap inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__phaseAt = {};
    const app = document.querySelector('[data-testid="app"]');
    const note = () => {
      const p = app && app.getAttribute('data-phase');
      if (p && window.__phaseAt[p] === undefined) window.__phaseAt[p] = Date.now();
    };
    note();
    if (app) new MutationObserver(note).observe(app, { attributes: true, attributeFilter: ['data-phase'] });
  })()`);
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const m = metrics.find((x) => x.name === 'JSHeapUsedSize');
  return (m?.value ?? NaN) / 2 ** 20;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function browserCeremony(browser: Browser, url: string, n: number, log: (s: string) => void): Promise<Omit<BrowserRow, 'headlessMs' | 'ratio' | 'contention'>> {
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
      await coord.waitForFunction((others) => document.querySelectorAll('[data-testid="candidate"] [data-link="direct"]').length >= others, n - 1, { timeout: 30_000, polling: 20 });
      meshSetupMs = Date.now() - joinAt;
    } catch {
      log(`browser n=${n}: the coordinator's lobby did not show ${n - 1} direct links within 30 s; mesh set-up not reported`);
    }
    for (const name of names) await coord.locator(`[data-testid="candidate"][data-name="${name}"]`).waitFor({ timeout: LONG });
    for (const box of await coord.getByTestId('candidate').all()) {
      const cb = box.getByRole('checkbox');
      if (!(await cb.isChecked())) await cb.setChecked(true);
    }
    await coord.getByTestId('lock-roster').click();
    await Promise.all(pages.map((p) => phase(p, 'verify')));
    const codes = await Promise.all(ui.map((u) => u.code()));
    if (new Set(codes).size !== 1) throw new Error(`browser bench: verification codes differ: ${codes.join(' / ')}`);
    await Promise.all(pages.map((p) => p.getByRole('button', { name: 'Codes match' }).waitFor({ timeout: LONG })));
    await Promise.all(pages.map(watchPhases));
    const pressAt = Date.now();
    await Promise.all(ui.map((u) => u.confirmCode(true)));
    await Promise.all(pages.map((p) => phase(p, 'success')));
    const doneAt = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { __phaseAt: Record<string, number> }).__phaseAt.success ?? NaN)));
    const keys = await Promise.all(ui.map((u) => u.groupKey()));
    if (new Set(keys).size !== 1) throw new Error('browser bench: pages show different group keys');
    const heaps = await Promise.all(pages.map(heapMiB));
    return { n, t, ceremonyMs: Math.max(...doneAt) - pressAt, meshSetupMs, heapMiBMedian: median(heaps), heapMiBMax: Math.max(...heaps) };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
  }
}

export async function runBrowserBench(opts: BrowserBenchOptions = {}): Promise<BrowserBenchResult> {
  const ns = opts.ns ?? [3, 5];
  const log = opts.log ?? (() => {});
  const goals = (rows: BrowserRow[]) =>
    ns.map((n) => {
      const r = rows.find((x) => x.n === n);
      return { goal: `browsers n=${n}: within 2× the headless ceremony`, value: r ? `${r.ratio.toFixed(2)}× (${r.ceremonyMs.toFixed(0)} vs ${r.headlessMs.toFixed(0)} ms)` : 'not measured', pass: r ? r.ratio <= 2 : null };
    });
  if (!existsSync(chromiumPath)) {
    const why = `Chromium not found at ${chromiumPath} (set CHROMIUM_PATH); browser part skipped`;
    log(why);
    return { skipped: why, rows: [], goals: goals([]) };
  }
  buildIfStale(log);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const rows: BrowserRow[] = [];
  try {
    for (const n of ns) {
      const contention = contentionProbe();
      const b = await browserCeremony(browser, server.url, n, log);
      // The headless ceremony for the same n, same server, right after (warm-up first).
      await runOneCeremony(server.url, Math.min(n, 3), 'webrtc');
      const h = await runOneCeremony(server.url, n, 'webrtc');
      const row: BrowserRow = { ...b, headlessMs: h.fromConfirmMs, ratio: b.ceremonyMs / h.fromConfirmMs, contention };
      log(`browser n=${n}: ceremony ${row.ceremonyMs.toFixed(0)} ms vs headless ${row.headlessMs.toFixed(0)} ms, mesh ${row.meshSetupMs ?? '-'} ms, heap ${row.heapMiBMedian.toFixed(1)} MiB`);
      rows.push(row);
      if (opts.quick) break; // quick: the smallest n only
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
  return { skipped: null, rows, goals: goals(rows) };
}

export function formatBrowserBench(r: BrowserBenchResult): string {
  if (r.skipped) return `skipped: ${r.skipped}`;
  const head = '  n   t  ceremony ms  headless ms   ratio  mesh set-up ms  heap MiB/page (median, max)  contention';
  const lines = r.rows.map((x) =>
    [
      String(x.n).padStart(3),
      String(x.t).padStart(3),
      x.ceremonyMs.toFixed(0).padStart(12),
      x.headlessMs.toFixed(0).padStart(12),
      `${x.ratio.toFixed(2)}×`.padStart(7),
      (x.meshSetupMs === null ? '-' : x.meshSetupMs.toFixed(0)).padStart(15),
      `${x.heapMiBMedian.toFixed(1)}, ${x.heapMiBMax.toFixed(1)}`.padStart(28),
      x.contention.toFixed(2).padStart(11),
    ].join(' '),
  );
  return [
    'ceremony = everyone pressed "Codes match" → every page at success (one run per n); headless = bench/network participants, WebRTC, same server, from the same press to the same end;',
    'mesh set-up = first "Join" press → the coordinator\'s lobby shows every other candidate linked directly; heap = CDP JSHeapUsedSize after success',
    head,
    ...lines,
    '',
    ...r.goals.map((g) => `${g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.value}`),
  ].join('\n');
}
