import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCommand } from './create';
import { joinCommand } from './join';
import type { CliIo } from './output';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: Partial<CliIo> = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

const INVITE = `http://127.0.0.1:9/#join=abcdefghijklmnopqrstuvwx.${'A'.repeat(43)}.${'ab'.repeat(32)}`;

describe('join / create arguments (nothing is started when they are wrong)', () => {
  it('join: missing invite, missing name, bad invite', async () => {
    let t = io();
    expect(await joinCommand(['--name', 'Bob'], t.cli)).toBe(2);
    expect(t.err()).toMatch(/join: missing INVITE_URL/);
    t = io();
    expect(await joinCommand([INVITE], t.cli)).toBe(2);
    expect(t.err()).toMatch(/missing --name NAME/);
    t = io();
    expect(await joinCommand(['http://127.0.0.1:9/#join=broken', '--name', 'Bob'], t.cli)).toBe(1);
    expect(t.err()).toMatch(/bad invite link: This link has no ceremony in it/);
    t = io();
    expect(await joinCommand([INVITE, '--name', 'x'.repeat(65)], t.cli)).toBe(2);
    expect(t.err()).toMatch(/--name "x+": name must be 1\.\.64 characters/);
  });

  it('join --help lists every option', async () => {
    const t = io();
    expect(await joinCommand(['--help'], t.cli)).toBe(0);
    for (const o of ['--name', '--state', '--out', '--yes', '--answer-test-signing', '--relay-only', '--json-events'])
      expect(t.out()).toContain(o);
  });

  it('join: a state file that is not one, or of the coordinator, or for another invite, is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frost-join-'));
    const junk = join(dir, 'junk.state');
    writeFileSync(junk, '{"hello":1}');
    let t = io();
    expect(await joinCommand([INVITE, '--name', 'Bob', '--state', junk], t.cli)).toBe(1);
    expect(t.err()).toMatch(/junk\.state is not a frost-ceremony state file/);
    const coord = join(dir, 'coord.state');
    const meta = {
      format: 'frost-ceremony/headless-state/v1',
      invite: INVITE,
      serverUrl: 'http://127.0.0.1:9',
      relayOnly: false,
      machine: {},
    };
    writeFileSync(
      coord,
      JSON.stringify({ ...meta, coordinator: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'x' } }),
    );
    t = io();
    expect(await joinCommand(['--state', coord], t.cli)).toBe(1);
    expect(t.err()).toMatch(/coordinator's state: resume it with 'frost-ceremony create --state/);
    const other = join(dir, 'other.state');
    writeFileSync(other, JSON.stringify({ ...meta, invite: `${INVITE}x`, coordinator: null }));
    t = io();
    expect(await joinCommand([INVITE, '--state', other], t.cli)).toBe(1);
    expect(t.err()).toMatch(/belongs to another invite/);
    t = io();
    expect(await joinCommand(['--state', other], t.cli)).toBe(1);
    expect(t.err()).toMatch(/is damaged: not a participant state/);
  });

  it('create: parameters are checked before any room is made', async () => {
    const base = [
      '--suite',
      'ed25519',
      '--min-signers',
      '2',
      '--max-signers',
      '3',
      '--label',
      'L',
      '--server',
      'http://127.0.0.1:9',
    ];
    const cases: [string[], RegExp][] = [
      [base.filter((_, i) => i > 1), /missing --suite S/],
      [base.map((a) => (a === 'ed25519' ? 'rsa' : a)), /unknown --suite "rsa"/],
      [base.map((a) => (a === '2' ? '4' : a)), /t must be between 1 and n/],
      [base.map((a) => (a === '3' ? 'three' : a)), /--max-signers must be a whole number/],
      [base.map((a) => (a === 'http://127.0.0.1:9' ? 'ftp://x' : a)), /--server must be an http/],
      [base.slice(0, -2), /missing --server URL/],
      [[...base, '--restart-stalled-after', 'soon'], /--restart-stalled-after must be a number of seconds/],
    ];
    for (const [argv, message] of cases) {
      const t = io();
      expect(await createCommand(argv, t.cli)).toBe(2);
      expect(t.err()).toMatch(message);
    }
  });

  it('create accepts frost-rs ciphersuite IDs and refuses creation options when resuming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frost-create-'));
    const state = join(dir, 'c.state');
    writeFileSync(
      state,
      JSON.stringify({
        format: 'frost-ceremony/headless-state/v1',
        invite: INVITE,
        serverUrl: 'http://127.0.0.1:9',
        relayOnly: false,
        coordinator: { suite: 'ed25519', minSigners: 2, maxSigners: 3, label: 'x' },
        machine: {},
      }),
    );
    const t = io();
    expect(await createCommand(['--state', state, '--suite', 'FROST-ED25519-SHA512-v1'], t.cli)).toBe(2);
    expect(t.err()).toMatch(/resuming from .*c\.state: the ceremony's settings are in the file, do not give --suite/);
  });
});
