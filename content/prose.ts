/**
 * The walkthrough's prose: captions per beat, phases, document citations and
 * error explanations, in English and Chinese. The tables live one concept per
 * file (descriptor-flow/captions.ts, descriptor-flow/phases.ts, errors.ts,
 * docs.ts); this file only looks things up in them. It is the bulk of the
 * words, so the page loads it on its own (components/prose/use-prose.ts)
 * rather than with its first JavaScript.
 */
import type { DocId } from '@/engine/trace/docs';
import { EVENT_INFO, type EventFields, type EventInfo, type EventType, type TraceEvent, type VqErrKind } from '@/engine/trace/events';
import { FRAMES } from '@/engine/trace/frames';
import { CAPTIONS, type CaptionCtx } from './captions';
import { DOC_CITATIONS } from './docs';
import { ERRORS } from './errors';
import { phaseOf, phasesOf } from './phases';
import type { Lang, PhaseProse } from './types';

export type { Lang, PhaseId, PhaseProse } from './types';
export { phaseOf, phasesOf } from './phases';
export { glossarySlug, glossaryTermsIn } from './glossary-terms';

type AnyCaption = (f: EventFields[EventType], c: CaptionCtx) => string;

/** One caption for one beat, with its parameters filled in. */
export function caption(e: TraceEvent, lang: Lang): string {
  // The table is keyed by type and each entry takes that type's fields; TS cannot follow the pairing through a union, hence the cast.
  const fn = (CAPTIONS[e.type] as unknown as Record<Lang, AnyCaption>)[lang];
  return fn(e.f, e);
}

const NO_PROSE: PhaseProse = { title: { en: '', zh: '' }, body: { en: '', zh: '' } };

/** Title and narrative of the phase `e` belongs to in `scenario` (before the first beat: the scenario's first phase). */
export function phaseProse(scenario: string, e: Pick<TraceEvent, 'type' | 'f' | 'stack'> | null): PhaseProse {
  const p = phasesOf(scenario);
  return p.prose[e ? phaseOf(e, scenario) : p.first] ?? NO_PROSE;
}

/** A source document's title, as cited; for the Linux source, with the file of the beat's innermost function. */
export function docTitle(doc: DocId, lang: Lang, e?: Pick<TraceEvent, 'stack' | 'type'>): string {
  const title = DOC_CITATIONS[doc].title[lang];
  if (doc === 'linux-source' && e) {
    const fn = e.stack[e.stack.length - 1];
    if (fn) return `${title}: ${FRAMES[fn].file}`;
  }
  const section = e ? (EVENT_INFO[e.type] as EventInfo).section : undefined;
  return doc === 'virtio-spec' && section ? `${title} ${section}` : title;
}

/** What a source document contributes to the walkthrough, in one sentence. */
export function docNote(doc: DocId, lang: Lang): string {
  return DOC_CITATIONS[doc].note[lang];
}

/** What a vq_err kind means, why vhost refuses it, and the kernel message it corresponds to. */
export function errorText(kind: VqErrKind, lang: Lang): string {
  return ERRORS[kind].detail[lang];
}
