import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIdentity, createParticipant, deserialize, serialize } from '../protocol/index';
import { createFileStateStore } from './fileStateStore';
import {
  headlessStateStore,
  HeadlessStateError,
  loadHeadlessState,
  parseHeadlessState,
  type HeadlessMeta,
} from './headlessState';

const rng = (n: number) => new Uint8Array(randomBytes(n));

function participant() {
  const identity = generateIdentity(rng);
  return createParticipant({
    identity,
    name: 'Bob',
    room: { id: 'room-state-test-0001', secret: rng(32), coordinator: generateIdentity(rng).publicKey },
    isCoordinator: false,
    rng,
  });
}

const meta: HeadlessMeta = {
  invite: 'http://127.0.0.1:1/#join=x',
  serverUrl: 'http://127.0.0.1:1',
  relayOnly: true,
  coordinator: null,
};

describe('headless state file', () => {
  it('keeps the machine state with how the participant was started, 0600, and gives the machine state back', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'frost-state-')), 'p.state');
    const file = createFileStateStore(path);
    const state = participant();
    const store = headlessStateStore(file, meta, path);
    await store.save(serialize(state));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(deserialize((await store.load())!)).toEqual(state);
    const saved = await loadHeadlessState(file, path);
    expect(saved?.meta).toEqual(meta);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('frost-ceremony/headless-state/v1');
  });

  it('says nothing was saved for a missing file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'frost-state-')), 'none.state');
    expect(await loadHeadlessState(createFileStateStore(path), path)).toBeUndefined();
  });

  it('refuses files that are not state files, naming the file and the field', () => {
    expect(() => parseHeadlessState('not json', 'x.state')).toThrow(HeadlessStateError);
    expect(() => parseHeadlessState('{"format":"other"}', 'x.state')).toThrow(
      /x\.state is not a frost-ceremony state file \(format/,
    );
    const good = JSON.stringify({ format: 'frost-ceremony/headless-state/v1', ...meta, machine: {} });
    expect(parseHeadlessState(good, 'x.state').machine).toBe('{}');
    const badPlan = JSON.stringify({
      format: 'frost-ceremony/headless-state/v1',
      ...meta,
      coordinator: { suite: 'rsa', minSigners: 2, maxSigners: 3, label: '' },
      machine: {},
    });
    expect(() => parseHeadlessState(badPlan, 'x.state')).toThrow(/coordinator\.suite/);
  });

  it('reports a state file it cannot read as unreadable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frost-state-'));
    writeFileSync(join(dir, 'f'), 'x');
    // A path through a regular file cannot be opened.
    const path = join(dir, 'f', 'p.state');
    await expect(loadHeadlessState(createFileStateStore(path), path)).rejects.toMatchObject({ code: 'unreadable' });
  });
});
