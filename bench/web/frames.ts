// Why: step mode must play smoothly: while the walkthrough plays a 1,024-frame run, record long animation frames (the LoAF API; long tasks where Chromium has none) and requestAnimationFrame intervals in Chromium.
import { launch } from './browser';

/** The largest step-mode run (STEP_MODE_MAX_PACKETS frames): its trace is the longest the ring views and panels must keep up with. */
export const PLAY_URL = '/walkthrough/descriptor-flow?packets=1024&qsize=256';
/** Player speeds measured (steps per second; the player's "1×" and "4×"). */
export const PLAY_SPEEDS = [1, 4] as const;
const DROPPED_MS = 25;

/** One long animation frame (or long task): when it started (ms after recording started), how long it took, and the scripts that ran longest in it. */
export interface LongFrame {
  atMs: number;
  ms: number;
  /** LoAF only: the part that blocked input (sum over its long tasks of their time over 50 ms). */
  blockingMs?: number;
  /** LoAF only: the longest scripts, "invoker · function · file:char · ms", for profiling. */
  scripts?: string[];
}

export interface FrameRun {
  speed: number;
  seconds: number;
  /** Which entries were observed: long animation frames, or long tasks where the browser has no LoAF. */
  source: 'long-animation-frame' | 'longtask';
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Frame intervals over 25 ms. */
  dropped: number;
  /** The slow intervals: when they ended (ms after recording started; play was pressed at ~0) and how long they were. */
  slowFrames: Array<{ atMs: number; ms: number }>;
  /** Long animation frames (or long tasks) while playing: every one is over 50 ms. */
  longFrames: number;
  longFrameMaxMs: number;
  /** The longest of them, longest first (at most 5). */
  longest: LongFrame[];
  /** Long frames while the page loaded (before play), for reference. */
  loadLongFrames: number;
  loadLongFrameMaxMs: number;
  stepsAdvanced: number;
  /** Steps in the run (the trace's length), and the step playback started from (the middle). */
  totalSteps: number;
  fromStep: number;
  isolated: boolean;
}

// In-page scripts are strings: tsx would wrap named functions in a __name() helper the page does not have.
const INIT = `(() => {
  const type = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame') ? 'long-animation-frame' : 'longtask';
  window.__long = { type, entries: [] };
  const file = (u) => (u ? u.split('/').pop() : '');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__long.entries.push({
        start: e.startTime,
        ms: e.duration,
        blocking: e.blockingDuration,
        scripts: (e.scripts || [])
          .slice()
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 3)
          .map((s) => [s.invoker, s.sourceFunctionName, file(s.sourceURL) + ':' + s.sourceCharPosition, Math.round(s.duration) + ' ms'].filter(Boolean).join(' · ')),
      });
  }).observe({ type, buffered: true });
})();`;
const RECORD = `(() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return performance.now();
})()`;
const COLLECT = `({ frames: window.__frames.slice(), long: window.__long, isolated: self.crossOriginIsolated })`;

interface Collected {
  frames: number[];
  long: { type: FrameRun['source']; entries: Array<{ start: number; ms: number; blocking?: number; scripts: string[] }> };
  isolated: boolean;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** Plays PLAY_URL at `speed` steps per second for `seconds` in a fresh Chromium and records what the frames cost. */
export async function frameTiming(base: string, seconds: number, speed: number): Promise<FrameRun> {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.addInitScript(INIT);
    await page.goto(`${base}${PLAY_URL}`);
    // The engine worker records the whole run (tens of thousands of steps) before the player is usable.
    await page.waitForFunction(
      () => {
        const p = document.querySelector('[data-testid="player"]');
        return p !== null && p.getAttribute('data-state') !== 'loading';
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.selectOption('[data-testid="player-speed"]', String(speed));
    const stepAt = () => page.getAttribute('[data-testid="step"]', 'data-step').then(Number);
    const totalSteps = Number(/\/\s*([\d,]+)/.exec(await page.innerText('[data-testid="step"]'))?.[1]?.replace(/,/g, '') ?? NaN);
    // Play from the middle of the run: the ring is full of chains there, and anything that walks the trace up to the step shown costs the most.
    const fromStep = Math.floor(totalSteps / 2);
    await page.fill('[data-testid="player-scrubber"]', String(fromStep));
    await page.waitForFunction((n) => document.querySelector('[data-testid="step"]')?.getAttribute('data-step') === String(n), fromStep, { timeout: 30_000 });
    await page.waitForTimeout(500); // let the seek's own rendering settle
    const before = await stepAt();
    const t0 = (await page.evaluate(RECORD)) as number;
    await page.click('[data-testid="player-toggle"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="player"]')?.getAttribute('data-state') === 'playing', undefined, { timeout: 5000 });
    await page.waitForTimeout(seconds * 1000);
    const got = (await page.evaluate(COLLECT)) as Collected;
    const after = await stepAt();
    const iv = got.frames.slice(1).map((t, i) => t - got.frames[i]!);
    const sorted = [...iv].sort((a, b) => a - b);
    const during = got.long.entries.filter((l) => l.start >= t0);
    const load = got.long.entries.filter((l) => l.start < t0);
    return {
      speed,
      seconds,
      source: got.long.type,
      frames: got.frames.length,
      medianMs: pct(sorted, 0.5),
      p95Ms: pct(sorted, 0.95),
      maxMs: sorted[sorted.length - 1] ?? NaN,
      dropped: iv.filter((x) => x > DROPPED_MS).length,
      slowFrames: iv.flatMap((ms, i) => (ms > DROPPED_MS ? [{ atMs: Math.round(got.frames[i + 1]! - t0), ms: Math.round(ms * 10) / 10 }] : [])),
      longFrames: during.length,
      longFrameMaxMs: Math.max(0, ...during.map((l) => l.ms)),
      longest: during
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((l) => ({
          atMs: Math.round(l.start - t0),
          ms: Math.round(l.ms),
          ...(got.long.type === 'long-animation-frame' ? { blockingMs: Math.round(l.blocking ?? 0), scripts: l.scripts } : {}),
        })),
      loadLongFrames: load.length,
      loadLongFrameMaxMs: Math.max(0, ...load.map((l) => l.ms)),
      stepsAdvanced: after - before,
      totalSteps,
      fromStep: before,
      isolated: got.isolated,
    };
  } finally {
    await browser.close();
  }
}
