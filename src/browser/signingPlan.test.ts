/** "Sign with an existing key" refuses, before any room exists, what `create sign` refuses. */
import { describe, expect, it } from 'vitest';
import { keyPackageToJson, publicKeyPackageToJson, toHex } from '../protocol/index';
import { makeGroup, twoInputPsbt } from '../protocol/signing/testing/fixtures';
import type { CreateSigningParams } from '../store/index';
import { requestOf, signingPlanOf, SigningPlanError } from './signingPlan';

const tr = makeGroup('secp256k1-tr', 2, 3);
const other = makeGroup('secp256k1-tr', 2, 3, 'another key');

const params = (over: Partial<CreateSigningParams> = {}): CreateSigningParams => ({
  myName: 'Alice',
  keyPackageJson: keyPackageToJson(tr.keyPackages[0]!),
  publicKeyPackageJson: publicKeyPackageToJson(tr.pkp),
  request: { kind: 'text', text: 'hello' },
  ...over,
});

describe('signing plan', () => {
  it('a PSBT of this key: the room is every holder, t of the key, the request in the roster params', () => {
    const psbt = twoInputPsbt(tr.pkp);
    const plan = signingPlanOf(params({ request: { kind: 'psbt', psbt, network: 'regtest' } }));
    expect(plan).toMatchObject({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3 });
    expect(plan.label).toBe('Signing with the 2-of-3 key');
    expect(plan.signing.request).toMatchObject({ kind: 'psbt', network: 'regtest' });
    // base64 text of the same PSBT is the same request.
    const b64 = new TextEncoder().encode(Buffer.from(psbt).toString('base64'));
    expect(requestOf({ kind: 'psbt', psbt: b64, network: 'regtest' })).toEqual(
      requestOf({ kind: 'psbt', psbt, network: 'regtest' }),
    );
  });

  it('refuses a key package of another key', () => {
    expect(() => signingPlanOf(params({ keyPackageJson: keyPackageToJson(other.keyPackages[0]!) }))).toThrow(
      SigningPlanError,
    );
  });

  it('refuses a public key package given as the key package, naming the file kind', () => {
    expect(() => signingPlanOf(params({ keyPackageJson: publicKeyPackageToJson(tr.pkp) }))).toThrow(/key package/);
  });

  it('refuses a certificate that does not verify', () => {
    expect(() => signingPlanOf(params({ certificateJson: '{"not":"a certificate"}' }))).toThrow(
      /certificate does not verify/,
    );
  });

  it('refuses a PSBT that spends another key’s coins (each member could not check it)', () => {
    const psbt = twoInputPsbt(other.pkp);
    expect(() => signingPlanOf(params({ request: { kind: 'psbt', psbt, network: 'regtest' } }))).toThrow(
      /cannot be signed/,
    );
  });

  it('refuses bad hex, an empty message and an unknown network', () => {
    expect(() => requestOf({ kind: 'hex', hex: 'abc' })).toThrow(/not hex/);
    expect(() => requestOf({ kind: 'text', text: '' })).toThrow(/Write the message/);
    expect(() => requestOf({ kind: 'psbt', psbt: new Uint8Array(), network: 'mainnet' })).toThrow(/network/);
    expect(toHex((requestOf({ kind: 'hex', hex: '0xDE AD' }) as { message: Uint8Array }).message)).toBe('dead');
  });
});
