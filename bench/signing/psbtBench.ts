/**
 * `node bin/tsx.mjs bench/signing/psbtBench.ts`: what checking and signing a PSBT costs, against
 * the bare library doing only its part (parse + one BIP-341 sighash per input). Prints a table
 * (median of 3 runs, ms). Not part of `npm run bench` (issue 17 core; standalone until wired).
 */
import { SigHash, Transaction } from '@scure/btc-signer';
import { seededRng } from '../../src/protocol/dkg/testing/testHelpers.js';
import { signLocal } from '../../src/protocol/signing/local.js';
import { groupScriptPubKey } from '../../src/protocol/signing/psbt.js';
import { prepareRequest } from '../../src/protocol/signing/request.js';
import { initialReputation } from '../../src/protocol/signing/selection.js';
import { makeGroup } from '../../src/protocol/signing/testing/fixtures.js';
import { median } from '../stats.js';

const { pkp, keyPackages } = makeGroup('secp256k1-tr', 2, 3);
const ours = groupScriptPubKey(pkp.verifyingKey);

function psbt(n: number): Uint8Array {
  const tx = new Transaction();
  for (let i = 0; i < n; i++)
    tx.addInput({ txid: new Uint8Array(32).fill(i % 256), index: i, witnessUtxo: { script: ours, amount: 100_000n } });
  tx.addOutput({ script: ours, amount: BigInt(n) * 90_000n });
  return tx.toPSBT();
}

const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

console.log('| inputs | bare parse+sighash ms | prepareRequest ms | ratio | signLocal 2-of-3 ms |');
console.log('|---|---|---|---|---|');
for (const n of [1, 4, 16, 64, 256]) {
  const p = psbt(n);
  const bare = median(
    [0, 1, 2].map(() =>
      time(() => {
        const tx = Transaction.fromPSBT(p);
        const amounts = Array.from({ length: n }, (_, i) => tx.getInput(i).witnessUtxo!.amount);
        const scripts = Array.from({ length: n }, (_, i) => tx.getInput(i).witnessUtxo!.script);
        for (let i = 0; i < n; i++) tx.preimageWitnessV1(i, scripts, SigHash.DEFAULT, amounts);
      }),
    ),
  );
  const prep = median(
    [0, 1, 2].map(() => time(() => prepareRequest({ kind: 'psbt', psbt: p, network: 'bitcoin' }, pkp))),
  );
  const sign =
    n <= 16
      ? median(
          [0, 1, 2].map(() =>
            time(() =>
              signLocal({
                publicKeyPackage: pkp,
                request: { kind: 'psbt', psbt: p, network: 'bitcoin' },
                signers: keyPackages.map((keyPackage) => ({ keyPackage, approves: true })),
                reputation: initialReputation([1, 2, 3]),
                rng: seededRng(`b${n}`),
              }),
            ),
          ),
        ).toFixed(0)
      : '–';
  console.log(`| ${n} | ${bare.toFixed(1)} | ${prep.toFixed(1)} | ${(prep / bare).toFixed(2)}× | ${sign} |`);
}
