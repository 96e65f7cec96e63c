/** Status gossip in the shell: throttled after holdings change, cancelled on stop. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateIdentity, createParticipant, fromUtf8, toHex, readTrusted } from '../protocol/index';
import type { Transport } from '../transport/index';
import { createCeremony, type Ceremony } from './ceremony';
import { createMemoryNetwork } from './memoryNetwork';
import { createMemoryStateStore } from './persistence/stateStore';

const rng = (n: number) => new Uint8Array(randomBytes(n));

async function until(c: Ceremony, pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !pred(); i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!pred()) throw new Error(`timed out waiting for ${what}: phase ${c.snapshot().view.phase}`);
}

function setup(n: number, statusDelayMs?: number | null) {
  const net = createMemoryNetwork();
  const ids = Array.from({ length: n }, () => generateIdentity(rng));
  const room = { id: 'room-status-test', secret: rng(32), coordinator: ids[0]!.publicKey };
  const statuses: number[] = ids.map(() => 0);
  /** What the shell's envelope handler answered the transport, by message type. */
  const kept: Record<string, Set<boolean>> = {};
  const ceremonies = ids.map((identity, i) => {
    const t = net.transport(toHex(identity.publicKey));
    const count = (b: Uint8Array): void => {
      if (readTrusted(fromUtf8(b)).type === 'status') statuses[i]!++;
    };
    const transport: Transport = {
      ...t,
      broadcast: (b) => (count(b), t.broadcast(b)),
      onEnvelope: (cb) =>
        t.onEnvelope((bytes, from, path) => {
          const r = cb(bytes, from, path);
          (kept[readTrusted(fromUtf8(bytes)).type] ??= new Set()).add(r !== false);
          return r;
        }),
    };
    return createCeremony({
      state: createParticipant({ identity, name: `P${i + 1}`, room, isCoordinator: i === 0, rng }),
      transport,
      stateStore: createMemoryStateStore(),
      rng,
      ...(statusDelayMs !== undefined ? { statusDelayMs } : {}),
    });
  });
  return { ids, ceremonies, statuses, kept };
}

async function lock(ids: { publicKey: Uint8Array }[], ceremonies: Ceremony[]): Promise<void> {
  for (const c of ceremonies) await c.start();
  const a = ceremonies[0]!;
  await until(a, () => a.snapshot().view.candidates.length === ids.length, 'candidates');
  await a.dispatch({
    type: 'lock',
    params: { suite: 'ed25519', minSigners: 2, label: 't' },
    roster: ids.map((k) => toHex(k.publicKey)),
  });
  for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'verify', 'verify');
}

describe('status gossip in the ceremony shell', () => {
  it('after a 3-party ceremony each participant knows what the other two hold, round by round', async () => {
    const { ids, ceremonies, kept } = setup(3, 50);
    await lock(ids, ceremonies);
    for (const c of ceremonies) await c.dispatch({ type: 'confirmCode' });
    for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'success', 'success');
    const full = { start: [1, 2, 3], round1: [1, 2, 3], echo: [1, 2, 3], round2: [1, 2, 3], confirm: [1, 2, 3] };
    for (const [i, c] of ceremonies.entries()) {
      const others = ids.filter((_, j) => j !== i).map((k) => toHex(k.publicKey));
      await until(
        c,
        () =>
          others.every(
            (o) =>
              JSON.stringify({ ...c.snapshot().view.peerProgress[o], counter: undefined }) ===
              JSON.stringify({ ...full, counter: undefined }),
          ),
        'peer progress',
      );
      const pp = c.snapshot().view.peerProgress;
      expect(Object.keys(pp).sort()).toEqual([...others].sort());
      // Round 2 is local (the shares are inside the msg1s): every id once its shares all verified.
      others.forEach((o) => expect(pp[o]!.round2).toEqual([1, 2, 3]));
    }
    // The transport is told not to keep or forward statuses (superseded gossip); everything else is kept.
    expect(kept.status).toEqual(new Set([false]));
    for (const type of ['hello', 'roster', 'start', 'round1', 'echo', 'confirmation'])
      expect(kept[type]).toEqual(new Set([true]));
    for (const c of ceremonies) c.stop();
  }, 60_000);

  it('stop() cancels a pending status; statusDelayMs null sends none', async () => {
    const a = setup(2, 50);
    await lock(a.ids, a.ceremonies);
    // My start changes my holdings, so a status is pending when stop() runs right after.
    await a.ceremonies[0]!.dispatch({ type: 'confirmCode' });
    const atStop = [...a.statuses];
    for (const c of a.ceremonies) c.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect(a.statuses).toEqual(atStop);

    const b = setup(2, null);
    await lock(b.ids, b.ceremonies);
    for (const c of b.ceremonies) await c.dispatch({ type: 'confirmCode' });
    for (const c of b.ceremonies) await until(c, () => c.snapshot().view.phase === 'success', 'success');
    await new Promise((r) => setTimeout(r, 100));
    expect(b.statuses).toEqual([0, 0]);
    for (const c of b.ceremonies) c.stop();
  }, 60_000);
});
