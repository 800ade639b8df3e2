// Why: section (c): single-buffer round trips (add, kick, process, call, wake) with one buffer in flight, for native C, bare JS and the engine.
import { runEngineNode } from '../engine/node';
import { runJsRingNode, type RingConfig } from '../js/node';
import type { Ctx } from '../lib/context';
import { log, measure, type Measured } from '../lib/measure';
import { engineOptions } from '../lib/modes';
import { pairedRatios, spread, type Spread } from '../lib/stats';
import type { Env, Impl, RingRun } from '../lib/types';
import { runNative } from '../native/native';
import { runEngineChromium, runJsRingChromium } from '../web/browser';
import { engineBuffers, series } from './throughput';

const PROBE = 2_000;

export interface RttCell {
  impl: Impl;
  env: Env;
  rounds: number;
  meanUs?: Spread;
  medianUs?: Spread;
  p99Us?: Spread;
  verified: string;
}
export interface LatencyResult {
  definition: string;
  probes: Measured[];
  runs: Measured[];
  cells: RttCell[];
  ratios: Array<{ name: string; ratio?: Spread }>;
}

/** The engine's round trip: TX where the application keeps one frame outstanding, so exactly one buffer is ever in flight; every kick and call sent. */
function engineRtt(env: Env, ctx: Ctx, rounds: number): Promise<RingRun> {
  const cfg = { scenario: 'descriptor-flow' as const, options: { ...engineOptions('every', rounds, 32), inflight: '1' } };
  const run = env === 'node' ? runEngineNode('every', cfg) : runEngineChromium(ctx.pageUrl!, 'every', cfg);
  return run.then((r) => ({ ...r, rtt: { meanUs: (r.ms * 1000) / rounds } }));
}

export async function latency(ctx: Ctx): Promise<LatencyResult> {
  const { args } = ctx;
  const rounds = args.rounds;
  const ring: RingConfig = { mode: 'every', buffers: rounds, qsize: 256, inflight: 1, lat: true };
  const envs: Env[] = ctx.chromium ? ['node', 'chromium'] : ['node'];
  const probes: Measured[] = [];
  const engineN: Partial<Record<Env, number>> = {};
  if (ctx.engine) log('(c) engine round-trip probe');
  for (const env of ctx.engine ? envs : [])
    engineN[env] = await engineBuffers(ctx, env, rounds, PROBE, probes, (b) => measure(-1, { impl: 'engine', env, mode: 'every', buffers: b, kind: 'RTT probe ' }, () => engineRtt(env, ctx, b)), 'round trips');
  const runs: Measured[] = [];
  for (let rep = 0; rep < args.reps; rep++) {
    log(`(c) round trips, rep ${rep + 1}/${args.reps}`);
    const what = (impl: Impl, env: Env, buffers = rounds) => ({ impl, env, mode: 'every' as const, buffers, kind: 'RTT ' });
    if (ctx.native) runs.push(await measure(rep, what('c', 'native'), () => runNative(ring)));
    runs.push(await measure(rep, what('js', 'node'), () => runJsRingNode(ring)));
    if (ctx.engine) runs.push(await measure(rep, what('engine', 'node', engineN.node), () => engineRtt('node', ctx, engineN.node!)));
    if (ctx.chromium) {
      runs.push(await measure(rep, what('js', 'chromium'), () => runJsRingChromium(ctx.pageUrl!, ring)));
      if (ctx.engine) runs.push(await measure(rep, what('engine', 'chromium', engineN.chromium), () => engineRtt('chromium', ctx, engineN.chromium!)));
    }
  }
  const cells: RttCell[] = [];
  for (const [impl, env] of [['c', 'native'], ['js', 'node'], ['js', 'chromium'], ['engine', 'node'], ['engine', 'chromium']] as Array<[Impl, Env]>) {
    const group = runs.filter((r) => r.impl === impl && r.env === env);
    if (!group.length) continue;
    const good = group.filter((r) => r.ok && r.rtt);
    cells.push({
      impl,
      env,
      rounds: group[0]!.buffers,
      meanUs: spread(good.map((r) => r.rtt!.meanUs)),
      medianUs: spread(good.map((r) => r.rtt!.medianUs ?? NaN)),
      p99Us: spread(good.map((r) => r.rtt!.p99Us ?? NaN)),
      verified: `${good.length}/${group.length}`,
    });
  }
  const mean = (impl: Impl, env: Env) => series(runs, args.reps, impl, env, 'every', (r) => r.rtt?.meanUs ?? NaN);
  const ratios = [
    { name: 'engine Node/C', ratio: spread(pairedRatios(mean('engine', 'node'), mean('c', 'native'))) },
    { name: 'engine Chromium/C', ratio: spread(pairedRatios(mean('engine', 'chromium'), mean('c', 'native'))) },
    { name: 'JS Node/C', ratio: spread(pairedRatios(mean('js', 'node'), mean('c', 'native'))) },
    { name: 'JS Chromium/C', ratio: spread(pairedRatios(mean('js', 'chromium'), mean('c', 'native'))) },
    { name: 'engine Node/JS Node', ratio: spread(pairedRatios(mean('engine', 'node'), mean('js', 'node'))) },
  ];
  return {
    definition:
      'one buffer in flight; the driver adds it and always kicks, the device blocks on the kick "eventfd", processes it and always calls, the driver blocks on the call "eventfd" and reclaims. ' +
      'Mean = run time / rounds (the engine reports only this); C/Node also give the per-round median and p99 (Chromium workers coarsen performance.now() to 5 µs).',
    probes,
    runs,
    cells,
    ratios,
  };
}
