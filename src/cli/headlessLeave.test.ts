/**
 * Over a real server, in one process. Resuming: a coordinator stopped mid-ceremony continues
 * from its saved state without generating a second round-1 package.
 * Leaving after success: the others must still be able to finish. A participant that crashed
 * right after confirming (it never received the others' confirmations, which went over data
 * channels) restarts from its saved state after everyone else has finished and gone; it
 * catches up from the server's room log, where the others re-sent what they signed on leaving.
 */
import wrtc from '@roamhq/wrtc';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStateStore, outputsOf } from '../ceremony/index';
import { toHex, generateIdentity, deserialize, createParticipant } from '../protocol/index';
import { createSignalServer, type SignalServer } from '../server/index';
import { createTransport, type Transport, type TransportOptions } from '../transport/index';
import { runHeadless, type HeadlessRun } from './headless';
import type { ProgressEvent } from './headlessReport';

const rng = (n: number) => new Uint8Array(randomBytes(n));
const servers: SignalServer[] = [];
const runs: HeadlessRun[] = [];
afterEach(async () => {
  for (const r of runs.splice(0)) r.stop(130, 'test over');
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function transport(server: SignalServer, room: string, self: string, relayOnly: boolean): Transport {
  return createTransport({
    serverUrl: server.url,
    roomId: room,
    selfId: self,
    relayOnly,
    wrtc,
    WebSocketImpl: WebSocket as unknown as TransportOptions['WebSocketImpl'],
    backoff: { baseMs: 50, maxMs: 400 },
  });
}

/**
 * A transport that never delivers the others' confirm-echoes (as if it crashed right after sending
 * its own). The others need its confirm-echo to finish, so they finish and leave while it waits.
 */
function deafToConfirmEchoes(inner: Transport): Transport {
  return {
    ...inner,
    onEnvelope: (cb) =>
      inner.onEnvelope((bytes, from, path) =>
        new TextDecoder().decode(bytes).includes('"type":"confirm-echo"') ? undefined : cb(bytes, from, path),
      ),
  };
}

describe('leaving and resuming', () => {
  it('a participant restarted after everyone else finished and left still completes from the server log', async () => {
    const server = await createSignalServer({ port: 0, staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
    servers.push(server);
    const ids = [0, 1, 2].map(() => generateIdentity(rng));
    const room = { id: 'room-leave-test-0001', secret: rng(32), coordinator: ids[0]!.publicKey };
    const stores = ids.map(() => createMemoryStateStore());
    const events: ProgressEvent[][] = ids.map(() => []);
    const start = (
      i: number,
      t: Transport,
      state = createParticipant({
        identity: ids[i]!,
        name: ['Alice', 'Bob', 'Carol'][i]!,
        room,
        isCoordinator: i === 0,
        rng,
      }),
    ) => {
      const run = runHeadless({
        state,
        transport: t,
        stateStore: stores[i]!,
        rng,
        autoConfirm: true,
        ask: async () => false,
        ...(i === 0
          ? { coordinator: { plan: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'leave' } } }
          : {}),
        emit: (e) => void events[i]!.push(e),
        writeOutputs: async (s) => [`key-package-${outputsOf(s).identifier}.json`],
        lingerMs: 300,
      });
      runs.push(run);
      return run;
    };
    const self = (i: number) => toHex(ids[i]!.publicKey);
    const alice = start(0, transport(server, room.id, self(0), false));
    const bob = start(1, transport(server, room.id, self(1), false));
    const carol = start(2, deafToConfirmEchoes(transport(server, room.id, self(2), false)));
    expect(await alice.done).toEqual({ exitCode: 0, message: 'done' });
    expect(await bob.done).toEqual({ exitCode: 0, message: 'done' });
    // The confirmations went over data channels: all links were direct.
    expect(events[0]!.some((e) => e.t === 'links' && e.direct === 2)).toBe(true);
    expect(carol.ceremony.snapshot().view.phase).toBe('confirm');
    carol.stop(137, 'crashed');
    // Carol comes back from her saved state; nobody else is there any more.
    const saved = deserialize((await stores[2]!.load())!);
    expect(saved.session?.result).not.toBeNull();
    const again = start(2, transport(server, room.id, self(2), false), saved);
    expect(await again.done).toEqual({ exitCode: 0, message: 'done' });
    const keys = events.map(
      (ev) => ev.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success')?.groupKey,
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('the coordinator stopped in the echo phase resumes from its saved state with the same identity; everyone completes', async () => {
    const server = await createSignalServer({ port: 0, staticDir: '/nonexistent', heartbeatMs: 0, sweepIntervalMs: 0 });
    servers.push(server);
    const ids = [0, 1, 2].map(() => generateIdentity(rng));
    const room = { id: 'room-resume-coordinator', secret: rng(32), coordinator: ids[0]!.publicKey };
    const stores = ids.map(() => createMemoryStateStore());
    const events: ProgressEvent[][] = ids.map(() => []);
    const start = (
      i: number,
      state = createParticipant({
        identity: ids[i]!,
        name: ['Alice', 'Bob', 'Carol'][i]!,
        room,
        isCoordinator: i === 0,
        rng,
      }),
    ) => {
      const run = runHeadless({
        state,
        transport: transport(server, room.id, toHex(ids[i]!.publicKey), true),
        stateStore: stores[i]!,
        rng,
        autoConfirm: true,
        ask: async () => false,
        ...(i === 0
          ? { coordinator: { plan: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'resume' } } }
          : {}),
        emit: (e) => {
          events[i]!.push(e);
          // The coordinator "crashes" as soon as it reaches the echo phase.
          if (i === 0 && e.t === 'phase' && e.phase === 'echo' && !resumed) run.stop(137, 'crashed');
        },
        writeOutputs: async (s) => [`key-package-${outputsOf(s).identifier}.json`],
        lingerMs: 300,
      });
      runs.push(run);
      return run;
    };
    let resumed = false;
    const alice = start(0);
    const others = [start(1), start(2)];
    expect(await alice.done).toEqual({ exitCode: 137, message: 'crashed' });
    const saved = deserialize((await stores[0]!.load())!);
    expect(saved.identity.publicKey).toBe(toHex(ids[0]!.publicKey));
    const round1Before = saved.session!.round1[String(saved.session!.myId)];
    resumed = true;
    const again = start(0, saved);
    const results = await Promise.all([again.done, ...others.map((r) => r.done)]);
    expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    // Same round-1 package as before the crash: nothing was re-generated, nobody saw two.
    expect(again.ceremony.state().session!.round1[String(saved.session!.myId)]).toBe(round1Before);
    expect(events.flat().filter((e) => e.t === 'rejected')).toEqual([]);
    const keys = events.map(
      (ev) => ev.find((e): e is Extract<ProgressEvent, { t: 'success' }> => e.t === 'success')?.groupKey,
    );
    expect(new Set(keys).size).toBe(1);
  }, 60_000);
});
