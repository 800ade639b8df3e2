/**
 * The prose API the UI uses. (Skeleton: the real bilingual captions and phase
 * narratives replace the placeholder bodies below; the signatures stay.)
 */
import { DOCS, type DocId } from '@/engine/trace/docs';
import type { EventType, TraceEvent, VqErrKind } from '@/engine/trace/events';
import { describe } from '@/engine/trace/format';

/** Prose languages. */
export type Lang = 'en' | 'zh';

/** The phases of the descriptor-flow walkthrough; every event type belongs to one. */
export type PhaseId = 'setup' | 'add' | 'kick' | 'pop' | 'give-back' | 'reclaim' | 'idle' | 'fault' | 'done';

/** One caption for one beat, with its parameters filled in. */
export function caption(e: TraceEvent, lang: Lang): string {
  return lang === 'en' ? describe(e) : describe(e);
}

/** The phase an event type belongs to. */
export function phaseOf(type: EventType): PhaseId {
  void type;
  return 'setup';
}

/** Title and narrative of each phase. */
export const PHASES: Record<PhaseId, { title: Record<Lang, string>; body: Record<Lang, string> }> = {
  setup: { title: { en: 'Setup', zh: '初始化' }, body: { en: '', zh: '' } },
  add: { title: { en: 'Add', zh: '添加' }, body: { en: '', zh: '' } },
  kick: { title: { en: 'Kick', zh: 'kick' }, body: { en: '', zh: '' } },
  pop: { title: { en: 'Pop', zh: '取出' }, body: { en: '', zh: '' } },
  'give-back': { title: { en: 'Give back', zh: '归还' }, body: { en: '', zh: '' } },
  reclaim: { title: { en: 'Reclaim', zh: '回收' }, body: { en: '', zh: '' } },
  idle: { title: { en: 'Idle', zh: '空闲' }, body: { en: '', zh: '' } },
  fault: { title: { en: 'Fault', zh: '错误' }, body: { en: '', zh: '' } },
  done: { title: { en: 'Done', zh: '完成' }, body: { en: '', zh: '' } },
};

/** A source document's title, as cited. */
export function docTitle(doc: DocId, lang: Lang): string {
  void lang;
  return DOCS[doc].title;
}

/** What a vq_err kind means. */
export function errorText(kind: VqErrKind, lang: Lang): string {
  void lang;
  return kind;
}
