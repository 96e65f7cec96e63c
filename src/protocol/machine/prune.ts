/**
 * Secrets must not outlive their use (DESIGN "Never reuse secrets": pruned when no longer
 * needed). With COCKTAIL-DKG the state holds no DKG working secret at all: Round 1's polynomial
 * and ephemeral scalar e_i live only inside the step that makes msg1 (advance.ts sendRound1),
 * and Round 2 decrypts with d_i, derived from the master secret when needed (staticKeys.ts).
 *
 * Pruned after success: the generation's ephemeral X25519 secret key (`ephemeral.secretKey`),
 * which the Hello still announces but nothing needs once the session is decided.
 *
 * Kept (what is still needed): the identity key (signs later messages and the backup proof),
 * the master secret (the custodian's one backup: it restores the key package with the public
 * recovery data), the result (`session.result`: the key package), all public data (envelopes,
 * certificate material, roster, history), and KEPT_FOR_TEST_SIGNING.
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
  return st.ephemeral.secretKey === PRUNED_KEY;
}

/**
 * Drop the DKG's working secrets of a successful session, in place (idempotent). No-op unless
 * the session succeeded.
 */
export function pruneAfterSuccess(st: ParticipantState): void {
  const s = st.session;
  if (!s || s.outcome !== 'success') return;
  st.ephemeral = { secretKey: PRUNED_KEY, publicKey: st.ephemeral.publicKey };
}
