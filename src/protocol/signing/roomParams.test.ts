import { describe, expect, it } from 'vitest';
import { publicKeyPackageToJson } from '../frostJson/index.js';
import { utf8 } from '../encoding.js';
import { makeGroup } from './testing/fixtures.js';
import { MAX_SIGNING_ROOM_CHARS, prepareSigningRoom } from './roomParams.js';
import { requestToJson } from './record.js';
import { SignError } from './errors.js';

const g = makeGroup('ed25519', 2, 3);
const params = (message: Uint8Array) => ({
  publicKeyPackage: publicKeyPackageToJson(g.pkp),
  request: requestToJson({ kind: 'message', message }),
});

describe('signing room params', () => {
  it('parses the key and the request; refuses another threshold, another suite, and a request too large for a room', () => {
    const ok = prepareSigningRoom(params(utf8('hello')), 'ed25519', 2);
    expect(ok.prepared.messages).toHaveLength(1);
    expect(() => prepareSigningRoom(params(utf8('hello')), 'ed25519', 3)).toThrow(/needs 2/);
    expect(() => prepareSigningRoom(params(utf8('hello')), 'secp256k1', 2)).toThrow(/the key is ed25519/);
    const big = params(utf8('x'.repeat(MAX_SIGNING_ROOM_CHARS / 2)));
    expect(() => prepareSigningRoom(big, 'ed25519', 2)).toThrow(SignError);
    expect(() => prepareSigningRoom(big, 'ed25519', 2)).toThrow(/at most 32000/);
  });

  it('refuses a reputation that does not list exactly the holders', () => {
    const p = {
      ...params(utf8('hi')),
      reputation: { session: 1, entries: [{ identifier: 1, score: 0, jailedThrough: 0 }] },
    };
    expect(() => prepareSigningRoom(p, 'ed25519', 2)).toThrow(/exactly the key's share holders/);
  });
});
