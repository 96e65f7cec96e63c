import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../encoding.js';
import { describeRequest, MAX_MESSAGE_BYTES, requestHash, signingMessages, type SigningRequest } from './request.js';
import { makeGroup, twoInputPsbt } from './testing/fixtures.js';

const { pkp } = makeGroup('ed25519', 2, 3);
const te = new TextEncoder();

describe('message requests', () => {
  it('UTF-8 text is shown as text, with length, hex and SHA-256', () => {
    const v = describeRequest({ kind: 'message', message: te.encode('Pay 1 BTC to Alice') }, pkp);
    expect(v).toEqual({
      kind: 'message',
      length: 18,
      hex: toHex(te.encode('Pay 1 BTC to Alice')),
      sha256: createHash('sha256').update('Pay 1 BTC to Alice').digest('hex'),
      text: 'Pay 1 BTC to Alice',
      warnings: [],
    });
  });

  it('bytes that are not UTF-8 are shown as bytes only, with a warning', () => {
    const v = describeRequest({ kind: 'message', message: Uint8Array.of(0xff, 0xfe, 0) }, pkp);
    expect(v.kind === 'message' && v.text).toBe(null);
    expect(v.kind === 'message' && v.warnings).toEqual([expect.stringMatching(/not text/)]);
  });

  it('a 32-byte message for a Taproot key (a possible blind transaction sighash) is refused; other lengths and other keys are not', () => {
    const tr = makeGroup('secp256k1-tr', 2, 3);
    const sighash: SigningRequest = { kind: 'message', message: new Uint8Array(32).fill(0xab) };
    for (const f of [describeRequest, signingMessages, requestHash])
      expect(() => f(sighash, tr.pkp)).toThrow(expect.objectContaining({ code: 'unverifiable-request' }));
    expect(signingMessages({ kind: 'message', message: new Uint8Array(33) }, tr.pkp)).toHaveLength(1);
    expect(signingMessages(sighash, pkp)).toHaveLength(1); // ed25519
  });

  it('text with bidi overrides or invisible characters carries a warning (it may not read as it is)', () => {
    for (const s of ['Pay Alice\u202e', 'Pay\u200b Bob', 'a\u0007b']) {
      const v = describeRequest({ kind: 'message', message: te.encode(s) }, pkp);
      expect(v.kind === 'message' && v.warnings.length).toBe(1);
    }
  });

  it('the request hash separates text that looks the same, and binds the key', () => {
    const a = requestHash({ kind: 'message', message: te.encode('Pay Alice') }, pkp);
    const b = requestHash({ kind: 'message', message: te.encode('Pay Alic\u0435') }, pkp); // Cyrillic e
    expect(toHex(a)).not.toBe(toHex(b));
    expect(
      toHex(requestHash({ kind: 'message', message: te.encode('Pay Alice') }, makeGroup('ed25519', 2, 3, 'other').pkp)),
    ).not.toBe(toHex(a));
    // Known answer, recomputed here by hand from PROTOCOL.md's description (kind byte 0 bytes /
    // 1 string, 4-byte big-endian length, content; SHA-256 with node:crypto).
    const field = (kind: number, b: Buffer) =>
      Buffer.concat([Buffer.of(kind), Buffer.from([0, 0, b.length >> 8, b.length & 255]), b]);
    const msg = Buffer.from('hello');
    const expected = createHash('sha256')
      .update(
        Buffer.concat([
          field(1, Buffer.from('frost-ceremony/sign-request/v1')),
          field(1, Buffer.from('ed25519')),
          field(0, Buffer.from(pkp.verifyingKey)),
          field(1, Buffer.from('message')),
          field(0, msg),
        ]),
      )
      .digest('hex');
    expect(toHex(requestHash({ kind: 'message', message: new Uint8Array(msg) }, pkp))).toBe(expected);
  });

  it('a message is signed as is; a message request cannot be confused with a PSBT request of the same bytes', () => {
    const tr = makeGroup('secp256k1-tr', 2, 3);
    const psbt = twoInputPsbt(tr.pkp);
    expect(signingMessages({ kind: 'message', message: psbt }, tr.pkp)).toEqual([psbt]);
    expect(toHex(requestHash({ kind: 'message', message: psbt }, tr.pkp))).not.toBe(
      toHex(requestHash({ kind: 'psbt', psbt, network: 'bitcoin' }, tr.pkp)),
    );
  });

  it('missing, huge or mistyped requests → bad-request', () => {
    const bad: unknown[] = [
      null,
      {},
      { kind: 'message' },
      { kind: 'message', message: 'text' },
      { kind: 'message', message: new Uint8Array(MAX_MESSAGE_BYTES + 1) },
      { kind: 'sql' },
    ];
    for (const r of bad)
      expect(() => describeRequest(r as SigningRequest, pkp)).toThrow(expect.objectContaining({ code: 'bad-request' }));
    expect(() => describeRequest({ kind: 'message', message: new Uint8Array(1) }, {} as never)).toThrow(
      expect.objectContaining({ code: 'bad-request' }),
    );
  });
});
