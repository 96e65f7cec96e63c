// Recovery from a success certificate v2 + master secret (spec "Share Recovery"): an example that
// reads as documentation, all six suites, then every way the inputs can be wrong, each with its
// exact code and the participant whose entry is at fault. Certificates come from the shipping
// code (testing/certificateBuilder.ts: real signed envelopes, real COCKTAIL rounds).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../encoding.js';
import { SUITE_NAMES } from '../suites.js';
import { recoverFromCertificate, RecoveryError, type RecoveryErrorCode } from './index.js';
import { buildCertificateV2, type CertificateParts } from './testing/certificateBuilder.js';

const built = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3 });

function expectRecoveryError(
  f: () => unknown,
  code: RecoveryErrorCode,
  message?: RegExp,
  culprits?: number[],
): RecoveryError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RecoveryError);
  const r = err as RecoveryError;
  expect(r.code).toBe(code);
  if (message) expect(r.message).toMatch(message);
  if (culprits) expect(r.culprits.map((c) => c.index)).toEqual(culprits);
  return r;
}

const withParts = (change: (p: CertificateParts) => void): string => {
  const p = structuredClone(built.parts);
  change(p);
  return built.assemble(p);
};

/** Flips one bit of byte `at` of a hex string. */
const flipHex = (hex: string, at: number): string => {
  const b = fromHex(hex);
  b[at] = (b[at] as number) ^ 1;
  return toHex(b);
};

describe('recoverFromCertificate: example', () => {
  it('Carol lost her key package: certificate + her master key give back the same bytes', () => {
    const carol = 3;
    const r = recoverFromCertificate({ certificate: built.text, masterSecret: built.masters[carol - 1]! });
    expect(r.identifier).toBe(carol);
    expect(r.name).toBe('Carol');
    expect(r.label).toBe(built.label);
    expect([r.minSigners, r.maxSigners]).toEqual([2, 3]);
    expect(r.keyPackageJson).toBe(built.keyPackageJsons[carol - 1]);
    expect(r.publicKeyPackageJson).toBe(built.publicKeyPackageJson);
  });

  it('every participant recovers their own key package', () => {
    built.masters.forEach((m, k) => {
      expect(recoverFromCertificate({ certificate: built.text, masterSecret: m }).keyPackageJson).toBe(
        built.keyPackageJsons[k],
      );
    });
  });
});

describe('recoverFromCertificate: all six suites', () => {
  for (const suite of SUITE_NAMES)
    it(`${suite}: 2-of-3 recovered key packages are the DKG's, byte for byte`, () => {
      const b = buildCertificateV2({ suite, t: 2, n: 3 });
      b.masters.forEach((m, k) => {
        const r = recoverFromCertificate({ certificate: b.text, masterSecret: m });
        expect(r.suite).toBe(suite);
        expect(r.keyPackageJson).toBe(b.keyPackageJsons[k]);
      });
    });

  it('secp256k1-tr: the recovered key package is the DKG’s after the Taproot step (even-Y key)', () => {
    const b = buildCertificateV2({ suite: 'secp256k1-tr', t: 3, n: 4, seed: 'taproot' });
    const r = recoverFromCertificate({ certificate: b.text, masterSecret: b.masters[3]! });
    expect(r.keyPackageJson).toBe(b.keyPackageJsons[3]);
    // frost-rs post_dkg: the group key has even Y (compressed prefix 02).
    expect(toHex(r.keyPackage.verifyingKey).slice(0, 2)).toBe('02');
  });

  it('one master key covers ceremonies of every suite (the static key is derived per suite)', () => {
    const master = built.masters[0]!;
    const p256 = buildCertificateV2({ suite: 'p256', t: 2, n: 2, seed: 'same master', masters: [master] });
    expect(recoverFromCertificate({ certificate: p256.text, masterSecret: master }).keyPackageJson).toBe(
      p256.keyPackageJsons[0],
    );
  });
});

describe('recoverFromCertificate: wrong key, wrong file', () => {
  it('a master key that is none of the participants is refused by name', () => {
    const stranger = buildCertificateV2({ suite: 'ed25519', t: 2, n: 2, seed: 'stranger' }).masters[0]!;
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: built.text, masterSecret: stranger }),
      'not-a-participant',
      /this master key is not a participant of this key/,
    );
  });

  it('a master key of the wrong length', () => {
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: built.text, masterSecret: new Uint8Array(31) }),
      'bad-master-key',
    );
  });

  it('a v1 certificate is refused naming its format', () => {
    // The v1 certificate format (before COCKTAIL-DKG): refused by its format, whatever else it holds.
    const v1 = JSON.stringify({
      format: 'frost-ceremony/certificate/v1',
      roster: '',
      reveals: [],
      publicKeyPackage: {},
    });
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: v1, masterSecret: built.masters[0]! }),
      'old-certificate',
      /format frost-ceremony\/certificate\/v1 has no recovery data: made before COCKTAIL-DKG/,
    );
  });

  it('not JSON, a duplicated field, another format, no format', () => {
    const m = built.masters[0]!;
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: 'age-encryption.org/v1', masterSecret: m }),
      'not-json',
    );
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: built.text.replace('{', '{"format":"x",'), masterSecret: m }),
      'not-json',
      /format/,
    );
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: '{"format":"frost-ceremony/certificate/v3"}', masterSecret: m }),
      'unknown-format',
    );
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: built.publicKeyPackageJson, masterSecret: m }),
      'unknown-format',
      /no "format" field/,
    );
  });

  it('an extra field, a missing field, upper-case hex', () => {
    const m = built.masters[0]!;
    const extra = withParts((p) => Object.assign(p, { note: 'hi' }));
    expectRecoveryError(() => recoverFromCertificate({ certificate: extra, masterSecret: m }), 'malformed-certificate');
    const missing = withParts((p) => delete (p as Partial<CertificateParts>).cocktail);
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: missing, masterSecret: m }),
      'malformed-certificate',
      /cocktail/,
    );
    const upper = withParts((p) => (p.cocktail.transcript = p.cocktail.transcript.toUpperCase()));
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: upper, masterSecret: m }),
      'malformed-certificate',
      /cocktail\.transcript/,
    );
  });
});

describe('recoverFromCertificate: tampered certificates', () => {
  const m1 = built.masters[0]!;
  const recover = (certificate: string, bundle?: Uint8Array) =>
    recoverFromCertificate({ certificate, masterSecret: m1, bundle });

  it('a roster whose signature no longer verifies', () => {
    const t = withParts((p) => (p.roster = p.roster.replace('Bob', 'Rob')));
    expectRecoveryError(() => recover(t), 'bad-roster');
  });

  it('cocktail.suite other than the roster’s', () => {
    expectRecoveryError(() => recover(withParts((p) => (p.cocktail.suite = 'p256'))), 'suite-mismatch', /p256/);
  });

  it('a transcript of another ciphersuite', () => {
    const other = buildCertificateV2({ suite: 'secp256k1', t: 2, n: 3 });
    const t = withParts((p) => (p.cocktail.transcript = other.parts.cocktail.transcript));
    expectRecoveryError(() => recover(t), 'suite-mismatch', /COCKTAIL\(secp256k1/);
  });

  it('a byte of T flipped in the context: every CertEq signature fails (recovery step 2)', () => {
    // T = u64le(len id) ‖ id ‖ u64le(len ctx) ‖ ctx …: flip the first context byte.
    const idLen = fromHex(built.parts.cocktail.transcript)[0] as number;
    const t = withParts((p) => (p.cocktail.transcript = flipHex(p.cocktail.transcript, 8 + idLen + 8)));
    expectRecoveryError(() => recover(t), 'bad-certeq-signature', /does not verify/, [1, 2, 3]);
  });

  it('T truncated', () => {
    const t = withParts((p) => (p.cocktail.transcript = p.cocktail.transcript.slice(0, -2)));
    expectRecoveryError(() => recover(t), 'tampered-transcript');
  });

  it('a static key in T that is not the roster’s names that participant', () => {
    const other = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3, seed: 'other' });
    // Same layout and sizes: take T of another ceremony whose P_1.. differ.
    const t = withParts((p) => (p.cocktail.transcript = other.parts.cocktail.transcript));
    expectRecoveryError(() => recover(t), 'tampered-transcript', /participant 1/, [1]);
  });

  it('one CertEq signature altered names its signer', () => {
    const sigBytes = fromHex(built.parts.cocktail.signatures).length / 3;
    const t = withParts((p) => (p.cocktail.signatures = flipHex(p.cocktail.signatures, sigBytes + 40)));
    expectRecoveryError(() => recover(t), 'bad-certeq-signature', /participant 2 \(Bob\)/, [2]);
  });

  it('signatures of the wrong length', () => {
    const t = withParts((p) => (p.cocktail.signatures = p.cocktail.signatures.slice(0, -2)));
    expectRecoveryError(() => recover(t), 'malformed-certificate', /signatures/);
  });

  it('a confirmation that carries another CertEq signature, even correctly signed by its sender', () => {
    const t = withParts((p) => (p.confirmations[1] = built.signAs(2, 'confirmation', { certeq: 'ab'.repeat(64) })));
    expectRecoveryError(() => recover(t), 'confirmation-mismatch', /Bob/, [2]);
  });

  it('a confirmation envelope altered after signing', () => {
    const t = withParts((p) => (p.confirmations[2] = p.confirmations[2]!.replace(/"sig":"../, '"sig":"00')));
    expectRecoveryError(
      () => recover(t),
      'bad-envelope',
      /confirmation message listed for participant 3 \(Carol\) does not verify/,
      [3],
    );
  });

  it('round-1 envelopes in the wrong order are named', () => {
    const t = withParts((p) => ([p.round1[1], p.round1[2]] = [p.round1[2]!, p.round1[1]!]));
    expectRecoveryError(() => recover(t), 'bad-envelope', /not signed by them/, [2]);
  });

  it('a msg1 whose commitment is not the one in T, re-signed by its sender, is named', () => {
    const msg1 = fromHex(JSON.parse(JSON.parse(built.parts.round1[1]!).payload).msg1);
    const other = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3, seed: 'other' });
    const theirs = fromHex(JSON.parse(JSON.parse(other.parts.round1[1]!).payload).msg1);
    msg1.set(theirs.subarray(0, 32), 0); // C_{2,0} from another ceremony
    const t = withParts((p) => (p.round1[1] = built.signAs(2, 'round1', { msg1: toHex(msg1) })));
    expectRecoveryError(() => recover(t), 'msg1-mismatch', /Bob.*commitment/, [2]);
  });

  it('a msg1 that does not parse (a frame cut short), re-signed', () => {
    const hex = JSON.parse(JSON.parse(built.parts.round1[2]!).payload).msg1 as string;
    const t = withParts((p) => (p.round1[2] = built.signAs(3, 'round1', { msg1: hex.slice(0, -2) })));
    expectRecoveryError(() => recover(t), 'msg1-mismatch', /Carol.*does not parse/, [3]);
  });

  it('my ciphertext inside a sender’s msg1 altered (and re-signed): my share does not decrypt', () => {
    const msg1 = fromHex(JSON.parse(JSON.parse(built.parts.round1[1]!).payload).msg1);
    // msg1 = C (2 points) ‖ PoP (64) ‖ E (32) ‖ u64be(len) ‖ c_{2,1} …: flip a byte of c_{2,1}.
    const at = 2 * 32 + 64 + 32 + 8 + 5;
    msg1[at] = (msg1[at] as number) ^ 1;
    const t = withParts((p) => (p.round1[1] = built.signAs(2, 'round1', { msg1: toHex(msg1) })));
    expectRecoveryError(() => recover(t), 'bundle-does-not-open', /participant 2/);
    // Participant 3's ciphertext from participant 2 is intact: they still recover.
    expect(recoverFromCertificate({ certificate: t, masterSecret: built.masters[2]! }).keyPackageJson).toBe(
      built.keyPackageJsons[2],
    );
  });

  it('a msg1 altered without re-signing fails its sender’s signature', () => {
    const t = withParts((p) => (p.round1[0] = p.round1[0]!.replace(/"msg1\\":\\"../, '"msg1\\":\\"ff')));
    expect(t).not.toBe(built.text);
    expectRecoveryError(() => recover(t), 'bad-envelope', /participant 1 \(Alice\) does not verify/, [1]);
  });

  it('an envelope from another session', () => {
    const other = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3, seed: 'other' });
    const t = withParts((p) => (p.round1[0] = other.parts.round1[0]!));
    expectRecoveryError(() => recover(t), 'bad-envelope', /another session/, [1]);
  });

  it('a public key package other than the transcript’s', () => {
    const other = buildCertificateV2({ suite: 'ed25519', t: 2, n: 3, seed: 'other' });
    const t = withParts((p) => (p.publicKeyPackage = other.parts.publicKeyPackage));
    expectRecoveryError(() => recover(t), 'public-key-package-mismatch');
  });

  it('a wrong count of messages', () => {
    const t = withParts((p) => p.starts.pop());
    expectRecoveryError(() => recover(t), 'malformed-certificate', /starts: 2 entries for 3/);
  });
});

describe('recoverFromCertificate: a bundle file instead of the round-1 set', () => {
  const noRound1 = withParts((p) => (p.round1 = []));

  it('my bundle C^rec_i restores the same key package', () => {
    const r = recoverFromCertificate({
      certificate: noRound1,
      masterSecret: built.masters[1]!,
      bundle: built.bundles[1],
    });
    expect(r.keyPackageJson).toBe(built.keyPackageJsons[1]);
  });

  it('without round-1 set and without bundle: asks for the bundle', () => {
    expectRecoveryError(
      () => recoverFromCertificate({ certificate: noRound1, masterSecret: built.masters[1]! }),
      'malformed-certificate',
      /give your recovery bundle/,
    );
  });

  it('someone else’s bundle does not open', () => {
    expectRecoveryError(
      () =>
        recoverFromCertificate({ certificate: noRound1, masterSecret: built.masters[1]!, bundle: built.bundles[0] }),
      'bundle-does-not-open',
    );
  });

  it('a truncated bundle', () => {
    expectRecoveryError(
      () =>
        recoverFromCertificate({
          certificate: noRound1,
          masterSecret: built.masters[1]!,
          bundle: built.bundles[1]!.subarray(0, 40),
        }),
      'malformed-bundle',
    );
  });
});
