/**
 * The one signed spelling (RFC 8785, JCS): the RFC's own example, the refusals (duplicate
 * members, lone surrogates), and the property behind SECURITY.md "One signed form per message":
 * for every message type, a copy of a signed payload spelled any other way opens as the same
 * message (same signed bytes, same content hash, same parsed value).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, canonicalizeJsonText } from './canonicalJson.js';
import { MESSAGE_TYPES, openEnvelope, sealEnvelope, signedBytes } from './envelope.js';
import { toHex, utf8 } from './encoding.js';
import { createNobleIdentityCrypto, generateIdentity } from './identity.js';
import { seededRng } from './simulation.js';

const crypto = createNobleIdentityCrypto();
const me = generateIdentity(seededRng('canonical'));
const from = toHex(me.publicKey);
const base = { room: 'room-canonical', session: 'ab'.repeat(32), gen: 3 };

/** Wire bytes of an envelope whose payload text is `payload` as given, signed as the shipped code signs. */
function wire(type: string, payload: string, f = base): Uint8Array {
  const sig = toHex(
    crypto.sign(
      signedBytes({ type, room: f.room, session: f.session, generation: f.gen, from, payload }),
      me.secretKey,
    ),
  );
  return utf8(JSON.stringify({ v: 1, type, room: f.room, session: f.session, gen: f.gen, from, payload, sig }));
}

describe('RFC 8785 canonical JSON', () => {
  it('the RFC 8785 §3.2.4 example, and §3.2.3 member order by UTF-16 code units', () => {
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}';
    expect(canonicalizeJsonText(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    const sorting =
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}';
    // (not via Object.keys: JavaScript enumerates integer-like names such as "1" first)
    expect(canonicalizeJsonText(sorting)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('refuses what has no single meaning: duplicate members, lone surrogates, non-JSON values', () => {
    expect(() => canonicalizeJsonText('{"nonce":"aa","nonce":"bb"}')).toThrow(/duplicate/);
    expect(() => canonicalizeJsonText('{"a":{"b":1,"b":1}}')).toThrow(/duplicate/);
    expect(() => canonicalizeJsonText('{"name":"\\ud800"}')).toThrow(/surrogate/);
    expect(() => canonicalizeJsonText('{"\\udc00":1}')).toThrow(/surrogate/);
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
    expect(canonicalizeJsonText('{"name":"\\ud83d\\ude00"}')).toBe('{"name":"😀"}');
  });

  it('envelopes: payloads with duplicate members or lone surrogates, and rooms with lone surrogates, are malformed (refused alike by everyone)', () => {
    for (const payload of ['{"nonce":"aa","nonce":"bb"}', '{"name":"\\ud800"}', 'not json']) {
      const sig = '00'.repeat(64);
      const bytes = utf8(
        JSON.stringify({ v: 1, type: 'reveal', room: base.room, session: base.session, gen: 3, from, payload, sig }),
      );
      const o = openEnvelope(crypto, bytes);
      expect(o.ok || o.error.code).toBe('malformed');
    }
    // Two rooms with different lone surrogates would sign the same UTF-8 bytes.
    const env = sealEnvelope(crypto, me, {
      type: 'start',
      room: base.room,
      session: base.session,
      generation: 3,
      payload: {},
    });
    const w = JSON.parse(new TextDecoder().decode(env.bytes)) as Record<string, unknown>;
    const o = openEnvelope(crypto, utf8(JSON.stringify({ ...w, room: 'room\ud800' })));
    expect(o.ok || o.error.code).toBe('malformed');
  });
});

/** Spell a JSON value another way: spaces, member order, \u-escapes, number forms. */
const spelling = fc.record({
  space: fc.constantFrom('', ' ', '\n\t'),
  reverse: fc.boolean(),
  escape: fc.boolean(),
  floats: fc.boolean(),
});
function spell(v: unknown, s: { space: string; reverse: boolean; escape: boolean; floats: boolean }): string {
  if (v === null || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number')
    return s.floats && Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : JSON.stringify(v);
  if (typeof v === 'string')
    return s.escape
      ? `"${[...v].map((c) => (c.length === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`
      : JSON.stringify(v);
  if (Array.isArray(v)) return `[${s.space}${v.map((x) => spell(x, s)).join(`,${s.space}`)}]`;
  const keys = Object.keys(v as object);
  if (s.reverse) keys.reverse();
  return `{${s.space}${keys.map((k) => `${spell(k, s)}${s.space}:${spell((v as Record<string, unknown>)[k], s)}`).join(`,${s.space}`)}${s.space}}`;
}

describe('property: every message type has one signed form', () => {
  it('a respelled copy of any payload, of any message type, opens as the same message (same hash, same parsed value)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_TYPES), fc.jsonValue({ maxDepth: 3 }), spelling, (type, value, s) => {
        const canonical = canonicalJson(value);
        const a = openEnvelope(crypto, wire(type, canonical));
        const b = openEnvelope(crypto, wire(type, spell(value, s)));
        expect(a.ok && b.ok).toBe(true);
        if (!a.ok || !b.ok) return;
        expect(b.envelope.hash).toBe(a.envelope.hash);
        expect(JSON.parse(b.envelope.payload)).toEqual(JSON.parse(a.envelope.payload));
        // and the honest sender's own text is the canonical one
        expect(
          sealEnvelope(crypto, me, {
            type,
            room: base.room,
            session: base.session,
            generation: base.gen,
            payload: value,
          }).payload,
        ).toBe(canonical);
      }),
      { numRuns: 400 },
    );
  });

  it('different content is a different message (different hash): never merged', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MESSAGE_TYPES),
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }),
        (type, x, y) => {
          fc.pre(canonicalJson(x) !== canonicalJson(y));
          const a = openEnvelope(crypto, wire(type, canonicalJson(x)));
          const b = openEnvelope(crypto, wire(type, canonicalJson(y)));
          expect(a.ok && b.ok && a.envelope.hash !== b.envelope.hash).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
