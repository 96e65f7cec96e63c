import { describe, expect, it } from 'vitest';
import { confirmCodes, confirmedKeys, createHostileRoom, lockRoom } from './hostileRoom';

describe('hostile room harness', () => {
  it('an honest network: 3 participants reach one confirmed key', async () => {
    const room = createHostileRoom({ seed: 'baseline', names: ['Alice', 'Bob', 'Carol'] });
    await room.startAll();
    expect(room.views()[0]!.candidates.length).toBe(3);
    await lockRoom(room);
    expect(new Set(room.views().map((v) => v.verificationCode)).size).toBe(1);
    await confirmCodes(room);
    expect(room.views().map((v) => v.phase)).toEqual(['success', 'success', 'success']);
    expect(confirmedKeys(room.views()).length).toBe(1);
  });
});
