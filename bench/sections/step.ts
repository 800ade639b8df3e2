// Why: section (d): what step mode costs the page — time per recorded step, and seeking to step 1,000 and 10,000 of the largest scenario.
import { SCENARIOS, checkScenario, createWorld } from '../../engine/scenarios/registry';
import { Session } from '../../engine/session/session';
import type { Ctx } from '../lib/context';
import { log } from '../lib/measure';
import { spread, type Spread } from '../lib/stats';

const SCENARIO = 'descriptor-flow';

export interface StepRun {
  rep: number;
  steps: number;
  buildMs: number;
  runMs: number;
  perStepMs: number;
  seek0Ms: number;
  seek1000Ms: number;
  seek10000Ms: number;
}
export interface StepResult {
  scenario: string;
  options: Record<string, string>;
  steps: number;
  /** Where "seek to 10,000" actually lands (the last step when the scenario is shorter). */
  seekTarget: number;
  candidates: Array<{ options: Record<string, string>; steps: number }>;
  runs: StepRun[];
  perStepMs?: Spread;
  seek1000Ms?: Spread;
  seek10000Ms?: Spread;
  /** Every other registered scenario, at its largest listed option set: ms per step and a seek from the end to the start and back. */
  others: Array<{ scenario: string; options: Record<string, string>; steps: number; perStepMs?: Spread; seekMs?: Spread }>;
}

/** The largest option set of each other scenario (its defaults, or the listed one that records the most steps). */
const OTHER_CANDIDATES: Record<string, Array<Record<string, string>>> = {
  'msix-vectors': [{}, { queues: '4' }, { device: 'balloon', vectors: '7', mask: '0' }],
  'kick-call': [{}, { accel: 'tcg' }, { accel: 'tcg', irq: 'intx' }],
};

/** The largest packet count step mode accepts (found by bisection, so it follows the engine's limit). */
function maxStepPackets(): number {
  const spec = SCENARIOS[SCENARIO]!.options.packets;
  let lo = 1;
  let hi = spec && spec.kind === 'int' ? spec.max : 1024;
  const ok = (p: number) => checkScenario(SCENARIO, { packets: String(p) }, 'step').ok;
  if (ok(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function session(options: Record<string, string>, scenario = SCENARIO): { s: Session; buildMs: number; runMs: number } {
  const t0 = performance.now();
  const built = createWorld(scenario, options, false);
  if (!built.ok) throw new Error(built.error);
  const t1 = performance.now();
  const s = new Session(built.world, Number(built.options.seed ?? 1));
  return { s, buildMs: t1 - t0, runMs: performance.now() - t1 };
}

export function stepCost(ctx: Ctx): StepResult {
  const packets = String(maxStepPackets());
  const big = { packets, qsize: '256', size: '1514' };
  // The step count depends on direction and suppression; the largest of these is "the largest scenario".
  const tries = ctx.args.quick
    ? [{ ...big, dir: 'rx' }]
    : [
        { ...big, dir: 'rx' },
        { ...big, dir: 'tx' },
        { ...big, dir: 'rx', eventIdx: 'false', suppress: 'false' },
        { ...big, dir: 'tx', eventIdx: 'false', suppress: 'false' },
      ];
  log(`(d) step mode: sizing ${tries.length} candidate(s) at packets=${packets}`);
  const candidates = tries.map((options) => ({ options, steps: session(options).s.length }));
  const best = candidates.reduce((a, b) => (b.steps > a.steps ? b : a));
  const runs: StepRun[] = [];
  for (let rep = 0; rep < ctx.args.reps; rep++) {
    const { s, buildMs, runMs } = session(best.options);
    const time = (n: number) => {
      const t = performance.now();
      s.seek(n);
      return performance.now() - t;
    };
    const seek0Ms = time(0);
    const seek1000Ms = time(1000);
    time(0);
    const seek10000Ms = time(10_000);
    runs.push({ rep, steps: s.length, buildMs, runMs, perStepMs: runMs / s.length, seek0Ms, seek1000Ms, seek10000Ms });
    log(`  rep ${rep + 1}: ${s.length} steps, ${(runMs / s.length).toFixed(4)} ms/step, seek 1,000 ${seek1000Ms.toFixed(2)} ms, seek 10,000 ${seek10000Ms.toFixed(2)} ms`);
  }
  if (best.steps < 10_000) ctx.notes.push(`step mode: the largest scenario has only ${best.steps} steps, so "seek to 10,000" seeks to its last step`);
  const others = Object.keys(SCENARIOS)
    .filter((id) => id !== SCENARIO)
    .map((scenario) => {
      const sized = (OTHER_CANDIDATES[scenario] ?? [{}]).map((options) => ({ options, steps: session(options, scenario).s.length }));
      const pick = sized.reduce((a, b) => (b.steps > a.steps ? b : a));
      const per: number[] = [];
      const seek: number[] = [];
      for (let rep = 0; rep < ctx.args.reps; rep++) {
        const { s, runMs } = session(pick.options, scenario);
        per.push(runMs / s.length);
        const t = performance.now();
        s.seek(0);
        s.seek(s.length);
        seek.push((performance.now() - t) / 2);
      }
      log(`  ${scenario} ${JSON.stringify(pick.options)}: ${pick.steps} steps, ${(per[0]! || 0).toFixed(4)} ms/step, seek across ${(seek[0]! || 0).toFixed(2)} ms`);
      return { scenario, options: pick.options, steps: pick.steps, perStepMs: spread(per), seekMs: spread(seek) };
    });
  return {
    scenario: SCENARIO,
    options: best.options,
    steps: best.steps,
    seekTarget: Math.min(10_000, best.steps),
    candidates,
    runs,
    perStepMs: spread(runs.map((r) => r.perStepMs)),
    seek1000Ms: spread(runs.map((r) => r.seek1000Ms)),
    seek10000Ms: spread(runs.map((r) => r.seek10000Ms)),
    others,
  };
}
