/**
 * Bound on verification-code attempts per room (issue 11.6). Each generation locks one roster
 * and shows one code; an attacker who controls the network (the server) and splits the room
 * gets one chance per generation that the two halves' codes coincide, about 10^-16 (16 decimal
 * digits from a 64-bit hash, commit-then-reveal: verificationCode.ts). Restarts are what make
 * new generations, so without a bound the chances add up without limit. After
 * MAX_GENERATIONS_PER_ROOM generations, the room is used up: the coordinator cannot restart,
 * every participant refuses a restart beyond the bound (naming the coordinator who signed it),
 * and a new room with a new invite (a new room secret, shared out of band) is needed.
 *
 * Resulting bound per room: MAX_GENERATIONS_PER_ROOM × 1845 / 2^64 ≤ 8.002 × 10^-16 (≈ 2^-50):
 * 2^64 mod 10^16 leaves each code at most ⌈2^64 / 10^16⌉ = 1845 of the 2^64 hash prefixes.
 */
import { ProtocolError, type Culprit } from '../errors.js';

/** Generations 0 .. MAX−1 may exist in one room: the first attempt and up to 7 restarts. */
export const MAX_GENERATIONS_PER_ROOM = 8;

/** Generations still possible after `generation` (0 when no restart is left). */
export function restartsLeft(generation: number): number {
  return Math.max(0, MAX_GENERATIONS_PER_ROOM - 1 - generation);
}

/** The refusal when a restart would go past the bound. */
export function roomExhausted(culprits: Culprit[] = []): ProtocolError {
  return new ProtocolError(
    'attempts-exhausted',
    `this room has used all ${MAX_GENERATIONS_PER_ROOM} attempts it allows (each restart is one more chance for someone who controls the network to make two split groups see the same code); create a new room and send everyone a new invite`,
    culprits,
    'lobby',
  );
}
