import { mkdir, open, rename, rm, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StateStore } from '../ceremony/index';

/**
 * The headless participant's `--state FILE`: written atomically (temp file, fsync, rename)
 * with mode 0600, so a process killed mid-write leaves either the old or the new state —
 * never a torn file that would make it forget its round-1 secret.
 */
export function createFileStateStore(path: string): StateStore {
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async save(state) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(state, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}
