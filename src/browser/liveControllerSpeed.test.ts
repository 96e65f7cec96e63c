import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Ceremony,
  type CeremonyListener,
  type CeremonySnapshot,
  createMemoryNetwork,
  createMemoryStateStore,
  type StateStore,
} from '../ceremony/index';
import { createBrowserIdentityCrypto, type PrefetchingIdentityCrypto } from '../platform/index';
import type { Notice } from '../protocol/index';
import { createUiStore } from '../store/index';
import { keyCachingKeyValue } from './indexedDbStateStore';
import { coalescedCeremony, createLiveController } from './liveController';
import { rng, until } from './testing/testBrowsers';

/** A ceremony stand-in whose changes the test emits by hand. */
function fakeCeremony() {
  const listeners = new Set<CeremonyListener>();
  const snap = (phase: string, tag: number) =>
    ({
      view: { phase, groupKey: { status: 'confirmed' } },
      links: {},
      presence: [],
      server: 'open',
      badPeers: [],
      tag,
    }) as unknown as CeremonySnapshot;
  const ceremony = {
    subscribe(l: CeremonyListener) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  } as unknown as Ceremony;
  const emit = (phase: string, tag: number, notices: Notice[] = []) => {
    for (const l of listeners) l(snap(phase, tag), notices);
  };
  return { ceremony, emit, listeners };
}

describe('screens follow the ceremony coalesced (coalescedCeremony)', () => {
  afterEach(() => void vi.useRealTimers());

  it('on the progress screen: passes a new screen, a notice or the first change after a quiet spell at once, and at most one other change per interval (the latest)', () => {
    vi.useFakeTimers();
    let now = 0;
    const f = fakeCeremony();
    const seen: { phase: string; tag: number; notices: number }[] = [];
    const unsubscribe = coalescedCeremony(f.ceremony, 100, () => now).subscribe((s, n) =>
      seen.push({ phase: s.view.phase, tag: (s as unknown as { tag: number }).tag, notices: n.length }),
    );
    f.emit('round1', 1); // first: at once
    now = 10;
    f.emit('round1', 2);
    now = 20;
    f.emit('round1', 3); // 2 and 3 wait for the interval; only 3 is shown
    expect(seen.map((x) => x.tag)).toEqual([1]);
    now = 100;
    vi.advanceTimersByTime(90);
    expect(seen.map((x) => x.tag)).toEqual([1, 3]);
    now = 120;
    f.emit('round1', 4);
    now = 130;
    f.emit('echo', 5); // the next round is the same screen: waits like any change, superseding 4
    expect(seen.map((x) => `${x.tag}:${x.phase}`)).toEqual(['1:round1', '3:round1']);
    now = 140;
    f.emit('echo', 6, [{ kind: 'info', message: 'x' }]); // a notice: at once, with the notice
    expect(seen.at(-1)).toEqual({ phase: 'echo', tag: 6, notices: 1 });
    now = 150;
    f.emit('echo', 7);
    now = 160;
    f.emit('success', 8); // a new screen: at once, superseding the pending 7
    expect(seen.map((x) => `${x.tag}:${x.phase}`)).toEqual(['1:round1', '3:round1', '6:echo', '8:success']);
    now = 170;
    f.emit('round2', 9);
    now = 180;
    f.emit('round2', 10); // waits for the interval
    unsubscribe();
    vi.advanceTimersByTime(1000);
    expect(seen.map((x) => x.tag)).toEqual([1, 3, 6, 8, 9]); // nothing after unsubscribing
    expect(f.listeners.size).toBe(0);
    now = 2000;
    f.emit('round2', 11);
    expect(seen).toHaveLength(5);
  });

  it('passes every change of the lobby and the other screens at once: someone joining shows without delay', () => {
    vi.useFakeTimers();
    let now = 0;
    const f = fakeCeremony();
    const seen: string[] = [];
    const unsubscribe = coalescedCeremony(f.ceremony, 500, () => now).subscribe((s) =>
      seen.push(`${(s as unknown as { tag: number }).tag}:${s.view.phase}`),
    );
    f.emit('lobby', 1);
    now = 5;
    f.emit('lobby', 2); // the joiner's own hello
    now = 10;
    f.emit('lobby', 3); // another person
    now = 20;
    f.emit('verify', 4);
    now = 30;
    f.emit('verify', 5);
    expect(seen).toEqual(['1:lobby', '2:lobby', '3:lobby', '4:verify', '5:verify']);
    unsubscribe();
  });
});

describe('IndexedDB record keys are looked up once (keyCachingKeyValue)', () => {
  it('remembers key records, always reads and writes state records, and forgets a deleted key', async () => {
    const data = new Map<string, unknown>([['key:a', 'K1']]);
    const calls: string[] = [];
    const kv = keyCachingKeyValue({
      get: async (k) => (calls.push(`get ${k}`), data.get(k)),
      set: async (k, v) => void (calls.push(`set ${k}`), data.set(k, v)),
      del: async (k) => void (calls.push(`del ${k}`), data.delete(k)),
    });
    expect(await kv.get('key:a')).toBe('K1');
    expect(await kv.get('key:a')).toBe('K1');
    expect(await kv.get('key:b')).toBeUndefined(); // a missing key is not remembered as missing
    await kv.set('key:b', 'K2');
    expect(await kv.get('key:b')).toBe('K2');
    await kv.set('state:a', 's1');
    expect(await kv.get('state:a')).toBe('s1');
    expect(await kv.get('state:a')).toBe('s1');
    await kv.del('key:a');
    expect(await kv.get('key:a')).toBeUndefined();
    expect(calls).toEqual([
      'get key:a',
      'get key:b',
      'set key:b',
      'set state:a',
      'get state:a',
      'get state:a',
      'del key:a',
      'get key:a',
    ]);
  });
});

describe('live controller with the browser identity crypto', () => {
  it('runs three browsers to the same group key, checking peer signatures with the browser identity crypto', async () => {
    const net = createMemoryNetwork();
    const made: PrefetchingIdentityCrypto[] = [];
    const mk = () => {
      const store = createUiStore();
      const stores = new Map<string, StateStore>();
      const controller = createLiveController(store, {
        origin: 'http://127.0.0.1:8790',
        rng,
        storeFor: (name) => stores.get(name) ?? (stores.set(name, createMemoryStateStore()), stores.get(name)!),
        transportFor: (_invite, selfId) => net.transport(selfId),
        identityCrypto: () => {
          const c = createBrowserIdentityCrypto();
          made.push(c);
          return c;
        },
      });
      return { store, controller };
    };
    const alice = mk();
    await alice.controller.createCeremony({
      suite: 'FROST-ED25519-SHA512-v1',
      t: 2,
      n: 3,
      label: 'Native',
      myName: 'Alice',
    });
    const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
    const bob = mk();
    const carol = mk();
    await bob.controller.joinInvite(invite, 'Bob');
    await carol.controller.joinInvite(invite, 'Carol');
    const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
    await alice.controller.lockRoster(full.candidates.map((c) => c.id));
    const all = [alice, bob, carol];
    for (const b of all)
      await until(b.store, (s) => s.phase === 'verify' && !!s.verification?.code, 'the verification code');
    for (const b of all) await b.controller.confirmCode(true);
    for (const b of all) await until(b.store, (s) => s.phase === 'success' && s.success !== null, 'success');
    expect(new Set(all.map((b) => b.store.getState().success!.groupKeyHex)).size).toBe(1);
    const stats = made.map((c) => c.stats());
    expect(stats).toHaveLength(3);
    // Every browser checked its peers' envelopes with the browser identity crypto. Since the share
    // cipher is pure (issue 11 §4) a step no longer awaits, so the ceremony usually reaches an
    // envelope before its native verdict is in and noble decides; which one decides is timing, the
    // verdict is the same (ed25519Verdict.test.ts). Whether the native prefetch still pays is for
    // the performance issue (18) to measure.
    for (const s of stats) expect(s.native + s.noble).toBeGreaterThan(0);
  });
});
