// Why: a non-isolated third-party host page (no COOP/COEP) on :3001 that iframes the app, to test embedding.
import { createServer } from 'node:http';

const APP = `http://127.0.0.1:${process.env.APP_PORT || 3000}`;
const PORT = Number(process.env.EMBED_PORT || 3001);
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${PORT}`);
  const src = url.searchParams.get('src') ?? '/embed';
  if (url.pathname !== '/' || !src.startsWith('/') || src.startsWith('//')) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('src must be a path starting with /\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>embed host</title><link rel="icon" href="data:,"></head><body>
<iframe id="embed" src="${esc(APP + src)}" width="1200" height="900"></iframe>
</body></html>\n`);
}).listen(PORT, '127.0.0.1', () => console.log(`embed host on http://127.0.0.1:${PORT}/?src=/embed`));
