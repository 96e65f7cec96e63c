import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, isLoopbackHost, parseServeArgs } from './serve';

describe('serve arguments', () => {
  it('defaults to 127.0.0.1, the fixed port and dist/', () => {
    expect(parseServeArgs([])).toEqual({ port: DEFAULT_PORT, host: '127.0.0.1', staticDir: 'dist' });
    expect(parseServeArgs(['--port', '0', '--host', '0.0.0.0', '--static', 'build'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      staticDir: 'build',
    });
  });

  it('rejects bad values and unknown flags with a message naming them', () => {
    expect(parseServeArgs(['--port', 'x'])).toEqual({ error: '--port needs a number 0..65535' });
    expect(parseServeArgs(['--port', '70000'])).toEqual({ error: '--port needs a number 0..65535' });
    expect(parseServeArgs(['--host'])).toEqual({ error: '--host needs a host name or address' });
    expect(parseServeArgs(['--redis', 'x'])).toEqual({ error: '--redis needs a redis:// or rediss:// URL' });
    expect(parseServeArgs(['--tls'])).toEqual({ error: 'unknown argument "--tls"' });
    expect(parseServeArgs(['--redis', 'redis://127.0.0.1:6379'])).toMatchObject({ redis: 'redis://127.0.0.1:6379' });
    expect(parseServeArgs(['--trust-proxy', '--max-conn-per-ip', '16'])).toMatchObject({
      trustProxy: true,
      maxConnectionsPerIp: 16,
    });
    expect(parseServeArgs(['--max-conn-per-ip', '0'])).toEqual({ error: '--max-conn-per-ip needs a positive number' });
  });

  it('takes --allowed-origin (repeatable, exact browser form) and --hsts', () => {
    expect(
      parseServeArgs([
        '--allowed-origin',
        'https://ceremony.example.org',
        '--hsts',
        '--allowed-origin',
        'http://localhost:5173',
      ]),
    ).toEqual({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      staticDir: 'dist',
      allowedOrigins: ['https://ceremony.example.org', 'http://localhost:5173'],
      hsts: true,
    });
    const bad = {
      error:
        '--allowed-origin needs an origin such as https://ceremony.example.org (scheme, host and port only, lowercase)',
    };
    for (const v of [
      'https://ceremony.example.org/',
      'https://Ceremony.example.org',
      'https://x.org:443',
      'ceremony.example.org',
      'ftp://x.org',
      'null',
      '*',
    ]) {
      expect(parseServeArgs(['--allowed-origin', v])).toEqual(bad);
    }
    expect(parseServeArgs(['--allowed-origin'])).toEqual(bad);
  });

  it('knows which hosts are loopback (no TLS warning)', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', 'example.org', '::'].some(isLoopbackHost)).toBe(false);
  });
});

describe('serve as a process', () => {
  it('prints the URL, serves /healthz, and on SIGINT closes sockets with 1001 and exits 0', async () => {
    const { spawnServer } = await import('../transport/testing/testHarness');
    const { connectRaw } = await import('./testing/testClient');
    const p = await spawnServer(['--static', '/nonexistent']);
    expect(p.stderr()).toMatch(/listening — open http:\/\/127\.0\.0\.1:\d+\//);
    expect(p.stderr()).not.toContain('warning');
    const health = await fetch(`${p.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true });
    const c = await connectRaw(`${p.url.replace('http', 'ws')}/ws`);
    p.child.kill('SIGINT');
    expect(await c.closed).toBe(1001);
    expect(await p.exited).toBe(0);
  });

  it('with --allowed-origin refuses WebSocket upgrades from other origins (403), and --hsts sends the header', async () => {
    const { spawnServer } = await import('../transport/testing/testHarness');
    const { connectRaw } = await import('./testing/testClient');
    const p = await spawnServer(['--static', '/nonexistent', '--allowed-origin', 'https://good.example', '--hsts']);
    try {
      const wsUrl = `${p.url.replace('http', 'ws')}/ws`;
      await expect(connectRaw(wsUrl, { headers: { Origin: 'https://evil.example' } })).rejects.toThrow(/403/);
      const good = await connectRaw(wsUrl, { headers: { Origin: 'https://good.example' } });
      const headless = await connectRaw(wsUrl);
      good.close();
      headless.close();
      const health = await fetch(`${p.url}/healthz`);
      expect(health.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      p.child.kill('SIGINT');
      await p.exited;
    }
  });
});
