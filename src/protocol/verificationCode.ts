/**
 * The code participants read aloud: 16 decimal digits in four groups (≈53 bits), derived
 * from the session id with its own domain tag. Any change of a session input changes it.
 */
import { taggedHash } from './encoding.js';

export function verificationCode(sessionId: Uint8Array): string {
  const h = taggedHash('frost-ceremony/verification-code/v1', [sessionId]);
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 8n) | BigInt(h[i] as number);
  const digits = (x % 10n ** 16n).toString().padStart(16, '0');
  return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8, 12)} ${digits.slice(12, 16)}`;
}
