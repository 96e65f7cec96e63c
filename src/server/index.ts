/**
 * The signalling server (Node only): rooms, presence, relay, limits, static files, and the `serve`
 * command's start function (the CLI calls it). Imports the wire format (src/wire), never transport or cli.
 */
export { SERVER_NODE_FLAGS, missingServerFlags } from './nodeFlags';
export { createSignalServer, DEFAULT_LIMITS, type SignalServer } from './signalServer';
export { serveCommand, parseServeArgs, isLoopbackHost, DEFAULT_PORT, type ServeArgs } from './serve';
export { importOptional, MissingOptionalDependencyError } from './optionalDependency';
