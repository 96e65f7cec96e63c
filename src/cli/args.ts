/**
 * A small argument parser shared by the sub-commands: `--name value`, `--name=value`, boolean
 * flags, repeatable options, positionals, `--` and `-h/--help`. Every mistake becomes a
 * `UsageError` whose message names the option, which the command prints with its usage line
 * and turns into exit code 2.
 */

/** One option of a command. */
export interface OptionSpec {
  /** 'string' takes a value; 'boolean' is a flag. */
  type: 'string' | 'boolean';
  /** May be given several times (values are collected in order). Only for strings. */
  multiple?: boolean;
  /** Must be given at least once. */
  required?: boolean;
  /** Placeholder shown in the help, e.g. 'FILE'. */
  valueName?: string;
  /** One line for `--help`. */
  description: string;
}

/** What a command accepts. */
export interface CommandSpec {
  /** Sub-command name, e.g. 'inspect'. */
  name: string;
  /** Usage synopsis after `frost-ceremony NAME`, e.g. 'FILE [--json]'. */
  synopsis: string;
  /** A few sentences for `--help`. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments: how many, and their placeholder for messages. */
  positionals: { min: number; max: number; name: string };
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** Single string options (last given), booleans, or string[] for `multiple`. */
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** `-h` / `--help` was given: the caller prints help and exits 0. */
  help: boolean;
}

/** A command-line mistake; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` (the arguments after the sub-command name) against `spec`. */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const opt = spec.options[name];
    if (!opt) throw new UsageError(`unknown option --${name}`);
    if (opt.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      if (values[name] !== undefined) throw new UsageError(`--${name} given twice`);
      values[name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      // A following option is a forgotten value, not the value itself.
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value (${opt.valueName ?? 'VALUE'})`);
      }
      value = next;
      i++;
    }
    if (opt.multiple) {
      const list = (values[name] as string[] | undefined) ?? [];
      list.push(value);
      values[name] = list;
    } else {
      if (values[name] !== undefined) throw new UsageError(`--${name} given twice`);
      values[name] = value;
    }
  }
  if (help) return { values, positionals, help };
  for (const [name, opt] of Object.entries(spec.options)) {
    if (opt.required && values[name] === undefined)
      throw new UsageError(`missing --${name} ${opt.valueName ?? 'VALUE'}`);
  }
  const { min, max, name } = spec.positionals;
  if (positionals.length < min) throw new UsageError(`missing ${name}`);
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[max])}`);
  }
  return { values, positionals, help };
}

/** The one-line usage of a command. */
export function usageLine(spec: CommandSpec): string {
  return `usage: frost-ceremony ${spec.name} ${spec.synopsis}`;
}

/** The full `--help` text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = `  --${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const extra = [o.required ? 'required' : '', o.multiple ? 'repeatable' : ''].filter(Boolean).join(', ');
    return `${left.padEnd(32)} ${o.description}${extra ? ` (${extra})` : ''}`;
  });
  rows.push(`${'  -h, --help'.padEnd(32)} show this help`);
  return `${usageLine(spec)}\n\n${spec.summary}\n\noptions:\n${rows.join('\n')}\n`;
}

/** Typed accessors for parsed values (the spec guarantees the types). */
export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}
export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : [];
}
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}
