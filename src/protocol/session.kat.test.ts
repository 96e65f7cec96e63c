/**
 * Known answer for the session id (session.ts, PROTOCOL.md "Session id"): tagged hash of room id,
 * generation, suite, t, n, label, roster length and each member's identity, ephemeral key, code
 * commitment and name. Computed once and frozen: a silent change of any field's encoding, order or
 * tag fails here (and would split old and new participants into different sessions).
 */
import { describe, expect, it } from 'vitest';
import { computeSessionId, SESSION_TAG, type RosterEntry, type SessionParams } from './session.js';
import { toHex } from './encoding.js';

const bytes32 = (b: number) => toHex(new Uint8Array(32).fill(b));
const roster: RosterEntry[] = [
  { identity: bytes32(0x11), ephemeral: bytes32(0x21), commit: bytes32(0x31), name: 'Alice' },
  { identity: bytes32(0x12), ephemeral: bytes32(0x22), commit: bytes32(0x32), name: 'Bob' },
];
const params: SessionParams = { suite: 'ed25519', minSigners: 2, maxSigners: 2, label: 'Treasury' };

describe('session id known answer', () => {
  it('uses the v3 tag', () => {
    expect(SESSION_TAG).toBe('frost-ceremony/session/v3');
  });

  it('fixed room, generation, parameters and roster give the frozen id', () => {
    expect(toHex(computeSessionId('room-kat', 3, params, roster))).toBe(
      '79afd6f2fbb4de231a75e769aa62d0d0e925861c9281480e64a89078520ab615',
    );
  });
});
