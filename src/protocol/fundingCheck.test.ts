/**
 * What is checked aloud before funding is exactly what the wallet outputs show for the same key:
 * the Taproot address on each network, the Solana address, or the fingerprint (no invented format).
 */
import { describe, expect, it } from 'vitest';
import { fundingCheckOf, fundingCheckProblem } from './fundingCheck.js';
import { BITCOIN_NETWORK_NAMES, walletOutputs } from './wallet/index.js';
import { runSimulation } from './simulation.js';
import type { SuiteName } from './suites.js';
import { fromHex } from './encoding.js';

describe('fundingCheckOf', () => {
  it.each<[SuiteName, string]>([
    ['secp256k1-tr', 'taproot-address'],
    ['ed25519', 'solana-address'],
    ['p256', 'fingerprint'],
  ])('%s: %s, the same strings the success screen and `wallet` show', async (suite, kind) => {
    const { participants } = await runSimulation({ suite, minSigners: 2, maxSigners: 2, seed: `check-${suite}` });
    const key = participants[0]!.state.session!.result!.verifyingKey;
    const c = fundingCheckOf(suite, key);
    expect(c.kind).toBe(kind);
    const pkp = { suite, verifyingKey: fromHex(key) };
    if (kind === 'taproot-address') {
      const all = BITCOIN_NETWORK_NAMES.map((network) => walletOutputs(pkp, { network }).address);
      expect(new Set(c.accepted)).toEqual(new Set(all));
      expect(c.primary).toBe(walletOutputs(pkp, { network: 'bitcoin' }).address);
    } else if (kind === 'solana-address') expect(c.accepted).toEqual([walletOutputs(pkp).solanaAddress]);
    else expect(c.accepted).toEqual([walletOutputs(pkp).fingerprint]);
    expect(fundingCheckProblem(suite, key, { groupKey: key, checked: c.primary })).toBeNull();
    expect(fundingCheckProblem(suite, key, { groupKey: key, checked: `${c.primary}x` })).toMatch(/is not the/);
    expect(fundingCheckProblem(suite, key, { groupKey: '00'.repeat(33), checked: c.primary })).toMatch(
      /confirms group key/,
    );
  });
});
