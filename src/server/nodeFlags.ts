/**
 * V8 flags the signalling server's process runs with: `frost-ceremony serve` relaunches itself
 * with them (they cannot be set once the process runs, and Node refuses them in NODE_OPTIONS),
 * and the load benchmark starts its server processes — ours and the bare baseline — with them.
 *
 * `--initial-old-space-size=128`: a relay under steady load promotes a trickle of short-lived
 * objects to V8's old generation. With the default (tiny) initial limit, each few MB of them set
 * off a full mark-compact, and collections during marking promote more, so the server spent
 * its time in major GCs: 67 of them in a 25 s run at 1000 sockets (6 with the flag).
 * With 128 MB: fewer and later ones (numbers and commands in bench/server/README.md).
 * It is a starting size, not a cap: memory grows only as objects are kept, and the
 * generation is still collected.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=128'];

/** The flags of {@link SERVER_NODE_FLAGS} that a process started with `execArgv` lacks. */
export function missingServerFlags(execArgv: readonly string[]): string[] {
  return SERVER_NODE_FLAGS.filter((f) => !execArgv.includes(f));
}
