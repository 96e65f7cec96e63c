/**
 * The ZF frost-client `credentials.toml` of a finished ceremony (issue 14 d): this custodian's
 * key package plus every roster member's frost-client contact, taken from their identity-signed
 * Hellos (lobby.ts). Offered only when it can be complete and frost-client can read it:
 * other suites and missing contacts are said in words, naming who is missing.
 */
import {
  decodeContact,
  frostClientCredentials,
  frostClientDescription,
  FrostClientExportError,
  FROST_CLIENT_SUITES,
  type FrostClientContact,
  type ParticipantState,
  type SuiteName,
} from '../protocol/index';
import { outputsOf } from './outputs';

/** Public status for the success screen (no secret in it). */
export type FrostClientStatus =
  | { status: 'ready' }
  /** frost-client cannot use this key type. */
  | { status: 'unsupported'; suite: SuiteName }
  /** These custodians gave no contact in the lobby (names, roster order). */
  | { status: 'missing'; missing: string[] }
  /** The contacts clash (same name or key twice): frost-client would refuse them. */
  | { status: 'invalid'; message: string };

/** Every roster member's contact by identifier (mine from my state, the others' from their Hellos). */
function contactsOf(state: ParticipantState): { contacts: Map<number, FrostClientContact>; missing: string[] } {
  const s = state.session;
  if (!s) throw new Error('no session');
  const contacts = new Map<number, FrostClientContact>();
  const missing: string[] = [];
  s.roster.forEach((r, i) => {
    const text =
      r.identity === state.identity.publicKey ? state.frostClientContact : state.candidates[r.identity]?.contact;
    if (text === undefined) missing.push(r.name);
    else contacts.set(i + 1, decodeContact(text));
  });
  return { contacts, missing };
}

/** SECRET result: the credentials.toml text (holds the key package), or why it is not offered. */
export function frostClientCredentialsOfState(
  state: ParticipantState,
): { text: string } | Exclude<FrostClientStatus, { status: 'ready' }> {
  const o = outputsOf(state);
  const suite = o.keyPackage.suite;
  if (!FROST_CLIENT_SUITES.includes(suite)) return { status: 'unsupported', suite };
  const { contacts, missing } = contactsOf(state);
  if (missing.length > 0) return { status: 'missing', missing };
  try {
    const text = frostClientCredentials({
      keyPackage: o.keyPackage,
      publicKeyPackage: o.publicKeyPackage,
      description: frostClientDescription(state.session?.params.label ?? '', o.keyPackage.verifyingKey),
      contacts,
    });
    return { text };
  } catch (e) {
    if (e instanceof FrostClientExportError) return { status: 'invalid', message: e.message };
    throw e;
  }
}

/** The public status only (for the store). */
export function frostClientStatusOfState(state: ParticipantState): FrostClientStatus {
  const r = frostClientCredentialsOfState(state);
  return 'text' in r ? { status: 'ready' } : r;
}
