import { describe, expect, it } from 'vitest';
import { certificateOf, toHex, runSimulation, taprootOutputKey, fromHex } from '../protocol/index';
import { outputsOf } from './outputs';
import { walletOutputsOfState } from './walletOutputs';

describe('walletOutputsOfState (what the success screen shows)', () => {
  it('secp256k1-tr: one entry per network, tr() from the certificate only when it gives the same key', async () => {
    const sim = await runSimulation({ suite: 'secp256k1-tr', minSigners: 2, maxSigners: 3, seed: 'ui-wallet' });
    const state = sim.participants[1]!.state;
    const list = walletOutputsOfState(state, certificateOf(state));
    expect(list.map((w) => w.network)).toEqual(['bitcoin', 'testnet', 'signet', 'regtest']);
    const q = toHex(outputsOf(state).publicKeyPackage.verifyingKey.subarray(1));
    for (const w of list) {
      expect(w.outputKey).toBe(q);
      const internal = /^tr\(([0-9a-f]{64})\)#/.exec(w.internalDescriptor ?? '')?.[1] as string;
      expect(toHex(taprootOutputKey(fromHex(internal)))).toBe(q);
    }
    // Without a certificate: address and rawtr, no tr().
    expect(walletOutputsOfState(state, null)[0]).not.toHaveProperty('internalDescriptor');
  });

  it('ed25519: a single entry with the Solana address', async () => {
    const sim = await runSimulation({ suite: 'ed25519', minSigners: 2, maxSigners: 2, seed: 'ui-ed' });
    const state = sim.participants[0]!.state;
    const list = walletOutputsOfState(state, certificateOf(state));
    expect(list).toHaveLength(1);
    expect(list[0]?.solanaAddress).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
  });
});
