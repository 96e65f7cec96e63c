/** The browser's and the headless participant's side of GET /config.json (format: src/wire/iceServers.ts). */
import { clientConfigSchema, type ClientConfig } from '../wire/index';

/** Fetches /config.json from the app's origin (or its ws(s) signalling URL); falls back to no ICE servers if it is missing or bad. */
export async function fetchClientConfig(origin: string, fetchImpl: typeof fetch = fetch): Promise<ClientConfig> {
  try {
    const url = new URL('/config.json', origin);
    // The signalling URL may be given as ws(s)://host/ws: the config lives on the same host.
    if (url.protocol === 'ws:' || url.protocol === 'wss:') url.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
    const res = await fetchImpl(url.toString(), { cache: 'no-store' });
    if (!res.ok) return { iceServers: [] };
    const r = clientConfigSchema.safeParse(await res.json());
    return r.success ? r.data : { iceServers: [] };
  } catch {
    return { iceServers: [] };
  }
}
