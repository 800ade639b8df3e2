// Why: runs the bare JS ring and the engine in headless Chromium (the system build, driven by Playwright), a fresh browser per measurement.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { FreeRunConfig } from '../../engine/freerun/run';
import { engineResult } from '../engine/node';
import { ringResult, type RingConfig, type Verified } from '../js/node';
import type { Mode } from '../lib/modes';
import type { RingRun } from '../lib/types';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium to use (CHROMIUM_PATH or Debian's), or undefined when there is none. */
export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(p) ? p : undefined;
}

export async function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium (set CHROMIUM_PATH)');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Opens `base`/ in a fresh browser, checks isolation, runs `fn`, closes the browser. */
async function inFreshPage<T>(base: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    if (!(await page.evaluate(() => self.crossOriginIsolated))) throw new Error('bench page is not cross-origin isolated');
    try {
      return await fn(page);
    } catch (err) {
      throw new Error(`${(err as Error).message}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
    }
  } finally {
    await browser.close();
  }
}

export function runJsRingChromium(base: string, cfg: RingConfig): Promise<RingRun> {
  return inFreshPage(base, async (page) => {
    const r = await page.evaluate(async (c) => {
      const m = await import(`${location.origin}/bare-ring/page.mjs`);
      return (await m.runRing(c)) as { v: unknown; lat: number[] | null };
    }, cfg);
    return ringResult('chromium', cfg, r.v as Verified, r.lat);
  });
}

/** Needs bundleEngine() first. */
export function runEngineChromium(base: string, mode: Mode, cfg: FreeRunConfig): Promise<RingRun> {
  return inFreshPage(base, async (page) => {
    const r = await page.evaluate(async (c) => {
      const m = await import(`${location.origin}/out/web/engine-page.js`);
      return (await m.runEngine(c, `${location.origin}/out/web/engine-worker.js`)) as {
        ms: number;
        ends: Array<{ how?: string; error?: string }>;
        stalled?: string;
        v: { ok: boolean; message: string };
        counters: Record<string, number>;
      };
    }, cfg);
    return engineResult('chromium', mode, cfg, r.ms, r.ends, r.v, r.counters, r.stalled);
  });
}
