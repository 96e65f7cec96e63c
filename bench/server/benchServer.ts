/**
 * Child process of the server load test: runs one relay (ours or the bare baseline) and answers
 * commands over IPC, so that its memory is measured apart from the load generator's.
 * Run with `node --expose-gc bin/tsx.mjs bench/server/benchServer.ts`.
 */
import { createSignalServer, type SignalServer } from '../../src/server/signalServer';
import { createBareRelay } from './bareRelay';

type Command =
  { cmd: 'start'; kind: 'frost' | 'bare' } | { cmd: 'mem' } | { cmd: 'cpu' } | { cmd: 'sweep' } | { cmd: 'stop' };

let frost: SignalServer | undefined;
let bare: { port: number; close(): Promise<void> } | undefined;

async function heap(): Promise<{ heapUsed: number; rss: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Buffers' memory is released by a sweeper task after the collection: collect, let it run, again.
  gc?.();
  await new Promise((r) => setTimeout(r, 20));
  gc?.();
  const m = process.memoryUsage();
  // `external` already includes `arrayBuffers` (every Buffer).
  return { heapUsed: m.heapUsed + m.external, rss: m.rss };
}

process.on('message', (m: Command) => {
  void (async () => {
    switch (m.cmd) {
      case 'start':
        if (m.kind === 'frost') {
          frost = await createSignalServer({
            staticDir: '/nonexistent',
            heartbeatMs: 0,
            sweepIntervalMs: 0,
            roomTtlMs: 0,
            limits: { ratePerSec: 1000, burst: 2000, maxRooms: 100_000 },
          });
          process.send?.({ port: frost.port });
        } else {
          bare = await createBareRelay();
          process.send?.({ port: bare.port });
        }
        return;
      case 'mem':
        process.send?.(await heap());
        return;
      case 'cpu': {
        const cpu = process.cpuUsage();
        process.send?.({ cpuUs: cpu.user + cpu.system, sysUs: cpu.system });
        return;
      }
      case 'sweep':
        process.send?.({ expired: frost === undefined ? 0 : (await frost.sweep()).length, stats: frost?.stats() });
        return;
      case 'stop':
        await frost?.close();
        await bare?.close();
        process.send?.({ stopped: true });
        process.disconnect();
        return;
    }
  })();
});
