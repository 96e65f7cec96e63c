import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { missingServerFlags } from '../server/index';

/** Set in the environment of a relaunched process, so that it knows who started it. */
export const RELAUNCHED_ENV = 'FROST_CEREMONY_RELAUNCHED';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * For `serve`: when this process lacks the server's V8 flags ({@link SERVER_NODE_FLAGS}), runs
 * `script args` again in a child Node process that has them, passes signals on, and resolves
 * with the child's exit code. Resolves undefined when nothing needs relaunching: then this
 * process is the one that should do the work.
 */
export async function relaunchWithServerFlags(script: string, args: readonly string[]): Promise<number | undefined> {
  const missing = missingServerFlags(process.execArgv);
  if (missing.length === 0 || process.env[RELAUNCHED_ENV] === '1') return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, script, ...args], {
    // The IPC channel tells the child when this process is gone (even after SIGKILL): see exitWithLauncher.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    // Its own process group: a terminal's Ctrl-C (sent to the foreground group) reaches only this
    // process, which passes it on once. In the same group the child got it twice, and the second
    // copy could arrive while it was already exiting and kill it.
    detached: true,
  });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  const handlers = FORWARDED.map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise<number>((resolve) => {
    child.once('error', (err) => {
      process.stderr.write(`serve: cannot start the server process: ${err.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
    });
  });
}

/**
 * In a relaunched process: when the launcher goes away (its IPC channel closes), do what SIGTERM
 * would make the command do (the listeners only: without one, nothing happens), so that a killed
 * launcher never leaves a server holding the port. The channel does not keep this process alive.
 */
export function exitWithLauncher(): void {
  if (process.env[RELAUNCHED_ENV] !== '1' || process.channel === undefined) return;
  process.channel.unref();
  process.once('disconnect', () => void process.emit('SIGTERM', 'SIGTERM'));
}
