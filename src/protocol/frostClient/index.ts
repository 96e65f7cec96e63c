/** ZF frost-client (frost-tools) interoperability: contact strings and credentials.toml. */
export { decodeContact, encodeContact, FrostClientContactError, type FrostClientContact } from './contact.js';
export {
  frostClientCredentials,
  frostClientDescription,
  FrostClientExportError,
  FROST_CLIENT_SUITES,
  type FrostClientGroupInput,
} from './credentials.js';
