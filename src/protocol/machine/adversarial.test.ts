/**
 * Every message type × every kind of damage → the exact error code, naming the sender when the
 * signature proves who sent it (and the claimed sender when it does not); never a crash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSimulation, seededRng } from '../simulation.js';
import { createNodeIdentityCrypto } from '../../platform/node.js';
import { sealEnvelope, MESSAGE_TYPES, MAX_ENVELOPE_BYTES, type MessageType } from '../envelope.js';
import { ERROR_CODES, type ProtocolErrorData } from '../errors.js';
import { fromHex, toHex, utf8 } from '../encoding.js';
import { generateIdentity, type IdentityKeyPair } from '../identity.js';
import { step } from './step.js';
import { verifyFailureRecord } from '../failure.js';
import { helloMac } from './lobby.js';
import { staticPublicKeys } from '../staticKeys.js';
import type { ParticipantState } from './types.js';

const crypto = createNodeIdentityCrypto();
const h = (bytes: number, fill = 'ab'): string => fill.repeat(bytes);

let target: ParticipantState; // P1, roster locked (phase 'reveal')
let p2: IdentityKeyPair;
let p2hex: string;
const outsider = generateIdentity(seededRng('outsider'));

beforeAll(async () => {
  let captured: ParticipantState | null = null;
  const r = await runSimulation({
    suite: 'ed25519',
    minSigners: 2,
    maxSigners: 3,
    seed: 'adversarial',
    crypto,
    onStep: (i, _e, _f, _b, after) => {
      if (i === 0 && !captured && after.session) captured = after;
    },
  });
  target = captured as unknown as ParticipantState;
  p2 = r.participants[1]!.identity;
  p2hex = toHex(p2.publicKey);
});

/** A schema-valid payload of each type (content need not be cryptographically valid). */
function template(type: MessageType, variant = 0): Record<string, unknown> {
  const v = (n: number): string => h(n, variant ? 'cd' : 'ab');
  switch (type) {
    case 'hello': {
      const eph = v(32);
      return {
        name: `p2-${variant}`,
        ephemeral: eph,
        commit: v(32),
        mac: helloMac(fromHex(target.room.secret), target.room.id, 0, p2hex, eph, `p2-${variant}`),
        statics: staticPublicKeys(new Uint8Array(32).fill(variant + 1)),
      };
    }
    case 'roster':
      return { params: { suite: 'ed25519', minSigners: 2, maxSigners: 2, label: '' }, roster: [] };
    case 'restart':
      return { previousSession: v(32), excluded: [], failureRecord: null };
    case 'start':
      return {};
    case 'reveal':
      return { nonce: v(32) };
    case 'round1':
      return { msg1: v(200) };
    case 'echo':
      return { round1: [v(32), v(32), v(32)] };
    case 'complaint':
      return { accused: 3, reveal: v(128) };
    case 'confirmation':
      return { certeq: v(64) };
    case 'confirm-echo':
      return { confirmations: [v(32), v(32), v(32)] };
    case 'failure':
      return { reason: 'bad-share', culprits: [], evidence: [], roster: '{"x":1}' };
    case 'status':
      return { counter: 1 + variant, start: [1], round1: [], echo: [], round2: [], confirm: [] };
    case 'sign-request':
      return { requestId: v(32), text: 'hi', signers: [1, 2] };
    case 'sign-commit':
      return { requestId: v(32), hiding: v(32), binding: v(32) };
    case 'sign-share':
      return { requestId: v(32), share: v(32) };
    case 'sign-decline':
      return { requestId: v(32) };
    case 'fund-ack':
      return { groupKey: v(32), checked: `addr${variant}`, backupProof: v(32) };
    case 'sign-approval':
      return { body: `{"v":${variant}}`, holding: { identifier: 1, signature: v(64) } };
    case 'sign-commitments':
    case 'sign-shares':
      return { body: `{"v":${variant}}` };
  }
}

const LOBBY: MessageType[] = ['hello', 'roster', 'restart'];

function seal(type: MessageType, payload: unknown, by: IdentityKeyPair = p2): Uint8Array {
  const session = LOBBY.includes(type) && type !== 'roster' ? '' : (target.session?.id ?? '');
  return sealEnvelope(crypto, by, {
    type,
    room: target.room.id,
    session,
    generation: type === 'restart' ? 1 : 0,
    payload,
  }).bytes;
}

async function errorsFor(bytes: Uint8Array, state = target): Promise<ProtocolErrorData[]> {
  const r = await step(state, { type: 'receive', bytes }, seededRng('x'), { crypto });
  return r.effects.flatMap((e) =>
    e.type === 'notice' && e.notice.kind === 'rejected' && e.notice.error ? [e.notice.error] : [],
  );
}

/** Expected code when P2 signs a payload that violates its schema. */
function malformedCode(type: MessageType): string {
  return type === 'roster' || type === 'restart' ? 'unknown-sender' : 'malformed';
}

describe.each(MESSAGE_TYPES)('%s', (type) => {
  it('missing field / wrong type / oversized field → malformed naming P2', async () => {
    const t = template(type);
    const keys = Object.keys(t);
    const variants: unknown[] = [{ ...t, extra: 1 }];
    for (const k of keys) {
      const missing = { ...t };
      delete missing[k];
      variants.push(missing, { ...t, [k]: { nested: true } }, { ...t, [k]: 'f'.repeat(170_000) });
    }
    variants.push(null, 'text', [t]);
    for (const payload of variants) {
      const errs = await errorsFor(seal(type, payload));
      expect(
        errs.map((e) => e.code),
        JSON.stringify(payload).slice(0, 80),
      ).toEqual([malformedCode(type)]);
      expect(errs[0]?.culprits.map((c) => c.identity)).toEqual([p2hex]);
    }
  });

  it('huge envelope → oversized; truncated bytes → malformed (unattributable)', async () => {
    const ok = seal(type, template(type));
    // Still validly signed (JSON whitespace is not signed), but over the size limit.
    const padded = new TextDecoder().decode(ok).replace('{', '{' + ' '.repeat(MAX_ENVELOPE_BYTES));
    expect((await errorsFor(utf8(padded))).map((e) => [e.code, e.culprits])).toEqual([['oversized', []]]);
    for (const cut of [1, 10, ok.length / 2, ok.length - 1]) {
      const errs = await errorsFor(ok.slice(0, Math.floor(cut)));
      expect(errs.map((e) => [e.code, e.culprits])).toEqual([['malformed', []]]);
    }
  });

  it('bad signature → bad-signature with the claimed sender, nobody blamed', async () => {
    const ok = seal(type, template(type));
    const text = new TextDecoder().decode(ok);
    const i = text.indexOf('"sig":"') + 10;
    const flipped = text.slice(0, i) + (text[i] === '0' ? '1' : '0') + text.slice(i + 1);
    const errs = await errorsFor(utf8(flipped));
    expect(errs.map((e) => [e.code, e.culprits, e.claimedSender])).toEqual([['bad-signature', [], p2hex]]);
  });

  it('signed by someone outside the roster → rejected naming them', async () => {
    const errs = await errorsFor(seal(type, template(type), outsider));
    const expected = type === 'hello' ? 'bad-room-mac' : 'unknown-sender';
    expect(errs.map((e) => e.code)).toEqual([expected]);
    expect(errs[0]?.culprits.map((c) => c.identity)).toEqual([toHex(outsider.publicKey)]);
  });
});

it('an echo that does not list exactly n hashes → malformed naming P2', async () => {
  const errs = await errorsFor(seal('echo', { round1: [h(32), h(32)] }));
  expect(errs.map((e) => [e.code, e.culprits.map((c) => c.id)])).toEqual([['malformed', [2]]]);
});

describe('duplicates with different content', () => {
  const expected: Partial<Record<MessageType, string>> = {
    hello: 'duplicate-different',
    round1: 'equivocation',
    echo: 'equivocation',
    confirmation: 'equivocation',
    'confirm-echo': 'equivocation',
    complaint: 'equivocation',
  };
  it.each(Object.entries(expected))('%s → %s naming P2; an exact duplicate has no effect', async (type, code) => {
    const first = seal(type as MessageType, template(type as MessageType, 0));
    // P1 already holds P2's real hello; start from a lobby without it.
    const start = structuredClone(target);
    delete start.candidates[p2hex];
    const r1 = await step(start, { type: 'receive', bytes: first }, seededRng('d'), { crypto });
    const again = await step(r1.state, { type: 'receive', bytes: first }, seededRng('d'), { crypto });
    expect(again.effects).toEqual([]);
    const second = seal(type as MessageType, template(type as MessageType, 1));
    const errs = await errorsFor(second, r1.state);
    expect(errs.map((e) => e.code)).toEqual([code]);
    expect(errs[0]?.culprits.map((c) => c.identity)).toEqual([p2hex]);
    if (code === 'equivocation') {
      // The session fails naming P2, with both signed messages as evidence anyone can check.
      const r2 = await step(r1.state, { type: 'receive', bytes: second }, seededRng('d'), { crypto });
      const record = r2.state.session?.failure?.record;
      expect(record).toBeDefined();
      const check = await verifyFailureRecord(crypto, record!, r2.state.room.coordinator);
      expect(check.ok && [check.summary.reason, check.summary.culprits.map((c) => c.identity)]).toEqual([
        'equivocation',
        [p2hex],
      ]);
    }
  });
});

describe('property: arbitrary input never crashes and every rejection is typed', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const errs = await errorsFor(bytes);
        expect(errs.length).toBe(1);
        expect(ERROR_CODES).toContain(errs[0]!.code);
      }),
      { numRuns: 200 },
    );
  });

  it('signed envelopes of every type with arbitrary JSON payloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MESSAGE_TYPES), fc.jsonValue({ maxDepth: 3 }), async (type, payload) => {
        const errs = await errorsFor(seal(type, payload));
        for (const e of errs) {
          expect(ERROR_CODES).toContain(e.code);
          // The signature proves P2 sent it: any blame names P2 only.
          for (const c of e.culprits) expect(c.identity).toBe(p2hex);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a valid template with one field replaced by arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MESSAGE_TYPES.filter((t) => t !== 'start')),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }),
        async (type, k, value) => {
          const t = template(type);
          const keys = Object.keys(t);
          const key = keys[k % keys.length] as string;
          const errs = await errorsFor(seal(type, { ...t, [key]: value }));
          for (const e of errs) {
            expect(ERROR_CODES).toContain(e.code);
            for (const c of e.culprits) expect(c.identity).toBe(p2hex);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
