/**
 * In-page instrumentation for the browser bench: precise timestamps recorded by the page
 * itself (no Playwright polling in the measured interval), main-thread busy time per page from
 * CDP `Performance.getMetrics`, and optional CDP `Profiler` CPU profiles summarised by function.
 */
import type { Browser, CDPSession, Page } from '@playwright/test';

/** Epoch ms with sub-ms precision, comparable across pages (same machine clock). */
export interface PageProbe {
  /** When this page's "Codes match" button was clicked (capture-phase listener, before React). */
  pressAt: number | null;
  /** First time each data-phase was shown (MutationObserver on the app root). */
  phaseAt: Record<string, number>;
}

/**
 * Installs the probe. A string, not a function: tsx's keepNames would wrap inner functions in
 * a helper the page lacks.
 */
export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const at = () => performance.timeOrigin + performance.now();
    const probe = { pressAt: null, phaseAt: {} };
    window.__benchProbe = probe;
    const app = document.querySelector('[data-testid="app"]');
    const note = () => {
      const p = app && app.getAttribute('data-phase');
      if (p && probe.phaseAt[p] === undefined) probe.phaseAt[p] = at();
    };
    note();
    if (app) new MutationObserver(note).observe(app, { attributes: true, attributeFilter: ['data-phase'] });
    document.addEventListener('click', (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      if (b && probe.pressAt === null && (b.textContent || '').trim() === 'Codes match') probe.pressAt = at();
    }, true);
  })()`);
}

export async function readProbe(page: Page): Promise<PageProbe> {
  return (await page.evaluate('window.__benchProbe')) as PageProbe;
}

/** Renderer main-thread time (ms) so far: all tasks, and the JavaScript part of them. */
export interface BusyTime {
  taskMs: number;
  scriptMs: number;
  /** Style recalculation and layout (rendering work on the main thread). */
  styleMs: number;
  layoutMs: number;
}

export async function busyTime(cdp: CDPSession): Promise<BusyTime> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  if (process.env.FROST_BENCH_METRICS)
    process.stderr.write(`${JSON.stringify(Object.fromEntries(metrics.map((m) => [m.name, m.value])))}\n`);
  return {
    taskMs: get('TaskDuration'),
    scriptMs: get('ScriptDuration'),
    styleMs: get('RecalcStyleDuration'),
    layoutMs: get('LayoutDuration'),
  };
}

export async function openCdp(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return cdp;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export async function startProfile(cdp: CDPSession, intervalUs = 250): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  return profile as unknown as CpuProfile;
}

/** Where a function lives, coarsely: which library or part of the app. */
export function bucketOf(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)' || fn === '(root)') return fn;
  const m = /node_modules\/(?:\.vite\/deps\/)?(@[^/]+\/[^/]+|[^/]+)/.exec(url);
  if (m?.[1]) return m[1];
  const s = /\/src\/([^?#]+)/.exec(url);
  if (s?.[1]) return `src/${s[1].replace(/\/[^/]+$/, '')}`;
  return url === '' ? '(native)' : url.replace(/^.*\//, '');
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byFunction: { name: string; ms: number }[];
  byBucket: { name: string; ms: number }[];
}

/** Maps a bundle position (0-based line and column, as CDP gives them) to its source, when a source map is known. */
export type PositionResolver = (
  url: string,
  line: number,
  column: number,
) => { source: string; name: string | null } | null;

/** Self time per function and per bucket, summed over the profiles (one per page). */
export function summariseProfiles(
  profiles: readonly CpuProfile[],
  top = 25,
  resolve?: PositionResolver,
): ProfileSummary {
  const fn = new Map<string, number>();
  const bucket = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const p of profiles) {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const samples = p.samples ?? [];
    const deltas = p.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const node = byId.get(samples[i] as number);
      // A sample's time is the gap to the next one (the delta stored with it is the gap before it).
      const ms = ((deltas[i + 1] ?? 0) as number) / 1000;
      if (!node) continue;
      const raw = node.callFrame;
      const orig = resolve?.(raw.url, raw.lineNumber, raw.columnNumber) ?? null;
      const cf = orig
        ? {
            functionName:
              raw.functionName === ''
                ? (orig.name ?? '')
                : `${raw.functionName}${orig.name && orig.name !== raw.functionName ? `=${orig.name}` : ''}`,
            url: orig.source,
            lineNumber: raw.lineNumber,
            columnNumber: raw.columnNumber,
          }
        : raw;
      total += ms;
      if (cf.functionName === '(idle)') {
        idle += ms;
        continue;
      }
      const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(src|node_modules)\//, '$1/')}${orig ? '' : `:${cf.lineNumber + 1}`}`;
      fn.set(key, (fn.get(key) ?? 0) + ms);
      const b = bucketOf(cf.url, cf.functionName);
      bucket.set(b, (bucket.get(b) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms }));
  return { totalMs: total, idleMs: idle, byFunction: sorted(fn), byBucket: sorted(bucket) };
}

/**
 * Whether this Chromium verifies Ed25519 natively (the app's fast path), and whether it
 * accepts the identity key with an all-identity signature (which the app's strict rule refuses,
 * so such inputs are always decided by noble).
 */
export async function nativeEd25519Report(browser: Browser, url: string): Promise<string> {
  const ctx = await browser.newContext({ baseURL: url });
  try {
    const page = await ctx.newPage();
    await page.goto('/');
    const r = (await page.evaluate(`(async () => {
      const s = crypto.subtle;
      try {
        const k = await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
        const m = new Uint8Array([1, 2, 3]);
        const ok = await s.verify({ name: 'Ed25519' }, k.publicKey, await s.sign({ name: 'Ed25519' }, k.privateKey, m), m);
        const id = new Uint8Array(32); id[0] = 1;
        const sig = new Uint8Array(64); sig[0] = 1;
        let weak = 'refused';
        try {
          const wk = await s.importKey('raw', id, { name: 'Ed25519' }, false, ['verify']);
          weak = (await s.verify({ name: 'Ed25519' }, wk, sig, m)) ? 'accepted' : 'refused';
        } catch (e) { weak = 'refused at import'; }
        return { supported: ok, weak, ua: navigator.userAgent };
      } catch (e) { return { supported: false, weak: String(e), ua: navigator.userAgent }; }
    })()`)) as { supported: boolean; weak: string; ua: string };
    const version = /Chrome\/([\d.]+)/.exec(r.ua)?.[1] ?? '?';
    return r.supported
      ? `WebCrypto Ed25519 in Chromium ${version}: supported (identity key + identity signature natively ${r.weak}; the app decides such inputs with strict noble)`
      : `WebCrypto Ed25519 in Chromium ${version}: NOT supported (${r.weak}); the app falls back to noble`;
  } finally {
    await ctx.close();
  }
}

/** CPU time (ms) of every Chromium process so far (browser, renderers, GPU, network, storage), by process type. */
export async function chromiumCpu(browser: Browser): Promise<Record<string, number>> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number; cpuTime: number }[];
    };
    const out: Record<string, number> = {};
    for (const p of processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime * 1000;
    return out;
  } finally {
    await cdp.detach();
  }
}

/** after − before per process type, and the total. */
export function cpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = {};
  let total = 0;
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    byType[k] = d;
    total += d;
  }
  return { total, byType };
}
