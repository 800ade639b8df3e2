#!/usr/bin/env node
// Why: the images in public/ are made, not drawn by hand: the social card (1200×630) is a real screenshot of the walkthrough, the PNG icons are app/icon.svg rendered at their sizes. This remakes them after the look changes.
// Usage: start the site (`npm start`, or `next start -p 3100`), then `node e2e/make-static-images.mjs [base-url]`.
// Uses CHROMIUM_PATH or Debian's /usr/bin/chromium; install fonts-noto-cjk first so the Chinese renders.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const publicDir = (name) => fileURLToPath(new URL(`../public/${name}`, import.meta.url));
const svg = readFileSync(new URL('../app/icon.svg', import.meta.url), 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--hide-scrollbars'] });
try {
  // The social card: a 1600×840 page drawn at 0.75 is 1200×630, wide enough for the whole ring beside the explanation.
  const page = await browser.newPage({ viewport: { width: 1600, height: 840 }, deviceScaleFactor: 0.75 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${base}/walkthrough/descriptor-flow?step=100&lang=both`);
  await page.locator('[data-testid="step"][data-step="100"]').waitFor();
  await page.locator('[data-testid="player"]:not([data-state="loading"])').waitFor();
  await page.screenshot({ path: publicDir('social-preview.png'), animations: 'disabled' });

  // The icons: iOS rounds the corners itself, so its icon is the full square; the manifest's keeps the favicon's shape.
  for (const [name, size, square] of [
    ['apple-touch-icon.png', 180, true],
    ['icon-192.png', 192, false],
    ['icon-512.png', 512, false],
  ]) {
    const icon = await browser.newPage({ viewport: { width: size, height: size } });
    const art = square ? svg.replace(/rx="[\d.]+"/, 'rx="0"') : svg;
    await icon.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${art}`);
    await icon.screenshot({ path: publicDir(name), omitBackground: !square });
    await icon.close();
  }
  console.log('wrote public/social-preview.png, apple-touch-icon.png, icon-192.png, icon-512.png');
} finally {
  await browser.close();
}
