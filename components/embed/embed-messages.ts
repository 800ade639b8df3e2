/**
 * The embed's postMessage API, version 1, as types and one validator.
 *
 * Every message, both ways, is an object `{ source: 'virtio-explainer', v: 1, type, ... }`.
 *
 * Commands (host page → embed):
 *   { type: 'step', by: 1 | -1 }          one step forward or back
 *   { type: 'seek', step: <int ≥ 0> }     go to a step (clamped to the run, and to the URL's step range)
 *   { type: 'play' }  { type: 'pause' }
 *   { type: 'setLanguage', lang: 'en' | 'zh' | 'both' }
 *
 * Events (embed → host page; `id` is the URL's id parameter, or null):
 *   { type: 'ready', id, scenario, view, step, total, lang }
 *   { type: 'stepChanged', id, step, total, caption: { en, zh } }
 *   { type: 'height', id, height }        the content's height in CSS pixels
 *   { type: 'error', id, code, message }  a refused URL, a refused message, an engine error
 *
 * The validator takes `unknown` and either returns a whole command or says
 * why not; a message with a missing, extra or ill-typed field is refused as a
 * whole, never applied in part.
 */
import { isLangMode, type LangMode } from '../i18n/ui-text';

/** The `source` every message carries. */
export const MESSAGE_SOURCE = 'virtio-explainer';
/** The API version. */
export const MESSAGE_VERSION = 1;

/** A command the embed accepts. */
export type EmbedCommand =
  | { type: 'step'; by: 1 | -1 }
  | { type: 'seek'; step: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'setLanguage'; lang: LangMode };

/** An event the embed sends (without the envelope). */
export type EmbedEvent =
  | { type: 'ready'; scenario: string; view: string; step: number; total: number; lang: LangMode }
  | { type: 'stepChanged'; step: number; total: number; caption: { en: string; zh: string } }
  | { type: 'height'; height: number }
  | { type: 'error'; code: 'bad-params' | 'bad-message' | 'engine'; message: string };

/** An event with its envelope, as posted. */
export type EmbedEventMessage = EmbedEvent & { source: typeof MESSAGE_SOURCE; v: typeof MESSAGE_VERSION; id: string | null };

/** Wrap an event for posting. */
export function envelope(event: EmbedEvent, id: string | null): EmbedEventMessage {
  return { source: MESSAGE_SOURCE, v: MESSAGE_VERSION, id, ...event };
}

/** The outcome of reading a message: a command, or why it was refused. */
export type CommandParse = { ok: true; command: EmbedCommand } | { ok: false; reason: string };

/** The fields each command has besides the envelope and `type`. */
const FIELDS: Record<EmbedCommand['type'], readonly string[]> = {
  step: ['by'],
  seek: ['step'],
  play: [],
  pause: [],
  setLanguage: ['lang'],
};

const MAX_SEEK = 1_000_000;

/** Read a posted message as a command. */
export function parseCommand(data: unknown): CommandParse {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'not an object' };
  const m = data as Record<string, unknown>;
  if (m.source !== MESSAGE_SOURCE) return { ok: false, reason: `source must be "${MESSAGE_SOURCE}"` };
  if (m.v !== MESSAGE_VERSION) return { ok: false, reason: `v must be ${MESSAGE_VERSION}` };
  const type = m.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, type)) {
    return { ok: false, reason: `unknown command ${JSON.stringify(String(type)).slice(0, 40)} (known: ${Object.keys(FIELDS).join(', ')})` };
  }
  const t = type as EmbedCommand['type'];
  const allowed = new Set(['source', 'v', 'type', ...FIELDS[t]]);
  const extra = Object.keys(m).filter((k) => !allowed.has(k));
  if (extra.length) return { ok: false, reason: `${t}: unexpected field ${extra[0]!.slice(0, 24)}` };
  switch (t) {
    case 'step':
      return m.by === 1 || m.by === -1 ? { ok: true, command: { type: 'step', by: m.by } } : { ok: false, reason: 'step: by must be 1 or -1' };
    case 'seek': {
      const s = m.step;
      return typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= MAX_SEEK
        ? { ok: true, command: { type: 'seek', step: s } }
        : { ok: false, reason: 'seek: step must be a whole number ≥ 0' };
    }
    case 'play':
    case 'pause':
      return { ok: true, command: { type: t } };
    case 'setLanguage':
      return isLangMode(m.lang) ? { ok: true, command: { type: 'setLanguage', lang: m.lang } } : { ok: false, reason: 'setLanguage: lang must be en, zh or both' };
  }
}

/**
 * Whether a message from `origin` may drive the embed under the URL's rule:
 * `*` lets anyone, a list lets those, and no rule lets only the embedding
 * page's own origin (`parentOrigin`, when the browser tells it).
 */
export function originAllowed(origin: string, rule: '*' | readonly string[] | null, parentOrigin: string | null): boolean {
  if (rule === '*') return true;
  if (rule === null) return parentOrigin !== null && origin === parentOrigin;
  return rule.includes(origin);
}

/** Where events go: `*` only when the URL allows anyone; else the parent's origin if allowed; else nowhere (null). */
export function eventTarget(rule: '*' | readonly string[] | null, parentOrigin: string | null): string | null {
  if (rule === '*') return '*';
  if (parentOrigin === null) return null;
  return originAllowed(parentOrigin, rule, parentOrigin) ? parentOrigin : null;
}
