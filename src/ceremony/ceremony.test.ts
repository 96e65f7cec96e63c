import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateIdentity,
  createParticipant,
  deserialize,
  toHex,
  parseKeyPackage,
  parsePublicKeyPackage,
  testSign,
} from '../protocol/index';
import { createCeremony, type Ceremony } from './ceremony';
import { createMemoryNetwork } from './memoryNetwork';
import { createMemoryStateStore } from './persistence/stateStore';
import { outputsOf, OutputsNotReadyError } from './outputs';

const rng = (n: number) => new Uint8Array(randomBytes(n));

async function until(c: Ceremony, pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !pred(); i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!pred()) throw new Error(`timed out waiting for ${what}: phase ${c.snapshot().view.phase}`);
}

describe('ceremony shell over the in-memory network', () => {
  it('runs a 2-of-3 ceremony from lobby to confirmed group key, persisting before it sends', async () => {
    const net = createMemoryNetwork();
    const room: { id: string; secret: Uint8Array; coordinator: Uint8Array } = {
      id: 'room-shell-test',
      secret: rng(32),
      coordinator: new Uint8Array(),
    };
    const ids = [0, 1, 2].map(() => generateIdentity(rng));
    room.coordinator = ids[0]!.publicKey;
    const stores = ids.map(() => createMemoryStateStore());
    const ceremonies = ids.map((identity, i) =>
      createCeremony({
        state: createParticipant({ identity, name: ['Alice', 'Bob', 'Carol'][i]!, room, isCoordinator: i === 0, rng }),
        transport: net.transport(toHex(identity.publicKey)),
        stateStore: stores[i]!,
        rng,
      }),
    );
    for (const c of ceremonies) await c.start();
    const alice = ceremonies[0]!;
    await until(alice, () => alice.snapshot().view.candidates.length === 3, 'three candidates');
    await alice.dispatch({
      type: 'lock',
      params: { suite: 'ed25519', minSigners: 2, label: 'test' },
      roster: ids.map((k) => toHex(k.publicKey)),
    });
    for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'verify', 'verify phase');
    const codes = new Set(ceremonies.map((c) => c.snapshot().view.verificationCode));
    expect(codes.size).toBe(1);
    for (const c of ceremonies) await c.dispatch({ type: 'confirmCode' });
    for (const c of ceremonies) await until(c, () => c.snapshot().view.phase === 'success', 'success');
    const keys = new Set(ceremonies.map((c) => c.snapshot().view.groupKey.hex));
    expect(keys.size).toBe(1);
    expect(ceremonies[1]!.snapshot().view.groupKey.status).toBe('confirmed');
    // Each participant's frost-rs files parse strictly, and two of them can sign together.
    const outs = ceremonies.map((c) => outputsOf(c.state()));
    expect(outs.map((o) => o.identifier)).toEqual([1, 2, 3]);
    const kps = outs.map((o) => parseKeyPackage(o.keyPackageJson));
    const pkp = parsePublicKeyPackage(outs[0]!.publicKeyPackageJson);
    expect(outs.every((o) => o.publicKeyPackageJson === outs[0]!.publicKeyPackageJson)).toBe(true);
    expect(testSign([kps[0]!, kps[2]!], pkp, new TextEncoder().encode('hi'), rng).length).toBe(64);
    // What was persisted is the state that produced the last sends: it restores to the same phase.
    const saved = await stores[1]!.load();
    expect(saved).toBeDefined();
    expect(deserialize(saved!).session?.result?.verifyingKey).toBe(ceremonies[1]!.snapshot().view.groupKey.hex);
    for (const c of ceremonies) c.stop();
  });

  it('does not send anything when the state cannot be saved', async () => {
    const net = createMemoryNetwork();
    const identity = generateIdentity(rng);
    const room = { id: 'room-persist-fail', secret: rng(32), coordinator: identity.publicKey };
    const failing = {
      load: async () => undefined,
      save: async () => Promise.reject(new Error('disk full')),
      clear: async () => {},
    };
    const sent: Uint8Array[] = [];
    const transport = net.transport(toHex(identity.publicKey));
    const spy = {
      ...transport,
      broadcast: (b: Uint8Array) => void sent.push(b),
      send: (_: string, b: Uint8Array) => void sent.push(b),
    };
    const c = createCeremony({
      state: createParticipant({ identity, name: 'Alice', room, isCoordinator: true, rng }),
      transport: spy,
      stateStore: failing,
      rng,
    });
    await expect(c.start()).rejects.toThrow(/could not save/);
    expect(sent).toEqual([]);
    expect(c.state().announced).toBe(false);
    expect(() => outputsOf(c.state())).toThrow(OutputsNotReadyError);
  });
});
