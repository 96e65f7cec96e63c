/**
 * Example: a 2-of-3 Taproot key signs a Bitcoin transaction, step by step through the pure API
 * (what each participant's app does; the ceremony carries the payloads in signed envelopes).
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { expect, it } from 'vitest';
import { seededRng } from '../dkg/testing/testHelpers.js';
import { approvingCustodians, receiveApproval, startApprovals } from './approvals.js';
import { finishAttempt, receiveShares, startAttempt } from './attempt.js';
import { decodeSigningPayload, encodeSigningPayload } from './messages.js';
import { consumeNonce, createNonce, emptyNonceStore } from './nonces.js';
import { signPsbt } from './psbt.js';
import { prepareRequest, type SigningRequest } from './request.js';
import { round2Sign, signingPackageHash, type SigningPackage } from './rounds.js';
import { initialReputation, selectSigners, updateReputation } from './selection.js';
import { makeGroup, twoInputPsbt } from './testing/fixtures.js';

it('example: sign a PSBT with a 2-of-3 Taproot key', () => {
  const { keyPackages, pkp } = makeGroup('secp256k1-tr', 2, 3);
  const rng = seededRng('example');

  // 1. The coordinator proposes a request. Every custodian's app parses it and shows it.
  const request: SigningRequest = { kind: 'psbt', psbt: twoInputPsbt(pkp), network: 'bitcoin' };
  const prepared = prepareRequest(request, pkp);
  if (prepared.view.kind !== 'psbt' || !prepared.requestHash || !prepared.messages) throw new Error('not signable');
  expect(prepared.view.fee).toBe(10_000n);
  expect(prepared.view.outputs.map((o) => o.change)).toEqual([false, true]);
  const { requestHash, messages } = prepared; // one message per input

  // 2. Each custodian approves (or refuses), carrying the hash of what it saw: a split view shows here.
  let approvals = startApprovals(requestHash, [1, 2, 3]);
  for (const id of [1, 2, 3]) {
    const payload = encodeSigningPayload({
      type: 'sign-approval',
      requestHash,
      decision: id === 1 ? 'refuse' : 'approve',
    });
    const received = decodeSigningPayload(payload, 'secp256k1-tr', messages.length);
    if (received.type !== 'sign-approval') throw new Error('type');
    approvals = receiveApproval(approvals, id, received).state;
  }

  // 3. Everyone computes the same signers: the top t approving by reputation.
  const reputation = initialReputation([1, 2, 3]);
  const { signers } = selectSigners(approvingCustodians(approvals), reputation, 2);
  expect(signers).toEqual([2, 3]);

  // 4. Round 1: each signer creates (and persists) one nonce per message, then sends the commitments.
  const stores = new Map(signers.map((id) => [id, emptyNonceStore()]));
  const packages: SigningPackage[] = messages.map((message) => ({ message, commitments: [] }));
  for (const id of signers) {
    messages.forEach((_, m) => {
      const r = createNonce(stores.get(id)!, `session-1/attempt-1/${m}`, keyPackages[id - 1]!, rng);
      stores.set(id, r.store); // persist, THEN send r.commitment
      packages[m]!.commitments.push(r.commitment);
    });
  }

  // 5. Round 2: each signer consumes (and persists) its nonces, then signs each package.
  let attempt = startAttempt(pkp, packages, signers);
  for (const id of signers) {
    const shares = packages.map((pkg, m) => {
      const c = consumeNonce(stores.get(id)!, `session-1/attempt-1/${m}`);
      stores.set(id, c.store); // persist, THEN sign
      return round2Sign(keyPackages[id - 1]!, pkp, pkg, c.nonce).share;
    });
    // Everyone checks every share on arrival; an invalid one would name its signer here.
    attempt = receiveShares(attempt, id, {
      packageHashes: packages.map((p) => signingPackageHash(pkp, p)),
      shares,
    }).state;
  }

  // 6. Aggregate, put the signatures into the PSBT, finalize.
  const signatures = finishAttempt(attempt);
  const signed = signPsbt(request.psbt, pkp.verifyingKey, 'bitcoin', signatures);
  signatures.forEach((sig, i) => expect(schnorr.verify(sig, messages[i]!, pkp.verifyingKey.subarray(1))).toBe(true));
  expect(signed.txHex).toMatch(/^02000000000102/);

  // 7. Reputation moves on: both signers gain.
  const { changes } = updateReputation(reputation, { signers, blamed: [] });
  expect(changes.map((c) => [c.identifier, c.after])).toEqual([
    [2, 100],
    [3, 100],
  ]);
});
