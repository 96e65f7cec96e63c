/**
 * Persisting the machine: the state is plain JSON. deserialize() checks the shape strictly
 * enough that a corrupted or foreign file is refused instead of half-loaded.
 */
import { z } from 'zod';
import type { ParticipantState } from './types.js';
import type { SessionParams } from '../session.js';
import { pruneAfterSuccess } from './prune.js';

const hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const texts = z.record(z.string(), z.string());
const errorData = z.object({
  code: z.string(),
  message: z.string(),
  culprits: z.array(z.object({ identity: z.string(), id: z.number().optional(), name: z.string().optional() })),
  round: z.string(),
  claimedSender: z.string().optional(),
});

/**
 * A signing room's key and request exactly as signed in the roster (kept whole: the session id
 * hashes them). Their content is checked when the roster is received (sessionContext.ts).
 */
const signingParams = z
  .custom<NonNullable<SessionParams['signing']>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
  .optional();

const sessionSchema = z.object({
  id: hex,
  generation: z.number().int().min(0),
  params: z.object({
    suite: z.string(),
    minSigners: z.number().int(),
    maxSigners: z.number().int(),
    label: z.string(),
    singleSigner: z.literal(true).optional(),
    signing: signingParams,
  }),
  roster: z.array(z.object({ identity: hex, ephemeral: hex, commit: hex, name: z.string(), static: hex })),
  myId: z.number().int().min(1),
  code: z.string().nullable(),
  reveals: texts,
  rosterEnvelope: z.string(),
  codeConfirmed: z.boolean(),
  starts: texts,
  round1: texts,
  echoes: texts,
  echoRelayed: z.boolean(),
  complaints: texts,
  result: z
    .object({
      signingShare: hex,
      verifyingShare: hex,
      verifyingKey: hex,
      verifyingShares: z.array(z.object({ identifier: z.number().int(), verifyingShare: hex })),
      publicKeyPackageHash: hex,
      transcriptHash: hex,
    })
    .nullable(),
  confirmations: texts,
  confirmEchoes: texts.optional(),
  confirmRelayed: z.boolean().optional(),
  conflicts: z.record(z.string(), z.tuple([z.string(), z.string()])),
  outcome: z.enum(['success', 'failed', 'aborted']).nullable(),
  failure: z.object({ reason: z.string(), culprits: z.array(hex), record: z.string(), recordHash: hex }).nullable(),
  abortReason: errorData.nullable(),
  sent: z.array(z.string()),
  statusCounter: z.number().int().min(0).optional(),
  peerStatus: z
    .record(
      z.string(),
      z.object({
        counter: z.number().int(),
        start: z.array(z.number().int()),
        round1: z.array(z.number().int()),
        echo: z.array(z.number().int()),
        round2: z.array(z.number().int()),
        confirm: z.array(z.number().int()),
      }),
    )
    .optional(),
  testSign: z.preprocess(
    // A test signing saved by an earlier version (raw message bytes, no approval) is dropped on
    // load: it is never answered (SECURITY.md, "Test signing is not a signing oracle").
    (v) => (v !== null && typeof v === 'object' && !('text' in v) ? null : v),
    z
      .object({
        requestId: hex,
        requester: z.number().int(),
        text: z.string(),
        signers: z.array(z.number().int()),
        request: z.string(),
        approval: z.enum(['none', 'pending', 'approved', 'declined']),
        commits: texts,
        shares: texts,
        // Absent in states saved before declines were sent.
        declines: texts.optional().default({}),
        declinedBy: z.number().int().nullable().optional(),
        evidence: z.tuple([z.string(), z.string()]).nullable().optional().default(null),
        nonces: z.object({ hiding: hex, binding: hex }).nullable(),
        nonceUsed: z.boolean(),
        status: z.enum(['collecting', 'ok', 'failed']),
        signatureHex: hex.nullable(),
        error: z.string().nullable(),
        culprits: z.array(z.number().int()),
      })
      .nullable()
      .optional(),
  ),
  signPending: z.array(z.string()).optional(),
  testSignSeen: z.array(hex).optional(),
  testSignClosed: z.boolean().optional(),
  fundingAcks: texts.optional(),
  fundingVerdicts: texts.optional(),
  signing: z
    .object({
      requestHash: hex,
      decision: z.enum(['pending', 'approve', 'refuse']),
      approvals: texts,
      holders: z.record(z.string(), z.number().int()),
      commits: texts,
      shares: texts,
      pending: z.array(z.string()),
      nonces: z.string(),
      status: z.enum(['collecting', 'done', 'failed']),
      signatures: z.array(hex),
      transaction: hex.nullable(),
      record: z.string().nullable(),
      error: errorData.nullable(),
    })
    .optional(),
});

/**
 * The participant-state format this version writes: 3 since the DKG is COCKTAIL-DKG (round-1
 * msg1 envelopes, no round-2 messages or justifications, no polynomial in the state).
 */
export const STATE_FORMAT = 3;

const stateSchema = z.object({
  v: z.literal(STATE_FORMAT),
  name: z.string(),
  frostClientContact: z.string().optional(),
  identity: z.object({ secretKey: hex, publicKey: hex }),
  master: hex.refine((h) => h.length === 64, 'master secret must be 32 bytes'),
  room: z.object({ id: z.string(), secret: hex, coordinator: hex }),
  isCoordinator: z.boolean(),
  jailGenerations: z.number().int().min(0),
  fault: z
    .object({
      kind: z.enum(['bad-share', 'bad-proof', 'equivocate', 'false-complaint', 'silent']),
      target: z.number().int().optional(),
    })
    .nullable(),
  simulated: z.literal(true).optional(),
  signingKey: z.object({ keyPackage: z.string() }).optional(),
  generation: z.number().int().min(0),
  ephemeral: z.object({ secretKey: hex, publicKey: hex }),
  codeNonce: hex,
  announced: z.boolean(),
  candidates: z.record(
    z.string(),
    z.object({
      name: z.string(),
      ephemeral: hex,
      commit: hex,
      hello: z.string(),
      contact: z.string().optional(),
      statics: z.record(z.string(), hex),
    }),
  ),
  session: sessionSchema.nullable(),
  aborted: errorData.nullable(),
  pendingLock: z
    .object({
      generation: z.number().int(),
      params: z.object({
        suite: z.string(),
        minSigners: z.number().int(),
        label: z.string(),
        singleSigner: z.literal(true).optional(),
        signing: signingParams,
      }),
      expected: z.array(hex),
    })
    .nullable(),
  restarts: z.array(z.string()),
  sentLobby: z.array(z.string()),
  history: z.array(
    z.object({
      generation: z.number().int(),
      sessionId: hex.nullable(),
      roster: z.array(hex),
      outcome: z.enum(['success', 'failed', 'aborted']),
      blamed: z.array(hex),
      excluded: z.array(hex),
      reason: z.string().nullable(),
      failureRecord: hex.nullable(),
    }),
  ),
  buffer: z.array(z.string()),
  errors: z.array(errorData),
});

/** The whole state as JSON text. CONTAINS SECRETS: store it encrypted. */
export function serialize(state: ParticipantState): string {
  return JSON.stringify(state);
}

/** Inverse of serialize; throws on anything that is not a state this version wrote. */
export function deserialize(json: string): ParticipantState {
  const raw: unknown = JSON.parse(json);
  // Format 1 (before COCKTAIL static keys) has no master secret and v3 session ids: resuming it
  // would announce no static key and compute session ids nobody accepts any more.
  if (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v === 1)
    throw new Error(
      'saved participant state format 1 (from before COCKTAIL static keys) cannot be resumed by this version: finish or restart that ceremony with the version that began it, or start a new one',
    );
  if (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v === 2) {
    // Format 2 ran the DKG before COCKTAIL. Outside a session (lobby) nothing in it depends on
    // the DKG: it is carried over as is. Inside one, its messages and secrets are the old
    // core's, which this version cannot continue or certify.
    if ((raw as { session?: unknown }).session !== null)
      throw new Error(
        'saved participant state format 2 (a ceremony begun with the DKG before COCKTAIL-DKG) cannot be resumed by this version: finish it with the version that began it, or ask the coordinator to restart; key package and backup files already saved stay valid',
      );
    (raw as { v: number }).v = STATE_FORMAT;
  }
  const r = stateSchema.safeParse(raw);
  if (!r.success)
    throw new Error(
      `not a participant state: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`,
    );
  const st = r.data as unknown as ParticipantState;
  // A state saved after success by an earlier version still holds the DKG's working secrets:
  // drop them on load (the next save writes the pruned state).
  pruneAfterSuccess(st);
  return st;
}
