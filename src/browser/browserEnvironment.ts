/**
 * The browser's side of the live controller: WebCrypto randomness, IndexedDB (encrypted at
 * rest), native Ed25519 signature checks, and the signalling server at the page's own origin.
 */
import { createBrowserIdentityCrypto } from '../platform/index';
import type { FaultKind } from '../protocol/index';
import { fetchClientConfig, createTransport } from '../transport/index';
import { indexedDbStateStore } from './indexedDbStateStore';
import type { LiveEnvironment } from './liveController';

const FAULTS: readonly FaultKind[] = ['bad-share', 'bad-proof', 'equivocate', 'false-complaint', 'silent'];

export function browserEnvironment(): LiveEnvironment {
  return {
    origin: location.origin,
    rng: (n) => crypto.getRandomValues(new Uint8Array(n)),
    storeFor: (name) => indexedDbStateStore(name),
    // WebCrypto Ed25519 where the browser has it, noble where not; same verdicts either way.
    identityCrypto: () => createBrowserIdentityCrypto(),
    transportFor: async (invite, selfId) => {
      // STUN/TURN servers come from the deployment (serve --ice-servers); none on loopback/LAN.
      const { iceServers } = await fetchClientConfig(invite.origin);
      return createTransport({
        serverUrl: invite.origin,
        roomId: invite.roomId,
        selfId,
        iceServers: iceServers as RTCIceServer[],
        relayOnly: new URLSearchParams(location.search).has('relay-only'),
      });
    },
    // Test builds only: `?fault=bad-share` makes this browser misbehave, for the e2e fault
    // tests. Production builds define __TEST_FAULTS__ as false and drop this branch.
    fault: __TEST_FAULTS__
      ? () => {
          const f = new URLSearchParams(location.search).get('fault');
          return f && (FAULTS as readonly string[]).includes(f) ? (f as FaultKind) : undefined;
        }
      : undefined,
  };
}
