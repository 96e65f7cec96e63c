/**
 * A whole signing session among key holders in one process, through the same pure steps a
 * networked ceremony takes (request check and hash, approval, selection by reputation, round 1
 * with persisted nonces, round 2, share verification, blame and replacement, aggregation,
 * PSBT finalization, record) and the same receiving handlers (approvals.ts, attempt.ts), every
 * payload passing through its strict wire form (messages.ts); only the envelopes and the network
 * are missing. For rehearsal, the CLI's `sign-local`, and tests. `corruptShare`
 * is a rehearsal fault: that signer's share is altered after it is made, as a cheating signer
 * would send it.
 */
import type { KeyPackage, PublicKeyPackage, Rng } from '../dkg/types.js';
import { decodeScalar, encodeScalar } from '../dkg/group.js';
import { toHex } from '../encoding.js';
import { getSuite } from '../suites.js';
import { SignError } from './errors.js';
import { consumeNonce, createNonce, emptyNonceStore, type NonceStore, type SigningCommitment } from './nonces.js';
import { signPsbt, type SignedPsbt } from './psbt.js';
import { evidenceToJson, requestToJson, SIGNING_RECORD_FORMAT, type SigningRecord } from './record.js';
import {
  blockingProblems,
  findSplitView,
  prepareRequest,
  requestHash,
  type RequestView,
  type SigningRequest,
} from './request.js';
import { round2Sign, signersNeeded, type ShareEvidence, type SignatureShare, type SigningPackage } from './rounds.js';
import { awaitedSigners, finishAttempt, receiveShares, startAttempt } from './attempt.js';
import { approvingCustodians, receiveApproval, startApprovals } from './approvals.js';
import { decodeSigningPayload, encodeSigningPayload, type SigningPayload } from './messages.js';
import { replaceSigners, updateReputation, type ReputationState } from './selection.js';

/** One key holder in the room. */
export interface LocalSigner {
  keyPackage: KeyPackage;
  /** Whether this custodian approves the request (refusal is a normal outcome). */
  approves: boolean;
  /** Rehearsal fault: send an altered signature share. */
  corruptShare?: boolean;
  /** Rehearsal fault: send no signature share (the coordinator restarts without this signer). */
  silent?: boolean;
  /** Rehearsal fault (split view): the request this custodian was shown, when not the common one. */
  sawRequest?: SigningRequest;
}

/** One attempt: who was selected, who was caught (invalid share) and who stayed silent. */
export interface LocalAttempt {
  signers: number[];
  blamed: number[];
  silent: number[];
}

export interface LocalSigningResult {
  view: RequestView;
  requestHash: Uint8Array;
  attempts: LocalAttempt[];
  signers: number[];
  signatures: Uint8Array[];
  psbt: SignedPsbt | null;
  reputation: ReputationState;
  record: SigningRecord;
}

/**
 * Runs the session. Throws SignError: 'unverifiable-request' (blocking problems in the
 * request), 'not-enough-signers' (too few approving, unjailed custodians left: the error names
 * the blamed ones), or what a step refuses.
 */
export function signLocal(opts: {
  publicKeyPackage: PublicKeyPackage;
  request: SigningRequest;
  signers: readonly LocalSigner[];
  reputation: ReputationState;
  rng: Rng;
  jailSessions?: number;
}): LocalSigningResult {
  const { publicKeyPackage: pkp, request, reputation: rep, rng } = opts;
  const prepared = prepareRequest(request, pkp);
  const view = prepared.view;
  if (prepared.requestHash === null || prepared.messages === null)
    throw new SignError(
      'unverifiable-request',
      blockingProblems(view)
        .map((p) => p.text)
        .join(' '),
    );
  const hash = prepared.requestHash;
  const messages = prepared.messages;
  const suite = pkp.suite;
  const members = pkp.verifyingShares.map((v) => v.identifier);
  const byId = new Map(opts.signers.map((s) => [s.keyPackage.identifier, s]));
  // Every message goes through its wire form (encode, then the strict decoder), as on the network.
  const wire = <T extends SigningPayload>(p: T): T =>
    decodeSigningPayload(encodeSigningPayload(p), suite, messages.length) as T;

  // Approvals: each custodian hashes the request it was shown and answers; a split view stops
  // everything before any nonce exists.
  let approvals = startApprovals(hash, members);
  for (const s of opts.signers) {
    const seen = s.sawRequest ? requestHash(s.sawRequest, pkp) : hash;
    approvals = receiveApproval(
      approvals,
      s.keyPackage.identifier,
      wire({ type: 'sign-approval', requestHash: seen, decision: s.approves ? 'approve' : 'refuse' }),
    ).state;
  }
  if (approvals.splitView.size > 0) {
    const split = findSplitView(
      opts.signers.map((s) => ({
        identifier: s.keyPackage.identifier,
        requestHash: s.sawRequest ? requestHash(s.sawRequest, pkp) : hash,
      })),
    )!;
    throw new SignError(
      'split-view',
      `custodians were shown different requests: ${split.map((g) => `${g.identifiers.join(', ')} saw ${g.requestHash.slice(0, 16)}…`).join('; ')}`,
    );
  }
  const approving = approvingCustodians(approvals);
  const need = signersNeeded(pkp);
  const stores = new Map<number, NonceStore>(opts.signers.map((s) => [s.keyPackage.identifier, emptyNonceStore()]));
  const blamed: number[] = [];
  const excluded: number[] = [];
  const evidence = new Map<number, ShareEvidence[]>();
  const attempts: LocalAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    let selection;
    try {
      selection = replaceSigners(approving, rep, need, blamed, excluded);
    } catch (e) {
      if (e instanceof SignError && e.code === 'not-enough-signers')
        throw new SignError(
          'not-enough-signers',
          `${e.message} (left out after an invalid share: ${blamed.join(', ') || 'nobody'}; silent: ${excluded.join(', ') || 'nobody'})`,
          blamed,
        );
      throw e;
    }
    const signers = selection.signers;
    const nonceId = (m: number) => `${toHex(hash)}/${attempt}/${m}`;
    // Round 1: one nonce per signer per message, stored (= "persisted") before the commitment goes out.
    const commitments: SigningCommitment[][] = messages.map(() => []);
    for (const id of signers) {
      const mine: { hiding: Uint8Array; binding: Uint8Array }[] = [];
      for (let m = 0; m < messages.length; m++) {
        const r = createNonce(stores.get(id)!, nonceId(m), byId.get(id)!.keyPackage, rng);
        stores.set(id, r.store);
        mine.push({ hiding: r.commitment.hiding, binding: r.commitment.binding });
      }
      const sent = wire({ type: 'sign-commitments', requestHash: hash, attempt, commitments: mine });
      // The sender is the envelope's signer: the identifier comes from the channel, not the payload.
      sent.commitments.forEach((c, m) => commitments[m]!.push({ identifier: id, ...c }));
    }
    const packages: SigningPackage[] = messages.map((message, m) => ({ message, commitments: commitments[m]! }));
    let state = startAttempt(pkp, packages, signers);
    // Round 2: consume (and "persist") the nonce, then sign; the receiver checks each share on arrival.
    for (const id of signers) {
      const s = byId.get(id)!;
      if (s.silent) continue; // its nonces stay unused in its store; this attempt never finishes with it
      const shares = packages.map((pkg, m) => {
        const c = consumeNonce(stores.get(id)!, nonceId(m));
        stores.set(id, c.store);
        const share = round2Sign(s.keyPackage, pkp, pkg, c.nonce);
        return (s.corruptShare ? corrupt(pkp, share) : share).share;
      });
      const sent = wire({
        type: 'sign-shares',
        requestHash: hash,
        attempt,
        packageHashes: [...state.packageHashes],
        shares,
      });
      state = receiveShares(state, id, sent).state;
    }
    const caught = [...state.invalid.keys()].sort((a, b) => a - b);
    for (const id of caught) evidence.set(id, [...(evidence.get(id) ?? []), ...state.invalid.get(id)!]);
    // The coordinator's restart: without the proven culprits, or else without the silent ones.
    const silent = caught.length > 0 ? [] : awaitedSigners(state);
    attempts.push({ signers, blamed: caught, silent });
    if (caught.length > 0 || silent.length > 0) {
      blamed.push(...caught);
      excluded.push(...silent);
      continue; // the next attempt: replaced, fresh nonces (new ids)
    }
    const signatures = finishAttempt(state);
    const next = updateReputation(rep, { signers, blamed, excluded }, opts.jailSessions);
    const psbt = request.kind === 'psbt' ? signPsbt(request.psbt, pkp.verifyingKey, request.network, signatures) : null;
    const record: SigningRecord = {
      format: SIGNING_RECORD_FORMAT,
      suite: pkp.suite,
      verifyingKey: toHex(pkp.verifyingKey),
      request: requestToJson(request),
      requestHash: toHex(hash),
      session: rep.session,
      signers,
      signatures: signatures.map(toHex),
      ...(psbt ? { transaction: psbt.txHex } : {}),
      blamed: blamed.map((identifier) => ({ identifier, evidence: evidence.get(identifier)!.map(evidenceToJson) })),
      excluded: [...excluded].sort((a, b) => a - b),
      reputation: next.changes,
    };
    return { view, requestHash: hash, attempts, signers, signatures, psbt, reputation: next.state, record };
  }
}

/** share + 1 (mod n): a well-formed scalar that is not the signer's share. */
function corrupt(pkp: PublicKeyPackage, s: SignatureShare): SignatureShare {
  const suite = getSuite(pkp.suite);
  const z = decodeScalar(suite, s.share)!;
  return { identifier: s.identifier, share: encodeScalar(suite, suite.internals.Fn.add(z, 1n)) };
}
