// Why: section (e): what the pages cost a reader — first-load JavaScript per route, and frame timing (long animation frames, dropped frames) while the walkthrough plays a 1,024-frame run at 1× and 4×.
import type { Ctx } from '../lib/context';
import { log } from '../lib/measure';
import { spread, type Spread } from '../lib/stats';
import { firstLoadJs, type RouteJs } from '../web/first-load';
import { PLAY_SPEEDS, PLAY_URL, frameTiming, type FrameRun } from '../web/frames';
import { buildNext, hasBuild, startNext } from '../web/next-server';

const ROUTES = ['/', '/walkthrough/descriptor-flow', '/embed/descriptor-flow', '/playground'];
/** Seconds of playback per measurement: 8 steps at 1×, 32 at 4×. */
const SECONDS = 8;

/** Frame timing at one player speed, over the repetitions. */
export interface SpeedFrames {
  speed: number;
  runs: Array<FrameRun & { rep: number; error?: string }>;
  medianMs?: Spread;
  p95Ms?: Spread;
  dropped?: Spread;
  longFrames?: Spread;
  longFrameMaxMs?: Spread;
}

export interface PageResult {
  server?: string;
  routes: RouteJs[];
  missingRoutes: string[];
  frames?: { url: string; seconds: number; speeds: SpeedFrames[] };
  skipped?: string;
}

export async function pageCosts(ctx: Ctx): Promise<PageResult> {
  if (!hasBuild()) {
    if (ctx.args.quick) return { routes: [], missingRoutes: [], skipped: 'no .next build (--quick does not build)' };
    const err = buildNext();
    if (err) return { routes: [], missingRoutes: [], skipped: err };
  }
  log('(e) starting next start');
  const server = await startNext();
  try {
    const routes: RouteJs[] = [];
    const missingRoutes: string[] = [];
    for (const route of ROUTES) {
      const r = await firstLoadJs(route, server.url);
      if (r) routes.push(r);
      else missingRoutes.push(route);
      if (r) log(`  ${route}: ${r.chunks.length} chunks, ${(r.raw / 1024).toFixed(1)} KiB raw, ${(r.gzip / 1024).toFixed(1)} KiB gzip (${r.source})`);
    }
    if (!ctx.chromium) return { server: server.url, routes, missingRoutes, skipped: 'frame timing: no Chromium' };
    const reps = Math.min(ctx.args.reps, 3);
    const speeds: SpeedFrames[] = [];
    for (const speed of PLAY_SPEEDS) {
      const runs: SpeedFrames['runs'] = [];
      for (let rep = 0; rep < reps; rep++) {
        try {
          const r = await frameTiming(server.url, SECONDS, speed);
          runs.push({ ...r, rep });
          log(
            `  frames ${speed}× rep ${rep + 1}: ${r.frames} frames, median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms, ${r.dropped} > 25 ms; ` +
              `${r.longFrames} ${r.source} entries (max ${r.longFrameMaxMs.toFixed(0)} ms); ${r.stepsAdvanced} steps played from step ${r.fromStep} of ${r.totalSteps}`,
          );
          for (const l of r.longest) log(`    long frame at ${l.atMs} ms: ${l.ms} ms${l.scripts?.length ? ` — ${l.scripts.join('; ')}` : ''}`);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          log(`  frames ${speed}× rep ${rep + 1}: FAILED ${error}`);
          runs.push({ rep, error } as FrameRun & { rep: number; error: string });
        }
      }
      const good = runs.filter((r) => !r.error);
      const s = (f: (r: FrameRun) => number) => spread(good.map(f));
      speeds.push({
        speed,
        runs,
        medianMs: s((r) => r.medianMs),
        p95Ms: s((r) => r.p95Ms),
        dropped: s((r) => r.dropped),
        longFrames: s((r) => r.longFrames),
        longFrameMaxMs: s((r) => r.longFrameMaxMs),
      });
    }
    return { server: server.url, routes, missingRoutes, frames: { url: PLAY_URL, seconds: SECONDS, speeds } };
  } finally {
    await server.stop();
  }
}
