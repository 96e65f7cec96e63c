/**
 * Issue 15.2: a restart that shrinks the group says what the next key will be and lets the
 * coordinator choose: continue with the smaller group (same t or a lower t, never below 2
 * unless t was 1), or keep n and invite a replacement custodian into the next attempt.
 */
import { describe, expect, it } from 'vitest';
import { readTrusted } from '../envelope.js';
import { fromUtf8, toHex } from '../encoding.js';
import { generateIdentity } from '../identity.js';
import { seededRng } from '../simulation.js';
import { nextMinSigners } from './lobby.js';
import { createParticipant, step } from './step.js';
import type { Event, ParticipantState } from './types.js';
import { view } from './view.js';

interface P {
  name: string;
  id: string;
  state: ParticipantState;
  rng: ReturnType<typeof seededRng>;
}

/** A tiny FIFO network; `online` says who receives (a late joiner is offline until it joins). */
function room(names: string[], seed: string) {
  const rngs = names.map((n) => seededRng(`${seed}/${n}`));
  const ids = rngs.map((r) => generateIdentity(r));
  const secret = seededRng(`${seed}/room`)(32);
  const roomInfo = { id: 'room-restart-plan', secret, coordinator: ids[0]!.publicKey };
  const ps: P[] = names.map((name, i) => ({
    name,
    id: toHex(ids[i]!.publicKey),
    rng: rngs[i]!,
    state: createParticipant({
      identity: ids[i]!,
      name,
      room: roomInfo,
      isCoordinator: i === 0,
      rng: rngs[i]!,
      simulated: true,
    }),
  }));
  const online = new Set<string>();
  /** Everything broadcast so far, in order (the server's room log: a joiner gets it replayed). */
  const log: { from: string; bytes: Uint8Array }[] = [];
  const queue: { to: P; bytes: Uint8Array }[] = [];
  const sent: string[] = [];
  async function apply(p: P, event: Event): Promise<void> {
    const r = await step(p.state, event, p.rng);
    p.state = r.state;
    for (const e of r.effects) {
      if (e.type === 'broadcast') {
        log.push({ from: p.name, bytes: e.bytes });
        sent.push(fromUtf8(e.bytes));
        for (const q of ps) if (q !== p && online.has(q.name)) queue.push({ to: q, bytes: e.bytes });
      }
      if (e.type === 'send') {
        const q = ps.find((x) => x.id === e.to);
        if (q && q !== p && online.has(q.name)) queue.push({ to: q, bytes: e.bytes });
      }
      if (
        e.type === 'notice' &&
        e.notice.kind === 'rejected' &&
        (event.type === 'restartWithout' || event.type === 'lock')
      )
        throw new Error(e.notice.message);
    }
    if (p.state.session?.code && !p.state.session.codeConfirmed && view(p.state).phase === 'verify')
      await apply(p, { type: 'confirmCode' });
  }
  async function settle(): Promise<void> {
    for (let guard = 0; queue.length > 0 && guard < 100_000; guard++) {
      const { to, bytes } = queue.shift()!;
      await apply(to, { type: 'receive', bytes });
    }
  }
  async function join(name: string): Promise<void> {
    const p = ps.find((q) => q.name === name)!;
    online.add(name);
    for (const m of log) if (m.from !== name) queue.push({ to: p, bytes: m.bytes });
    await apply(p, { type: 'announce' });
    await settle();
  }
  /** Closes someone's tab: they receive nothing more (and so send nothing more). */
  const leave = (name: string): void => void online.delete(name);
  return { ps, by: (n: string) => ps.find((p) => p.name === n)!, apply, settle, join, leave, sent };
}

describe('restart plans (issue 15.2)', () => {
  it('t never drops below 2 (unless it was 1), never rises, and never exceeds who is left', () => {
    const p = (t: number, n: number) => ({ suite: 'ed25519' as const, minSigners: t, maxSigners: n, label: 'x' });
    expect(nextMinSigners(p(2, 3), 2, undefined)).toBe(2);
    expect(nextMinSigners(p(3, 4), 3, { kind: 'smaller', minSigners: 2 })).toBe(2);
    expect(nextMinSigners(p(2, 3), 2, { kind: 'smaller', minSigners: 1 })).toMatchObject({ code: 'invalid-params' });
    expect(nextMinSigners(p(1, 3), 2, { kind: 'smaller', minSigners: 1 })).toBe(1);
    expect(nextMinSigners(p(2, 4), 3, { kind: 'smaller', minSigners: 3 })).toMatchObject({ code: 'invalid-params' });
    expect(nextMinSigners(p(3, 3), 2, undefined)).toMatchObject({ code: 'invalid-params' });
    expect(nextMinSigners(p(3, 3), 2, { kind: 'replace' })).toBe(3);
  });

  it('smaller group with a lower t: the restart announces it and the next roster locks it', async () => {
    const r = room(['Alice', 'Bob', 'Carol', 'Erin'], 'smaller');
    for (const p of r.ps) await r.join(p.name);
    r.leave('Erin');
    await r.apply(r.by('Alice'), {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 3, label: 'T' },
      roster: r.ps.map((p) => p.id),
    });
    await r.settle();
    // Erin's tab closed before she confirmed the code: restart without her, 2 of the 3 left.
    const erin = r.by('Erin');
    await r.apply(r.by('Alice'), {
      type: 'restartWithout',
      identities: [erin.id],
      plan: { kind: 'smaller', minSigners: 2 },
    });
    await r.settle();
    const restartText = r.sent.find((t) => readTrusted(t).type === 'restart')!;
    expect(JSON.parse(readTrusted(restartText).payload)).toMatchObject({ excluded: [erin.id], minSigners: 2 });
    expect(r.sent.some((t) => readTrusted(t).type === 'restart' && 'open' in JSON.parse(readTrusted(t).payload))).toBe(
      false,
    );
    for (const n of ['Alice', 'Bob', 'Carol']) {
      const s = r.by(n).state.session!;
      expect(s.generation, n).toBe(1);
      expect(s.params, n).toMatchObject({ minSigners: 2, maxSigners: 3 });
      expect(view(r.by(n).state).phase, n).toBe('success');
    }
  });

  it('a lower t than 2 is refused for a group that had t = 2', async () => {
    const r = room(['Alice', 'Bob', 'Carol'], 'floor');
    for (const p of r.ps) await r.join(p.name);
    r.leave('Carol');
    await r.apply(r.by('Alice'), {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'T' },
      roster: r.ps.map((p) => p.id),
    });
    await r.settle();
    await expect(
      r.apply(r.by('Alice'), {
        type: 'restartWithout',
        identities: [r.by('Carol').id],
        plan: { kind: 'smaller', minSigners: 1 },
      }),
    ).rejects.toThrow(/at least 2 signers/);
  });

  it('replacement: a new custodian joins with the same invite and the roster is chosen again, keeping t of n', async () => {
    const r = room(['Alice', 'Bob', 'Carol', 'Dave'], 'replace');
    for (const n of ['Alice', 'Bob', 'Carol']) await r.join(n);
    r.leave('Carol');
    await r.apply(r.by('Alice'), {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'T' },
      roster: ['Alice', 'Bob', 'Carol'].map((n) => r.by(n).id),
    });
    await r.settle();
    // Carol is gone; Dave, the replacement, opens the invite now: the log shows him a roster without him.
    await r.join('Dave');
    expect(r.by('Dave').state.aborted?.code).toBe('not-selected');
    await r.apply(r.by('Alice'), { type: 'restartWithout', identities: [r.by('Carol').id], plan: { kind: 'replace' } });
    await r.settle();
    // Dave followed the open restart into the next attempt's lobby; nothing is locked by itself.
    expect(r.by('Dave').state.aborted).toBeNull();
    expect(r.by('Dave').state.generation).toBe(1);
    expect(r.by('Alice').state.session).toBeNull();
    expect(r.by('Alice').state.pendingLock).toBeNull();
    expect(Object.keys(r.by('Alice').state.candidates).sort()).toEqual(
      ['Alice', 'Bob', 'Dave'].map((n) => r.by(n).id).sort(),
    );
    await r.apply(r.by('Alice'), {
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'T' },
      roster: ['Alice', 'Bob', 'Dave'].map((n) => r.by(n).id),
    });
    await r.settle();
    for (const n of ['Alice', 'Bob', 'Dave']) {
      expect(view(r.by(n).state).phase, n).toBe('success');
      expect(r.by(n).state.session!.params, n).toMatchObject({ minSigners: 2, maxSigners: 3 });
    }
  });
});
