import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

const HOST = /^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$/;

/**
 * Security headers for every HTTP response. The app loads nothing from third parties and runs
 * no inline script; `connect-src` allows only this origin (with ws:/wss: spelled out for the
 * host, since older browsers do not count WebSockets as 'self').
 */
export function securityHeaders(hostHeader: string | undefined): Record<string, string> {
  const wsSources = hostHeader !== undefined && HOST.test(hostHeader) ? ` ws://${hostHeader} wss://${hostHeader}` : '';
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${wsSources}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

/** Serves a directory read-only: GET/HEAD, no traversal, no dotfiles, SPA fallback to index.html. */
export function createStaticHandler(dir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = resolve(dir);

  async function fileAt(rel: string): Promise<string | undefined> {
    const full = resolve(root, '.' + rel);
    // Anything that resolves outside the root (after decoding) is refused, not clamped.
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    try {
      const s = await stat(full);
      if (!s.isFile()) return undefined;
      // A symlink inside the build must not lead outside it either.
      const [real, realRoot] = await Promise.all([realpath(full), realpath(root)]);
      return real.startsWith(realRoot + sep) ? full : undefined;
    } catch {
      return undefined;
    }
  }

  function end(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  }

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return end(res, 405, 'method not allowed\n');
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return end(res, 400, 'bad request\n');
    }
    if (path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s === '..' || s.startsWith('.'))) {
      return end(res, 404, 'not found\n');
    }
    let file = path.endsWith('/') ? await fileAt(path + 'index.html') : await fileAt(path);
    // SPA fallback: extension-less paths are client-side routes; missing assets stay 404.
    if (file === undefined && extname(path) === '') file = await fileAt('/index.html');
    if (file === undefined) return end(res, 404, 'not found\n');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return end(res, 404, 'not found\n');
    }
    const ext = extname(file).toLowerCase();
    const immutable = file.startsWith(resolve(root, 'assets') + sep);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
