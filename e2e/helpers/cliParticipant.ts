/**
 * A headless participant as a child process: `frost-ceremony join INVITE --name N --yes
 * --out DIR --json-events`, the real CLI. Its JSON events (stdout) are parsed; `stop()` kills it
 * (SIGTERM, then SIGKILL) and is safe to call twice.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CliParticipant {
  /** Exit code once the process ends (signal exits count as 128+n). */
  readonly exited: Promise<number>;
  /** Every JSON event printed so far. */
  events(): { t: string; [k: string]: unknown }[];
  /** Everything it printed (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function startCliParticipant(o: {
  invite: string;
  name: string;
  outDir: string;
  relayOnly?: boolean;
  extraArgs?: readonly string[];
}): CliParticipant {
  const args = [
    'bin/frost-ceremony.mjs',
    'join',
    o.invite,
    '--name',
    o.name,
    '--yes',
    '--out',
    o.outDir,
    '--json-events',
  ];
  if (o.relayOnly) args.push('--relay-only');
  if (o.extraArgs) args.push(...o.extraArgs);
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdoutBuf = '';
  const events: { t: string; [k: string]: unknown }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    stdoutBuf += chunk;
    let nl: number;
    while ((nl = stdoutBuf.indexOf('\n')) >= 0) {
      const line = stdoutBuf.slice(0, nl).trim();
      stdoutBuf = stdoutBuf.slice(nl + 1);
      if (line.startsWith('{')) {
        try {
          events.push(JSON.parse(line) as { t: string });
        } catch {
          // Not an event line: kept in output() only.
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
    child.on('error', (e) => {
      out += `spawn error: ${e.message}\n`;
      resolve(-1);
    });
  });
  return {
    exited,
    events: () => events,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
