// Why: the walkthrough must play smoothly: record long tasks and requestAnimationFrame intervals in Chromium while it plays at 1×.
import { launch } from './browser';

export const PLAY_URL = '/walkthrough/descriptor-flow?packets=64';
const DROPPED_MS = 25;

export interface FrameRun {
  seconds: number;
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Frame intervals over 25 ms. */
  dropped: number;
  /** The slow intervals: when they ended (ms after recording started; play was pressed at ~0) and how long they were. */
  slowFrames: Array<{ atMs: number; ms: number }>;
  longTasks: number;
  longTaskMaxMs: number;
  /** Long tasks while the page loaded (before play), for reference. */
  loadLongTasks: number;
  loadLongTaskMaxMs: number;
  stepsAdvanced: number;
  isolated: boolean;
}

// In-page scripts are strings: tsx would wrap named functions in a __name() helper the page does not have.
const INIT = `window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration }); })
  .observe({ type: 'longtask', buffered: true });`;
const RECORD = `(() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return performance.now();
})()`;
const COLLECT = `({ frames: window.__frames.slice(), longTasks: window.__longTasks.slice(), isolated: self.crossOriginIsolated })`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

export async function frameTiming(base: string, seconds: number): Promise<FrameRun> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.addInitScript(INIT);
    await page.goto(`${base}${PLAY_URL}`);
    await page.waitForFunction(() => {
      const p = document.querySelector('[data-testid="player"]');
      return p !== null && p.getAttribute('data-state') !== 'loading';
    });
    await page.selectOption('[data-testid="player-speed"]', '1');
    const stepAt = () => page.getAttribute('[data-testid="step"]', 'data-step').then(Number);
    const before = await stepAt();
    const t0 = (await page.evaluate(RECORD)) as number;
    await page.click('[data-testid="player-toggle"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="player"]')?.getAttribute('data-state') === 'playing', undefined, { timeout: 5000 });
    await page.waitForTimeout(seconds * 1000);
    const got = (await page.evaluate(COLLECT)) as { frames: number[]; longTasks: Array<{ start: number; ms: number }>; isolated: boolean };
    const after = await stepAt();
    const iv = got.frames.slice(1).map((t, i) => t - got.frames[i]!);
    const sorted = [...iv].sort((a, b) => a - b);
    const during = got.longTasks.filter((l) => l.start >= t0);
    const load = got.longTasks.filter((l) => l.start < t0);
    return {
      seconds,
      frames: got.frames.length,
      medianMs: pct(sorted, 0.5),
      p95Ms: pct(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? NaN,
      dropped: iv.filter((x) => x > DROPPED_MS).length,
      slowFrames: iv.flatMap((ms, i) => (ms > DROPPED_MS ? [{ atMs: Math.round(got.frames[i + 1]! - t0), ms: Math.round(ms * 10) / 10 }] : [])),
      longTasks: during.length,
      longTaskMaxMs: Math.max(0, ...during.map((l) => l.ms)),
      loadLongTasks: load.length,
      loadLongTaskMaxMs: Math.max(0, ...load.map((l) => l.ms)),
      stepsAdvanced: after - before,
      isolated: got.isolated,
    };
  } finally {
    await browser.close();
  }
}
