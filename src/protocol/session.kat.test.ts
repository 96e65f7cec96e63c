/**
 * Known answer for the session id (session.ts, PROTOCOL.md "Session id"): tagged hash of room id,
 * generation, suite, t, n, label, roster length and each member's identity, ephemeral key, code
 * commitment, name and (since v4) COCKTAIL static key of the suite. Computed once and frozen
 * (v4: recomputed with an independent Python encoder, which also reproduces the old v3 answer
 * 79afd6f2…ab615 for the same roster without static keys): a silent change of any field's encoding, order or
 * tag fails here (and would split old and new participants into different sessions).
 */
import { describe, expect, it } from 'vitest';
import { computeSessionId, SESSION_TAG, type RosterEntry, type SessionParams } from './session.js';
import { toHex } from './encoding.js';
import { staticPublicKeys } from './staticKeys.js';

const bytes32 = (b: number) => toHex(new Uint8Array(32).fill(b));
const roster: RosterEntry[] = [
  // Static keys of the master secrets 41…41 and 42…42 (staticKeys.ts).
  {
    identity: bytes32(0x11),
    ephemeral: bytes32(0x21),
    commit: bytes32(0x31),
    name: 'Alice',
    static: 'c4b257566812dd82b820ef4b0322ae2f4eca6c8e21440ebe1545c5325edb716a',
  },
  {
    identity: bytes32(0x12),
    ephemeral: bytes32(0x22),
    commit: bytes32(0x32),
    name: 'Bob',
    static: 'd194d90ae07ef271753a5c3e3a46e2ee828b6a1fe79a7aa6228513e1ea3f3013',
  },
];
const params: SessionParams = { suite: 'ed25519', minSigners: 2, maxSigners: 2, label: 'Treasury' };

describe('session id known answer', () => {
  it('uses the v4 tag (v3 had no static keys: bumped so no v3 id can equal a v4 id)', () => {
    expect(SESSION_TAG).toBe('frost-ceremony/session/v4');
  });

  it('the static keys are the ones the master secrets derive', () => {
    expect(roster.map((r) => r.static)).toEqual([
      staticPublicKeys(new Uint8Array(32).fill(0x41)).ed25519,
      staticPublicKeys(new Uint8Array(32).fill(0x42)).ed25519,
    ]);
  });

  it('fixed room, generation, parameters and roster give the frozen id', () => {
    expect(toHex(computeSessionId('room-kat', 3, params, roster))).toBe(
      'aaaf80cc13b193894bb4beeb8907ffc9fc53310b8a420b676c538e1d4b2ea0b9',
    );
  });
});
