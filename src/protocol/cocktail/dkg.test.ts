// COCKTAIL-DKG core: one example run that reads as documentation, then every abort condition
// with its exact code, culprit and evidence, the dispute reveal, CertEq split views and
// recovery. All attacks go through the shipping encoders and verifiers.
import { describe, expect, it } from 'vitest';
import { randomBytes } from '@noble/hashes/utils.js';
import { SUITE_NAMES, type SuiteName } from '../suites.js';
import {
  buildContext,
  checkDispute,
  cocktailRound1,
  cocktailRound2,
  cocktailRound3,
  CocktailError,
  encodeBundle,
  encodeMsg1,
  getCocktailSuite,
  parseMsg1,
  payloadExtension,
  applicationExtension,
  recoverKeyPackage,
  revealPairwiseKey,
  schnorrVerify,
  staticKeyFromBytes,
  deriveKeyAndNonce,
  aggregateSignatures,
  parseAggregatedSignatures,
  createCocktailCache,
  deriveStaticKey,
  popMessage,
  type CocktailSession,
  type CocktailSuite,
  type Msg1,
} from './index.js';
import { concat, decodePoint, encodePoint, encodeScalar, mulBase } from './encoding.js';
import type { GroupPoint } from '../suites.js';

/** A t-of-n session with fresh static keys. */
function setup(name: SuiteName, t: number, n: number) {
  const suite = getCocktailSuite(name);
  const statics = Array.from({ length: n }, () =>
    staticKeyFromBytes(suite, encodeScalar(suite, suite.randomScalar(randomBytes) || 1n)),
  );
  const P = statics.map((s) => s.publicKey);
  const session: CocktailSession = { suite, t, staticPublicKeys: P, context: buildContext(suite, randomBytes(32), P) };
  return { suite, session, d: statics.map((s) => s.secret) };
}

function round1All(s: ReturnType<typeof setup>, payloads?: Uint8Array[]): Msg1[] {
  return s.d.map(
    (d, k) =>
      cocktailRound1({
        session: s.session,
        index: k + 1,
        staticSecret: d,
        rng: randomBytes,
        payloads: payloads ? s.d.map(() => payloads[k]!) : undefined,
      }).msg1,
  );
}

function thrown(f: () => unknown): CocktailError {
  try {
    f();
  } catch (e) {
    if (e instanceof CocktailError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

/** Re-encrypts sender j's ciphertext for recipient i with a chosen plaintext under the real key. */
function forgeCiphertext(
  suite: CocktailSuite,
  session: CocktailSession,
  m: Msg1,
  j: number,
  i: number,
  dRecipient: bigint,
  plaintext: Uint8Array,
): Uint8Array {
  const Ej = decodePoint(suite, m.ephemeral) as GroupPoint;
  const Pj = decodePoint(suite, session.staticPublicKeys[j - 1]!) as GroupPoint;
  const { key, nonce } = deriveKeyAndNonce(
    suite,
    Ej.multiply(dRecipient),
    Pj.multiply(dRecipient),
    m.ephemeral,
    session.staticPublicKeys[j - 1]!,
    session.staticPublicKeys[i - 1]!,
    session.context,
  );
  return suite.aead.encrypt(key, nonce, plaintext);
}

describe('example: a 2-of-3 ristretto255 COCKTAIL-DKG', () => {
  it('runs three rounds, agrees on one group key, and recovers a lost key package byte for byte', () => {
    const s = setup('ristretto255', 2, 3);
    // Round 1: everyone broadcasts msg1 (bytes), the coordinator relays all n of them.
    // Each participant keeps one working cache for its three rounds (optional; saves work).
    const caches = s.d.map(() => createCocktailCache());
    const wire = s.d.map(
      (d, k) =>
        cocktailRound1({ session: s.session, index: k + 1, staticSecret: d, rng: randomBytes, cache: caches[k] }).bytes,
    );
    const msgs = wire.map((b, k) => parseMsg1(s.suite, 2, 3, k + 1, b));
    // Round 2: everyone decrypts and verifies, builds T and signs it.
    const ext = applicationExtension([['label', new TextEncoder().encode('treasury')]]);
    const r2 = s.d.map((d, k) =>
      cocktailRound2({ session: s.session, index: k + 1, staticSecret: d, msgs, extension: ext, cache: caches[k] }),
    );
    // Round 3: all n signatures verify → key packages and the success certificate.
    const sigs = r2.map((r) => r.signature);
    const out = r2.map((r, k) => cocktailRound3(s.session, k + 1, r, sigs, caches[k]));
    // A cache is bound to its owner's static key: reusing participant 1's for participant 2 is refused.
    expect(
      thrown(() =>
        cocktailRound2({ session: s.session, index: 2, staticSecret: s.d[1]!, msgs, extension: ext, cache: caches[0] }),
      ).code,
    ).toBe('bad-parameters');
    expect(
      new Set(out.map((o) => encodePoint(decodePoint(s.suite, o.keyPackage.verifyingKey)!).join())),
    ).toHaveProperty('size', 1);
    // Participant 2 loses everything but d_2; certificate and bundle are public/backup material.
    const bundle = encodeBundle(msgs.map((m) => m.ciphertexts[1]!));
    const rec = recoverKeyPackage(s.suite, s.d[1]!, out[0]!.certificate, bundle);
    expect(rec.keyPackage).toEqual(out[1]!.keyPackage);
    expect(rec.publicKeyPackage).toEqual(out[1]!.publicKeyPackage);
  });
});

describe.each(SUITE_NAMES)('%s: whole runs', (name) => {
  it('3-of-4 with payloads: payloads arrive, the payload extension is bound, recovery equals the DKG output', () => {
    const s = setup(name, 3, 4);
    const payloads = s.d.map((_, k) => new TextEncoder().encode(`payload of ${k + 1}`));
    const msgs = round1All(s, payloads);
    const r2 = s.d.map((d, k) =>
      cocktailRound2({ session: s.session, index: k + 1, staticSecret: d, msgs, extension: 'payloads' }),
    );
    expect(r2[2]!.payloads).toEqual(payloads);
    expect(r2[0]!.extension).toEqual(payloadExtension(s.suite, payloads));
    const sigs = r2.map((r) => r.signature);
    const out = r2.map((r, k) => cocktailRound3(s.session, k + 1, r, sigs));
    const rec = recoverKeyPackage(
      s.suite,
      s.d[3]!,
      out[0]!.certificate,
      encodeBundle(msgs.map((m) => m.ciphertexts[3]!)),
    );
    expect(rec.keyPackage).toEqual(out[3]!.keyPackage);
    expect(rec.payloads).toEqual(payloads);
  });
});

describe('round 2 aborts name the culprit with checkable evidence', () => {
  const name = 'secp256k1';

  it('a bad proof of possession: bad-pop naming the sender; the evidence fails the shipping verifier', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    const pop = msgs[1]!.pop.slice();
    pop[pop.length - 1]! ^= 1;
    msgs[1] = { ...msgs[1]!, pop };
    const e = thrown(() =>
      cocktailRound2({ session: s.session, index: 1, staticSecret: s.d[0]!, msgs, extension: new Uint8Array() }),
    );
    expect([e.code, e.culprits]).toEqual(['bad-pop', [2]]);
    expect(e.evidence?.kind).toBe('round1-public');
    if (e.evidence?.kind !== 'round1-public') throw new Error('unreachable');
    expect(
      schnorrVerify(
        s.suite,
        e.evidence.commitment[0]!,
        e.evidence.pop,
        popMessage(e.evidence.context, e.evidence.commitment, e.evidence.ephemeral),
      ),
    ).toBe(false);
  });

  it('a commitment of t+1 points (threshold elevation): wrong-commitment-length naming the sender, from bytes and from objects', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    // Participant 3 runs as if t were 3, with a valid PoP over its longer commitment.
    const elevated = cocktailRound1({
      session: { ...s.session, t: 3 },
      index: 3,
      staticSecret: s.d[2]!,
      rng: randomBytes,
    });
    const e1 = thrown(() => parseMsg1(s.suite, 2, 3, 3, elevated.bytes));
    expect([e1.code, e1.culprits]).toEqual(['wrong-commitment-length', [3]]);
    expect(e1.evidence).toEqual({ kind: 'msg1-bytes', sender: 3, bytes: elevated.bytes });
    msgs[2] = elevated.msg1;
    const e2 = thrown(() =>
      cocktailRound2({ session: s.session, index: 1, staticSecret: s.d[0]!, msgs, extension: new Uint8Array() }),
    );
    expect([e2.code, e2.culprits]).toEqual(['wrong-commitment-length', [3]]);
  });

  it('garbage, truncated or trailing-byte msg1: malformed-msg1 naming the sender', () => {
    const s = setup(name, 2, 3);
    const good = encodeMsg1(round1All(s)[1]!);
    for (const bad of [good.subarray(0, good.length - 1), concat(good, Uint8Array.of(0)), new Uint8Array(10)])
      expect([
        thrown(() => parseMsg1(s.suite, 2, 3, 2, bad)).code,
        thrown(() => parseMsg1(s.suite, 2, 3, 2, bad)).culprits,
      ]).toEqual(['malformed-msg1', [2]]);
    // An identity commitment point is rejected (Primitive Types).
    const zeroPoint = concat(new Uint8Array(s.suite.elementBytes), good.subarray(s.suite.elementBytes));
    expect(thrown(() => parseMsg1(s.suite, 2, 3, 2, zeroPoint)).code).toBe('malformed-msg1');
  });

  it('a frame above MAX_CIPHERTEXT_SIZE is refused before allocation', () => {
    const s = setup(name, 2, 3);
    const good = encodeMsg1(round1All(s)[1]!);
    const off = 2 * s.suite.elementBytes + s.suite.signatureBytes + s.suite.elementBytes;
    const bad = good.slice();
    bad.set([0, 0, 0, 1, 0, 0, 0, 0], off); // length 2^32
    expect(thrown(() => parseMsg1(s.suite, 2, 3, 2, bad)).code).toBe('malformed-msg1');
  });

  it('a ciphertext below scalar + tag in an already-split msg1: bad-ciphertext-size naming the sender, bytes as evidence', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    const short = msgs[2]!.ciphertexts[0]!.subarray(0, s.suite.scalarBytes + 15);
    msgs[2] = { ...msgs[2]!, ciphertexts: [short, ...msgs[2]!.ciphertexts.slice(1)] };
    const e = thrown(() =>
      cocktailRound2({ session: s.session, index: 1, staticSecret: s.d[0]!, msgs, extension: new Uint8Array() }),
    );
    expect([e.code, e.culprits, e.evidence]).toEqual([
      'bad-ciphertext-size',
      [3],
      { kind: 'ciphertext', sender: 3, recipient: 1, ciphertext: short },
    ]);
  });

  describe.each(['undecryptable', 'non-canonical-plaintext', 'share-fails-vss'] as const)('%s', (code) => {
    it('names the sender; the revealed pairwise key lets anyone reach the same verdict', () => {
      const s = setup(name, 2, 3);
      const msgs = round1All(s);
      const m = msgs[1]!;
      let c: Uint8Array;
      if (code === 'undecryptable') {
        c = m.ciphertexts[0]!.slice();
        c[3]! ^= 1;
      } else {
        const share =
          code === 'non-canonical-plaintext'
            ? new Uint8Array(s.suite.scalarBytes).fill(0xff)
            : encodeScalar(s.suite, 12345n);
        c = forgeCiphertext(s.suite, s.session, m, 2, 1, s.d[0]!, share);
      }
      msgs[1] = { ...m, ciphertexts: [c, ...m.ciphertexts.slice(1)] };
      const e = thrown(() =>
        cocktailRound2({ session: s.session, index: 1, staticSecret: s.d[0]!, msgs, extension: new Uint8Array() }),
      );
      expect([e.code, e.culprits]).toEqual([code, [2]]);
      if (e.evidence?.kind !== 'dispute') throw new Error('no dispute evidence');
      const verdict = checkDispute(s.suite, e.evidence.dispute);
      expect(verdict.culprit).toBe(2);
      expect(verdict.outcome).toBe(
        code === 'undecryptable'
          ? 'aead-fail'
          : code === 'non-canonical-plaintext'
            ? 'non-canonical-plaintext'
            : 'vss-mismatch',
      );
      // The other recipients are unaffected: participant 3 completes round 2.
      expect(() =>
        cocktailRound2({ session: s.session, index: 3, staticSecret: s.d[2]!, msgs, extension: new Uint8Array() }),
      ).not.toThrow();
    });
  });

  it('a false complaint about a good ciphertext names the complainer, not the sender', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    const m = msgs[1]!;
    const ev = revealPairwiseKey(s.suite, {
      context: s.session.context,
      sender: 2,
      recipient: 1,
      staticSecret: s.d[0]!,
      senderStatic: s.session.staticPublicKeys[1]!,
      senderEphemeral: m.ephemeral,
      senderCommitment: m.commitment,
      ciphertext: m.ciphertexts[0]!,
      claim: 'aead-fail',
    });
    expect(checkDispute(s.suite, ev)).toEqual({ culprit: 1, outcome: 'valid' });
  });

  it('a reveal with made-up shared secrets (no knowledge of d_i) is rejected and names the claimant', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    const m = msgs[1]!;
    const c = m.ciphertexts[0]!.slice();
    c[0]! ^= 1;
    const honest = revealPairwiseKey(s.suite, {
      context: s.session.context,
      sender: 2,
      recipient: 1,
      staticSecret: s.d[0]!,
      senderStatic: s.session.staticPublicKeys[1]!,
      senderEphemeral: m.ephemeral,
      senderCommitment: m.commitment,
      ciphertext: c,
      claim: 'aead-fail',
    });
    expect(checkDispute(s.suite, honest).culprit).toBe(2);
    // Someone else (participant 3's key) claims to be recipient 1: the proof binds P_1, so it fails.
    const forged = {
      ...revealPairwiseKey(s.suite, { ...honestArgs(s, m, c), staticSecret: s.d[2]! }),
      recipientStatic: s.session.staticPublicKeys[0]!,
    };
    expect(checkDispute(s.suite, forged)).toEqual({ culprit: 1, outcome: 'invalid-proof' });
    // Swapping in other shared points breaks the proof too.
    expect(checkDispute(s.suite, { ...honest, sharedStatic: encodePoint(mulBase(s.suite, 7n)) }).outcome).toBe(
      'invalid-proof',
    );
  });

  function honestArgs(s: ReturnType<typeof setup>, m: Msg1, c: Uint8Array) {
    return {
      context: s.session.context,
      sender: 2,
      recipient: 1,
      staticSecret: s.d[0]!,
      senderStatic: s.session.staticPublicKeys[1]!,
      senderEphemeral: m.ephemeral,
      senderCommitment: m.commitment,
      ciphertext: c,
      claim: 'aead-fail' as const,
    };
  }

  it('a relay that swaps our own msg1 for another valid one: own-msg1-altered, nobody blamed (not ourselves)', () => {
    const s = setup(name, 2, 3);
    const msgs = round1All(s);
    const mine = encodeMsg1(msgs[0]!);
    msgs[0] = cocktailRound1({ session: s.session, index: 1, staticSecret: s.d[0]!, rng: randomBytes }).msg1;
    const e = thrown(() =>
      cocktailRound2({
        session: s.session,
        index: 1,
        staticSecret: s.d[0]!,
        msgs,
        extension: new Uint8Array(),
        ownMsg1: mine,
      }),
    );
    expect([e.code, e.culprits]).toEqual(['own-msg1-altered', []]);
  });

  it('setup: duplicate static keys are blamed on both holders; an invalid one on its holder', () => {
    const s = setup(name, 2, 3);
    const P = [...s.session.staticPublicKeys];
    P[2] = P[0]!;
    expect([
      thrown(() => buildContext(s.suite, new Uint8Array(4), P)).code,
      thrown(() => buildContext(s.suite, new Uint8Array(4), P)).culprits,
    ]).toEqual(['bad-static-key', [1, 3]]);
    P[2] = new Uint8Array(s.suite.elementBytes);
    expect(thrown(() => buildContext(s.suite, new Uint8Array(4), P)).culprits).toEqual([3]);
  });
});

describe('application extension', () => {
  it('is one unambiguous byte string of the fields (re-splitting a value changes it; duplicates are refused)', () => {
    const u = (x: string) => new TextEncoder().encode(x);
    const a = applicationExtension([
      ['room', u('ab')],
      ['label', u('c')],
    ]);
    expect(
      applicationExtension([
        ['room', u('a')],
        ['label', u('bc')],
      ]),
    ).not.toEqual(a);
    expect(
      applicationExtension([
        ['label', u('c')],
        ['room', u('ab')],
      ]),
    ).not.toEqual(a);
    expect(
      applicationExtension([
        ['room', u('ab')],
        ['label', u('c')],
      ]),
    ).toEqual(a);
    expect(() =>
      applicationExtension([
        ['room', u('a')],
        ['room', u('b')],
      ]),
    ).toThrow(CocktailError);
  });
});

describe('static keys from one master secret', () => {
  it('one master secret gives a fixed, valid, distinct static key per suite; recovery works from the master alone', () => {
    const master = new Uint8Array(32).fill(7);
    const keys = SUITE_NAMES.map((n) => deriveStaticKey(getCocktailSuite(n), master));
    expect(
      keys.map((k) => encodePoint(mulBase(getCocktailSuite(SUITE_NAMES[keys.indexOf(k)]!), k.secret)).join()),
    ).toEqual(keys.map((k) => k.publicKey.join()));
    expect(deriveStaticKey(getCocktailSuite('secp256k1'), master).secret).not.toBe(
      deriveStaticKey(getCocktailSuite('secp256k1-tr'), master).secret,
    );
    expect(deriveStaticKey(getCocktailSuite('p256'), master)).toEqual(
      deriveStaticKey(getCocktailSuite('p256'), master.slice()),
    );
    expect(deriveStaticKey(getCocktailSuite('p256'), new Uint8Array(32).fill(8)).secret).not.toBe(keys[3]!.secret);
    expect(() => deriveStaticKey(getCocktailSuite('p256'), new Uint8Array(16))).toThrow(CocktailError);
  });
});

describe('CertEq', () => {
  it('a bad transcript signature names its signer; a split view (different ext) fails everyone else', () => {
    const s = setup('ed448', 2, 3);
    const msgs = round1All(s);
    const r2 = s.d.map((d, k) =>
      cocktailRound2({
        session: s.session,
        index: k + 1,
        staticSecret: d,
        msgs,
        extension: new Uint8Array(k === 2 ? [1] : []),
      }),
    );
    const sigs = r2.map((r) => r.signature);
    const e = thrown(() => cocktailRound3(s.session, 1, r2[0]!, sigs));
    expect([e.code, e.culprits]).toEqual(['bad-certeq-signature', [3]]);
    // Participant 3 sees the other two as failing: the split view is detected on both sides.
    expect(thrown(() => cocktailRound3(s.session, 3, r2[2]!, sigs)).culprits).toEqual([1, 2]);
  });
});

describe('recovery refuses wrong keys and tampered data', () => {
  const s = setup('p256', 2, 3);
  const msgs = round1All(s);
  const r2 = s.d.map((d, k) =>
    cocktailRound2({ session: s.session, index: k + 1, staticSecret: d, msgs, extension: new Uint8Array() }),
  );
  const sigs = r2.map((r) => r.signature);
  const cert = cocktailRound3(s.session, 1, r2[0]!, sigs).certificate;
  const bundle = encodeBundle(msgs.map((m) => m.ciphertexts[0]!));

  it('the certificate survives its wire form (T, sig_1 ‖ … ‖ sig_n); a short signature list is refused', () => {
    const sigs = parseAggregatedSignatures(s.suite, 3, aggregateSignatures(cert.signatures));
    expect(recoverKeyPackage(s.suite, s.d[0]!, { transcript: cert.transcript, signatures: sigs }, bundle).index).toBe(
      1,
    );
    expect(
      thrown(() => parseAggregatedSignatures(s.suite, 3, aggregateSignatures(cert.signatures).subarray(1))).code,
    ).toBe('malformed-transcript');
  });
  it('a static key that is not in the certificate', () => {
    expect(thrown(() => recoverKeyPackage(s.suite, 42n, cert, bundle)).code).toBe('not-a-participant');
  });
  it("another participant's key with participant 1's bundle", () => {
    expect(thrown(() => recoverKeyPackage(s.suite, s.d[1]!, cert, bundle)).code).toBe('undecryptable');
  });
  it('a flipped bundle byte, a truncated or extended bundle', () => {
    const b = bundle.slice();
    b[20]! ^= 1;
    expect(thrown(() => recoverKeyPackage(s.suite, s.d[0]!, cert, b)).code).toBe('undecryptable');
    expect(thrown(() => recoverKeyPackage(s.suite, s.d[0]!, cert, bundle.subarray(1))).code).toBe('malformed-bundle');
    expect(thrown(() => recoverKeyPackage(s.suite, s.d[0]!, cert, concat(bundle, Uint8Array.of(0)))).code).toBe(
      'malformed-bundle',
    );
  });
  it('a tampered transcript or signature, or another suite', () => {
    const T = cert.transcript.slice();
    T[T.length - 1 - 8]! ^= 1; // inside E_n
    const e = thrown(() => recoverKeyPackage(s.suite, s.d[0]!, { ...cert, transcript: T }, bundle));
    expect(['bad-certeq-signature', 'malformed-transcript']).toContain(e.code);
    const sig = cert.signatures[1]!.slice();
    sig[40]! ^= 1;
    expect(
      thrown(() =>
        recoverKeyPackage(
          s.suite,
          s.d[0]!,
          { ...cert, signatures: [cert.signatures[0]!, sig, cert.signatures[2]!] },
          bundle,
        ),
      ).culprits,
    ).toEqual([2]);
    expect(thrown(() => recoverKeyPackage(getCocktailSuite('secp256k1'), s.d[0]!, cert, bundle)).code).toBe(
      'malformed-transcript',
    );
  });
});
