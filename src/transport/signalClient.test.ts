import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createSignalServer, type SignalServer } from '../server/index';
import { createSignalClient, type SignalClient, type SignalStatus, type WebSocketCtor } from './signalClient';
import { until } from './testing/testHarness';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(
  url: string | string[],
  extra: { keepaliveMs?: number } = {},
): { c: SignalClient; statuses: SignalStatus[] } {
  const c = createSignalClient({
    url,
    room: 'r',
    peer: 'me',
    WebSocketImpl: WebSocket as unknown as WebSocketCtor,
    backoff: { baseMs: 20, maxMs: 80, rng: () => 0.5 },
    ...extra,
  });
  const statuses: SignalStatus[] = [];
  c.onStatus((s) => statuses.push(s));
  cleanups.push(() => c.stop());
  return { c, statuses };
}

describe('signalling client', () => {
  it('reconnects with growing attempts while the server is away, then joins and resets', async () => {
    const probe = await createSignalServer({ staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
    const port = probe.port;
    await probe.close(); // the port is now closed
    const { c, statuses } = client(`ws://127.0.0.1:${port}/ws`);
    c.start();
    await until(() => c.status().attempt >= 3);
    expect(statuses.slice(0, 3).map((s) => [s.state, s.attempt])).toEqual([
      ['connecting', 0],
      ['reconnecting', 1],
      ['reconnecting', 1],
    ]);
    const s: SignalServer = await createSignalServer({
      port,
      staticDir: '/nonexistent',
      heartbeatMs: 0,
      sweepIntervalMs: 0,
    });
    cleanups.push(() => s.close());
    await until(() => c.joined());
    expect(c.status()).toEqual({ state: 'open', attempt: 0 });
    expect(c.limits()?.maxFrameBytes).toBe(s.limits.maxFrameBytes);
  });

  it('tries the next server URL after a failure', async () => {
    const dead = await createSignalServer({ staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
    const deadUrl = dead.wsUrl;
    await dead.close();
    const live = await createSignalServer({ staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
    cleanups.push(() => live.close());
    const { c } = client([deadUrl, live.wsUrl]);
    c.start();
    await until(() => c.joined());
    expect(live.stats().peers).toBe(1);
  });

  it('recycles a connection whose server went silent (keepalive), and joins again', async () => {
    // A server that greets, acknowledges the join, then never answers anything.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    let connections = 0;
    wss.on('connection', (ws) => {
      connections++;
      ws.send(
        JSON.stringify({
          t: 'welcome',
          v: 1,
          limits: {
            maxFrameBytes: 1e5,
            maxEnvelopeBytes: 1e5,
            maxPeersPerRoom: 9,
            maxRooms: 9,
            ratePerSec: 9,
            burst: 9,
            maxLogEntries: 9,
            maxLogBytes: 9,
          },
        }),
      );
      ws.once('message', () =>
        ws.send(JSON.stringify({ t: 'joined', room: 'r', peer: 'me', peers: ['me'], replay: 0 })),
      );
    });
    cleanups.push(() => new Promise((r) => wss.close(r)));
    const port = (wss.address() as { port: number }).port;
    const { c, statuses } = client(`ws://127.0.0.1:${port}`, { keepaliveMs: 30 });
    c.start();
    await until(() => connections >= 2 && c.joined());
    expect(statuses.some((s) => s.state === 'reconnecting')).toBe(true);
  });
});
