/**
 * Payloads of the lifecycle messages (zod, strict: unknown fields are rejected), and their
 * decoding into the byte types the steps take. Only shapes and hard bounds are checked here
 * (lowercase hex of at most the largest suite's length, at most MAX_PARTICIPANTS entries); the
 * steps check suite lengths and group membership and blame the sender. A payload that fails
 * here is 'malformed', naming the envelope's signer — never a field inside the payload.
 *
 *   lifecycle-holding        every old holder → all        { identifier, signature }       proofOfHolding.ts
 *   refresh-commitment       refresher → all               { commitment: t−1 points }      refreshRound1.ts
 *   refresh-share            refresher → refresher (sealed) { share }                      refreshRound2.ts
 *   repair-delta-commitments helper → helpers and r        { commitments: [{helper, point}] } repairPart1.ts
 *   repair-delta             helper → helper (sealed)      { delta }                       repairPart1.ts
 *   repair-sigma             helper → r (sealed)           { sigma }                       repairPart2.ts
 *   reshare-commitment       dealer → all                  { commitment: t' points }       reshareDeal.ts
 *   reshare-share            dealer → new holder (sealed)  { share }                       reshareDeal.ts
 */
import { z } from 'zod';
import { fromHex, toHex } from '../encoding.js';
import { MAX_PARTICIPANTS } from '../session.js';
import { LifecycleError } from './errors.js';

/** Largest encodings over the six suites (ed448: 57-byte scalars and points, 114-byte signatures). */
const MAX_SCALAR = 57;
const MAX_POINT = 57;
const MAX_SIGNATURE = 114;

const hex = (maxBytes: number) =>
  z
    .string()
    .min(2)
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})+$/);
const id = z.number().int().min(1).max(MAX_PARTICIPANTS);
const points = z.array(hex(MAX_POINT)).max(MAX_PARTICIPANTS);

export const holdingSchema = z.object({ identifier: id, signature: hex(MAX_SIGNATURE) }).strict();
export const commitmentSchema = z.object({ commitment: points }).strict();
export const shareSchema = z.object({ share: hex(MAX_SCALAR) }).strict();
export const deltaCommitmentsSchema = z
  .object({
    commitments: z
      .array(z.object({ helper: id, point: hex(MAX_POINT) }).strict())
      .min(1)
      .max(MAX_PARTICIPANTS),
  })
  .strict();
export const deltaSchema = z.object({ delta: hex(MAX_SCALAR) }).strict();
export const sigmaSchema = z.object({ sigma: hex(MAX_SCALAR) }).strict();

function parse<T>(schema: z.ZodType<T>, payload: unknown, sender: number, what: string): T {
  const r = schema.safeParse(payload);
  if (!r.success)
    throw new LifecycleError(
      'malformed',
      `${what} from ${sender} is malformed: ${r.error.issues[0]?.message ?? 'invalid'}`,
      [sender],
    );
  return r.data;
}

/** lifecycle-holding payload → ProofOfHolding. */
export const decodeHolding = (payload: unknown, sender: number) => {
  const p = parse(holdingSchema, payload, sender, 'proof of holding');
  return { identifier: p.identifier, signature: fromHex(p.signature) };
};
export const encodeHolding = (p: { identifier: number; signature: Uint8Array }) => ({
  identifier: p.identifier,
  signature: toHex(p.signature),
});

/** refresh-commitment / reshare-commitment payload → { commitment }. */
export const decodeCommitment = (payload: unknown, sender: number) => ({
  commitment: parse(commitmentSchema, payload, sender, 'commitment').commitment.map(fromHex),
});
export const encodeCommitment = (p: { commitment: Uint8Array[] }) => ({ commitment: p.commitment.map(toHex) });

/** refresh-share / reshare-share payload → share bytes. */
export const decodeShare = (payload: unknown, sender: number) =>
  fromHex(parse(shareSchema, payload, sender, 'share').share);
export const encodeShare = (share: Uint8Array) => ({ share: toHex(share) });

/** repair-delta-commitments payload → Map helper → point; a helper named twice is malformed. */
export function decodeDeltaCommitments(payload: unknown, sender: number): Map<number, Uint8Array> {
  const p = parse(deltaCommitmentsSchema, payload, sender, 'delta commitments');
  const out = new Map<number, Uint8Array>();
  for (const c of p.commitments) {
    if (out.has(c.helper))
      throw new LifecycleError('malformed', `delta commitments from ${sender} name helper ${c.helper} twice`, [sender]);
    out.set(c.helper, fromHex(c.point));
  }
  return out;
}
export const encodeDeltaCommitments = (m: ReadonlyMap<number, Uint8Array>) => ({
  commitments: [...m].sort(([a], [b]) => a - b).map(([helper, point]) => ({ helper, point: toHex(point) })),
});

export const decodeDelta = (payload: unknown, sender: number) =>
  fromHex(parse(deltaSchema, payload, sender, 'repair delta').delta);
export const encodeDelta = (delta: Uint8Array) => ({ delta: toHex(delta) });
export const decodeSigma = (payload: unknown, sender: number) =>
  fromHex(parse(sigmaSchema, payload, sender, 'repair sigma').sigma);
export const encodeSigma = (sigma: Uint8Array) => ({ sigma: toHex(sigma) });
