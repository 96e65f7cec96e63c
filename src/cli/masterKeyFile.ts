/**
 * `--master-key FILE`: the custodian's one master secret (SECRET, 32 bytes), from which each
 * suite's COCKTAIL static key is derived (protocol staticKeys.ts). Created once (exclusively,
 * mode 0600) when FILE does not exist, then read by every later ceremony of that custodian,
 * so one file, and one backup of it, covers every ceremony and suite.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fromHex, isMasterSecretHex, toHex, generateMasterSecret } from '../protocol/index';
import { CommandError } from './output';

/** The one format of a master-key file (a JSON object; the secret in lowercase hex). */
export const MASTER_KEY_FORMAT = 'frost-ceremony/master-key/v1';

/** Parses a master-key file's text; throws CommandError naming the file and what is wrong. */
export function parseMasterKeyFile(text: string, path: string): Uint8Array {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new CommandError(`${path} is not a master-key file (expected JSON of format ${MASTER_KEY_FORMAT})`);
  }
  const rec = o as { format?: unknown; master?: unknown };
  if (typeof o !== 'object' || o === null || rec.format !== MASTER_KEY_FORMAT)
    throw new CommandError(
      `${path} is not a master-key file of format ${MASTER_KEY_FORMAT} (format: ${JSON.stringify(rec?.format ?? null)})`,
    );
  if (!isMasterSecretHex(rec.master) || Object.keys(o).length !== 2)
    throw new CommandError(`${path}: the master key must be exactly 32 bytes of lowercase hex`);
  return fromHex(rec.master);
}

/** The text of a master-key file. */
export function masterKeyFileText(master: Uint8Array): string {
  return `${JSON.stringify({ format: MASTER_KEY_FORMAT, master: toHex(master) })}\n`;
}

/**
 * Reads FILE, or creates it with a fresh master secret from `rng` when it does not exist.
 * Created with O_EXCL: two processes starting at once never both write one (the loser reads
 * the winner's), and an existing file is never overwritten.
 */
export async function loadOrCreateMasterKey(
  path: string,
  rng: (n: number) => Uint8Array,
): Promise<{ master: Uint8Array; created: boolean }> {
  try {
    return { master: parseMasterKeyFile(await readFile(path, 'utf8'), path), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dirname(path), { recursive: true });
  const master = generateMasterSecret(rng);
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      return { master: parseMasterKeyFile(await readFile(path, 'utf8'), path), created: false };
    throw e;
  }
  try {
    await fh.writeFile(masterKeyFileText(master), 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { master, created: true };
}
