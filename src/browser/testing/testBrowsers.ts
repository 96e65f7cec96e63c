/**
 * Test support for the browser shell: "browsers" (a UI store + live controller each) over one
 * in-memory network, a DOM-free wait on store state, and the common walk of three of them
 * from create to the code check. Used by the shell's tests only.
 */
import { randomBytes } from 'node:crypto';
import { createMemoryNetwork, createMemoryStateStore, type StateStore } from '../../ceremony/index';
import { type CreateCeremonyParams, createUiStore, type UiStore, type UiState } from '../../store/index';
import { createLiveController, type LiveEnvironment } from '../liveController';

export const rng = (n: number) => new Uint8Array(randomBytes(n));

export type MemoryNetwork = ReturnType<typeof createMemoryNetwork>;

/** One browser; pass the same `stores` map to a second one to model a reload of that tab. */
export function browser(
  net: MemoryNetwork,
  stores = new Map<string, StateStore>(),
  opts: { fault?: LiveEnvironment['fault'] } = {},
) {
  const store = createUiStore();
  const controller = createLiveController(store, {
    origin: 'http://127.0.0.1:8790',
    rng,
    storeFor: (name) => {
      if (!stores.has(name)) stores.set(name, createMemoryStateStore());
      return stores.get(name)!;
    },
    transportFor: (_invite, selfId) => net.transport(selfId),
    ...(opts.fault ? { fault: opts.fault } : {}),
  });
  return { store, controller, stores };
}

export type Browser = ReturnType<typeof browser>;

/** Polls the store (10 ms steps) until `pred` holds; the error names what it waited for. */
export async function until(
  store: UiStore,
  pred: (s: UiState) => boolean,
  what: string,
  tries = 1000,
): Promise<UiState> {
  for (let i = 0; i < tries; i++) {
    if (pred(store.getState())) return store.getState();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}; phase is ${store.getState().phase}`);
}

/** Alice creates, Bob and Carol join, Alice locks all three; resolves when all see the code. */
export async function threeToVerify(
  params: Omit<CreateCeremonyParams, 'myName' | 'n'>,
  net: MemoryNetwork = createMemoryNetwork(),
): Promise<[Browser, Browser, Browser]> {
  const alice = browser(net);
  await alice.controller.createCeremony({ ...params, n: 3, myName: 'Alice' });
  const invite = (await until(alice.store, (s) => s.room !== null, 'room')).room!.inviteUrl;
  const bob = browser(net);
  const carol = browser(net);
  await bob.controller.joinInvite(invite, 'Bob');
  await carol.controller.joinInvite(invite, 'Carol');
  const full = await until(alice.store, (s) => s.candidates.length === 3, 'three candidates');
  await alice.controller.lockRoster(full.candidates.map((c) => c.id));
  const all: [Browser, Browser, Browser] = [alice, bob, carol];
  for (const b of all)
    await until(b.store, (s) => s.phase === 'verify' && !!s.verification?.code, 'the verification code');
  return all;
}
