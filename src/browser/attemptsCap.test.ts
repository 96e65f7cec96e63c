/**
 * Issue 11.6 in the app: once a room has used its attempts, "Restart without …" fails with the
 * message the action error banner shows (create a new room with a new invite), and nothing
 * else changes on screen.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStateStore } from '../ceremony/index';
import { MAX_GENERATIONS_PER_ROOM } from '../protocol/index';
import { createUiStore } from '../store/index';
import { createLiveController } from './liveController';
import { rng, until } from './testing/testBrowsers';

describe('restart cap in the app (rehearsal: the same controller and protocol as a live room)', () => {
  it(`after ${MAX_GENERATIONS_PER_ROOM} attempts, "restart" is refused with "create a new room and send everyone a new invite"`, async () => {
    const store = createUiStore();
    const controller = createLiveController(store, {
      origin: 'http://127.0.0.1:8790',
      rng,
      storeFor: () => createMemoryStateStore(),
      transportFor: () => {
        throw new Error('a rehearsal must not open a network transport');
      },
    });
    await controller.startRehearsal({ n: 3, t: 2, suite: 'FROST-ED25519-SHA512-v1', faults: [] });
    const lobby = await until(
      store,
      (s) => s.phase === 'lobby' && s.candidates.length === 3,
      'three people in the lobby',
      1500,
    );
    await controller.lockRoster(lobby.candidates.map((c) => c.id));
    for (let g = 0; g < MAX_GENERATIONS_PER_ROOM; g++) {
      await until(
        store,
        (s) => s.phase === 'verify' && !!s.verification?.code && s.room?.generation === g,
        `the code check of attempt ${g + 1}`,
        1500,
      );
      if (g < MAX_GENERATIONS_PER_ROOM - 1) await controller.restartWithout([]);
    }
    await expect(controller.restartWithout([])).rejects.toThrow(
      /this room has used all 8 attempts .*create a new room and send everyone a new invite/,
    );
    const s = store.getState();
    expect(s.phase).toBe('verify');
    expect(s.room?.generation).toBe(MAX_GENERATIONS_PER_ROOM - 1);
  }, 120_000);
});
