/**
 * Issue 14 (d) through the real binary: `create` / `join --frost-client-contact` send each
 * custodian's ZF frost-client contact in their signed Hello; every process then writes a
 * credentials.toml into --out that equals `frost-ceremony export frost-client` of the same
 * files with every contact; a bad contact is a usage error before any room is joined.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeContact } from '../../protocol/index';
import { createProcs, inviteOf, isSuccess, tempDir, type SuccessEvent } from './harness';

const procs = createProcs();
afterAll(() => procs.killAll());
const BIN = 'bin/frost-ceremony.mjs';
const NAMES = ['Alice', 'Bob', 'Carol'];
const contactOf = (i: number) => encodeContact({ name: NAMES[i]!, pubkey: new Uint8Array(32).fill(0x40 + i) });

describe('headless participants with frost-client contacts', () => {
  it('a bad --frost-client-contact is refused (exit 2) naming the option', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'join', 'http://127.0.0.1:1/#x', '--name', 'Bob', '--frost-client-contact', 'zffrost1broken'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--frost-client-contact');
  });

  it('3 processes, everyone gives a contact: each --out holds the credentials.toml that export frost-client writes', async () => {
    const server = await procs.server();
    const dir = tempDir('fc');
    const outDirs = NAMES.map((nm) => join(dir, nm));
    const coordinator = procs.participant([
      'create',
      ...['--suite', 'ed25519', '--min-signers', '2', '--max-signers', '3', '--label', 'Treasury 2026'],
      ...[
        '--server',
        server.url,
        '--name',
        NAMES[0]!,
        '--yes',
        '--relay-only',
        '--out',
        outDirs[0]!,
        '--frost-client-contact',
        contactOf(0),
      ],
    ]);
    const invite = await inviteOf(coordinator);
    const joiners = [1, 2].map((i) =>
      procs.participant([
        'join',
        invite,
        '--name',
        NAMES[i]!,
        '--yes',
        '--relay-only',
        '--out',
        outDirs[i]!,
        '--frost-client-contact',
        contactOf(i),
      ]),
    );
    const all = [coordinator, ...joiners];
    const events = await Promise.all(all.map((p) => p.waitFor<SuccessEvent>(isSuccess, 'success')));
    expect(await Promise.all(all.map((p) => p.exited))).toEqual([0, 0, 0]);
    for (const [k, d] of outDirs.entries()) {
      const kp = readdirSync(d).find((f) => /^key-package-\d+\.json$/.test(f))!;
      const written = join(d, 'credentials.toml');
      expect(statSync(written).mode & 0o777).toBe(0o600);
      const cliOut = join(dir, `cli-${k}.toml`);
      const r = spawnSync(
        process.execPath,
        [
          BIN,
          ...[
            'export',
            'frost-client',
            '--key-package',
            join(d, kp),
            '--public-key-package',
            join(d, 'public-key-package.json'),
          ],
          ...['--description', 'Treasury 2026', '--out', cliOut],
          // Identifiers follow the locked roster order, not the order the processes started in.
          ...NAMES.map((_, i) => ['--participant', `${events[i]!.identifier}=${contactOf(i)}`]).flat(),
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(written, 'utf8').split('\n')).toEqual(readFileSync(cliOut, 'utf8').split('\n'));
      expect(readFileSync(written, 'utf8')).toContain(`[group.${events[k]!.groupKey}]`);
    }
  });
});
