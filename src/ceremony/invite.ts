/**
 * Invite links. Everything secret lives in the URL *fragment*, which browsers never send to
 * the server (and Referrer-Policy: no-referrer keeps it out of referrers):
 *   https://host/#join=<roomId>.<roomSecret b64url>.<coordinator identity key hex>
 * The room secret authenticates lobby announcements, and the coordinator's key tells joiners
 * whose roster to accept, so an untrusted server cannot inject candidates or rosters.
 */
import { fromBase64Url, toBase64Url } from './base64url';

export interface Invite {
  /** The app's origin (also the signalling server). */
  origin: string;
  roomId: string;
  /** 32 random bytes. SECRET to the room's participants. */
  roomSecret: Uint8Array;
  /** The coordinator's ed25519 identity public key (32 bytes). */
  coordinator: Uint8Array;
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
  const coordinator = [...invite.coordinator].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${origin}/#join=${invite.roomId}.${toBase64Url(invite.roomSecret)}.${coordinator}`;
}

export function parseInvite(link: string): Invite {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new InviteError('This is not a link. Paste the whole invite link you were sent.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InviteError('An invite link starts with https://');
  const m = /^#join=([^.]+)\.([^.]+)\.([^.]+)$/.exec(url.hash);
  if (!m) throw new InviteError('This link has no ceremony in it (the part after # is missing or cut off).');
  const [, roomId, secret, coordinator] = m as unknown as [string, string, string, string];
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
  return { origin: url.origin, roomId, roomSecret, coordinator: key };
}

/** A new room: random id and secret from the injected randomness. */
export function newRoom(rng: (n: number) => Uint8Array): { roomId: string; roomSecret: Uint8Array } {
  return { roomId: toBase64Url(rng(18)), roomSecret: rng(32) };
}
