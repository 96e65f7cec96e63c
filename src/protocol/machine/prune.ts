/**
 * Secrets must not outlive their use (DESIGN "Never reuse secrets": pruned when no longer
 * needed). Once the result is confirmed (all n confirm-echoes agree), the DKG's working
 * secrets can no longer be asked for: no complaint can be judged any more (the session has an
 * outcome, advance() stops), no share is re-sent, no round-2 ciphertext is opened again. Kept
 * in the state would leave them in every later save (IndexedDB, the CLI `--state` file) for
 * as long as the device keeps the ceremony, where anyone who reads that copy gets them.
 *
 * Pruned: the round-1 polynomial coefficients (`session.secret`: with t of them, anyone holds
 * the participant's whole contribution), every share sent with its encryption randomness
 * (`session.round2Out`), every share received (`session.round2Shares`), and the generation's
 * ephemeral X25519 secret key (`ephemeral.secretKey`: it opens every round-2 ciphertext sent
 * to me, which the state and the relay log still hold).
 *
 * Kept (what is still needed): the identity key (signs later messages and the backup proof),
 * the result (`session.result`: the key package), all public data (envelopes, certificate
 * material, roster, history), and KEPT_FOR_TEST_SIGNING.
 */
import type { ParticipantState } from './types.js';

/**
 * The pending test-signing nonce (`session.testSign.nonces`): single-use, saved before its
 * commitment is sent, consumed by the test-signing step. Pruning it would make a commitment
 * that went out impossible to answer; it is cleared by test signing itself once used.
 */
export const KEPT_FOR_TEST_SIGNING = 'session.testSign.nonces' as const;

/** Value of a pruned secret key: empty hex (the state schema accepts it, nothing decodes it). */
export const PRUNED_KEY = '';

/** True when the state holds none of the DKG's working secrets. */
export function isPruned(st: ParticipantState): boolean {
  const s = st.session;
  return (
    st.ephemeral.secretKey === PRUNED_KEY &&
    (!s || (s.secret === null && Object.keys(s.round2Out).length === 0 && Object.keys(s.round2Shares).length === 0))
  );
}

/**
 * Drop the DKG's working secrets of a successful session, in place (idempotent). No-op unless
 * the session succeeded: a failed or running session may still need them (a complaint to
 * answer, a share to re-send).
 */
export function pruneAfterSuccess(st: ParticipantState): void {
  const s = st.session;
  if (!s || s.outcome !== 'success') return;
  s.secret = null;
  s.round2Out = {};
  s.round2Shares = {};
  st.ephemeral = { secretKey: PRUNED_KEY, publicKey: st.ephemeral.publicKey };
}
