/**
 * The limits every layer agrees on, in one place: the protocol (what it seals and accepts), the
 * transport (what it sends and takes from a peer), the server (what it relays) and the docs
 * (WIRE.md, PROTOCOL.md, DEPLOY.md; `limits.test.ts` checks that they state these numbers).
 * Pure constants, no imports, so that the protocol may use them and stay pure.
 */

/** Most custodians in one ceremony (n). Sizes below are measured at this n (`src/protocol/sizes.test.ts`). */
export const MAX_PARTICIPANTS = 100;

/**
 * Largest envelope (signed message, in bytes) that is sealed, sent, relayed or accepted: 192 KiB.
 * The largest protocol message, a Restart embedding a failure record with evidence, is ~161 kB at
 * n = MAX_PARTICIPANTS; a second signed roster kept whole is ~117 kB. It stays below Chromium's
 * 256 KiB data-channel message limit, so an envelope always fits one data-channel message.
 */
export const MAX_ENVELOPE_BYTES = 192 * 1024;

/** Longest room id or peer id (peer ids are typically the 64 hex digits of an identity key). */
export const MAX_ID_LENGTH = 128;

/** Default peers per room on the server: a full roster plus a few onlookers (room_full beyond it). */
export const DEFAULT_MAX_PEERS_PER_ROOM = MAX_PARTICIPANTS + 10;
