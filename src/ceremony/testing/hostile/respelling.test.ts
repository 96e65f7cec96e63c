/**
 * Issue 11 §3, "a failure with no culprit, repeatable forever": Carol signs one message in two
 * spellings (`{}` to some, `{ }` to others) or two different messages for one slot, over the real
 * shell and a reordering network. She re-signs with her own key through the shipped
 * `signedBytes` (what any modified client would do). Before the fix the Start spelled two ways
 * made every transcript differ: after the whole DKG everyone failed `confirmation-mismatch` with
 * nobody blamed, and the restart took Carol along.
 *
 * Now: a respelled copy is the same message (the signature covers the canonical payload), so the
 * ceremony completes; different content for one slot is equivocation naming Carol; and no choice
 * of Carol's ends in a failure without a culprit or with an honest one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  signedBytes,
  toHex,
  utf8,
  createNobleIdentityCrypto,
  type IdentityKeyPair,
  verifyFailureRecord,
} from '../../../protocol/index';
import type { Delivery } from './lyingNetwork';
import { confirmCodes, confirmedKeys, createHostileRoom, lockRoom, peek, type HostileRoom } from './hostileRoom';

const crypto = createNobleIdentityCrypto();

/** Ways to spell the same JSON value: spaces, member order, \u-escapes, number forms. */
interface Spelling {
  space: boolean;
  reverseKeys: boolean;
  escapeFirstChar: boolean;
  numbersAsFloat: boolean;
}
const ALL: Spelling = { space: true, reverseKeys: true, escapeFirstChar: true, numbersAsFloat: true };

function spell(v: unknown, s: Spelling): string {
  const sep = s.space ? ' ' : '';
  if (v === null || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') return s.numbersAsFloat && Number.isInteger(v) ? `${v}.0` : JSON.stringify(v);
  if (typeof v === 'string') {
    if (!s.escapeFirstChar || v.length === 0) return JSON.stringify(v);
    return `"\\u${v.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(v.slice(1)).slice(1)}`;
  }
  if (Array.isArray(v)) return `[${sep}${v.map((x) => spell(x, s)).join(`,${sep}`)}${sep}]`;
  const keys = Object.keys(v as object);
  if (s.reverseKeys) keys.reverse();
  return `{${sep}${keys.map((k) => `${JSON.stringify(k)}:${sep}${spell((v as Record<string, unknown>)[k], s)}`).join(`,${sep}`)}${sep}}`;
}

/** Carol's envelope with the payload text `payload`, signed as the shipped code signs it. */
function resign(
  carol: IdentityKeyPair,
  w: { type: string; room: string; session: string; gen: number },
  payload: string,
): Uint8Array {
  const from = toHex(carol.publicKey);
  const sig = toHex(
    crypto.sign(
      signedBytes({ type: w.type, room: w.room, session: w.session, generation: w.gen, from, payload }),
      carol.secretKey,
    ),
  );
  return utf8(JSON.stringify({ v: 1, type: w.type, room: w.room, session: w.session, gen: w.gen, from, payload, sig }));
}

/** What Carol does with one of her messages to one peer: undefined = send it as it is. */
type Tamper = (type: string, payload: unknown, to: number) => string | undefined;

async function run(seed: string, tamper: Tamper): Promise<HostileRoom> {
  // Assigned once the room exists; the network callbacks below close over it (and may run before that).
  let room: HostileRoom | undefined = undefined;
  const intercept = (d: Delivery) => {
    const r = room!;
    const carol = r.people[2]!;
    const w = peek(d.bytes);
    if (d.from !== carol.member || w === null || w.from !== carol.hex) return undefined;
    const to = r.people.findIndex((p) => p.hex === d.toId);
    const text = tamper(w.type, JSON.parse(w.payload) as unknown, to);
    return text === undefined ? undefined : [resign(carol.identity, w, text)];
  };
  room = createHostileRoom({ seed, names: ['Alice', 'Bob', 'Carol', 'Dave'], network: { reorder: true, intercept } });
  await room.startAll();
  await lockRoom(room, { minSigners: 2 });
  await confirmCodes(room);
  return room;
}

/** Every honest participant either confirmed the one key, or failed naming exactly Carol with a record that verifies. */
async function expectNoFailureWithoutCulprit(room: HostileRoom): Promise<void> {
  const carol = room.people[2]!;
  expect(confirmedKeys(room.views()).length).toBeLessThanOrEqual(1);
  for (const i of [0, 1, 3]) {
    const p = room.people[i]!;
    const v = p.ceremony.snapshot().view;
    expect(['success', 'failed'], `${p.name} is ${v.phase}`).toContain(v.phase);
    if (v.phase === 'failed') {
      expect(
        v.failure?.culprits.map((c) => c.identity),
        `${p.name}: ${v.failure?.reason}`,
      ).toEqual([carol.hex]);
      const check = await verifyFailureRecord(crypto, v.failure!.record, room.people[0]!.hex);
      expect(check.ok && check.summary.culprits.map((c) => c.identity)).toEqual([carol.hex]);
    }
  }
}

describe('one signed form per message: respelling cannot split the room', () => {
  it('Carol’s Start spelled {} for Alice and Dave and { } for Bob → one message: everyone completes with one key, nobody blamed (was: all fail confirmation-mismatch, nobody blamed)', async () => {
    const room = await run('start-respelled', (type, _p, to) => (type === 'start' && to === 1 ? '{ }' : undefined));
    const views = room.views();
    expect(views.map((v) => v.phase)).toEqual(['success', 'success', 'success', 'success']);
    expect(confirmedKeys(views)).toHaveLength(1);
    expect(views.flatMap((v) => v.failure?.culprits ?? [])).toEqual([]);
  });

  it.each(['reveal', 'start', 'round1', 'echo', 'confirmation', 'confirm-echo'])(
    'Carol’s %s respelled for Bob (spaces, members reversed, \\u-escapes, 2.0 for 2) → the same message: one key for all',
    async (type) => {
      const room = await run(`respelled-${type}`, (t, p, to) => (t === type && to === 1 ? spell(p, ALL) : undefined));
      const views = room.views();
      expect(views.map((v) => v.phase)).toEqual(['success', 'success', 'success', 'success']);
      expect(confirmedKeys(views)).toHaveLength(1);
    },
  );
});

describe('property: no failure without a culprit is reachable by one participant', () => {
  /** Content changes Carol can make for one peer that keep the payload valid. */
  const change = (type: string, p: unknown): unknown => {
    const o = structuredClone(p) as Record<string, unknown>;
    const swap = (a: string[]): string[] => [a[1]!, a[0]!, ...a.slice(2)];
    const flip = (h: string): string => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    if (type === 'echo') o.round1 = swap(o.round1 as string[]);
    else if (type === 'confirm-echo') o.confirmations = swap(o.confirmations as string[]);
    else if (type === 'confirmation')
      o.certeq = flip(o.certeq as string); // a CertEq signature that no longer verifies on T
    else return undefined;
    return o;
  };
  const plan = fc.record({
    type: fc.constantFrom('reveal', 'start', 'round1', 'echo', 'confirmation', 'confirm-echo'),
    victims: fc.subarray([0, 1, 3], { minLength: 1 }),
    respell: fc.record({
      space: fc.boolean(),
      reverseKeys: fc.boolean(),
      escapeFirstChar: fc.boolean(),
      numbersAsFloat: fc.boolean(),
    }),
    changeContent: fc.boolean(),
  });

  it('Carol respells or changes one kind of message for some peers: each honest participant confirms the one key or fails naming only Carol', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(plan, async ({ type, victims, respell, changeContent }) => {
        const room = await run(`property-${runs++}`, (t, p, to) => {
          if (t !== type || !victims.includes(to)) return undefined;
          const content = changeContent ? (change(t, p) ?? p) : p;
          return spell(content, respell);
        });
        await expectNoFailureWithoutCulprit(room);
      }),
      { numRuns: 12, seed: 11 },
    );
  });
});
