/**
 * One constant per limit (src/wire/limits.ts), and the code and the docs agree with it: the
 * protocol seals and accepts, the transport sends and takes, the server relays up to the same
 * envelope size, and WIRE.md, PROTOCOL.md and DEPLOY.md state the same numbers.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_ENVELOPE_BYTES as PROTOCOL_MAX_ENVELOPE_BYTES,
  MAX_PARTICIPANTS as PROTOCOL_MAX_PARTICIPANTS,
} from './protocol/index';
import { DEFAULT_LIMITS } from './server/index';
import { DEFAULT_MAX_PEERS_PER_ROOM, MAX_ENVELOPE_BYTES, MAX_PARTICIPANTS } from './wire/index';

const repo = resolve(import.meta.dirname, '..');
const doc = (path: string) => readFileSync(join(repo, path), 'utf8');
/** Every number in `text` written right after `before` (e.g. "`maxEnvelopeBytes` (" → 192 in "192 KiB"). */
const numbersAfter = (text: string, before: RegExp): number[] => [...text.matchAll(before)].map((m) => Number(m[1]));

describe('limits', () => {
  it('the protocol, the server and the wire module use the same constants', () => {
    expect(PROTOCOL_MAX_ENVELOPE_BYTES).toBe(MAX_ENVELOPE_BYTES);
    expect(PROTOCOL_MAX_PARTICIPANTS).toBe(MAX_PARTICIPANTS);
    expect(DEFAULT_LIMITS.maxEnvelopeBytes).toBe(MAX_ENVELOPE_BYTES);
    expect(DEFAULT_LIMITS.maxPeersPerRoom).toBe(DEFAULT_MAX_PEERS_PER_ROOM);
    expect(DEFAULT_MAX_PEERS_PER_ROOM).toBeGreaterThanOrEqual(MAX_PARTICIPANTS);
    // A relayed envelope travels base64 inside a JSON frame: it must fit the server's frame limit.
    expect(Math.ceil(MAX_ENVELOPE_BYTES / 3) * 4 + 1024).toBeLessThanOrEqual(DEFAULT_LIMITS.maxFrameBytes);
  });

  it('the docs state the same numbers', () => {
    const kib = MAX_ENVELOPE_BYTES / 1024;
    const wire = numbersAfter(doc('src/wire/WIRE.md'), /`maxEnvelopeBytes` \((\d+) KiB/g);
    expect(wire.length).toBeGreaterThan(0);
    expect(wire.every((n) => n === kib)).toBe(true);
    expect(numbersAfter(doc('src/protocol/PROTOCOL.md'), /envelope may be at most (\d+) KiB/g)).toEqual([kib]);
    expect(numbersAfter(doc('src/protocol/PROTOCOL.md'), /n ≤ (\d+) \(`MAX_PARTICIPANTS`/g)).toEqual([
      MAX_PARTICIPANTS,
    ]);
    expect(numbersAfter(doc('DEPLOY.md'), /\| `maxEnvelopeBytes` +\| (\d+) KiB/g)).toEqual([kib]);
    expect(numbersAfter(doc('DEPLOY.md'), /\| `maxPeersPerRoom` +\| (\d+) +\|/g)).toEqual([DEFAULT_MAX_PEERS_PER_ROOM]);
  });
});
