// Why: section (f): what a kick really costs and what that does to the lesson. The C and bare JS rings, and the engine in
// section (a), pay only an eventfd signal per kick; a real guest pays a VM exit. This measures that exit on this machine's
// KVM (native/kvm-exit.c), then runs the engine with it charged per kick (descriptor-flow's exitNs), event-idx against
// every buffer, as the playground's comparison does.
import { runEngineNode } from '../engine/node';
import type { Ctx } from '../lib/context';
import { log, measure, type Measured } from '../lib/measure';
import { engineOptions, type Mode } from '../lib/modes';
import { pairedRatios, spread, type Spread } from '../lib/stats';
import type { Env } from '../lib/types';
import { measureKvmExit } from '../native/kvm-exit';
import { runEngineChromium } from '../web/browser';
import { KVM_DOORBELL_EXIT_NS } from '../../engine/kvm/exit-cost';
import { series } from './throughput';

const PRICED_MODES: readonly Mode[] = ['evidx', 'every'];

export interface KickPriceResult {
  /** The measured doorbell cost (fast MMIO, PIO), or why there is none. */
  kvm: { mmioNs: number; pioNs: number } | { why: string };
  /** The exit cost charged per kick (the measured MMIO figure, else the engine's recorded one). */
  exitNs: number;
  buffers: number;
  runs: Measured[];
  cells: Array<{ env: Env; mode: Mode; mbps?: Spread; kicksPerFrame?: number }>;
  /** event-idx ÷ every buffer, paired by rep. */
  gains: Array<{ env: Env; gain?: Spread }>;
}

export async function kickPrice(ctx: Ctx): Promise<KickPriceResult> {
  log('(f) the price of a kick: KVM doorbell write');
  const k = measureKvmExit();
  const exitNs = k.ok ? Math.round(k.mmioNs) : KVM_DOORBELL_EXIT_NS;
  if (!k.ok) ctx.notes.push(`(f) ${k.why}; charged the recorded ${KVM_DOORBELL_EXIT_NS} ns instead`);
  const buffers = ctx.args.quick ? 20_000 : 1_000_000;
  const envs: Env[] = ctx.chromium ? ['node', 'chromium'] : ['node'];
  const runs: Measured[] = [];
  for (let rep = 0; rep < ctx.args.reps; rep++)
    for (const mode of PRICED_MODES)
      for (const env of envs) {
        const cfg = { scenario: 'descriptor-flow' as const, options: { ...engineOptions(mode, buffers, ctx.args.qsize), exitNs: String(exitNs) } };
        runs.push(await measure(rep, { impl: 'engine', env, mode, buffers, kind: `exit ${exitNs} ns, ` }, () => (env === 'node' ? runEngineNode(mode, cfg) : runEngineChromium(ctx.pageUrl!, mode, cfg))));
      }
  const cells = envs.flatMap((env) =>
    PRICED_MODES.map((mode) => {
      const good = runs.filter((r) => r.env === env && r.mode === mode && r.ok);
      const kicks = spread(good.map((r) => (r.counters.kicks ?? NaN) / r.buffers));
      return { env, mode, mbps: spread(good.map((r) => r.mbps)), kicksPerFrame: kicks?.median };
    }),
  );
  const gains = envs.map((env) => {
    const ev = series(runs, ctx.args.reps, 'engine', env, 'evidx', (r) => r.mbps);
    const every = series(runs, ctx.args.reps, 'engine', env, 'every', (r) => r.mbps);
    return { env, gain: spread(pairedRatios(ev, every)) };
  });
  return { kvm: k.ok ? { mmioNs: k.mmioNs, pioNs: k.pioNs } : { why: k.why }, exitNs, buffers, runs, cells, gains };
}
