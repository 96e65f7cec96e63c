/**
 * The signing room's progress as a pure function of the envelopes held (no arrival order): who
 * decided what, which share each approver proved, and attempt after attempt (1, 2, …) the
 * selected signers (top t approvers by reputation, signing/selection.ts, without those blamed in
 * an earlier attempt), their commitments (RFC 9591 §5.1), the signing packages and their shares
 * (§5.2), each judged with the shipping verifier (signing/attempt.ts receiveShares, §5.4). An
 * attempt with an invalid share names its signer with evidence; the next attempt replaces them
 * with the next-ranked approver and runs with fresh nonces. Every honest member holding the same
 * envelopes derives the same attempts, signers and verdicts.
 */
import { readTrusted } from '../../envelope.js';
import { toHex } from '../../encoding.js';
import type { ProtocolCache } from '../../cache.js';
import {
  awaitedSigners,
  decodeSigningPayload,
  finishAttempt,
  prepareSigningRoom,
  receiveShares,
  replaceSigners,
  signersNeeded,
  SignError,
  startAttempt,
  type ApprovalPayload,
  type AttemptState,
  type CommitmentsPayload,
  type PreparedSigningRoom,
  type ShareEvidence,
  type SharesPayload,
  type SigningPackage,
} from '../../signing/index.js';
import type { SessionState } from '../types.js';
import type { SigningRoomState } from './state.js';

/** The room's key and request as I parsed them (memoised per roster). */
export function roomOf(s: SessionState, cache?: ProtocolCache): PreparedSigningRoom {
  const p = s.params.signing;
  if (!p) throw new Error('not a signing room');
  const make = () => prepareSigningRoom(p, s.params.suite, s.params.minSigners);
  return cache ? cache.memo('signing-room', s.id, make) : make();
}

export function payloadBody(text: string): unknown {
  return JSON.parse(readTrusted(text).payload) as unknown;
}

/** The strict signing payload inside a stored (already checked) signing envelope. */
export function bodyOf<T>(room: PreparedSigningRoom, text: string): T {
  const p = payloadBody(text) as { body: string };
  return decodeSigningPayload(p.body, room.pkp.suite, room.prepared.messages.length) as T;
}

export interface AttemptView {
  attempt: number;
  signers: number[];
  /** Signers whose commitments are still awaited. */
  awaitingCommit: number[];
  /** Signers whose shares are still awaited (empty until every commitment is in). */
  awaitingShare: number[];
  /** The signing packages (one per message), once every commitment is in. */
  packages: SigningPackage[] | null;
  /** Signers who sent an invalid share in this attempt, with evidence. */
  invalid: Map<number, ShareEvidence[]>;
  state: AttemptState | null;
}

export interface RoomProgress {
  /** Roster positions whose decision is not in. */
  undecided: number[];
  /** Roster positions whose approval names another request hash (split view). */
  splitView: { position: number; requestHash: string }[];
  /** Identifiers that approved, ascending (only once everyone decided). */
  approving: number[] | null;
  refusing: number[];
  attempts: AttemptView[];
  /** Identifiers blamed (invalid share) so far, with evidence. */
  blamed: Map<number, ShareEvidence[]>;
  /** Signatures once the last attempt finished. */
  signatures: Uint8Array[] | null;
  /** Set when no attempt can run (too few eligible approvers). */
  notEnough: SignError | null;
}

/** Holder positions by identifier: the first roster position proving a share keeps it (deterministic). */
export function positionsById(sr: SigningRoomState): Map<number, number> {
  const m = new Map<number, number>();
  for (const pos of Object.keys(sr.holders)
    .map(Number)
    .sort((a, b) => a - b)) {
    const id = sr.holders[String(pos)]!;
    if (!m.has(id)) m.set(id, pos);
  }
  return m;
}

export function deriveProgress(s: SessionState, sr: SigningRoomState, room: PreparedSigningRoom): RoomProgress {
  const n = s.roster.length;
  const undecided: number[] = [];
  const splitView: RoomProgress['splitView'] = [];
  const approvingSet: number[] = [];
  const refusing: number[] = [];
  const owner = positionsById(sr);
  for (let pos = 1; pos <= n; pos++) {
    const text = sr.approvals[String(pos)];
    if (text === undefined) {
      undecided.push(pos);
      continue;
    }
    const a = bodyOf<ApprovalPayload>(room, text);
    const id = sr.holders[String(pos)]!;
    if (toHex(a.requestHash) !== sr.requestHash) splitView.push({ position: pos, requestHash: toHex(a.requestHash) });
    else if (owner.get(id) !== pos)
      continue; // a second holder of one share: the first one speaks for it
    else (a.decision === 'approve' ? approvingSet : refusing).push(id);
  }
  const out: RoomProgress = {
    undecided,
    splitView,
    approving: null,
    refusing: refusing.sort((a, b) => a - b),
    attempts: [],
    blamed: new Map(),
    signatures: null,
    notEnough: null,
  };
  if (undecided.length > 0 || splitView.length > 0) return out;
  const approving = approvingSet.sort((a, b) => a - b);
  out.approving = approving;
  const need = signersNeeded(room.pkp);
  for (let attempt = 1; ; attempt++) {
    let signers: number[];
    try {
      signers = replaceSigners(approving, room.reputation, need, [...out.blamed.keys()]).signers;
    } catch (e) {
      if (e instanceof SignError && e.code === 'not-enough-signers') {
        out.notEnough = e;
        return out;
      }
      throw e;
    }
    const view: AttemptView = {
      attempt,
      signers,
      awaitingCommit: [],
      awaitingShare: [],
      packages: null,
      invalid: new Map(),
      state: null,
    };
    out.attempts.push(view);
    const lists: { identifier: number; hiding: Uint8Array; binding: Uint8Array }[][] = room.prepared.messages.map(
      () => [],
    );
    for (const id of signers) {
      const text = sr.commits[`${attempt}:${id}`];
      if (text === undefined) {
        view.awaitingCommit.push(id);
        continue;
      }
      const c = bodyOf<CommitmentsPayload>(room, text);
      c.commitments.forEach((x, m) => lists[m]!.push({ identifier: id, hiding: x.hiding, binding: x.binding }));
    }
    if (view.awaitingCommit.length > 0) return out;
    view.packages = room.prepared.messages.map((message, m) => ({ message, commitments: lists[m]! }));
    let st = startAttempt(room.pkp, view.packages, signers);
    for (const id of signers) {
      const text = sr.shares[`${attempt}:${id}`];
      if (text === undefined) continue;
      const sh = bodyOf<SharesPayload>(room, text);
      st = receiveShares(st, id, { packageHashes: sh.packageHashes, shares: sh.shares }).state;
    }
    view.state = st;
    view.invalid = new Map(st.invalid);
    view.awaitingShare = awaitedSigners(st);
    if (view.awaitingShare.length > 0) return out;
    if (st.invalid.size > 0) {
      for (const [id, ev] of st.invalid) out.blamed.set(id, ev);
      continue; // the next attempt: the blamed replaced, fresh nonces
    }
    out.signatures = finishAttempt(st);
    return out;
  }
}

/** Hex package hashes of an attempt (what a share must name). */
export function packageHashesOf(view: AttemptView): string[] {
  return view.state ? view.state.packageHashes.map(toHex) : [];
}
