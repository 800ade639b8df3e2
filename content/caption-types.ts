/**
 * The shape of the caption tables: for each event type, one function per
 * language that turns the beat's fields (and its thread and stack) into a
 * sentence. Each walkthrough's files hold a part; content/captions.ts joins them.
 */
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';

/** What a caption may look at besides the fields: the thread and its call stack. */
export type CaptionCtx = Pick<TraceEvent, 'actor' | 'stack'>;

/** The captions of one event type. */
export type CaptionFor<K extends EventType> = { en: (f: EventFields[K], c: CaptionCtx) => string; zh: (f: EventFields[K], c: CaptionCtx) => string };

/** Part of the table (one file's worth). */
export type CaptionPart = { [K in EventType]?: CaptionFor<K> };

/** The whole table: every event type. */
export type CaptionTable = { [K in EventType]: CaptionFor<K> };

/** Whether the beat ran inside `fn`. */
export function inStack(c: CaptionCtx, fn: FrameId): boolean {
  return c.stack.includes(fn);
}
