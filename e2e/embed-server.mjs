// Why: a non-isolated third-party host page (no COOP/COEP) on :3001 that iframes the app, to test embedding.
//   /?src=/embed/...      one iframe of the given path
//   /three                three diagrams on one page, the first driven by postMessage (buttons and window.send)
//   /evil?target=N        a page that posts commands into frame N of its parent (load it from another origin to forge)
import { createServer } from 'node:http';

const APP = `http://127.0.0.1:${process.env.APP_PORT || 3000}`;
const PORT = Number(process.env.EMBED_PORT || 3001);
const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const head = (title) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head><body>`;

/** The three embeds of /three; `?a=`, `?b=`, `?c=` replace one (a path on the app), `?evil=` adds a forging frame from that origin. */
const THREE = {
  a: '/embed?v=1&scenario=descriptor-flow&view=ring&step=10&lang=en&id=a',
  b: '/embed?v=1&scenario=msix-vectors&view=msix&step=5&lang=en&theme=dark&id=b',
  c: '/embed?v=1&scenario=kick-call&view=prose&step=3-6&loop=1&controls=0&lang=en&id=c',
};

function three(url) {
  const src = (k) => {
    const s = url.searchParams.get(k) ?? THREE[k];
    return s.startsWith('/') && !s.startsWith('//') ? APP + s : null;
  };
  const frames = ['a', 'b', 'c'].map((k) => [k, src(k)]);
  if (frames.some(([, s]) => s === null)) return null;
  const evil = url.searchParams.get('evil');
  return `${head('three embeds')}
<h1>Three diagrams</h1>
<p><button id="next" type="button">Next step of the first diagram</button> <button id="prev" type="button">Previous step</button></p>
${frames.map(([k, s]) => `<iframe id="${k}" name="${k}" src="${esc(s)}" title="diagram ${k}" width="900" height="200" style="border:1px solid #ccc;display:block"></iframe>`).join('\n')}
${evil ? `<iframe id="evil" src="${esc(`${evil}/evil?target=0`)}" width="300" height="60"></iframe>` : ''}
<pre id="log"></pre>
<script>
const APP = ${JSON.stringify(APP)};
window.events = [];
const frameOf = (w) => ['a', 'b', 'c'].find((k) => document.getElementById(k).contentWindow === w) ?? null;
addEventListener('message', (e) => {
  if (e.origin !== APP) return;
  const from = frameOf(e.source);
  window.events.push({ from, data: e.data });
  if (e.data && e.data.type === 'height' && from) document.getElementById(from).height = String(e.data.height);
  document.getElementById('log').textContent += from + ' ' + JSON.stringify(e.data) + '\\n';
});
window.sendRaw = (k, data, origin = APP) => document.getElementById(k).contentWindow.postMessage(data, origin);
window.send = (k, msg) => window.sendRaw(k, { source: 'virtio-explainer', v: 1, ...msg });
document.getElementById('next').onclick = () => window.send('a', { type: 'step', by: 1 });
document.getElementById('prev').onclick = () => window.send('a', { type: 'step', by: -1 });
</script></body></html>\n`;
}

function evil(url) {
  const target = Number(url.searchParams.get('target') ?? '0');
  return `${head('forger')}<p>forger</p><script>
// Same command shape as the real host, from a window that is not the embed's parent and an origin it did not allow.
window.forge = () => parent.frames[${Number.isInteger(target) ? target : 0}].postMessage({ source: 'virtio-explainer', v: 1, type: 'seek', step: 0 }, '*');
</script></body></html>\n`;
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${PORT}`);
  if (url.pathname === '/three') {
    const html = three(url);
    if (html) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return void res.writeHead(400, { 'content-type': 'text/plain' }).end('a, b and c must be paths starting with /\n');
  }
  if (url.pathname === '/evil') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(evil(url));
  const src = url.searchParams.get('src') ?? '/embed';
  if (url.pathname !== '/' || !src.startsWith('/') || src.startsWith('//')) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('src must be a path starting with /\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`${head('embed host')}
<iframe id="embed" src="${esc(APP + src)}" width="1200" height="900"></iframe>
</body></html>\n`);
}).listen(PORT, '127.0.0.1', () => console.log(`embed host on http://127.0.0.1:${PORT}/?src=/embed`));
