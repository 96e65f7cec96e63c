/**
 * Platform adapters of the protocol's IdentityCrypto: Ed25519 on node:crypto (CLI, tests) and on
 * WebCrypto (browsers). Kept out of src/protocol, which uses no platform crypto.
 */
export { createBrowserIdentityCrypto, envelopeSigningInput, type PrefetchingIdentityCrypto } from './identityBrowser';
export { createNodeIdentityCrypto, opensslVerify } from './identityNode';
