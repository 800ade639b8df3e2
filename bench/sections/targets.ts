// Why: the issue's goals, checked against the medians measured in this run; results are reported, never pass/fail for the run itself.
import type { LatencyResult } from './latency';
import type { PageResult } from './page';
import type { StepResult } from './step';
import type { ThroughputResult } from './throughput';
import { MODE_LABEL, type Mode } from '../lib/modes';
import type { Spread } from '../lib/stats';

export interface Target {
  goal: string;
  /** What was measured, as shown. */
  measured: string;
  /** True/false when measured; undefined when this run has no number for it. */
  met?: boolean;
}

const fmt = (s: Spread | undefined, d: number, unit = '') =>
  s ? `${s.median.toFixed(d)}${unit}${s.n > 1 ? ` [${s.min.toFixed(d)}–${s.max.toFixed(d)}]` : ''}` : 'not measured';

function atLeast(goal: string, s: Spread | undefined, min: number): Target {
  return { goal, measured: fmt(s, 3, '×'), met: s ? s.median >= min : undefined };
}
function atMost(goal: string, s: Spread | undefined, max: number, d: number, unit: string, strict = false): Target {
  return { goal, measured: fmt(s, d, unit), met: s ? (strict ? s.median < max : s.median <= max) : undefined };
}

/** (engine event-idx ÷ engine every-buffer) ÷ (C event-idx ÷ C every-buffer), from the medians of this run. */
function lessonRatio(t: ThroughputResult, env: 'node' | 'chromium'): Spread | undefined {
  const m = (impl: 'engine' | 'c', e: string, mode: Mode) => t.cells.find((c) => c.impl === impl && c.env === e && c.mode === mode)?.mbps?.median;
  const e1 = m('engine', env, 'evidx');
  const e2 = m('engine', env, 'every');
  const c1 = m('c', 'native', 'evidx');
  const c2 = m('c', 'native', 'every');
  if (!e1 || !e2 || !c1 || !c2) return undefined;
  const r = e1 / e2 / (c1 / c2);
  return { median: r, min: r, max: r, n: 1 };
}

export function targets(t?: ThroughputResult, l?: LatencyResult, d?: StepResult, p?: PageResult): Target[] {
  const out: Target[] = [];
  const ratio = (name: string, mode: Mode) => t?.ratios.find((r) => r.name === name && r.mode === mode)?.ratio;
  for (const env of ['Node', 'Chromium'])
    for (const mode of ['evidx', 'flags', 'every'] as Mode[]) out.push(atLeast(`engine ≥ 0.5× bare JS ring (${env}, ${MODE_LABEL[mode]}; aim 0.8×)`, ratio(`engine/JS ${env}`, mode), 0.5));
  // The lesson must survive the simulation: suppression should pay off in the engine about as much as in C.
  for (const env of ['Node', 'Chromium']) {
    const impl = env === 'Node' ? 'node' : 'chromium';
    out.push(atLeast(`engine event-idx ÷ every-buffer ≥ 0.85× C's (${env})`, t ? lessonRatio(t, impl) : undefined, 0.85));
  }
  const gc = t?.cells.filter((c) => c.impl === 'engine' && c.env === 'node' && c.gcShare !== undefined).map((c) => c.gcShare!) ?? [];
  out.push(atMost('engine GC < 2% of a free run (Node, worst mode)', gc.length ? { median: Math.max(...gc) * 100, min: Math.max(...gc) * 100, max: Math.max(...gc) * 100, n: 1 } : undefined, 2, 1, ' %', true));
  for (const env of ['Node', 'Chromium']) {
    out.push(atLeast(`engine ≥ 0.33× native C (${env}, event-idx)`, ratio(`engine ${env}/C`, 'evidx'), 0.33));
    out.push(atLeast(`engine ≥ 0.9× native C (${env}, every buffer)`, ratio(`engine ${env}/C`, 'every'), 0.9));
  }
  for (const env of ['Node', 'Chromium'])
    out.push(atMost(`engine RTT ≤ 2.5× native C (${env})`, l?.ratios.find((r) => r.name === `engine ${env}/C`)?.ratio, 2.5, 2, '×'));
  out.push(atMost('step < 2 ms', d?.perStepMs, 2, 4, ' ms', true));
  out.push(atMost(`seek to step ${d ? d.seekTarget.toLocaleString('en-US') : '10,000'} < 100 ms`, d?.seek10000Ms, 100, 2, ' ms', true));
  for (const o of d?.others ?? []) {
    out.push(atMost(`step < 2 ms (${o.scenario}, ${o.steps} steps)`, o.perStepMs, 2, 4, ' ms', true));
    out.push(atMost(`seek across ${o.scenario} < 100 ms`, o.seekMs, 100, 2, ' ms', true));
  }
  for (const speed of [1, 4]) {
    const f = p?.frames?.speeds.find((s) => s.speed === speed);
    const what = f?.runs.some((r) => r.source === 'longtask') ? 'long task' : 'long animation frame';
    out.push(atMost(`no ${what} > 50 ms at ${speed}× playback, 1,024-frame run (longest)`, f?.longFrameMaxMs, 50, 0, ' ms'));
    out.push(atMost(`no dropped frame (> 25 ms) at ${speed}× playback, 1,024-frame run`, f?.dropped, 0, 0, ''));
  }
  return out;
}
