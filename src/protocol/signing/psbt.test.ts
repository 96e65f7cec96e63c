import { readFileSync } from 'node:fs';
import { schnorr } from '@noble/curves/secp256k1.js';
import { SigHash, Transaction } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { toHex } from '../encoding.js';
import { SignError } from './errors.js';
import { signLocal } from './local.js';
import { analysePsbt, formatBtc, MAX_PSBT_BYTES, signPsbt } from './psbt.js';
import { describeRequest, requestHash, signingMessages, type SigningRequest } from './request.js';
import { initialReputation } from './selection.js';
import { bip341KeyPathSighash, parseRawTx } from './testing/bip341Sighash.js';
import { makeGroup, PAYEE_SCRIPT, twoInputPsbt } from './testing/fixtures.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

interface KeyPathVectors {
  keyPathSpending: {
    given: { rawUnsignedTx: string; utxosSpent: { scriptPubKey: string; amountSats: number }[] };
    inputSpending: {
      given: { txinIndex: number; hashType: number };
      intermediary: { sigMsg: string; sigHash: string };
    }[];
  }[];
}
const bip341 = JSON.parse(
  readFileSync(new URL('../../../../shared/vectors/bip341/wallet-test-vectors.json', import.meta.url), 'utf8'),
) as KeyPathVectors;

describe("BIP-341 sighash against the BIP's wallet-test-vectors", () => {
  const v = bip341.keyPathSpending[0]!;
  const spent = v.given.utxosSpent.map((u) => ({ script: hex(u.scriptPubKey), amount: BigInt(u.amountSats) }));

  it.each(v.inputSpending.map((i) => [i.given.txinIndex, i.given.hashType, i] as const))(
    'input %i, hash type %i: @scure/btc-signer and the independent helper both give the vector',
    (idx, hashType, i) => {
      const tx = Transaction.fromRaw(hex(v.given.rawUnsignedTx), {
        allowUnknownOutputs: true,
        allowUnknownInputs: true,
        disableScriptCheck: true,
      });
      const lib = tx.preimageWitnessV1(
        idx,
        spent.map((s) => s.script),
        hashType,
        spent.map((s) => s.amount),
      );
      expect(toHex(lib)).toBe(i.intermediary.sigHash);
      const mine = bip341KeyPathSighash(parseRawTx(hex(v.given.rawUnsignedTx)), idx, spent, hashType);
      expect(toHex(mine.sigMsg)).toBe(i.intermediary.sigMsg);
      expect(toHex(mine.sigHash)).toBe(i.intermediary.sigHash);
    },
  );
});

describe('a PSBT request for a 2-of-3 secp256k1-tr key', () => {
  const { keyPackages, pkp } = makeGroup('secp256k1-tr', 2, 3);
  const psbt = twoInputPsbt(pkp);
  const request: SigningRequest = { kind: 'psbt', psbt, network: 'regtest' };

  it('describeRequest shows every input as ours, the payee, the change, the fee and the fee rate', () => {
    const view = describeRequest(request, pkp);
    if (view.kind !== 'psbt') throw new Error('kind');
    expect(view.problems).toEqual([]);
    expect(view.inputs.map((i) => [i.amount, i.ours, i.vout])).toEqual([
      [50_000_000n, true, 0],
      [30_000_000n, true, 3],
    ]);
    expect(view.outputs.map((o) => [o.amount, o.change, o.kind])).toEqual([
      [60_000_000n, false, 'address'],
      [19_990_000n, true, 'address'],
    ]);
    expect(view.outputs[0]!.address).toBe('bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080');
    expect(view.outputs[1]!.address).toBe(view.groupAddress);
    expect(view.groupAddress.startsWith('bcrt1p')).toBe(true);
    expect(view.fee).toBe(10_000n);
    expect(view.sent).toBe(60_000_000n);
    // 2 key-path inputs (57.5 vB each) + P2WPKH and P2TR outputs + overhead: 10.5 + 2·57.5 + 31 + 43 = 199.5 → 200
    expect(view.vsize).toBe(200);
    expect(view.feeRate).toBe('50.000');
    expect(formatBtc(view.fee!)).toBe('0.00010000 BTC');
  });

  it('the same transaction spelled as PSBT v0 or v2 has one request hash; every visible change another', () => {
    const h = toHex(requestHash(request, pkp));
    expect(toHex(requestHash({ ...request, psbt: twoInputPsbt(pkp, undefined, 2) }, pkp))).toBe(h);
    const variants: SigningRequest[] = [
      { ...request, network: 'bitcoin' },
      { ...request, psbt: twoInputPsbt(pkp, (tx) => tx.updateOutput(0, { amount: 60_000_001n })) },
      {
        ...request,
        psbt: twoInputPsbt(pkp, (tx) =>
          tx.updateInput(1, { witnessUtxo: { script: tx.getInput(1).witnessUtxo!.script, amount: 30_000_001n } }),
        ),
      },
      { ...request, psbt: twoInputPsbt(pkp, (tx) => tx.updateInput(0, { sequence: 0xfffffffd })) },
    ];
    const hashes = variants.map((r) => toHex(requestHash(r, pkp)));
    expect(new Set([h, ...hashes]).size).toBe(variants.length + 1);
  });

  it('signs end to end: PSBT_IN_TAP_KEY_SIG on every input, a finalized transaction whose every input verifies (independent sighash, noble BIP-340)', () => {
    const res = signLocal({
      publicKeyPackage: pkp,
      request,
      signers: keyPackages.map((keyPackage) => ({ keyPackage, approves: true })),
      reputation: initialReputation(keyPackages.map((k) => k.identifier)),
      rng: seededRng('psbt-e2e'),
    });
    const signed = Transaction.fromPSBT(res.psbt!.psbt);
    for (let i = 0; i < 2; i++) expect(signed.getInput(i).tapKeySig).toEqual(res.signatures[i]);
    const raw = parseRawTx(hex(res.psbt!.txHex));
    expect(raw.inputs).toHaveLength(2);
    // The size the fee rate was computed with is the finished transaction's.
    expect(Transaction.fromRaw(hex(res.psbt!.txHex), { allowUnknownOutputs: true }).vsize).toBe(
      res.view.kind === 'psbt' ? res.view.vsize : -1,
    );
    const spent = [0, 1].map((i) => ({
      script: Transaction.fromPSBT(psbt).getInput(i).witnessUtxo!.script,
      amount: [50_000_000n, 30_000_000n][i]!,
    }));
    for (let i = 0; i < 2; i++) {
      expect(raw.witnesses[i]).toHaveLength(1);
      const sig = raw.witnesses[i]![0]!;
      expect(sig).toHaveLength(64); // SIGHASH_DEFAULT: no hash-type byte
      const { sigHash } = bip341KeyPathSighash(raw, i, spent, 0);
      expect(schnorr.verify(sig, sigHash, pkp.verifyingKey.subarray(1))).toBe(true);
    }
    // The outputs in the transaction are the ones shown.
    expect(toHex(raw.outputs[0]!)).toBe(`0087930300000000` + `16${toHex(PAYEE_SCRIPT)}`);
  });

  it('signPsbt refuses a signature that does not verify, naming the input', () => {
    const msgs = signingMessages(request, pkp);
    const bogus = msgs.map(() => new Uint8Array(64).fill(1));
    expect(() => signPsbt(psbt, pkp.verifyingKey, 'regtest', bogus)).toThrow(/input 1/);
    expect(() => signPsbt(psbt, pkp.verifyingKey, 'regtest', bogus.slice(1))).toThrow(SignError);
  });
});

describe('PSBT requests a signer must refuse or warn about', () => {
  const { pkp } = makeGroup('secp256k1-tr', 2, 3);
  const other = makeGroup('secp256k1-tr', 2, 3, 'another group');
  const codes = (psbt: Uint8Array) =>
    analysePsbt(psbt, pkp.verifyingKey, 'bitcoin').view.problems.map((p) => `${p.severity}:${p.code}`);
  const refuses = (psbt: Uint8Array) => {
    const req: SigningRequest = { kind: 'psbt', psbt, network: 'bitcoin' };
    expect(() => signingMessages(req, pkp)).toThrow(expect.objectContaining({ code: 'unverifiable-request' }));
    expect(() => requestHash(req, pkp)).toThrow(SignError);
  };

  it('missing witness UTXO → error (the sighash must come from data the signer checked)', () => {
    const tx = new Transaction();
    tx.addInput({ txid: new Uint8Array(32).fill(0x11), index: 0 });
    tx.addOutput({ script: PAYEE_SCRIPT, amount: 1000n });
    expect(codes(tx.toPSBT())).toContain('error:missing-witness-utxo');
    refuses(tx.toPSBT());
  });

  it("an input that is not the group's coin → error", () => {
    const p = twoInputPsbt(pkp, (tx) =>
      tx.addInput({
        txid: new Uint8Array(32).fill(0x33),
        index: 1,
        witnessUtxo: { script: Uint8Array.of(0x51, 0x20, ...other.pkp.verifyingKey.subarray(1)), amount: 1000n },
      }),
    );
    expect(codes(p)).toContain('error:foreign-input');
    refuses(p);
  });

  it.each([SigHash.ALL, SigHash.NONE, SigHash.SINGLE, SigHash.ALL_ANYONECANPAY])(
    'sighash type %i → error (only SIGHASH_DEFAULT is signed)',
    (t) => {
      const p = twoInputPsbt(pkp, (tx) => tx.updateInput(0, { sighashType: t }));
      expect(codes(p)).toContain('error:sighash-not-default');
      refuses(p);
    },
  );

  it('a script-path spend (tap merkle root) → error', () => {
    const p = twoInputPsbt(pkp, (tx) => tx.updateInput(0, { tapMerkleRoot: new Uint8Array(32).fill(7) }, true));
    expect(codes(p)).toContain('error:script-path');
    refuses(p);
  });

  it('an input already signed → error', () => {
    const p = twoInputPsbt(pkp, (tx) => tx.updateInput(1, { tapKeySig: new Uint8Array(64).fill(9) }, true));
    expect(codes(p)).toContain('error:already-signed');
    refuses(p);
  });

  it('the same coin spent twice → error (its amount would count twice in the fee shown)', () => {
    const p = twoInputPsbt(pkp, (tx) =>
      tx.addInput({ txid: new Uint8Array(32).fill(0x22), index: 3, witnessUtxo: tx.getInput(1).witnessUtxo! }),
    );
    expect(codes(p)).toContain('error:duplicate-input');
    refuses(p);
  });

  it('an amount above 21 million BTC → error', () => {
    const p = twoInputPsbt(pkp, (tx) =>
      tx.updateInput(0, {
        witnessUtxo: { script: tx.getInput(0).witnessUtxo!.script, amount: 2_100_000_000_000_001n },
      }),
    );
    expect(codes(p)).toContain('error:amount-out-of-range');
    refuses(p);
  });

  it('outputs worth more than inputs → error', () => {
    const p = twoInputPsbt(pkp, (tx) => tx.updateOutput(0, { amount: 70_000_000n }));
    expect(codes(p)).toContain('error:outputs-exceed-inputs');
    refuses(p);
  });

  it('warnings: a high fee, a locktime, a data output, dust', () => {
    const p = twoInputPsbt(pkp, (tx) => {
      tx.updateOutput(1, { amount: 9_000_000n }); // fee 11 000 000 sat > 5 % of inputs
      tx.addOutput({ script: Uint8Array.of(0x6a, 0x04, 1, 2, 3, 4), amount: 0n });
      tx.addOutput({ script: PAYEE_SCRIPT, amount: 100n });
    });
    const c = codes(p);
    expect(c).toEqual(expect.arrayContaining(['warning:high-fee', 'warning:data-output', 'warning:dust-output']));
    expect(c.some((x) => x.startsWith('error'))).toBe(false);
    const lt = new Transaction({ lockTime: 800_000 });
    lt.addInput({
      txid: new Uint8Array(32).fill(0x11),
      index: 0,
      witnessUtxo: { script: Uint8Array.of(0x51, 0x20, ...pkp.verifyingKey.subarray(1)), amount: 10_000n },
    });
    lt.addOutput({ script: PAYEE_SCRIPT, amount: 9_000n });
    expect(codes(lt.toPSBT())).toContain('warning:locktime');
  });

  it('garbage, truncated and huge PSBTs → bad-request, never another exception', () => {
    const good = twoInputPsbt(pkp);
    for (const b of [
      new Uint8Array(0),
      Uint8Array.of(1, 2, 3),
      good.subarray(0, good.length - 5),
      new Uint8Array(MAX_PSBT_BYTES + 1),
    ])
      expect(() => analysePsbt(b, pkp.verifyingKey, 'bitcoin')).toThrow(
        expect.objectContaining({ code: 'bad-request' }),
      );
  });

  it('a PSBT request on a key that is not secp256k1-tr → bad-request', () => {
    const ed = makeGroup('ed25519', 2, 3);
    expect(() => describeRequest({ kind: 'psbt', psbt: twoInputPsbt(pkp), network: 'bitcoin' }, ed.pkp)).toThrow(
      expect.objectContaining({ code: 'bad-request' }),
    );
  });

  it('an unknown network → bad-request', () => {
    expect(() => describeRequest({ kind: 'psbt', psbt: twoInputPsbt(pkp), network: 'moon' as never }, pkp)).toThrow(
      expect.objectContaining({ code: 'bad-request' }),
    );
  });
});

describe('PSBT parsing under random damage (property)', () => {
  const { pkp } = makeGroup('secp256k1-tr', 2, 3);
  const good = twoInputPsbt(pkp);

  it('random bytes and random single-byte edits of a valid PSBT give a view or a SignError, never another exception', async () => {
    const fc = (await import('fast-check')).default;
    const check = (b: Uint8Array) => {
      try {
        const a = analysePsbt(b, pkp.verifyingKey, 'bitcoin');
        // When it is signable, the view and the sighashes agree on the input count.
        if (!a.view.problems.some((p) => p.severity === 'error'))
          expect(a.sighashes).toHaveLength(a.view.inputs.length);
      } catch (e) {
        expect(e).toBeInstanceOf(SignError);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => check(b)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const b = Uint8Array.from(good);
        b[i] = v;
        check(b);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the fee rate's size is the finished transaction's", () => {
  it.each([1, 3, 17])('%i inputs: computed vsize = vsize of the transaction finalized by the library', (n) => {
    const { pkp } = makeGroup('secp256k1-tr', 2, 3);
    const p = twoInputPsbt(pkp, (tx) => {
      for (let i = 2; i < n + 2; i++)
        tx.addInput({
          txid: new Uint8Array(32).fill(i),
          index: i,
          witnessUtxo: { script: tx.getInput(0).witnessUtxo!.script, amount: 1000n },
        });
    });
    const a = analysePsbt(p, pkp.verifyingKey, 'bitcoin');
    const tx = Transaction.fromPSBT(p, { allowUnknownOutputs: true });
    for (let i = 0; i < tx.inputsLength; i++) tx.updateInput(i, { tapKeySig: new Uint8Array(64).fill(1) }, true);
    tx.finalize();
    expect(a.view.vsize).toBe(tx.vsize);
  });
});

describe('BIP-371 internal key (PSBT_IN_TAP_INTERNAL_KEY), as a tr(P) wallet writes it', () => {
  it('the untweaked internal key P from the DKG commitments is accepted and the PSBT signs; any other key is refused', async () => {
    const { runDkg } = await import('../dkg/testing/testHelpers.js');
    const { getSuite } = await import('../suites.js');
    const { internalKeyFromConstantTerms } = await import('../wallet/taproot.js');
    const dkg = runDkg(getSuite('secp256k1-tr'), 2, 3, seededRng('internal-key'));
    const kps = [...dkg.results.values()].map((r) => (r.ok ? r.keyPackage : null)!);
    const first = [...dkg.results.values()][0]!;
    if (!first.ok) throw new Error('dkg');
    const pkp = first.publicKeyPackage;
    const P = internalKeyFromConstantTerms([...dkg.round1.values()].map((r) => r.commitment[0]!));
    const withP = twoInputPsbt(pkp, (tx) => [0, 1].forEach((i) => tx.updateInput(i, { tapInternalKey: P }, true)));
    expect(analysePsbt(withP, pkp.verifyingKey, 'bitcoin').view.problems).toEqual([]);
    const res = signLocal({
      publicKeyPackage: pkp,
      request: { kind: 'psbt', psbt: withP, network: 'bitcoin' },
      signers: kps.map((keyPackage) => ({ keyPackage, approves: true })),
      reputation: initialReputation([1, 2, 3]),
      rng: seededRng('ik'),
    });
    expect(res.psbt!.txHex.length).toBeGreaterThan(0);
    const wrong = twoInputPsbt(
      pkp,
      (tx) => tx.updateInput(0, { tapInternalKey: pkp.verifyingKey.subarray(1) }, true),
      0,
      { disableScriptCheck: true },
    );
    expect(() => analysePsbt(wrong, pkp.verifyingKey, 'bitcoin')).toThrow(
      expect.objectContaining({ code: 'bad-request' }),
    );
  });
});

describe('input ids as explorers show them', () => {
  it('the view shows the txid in display order (the serialized outpoint is byte-reversed)', () => {
    const { pkp } = makeGroup('secp256k1-tr', 2, 3);
    const txid = Uint8Array.from({ length: 32 }, (_, i) => i);
    const p = twoInputPsbt(pkp, (tx) =>
      tx.addInput({ txid, index: 7, witnessUtxo: { script: tx.getInput(0).witnessUtxo!.script, amount: 5000n } }),
    );
    const a = analysePsbt(p, pkp.verifyingKey, 'bitcoin');
    expect(a.view.inputs[2]).toMatchObject({ txid: toHex(txid), vout: 7, amount: 5000n, ours: true });
    const raw = parseRawTx(a.unsignedTx);
    expect(toHex(raw.inputs[2]!.outpoint)).toBe(toHex(Uint8Array.from(txid).reverse()) + '07000000');
  });
});

describe('BIP-370 (PSBT v2) requests', () => {
  it('a v2 PSBT signs like its v0 spelling: same transaction, PSBT_IN_TAP_KEY_SIG on every input', () => {
    const { keyPackages, pkp } = makeGroup('secp256k1-tr', 2, 3);
    const run = (version: number) =>
      signLocal({
        publicKeyPackage: pkp,
        request: { kind: 'psbt', psbt: twoInputPsbt(pkp, undefined, version), network: 'bitcoin' },
        signers: keyPackages.map((keyPackage) => ({ keyPackage, approves: true })),
        reputation: initialReputation([1, 2, 3]),
        rng: seededRng('v2'),
      });
    const v0 = run(0);
    const v2 = run(2);
    expect(v2.psbt!.txid).toBe(v0.psbt!.txid);
    const back = Transaction.fromPSBT(v2.psbt!.psbt);
    expect([0, 1].map((i) => back.getInput(i).tapKeySig?.length)).toEqual([64, 64]);
  });
});
