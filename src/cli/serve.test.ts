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
  });

  it('knows which hosts are loopback (no TLS warning)', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', 'example.org', '::'].some(isLoopbackHost)).toBe(false);
  });
});
