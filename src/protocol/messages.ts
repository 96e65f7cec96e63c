/**
 * Payload schemas of every message type (zod, strict: unknown fields are rejected).
 * Lengths that depend on the suite (commitment points, scalars) are checked later by the DKG
 * code, which blames the signer; here only shapes and hard bounds are checked.
 */
import { z } from 'zod';
import { SUITE_NAMES } from './suites.js';
import { FORBIDDEN_NAME_CHARS, labelProblem, MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_PARTICIPANTS } from './session.js';
import { isNormalisedText } from './names.js';
import type { MessageType } from './envelope.js';
import { MAX_TEST_TEXT_BYTES, testTextProblem } from './testSignMessage.js';
import { MAX_STATIC_KEY_BYTES } from './staticKeys.js';
import { MAX_MSG1_BYTES } from './cocktailBinding.js';

const hex = (maxBytes: number) =>
  z
    .string()
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})+$/);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const participantId = z.number().int().min(1).max(MAX_PARTICIPANTS);
const displayName = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .refine((s) => !FORBIDDEN_NAME_CHARS.test(s), 'name contains a control character, quote or backslash')
  // One spelling per name (names.ts): "Alice" + NO-BREAK SPACE is not a second "Alice".
  .refine(isNormalisedText, 'name is not in normal form (NFKC, single spaces, trimmed)');
/**
 * Longest embedded envelope (160 KiB of text): above MAX_FAILURE_RECORD_BYTES (150 000), so a Restart
 * can carry the largest failure record, and small enough that the Restart stays within MAX_ENVELOPE_BYTES.
 */
export const MAX_EMBEDDED_ENVELOPE_CHARS = 160 * 1024;
/** An embedded envelope (the exact wire text of another signed message, used as evidence). */
export const embeddedEnvelope = z.string().min(2).max(MAX_EMBEDDED_ENVELOPE_CHARS);

/** `commit` = codeNonceCommitment(nonce) of the nonce revealed after the lock (verificationCode.ts). */
/**
 * `contact` (optional): the sender's ZF frost-client contact string (`zffrost1…`, its canonical
 * lowercase form), so the success screen can write a credentials.toml with every participant.
 * Only the shape is bounded here; onHello decodes it and blames the sender for a bad one.
 */
/**
 * `statics`: the sender's COCKTAIL static public key for each of the six suites (staticKeys.ts),
 * all required, since the suite is chosen only at the lock. Only shape and a hard bound here;
 * onHello checks each is a valid point of its suite and blames the sender otherwise.
 */
const staticKeyHex = hex(MAX_STATIC_KEY_BYTES);
export const staticKeysSchema = z
  .object(
    Object.fromEntries(SUITE_NAMES.map((s) => [s, staticKeyHex])) as Record<
      (typeof SUITE_NAMES)[number],
      typeof staticKeyHex
    >,
  )
  .strict();

export const helloSchema = z
  .object({
    name: displayName,
    ephemeral: hex32,
    commit: hex32,
    mac: hex32,
    statics: staticKeysSchema,
    contact: z.string().min(1).max(1023).optional(),
  })
  .strict();

/**
 * A signing room's key and request (signing/roomParams.ts). Shapes and hard bounds only (the
 * envelope bounds the whole); every member parses the key and the request itself.
 */
const signingRoomSchema = z
  .object({
    publicKeyPackage: z
      .string()
      .min(2)
      .max(64 * 1024),
    request: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('message'),
          message: z
            .string()
            .max(2 * 65_536)
            .regex(/^(?:[0-9a-f]{2})*$/),
        })
        .strict(),
      z
        .object({
          kind: z.literal('psbt'),
          psbt: z
            .string()
            .min(4)
            .max(128 * 1024)
            .regex(/^[A-Za-z0-9+/]+={0,2}$/),
          network: z.enum(['bitcoin', 'testnet', 'signet', 'regtest']),
        })
        .strict(),
    ]),
    certificateHash: hex32.optional(),
    reputation: z
      .object({
        session: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        entries: z
          .array(
            z
              .object({
                identifier: z.number().int().min(1).max(65_535),
                score: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
                jailedThrough: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
              })
              .strict(),
          )
          .min(1)
          .max(MAX_PARTICIPANTS),
      })
      .strict()
      .optional(),
  })
  .strict();

export const paramsSchema = z
  .object({
    suite: z.enum(SUITE_NAMES as unknown as [string, ...string[]]),
    minSigners: z.number().int().min(1).max(MAX_PARTICIPANTS),
    maxSigners: z.number().int().min(2).max(MAX_PARTICIPANTS),
    label: z
      .string()
      .max(MAX_LABEL_LENGTH)
      .refine((l) => labelProblem(l) === null, 'label contains control or format characters, or is not in normal form'),
    /** Only with minSigners 1: the coordinator allowed a key every participant can use alone. */
    singleSigner: z.literal(true).optional(),
    /** Only in a signing room (issue 17): the key and the request; deep checks in signing/roomParams.ts. */
    signing: signingRoomSchema.optional(),
  })
  .strict();

export const rosterEntrySchema = z
  .object({ identity: hex32, ephemeral: hex32, commit: hex32, name: displayName, static: hex(MAX_STATIC_KEY_BYTES) })
  .strict();

export const rosterSchema = z
  .object({ params: paramsSchema, roster: z.array(rosterEntrySchema).min(2).max(MAX_PARTICIPANTS) })
  .strict();

export const restartSchema = z
  .object({
    previousSession: hex32,
    excluded: z.array(hex32).max(MAX_PARTICIPANTS),
    /** The failure record that motivated the restart (wire text), if any: lets late participants adopt the verdict. */
    failureRecord: embeddedEnvelope.nullable(),
    /**
     * The threshold the coordinator announces for the next attempt when it continues with the
     * smaller group (absent: the same t). Informational: the next signed roster fixes it.
     */
    minSigners: z.number().int().min(1).max(MAX_PARTICIPANTS).optional(),
    /**
     * true: the next attempt's roster is chosen afresh in the lobby, as in the first attempt, so
     * a replacement custodian can join with the same invite (people not chosen before follow).
     */
    open: z.literal(true).optional(),
  })
  .strict();

export const startSchema = z.object({}).strict();

/** After the lock: the nonce whose commitment is in the roster (its part of the verification code). */
export const revealSchema = z.object({ nonce: hex32 }).strict();

/**
 * Round 1 (COCKTAIL-DKG msg1_i, spec "Protocol Messages"): the exact msg1 bytes, lowercase hex
 * (one spelling). Its structure (t points, PoP, E_i, n framed ciphertexts) is checked by the
 * machine, which blames the signer (cocktailBinding.ts checkedMsg1).
 */
export const round1Schema = z.object({ msg1: hex(MAX_MSG1_BYTES) }).strict();

export const echoSchema = z.object({ round1: z.array(hex32).min(2).max(MAX_PARTICIPANTS) }).strict();

/**
 * The accuser's claim that the ciphertext `accused` sent it (in the accused's signed msg1) does
 * not decrypt to a share that passes the VSS check: `reveal` = S^e ‖ S^d ‖ DLEQ proof
 * (cocktailBinding.ts encodeReveal; length fixed by the suite), enough for anyone to re-derive
 * that one pairwise key and judge (cocktail/dispute.ts checkDispute).
 */
export const complaintSchema = z.object({ accused: participantId, reveal: hex(4 * 57) }).strict();

/** Round 3 (CertEq): sig_i on the canonical transcript T under the sender's static key. */
export const confirmationSchema = z.object({ certeq: hex(114) }).strict();

/**
 * Echo of the confirmations: once its signer holds all n and they agree with its own, the content
 * hashes of the n confirmation envelopes in identifier order. Success needs n equal ones.
 */
export const confirmEchoSchema = z.object({ confirmations: z.array(hex32).min(2).max(MAX_PARTICIPANTS) }).strict();

export const FAILURE_REASONS = [
  'equivocation',
  'invalid-round1',
  'bad-share',
  'false-complaint',
  'code-mismatch',
  'excluded-by-coordinator',
  'confirmation-mismatch',
  'dkg-failed',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('equivocation'), first: embeddedEnvelope, second: embeddedEnvelope }).strict(),
  z.object({ kind: z.literal('invalid-round1'), round1: embeddedEnvelope }).strict(),
  /** A complaint and the accused's round-1 envelope (whose msg1 holds the ciphertext complained about). */
  z.object({ kind: z.literal('complaint'), round1: embeddedEnvelope, complaint: embeddedEnvelope }).strict(),
  /** A CertEq signature that does not verify on the T of its signer's own echoed round-1 set: that echo and the n round-1 envelopes it lists. */
  z
    .object({
      kind: z.literal('false-confirmation'),
      confirmation: embeddedEnvelope,
      echo: embeddedEnvelope,
      round1: z.array(embeddedEnvelope).min(2).max(MAX_PARTICIPANTS),
    })
    .strict(),
  /** The record's own roster and this one: two coordinator-signed rosters for one generation. */
  z.object({ kind: z.literal('roster-equivocation'), roster: embeddedEnvelope }).strict(),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const failureSchema = z
  .object({
    reason: z.enum(FAILURE_REASONS),
    culprits: z.array(hex32).max(MAX_PARTICIPANTS),
    evidence: z.array(evidenceSchema).max(MAX_PARTICIPANTS),
    /** The coordinator's signed roster envelope: makes the record verifiable on its own. */
    roster: embeddedEnvelope,
  })
  .strict();

/** Ids held, strictly increasing (so at most MAX_PARTICIPANTS, no duplicates). */
const heldIds = z
  .array(participantId)
  .max(MAX_PARTICIPANTS)
  .refine((a) => a.every((x, i) => i === 0 || x > (a[i - 1] as number)), 'ids must be strictly increasing');

/**
 * Progress gossip: which senders' messages the signer holds, per round. Not part of the
 * transcript; latest-wins per sender by `counter`.
 */
export const statusSchema = z
  .object({
    counter: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    start: heldIds,
    round1: heldIds,
    echo: heldIds,
    round2: heldIds,
    confirm: heldIds,
  })
  .strict();

/**
 * Test signing after success (not part of the transcript): who is asked to sign which short text.
 * There is deliberately no field for bytes: what is signed is always testSignMessage(session id,
 * text), built by each signer itself (testSignMessage.ts); a text that is not printable is malformed.
 */
export const signRequestSchema = z
  .object({
    requestId: hex32,
    text: z
      .string()
      .max(MAX_TEST_TEXT_BYTES)
      .superRefine((t, c) => {
        const problem = testTextProblem(t);
        if (problem) c.addIssue({ code: 'custom', message: problem });
      }),
    signers: z
      .array(participantId)
      .min(2)
      .max(MAX_PARTICIPANTS)
      .refine((a) => a.every((x, i) => i === 0 || x > (a[i - 1] as number)), 'signers must be strictly increasing'),
  })
  .strict();

/** A chosen signer's nonce commitments (round 1 of FROST signing). */
export const signCommitSchema = z.object({ requestId: hex32, hiding: hex(64), binding: hex(64) }).strict();

/** A chosen signer's signature share (round 2 of FROST signing). */
export const signShareSchema = z.object({ requestId: hex32, share: hex(64) }).strict();

/**
 * A chosen signer's signed "no" to one request (its custodian declined on their own screen): it
 * ends that request at once for everyone, instead of the requester waiting out its window. A
 * decline and a commitment or share from one signer for one request contradict each other and are
 * equivocation (SECURITY.md, "Test signing is not a signing oracle").
 */
export const signDeclineSchema = z.object({ requestId: hex32 }).strict();

/**
 * "Safe to fund" (issue 14): after success, the signer's custodian proved their backup opens and
 * checked on their own screen that `checked` (secp256k1-tr: the Taproot address; ed25519: the
 * Solana address; other suites: the group key fingerprint) is the one everybody read aloud.
 * `groupKey` is the key they hold; `backupProof` the SHA-256 of the encrypted backup file that was
 * read back from disk and opened to their key package (a hash of ciphertext, never a secret).
 * One per signer and session; fundingCheck.ts says which `checked` strings a key allows.
 */
export const fundAckSchema = z
  .object({
    groupKey: hex(57),
    checked: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/),
    backupProof: hex32,
  })
  .strict();

/**
 * Signing rooms (issue 17, machine/signing/): `body` is the strict JSON of signing/messages.ts
 * (sign-approval, sign-commitments, sign-shares), decoded with the key's suite and the request's
 * message count by the receiver. An approval also carries the proof that its sender holds share
 * `identifier` (lifecycle/proofOfHolding.ts, purpose 'sign', bound to the session and the sender).
 */
export const signApprovalSchema = z
  .object({
    body: z.string().max(512),
    holding: z.object({ identifier: z.number().int().min(1).max(65_535), signature: hex(114) }).strict(),
  })
  .strict();
export const signRoundSchema = z.object({ body: z.string().max(MAX_EMBEDDED_ENVELOPE_CHARS) }).strict();

export type HelloPayload = z.infer<typeof helloSchema>;
export type RosterPayload = z.infer<typeof rosterSchema>;
export type RestartPayload = z.infer<typeof restartSchema>;
export type StartPayload = z.infer<typeof startSchema>;
export type RevealPayload = z.infer<typeof revealSchema>;
export type Round1Payload = z.infer<typeof round1Schema>;
export type EchoPayload = z.infer<typeof echoSchema>;
export type ComplaintPayload = z.infer<typeof complaintSchema>;
export type ConfirmationPayload = z.infer<typeof confirmationSchema>;
export type ConfirmEchoPayload = z.infer<typeof confirmEchoSchema>;
export type FailurePayload = z.infer<typeof failureSchema>;
export type StatusPayload = z.infer<typeof statusSchema>;
export type SignRequestPayload = z.infer<typeof signRequestSchema>;
export type SignCommitPayload = z.infer<typeof signCommitSchema>;
export type SignSharePayload = z.infer<typeof signShareSchema>;
export type SignDeclinePayload = z.infer<typeof signDeclineSchema>;
export type FundAckPayload = z.infer<typeof fundAckSchema>;

export interface PayloadOf {
  hello: HelloPayload;
  roster: RosterPayload;
  restart: RestartPayload;
  start: StartPayload;
  reveal: RevealPayload;
  round1: Round1Payload;
  echo: EchoPayload;
  complaint: ComplaintPayload;
  confirmation: ConfirmationPayload;
  'confirm-echo': ConfirmEchoPayload;
  failure: FailurePayload;
  status: StatusPayload;
  'sign-request': SignRequestPayload;
  'sign-commit': SignCommitPayload;
  'sign-share': SignSharePayload;
  'sign-decline': SignDeclinePayload;
  'fund-ack': FundAckPayload;
  'sign-approval': z.infer<typeof signApprovalSchema>;
  'sign-commitments': z.infer<typeof signRoundSchema>;
  'sign-shares': z.infer<typeof signRoundSchema>;
}

const SCHEMAS: { [K in MessageType]: z.ZodType<PayloadOf[K]> } = {
  hello: helloSchema,
  roster: rosterSchema as z.ZodType<RosterPayload>,
  restart: restartSchema,
  start: startSchema,
  reveal: revealSchema,
  round1: round1Schema,
  echo: echoSchema,
  complaint: complaintSchema,
  confirmation: confirmationSchema,
  'confirm-echo': confirmEchoSchema,
  failure: failureSchema,
  status: statusSchema,
  'sign-request': signRequestSchema,
  'sign-commit': signCommitSchema,
  'sign-share': signShareSchema,
  'sign-decline': signDeclineSchema,
  'fund-ack': fundAckSchema,
  'sign-approval': signApprovalSchema,
  'sign-commitments': signRoundSchema,
  'sign-shares': signRoundSchema,
};

/** Parse a payload JSON string for the given type; returns a reason string on failure. */
export function parsePayload<K extends MessageType>(
  type: K,
  payload: string,
): { ok: true; value: PayloadOf[K] } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  const r = SCHEMAS[type].safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `${type} payload invalid at ${i?.path.join('.') || '(root)'}: ${i?.message ?? ''}` };
  }
  return { ok: true, value: r.data };
}
