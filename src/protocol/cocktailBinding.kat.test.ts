/**
 * Known answer for our COCKTAIL application extension `ext` (cocktailBinding.ts
 * ceremonyExtension): the exact bytes for a fixed session, built here field by field from the
 * documented layout (PROTOCOL.md "COCKTAIL-DKG at the core"), and their frozen SHA-256. A change
 * of field, order or encoding changes every transcript T and every CertEq signature: it must
 * fail here first.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { ceremonyExtension } from './cocktailBinding.js';
import { toHex, utf8 } from './encoding.js';
import type { SessionContext } from './sessionContext.js';

const u64le = (n: number): string => toHex(new Uint8Array(new BigUint64Array([BigInt(n)]).buffer));
const u32le = (n: number): string => toHex(new Uint8Array(new Uint32Array([n]).buffer));
const field = (name: string, valueHex: string): string =>
  u64le(name.length) + toHex(utf8(name)) + u64le(valueHex.length / 2) + valueHex;

const ctx: SessionContext = {
  room: 'room-kat',
  generation: 7,
  sessionId: 'ab'.repeat(32),
  params: { suite: 'secp256k1-tr', minSigners: 2, maxSigners: 2, label: 'Treasury €' },
  roster: [
    {
      identity: '11'.repeat(32),
      ephemeral: '00'.repeat(32),
      commit: 'c1'.repeat(32),
      name: 'Alice',
      static: '02' + '21'.repeat(32),
    },
    {
      identity: '12'.repeat(32),
      ephemeral: '00'.repeat(32),
      commit: 'c2'.repeat(32),
      name: 'Bob',
      static: '03' + '22'.repeat(32),
    },
  ],
  coordinator: '11'.repeat(32),
  rosterText: '',
  rosterHash: '',
};

describe('ceremony extension known answer', () => {
  it('is the documented field list, each u64le-length-framed, after the versioned tag and the field count', () => {
    const tag = 'frost-ceremony/cocktail-ext/v1';
    const fields = [
      field('coordinator', '11'.repeat(32)),
      field('room', toHex(utf8('room-kat'))),
      field('generation', u64le(7)),
      field('label', toHex(utf8('Treasury €'))),
      field('suite', toHex(utf8('secp256k1-tr'))),
      field('min-signers', u32le(2)),
      field('max-signers', u32le(2)),
      field('single-signer', '00'),
      field('name/1', toHex(utf8('Alice'))),
      field('identity/1', '11'.repeat(32)),
      field('static/1', '02' + '21'.repeat(32)),
      field('code-commitment/1', 'c1'.repeat(32)),
      field('name/2', toHex(utf8('Bob'))),
      field('identity/2', '12'.repeat(32)),
      field('static/2', '03' + '22'.repeat(32)),
      field('code-commitment/2', 'c2'.repeat(32)),
    ];
    const expected = u64le(tag.length) + toHex(utf8(tag)) + u64le(fields.length) + fields.join('');
    const ext = ceremonyExtension(ctx);
    expect(toHex(ext)).toBe(expected);
    expect(toHex(sha256(ext))).toBe('6525b99e42921e49755169b4bced75f59a78f6010519a0431adab8d81df89fea');
  });

  it('binds every field: changing any one changes ext', () => {
    const base = toHex(ceremonyExtension(ctx));
    const variants: SessionContext[] = [
      { ...ctx, room: 'room-kau' },
      { ...ctx, generation: 8 },
      { ...ctx, coordinator: '12'.repeat(32) },
      { ...ctx, params: { ...ctx.params, label: 'Treasury' } },
      { ...ctx, params: { ...ctx.params, suite: 'secp256k1' } },
      { ...ctx, params: { ...ctx.params, minSigners: 1, singleSigner: true } },
      { ...ctx, roster: [{ ...ctx.roster[0]!, name: 'Alicia' }, ctx.roster[1]!] },
      { ...ctx, roster: [{ ...ctx.roster[0]!, commit: 'c3'.repeat(32) }, ctx.roster[1]!] },
      { ...ctx, roster: [ctx.roster[1]!, ctx.roster[0]!] },
    ];
    for (const v of variants) expect(toHex(ceremonyExtension(v))).not.toBe(base);
  });
});
