/**
 * Invite links. Everything secret lives in the URL *fragment*, which browsers never send to
 * the server (and Referrer-Policy: no-referrer keeps it out of referrers):
 *   https://host/#join=<roomId>.<roomSecret b64url>.<coordinator identity key hex>[.<params b64url>]
 * The room secret authenticates lobby announcements, and the coordinator's key tells joiners
 * whose roster to accept, so an untrusted server cannot inject candidates or rosters.
 * The optional last part says what the coordinator set out to make (key type, t of n, label), so
 * a joiner sees it from the moment the invite is opened (issue 15.1). It is what the invite
 * *announces*: what is made is fixed only by the coordinator's signed roster, which the
 * verification code covers, and the screens warn when the two differ.
 */
import { isSuiteName, type SuiteName, MAX_LABEL_LENGTH, toHex } from '../protocol/index';
import { fromBase64Url, toBase64Url } from './base64url';

/** What the coordinator announces in the invite. */
export interface InviteParams {
  suite: SuiteName;
  /** How many must sign. */
  t: number;
  /** How many custodians. */
  n: number;
  label: string;
}

export interface Invite {
  /** The app's origin (also the signalling server). */
  origin: string;
  roomId: string;
  /** 32 random bytes. SECRET to the room's participants. */
  roomSecret: Uint8Array;
  /** The coordinator's ed25519 identity public key (32 bytes). */
  coordinator: Uint8Array;
  /** What the coordinator set out to make (absent in links made without it). */
  params?: InviteParams;
}

export class InviteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InviteError';
  }
}

const ROOM_ID = /^[A-Za-z0-9_-]{16,64}$/;
const HEX32 = /^[0-9a-f]{64}$/;

export function formatInvite(invite: Invite): string {
  const origin = new URL(invite.origin).origin;
  const coordinator = toHex(invite.coordinator);
  // A label the parser would refuse (control or bidi characters) leaves the description out
  // rather than making a link nobody can open; joiners then see the parameters at the lock.
  const params =
    invite.params && !UNSAFE_LABEL.test(invite.params.label) ? `.${encodeInviteParams(invite.params)}` : '';
  return `${origin}/#join=${invite.roomId}.${toBase64Url(invite.roomSecret)}.${coordinator}${params}`;
}

/** Largest t or n an invite may announce (the protocol's own bound is checked at the lock). */
const MAX_ANNOUNCED = 1000;
/** Control, bidi-override and other format characters: they could make a label lie on screen. */
const UNSAFE_LABEL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function encodeInviteParams(p: InviteParams): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ suite: p.suite, t: p.t, n: p.n, label: p.label })));
}

function decodeInviteParams(part: string): InviteParams {
  const damaged = (): never => {
    throw new InviteError('The description of the key in this link is damaged.');
  };
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(part)));
  } catch {
    return damaged();
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return damaged();
  const o = v as Record<string, unknown>;
  if (Object.keys(o).sort().join(',') !== 'label,n,suite,t') return damaged();
  const { suite, t, n, label } = o;
  if (typeof suite !== 'string' || !isSuiteName(suite)) return damaged();
  const count = (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= MAX_ANNOUNCED;
  if (!count(t) || !count(n) || t > n) return damaged();
  if (typeof label !== 'string' || label.length > MAX_LABEL_LENGTH || UNSAFE_LABEL.test(label)) return damaged();
  return { suite, t, n, label };
}

export function parseInvite(link: string): Invite {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new InviteError('This is not a link. Paste the whole invite link you were sent.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InviteError('An invite link starts with https://');
  const m = /^#join=([^.]+)\.([^.]+)\.([^.]+)(?:\.([^.]+))?$/.exec(url.hash);
  if (!m) throw new InviteError('This link has no ceremony in it (the part after # is missing or cut off).');
  const [, roomId, secret, coordinator, paramsPart] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (!ROOM_ID.test(roomId)) throw new InviteError('The room id in this link is damaged.');
  let roomSecret: Uint8Array;
  try {
    roomSecret = fromBase64Url(secret);
  } catch {
    throw new InviteError('The room secret in this link is damaged.');
  }
  if (roomSecret.length !== 32) throw new InviteError('The room secret in this link is damaged (wrong length).');
  if (!HEX32.test(coordinator)) throw new InviteError('The coordinator key in this link is damaged.');
  const key = new Uint8Array(32);
  for (let i = 0; i < 32; i++) key[i] = parseInt(coordinator.slice(2 * i, 2 * i + 2), 16);
  const params = paramsPart === undefined ? undefined : decodeInviteParams(paramsPart);
  return { origin: url.origin, roomId, roomSecret, coordinator: key, ...(params ? { params } : {}) };
}

/** A new room: random id and secret from the injected randomness. */
export function newRoom(rng: (n: number) => Uint8Array): { roomId: string; roomSecret: Uint8Array } {
  return { roomId: toBase64Url(rng(18)), roomSecret: rng(32) };
}
