/**
 * The signalling wire format, shared by both ends: the server (src/server) and the transport
 * (src/transport) import it, never each other. Frames, ids, error and close codes, the ICE server
 * configuration the server hands out, and the limits (also used by the protocol). See WIRE.md.
 */
export * from './limits';
export * from './frames';
export * from './iceServers';
