// Builds without __TEST_FAULTS__ (production bundles, the CLI binary): faults are refused for
// real participants and applied only for simulated ones (rehearsal, runSimulation).
import { describe, expect, it, vi } from 'vitest';
import { generateIdentity } from '../identity.js';
import { createParticipant } from '../machine/step.js';
import { deserialize, serialize } from '../machine/serialize.js';
import { runSimulation, seededRng } from '../simulation.js';

vi.mock('../machine/faults.js', () => ({ faultsEnabled: () => false }));

describe('faults without __TEST_FAULTS__', () => {
  const identity = generateIdentity(seededRng('sim-faults/id'));
  const room = { id: 'r', secret: new Uint8Array(32), coordinator: identity.publicKey };

  it('a real participant with a fault is refused; a simulated one is accepted and stays simulated after a round trip', () => {
    expect(() =>
      createParticipant({ identity, name: 'A', room, isCoordinator: true, rng: seededRng('a'), fault: 'bad-share' }),
    ).toThrow(/only available in test builds/);
    const st = createParticipant({
      identity,
      name: 'A',
      room,
      isCoordinator: true,
      rng: seededRng('a'),
      fault: 'bad-share',
      simulated: true,
    });
    expect(st.simulated).toBe(true);
    expect(deserialize(serialize(st)).simulated).toBe(true);
    expect(
      createParticipant({ identity, name: 'A', room, isCoordinator: true, rng: seededRng('a') }).simulated,
    ).toBeUndefined();
  });

  it('runSimulation applies the fault: the bad share is blamed', async () => {
    const r = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'sim-faults',
      faults: { 1: { kind: 'bad-share' } },
      autoRestart: false,
    });
    expect(r.generations).toEqual([{ generation: 0, outcome: 'failed', blamed: ['P2'], excluded: [] }]);
  });
});
