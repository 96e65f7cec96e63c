import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRaw } from './testing/testClient';
import { createSignalServer, type SignalServer } from './signalServer';

let s: SignalServer;
let root: string;

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'frost-static-'));
  root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'app-123.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app-123.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(base, 'outside.txt'), 'outside the root');
  symlinkSync(join(base, 'outside.txt'), join(root, 'link.txt'));
  s = await createSignalServer({ staticDir: root, heartbeatMs: 0, sweepIntervalMs: 0 });
});
afterAll(() => s.close());

/** Raw HTTP request (no URL normalisation by a client library). */
function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP side of the server', () => {
  it('serves the app with strict security headers', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>app</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${s.port} wss://127.0.0.1:${s.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:\/\//);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their MIME types and long caching', async () => {
    const js = await get('/assets/app-123.js');
    expect([js.status, js.headers['content-type'], js.headers['cache-control']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect((await get('/assets/app-123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    const head = await get('/assets/app-123.js', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('falls back to index.html for client routes, but not for missing assets', async () => {
    expect((await get('/room/abc')).body).toContain('<title>app</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('refuses traversal, dotfiles and other methods', async () => {
    for (const p of [
      '/link.txt',
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/..%2foutside.txt',
      '/.env',
      '/%00',
      '/a%5c..%5c..%5coutside.txt',
    ]) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body).not.toContain('outside the root');
      expect(r.headers['content-security-policy']).toBeDefined();
    }
    expect((await get('/%zz')).status).toBe(400);
    expect((await get('/', 'POST')).status).toBe(405);
  });

  it('answers /healthz with JSON and /ws without upgrade with 426', async () => {
    const h = await get('/healthz');
    expect(h.status).toBe(200);
    expect(JSON.parse(h.body)).toEqual({ ok: true });
    expect((await get('/ws')).status).toBe(426);
  });

  it('7.9: /healthz and /config.json answer GET and HEAD only (405 with Allow otherwise)', async () => {
    for (const path of ['/healthz', '/config.json']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
        const r = await get(path, method);
        expect([path, method, r.status, r.headers.allow]).toEqual([path, method, 405, 'GET, HEAD']);
        expect(r.body).not.toContain('ok');
        expect(r.body).not.toContain('iceServers');
      }
      const head = await get(path, 'HEAD');
      expect([path, head.status, head.body]).toEqual([path, 200, '']);
      expect((await get(path)).status).toBe(200);
    }
  });

  it('7.9: /healthz does not tell anyone how many rooms and peers there are, unless the operator asks', async () => {
    const c = await connectRaw(s.wsUrl);
    c.send({ t: 'join', room: 'busy', peer: 'alice' });
    await c.next((f) => f.t === 'joined');
    try {
      expect(JSON.parse((await get('/healthz')).body)).toEqual({ ok: true });
      const detailed = await createSignalServer({
        staticDir: root,
        heartbeatMs: 0,
        sweepIntervalMs: 0,
        healthDetails: true,
      });
      try {
        const d = await connectRaw(detailed.wsUrl);
        d.send({ t: 'join', room: 'busy', peer: 'alice' });
        await d.next((f) => f.t === 'joined');
        const body = (await (await fetch(`${detailed.url}/healthz`)).json()) as Record<string, unknown>;
        expect(body).toMatchObject({ ok: true, rooms: 1, peers: 1, connections: 1 });
        d.close();
      } finally {
        await detailed.close();
      }
    } finally {
      c.close();
    }
  });

  it('accepts WebSocket upgrades only at /ws', async () => {
    await expect(connectRaw(s.wsUrl.replace('/ws', '/other'))).rejects.toThrow(/404/);
    const c = await connectRaw(s.wsUrl);
    c.close();
  });
});

describe('origin policy and HSTS', () => {
  it('refuses upgrades from an origin not listed with 403 and a reason, accepts listed ones and clients without Origin', async () => {
    const logged: string[] = [];
    const o = await createSignalServer({
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
      allowedOrigins: ['https://ceremony.example.org'],
      logger: (e) => void (e.code === undefined ? undefined : logged.push(e.code)),
    });
    try {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port: o.port,
          path: '/ws',
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            Origin: 'https://evil.example',
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('upgrade', () => reject(new Error('upgraded')));
        req.on('error', reject);
        req.end();
      });
      expect(answer).toEqual({ status: 403, body: 'origin not allowed\n' });
      expect(logged).toContain('origin_not_allowed');
      (await connectRaw(o.wsUrl, { headers: { Origin: 'https://ceremony.example.org' } })).close();
      (await connectRaw(o.wsUrl)).close();
    } finally {
      await o.close();
    }
  });

  it('sends Strict-Transport-Security only when asked to', async () => {
    expect((await get('/healthz')).headers['strict-transport-security']).toBeUndefined();
    const h = await createSignalServer({ staticDir: root, heartbeatMs: 0, sweepIntervalMs: 0, hsts: true });
    try {
      for (const path of ['/healthz', '/', '/config.json', '/missing.js']) {
        const res = await fetch(`${h.url}${path}`);
        expect([path, res.headers.get('strict-transport-security')]).toEqual([path, 'max-age=31536000']);
      }
    } finally {
      await h.close();
    }
  });
});
