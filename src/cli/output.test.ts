import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, type CommandSpec } from './args';
import { CommandError, readInput, readTextInput, runCommand, toHex, writeFileSafely } from './output';
import { captureIo } from './testing/testFixtures';

const dir = mkdtempSync(join(tmpdir(), 'frost-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SPEC: CommandSpec = {
  name: 'demo',
  synopsis: 'X',
  summary: 'Demo.',
  options: {},
  positionals: { min: 0, max: 1, name: 'X' },
};

describe('writeFileSafely', () => {
  it('creates exclusively with the mode, and refuses an existing file', async () => {
    const p = join(dir, 'a');
    await writeFileSafely(p, 'one', { mode: 0o600, overwrite: false });
    expect(statSync(p).mode & 0o777).toBe(0o600);
    await expect(writeFileSafely(p, 'two', { mode: 0o600, overwrite: false })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(readFileSync(p, 'utf8')).toBe('one');
  });

  it('replaces atomically with the new mode, leaving no temp file', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const p = join(sub, 'b');
    writeFileSync(p, 'old');
    chmodSync(p, 0o644);
    await writeFileSafely(p, Uint8Array.of(1, 2, 3), { mode: 0o600, overwrite: true });
    expect([...readFileSync(p)]).toEqual([1, 2, 3]);
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(readdirSync(sub)).toEqual(['b']);
  });
});

describe('reading inputs', () => {
  it('names the file and the reason', async () => {
    const { io } = captureIo();
    await expect(readInput(io, dir, 'backup')).rejects.toThrow(
      new CommandError(`cannot read backup ${dir}: is a directory`),
    );
    await expect(readInput(io, join(dir, 'none'), 'backup')).rejects.toThrow(
      `cannot read backup ${join(dir, 'none')}: no such file`,
    );
    const bin = join(dir, 'bin');
    writeFileSync(bin, Uint8Array.of(0xc3, 0x28));
    await expect(readTextInput(io, bin, 'key package')).rejects.toThrow(`key package ${bin} is not UTF-8 text`);
  });
});

describe('runCommand', () => {
  async function run(body: () => Promise<void>, argv: string[] = []) {
    const c = captureIo();
    const code = await runCommand(SPEC, argv, c.io, body);
    return { code, out: c.stdout(), err: c.stderr() };
  }
  it('maps outcomes to exit codes with one-line messages', async () => {
    expect(await run(async () => {})).toEqual({ code: 0, out: '', err: '' });
    expect(await run(async () => Promise.reject(new CommandError('broken')))).toEqual({
      code: 1,
      out: '',
      err: 'frost-ceremony demo: broken\n',
    });
    expect(await run(async () => Promise.reject(new CommandError('odd', 3)))).toMatchObject({ code: 3 });
    expect(await run(async () => Promise.reject(new UsageError('bad mix')))).toEqual({
      code: 2,
      out: '',
      err: 'frost-ceremony demo: bad mix\nusage: frost-ceremony demo X\n',
    });
    expect(await run(async () => Promise.reject(new TypeError('oops')))).toEqual({
      code: 1,
      out: '',
      err: 'frost-ceremony demo: internal error: oops\n',
    });
    const help = await run(async () => Promise.reject(new Error('not run')), ['--help']);
    expect([help.code, help.out.startsWith('usage: frost-ceremony demo X')]).toEqual([0, true]);
    const usage = await run(async () => {}, ['a', 'b']);
    expect(usage).toEqual({
      code: 2,
      out: '',
      err: `frost-ceremony demo: unexpected argument "b"\nusage: frost-ceremony demo X\nRun 'frost-ceremony demo --help' for details.\n`,
    });
  });
  it('hex', () => {
    expect(toHex(Uint8Array.of(0, 15, 255))).toBe('000fff');
  });
});
