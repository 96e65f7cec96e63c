/**
 * Issue 11 §7.5 through real processes: anyone who knows a participant's public identity key
 * (its peer id) can join the room under it, and the server then closes the participant's own
 * connection ('replaced'). A headless participant used to stop there and, its last handle gone,
 * exit 13 with no message, stalling a relay-only ceremony. Now it says so and takes its id
 * back by itself; the ceremony completes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { joinRaw, type RawClient } from '../../server/testing/testClient';
import type { ProgressEvent } from '../headlessReport';
import { createProcs, inviteOf, isSuccess, tempDir, type SuccessEvent } from './harness';

const procs = createProcs();
afterAll(() => procs.killAll());

describe('a kicked headless participant (real processes, relay-only)', () => {
  it('reconnects by itself after another connection took its peer id, and the ceremony completes', async () => {
    const server = await procs.server();
    const coordinator = procs.participant([
      'create',
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '2',
      '--label',
      'kick',
      '--server',
      server.url,
      '--name',
      'Coord',
      '--yes',
      '--relay-only',
      '--out',
      tempDir('kick-c'),
    ]);
    const invite = await inviteOf(coordinator);
    // Bob answers the code question himself: the kick happens while he reads the code.
    const bob = procs.participant(['join', invite, '--name', 'Bob', '--relay-only', '--out', tempDir('kick-b')]);
    const id = await bob.waitFor<Extract<ProgressEvent, { t: 'identity' }>>(
      (e) => e.t === 'identity',
      "Bob's identity",
    );
    await bob.waitFor((e) => e.t === 'code', 'the verification code');
    let intruder: RawClient | undefined;
    try {
      // The intruder joins the room under Bob's peer id (his public identity key).
      intruder = await joinRaw(`${server.url.replace('http', 'ws')}/ws`, id.room, id.publicKey);
      await bob.waitFor(
        (e) => e.t === 'info' && /another connection joined the room with our id/.test(e.message),
        'Bob saying he was kicked',
      );
      // Bob takes his id back (the server now closes the intruder), then confirms the code.
      await intruder.closed;
      bob.answer('y');
      const [c, b] = await Promise.all([
        coordinator.waitFor<SuccessEvent>(isSuccess, 'coordinator success'),
        bob.waitFor<SuccessEvent>(isSuccess, 'Bob success'),
      ]);
      expect(b.groupKey).toBe(c.groupKey);
      expect(await bob.exited).toBe(0);
      expect(await coordinator.exited).toBe(0);
    } finally {
      intruder?.close();
    }
  }, 180_000);
});
