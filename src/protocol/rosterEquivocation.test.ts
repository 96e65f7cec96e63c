/** Roster equivocation evidence: what proves the coordinator signed two rosters, and what does not. */
import { describe, expect, it } from 'vitest';
import { envelopeText, sealEnvelope } from './envelope.js';
import { toHex } from './encoding.js';
import { generateIdentity, type IdentityKeyPair } from './identity.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { judgeRosterEquivocation } from './rosterEquivocation.js';
import { computeSessionId, type RosterEntry, type SessionParams } from './session.js';
import { openRoster, type SessionContext } from './sessionContext.js';
import { seededRng } from './simulation.js';
import { staticPublicKeys } from './staticKeys.js';

const crypto = createNodeIdentityCrypto();
const coord = generateIdentity(seededRng('req/coord'));
const other = generateIdentity(seededRng('req/other'));
const k = (s: string): string => toHex(seededRng(s)(32));
// Real X25519 public keys are not needed for the roster checks beyond "usable"; use generated ones.
const eph = (s: string): string => toHex(generateIdentity(seededRng(`eph/${s}`)).publicKey);
const roster: RosterEntry[] = [
  {
    identity: toHex(coord.publicKey),
    ephemeral: eph('c'),
    commit: k('c-commit'),
    name: 'Coord',
    static: staticPublicKeys(seededRng('req/c-master')(32)).ed25519,
  },
  {
    identity: toHex(other.publicKey),
    ephemeral: eph('o'),
    commit: k('o-commit'),
    name: 'Olga',
    static: staticPublicKeys(seededRng('req/o-master')(32)).ed25519,
  },
];
const params: SessionParams = { suite: 'ed25519', minSigners: 2, maxSigners: 2, label: 'L' };

function signed(by: IdentityKeyPair, p: SessionParams, r: RosterEntry[], generation = 0, room = 'req-room'): string {
  const session = toHex(computeSessionId(room, generation, p, r));
  return envelopeText(
    sealEnvelope(crypto, by, { type: 'roster', room, session, generation, payload: { params: p, roster: r } }),
  );
}
const ctx = openRoster(crypto, signed(coord, params, roster), toHex(coord.publicKey)) as SessionContext;

describe('judgeRosterEquivocation', () => {
  it('a second roster from the coordinator for the same room and generation proves the coordinator at fault', () => {
    expect(ctx).not.toBeInstanceOf(Error);
    expect(judgeRosterEquivocation(crypto, ctx, signed(coord, { ...params, label: 'other half' }, roster))).toEqual({
      ok: true,
      culprit: toHex(coord.publicKey),
      reason: 'equivocation',
    });
    // Names are not in the session id, but they are signed: another name is another roster.
    const renamed = roster.map((r, i) => (i === 1 ? { ...r, name: 'Mallory' } : r));
    expect(judgeRosterEquivocation(crypto, ctx, signed(coord, params, renamed))).toMatchObject({ ok: true });
  });

  it.each([
    ['the same roster again', () => signed(coord, params, roster), 'the two rosters are the same'],
    [
      'a roster for another generation',
      () => signed(coord, params, roster, 1),
      'second roster is for another room or generation',
    ],
    [
      'a roster for another room',
      () => signed(coord, params, roster, 0, 'another-room'),
      'second roster is for another room or generation',
    ],
    [
      'a roster signed by someone else',
      () => signed(other, { ...params, label: 'x' }, roster),
      'second roster: roster not signed by the coordinator of the invite',
    ],
    ['not an envelope', () => '{"x":1}', undefined],
  ])('%s proves nothing', (_name, make, reason) => {
    const v = judgeRosterEquivocation(crypto, ctx, make());
    expect(v.ok).toBe(false);
    if (reason) expect(v).toEqual({ ok: false, reason });
  });
});
