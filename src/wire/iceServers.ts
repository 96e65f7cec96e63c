/**
 * STUN/TURN configuration for deployments: `frost-ceremony serve --ice-servers FILE` reads a
 * JSON list like `[{"urls":"stun:stun.example.org:3478"},{"urls":"turn:turn.example.org","username":"u","credential":"p"}]`
 * and the server hands it to browsers at GET /config.json. The format is shared by the server (which
 * serves it) and the transport (which fetches it: src/transport/clientConfig.ts).
 */
import { z } from 'zod';

const url = z
  .string()
  .regex(/^(stun|stuns|turn|turns):[^\s]{1,250}$/, 'each url must start with stun:, stuns:, turn: or turns:');

export const iceServerSchema = z
  .object({
    urls: z.union([url, z.array(url).min(1).max(8)]),
    username: z.string().max(256).optional(),
    credential: z.string().max(256).optional(),
  })
  .strict();

export type IceServer = z.infer<typeof iceServerSchema>;

const listSchema = z.array(iceServerSchema).max(16);

/** Parses and validates a JSON list of ICE servers; throws with a readable reason. */
export function parseIceServers(json: string): IceServer[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('not valid JSON (expected a list of {"urls": …} objects)');
  }
  const r = listSchema.safeParse(data);
  if (!r.success)
    throw new Error(
      `not a valid ICE server list: ${r.error.issues.map((i) => `${i.path.join('.') || 'list'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** What GET /config.json returns. */
export const clientConfigSchema = z.object({ iceServers: listSchema }).strict();
export type ClientConfig = z.infer<typeof clientConfigSchema>;
