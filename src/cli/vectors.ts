/**
 * `frost-ceremony vectors check FILE…`: reads COCKTAIL-DKG vector files in the CCTV / frost-rs
 * JSON format (any number of vectors, any of the suites, with or without payloads and
 * extension), re-derives every published value from the file's seed and inputs through the
 * project's COCKTAIL code (src/protocol/cocktail) and prints one line per vector: `ok`, or the
 * first field that differs with the expected and the derived value. Exit 0 only if all match.
 *
 * `frost-ceremony vectors generate …` writes a vector file of any size made by the same code
 * (2-of-3 configurations carry recovery data for participant 1, as the published files do).
 */
import {
  cocktailSuitesById,
  checkVector,
  deriveVector,
  vectorPayload,
  VECTOR_SEED_HEX,
  type VectorFileJson,
  type VectorJson,
  getCocktailSuite,
  fromHex,
  isSuiteName,
} from '../protocol/index.js';
import { flag, stringOpt, UsageError, type CommandSpec } from './args.js';
import { CommandError, readTextInput, runCommand, withDefaults, type CliIo } from './output.js';

export const VECTORS_CHECK_SPEC: CommandSpec = {
  name: 'vectors check',
  synopsis: 'FILE…',
  summary:
    'Re-derives every value of each COCKTAIL-DKG test vector in FILE (CCTV / frost-rs JSON) from its\n' +
    'seed and inputs with this program, and prints one line per vector: ok, or the first field that\n' +
    'differs (expected vs got). Exit 0 only if every vector of every file matches.',
  options: {},
  positionals: { min: 1, max: 1000, name: 'FILE' },
};

export const VECTORS_GENERATE_SPEC: CommandSpec = {
  name: 'vectors generate',
  synopsis: '--suite S --min-signers T --max-signers N [--payloads] --out FILE',
  summary:
    'Runs a whole COCKTAIL-DKG from the published seed with this program and writes it as a vector\n' +
    'file (--payloads: each participant sends a seed-derived payload and ext is the payload extension).',
  options: {
    suite: {
      type: 'string',
      required: true,
      valueName: 'S',
      description: 'ed25519, ristretto255, ed448, p256 or secp256k1',
    },
    'min-signers': { type: 'string', required: true, valueName: 'T', description: 'threshold t' },
    'max-signers': { type: 'string', required: true, valueName: 'N', description: 'participants n (at most 255)' },
    payloads: { type: 'boolean', description: 'the payload-extension kind of vector' },
    out: {
      type: 'string',
      required: true,
      valueName: 'FILE',
      description: 'where to write the JSON (not overwritten)',
    },
  },
  positionals: { min: 0, max: 0, name: '' },
};

/** Runs `vectors check|generate`; returns the exit code. */
export async function vectorsCommand(argv: string[], ioIn?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioIn);
  const [action, ...rest] = argv;
  if (action === 'generate') return runCommand(VECTORS_GENERATE_SPEC, rest, io, (args) => generate(io, args));
  if (action === 'check') {
    let failed = false;
    const code = await runCommand(VECTORS_CHECK_SPEC, rest, io, async (args) => {
      for (const path of args.positionals) if (!(await checkFile(io, path))) failed = true;
      if (failed) throw new CommandError('some vectors do not match', 1);
    });
    return code;
  }
  io.stderr(
    'usage: frost-ceremony vectors check FILE…\n       frost-ceremony vectors generate --suite S --min-signers T --max-signers N [--payloads] --out FILE\n',
  );
  return action === '--help' || action === '-h' ? 0 : 2;
}

/** Checks one file; prints one line per vector (or one line for an unreadable file). */
async function checkFile(io: CliIo, path: string): Promise<boolean> {
  let file: VectorFileJson;
  try {
    file = JSON.parse(await readTextInput(io, path, 'vector file')) as VectorFileJson;
  } catch (e) {
    io.stdout(`${path}: not a readable JSON vector file: ${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  }
  const suites = typeof file?.ciphersuite === 'string' ? cocktailSuitesById(file.ciphersuite) : [];
  if (
    suites.length === 0 ||
    typeof file.seed !== 'string' ||
    !Array.isArray(file.vectors) ||
    file.vectors.length === 0
  ) {
    io.stdout(
      `${path}: not a COCKTAIL-DKG vector file (needs a known "ciphersuite", a "seed" and a non-empty "vectors" list)\n`,
    );
    return false;
  }
  // COCKTAIL(secp256k1, SHA-256) also serves secp256k1-tr, whose COCKTAIL values are the same.
  const suite = suites[0]!;
  let ok = true;
  file.vectors.forEach((v: VectorJson, k) => {
    const r = checkVector(suite.name, file.seed, v);
    const head = `${path} #${k + 1} ${file.ciphersuite} ${String(r.t)}-of-${String(r.n)}${v?.payloads ? ' (payloads)' : ''}`;
    if (r.ok) io.stdout(`${head}: ok\n`);
    else {
      ok = false;
      io.stdout(`${head}: ${r.diff.path} differs: expected ${r.diff.expected}, got ${r.diff.got}\n`);
    }
  });
  return ok;
}

async function generate(io: CliIo, args: Parameters<Parameters<typeof runCommand>[3]>[0]): Promise<void> {
  const name = stringOpt(args, 'suite');
  if (!isSuiteName(name) || name === 'secp256k1-tr')
    throw new UsageError(`--suite must be ed25519, ristretto255, ed448, p256 or secp256k1`);
  const t = Number(stringOpt(args, 'min-signers'));
  const n = Number(stringOpt(args, 'max-signers'));
  if (!Number.isInteger(t) || !Number.isInteger(n) || t < 1 || t > n || n > 255)
    throw new UsageError('need integers 1 ≤ T ≤ N ≤ 255');
  const suite = getCocktailSuite(name);
  const seed = fromHex(VECTOR_SEED_HEX);
  const payloads = flag(args, 'payloads')
    ? Array.from({ length: n }, (_, k) => vectorPayload(suite, seed, t, n, k + 1))
    : undefined;
  const { vector } = deriveVector(name, seed, t, n, { payloads, recoveryFor: t === 2 && n === 3 ? 1 : undefined });
  const file = { ciphersuite: suite.id, seed: VECTOR_SEED_HEX, vectors: [vector] };
  const out = stringOpt(args, 'out') as string;
  try {
    await io.writeFile(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o644, overwrite: false });
  } catch (e) {
    throw new CommandError(
      `cannot write ${out}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'file exists' : (e as Error).message}`,
    );
  }
  io.stdout(`wrote ${t}-of-${n} ${suite.id}${payloads ? ' payload-extension' : ''} vector to ${out}\n`);
}
