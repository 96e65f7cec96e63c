/**
 * The secret-free projection of a signing room for a screen or a terminal: what is signed (the
 * request in plain words, as this member parsed it), who decided what, who signs in the current
 * attempt, who was blamed, and the outcome. Nothing here is a secret (no key package, no nonce).
 */
import type { Culprit, ProtocolErrorData } from '../../errors.js';
import type { ApprovalPayload, RequestView } from '../../signing/index.js';
import { toHex } from '../../encoding.js';
import type { ParticipantState } from '../types.js';
import { bodyOf, deriveProgress, positionsById, roomOf } from './attempts.js';
import { isSigningSession } from './state.js';

export interface SigningRoomView {
  /** The request as this member parsed it (message text/hex, or every PSBT input and output, fee, warnings). */
  request: RequestView;
  /** Hash of the request (hex): what an approval names. */
  requestHash: string;
  /** The key: suite, group key (hex), t of n holders. */
  key: { suite: string; verifyingKey: string; minSigners: number; holders: number };
  /** SHA-256 of the key's certificate, when the coordinator gave one. */
  certificateHash: string | null;
  /** Every Start is in (the codes matched for everyone): answers may be given. */
  canAnswer: boolean;
  /** My decision so far. */
  decision: 'pending' | 'approve' | 'refuse';
  /** Each roster member: the share it proved and its decision (null: not yet). */
  members: (Culprit & { share: number | null; decision: 'approve' | 'refuse' | null })[];
  /** The current attempt (1, 2, …) and its signers by name, when selection has happened. */
  attempt: { number: number; signers: Culprit[] } | null;
  /** Members proven to have sent an invalid share (named; the evidence is in the record). */
  blamed: Culprit[];
  status: 'collecting' | 'done' | 'failed';
  signatures: string[];
  transaction: string | null;
  /** The signing record signed by me (JSON), once done. */
  record: string | null;
  error: ProtocolErrorData | null;
}

/** Null unless the current session is a signing room. */
export function signingRoomView(state: ParticipantState): SigningRoomView | null {
  const s = state.session;
  if (!isSigningSession(s)) return null;
  const room = roomOf(s);
  const sr = s.signing;
  const person = (pos: number): Culprit => {
    const r = s.roster[pos - 1]!;
    return { identity: r.identity, id: pos, name: r.name };
  };
  const progress = sr ? deriveProgress(s, sr, room) : null;
  const owners = sr ? positionsById(sr) : new Map<number, number>();
  const byShare = (id: number): Culprit => {
    const pos = owners.get(id);
    return pos ? person(pos) : { identity: '', name: `share ${id}` };
  };
  const last = progress?.attempts[progress.attempts.length - 1];
  return {
    request: room.prepared.view,
    requestHash: toHex(room.prepared.requestHash),
    key: {
      suite: room.pkp.suite,
      verifyingKey: toHex(room.pkp.verifyingKey),
      minSigners: room.pkp.minSigners,
      holders: room.pkp.verifyingShares.length,
    },
    certificateHash: s.params.signing?.certificateHash ?? null,
    canAnswer: Object.keys(s.starts).length === s.roster.length && s.codeConfirmed,
    decision: sr?.decision ?? 'pending',
    members: s.roster.map((_, i) => {
      const text = sr?.approvals[String(i + 1)];
      const share = sr?.holders[String(i + 1)] ?? null;
      const decision = text === undefined ? null : bodyOf<ApprovalPayload>(room, text).decision;
      return { ...person(i + 1), share, decision };
    }),
    attempt: last ? { number: last.attempt, signers: last.signers.map(byShare) } : null,
    blamed: progress ? [...progress.blamed.keys()].map(byShare) : [],
    status: sr?.status ?? 'collecting',
    signatures: sr?.signatures ?? [],
    transaction: sr?.transaction ?? null,
    record: sr?.record ?? null,
    error: sr?.error ?? null,
  };
}

/**
 * Roster positions a signing room is waiting for, once every Start is in: members who have not
 * answered, then the current attempt's signers whose commitment or share is missing. Empty when
 * done or failed. (The key ceremony's rounds never run in a signing room, so their "waiting for"
 * would name everyone.)
 */
export function signingWaitingFor(state: ParticipantState): number[] {
  const s = state.session;
  if (!isSigningSession(s) || !s.signing || s.signing.status !== 'collecting') return [];
  const sr = s.signing;
  const progress = deriveProgress(s, sr, roomOf(s));
  if (progress.approving === null) return progress.undecided;
  const last = progress.attempts[progress.attempts.length - 1];
  if (!last) return [];
  const owners = positionsById(sr);
  const ids = last.awaitingCommit.length > 0 ? last.awaitingCommit : last.awaitingShare;
  return ids.map((id) => owners.get(id)!).filter((pos) => pos !== undefined && pos !== s.myId);
}
