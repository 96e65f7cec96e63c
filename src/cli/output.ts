/**
 * The I/O a sub-command may do, injectable so tests run commands in-process, plus the common
 * wrapper that turns usage mistakes into exit 2 and reported failures into exit 1 with a single
 * "frost-ceremony CMD: message" line.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { toHex } from '../protocol/index.js';
import { UsageError, helpText, parseArgs, usageLine, type CommandSpec, type ParsedArgs } from './args.js';

/** How a command writes a file. */
export interface WriteOptions {
  /** File mode for a newly created file (e.g. 0o600 for secrets). */
  mode: number;
  /** Replace an existing file; when false an existing file makes the write fail with code EEXIST. */
  overwrite: boolean;
}

/** Everything a command touches outside itself. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<Uint8Array>;
  writeFile: (path: string, data: Uint8Array | string, options: WriteOptions) => Promise<void>;
  /** Random bytes (signing nonces). */
  randomBytes: (length: number) => Uint8Array;
}

/** The real process I/O. */
export function nodeIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    // `-` is standard input, so decrypted backups can be piped in without touching the disk.
    readFile: async (p) => (p === '-' ? readStdin() : new Uint8Array(await readFile(p))),
    writeFile: writeFileSafely,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Fills in missing members of a partial io with the real ones. */
export function withDefaults(io: Partial<CliIo> | undefined): CliIo {
  return { ...nodeIo(), ...io };
}

/**
 * Writes with the given mode. Without `overwrite` the file is created exclusively (O_EXCL), so a
 * race cannot clobber an existing key. With it, a temp file is renamed over the target: the
 * result always has `mode`, even if the old file was world-readable, and is never half-written.
 */
export async function writeFileSafely(path: string, data: Uint8Array | string, options: WriteOptions): Promise<void> {
  const target = options.overwrite ? `${path}.${process.pid}.${Date.now()}.tmp` : path;
  const fh = await open(target, 'wx', options.mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close();
    await rm(target, { force: true });
    throw e;
  }
  await fh.close();
  if (options.overwrite) await rename(target, path);
}

/** A failure the command reports to the user (exit 1); the message is one line. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Parses arguments, prints help or usage errors, runs `body`, and maps errors to exit codes:
 * 0 success, 1 `CommandError` (or anything unexpected, reported as an internal error), 2 usage.
 */
export async function runCommand(
  spec: CommandSpec,
  argv: string[],
  io: CliIo,
  body: (args: ParsedArgs) => Promise<void>,
): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, spec);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(
      `frost-ceremony ${spec.name}: ${e.message}\n${usageLine(spec)}\nRun 'frost-ceremony ${spec.name} --help' for details.\n`,
    );
    return 2;
  }
  if (args.help) {
    io.stdout(helpText(spec));
    return 0;
  }
  try {
    await body(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`frost-ceremony ${spec.name}: ${e.message}\n${usageLine(spec)}\n`);
      return 2;
    }
    if (e instanceof CommandError) {
      io.stderr(`frost-ceremony ${spec.name}: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`frost-ceremony ${spec.name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Reads a file, turning "not found" and friends into a one-line CommandError naming it. */
export async function readInput(io: CliIo, path: string, what: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (e as Error).message;
    throw new CommandError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** Reads a UTF-8 text file strictly (a key package is never binary). */
export async function readTextInput(io: CliIo, path: string, what: string): Promise<string> {
  const bytes = await readInput(io, path, what);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CommandError(`${what} ${path} is not UTF-8 text`);
  }
}

/** Lowercase hex (the protocol's encoder). */
export { toHex };
