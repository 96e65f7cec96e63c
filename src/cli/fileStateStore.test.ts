import { mkdtemp, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileStateStore } from './fileStateStore';

describe('file state store', () => {
  it('saves atomically with owner-only permissions and loads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frost-state-'));
    const path = join(dir, 'sub', 'state.json');
    const store = createFileStateStore(path);
    expect(await store.load()).toBeUndefined();
    await store.save('{"a":1}');
    await store.save('{"a":2}');
    expect(await store.load()).toBe('{"a":2}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'sub'))).toEqual(['state.json']);
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });
});
