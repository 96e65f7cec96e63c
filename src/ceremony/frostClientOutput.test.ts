/**
 * The success screen's credentials.toml for ZF frost-client (issue 14 d): built from every
 * roster member's signed-Hello contact, identical to what `frost-ceremony export frost-client`
 * writes for the same files, and not offered (with the reason in words) when incomplete or
 * for a key type frost-client cannot use.
 */
import { describe, expect, it } from 'vitest';
import { encodeContact, frostClientCredentials, runSimulation, view } from '../protocol/index';
import { outputsOf } from './outputs';
import { frostClientCredentialsOfState, frostClientStatusOfState } from './frostClientOutput';
import { toUiState, WaitTracker } from '../browser/index';
import type { CeremonySnapshot } from './ceremony';

const contactOf = (i: number): string =>
  encodeContact({ name: `custodian-${i + 1}`, pubkey: new Uint8Array(32).fill(i + 1) });

describe('frost-client credentials.toml of a finished ceremony', () => {
  it('ed25519, every contact given: the file lists every participant and equals the export of the same packages', async () => {
    const sim = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fc-ready',
      label: 'Treasury',
      frostClientContactFor: contactOf,
    });
    for (const p of sim.participants) {
      const r = frostClientCredentialsOfState(p.state);
      if (!('text' in r)) throw new Error(`not ready: ${JSON.stringify(r)}`);
      const o = outputsOf(p.state);
      const expected = frostClientCredentials({
        keyPackage: o.keyPackage,
        publicKeyPackage: o.publicKeyPackage,
        description: 'Treasury',
        contacts: new Map(
          [0, 1, 2].map((i) => [i + 1, { name: `custodian-${i + 1}`, pubkey: new Uint8Array(32).fill(i + 1) }]),
        ),
      });
      expect(r.text).toBe(expected);
      expect(r.text.match(/^\[group\.[0-9a-f]+\.participant\.[0-9a-f]+\]$/gm)).toHaveLength(3);
      expect(frostClientStatusOfState(p.state)).toEqual({ status: 'ready' });
    }
  });

  it('a custodian gave no contact: not offered, naming who is missing', async () => {
    const sim = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 3,
      seed: 'fc-missing',
      frostClientContactFor: (i) => (i === 1 ? undefined : contactOf(i)),
    });
    for (const p of sim.participants)
      expect(frostClientStatusOfState(p.state)).toEqual({ status: 'missing', missing: ['P2'] });
  });

  it('another key type: not offered, saying frost-client does not support it', async () => {
    const sim = await runSimulation({
      suite: 'secp256k1',
      minSigners: 2,
      maxSigners: 2,
      seed: 'fc-suite',
      frostClientContactFor: contactOf,
    });
    expect(frostClientStatusOfState(sim.participants[0]!.state)).toEqual({ status: 'unsupported', suite: 'secp256k1' });
  });

  it("the store gets the status with the success data and each person's contact, never the file", async () => {
    const sim = await runSimulation({
      suite: 'ed25519',
      minSigners: 2,
      maxSigners: 2,
      seed: 'fc-store',
      frostClientContactFor: contactOf,
    });
    const st = sim.participants[0]!.state;
    const snapshot: CeremonySnapshot = {
      view: view(st),
      links: {},
      presence: [],
      server: { state: 'idle', attempt: 0 },
      badPeers: [],
    };
    const ui = toUiState(snapshot, {
      inviteUrl: '',
      draftParams: null,
      rejectedCode: false,
      now: 0,
      waits: new WaitTracker(),
      publicKeyPackageJson: outputsOf(st).publicKeyPackageJson,
      frostClient: frostClientStatusOfState(st),
    });
    expect(ui.success?.frostClient).toEqual({ status: 'ready' });
    expect(ui.candidates?.map((c) => c.frostClientContact?.name)).toEqual(['custodian-1', 'custodian-2']);
    expect(JSON.stringify(ui)).not.toContain('key_package');
  });
});
