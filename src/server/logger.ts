/** One structured log event: what happened, to which room/peer/connection; never a payload. */
export interface LogEvent {
  readonly event:
    | 'listen'
    | 'connect'
    | 'disconnect'
    | 'join'
    | 'leave'
    | 'replaced'
    | 'error'
    | 'limit'
    | 'room_expired'
    | 'shutdown';
  readonly level?: 'info' | 'warn' | 'error';
  readonly conn?: number;
  readonly room?: string;
  readonly peer?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly [key: string]: unknown;
}

/** Receives log events; the server never logs anything else. */
export type Logger = (e: LogEvent) => void;

/** Writes one JSON line per event (with a timestamp) to `write` (stdout by default). */
export function createJsonLogger(
  write: (line: string) => void = (l) => process.stdout.write(l),
  now: () => number = Date.now,
): Logger {
  return (e) => write(JSON.stringify({ ts: new Date(now()).toISOString(), level: 'info', ...e }) + '\n');
}

/** Drops every event (tests). */
export const silentLogger: Logger = () => {};
