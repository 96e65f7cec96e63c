import { readFile } from 'node:fs/promises';
import { parseIceServers, type IceServer } from '../wire/index';
import { createJsonLogger } from './logger';
import type { RoomRegistry } from './roomRegistry';
import { createSignalServer, DEFAULT_LIMITS, DEFAULT_PER_ADDRESS, DEFAULT_ROOM_TTL_MS } from './signalServer';
import { importOptional } from './optionalDependency';

/** Options parsed from `frost-ceremony serve …`. */
export interface ServeArgs {
  readonly port: number;
  readonly host: string;
  readonly staticDir: string;
  /** JSON file with STUN/TURN servers for browsers (served at /config.json). */
  readonly iceServersFile?: string;
  /** redis:// URL: share rooms with other server processes through Redis. */
  readonly redis?: string;
  /** Client address from X-Forwarded-For (behind our own reverse proxy only). */
  readonly trustProxy?: boolean;
  /** WebSocket connections per client address. */
  readonly maxConnectionsPerIp?: number;
  /** Browser origins allowed to open the signalling WebSocket (others get 403); default any. */
  readonly allowedOrigins?: readonly string[];
  /** Send Strict-Transport-Security (only meaningful behind a TLS proxy). */
  readonly hsts?: boolean;
  /** Show room, peer and connection counts in /healthz (default: `{"ok":true}` only). */
  readonly healthDetails?: boolean;
}

/** Default port of `frost-ceremony serve`. */
export const DEFAULT_PORT = 8790;

const USAGE =
  'usage: frost-ceremony serve [--port P] [--host H] [--static DIR] [--redis redis://HOST:PORT]\n' +
  '                            [--max-conn-per-ip N] [--trust-proxy] [--ice-servers FILE]\n' +
  '                            [--allowed-origin ORIGIN]... [--hsts] [--health-details]\n' +
  `  --max-conn-per-ip WebSocket connections per client address (default ${DEFAULT_PER_ADDRESS.maxConnectionsPerIp};\n` +
  `                    loopback clients are not counted: behind a proxy, add --trust-proxy)\n` +
  '  --ice-servers     JSON list of STUN/TURN servers handed to browsers (GET /config.json)\n' +
  '  --trust-proxy     take the client address from X-Forwarded-For (only behind your own TLS proxy)\n' +
  '  --allowed-origin  origin (e.g. https://ceremony.example.org) whose pages may open the\n' +
  '                    signalling WebSocket; repeatable; other origins get 403 (default: any)\n' +
  '  --hsts            send Strict-Transport-Security (only meaningful when served over https)\n' +
  '  --health-details  show room, peer and connection counts in /healthz (default: {"ok":true} only)\n';

/** Parses an --allowed-origin value: exactly the form browsers send (scheme://host[:port]). */
function parseOrigin(value: string | undefined): string | { error: string } {
  const error = {
    error:
      '--allowed-origin needs an origin such as https://ceremony.example.org (scheme, host and port only, lowercase)',
  };
  if (value === undefined) return error;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return error;
  }
  // The Origin header is compared as a string: accept only the serialisation browsers send.
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value) return error;
  return value;
}

/** Parses the arguments after `serve`; returns an error message for bad input. */
export function parseServeArgs(argv: readonly string[]): ServeArgs | { error: string } {
  let port = DEFAULT_PORT;
  let host = '127.0.0.1';
  let staticDir = 'dist';
  let redis: string | undefined;
  let iceServersFile: string | undefined;
  let trustProxy = false;
  let maxConnectionsPerIp: number | undefined;
  const allowedOrigins: string[] = [];
  let hsts = false;
  let healthDetails = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    switch (arg) {
      case '--port': {
        const p = Number(value);
        if (value === undefined || !/^[0-9]+$/.test(value) || p > 65535)
          return { error: `--port needs a number 0..65535` };
        port = p;
        i++;
        break;
      }
      case '--host':
        if (value === undefined || value === '') return { error: '--host needs a host name or address' };
        host = value;
        i++;
        break;
      case '--static':
        if (value === undefined || value === '') return { error: '--static needs a directory' };
        staticDir = value;
        i++;
        break;
      case '--trust-proxy':
        trustProxy = true;
        break;
      case '--max-conn-per-ip': {
        if (value === undefined || !/^[1-9][0-9]{0,6}$/.test(value))
          return { error: '--max-conn-per-ip needs a positive number' };
        maxConnectionsPerIp = Number(value);
        i++;
        break;
      }
      case '--ice-servers':
        if (value === undefined || value === '') return { error: '--ice-servers needs a JSON file' };
        iceServersFile = value;
        i++;
        break;
      case '--allowed-origin': {
        const origin = parseOrigin(value);
        if (typeof origin !== 'string') return origin;
        if (!allowedOrigins.includes(origin)) allowedOrigins.push(origin);
        i++;
        break;
      }
      case '--hsts':
        hsts = true;
        break;
      case '--health-details':
        healthDetails = true;
        break;
      case '--redis':
        if (value === undefined || !/^rediss?:\/\//.test(value))
          return { error: '--redis needs a redis:// or rediss:// URL' };
        redis = value;
        i++;
        break;
      default:
        return { error: `unknown argument ${JSON.stringify(arg)}` };
    }
  }
  return {
    port,
    host,
    staticDir,
    ...(redis === undefined ? {} : { redis }),
    ...(iceServersFile === undefined ? {} : { iceServersFile }),
    ...(trustProxy ? { trustProxy } : {}),
    ...(maxConnectionsPerIp === undefined ? {} : { maxConnectionsPerIp }),
    ...(allowedOrigins.length === 0 ? {} : { allowedOrigins }),
    ...(hsts ? { hsts } : {}),
    ...(healthDetails ? { healthDetails } : {}),
  };
}

/** True for hosts that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * `frost-ceremony serve`: runs the app + signalling server until SIGINT/SIGTERM, then closes
 * every socket with 1001 (going away) and resolves 0.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const args = parseServeArgs(argv);
  if ('error' in args) {
    process.stderr.write(`serve: ${args.error}\n${USAGE}`);
    return 2;
  }
  let registry: RoomRegistry | undefined;
  if (args.redis !== undefined) {
    try {
      // Loaded only when asked for: a single process needs no Redis client (redis is an optional dependency).
      const { createRedisRegistry } = await importOptional(
        'redis',
        'serve --redis',
        undefined,
        () => import('./redisRegistry'),
      );
      registry = await createRedisRegistry({
        url: args.redis,
        ...DEFAULT_LIMITS,
        roomTtlMs: DEFAULT_ROOM_TTL_MS,
        now: Date.now,
      });
    } catch (err) {
      process.stderr.write(`serve: cannot use Redis at ${args.redis}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  let iceServers: IceServer[] | undefined;
  if (args.iceServersFile !== undefined) {
    try {
      iceServers = parseIceServers(await readFile(args.iceServersFile, 'utf8'));
    } catch (err) {
      process.stderr.write(`serve: ${args.iceServersFile}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  let server;
  try {
    server = await createSignalServer({
      ...(iceServers === undefined ? {} : { iceServers }),
      ...(registry === undefined ? {} : { registry }),
      ...(args.trustProxy === true ? { trustProxy: true } : {}),
      ...(args.maxConnectionsPerIp === undefined ? {} : { maxConnectionsPerIp: args.maxConnectionsPerIp }),
      ...(args.allowedOrigins === undefined ? {} : { allowedOrigins: args.allowedOrigins }),
      ...(args.hsts === true ? { hsts: true } : {}),
      ...(args.healthDetails === true ? { healthDetails: true } : {}),
      port: args.port,
      host: args.host,
      staticDir: args.staticDir,
      logger: createJsonLogger(),
    });
  } catch (err) {
    await registry?.close();
    process.stderr.write(`serve: cannot listen on ${args.host}:${args.port}: ${(err as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`frost-ceremony server listening — open ${server.url}/ (signalling at ${server.wsUrl})\n`);
  if (args.allowedOrigins !== undefined) {
    process.stderr.write(
      `WebSocket upgrades accepted from origins: ${args.allowedOrigins.join(', ')} (and from clients that send no Origin)\n`,
    );
  }
  if (!isLoopbackHost(args.host)) {
    process.stderr.write(
      `warning: listening on ${args.host} without TLS. Put a TLS-terminating proxy in front ` +
        `(browsers need https for a non-local origin, and traffic must not travel in clear).\n`,
    );
  }
  // The handlers are never removed: Ctrl-C reaches both this process and the launcher that
  // relaunched it, which passes it on, so a second SIGINT can arrive during the close or after
  // it — it must neither cut the close short nor kill the process on its way out (they do not
  // keep the process alive).
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await stopped;
  process.stderr.write('shutting down…\n');
  await server.close();
  return 0;
}
