import { describe, expect, it } from 'vitest';
import { UsageError, flag, helpText, parseArgs, stringList, stringOpt, usageLine, type CommandSpec } from './args';

const SPEC: CommandSpec = {
  name: 'demo',
  synopsis: 'FILE… --out FILE [--force]',
  summary: 'A demo command.',
  options: {
    out: { type: 'string', required: true, valueName: 'FILE', description: 'output' },
    force: { type: 'boolean', description: 'replace' },
    recipient: { type: 'string', multiple: true, valueName: 'R', description: 'a recipient' },
  },
  positionals: { min: 1, max: 2, name: 'FILE' },
};

function usageError(argv: string[]): string {
  try {
    parseArgs(argv, SPEC);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseArgs', () => {
  it('reads options in both spellings, flags, repeats and positionals', () => {
    const a = parseArgs(['a.json', '--out', 'o', '--force', '--recipient=r1', '--recipient', 'r2', 'b.json'], SPEC);
    expect(a.positionals).toEqual(['a.json', 'b.json']);
    expect(stringOpt(a, 'out')).toBe('o');
    expect(flag(a, 'force')).toBe(true);
    expect(stringList(a, 'recipient')).toEqual(['r1', 'r2']);
    expect(a.help).toBe(false);
  });

  it('treats everything after -- as positional, and - as a positional', () => {
    const a = parseArgs(['--out=o', '--', '--force'], SPEC);
    expect(a.positionals).toEqual(['--force']);
    expect(flag(a, 'force')).toBe(false);
    expect(parseArgs(['-', '--out', 'o'], SPEC).positionals).toEqual(['-']);
  });

  it('accepts an empty value with =', () => {
    expect(stringOpt(parseArgs(['x', '--out='], SPEC), 'out')).toBe('');
  });

  it('returns help without checking required options', () => {
    expect(parseArgs(['--help'], SPEC).help).toBe(true);
    expect(parseArgs(['-h', 'x'], SPEC).help).toBe(true);
  });

  it('names every mistake', () => {
    expect(usageError(['x', '--out', 'o', '--nope'])).toBe('unknown option --nope');
    expect(usageError(['x', '--out', 'o', '-z'])).toBe('unknown option -z');
    expect(usageError(['x', '--out'])).toBe('--out needs a value (FILE)');
    expect(usageError(['x', '--out', '--force'])).toBe('--out needs a value (FILE)');
    expect(usageError(['x', '--out', 'o', '--force=yes'])).toBe('--force takes no value');
    expect(usageError(['x', '--out', 'o', '--force', '--force'])).toBe('--force given twice');
    expect(usageError(['x', '--out', 'o', '--out', 'p'])).toBe('--out given twice');
    expect(usageError(['x'])).toBe('missing --out FILE');
    expect(usageError(['--out', 'o'])).toBe('missing FILE');
    expect(usageError(['a', 'b', 'c', '--out', 'o'])).toBe('unexpected argument "c"');
  });
});

describe('help', () => {
  it('lists every option with its placeholder and marks required and repeatable ones', () => {
    const h = helpText(SPEC);
    expect(h.startsWith(usageLine(SPEC))).toBe(true);
    expect(usageLine(SPEC)).toBe('usage: frost-ceremony demo FILE… --out FILE [--force]');
    expect(h).toMatch(/--out FILE\s+output \(required\)/);
    expect(h).toMatch(/--recipient R\s+a recipient \(repeatable\)/);
    expect(h).toMatch(/--force\s+replace\n/);
    expect(h).toMatch(/-h, --help/);
  });
});
