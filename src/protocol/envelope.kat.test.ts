/**
 * Known answers for envelopes (envelope.ts, WIRE.md): the bytes a signature covers, the wire text
 * of a sealed envelope (ed25519 signatures are deterministic, so the whole text is fixed) and its
 * content hash. Frozen: a changed field order, tag, payload canonicalisation or JSON layout fails here.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { openEnvelope, sealEnvelope, signedBytes } from './envelope.js';
import { createNobleIdentityCrypto, identityFromSecret } from './identity.js';
import { fromHex, fromUtf8, toHex, utf8 } from './encoding.js';

const crypto = createNobleIdentityCrypto();
const identity = identityFromSecret(new Uint8Array(32).fill(0x07));
const from = 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c';
const session = '51'.repeat(32);
const hex = (s: string) => toHex(utf8(s));

const SIGNED_BYTES =
  ['01', '0000001a', hex('frost-ceremony/envelope/v1')].join('') +
  ['01', '00000008', hex('room-kat')].join('') +
  ['00', '00000020', session].join('') +
  ['02', '00000004', '00000003'].join('') + // generation
  ['01', '00000006', hex('reveal')].join('') +
  ['00', '00000020', from].join('') +
  // the payload in its canonical (RFC 8785) spelling, as bytes: members sorted
  ['00', '00000018', hex('{"b":[1,2],"nonce":"aa"}')].join('');

const WIRE =
  '{"v":1,"type":"reveal","room":"room-kat","session":"' +
  session +
  '","gen":3,"from":"' +
  from +
  '","payload":"{\\"b\\":[1,2],\\"nonce\\":\\"aa\\"}","sig":"' +
  '79b61eb267afd1d0231c0d7282a760f1ab4f1d7163d062a9a8b77a11fed29a2a' +
  'fd3e48806189cca9ee2daad3712dd05c76e727c3990e776f35c71be749a68d0e"}';

describe('envelope known answers', () => {
  it('the signed bytes of a fixed envelope (payload given in a non-canonical spelling)', () => {
    const msg = signedBytes({
      type: 'reveal',
      room: 'room-kat',
      session,
      generation: 3,
      from,
      payload: '{"nonce":"aa", "b":[1,2]}',
    });
    expect(toHex(msg)).toBe(SIGNED_BYTES);
  });

  it('the sealed wire text and content hash (sha256 of the signed bytes)', () => {
    const env = sealEnvelope(crypto, identity, {
      type: 'reveal',
      room: 'room-kat',
      session,
      generation: 3,
      payload: { nonce: 'aa', b: [1, 2] },
    });
    expect(env.from).toBe(from);
    expect(fromUtf8(env.bytes)).toBe(WIRE);
    expect(env.hash).toBe(toHex(sha256(fromHex(SIGNED_BYTES))));
    expect(env.hash).toBe('a5a1f0a0da13a58b6a47caedc07df8f93b6e7548da3913e6988f756dedc1bf06');
  });

  it('the frozen wire text opens with the shipped verifier', () => {
    const r = openEnvelope(crypto, utf8(WIRE));
    expect(r.ok && r.envelope.hash).toBe('a5a1f0a0da13a58b6a47caedc07df8f93b6e7548da3913e6988f756dedc1bf06');
  });
});
