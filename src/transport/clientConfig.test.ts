import { describe, expect, it } from 'vitest';
import { createSignalServer } from '../server/index';
import { parseIceServers } from '../wire/index';
import { fetchClientConfig } from './clientConfig';

describe('ICE server configuration', () => {
  it('accepts a STUN/TURN list and rejects anything else with the reason', () => {
    const list = parseIceServers(
      '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:turn.example.org?transport=udp"],"username":"u","credential":"p"}]',
    );
    expect(list).toHaveLength(2);
    expect(() => parseIceServers('{')).toThrow(/not valid JSON/);
    expect(() => parseIceServers('[{"urls":"http://evil.example"}]')).toThrow(/stun:/);
    expect(() => parseIceServers('[{"urls":"stun:x","extra":1}]')).toThrow(/not a valid ICE server list/);
    expect(() => parseIceServers(JSON.stringify(Array(17).fill({ urls: 'stun:x' })))).toThrow(/list/);
  });

  it('the server hands the configured list to browsers at /config.json, and an empty list by default', async () => {
    const configured = await createSignalServer({ iceServers: [{ urls: 'stun:stun.example.org:3478' }] });
    const plain = await createSignalServer({});
    try {
      expect(await fetchClientConfig(configured.url)).toEqual({ iceServers: [{ urls: 'stun:stun.example.org:3478' }] });
      expect(await fetchClientConfig(plain.url)).toEqual({ iceServers: [] });
      expect(await fetchClientConfig(configured.wsUrl)).toEqual({
        iceServers: [{ urls: 'stun:stun.example.org:3478' }],
      });
      const res = await fetch(`${configured.url}/config.json`);
      expect(res.headers.get('cache-control')).toBe('no-store');
    } finally {
      await configured.close();
      await plain.close();
    }
  });

  it('a missing or malformed config falls back to no ICE servers (relay covers the rest)', async () => {
    const notFound = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    const garbage = (async () => new Response('{"iceServers":"x"}', { status: 200 })) as typeof fetch;
    const down = (async () => Promise.reject(new Error('offline'))) as typeof fetch;
    for (const f of [notFound, garbage, down])
      expect(await fetchClientConfig('http://127.0.0.1:1', f)).toEqual({ iceServers: [] });
  });
});
