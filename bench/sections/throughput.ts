// Why: sections (a) and (b): free-run throughput of the engine, the native C ring and the bare JS ring, interleaved per repetition so ratios can be paired.
import { runEngineNode } from '../engine/node';
import { runJsRingNode } from '../js/node';
import type { Ctx } from '../lib/context';
import { log, measure, type Measured } from '../lib/measure';
import { MODES, engineOptions, type Mode } from '../lib/modes';
import { pairedRatios, spread, type Spread } from '../lib/stats';
import type { Env, Impl } from '../lib/types';
import { runNative } from '../native/native';
import { runEngineChromium, runJsRingChromium } from '../web/browser';

/** RINGBENCH's method: busy-poll runs use at most 2 M buffers (spinning JS on 2 vCPUs can crawl at 0.1 M/s). */
export const POLL_CAP = 2_000_000;
const PROBE = 30_000;

export interface Cell {
  impl: Impl;
  env: Env;
  mode: Mode;
  buffers: number;
  mbps?: Spread;
  verified: string;
  kicks?: number;
  calls?: number;
  /** The engine in Node: CPU µs per buffer (all threads) and GC share, medians. */
  cpuUs?: number;
  gcShare?: number;
}
export interface Ratio {
  name: string;
  mode: Mode;
  ratio?: Spread;
}
export interface ThroughputResult {
  qsize: number;
  buffers: number;
  pollBuffers: number;
  engineBuffers: Partial<Record<Env, number>>;
  probes: Measured[];
  runs: Measured[];
  cells: Cell[];
  ratios: Ratio[];
}

/** Round down to two significant digits. */
export const roundDown2 = (n: number) => {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / p) * p;
};

/** The engine's buffer count for one env: the full count unless a probe says a run would exceed the budget. */
export async function engineBuffers(
  ctx: Ctx,
  env: Env,
  want: number,
  probe: number,
  probes: Measured[],
  run: (n: number) => Promise<Measured>,
  what: string,
): Promise<number> {
  const budget = ctx.args.engineBudget;
  if (budget === 0 || want <= probe) return want;
  const p = await run(probe);
  probes.push(p);
  if (!(p.mbps > 0)) return want;
  const fits = roundDown2(Math.max(probe, p.mbps * 1e6 * budget));
  if (fits >= want) return want;
  ctx.notes.push(
    `engine ${env} ${what}: probe ran at ${p.mbps.toFixed(3)} M/s, so ${want.toLocaleString('en-US')} would take ~${Math.round(want / p.mbps / 1e6)} s per run; ` +
      `ran ${fits.toLocaleString('en-US')} (--engine-budget ${budget} s; 0 = full count)`,
  );
  return fits;
}

export async function throughput(ctx: Ctx, engine: boolean, baselines: boolean): Promise<ThroughputResult> {
  const { args } = ctx;
  const q = args.qsize;
  const n = args.buffers;
  const pollN = Math.min(n, POLL_CAP);
  const envs: Env[] = ctx.chromium ? ['node', 'chromium'] : ['node'];
  const runEngine = (env: Env, mode: Mode, buffers: number) => {
    const cfg = { scenario: 'descriptor-flow' as const, options: engineOptions(mode, buffers, q) };
    return env === 'node' ? runEngineNode(mode, cfg) : runEngineChromium(ctx.pageUrl!, mode, cfg);
  };
  const probes: Measured[] = [];
  const engineN: Partial<Record<Env, number>> = {};
  if (engine) {
    log('(a) engine probe');
    for (const env of envs)
      engineN[env] = await engineBuffers(ctx, env, n, PROBE, probes, (b) => measure(-1, { impl: 'engine', env, mode: 'evidx', buffers: b, kind: 'probe ' }, () => runEngine(env, 'evidx', b)), 'throughput');
  }
  const runs: Measured[] = [];
  for (let rep = 0; rep < args.reps; rep++) {
    log(`(a/b) throughput, rep ${rep + 1}/${args.reps}`);
    for (const mode of MODES) {
      const b = mode === 'poll' ? pollN : n;
      const ring = { mode, buffers: b, qsize: q };
      if (baselines && ctx.native) runs.push(await measure(rep, { impl: 'c', env: 'native', mode, buffers: b }, () => runNative(ring)));
      if (baselines) runs.push(await measure(rep, { impl: 'js', env: 'node', mode, buffers: b }, () => runJsRingNode(ring)));
      if (engine) runs.push(await measure(rep, { impl: 'engine', env: 'node', mode, buffers: engineN.node! }, () => runEngine('node', mode, engineN.node!)));
      if (baselines && ctx.chromium) runs.push(await measure(rep, { impl: 'js', env: 'chromium', mode, buffers: b }, () => runJsRingChromium(ctx.pageUrl!, ring)));
      if (engine && ctx.chromium)
        runs.push(await measure(rep, { impl: 'engine', env: 'chromium', mode, buffers: engineN.chromium! }, () => runEngine('chromium', mode, engineN.chromium!)));
    }
  }
  return { qsize: q, buffers: n, pollBuffers: pollN, engineBuffers: engineN, probes, runs, ...summarise(runs, args.reps) };
}

/** Per-rep series (NaN where a run is missing or failed verification), so ratios pair runs of the same rep. */
export function series(runs: Measured[], reps: number, impl: Impl, env: Env, mode: Mode, value: (r: Measured) => number): number[] {
  const out = new Array<number>(reps).fill(NaN);
  for (const r of runs) if (r.impl === impl && r.env === env && r.mode === mode && r.rep >= 0 && r.ok) out[r.rep] = value(r);
  return out;
}

const medianOf = (xs: number[]) => spread(xs)?.median;

function summarise(runs: Measured[], reps: number): { cells: Cell[]; ratios: Ratio[] } {
  const cells: Cell[] = [];
  const keys = new Map<string, Measured[]>();
  for (const r of runs) {
    const k = `${r.impl}|${r.env}|${r.mode}`;
    keys.set(k, [...(keys.get(k) ?? []), r]);
  }
  for (const group of keys.values()) {
    const r0 = group[0]!;
    const good = group.filter((r) => r.ok);
    cells.push({
      impl: r0.impl,
      env: r0.env,
      mode: r0.mode,
      buffers: r0.buffers,
      mbps: spread(good.map((r) => r.mbps)),
      verified: `${good.length}/${group.length}`,
      kicks: medianOf(good.map((r) => r.counters.kicks ?? NaN)),
      calls: medianOf(good.map((r) => r.counters.calls ?? NaN)),
      cpuUs: medianOf(good.map((r) => r.cpuUsPerBuffer ?? NaN)),
      gcShare: medianOf(good.map((r) => r.gcShare ?? NaN)),
    });
  }
  const ratios: Ratio[] = [];
  const pair = (name: string, mode: Mode, a: [Impl, Env], b: [Impl, Env]) => {
    const ra = series(runs, reps, a[0], a[1], mode, (r) => r.mbps);
    const rb = series(runs, reps, b[0], b[1], mode, (r) => r.mbps);
    const s = spread(pairedRatios(ra, rb));
    if (s) ratios.push({ name, mode, ratio: s });
  };
  for (const mode of MODES) {
    pair('engine/JS Node', mode, ['engine', 'node'], ['js', 'node']);
    pair('engine/JS Chromium', mode, ['engine', 'chromium'], ['js', 'chromium']);
    pair('engine Node/C', mode, ['engine', 'node'], ['c', 'native']);
    pair('engine Chromium/C', mode, ['engine', 'chromium'], ['c', 'native']);
    pair('JS Node/C', mode, ['js', 'node'], ['c', 'native']);
    pair('JS Chromium/C', mode, ['js', 'chromium'], ['c', 'native']);
  }
  return { cells, ratios };
}
