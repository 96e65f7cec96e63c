import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Baseline for the load test: the least a relay can do. Rooms by URL path, every message
 * forwarded as is to the other sockets of the room; no parsing, limits, log or presence.
 */
export async function createBareRelay(): Promise<{ port: number; close(): Promise<void> }> {
  const rooms = new Map<string, Set<WebSocket>>();
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, req) => {
    ws.on('error', () => {});
    const room = req.url ?? '/';
    let set = rooms.get(room);
    if (set === undefined) rooms.set(room, (set = new Set()));
    set.add(ws);
    ws.on('message', (data, isBinary) => {
      for (const other of set) if (other !== ws) other.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0) rooms.delete(room);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => r());
      }),
  };
}
