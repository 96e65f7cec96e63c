/**
 * Saved participant states across the COCKTAIL change (state format 3): a format-2 state saved
 * by the previous core inside a session (fixture: right after it sent its old round-1 package)
 * is refused with a message naming the format, not half-loaded; a format-2 state still in the
 * lobby holds nothing of the old DKG and is carried over.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deserialize, serialize, STATE_FORMAT } from './serialize.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../testing/fixtures/${name}`, import.meta.url)), 'utf8');

describe('participant state format', () => {
  it('this version writes format 3', () => {
    expect(STATE_FORMAT).toBe(3);
    const st = deserialize(fixture('state-v2-lobby.json'));
    expect((JSON.parse(serialize(st)) as { v: number }).v).toBe(3);
  });

  it('a format-2 state in the middle of the old DKG is refused naming the format (no crash, no misreading)', () => {
    const text = fixture('state-v2-round1.json');
    expect((JSON.parse(text) as { v: number; session: { secret: string[] } }).session.secret.length).toBe(2);
    expect(() => deserialize(text)).toThrow(
      /^saved participant state format 2 \(a ceremony begun with the DKG before COCKTAIL-DKG\)/,
    );
  });

  it('a format-2 state in the lobby is carried over unchanged but for the format', () => {
    const text = fixture('state-v2-lobby.json');
    const before = JSON.parse(text) as Record<string, unknown>;
    expect([before.v, before.session]).toEqual([2, null]);
    const st = deserialize(text);
    expect({ ...st, v: 2 }).toEqual(before);
  });
});
