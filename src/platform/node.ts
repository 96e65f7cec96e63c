/** The Node-only entry of src/platform: Ed25519 on node:crypto (CLI and tests), and OpenSSL's verdict for comparisons. */
export { createNodeIdentityCrypto, opensslVerify } from './identityNode';
