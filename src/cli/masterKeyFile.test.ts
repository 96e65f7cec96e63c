/**
 * `--master-key FILE` (issue 13 "Static keys"): created once (0600), then reused, so every
 * ceremony of one custodian announces the same static keys. Goes through the option parser and
 * masterKeyOption that `create` and `join` ship with, and the shipping createParticipant.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createParticipant,
  generateIdentity,
  seededRng,
  staticKeyPair,
  staticPublicKeys,
  toHex,
  fromHex,
} from '../protocol/index';
import { parseArgs } from './args';
import { masterKeyOption, PARTICIPANT_OPTIONS } from './join';
import { loadOrCreateMasterKey, MASTER_KEY_FORMAT } from './masterKeyFile';
import { CommandError } from './output';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'master-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (...argv: string[]) =>
  parseArgs(argv, {
    name: 'join',
    synopsis: '',
    summary: '',
    options: PARTICIPANT_OPTIONS,
    positionals: { min: 0, max: 1, name: 'INVITE_URL' },
  });

function participantIn(roomId: string, masterSecret?: Uint8Array) {
  const identity = generateIdentity(seededRng(`mk/${roomId}`));
  const coordinator = generateIdentity(seededRng(`mk/coord/${roomId}`));
  return createParticipant({
    identity,
    name: 'Dave',
    room: { id: roomId, secret: new Uint8Array(32).fill(1), coordinator: coordinator.publicKey },
    isCoordinator: false,
    rng: seededRng(`mk/rng/${roomId}`),
    ...(masterSecret ? { masterSecret } : {}),
  });
}

describe('--master-key FILE', () => {
  it('is created (0600) when missing and reused by a second ceremony: the same static key for every suite', async () => {
    const path = join(dir, 'sub', 'master.key');
    const first = await masterKeyOption(args('--master-key', path));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      format: MASTER_KEY_FORMAT,
      master: toHex(first.masterSecret!),
    });
    const second = await masterKeyOption(args('--master-key', path));
    const a = participantIn('room-one', first.masterSecret);
    const b = participantIn('room-two', second.masterSecret);
    expect(a.master).toBe(b.master);
    expect(staticPublicKeys(fromHex(a.master))).toEqual(staticPublicKeys(fromHex(b.master)));
    expect(toHex(staticKeyPair('p256', fromHex(b.master)).publicKey)).toBe(staticPublicKeys(first.masterSecret!).p256);
    // Without the option each ceremony gets a master key of its own.
    expect(participantIn('room-one').master).not.toBe(participantIn('room-two').master);
  });

  it('an existing file is never overwritten', async () => {
    const path = join(dir, 'master.key');
    const made = await loadOrCreateMasterKey(path, seededRng('one'));
    expect(made.created).toBe(true);
    const again = await loadOrCreateMasterKey(path, seededRng('two'));
    expect(again).toEqual({ master: made.master, created: false });
  });

  it.each([
    ['not JSON', 'hello', /not a master-key file/],
    [
      'another format',
      JSON.stringify({ format: 'frost-ceremony/master-key/v0', master: 'ab'.repeat(32) }),
      /format frost-ceremony\/master-key\/v1 \(format: "frost-ceremony\/master-key\/v0"\)/,
    ],
    ['a short key', JSON.stringify({ format: MASTER_KEY_FORMAT, master: 'ab'.repeat(31) }), /exactly 32 bytes/],
  ])('a file with %s is refused, naming the file (and left as it was)', async (_what, text, why) => {
    const path = join(dir, 'master.key');
    await writeFile(path, text);
    await expect(masterKeyOption(args('--master-key', path))).rejects.toThrow(CommandError);
    await expect(masterKeyOption(args('--master-key', path))).rejects.toThrow(why);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('a resumed state begun with another master key is refused', async () => {
    const path = join(dir, 'master.key');
    await loadOrCreateMasterKey(path, seededRng('file'));
    await expect(masterKeyOption(args('--master-key', path), participantIn('room-one'))).rejects.toThrow(
      /another master key/,
    );
  });
});
