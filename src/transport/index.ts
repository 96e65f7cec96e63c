/**
 * The transport: signalling client, WebRTC mesh, relay fallback, resync. Imports the wire format
 * (src/wire), never the server. Other parts import only this entry.
 */
export { base64ToBytes, bytesToBase64 } from './bytes';
export { fetchClientConfig } from './clientConfig';
export { encodeEnvelopeFrame } from './peerFrames';
export { type SignalStatus } from './signalClient';
export {
  createTransport,
  type DeliveryPath,
  type EnvelopeHandler,
  type LinkState,
  type Transport,
  type TransportOptions,
} from './transport';
