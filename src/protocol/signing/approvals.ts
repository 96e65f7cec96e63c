/**
 * Collecting approvals: each custodian's signed decision on the request it was shown, carrying
 * the request hash it computed itself. The pure handler (`receiveApproval`) is where a split view
 * is caught before anyone signs: an approval for another hash means that custodian was shown
 * another request. The sender is the envelope's signer (identity from the channel).
 *
 * - a sender that holds no share of the key: ignored, reported;
 * - another request hash: 'split-view' (the ceremony stops; nobody signs; the coordinator's
 *   signed request envelopes show who was shown what);
 * - the same decision again: idempotent;
 * - a different decision from the same custodian: 'changed' (two signed, contradictory answers:
 *   equivocation evidence); the first one stands.
 */
import { bytesEqual, toHex } from '../encoding.js';
import type { ApprovalPayload } from './messages.js';

export interface ApprovalState {
  /** The request hash this participant computed. */
  readonly requestHash: Uint8Array;
  /** Identifiers of the key's share holders. */
  readonly members: readonly number[];
  readonly decisions: ReadonlyMap<number, ApprovalPayload['decision']>;
  /** Custodians who sent an approval for another request (split view), with the hash they sent. */
  readonly splitView: ReadonlyMap<number, string>;
}

export type ApprovalResult =
  | { kind: 'recorded' }
  | { kind: 'duplicate' }
  | { kind: 'not-a-member'; sender: number }
  | { kind: 'split-view'; sender: number; theirHash: string; ourHash: string }
  | { kind: 'changed'; sender: number; first: ApprovalPayload['decision']; second: ApprovalPayload['decision'] };

export function startApprovals(requestHash: Uint8Array, members: readonly number[]): ApprovalState {
  return {
    requestHash,
    members: [...new Set(members)].sort((a, b) => a - b),
    decisions: new Map(),
    splitView: new Map(),
  };
}

export function receiveApproval(
  state: ApprovalState,
  sender: number,
  a: ApprovalPayload,
): { state: ApprovalState; result: ApprovalResult } {
  if (!state.members.includes(sender)) return { state, result: { kind: 'not-a-member', sender } };
  if (!bytesEqual(a.requestHash, state.requestHash)) {
    const splitView = new Map(state.splitView);
    splitView.set(sender, toHex(a.requestHash));
    return {
      state: { ...state, splitView },
      result: { kind: 'split-view', sender, theirHash: toHex(a.requestHash), ourHash: toHex(state.requestHash) },
    };
  }
  const prior = state.decisions.get(sender);
  if (prior !== undefined)
    return {
      state,
      result:
        prior === a.decision ? { kind: 'duplicate' } : { kind: 'changed', sender, first: prior, second: a.decision },
    };
  const decisions = new Map(state.decisions);
  decisions.set(sender, a.decision);
  return { state: { ...state, decisions }, result: { kind: 'recorded' } };
}

/** Who approved, ascending (the input of selectSigners). Empty while a split view is known: nobody signs. */
export function approvingCustodians(state: ApprovalState): number[] {
  if (state.splitView.size > 0) return [];
  return [...state.decisions.entries()]
    .filter(([, d]) => d === 'approve')
    .map(([id]) => id)
    .sort((a, b) => a - b);
}

/** Members who have not answered yet (the screen's "waiting for"). */
export function undecided(state: ApprovalState): number[] {
  return state.members.filter((m) => !state.decisions.has(m) && !state.splitView.has(m));
}
