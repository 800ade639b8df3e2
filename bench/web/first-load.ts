// Why: Next 16 no longer prints "First Load JS"; sum the <script src> chunks a route's HTML loads (raw and gzip), leaving out noModule polyfills modern browsers skip.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RouteJs {
  route: string;
  /** "build": .next/server/app/<route>.html; "server": the route renders per request, so its HTML came from next start. */
  source: 'build' | 'server';
  chunks: Array<{ src: string; raw: number; gzip: number }>;
  raw: number;
  gzip: number;
}

/** The src of every <script> that is not noModule, in order, without duplicates. */
export function scriptSrcs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1]!;
    if (/\bnomodule\b/i.test(attrs)) continue;
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs)?.[1];
    if (src && !out.includes(src)) out.push(src.replace(/&amp;/g, '&'));
  }
  return out;
}

async function bytesOf(src: string, base: string): Promise<Buffer> {
  const path = new URL(src, base).pathname;
  if (path.startsWith('/_next/')) {
    const file = `${ROOT}.next/${decodeURIComponent(path.slice('/_next/'.length))}`;
    if (existsSync(file)) return readFileSync(file);
  }
  const r = await fetch(new URL(src, base));
  if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/** First-load JS of `route`, or undefined when the route does not exist (HTTP 404). */
export async function firstLoadJs(route: string, base: string): Promise<RouteJs | undefined> {
  const file = `${ROOT}.next/server/app${route === '/' ? '/index' : route}.html`;
  let html: string;
  let source: RouteJs['source'];
  if (existsSync(file)) {
    html = readFileSync(file, 'utf8');
    source = 'build';
  } else {
    const r = await fetch(`${base}${route}`);
    if (r.status === 404) return undefined;
    if (!r.ok) throw new Error(`${route}: HTTP ${r.status}`);
    html = await r.text();
    source = 'server';
  }
  const chunks = [];
  for (const src of scriptSrcs(html)) {
    const body = await bytesOf(src, base);
    chunks.push({ src, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return { route, source, chunks, raw: chunks.reduce((s, c) => s + c.raw, 0), gzip: chunks.reduce((s, c) => s + c.gzip, 0) };
}
