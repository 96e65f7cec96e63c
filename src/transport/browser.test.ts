/**
 * The same transport in Chromium (Vite bundle, served by our server under its CSP) and in Node
 * (@roamhq/wrtc): two pages and a headless peer form a direct mesh and exchange envelopes.
 * Skipped, with a message, when no Chromium is installed.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../e2e/chromium';
import { createSignalServer, type SignalServer } from '../server/index';
import { enc, makePeer, texts, until, type TestPeer } from './testing/testHarness';

const haveChromium = existsSync(chromiumPath);
if (!haveChromium) console.warn(`browser transport test skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);

const PAGE_SCRIPT = (transportPath: string) => `
import { createTransport } from ${JSON.stringify(transportPath)};
const q = new URLSearchParams(location.hash.slice(1));
const t = createTransport({ serverUrl: location.origin, roomId: q.get('room'), selfId: q.get('id') });
const got = [];
const render = () => {
  document.body.dataset.links = JSON.stringify(t.links());
  document.body.dataset.got = JSON.stringify(got);
};
t.onEnvelope((b, from, path) => { got.push([new TextDecoder().decode(b), from, path]); render(); });
t.onLinks(render);
window.bcast = (s) => t.broadcast(new TextEncoder().encode(s));
window.sendTo = (to, s) => t.send(to, new TextEncoder().encode(s));
t.start();
`;

describe.skipIf(!haveChromium)('transport in Chromium and Node together', () => {
  let server: SignalServer;
  let browser: Browser;
  let node: TestPeer | undefined;
  const violations: string[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frost-transport-page-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><body><script type="module" src="./entry.js"></script></body></html>',
    );
    writeFileSync(join(dir, 'entry.js'), PAGE_SCRIPT(resolve('src/transport/transport.ts')));
    await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: join(dir, 'out') } });
    server = await createSignalServer({ staticDir: join(dir, 'out'), heartbeatMs: 0, sweepIntervalMs: 0 });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  });

  afterAll(async () => {
    node?.t.stop();
    await browser?.close();
    await server?.close();
  });

  async function openPage(room: string, id: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/#room=${room}&id=${id}`);
    return page;
  }
  const data = async (page: Page, key: 'links' | 'got') =>
    JSON.parse((await page.locator('body').getAttribute(`data-${key}`)) ?? (key === 'links' ? '{}' : '[]')) as unknown;

  it('meshes two pages and a Node peer directly and delivers both ways', async () => {
    const [p1, p2] = [await openPage('mixed', 'b1'), await openPage('mixed', 'b2')];
    node = makePeer(server.url, 'mixed', 'n0');
    const n = node;
    await until(() => n.t.links().b1 === 'direct' && n.t.links().b2 === 'direct', 20);
    await expect.poll(() => data(p1, 'links'), { timeout: 30_000 }).toEqual({ b2: 'direct', n0: 'direct' });
    await expect.poll(() => data(p2, 'links'), { timeout: 30_000 }).toEqual({ b1: 'direct', n0: 'direct' });

    n.t.broadcast(enc('from node'));
    await p1.evaluate(() => (window as unknown as { bcast(s: string): void }).bcast('from b1'));
    await p2.evaluate(() => (window as unknown as { sendTo(to: string, s: string): void }).sendTo('n0', 'b2 to node'));
    await until(() => n.got.length === 2, 20);
    expect(texts(n)).toEqual(['b2 to node', 'from b1']);
    expect(n.got.every(([, , path]) => path === 'direct')).toBe(true);
    await expect
      .poll(() => data(p2, 'got'), { timeout: 30_000 })
      .toEqual(
        expect.arrayContaining([
          ['from node', 'n0', 'direct'],
          ['from b1', 'b1', 'direct'],
        ]),
      );
    expect(((await data(p1, 'got')) as unknown[]).length).toBe(1);
    expect(violations).toEqual([]);
  });
});
