/**
 * Test support (imported only by *.test.ts): a complete in-memory FROST DKG through the protocol
 * core, yielding frost-rs JSON key packages and the public key package.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import {
  dkgRound1,
  dkgRound2Shares,
  dkgRound3,
  type KeyPackage,
  type PublicKeyPackage,
  type Round1Package,
  type Round1Secret,
  keyPackageToJson,
  publicKeyPackageToJson,
  round1PackageToJson,
  round2PackageToJson,
  getSuite,
  type SuiteName,
} from '../../protocol/index.js';
import { nodeIo, type CliIo } from '../output.js';

/** Everything one DKG run produces, objects and JSON. */
export interface DkgFixture {
  suite: SuiteName;
  keyPackages: KeyPackage[];
  keyPackageJson: string[];
  publicKeyPackage: PublicKeyPackage;
  publicKeyPackageJson: string;
  /** Participant 1's round-1 package. */
  round1Json: string;
  /** The share participant 1 sends participant 2. */
  round2Json: string;
}

/** Runs a t-of-n DKG for `suite` and returns the outputs (identifiers 1..n). */
export function runDkg(suite: SuiteName, minSigners: number, maxSigners: number): DkgFixture {
  const s = getSuite(suite);
  const ids = Array.from({ length: maxSigners }, (_, k) => k + 1);
  const secrets = new Map<number, Round1Secret>();
  const round1 = new Map<number, Round1Package>();
  for (const id of ids) {
    const r = dkgRound1(s, id, minSigners, maxSigners, randomBytes);
    secrets.set(id, r.secret);
    round1.set(id, r.package);
  }
  // received.get(j).get(i) = the share j received from i.
  const received = new Map<number, Map<number, Uint8Array>>(ids.map((id) => [id, new Map()]));
  let firstShare: Uint8Array | undefined;
  for (const i of ids) {
    const shares = dkgRound2Shares(
      s,
      secrets.get(i) as Round1Secret,
      ids.filter((j) => j !== i),
    );
    for (const [j, share] of shares) {
      received.get(j)?.set(i, share);
      if (i === 1 && j === 2) firstShare = share;
    }
  }
  const keyPackages: KeyPackage[] = [];
  let publicKeyPackage: PublicKeyPackage | undefined;
  for (const id of ids) {
    const r = dkgRound3(s, secrets.get(id) as Round1Secret, round1, received.get(id) as Map<number, Uint8Array>);
    if (!r.ok) throw new Error(`fixture DKG failed: bad shares from ${r.badShares.join(', ')}`);
    keyPackages.push(r.keyPackage);
    publicKeyPackage = r.publicKeyPackage;
  }
  if (!publicKeyPackage) throw new Error('fixture DKG produced no public key package');
  return {
    suite,
    keyPackages,
    keyPackageJson: keyPackages.map((kp) => keyPackageToJson(kp)),
    publicKeyPackage,
    publicKeyPackageJson: publicKeyPackageToJson(publicKeyPackage),
    round1Json: round1PackageToJson(s, round1.get(1) as Round1Package),
    round2Json: firstShare ? round2PackageToJson(s, firstShare) : '',
  };
}

/** An io for in-process command runs: real files, captured stdout/stderr, optional fixed randomness. */
export function captureIo(overrides: Partial<CliIo> = {}): { io: CliIo; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    ...nodeIo(),
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    ...overrides,
  };
  return { io, stdout: () => out, stderr: () => err };
}
