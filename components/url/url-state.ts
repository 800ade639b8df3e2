/**
 * The walkthrough's URL: `?<non-default options>&step=N&lang=en|zh|both`.
 * Parsing treats the query as hostile: every parameter is checked on its
 * own, a bad one is dropped with a reason (as data), and the rest still
 * apply. Nothing here throws on user input.
 */
import { nonDefault, parseOptions, type OptionProblem, type OptionTable, type OptionValues } from '@/engine/scenarios/options';
import { isLangMode, type LangMode } from '../i18n/ui-text';

/** Why one query parameter was dropped, as data; url-problem-text.ts says it in either language. Values are already shortened by `shown`. */
export type UrlProblem =
  | { code: 'repeated'; key: string }
  | { code: 'bad-step'; value: string }
  | { code: 'bad-lang'; value: string }
  | { code: 'unknown-param'; key: string }
  | { code: 'bad-option'; key: string; value: string; problem: OptionProblem };

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
  /** One reason per dropped parameter. */
  problems: UrlProblem[];
}

/** The raw query as Next passes `searchParams`, or a URLSearchParams. */
export type RawQuery = Record<string, string | string[] | undefined> | URLSearchParams;

/** Shorten a hostile value for display: at most 24 characters, control characters removed. */
export function shown(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean.length > 24 ? `${clean.slice(0, 23)}…` : clean;
}

/** A query's key/value pairs in order, a repeated key once per value (Next's searchParams or URLSearchParams alike). */
export function queryEntries(q: RawQuery): Array<[string, string]> {
  if (q instanceof URLSearchParams) return [...q.entries()];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(q)) {
    if (typeof v === 'string') out.push([k, v]);
    else if (Array.isArray(v)) for (const x of v) out.push([k, x]);
  }
  return out;
}

/** Parse a query against a scenario's option table. */
export function parseUrl(table: OptionTable, query: RawQuery): UrlRequest {
  const out: UrlRequest = { options: {}, step: 0, lang: null, problems: [] };
  const seen = new Set<string>();
  for (const [key, value] of queryEntries(query)) {
    if (seen.has(key)) {
      out.problems.push({ code: 'repeated', key: shown(key) });
      continue;
    }
    seen.add(key);
    if (key === 'step') {
      if (/^\d{1,7}$/.test(value) && Number(value) <= MAX_URL_STEP) out.step = Number(value);
      else out.problems.push({ code: 'bad-step', value: shown(value) });
    } else if (key === 'lang') {
      if (isLangMode(value)) out.lang = value;
      else out.problems.push({ code: 'bad-lang', value: shown(value) });
    } else if (!Object.prototype.hasOwnProperty.call(table, key)) {
      out.problems.push({ code: 'unknown-param', key: shown(key) });
    } else {
      const r = parseOptions(table, { [key]: value });
      if (r.ok) out.options[key] = value;
      else out.problems.push({ code: 'bad-option', key, value: shown(value), problem: r.problem });
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
