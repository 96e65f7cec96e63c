// Recovery from the certificate the ceremony machine itself writes (runSimulation: every
// participant runs the real state machine), for all six suites: each participant's master
// secret gives back exactly the key package the machine holds. Before the COCKTAIL ceremony is
// merged the machine writes v1 certificates, which must be refused by name; from then on (v2)
// the byte-identical recovery runs. (Checked on a trial merge with the core branch: all six pass.)
import { describe, expect, it } from 'vitest';
import { createNobleIdentityCrypto } from '../identity.js';
import { fromHex } from '../encoding.js';
import { keyPackageToJson, publicKeyPackageToJson } from '../frostJson/index.js';
import { keyPackageOf } from '../machine/outputs.js';
import { runSimulation } from '../simulation.js';
import { SUITE_NAMES } from '../suites.js';
import { recoverFromCertificate, RecoveryError } from './index.js';

describe('recovery from the ceremony machine’s own certificate', () => {
  for (const suite of SUITE_NAMES)
    it(`${suite} 2-of-3: every participant recovers the key package the ceremony gave them`, async () => {
      const r = await runSimulation({
        suite,
        minSigners: 2,
        maxSigners: 3,
        seed: `recovery/${suite}`,
        crypto: createNobleIdentityCrypto(),
        autoRestart: false,
      });
      const certificate = r.certificate!;
      const format = (JSON.parse(certificate) as { format: string }).format;
      for (const p of r.participants) {
        const recover = () => recoverFromCertificate({ certificate, masterSecret: fromHex(p.state.master) });
        if (format === 'frost-ceremony/certificate/v1') {
          expect(recover).toThrow(RecoveryError);
          expect(recover).toThrow(/has no recovery data: made before COCKTAIL-DKG/);
          continue;
        }
        const rec = recover();
        expect(rec.keyPackageJson).toBe(keyPackageToJson(keyPackageOf(p.state)!));
        expect(rec.publicKeyPackageJson).toBe(publicKeyPackageToJson(r.publicKeyPackage!));
        expect(rec.name).toBe(p.name);
      }
    });
});
