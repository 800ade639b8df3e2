/**
 * The walkthrough's URL: `?<non-default options>&step=N&lang=en|zh|both`.
 * Parsing treats the query as hostile: every parameter is checked on its
 * own, a bad one is dropped with a one-line reason, and the rest still
 * apply. Nothing here throws on user input.
 */
import { nonDefault, parseOptions, type OptionTable, type OptionValues } from '@/engine/scenarios/options';
import { isLangMode, t1, type Bilingual, type LangMode, type UiKey } from '../i18n/ui-text';

/** Query parameters that are not scenario options. */
export const RESERVED_PARAMS = ['step', 'lang'] as const;

/** The largest step a URL may ask for (the engine clamps to the trace length anyway). */
const MAX_URL_STEP = 1_000_000;

/** What a URL asks for, after dropping what is wrong with it. */
export interface UrlRequest {
  /** Valid option values, as the strings the worker's `load` takes. */
  options: Record<string, string>;
  /** Requested step (not yet clamped to the trace length). */
  step: number;
  /** Language mode, or null when the URL did not say. */
  lang: LangMode | null;
  /** One short reason per dropped parameter in both languages, e.g. `bogus: unknown option` / `bogus：未知参数`. */
  problems: Bilingual[];
}

/** The raw query as Next passes `searchParams`, or a URLSearchParams. */
export type RawQuery = Record<string, string | string[] | undefined> | URLSearchParams;

/** Shorten a hostile value for display: at most 24 characters, control characters removed. */
export function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > 24 ? `${clean.slice(0, 23)}…` : clean;
}

function entries(q: RawQuery): Array<[string, string]> {
  if (q instanceof URLSearchParams) return [...q.entries()];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(q)) {
    if (typeof v === 'string') out.push([k, v]);
    else if (Array.isArray(v)) for (const x of v) out.push([k, x]);
  }
  return out;
}

/**
 * The reason part of an engine option error, without the echoed value (the
 * caller shows a shortened copy): "option qsize: expected a whole number, got
 * \"x\"" → "expected a whole number".
 */
function reasonOf(error: string, name: string): string {
  const prefix = `option ${name}: `;
  const reason = (error.startsWith(prefix) ? error.slice(prefix.length) : error).replace(/, got .*$/s, '');
  return reason.length > 100 ? `${reason.slice(0, 99)}…` : reason;
}

/** `what: reason`, the reason one of ours (translated) or the engine's (as the engine says it). */
function problem(what: string, reason: UiKey | { engine: string }): Bilingual {
  const say = (lang: 'en' | 'zh') => (typeof reason === 'string' ? t1(reason, lang) : reason.engine);
  return { en: `${what}: ${say('en')}`, zh: `${what}：${say('zh')}` };
}

/** Parse a query against a scenario's option table. */
export function parseUrl(table: OptionTable, query: RawQuery): UrlRequest {
  const out: UrlRequest = { options: {}, step: 0, lang: null, problems: [] };
  const seen = new Set<string>();
  for (const [key, value] of entries(query)) {
    if (seen.has(key)) {
      out.problems.push(problem(shown(key), 'urlRepeated'));
      continue;
    }
    seen.add(key);
    if (key === 'step') {
      if (/^\d{1,7}$/.test(value) && Number(value) <= MAX_URL_STEP) out.step = Number(value);
      else out.problems.push(problem(`step=${shown(value)}`, 'urlStep'));
    } else if (key === 'lang') {
      if (isLangMode(value)) out.lang = value;
      else out.problems.push(problem(`lang=${shown(value)}`, 'urlLang'));
    } else if (!Object.prototype.hasOwnProperty.call(table, key)) {
      out.problems.push(problem(shown(key), 'urlUnknown'));
    } else {
      const r = parseOptions(table, { [key]: value });
      if (r.ok) out.options[key] = value;
      else out.problems.push(problem(`${key}=${shown(value)}`, { engine: reasonOf(r.error, key) }));
    }
  }
  return out;
}

/** Build the query string (with its leading `?`, or '' when empty) for options, step and language. */
export function buildQuery(table: OptionTable, values: Record<string, unknown>, step: number, lang: LangMode | null): string {
  const q = new URLSearchParams(nonDefault(table, values as OptionValues<OptionTable>));
  if (step > 0) q.set('step', String(step));
  if (lang) q.set('lang', lang);
  const s = q.toString();
  return s ? `?${s}` : '';
}
