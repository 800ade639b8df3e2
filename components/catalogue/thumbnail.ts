/**
 * A catalogue card's live thumbnail, as data: the scenario's default run
 * drawn small, one lane per thread with a tick per beat, the phases of the
 * walkthrough as a band above, and a marker at a chosen step (the first
 * eventfd signal: the first kick or call; the middle of the run when there
 * is none), with that step's caption as its text. Computed from the
 * engine's trace (scenario-runs.ts), so a new scenario gets one by being
 * registered. Pure over the run.
 */
import type { Lang } from '@/content/types';
import type { TraceEvent } from '@/engine/trace/events';
import { caption, phaseOf } from '@/content/prose';
import { describe, functionColumn } from '@/engine/trace/format';
import type { ScenarioRun } from './scenario-runs';

/** A span of the run, 0..1. */
export type Span = readonly [number, number];

/** One lane: a thread and where its beats fall, as spans (beats a column apart merge), split at the chosen step. */
export interface ThumbLane {
  id: string;
  name: string;
  before: Span[];
  after: Span[];
}

/** Columns a lane is drawn in: beats closer than one column merge into one span. */
export const THUMB_COLUMNS = 256;

/** Merge positions (0..1, ascending) into spans at `columns` resolution. */
export function toSpans(positions: readonly number[], columns = THUMB_COLUMNS): Span[] {
  const out: Array<[number, number]> = [];
  for (const p of positions) {
    const c = Math.round(p * columns);
    const last = out[out.length - 1];
    if (last && c - last[1] <= 1) last[1] = c;
    else out.push([c, c]);
  }
  return out.map(([a, b]) => [a / columns, b / columns] as const);
}

/** A run of consecutive beats in one phase, as a span of 0..1. */
export interface ThumbPhase {
  phase: string;
  from: number;
  to: number;
}

/** The thumbnail's model. */
export interface ThumbnailModel {
  step: number;
  total: number;
  /** The chosen step's position, 0..1. */
  at: number;
  lanes: ThumbLane[];
  phases: ThumbPhase[];
  caption: Record<Lang, string>;
}

/** The step a thumbnail shows: just after the first eventfd signal, else the middle. */
export function thumbnailStep(trace: readonly TraceEvent[]): number {
  const i = trace.findIndex((e) => e.type === 'eventfd_signal');
  return i >= 0 ? i + 1 : Math.ceil(trace.length / 2);
}

function captionOf(e: TraceEvent, lang: Lang): string {
  try {
    const text = caption(e, lang);
    if (typeof text === 'string') return text;
  } catch {
    // a beat without prose yet: its trace line
  }
  return `${functionColumn(e)} ${describe(e) ?? ''}`.trim();
}

/** The model of scenario `scenario`'s thumbnail from its run. */
export function thumbnailModel(scenario: string, run: ScenarioRun): ThumbnailModel {
  const { trace, info } = run;
  const total = trace.length;
  const step = Math.min(thumbnailStep(trace), total);
  const pos = (i: number) => (total <= 1 ? 0 : i / (total - 1));
  const beats = info.threads.map((t) => ({ id: t.id, name: t.name, before: [] as number[], after: [] as number[] }));
  const byId = new Map(beats.map((l) => [l.id, l]));
  const phases: ThumbPhase[] = [];
  trace.forEach((e, i) => {
    const lane = byId.get(e.actor);
    if (lane) (i < step ? lane.before : lane.after).push(pos(i));
    const phase = phaseOf(e, scenario);
    const last = phases[phases.length - 1];
    if (last && last.phase === phase) last.to = pos(i);
    else phases.push({ phase, from: pos(i), to: pos(i) });
  });
  const event = step > 0 ? trace[step - 1] : undefined;
  return {
    step,
    total,
    at: pos(Math.max(0, step - 1)),
    lanes: beats.filter((l) => l.before.length + l.after.length > 0).map((l) => ({ id: l.id, name: l.name, before: toSpans(l.before), after: toSpans(l.after) })),
    phases,
    caption: event ? { en: captionOf(event, 'en'), zh: captionOf(event, 'zh') } : { en: '', zh: '' },
  };
}
