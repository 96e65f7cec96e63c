/**
 * Platform adapters of the protocol's IdentityCrypto, kept out of src/protocol (which uses no
 * platform crypto). This entry is the one that runs everywhere: Ed25519 on WebCrypto, with the
 * protocol's noble verdicts as fallback (browsers, and Node for tests). The Node-only adapter on
 * node:crypto has its own entry, ./node.ts, so that a browser bundle never pulls in `node:crypto`.
 */
export { createBrowserIdentityCrypto, envelopeSigningInput, type PrefetchingIdentityCrypto } from './identityBrowser';
