import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSuite, SUITE_NAMES, type SuiteName } from '../suites.js';
import {
  FrostJsonError,
  identifierToHex,
  keyPackageToJson,
  parseFrostJson,
  parseKeyPackage,
  parsePublicKeyPackage,
  readPublicKeyPackage,
  parseRound1Package,
  parseRound2Package,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
} from './index.js';
import { findDuplicateKey } from './duplicates.js';
import { consistentSample } from './testing/testSamples.js';

interface Sample {
  suite: SuiteName;
  kind: 'key-package' | 'public-key-package' | 'round1-package' | 'round2-package';
  valid: boolean;
  label: string;
  json: string;
}
const samples: Sample[] = JSON.parse(
  readFileSync(new URL('./testdata/frost-rs-serde-samples.json', import.meta.url), 'utf8'),
).cases;

const parsers = {
  'key-package': parseKeyPackage,
  'public-key-package': parsePublicKeyPackage,
  'round1-package': parseRound1Package,
  'round2-package': parseRound2Package,
} as const;

function errorOf(f: () => unknown): FrostJsonError {
  try {
    f();
  } catch (e) {
    if (e instanceof FrostJsonError) return e;
    throw new Error(`expected FrostJsonError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected an error');
}

/** Re-serialises a parsed document with our writers. */
function write(doc: ReturnType<typeof parseFrostJson>): string {
  switch (doc.kind) {
    case 'key-package':
      return keyPackageToJson(doc.value);
    case 'public-key-package':
      return publicKeyPackageToJson(doc.value);
    case 'round1-package':
      return round1PackageToJson(getSuite(doc.suite), doc.value);
    case 'round2-package':
      return round2PackageToJson(getSuite(doc.suite), doc.signingShare);
  }
}

describe("frost-rs's own serde test samples (all six crates)", () => {
  const valid = samples.filter((s) => s.valid && s.label !== 'Old version without min_signers');
  it.each(valid.map((s) => [s.suite, s.kind, s] as const))(
    '%s %s: parses, and we write the same JSON back',
    (_suite, kind, s) => {
      const json = consistentSample(s.json);
      const doc = parseFrostJson(json);
      expect(doc.kind).toBe(kind);
      expect(() => parsers[kind](json)).not.toThrow();
      // frost-rs's pretty JSON in compact form: same fields, same order, same values.
      expect(write(doc)).toBe(JSON.stringify(JSON.parse(json)));
    },
  );

  // Deliberate difference: serde accepts a KeyPackage whose signing share is not the discrete
  // log of its verifying share (the samples are random field values); we refuse it as damaged.
  it.each(valid.filter((s) => s.kind === 'key-package').map((s) => [s.suite, s] as const))(
    '%s: the raw KeyPackage sample (unrelated shares) is refused (share-mismatch)',
    (_suite, s) => {
      expect(errorOf(() => parseKeyPackage(s.json))).toMatchObject({ code: 'share-mismatch', field: 'signing_share' });
      expect(errorOf(() => parseFrostJson(s.json))).toMatchObject({ code: 'share-mismatch' });
    },
  );

  // frost-core 2.x files: no min_signers. Read as "not recorded"; our strict reader still wants it.
  const oldGeneration = samples.filter((s) => s.label === 'Old version without min_signers');
  it.each(oldGeneration.map((s) => [s.suite, s] as const))(
    '%s: a frost-core 2.x PublicKeyPackage (no min_signers) reads, and writes back the same JSON as 2.x and 3.x',
    (_suite, s) => {
      const doc = parseFrostJson(s.json);
      expect(doc.kind).toBe('public-key-package');
      const p = readPublicKeyPackage(s.json);
      expect(p.minSigners).toBeUndefined();
      expect(doc.kind === 'public-key-package' && doc.value).toEqual(p);
      expect(publicKeyPackageToJson(p, 2)).toBe(JSON.stringify(JSON.parse(s.json)));
      expect(publicKeyPackageToJson(p, 3)).toBe(JSON.stringify(JSON.parse(s.json)));
      expect(errorOf(() => parsePublicKeyPackage(s.json))).toMatchObject({
        code: 'missing-field',
        field: 'min_signers',
      });
    },
  );

  it.each(
    samples.filter((s) => s.kind === 'public-key-package' && s.label === 'valid').map((s) => [s.suite, s] as const),
  )(
    '%s: the 3.x sample written for frost-core 2 is the 2.x sample (min_signers dropped, nothing else changed)',
    (suite, s) => {
      const old = oldGeneration.find((o) => o.suite === suite) as Sample;
      const p = readPublicKeyPackage(s.json);
      expect(p.minSigners).toBe(2);
      expect(publicKeyPackageToJson(p, 2)).toBe(JSON.stringify(JSON.parse(old.json)));
    },
  );

  it('min_signers: null is "not recorded" (serde reads null as None); a bad value is still refused', () => {
    const s = oldGeneration[0] as Sample;
    const withNull = JSON.stringify({ ...JSON.parse(s.json), min_signers: null });
    expect(readPublicKeyPackage(withNull).minSigners).toBeUndefined();
    const withZero = JSON.stringify({ ...JSON.parse(s.json), min_signers: 0 });
    expect(errorOf(() => readPublicKeyPackage(withZero))).toMatchObject({
      code: 'bad-min-signers',
      field: 'min_signers',
    });
    const withExtra = JSON.stringify({ ...JSON.parse(s.json), max_signers: 3 });
    expect(errorOf(() => readPublicKeyPackage(withExtra))).toMatchObject({
      code: 'unknown-field',
      field: 'max_signers',
    });
  });

  const codeFor: Record<string, string> = {
    'Missing field': 'missing-field',
    'Extra field': 'unknown-field',
    'Invalid field': 'unknown-field',
    'Invalid identifier': 'zero-identifier',
    'Invalid version': 'bad-header',
  };
  const invalid = samples.filter((s) => !s.valid);
  it.each(invalid.map((s) => [s.suite, s.kind, s.label, s] as const))('%s %s rejects "%s"', (suite, kind, label, s) => {
    // frost-ed448's "invalid identifier" sample is a 32-byte zero: wrong length for a 57-byte scalar.
    const expected = suite === 'ed448' && label === 'Invalid identifier' ? 'wrong-length' : codeFor[label];
    expect(errorOf(() => parsers[kind](s.json)).code).toBe(expected);
    // Auto-detection cannot tell the kind of a document whose only distinctive field is gone.
    expect([expected, 'unknown-kind']).toContain(errorOf(() => parseFrostJson(s.json)).code);
  });
});

describe('strictness', () => {
  const suite = getSuite('secp256k1');
  const good = samples.find((s) => s.suite === 'secp256k1' && s.kind === 'key-package' && s.valid)!.json;
  const obj = () => JSON.parse(good) as Record<string, unknown>;
  const code = (o: unknown) => errorOf(() => parseKeyPackage(typeof o === 'string' ? o : JSON.stringify(o)));

  it.each([
    ['not JSON', '{"header":', 'malformed-json', undefined],
    ['an array', '[]', 'wrong-type', undefined],
    [
      'header version 1',
      { ...obj(), header: { version: 1, ciphersuite: suite.ciphersuiteId } },
      'bad-header',
      'header.version',
    ],
    [
      'header version "0"',
      { ...obj(), header: { version: '0', ciphersuite: suite.ciphersuiteId } },
      'bad-header',
      'header.version',
    ],
    [
      'header extra field',
      { ...obj(), header: { version: 0, ciphersuite: suite.ciphersuiteId, x: 1 } },
      'unknown-field',
      'header.x',
    ],
    [
      'unknown ciphersuite',
      { ...obj(), header: { version: 0, ciphersuite: 'FROST-SECP256K1-SHA256-v1' } },
      'unknown-ciphersuite',
      'header.ciphersuite',
    ],
    [
      'uppercase hex',
      { ...obj(), signing_share: (obj().signing_share as string).toUpperCase() },
      'bad-hex',
      'signing_share',
    ],
    ['odd hex', { ...obj(), signing_share: (obj().signing_share as string).slice(1) }, 'bad-hex', 'signing_share'],
    [
      'short hex',
      { ...obj(), signing_share: (obj().signing_share as string).slice(2) },
      'wrong-length',
      'signing_share',
    ],
    ['hex as number', { ...obj(), signing_share: 5 }, 'wrong-type', 'signing_share'],
    [
      'scalar = order',
      { ...obj(), signing_share: suite.internals.Fn.ORDER.toString(16) },
      'invalid-scalar',
      'signing_share',
    ],
    ['point off the curve', { ...obj(), verifying_key: '02' + 'ff'.repeat(32) }, 'invalid-point', 'verifying_key'],
    [
      'point with a bad prefix',
      { ...obj(), verifying_key: '05' + (obj().verifying_key as string).slice(2) },
      'invalid-point',
      'verifying_key',
    ],
    ['zero identifier', { ...obj(), identifier: '00'.repeat(32) }, 'zero-identifier', 'identifier'],
    ['identifier 65536', { ...obj(), identifier: '00'.repeat(29) + '010000' }, 'unsupported-identifier', 'identifier'],
    [
      'identifier little-endian in a big-endian suite',
      { ...obj(), identifier: '2a' + '00'.repeat(31) },
      'unsupported-identifier',
      'identifier',
    ],
    ['min_signers 0', { ...obj(), min_signers: 0 }, 'bad-min-signers', 'min_signers'],
    ['min_signers 1.5', { ...obj(), min_signers: 1.5 }, 'bad-min-signers', 'min_signers'],
    ['min_signers "2"', { ...obj(), min_signers: '2' }, 'bad-min-signers', 'min_signers'],
    ['min_signers 65536', { ...obj(), min_signers: 65536 }, 'bad-min-signers', 'min_signers'],
    [
      'duplicate field',
      good.replace('"min_signers"', '"signing_share":"00","min_signers"'),
      'duplicate-field',
      'signing_share',
    ],
    [
      'duplicate header field',
      good.replace('"version": 0,', '"version": 0, "version": 0,'),
      'duplicate-field',
      'header.version',
    ],
    ['__proto__ field', good.replace('"min_signers"', '"__proto__":{},"min_signers"'), 'unknown-field', '__proto__'],
  ] as const)('%s → %s', (_label, input, expected, field) => {
    const e = code(input);
    expect(e.code).toBe(expected);
    if (field !== undefined) expect(e.field).toBe(field);
  });

  it('duplicate keys inside verifying_shares are found; equal strings elsewhere are not keys', () => {
    const pk = samples.find(
      (x) => x.suite === 'ed25519' && x.kind === 'public-key-package' && x.valid && x.label === 'valid',
    )!.json;
    const o = JSON.parse(pk);
    const [id, share] = Object.entries(o.verifying_shares)[0]!;
    const twice = pk.replace(`"${id}": "${share}"`, `"${id}": "${share}", "${id}": "${share}"`);
    expect(twice).not.toBe(pk);
    expect(errorOf(() => parsePublicKeyPackage(twice))).toMatchObject({
      code: 'duplicate-field',
      field: `verifying_shares.${id}`,
    });
    // Same value under different keys, escaped quotes in strings: no false alarm.
    expect(findDuplicateKey('{"a":"x","b":"x","c":["a","a"],"d":{"a":1},"e":"\\"a\\":"}')).toBeUndefined();
    expect(findDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(findDuplicateKey('{"x":[{"a":1,"b":{"a":1,"a":2}}]}')).toBe('x.0.b.a');
  });

  it('unknown document kind', () => {
    expect(errorOf(() => parseFrostJson('{"header":{"version":0,"ciphersuite":"FROST-P256-SHA256-v1"}}')).code).toBe(
      'unknown-kind',
    );
  });

  it('identifiers are scalars in the suite byte order', () => {
    expect(identifierToHex(getSuite('ed25519'), 258)).toBe('0201' + '00'.repeat(30));
    expect(identifierToHex(getSuite('p256'), 258)).toBe('00'.repeat(30) + '0102');
    expect(identifierToHex(getSuite('ed448'), 1)).toBe('01' + '00'.repeat(56));
    expect(() => identifierToHex(getSuite('p256'), 0)).toThrow(RangeError);
  });

  it('verifying_shares are written in identifier (scalar value) order, whatever the input order', () => {
    const s = getSuite('ed25519');
    const G = s.internals.Point.BASE.toBytes();
    const json = publicKeyPackageToJson({
      suite: 'ed25519',
      verifyingShares: [300, 2, 256].map((identifier) => ({ identifier, verifyingShare: G })),
      verifyingKey: G,
      minSigners: 2,
    });
    const keys = Object.keys(JSON.parse(json).verifying_shares);
    expect(keys).toEqual([2, 256, 300].map((i) => identifierToHex(s, i)));
    expect(parsePublicKeyPackage(json).verifyingShares.map((v) => v.identifier)).toEqual([2, 256, 300]);
  });
});

describe('property: garbage in → FrostJsonError, never another exception', () => {
  const allParsers = [parseKeyPackage, parsePublicKeyPackage, parseRound1Package, parseRound2Package, parseFrostJson];
  const check = (input: unknown) => {
    for (const p of allParsers) {
      try {
        p(input as string);
      } catch (e) {
        if (!(e instanceof FrostJsonError)) throw e;
      }
    }
  };

  it('arbitrary strings and JSON values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (x) => check(x)),
      { numRuns: 300 },
    );
  });

  it('valid documents with one field replaced by an arbitrary JSON value', () => {
    const docs = samples.filter((s) => s.valid).map((s) => JSON.parse(s.json) as Record<string, unknown>);
    fc.assert(
      fc.property(fc.constantFrom(...docs), fc.nat(), fc.jsonValue(), fc.boolean(), (doc, k, value, deep) => {
        const o = structuredClone(doc);
        const keys = Object.keys(o);
        const key = keys[k % keys.length]!;
        if (deep && typeof o[key] === 'object' && o[key] !== null) {
          const inner = o[key] as Record<string, unknown>;
          const ik = Object.keys(inner);
          if (ik.length > 0) inner[ik[k % ik.length]!] = value;
        } else o[key] = value;
        check(JSON.stringify(o));
      }),
      { numRuns: 400 },
    );
  });

  it('valid documents with a hex value mutated', () => {
    const docs = samples.filter((s) => s.valid).map((s) => s.json);
    fc.assert(
      fc.property(
        fc.constantFrom(...docs),
        fc.nat(),
        fc.constantFrom(...'0123456789abcdefABCDEF"g '),
        (json, pos, ch) => {
          const p = pos % json.length;
          check(json.slice(0, p) + ch + json.slice(p + 1));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('parse ∘ write is the identity on what we parse', () => {
    const docs = samples
      .filter((s) => s.valid && s.label !== 'Old version without min_signers')
      .map((s) => consistentSample(s.json));
    for (const json of docs) {
      const once = write(parseFrostJson(json));
      expect(write(parseFrostJson(once))).toBe(once);
      expect(parseFrostJson(once)).toEqual(parseFrostJson(json));
    }
  });

  it('suite names are all covered by the samples', () => {
    expect(new Set(samples.map((s) => s.suite))).toEqual(new Set(SUITE_NAMES));
  });
});
