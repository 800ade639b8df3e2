// Why: SharedArrayBuffer needs a cross-origin-isolated page, so a tiny 127.0.0.1 server sends COOP/COEP with the bare ring (bare-ring/, shared with the playground) and bench/out.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// URL folder → the folder on disk it serves.
const SERVED: Record<string, string> = {
  'bare-ring': fileURLToPath(new URL('../../bare-ring/', import.meta.url)),
  out: fileURLToPath(new URL('../out/', import.meta.url)),
};
const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
const INDEX = '<!doctype html><meta charset="utf-8"><title>virtio ring bench</title><p>bench</p>';

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<BenchServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { ...HEADERS, 'Content-Type': 'text/html' }).end(INDEX);
      return;
    }
    const rel = normalize(path).replace(/^[/\\]+/, '');
    const [top = '', ...rest] = rel.split(sep);
    const dir = Object.hasOwn(SERVED, top) ? SERVED[top] : undefined;
    if (!dir || rel.includes('..')) {
      res.writeHead(404, HEADERS).end();
      return;
    }
    try {
      const body = await readFile(dir + rest.join(sep));
      res.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, HEADERS).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
