// Probe for SECURITY.md §3.4 (issue 11 §7.3), not part of the bench suite. Measures a server process's RSS growth while N sockets each hold an unfinished fragmented
// message just below the size the server accepts. Usage: node bin/tsx.mjs bench/server/unfinishedFragments.ts CAP N (uses port 8842)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openRawWebSocket, OPCODE } from '../../src/server/testing/rawSocket';

const [capArg, nArg] = process.argv.slice(2);
const cap = Number(capArg);
const n = Number(nArg);
const child = spawn(
  process.execPath,
  ['bin/tsx.mjs', 'src/server/main.ts', '--port', '8842', '--static', '/nonexistent'],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
await new Promise<void>((r) => child.stderr?.on('data', (d: Buffer) => d.toString().includes('listening') && r()));
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 1000));
const before = rss();
const socks = [];
for (let i = 0; i < n; i++) {
  const r = await openRawWebSocket(8842);
  await r.next();
  let left = cap - 2000;
  r.frame(OPCODE.text, false, Buffer.alloc(Math.min(left, 60_000), 'a'));
  left -= Math.min(left, 60_000);
  while (left > 0) {
    const k = Math.min(left, 60_000);
    r.frame(OPCODE.continuation, false, Buffer.alloc(k, 'a'));
    left -= k;
  }
  socks.push(r);
}
await new Promise((r) => setTimeout(r, 3000));
const after = rss();
console.log(
  `cap ${cap} bytes, ${n} sockets: server RSS ${before.toFixed(0)} MiB -> ${after.toFixed(0)} MiB (+${(((after - before) / n) * 1024).toFixed(0)} KiB per socket)`,
);
for (const s of socks) s.socket.destroy();
child.kill('SIGINT');
process.exit(0);
