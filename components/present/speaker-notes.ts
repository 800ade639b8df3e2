/**
 * Speaker notes, made from the walkthrough's own content rather than written
 * separately: for the step on screen, which phase it is in (its number, its
 * title, where in the phase this beat falls, and its narrative, flagged when
 * the phase starts at this beat), what to say (the beat's caption), what to
 * point at (the innermost real function and its file) and the source
 * document. The same content a reader sees, arranged for someone talking.
 */
import type { Lang, PhaseId } from '@/content/types';
import { EVENT_INFO, type TraceEvent } from '@/engine/trace/events';
import { FRAMES, frameName } from '@/engine/trace/frames';
import { describe, functionColumn } from '@/engine/trace/format';
import type { Prose } from '../prose/use-prose';

/** The notes for one step, in one language. */
export interface SpeakerNotes {
  /** 1-based phase number among the phases this run goes through, and their count. */
  phase: { n: number; of: number; id: PhaseId; title: string; body: string };
  /** 1-based beat within the phase's run of beats, and the run's length (0 before the first beat). */
  beat: { i: number; of: number };
  /** Whether this beat opens its phase (the moment to introduce it). */
  opensPhase: boolean;
  /** The caption: what to say. Null before the first beat. */
  say: string | null;
  /** The innermost real function and its source file, or null. */
  where: { fn: string; file: string } | null;
  /** The cited source document, or null. */
  source: string | null;
}

/** A beat's caption; a beat with no caption written yet reads as its trace line (as the prose panel does). */
export function captionOrLine(prose: Prose, e: TraceEvent, lang: Lang): string {
  try {
    const text = prose.caption(e, lang);
    if (typeof text === 'string') return text;
  } catch {
    // not written yet
  }
  return `${functionColumn(e)} ${describe(e) ?? ''}`.trim();
}

/** The phase of each beat of `trace` (index i: beat i+1). */
export function phaseRuns(prose: Prose, scenario: string, trace: readonly TraceEvent[]): PhaseId[] {
  return trace.map((e) => prose.phaseOf(e, scenario));
}

/** Notes for `step` (0: before the first beat) of a run. `phases` is phaseRuns of the same trace. */
export function speakerNotes(prose: Prose, scenario: string, trace: readonly TraceEvent[], phases: readonly PhaseId[], step: number, lang: Lang): SpeakerNotes {
  const first = prose.phasesOf(scenario).first;
  // The phases in the order the run first reaches them.
  const order: PhaseId[] = [];
  for (const p of [first, ...phases]) if (!order.includes(p)) order.push(p);
  const e = step > 0 ? (trace[step - 1] ?? null) : null;
  const id = e ? phases[step - 1]! : first;
  const prosePhase = prose.phaseProse(scenario, e);
  let beat = { i: 0, of: 0 };
  let opensPhase = step === 0;
  if (e) {
    let lo = step - 1;
    while (lo > 0 && phases[lo - 1] === id) lo--;
    let hi = step - 1;
    while (hi + 1 < phases.length && phases[hi + 1] === id) hi++;
    beat = { i: step - lo, of: hi - lo + 1 };
    opensPhase = lo === step - 1;
  }
  const inner = e ? e.stack[e.stack.length - 1] : undefined;
  return {
    phase: { n: order.indexOf(id) + 1, of: order.length, id, title: prosePhase.title[lang], body: prosePhase.body[lang] },
    beat,
    opensPhase,
    say: e ? captionOrLine(prose, e, lang) : null,
    where: inner ? { fn: frameName(inner), file: FRAMES[inner].file } : null,
    source: e ? prose.docTitle(EVENT_INFO[e.type].doc, lang, e) : null,
  };
}
