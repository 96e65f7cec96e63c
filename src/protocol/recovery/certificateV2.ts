/**
 * Strict reader of the success certificate v2 (the COCKTAIL ceremony's certificate; contract in
 * README "What each custodian keeps" and PROTOCOL.md): exactly the contract's fields, lowercase
 * hex, bounded sizes. A v1 certificate is recognised and refused by name: it predates COCKTAIL-DKG
 * and has no recovery data.
 */
import { z } from 'zod';
import { MAX_ENVELOPE_BYTES } from '../envelope.js';
import { MAX_PARTICIPANTS } from '../session.js';
import { parseStrictJson, StrictJsonError } from '../strictJson.js';
import { SUITE_NAMES, type SuiteName } from '../suites.js';
import { RecoveryError } from './errors.js';

export const CERTIFICATE_V2_FORMAT = 'frost-ceremony/certificate/v2';
const CERTIFICATE_V1_FORMAT = 'frost-ceremony/certificate/v1';

/** Upper bound on a certificate's text: n envelopes of each kind plus T and the signatures. */
export const MAX_CERTIFICATE_CHARS = 64 * 1024 * 1024;

const envelopeText = z.string().min(1).max(MAX_ENVELOPE_BYTES);
const envelopes = z.array(envelopeText).max(MAX_PARTICIPANTS);
/** Lowercase hex, whole bytes (one spelling per byte string). */
const hexBytes = z
  .string()
  .max(2 * MAX_CERTIFICATE_CHARS)
  .regex(/^(?:[0-9a-f]{2})+$/, 'must be lowercase hex');

const schema = z
  .object({
    format: z.literal(CERTIFICATE_V2_FORMAT),
    roster: envelopeText,
    reveals: envelopes,
    starts: envelopes,
    /** May be empty only when the custodian brings their bundle C^rec_i themselves. */
    round1: envelopes,
    echoes: envelopes,
    confirmations: envelopes,
    cocktail: z
      .object({
        suite: z.enum(SUITE_NAMES as unknown as [SuiteName, ...SuiteName[]]),
        transcript: hexBytes,
        signatures: hexBytes,
      })
      .strict(),
    publicKeyPackage: z.record(z.string(), z.unknown()),
  })
  .strict();

/** A parsed (not yet verified) v2 certificate. */
export type RecoveryCertificate = z.infer<typeof schema>;

/** Parses certificate text; throws RecoveryError naming the format or the first bad field. */
export function parseRecoveryCertificate(text: string): RecoveryCertificate {
  if (typeof text !== 'string' || text.length > MAX_CERTIFICATE_CHARS)
    throw new RecoveryError(
      'malformed-certificate',
      `a certificate is text of at most ${MAX_CERTIFICATE_CHARS} characters`,
    );
  let raw: unknown;
  try {
    raw = parseStrictJson(text);
  } catch (e) {
    throw new RecoveryError(
      'not-json',
      e instanceof StrictJsonError && e.code === 'duplicate-field'
        ? `not a certificate: ${e.message}`
        : 'not a certificate: the file is not JSON',
    );
  }
  const format = typeof raw === 'object' && raw !== null ? (raw as { format?: unknown }).format : undefined;
  if (format === CERTIFICATE_V1_FORMAT)
    throw new RecoveryError(
      'old-certificate',
      `format ${CERTIFICATE_V1_FORMAT} has no recovery data: made before COCKTAIL-DKG`,
    );
  if (format !== CERTIFICATE_V2_FORMAT)
    throw new RecoveryError(
      'unknown-format',
      typeof format === 'string'
        ? `not a certificate this version can read (format ${JSON.stringify(format.slice(0, 80))})`
        : 'not a frost-ceremony certificate (no "format" field)',
    );
  const c = schema.safeParse(raw);
  if (!c.success) {
    const issue = c.error.issues[0];
    throw new RecoveryError(
      'malformed-certificate',
      `certificate field ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return c.data;
}
