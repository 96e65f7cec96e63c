/**
 * Worst-case envelope sizes at n = MAX_PARTICIPANTS (ed448, the largest suite; the longest room
 * id, label and names the schemas accept). Every message must fit MAX_ENVELOPE_BYTES, and the
 * nested ones (roster in a failure record in a restart) must stay within their own bounds.
 * `SIZES=1 npx vitest run src/protocol/sizes` prints the table.
 */
import { describe, expect, it } from 'vitest';
import { envelopeText, MAX_ENVELOPE_BYTES, sealEnvelope, type Envelope, type MessageType } from './envelope.js';
import { generateEphemeral, generateIdentity } from './identity.js';
import { createNodeIdentityCrypto } from '../platform/node.js';
import { toHex } from './encoding.js';
import { parsePayload } from './messages.js';
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_PARTICIPANTS, nameProblem } from './session.js';
import { seededRng } from './simulation.js';
import { staticKeyPair, staticPublicKeys } from './staticKeys.js';
import { MAX_FAILURE_RECORD_BYTES } from './machine/context.js';
import { MAX_MSG1_BYTES } from './cocktailBinding.js';

const crypto = createNodeIdentityCrypto();
const rng = seededRng('sizes');
const me = generateIdentity(rng, crypto);
const n = MAX_PARTICIPANTS;
const base = { room: 'r'.repeat(128), session: 'ab'.repeat(32), generation: 0xffffffff };
const seal = (type: MessageType, payload: unknown, session = base.session): Envelope =>
  sealEnvelope(crypto, me, { ...base, session, type, payload });
const hex = (bytes: number): string => 'ab'.repeat(bytes);
const sizes: Record<string, number> = {};
const record = (k: string, e: Envelope): Envelope => {
  sizes[k] = Math.max(sizes[k] ?? 0, e.bytes.length);
  return e;
};

// Names: the most expensive accepted characters once JSON-escaped and UTF-8 encoded.
const NAMES = ['€'.repeat(MAX_NAME_LENGTH), '😀'.repeat(MAX_NAME_LENGTH / 2), '<'.repeat(MAX_NAME_LENGTH)];
const LABEL = '\u20ac'.repeat(MAX_LABEL_LENGTH); // control characters are refused (labelProblem): '€' is the costliest left (3 bytes)
const ED448_POINT = 57;

function roster(name: string, count = n): Envelope {
  const entries = Array.from({ length: count }, () => ({
    identity: toHex(generateIdentity(rng, crypto).publicKey),
    ephemeral: toHex(generateEphemeral(rng).publicKey),
    commit: toHex(rng(32)),
    name,
    static: toHex(staticKeyPair('ed448', rng(32)).publicKey),
  }));
  return record(
    'roster',
    seal('roster', { params: { suite: 'ed448', minSigners: count, maxSigners: count, label: LABEL }, roster: entries }),
  );
}

describe(`envelope sizes at n = ${n}`, () => {
  it('MAX_PARTICIPANTS is at least 100', () => expect(MAX_PARTICIPANTS).toBeGreaterThanOrEqual(100));

  it('a 100-member roster with the longest names fits and parses; 101 members are refused', () => {
    for (const name of NAMES) {
      expect(nameProblem(name)).toBeNull();
      const r = roster(name);
      expect(r.bytes.length).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
      const p = parsePayload('roster', r.payload);
      expect(p.ok && p.value.roster.length).toBe(n);
    }
    const over = seal('roster', {
      params: { suite: 'ed448', minSigners: 2, maxSigners: n + 1, label: '' },
      roster: Array.from({ length: n + 1 }, () => ({
        identity: hex(32),
        ephemeral: hex(32),
        commit: hex(32),
        name: 'x',
        static: hex(ED448_POINT),
      })),
    });
    expect(parsePayload('roster', over.payload).ok).toBe(false);
  });

  it('names with control/format characters, quotes or backslashes are refused (they would blow up nested escaping)', () => {
    for (const bad of ['a\u0001', 'a"b', 'a\\b', 'a\u202eb', '\ud800', 'a\u2028']) {
      expect(nameProblem(bad)).toMatch(/control characters, quotes or backslashes/);
      expect(
        parsePayload(
          'hello',
          JSON.stringify({
            name: bad,
            ephemeral: hex(32),
            commit: hex(32),
            mac: hex(32),
            statics: staticPublicKeys(new Uint8Array(32).fill(1)),
          }),
        ).ok,
      ).toBe(false);
    }
    expect(nameProblem('Ünïcødé 名前 😀')).toBeNull();
  });

  it('start, round1 (ed448 msg1 at t = n), echo, complaint, confirmation, status, test signing fit', () => {
    record('start', seal('start', {}));
    record('reveal', seal('reveal', { nonce: hex(32) }));
    // msg1 at t = n = 100, ed448: t points, PoP, E, n framed ciphertexts (share + tag) = MAX_MSG1_BYTES.
    expect(MAX_MSG1_BYTES).toBe(n * ED448_POINT + 2 * ED448_POINT + ED448_POINT + n * (8 + ED448_POINT + 16));
    const msg1 = record('round1 (ed448 msg1, t = n)', seal('round1', { msg1: hex(MAX_MSG1_BYTES) }));
    expect(parsePayload('round1', msg1.payload).ok).toBe(true);
    expect(parsePayload('round1', JSON.stringify({ msg1: hex(MAX_MSG1_BYTES + 1) })).ok).toBe(false);
    record('echo', seal('echo', { round1: Array(n).fill(hex(32)) }));
    record('complaint', seal('complaint', { accused: n, reveal: hex(4 * ED448_POINT) }));
    record('confirmation', seal('confirmation', { certeq: hex(2 * ED448_POINT) }));
    const all = Array.from({ length: n }, (_, i) => i + 1);
    record(
      'status',
      seal('status', {
        counter: Number.MAX_SAFE_INTEGER,
        start: all,
        round1: all,
        echo: all,
        round2: all,
        confirm: all,
      }),
    );
    // The longest test text, all backslashes (each escaped to two characters in JSON).
    record(
      'sign-request (140-byte text, n signers)',
      seal('sign-request', { requestId: hex(32), text: '\\'.repeat(140), signers: all }),
    );
    record('sign-commit', seal('sign-commit', { requestId: hex(32), hiding: hex(64), binding: hex(64) }));
    record('sign-share', seal('sign-share', { requestId: hex(32), share: hex(64) }));
    record('sign-decline', seal('sign-decline', { requestId: hex(32) }));
    for (const v of Object.values(sizes)) expect(v).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
  });

  it('a failure record without evidence (n-1 excluded) fits MAX_FAILURE_RECORD_BYTES; a restart embedding the largest allowed record fits', () => {
    for (const name of NAMES) {
      const r = roster(name);
      const f = record(
        'failure (no evidence)',
        seal('failure', {
          reason: 'excluded-by-coordinator',
          culprits: Array(n - 1).fill(hex(32)),
          evidence: [],
          roster: envelopeText(r),
        }),
      );
      expect(f.bytes.length).toBeLessThanOrEqual(MAX_FAILURE_RECORD_BYTES);
      // The coordinator signed two rosters: the record's own roster plus the other one as evidence.
      const split = record(
        'failure (roster equivocation)',
        seal('failure', {
          reason: 'equivocation',
          culprits: [hex(32)],
          evidence: [{ kind: 'roster-equivocation', roster: envelopeText(roster(name)) }],
          roster: envelopeText(r),
        }),
      );
      // Kept whole (lobby.ts › onSecondRoster): above MAX_FAILURE_RECORD_BYTES at worst, within MAX_ENVELOPE_BYTES.
      expect(split.bytes.length).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
      // Equivocation evidence (two round-1 envelopes per culprit) as failSession trims it.
      const r1 = (k: number): string =>
        envelopeText(seal('round1', { msg1: hex(MAX_MSG1_BYTES).replace(/^../, toHex(new Uint8Array([k % 256]))) }));
      let largest: Envelope | null = null;
      const evidence = [];
      for (let k = 0; k < n; k++) {
        evidence.push({ kind: 'equivocation' as const, first: r1(2 * k), second: r1(2 * k + 1) });
        const e = seal('failure', {
          reason: 'equivocation',
          culprits: Array(evidence.length).fill(hex(32)),
          evidence,
          roster: envelopeText(r),
        });
        if (e.bytes.length > MAX_FAILURE_RECORD_BYTES) break;
        largest = e;
      }
      expect(largest).not.toBeNull();
      // A dispute (complaint with its pairwise-key reveal and the accused's msg1) fits as evidence.
      const dispute = record(
        'failure (complaint evidence)',
        seal('failure', {
          reason: 'bad-share',
          culprits: [hex(32)],
          evidence: [
            {
              kind: 'complaint',
              round1: r1(0),
              complaint: envelopeText(seal('complaint', { accused: n, reveal: hex(4 * ED448_POINT) })),
            },
          ],
          roster: envelopeText(r),
        }),
      );
      expect(dispute.bytes.length).toBeLessThanOrEqual(MAX_FAILURE_RECORD_BYTES);
      record('failure (with evidence, trimmed)', largest as Envelope);
      const restart = record(
        'restart (embeds that record)',
        seal(
          'restart',
          {
            previousSession: hex(32),
            excluded: Array(n - 1).fill(hex(32)),
            failureRecord: envelopeText(largest as Envelope),
          },
          '',
        ),
      );
      expect(restart.bytes.length).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
      expect(parsePayload('restart', restart.payload).ok).toBe(true);
    }
    if (process.env.SIZES)
      console.log(
        Object.entries(sizes)
          .map(([k, v]) => `${k.padEnd(36)} ${v}`)
          .join('\n'),
      );
  });
});
