/**
 * The embed route's URL, version 1: short parameters that pick one diagram of
 * one scenario at a step, and how the frame behaves.
 *
 *   /embed?v=1&scenario=descriptor-flow&view=ring&step=12
 *   &step=5-20        a range: start at 5, the player stays within 5..20
 *   &o.qsize=8        a scenario option (o.<name>, as the walkthrough's own ?qsize=8)
 *   &lang=en|zh|both  &controls=0|1 (1)  &autoplay=0|1 (0)  &loop=0|1 (0)
 *   &theme=light|dark (light)  &height=auto|<px> (auto)
 *   &origin=*|https://a.example,https://b.example   who may drive it by postMessage
 *                                                   (default: the embedding page's own origin)
 *   &id=<name>        echoed in every event, to tell several embeds apart
 *
 * Unlike the walkthrough's URL (which drops a bad parameter and goes on),
 * this parser is all or nothing: one bad parameter and the frame shows what
 * is wrong instead of a diagram, so an author never ships a half-applied
 * embed. Pure: the caller passes what the registries know.
 */
import type { OptionProblem, OptionTable } from '@/engine/scenarios/options';
import { parseOptions } from '@/engine/scenarios/options';
import { isLangMode, type LangMode } from '../i18n/ui-text';
import type { ScenarioKind } from '../walkthrough/scenario-kind';
import { queryEntries, shown, type RawQuery } from '../url/url-state';
import { viewFits, type ViewMeta } from '../views/view-meta';

/** The one version this parser reads. */
export const EMBED_VERSION = 1;

/** A step range (inclusive); `to` may exceed the run's length, the player clamps it. */
export interface StepRange {
  from: number;
  to: number;
}

/** Who may send commands (and receive events): anyone, a list, or (null) the embedding page's origin. */
export type OriginRule = '*' | readonly string[] | null;

/** A valid embed configuration. */
export interface EmbedParams {
  scenario: string;
  view: string;
  /** Scenario options as raw strings (each valid, and valid together). */
  options: Record<string, string>;
  step: number;
  range: StepRange | null;
  lang: LangMode | null;
  controls: boolean;
  autoplay: boolean;
  loop: boolean;
  theme: 'light' | 'dark';
  height: number | 'auto';
  origin: OriginRule;
  id: string | null;
}

/** What is wrong with one parameter, as data (embed-text.ts says it in either language). */
export type EmbedParamError =
  | { code: 'version'; value: string | null }
  | { code: 'missing'; key: 'scenario' | 'view' }
  | { code: 'repeated'; key: string }
  | { code: 'unknown-param'; key: string }
  | { code: 'bad-value'; key: EmbedKey; value: string }
  | { code: 'unknown-scenario'; value: string; known: readonly string[] }
  | { code: 'unknown-view'; value: string; known: readonly string[] }
  | { code: 'view-not-for-scenario'; view: string; scenario: string; fits: readonly string[] }
  | { code: 'bad-option'; key: string; value: string; problem: OptionProblem }
  | { code: 'bad-options'; problem: OptionProblem };

/** What the parser needs to know of the registries. */
export interface EmbedContext {
  /** Each scenario's kind and option table. */
  scenarios: Readonly<Record<string, { kind: ScenarioKind; options: OptionTable }>>;
  views: readonly ViewMeta[];
  /** The scenario's rules across options (ScenarioDef.validate): null when the set is fine. */
  checkOptions(scenario: string, options: Record<string, string>): OptionProblem | null;
}

/** Parameters other than options, in the order a built URL lists them. */
export const EMBED_KEYS = ['v', 'scenario', 'view', 'step', 'lang', 'controls', 'autoplay', 'loop', 'theme', 'height', 'origin', 'id'] as const;
export type EmbedKey = (typeof EMBED_KEYS)[number];

/** The prefix of a scenario option. */
export const OPTION_PREFIX = 'o.';

/** Largest step a URL may name, smallest and largest fixed height. */
const MAX_STEP = 1_000_000;
export const MIN_HEIGHT = 120;
export const MAX_HEIGHT = 4000;

const isKey = (k: string): k is EmbedKey => (EMBED_KEYS as readonly string[]).includes(k);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function parseStep(value: string): { step: number; range: StepRange | null } | null {
  const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec(value);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? null : Number(m[2]);
  if (from > MAX_STEP || (to !== null && (to > MAX_STEP || to < from))) return null;
  return { step: from, range: to === null ? null : { from, to } };
}

const flag = (value: string): boolean | null => (value === '1' ? true : value === '0' ? false : null);

/** An origin as `location.origin` spells it (http or https, no path), or null. */
export function parseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== value) return null;
    return u.origin;
  } catch {
    return null;
  }
}

function parseOriginRule(value: string): OriginRule | undefined {
  if (value === '*') return '*';
  const list = value.split(',').map(parseOrigin);
  if (list.length === 0 || list.length > 8 || list.some((o) => o === null)) return undefined;
  return list as string[];
}

/** Parse one of the plain parameters; undefined when the value is bad. */
function parseValue(key: Exclude<EmbedKey, 'v' | 'scenario' | 'view'>, value: string): Partial<EmbedParams> | undefined {
  switch (key) {
    case 'step': {
      const s = parseStep(value);
      return s ?? undefined;
    }
    case 'lang':
      return isLangMode(value) ? { lang: value } : undefined;
    case 'controls':
    case 'autoplay':
    case 'loop': {
      const b = flag(value);
      return b === null ? undefined : { [key]: b };
    }
    case 'theme':
      return value === 'light' || value === 'dark' ? { theme: value } : undefined;
    case 'height': {
      if (value === 'auto') return { height: 'auto' };
      if (!/^\d{1,4}$/.test(value)) return undefined;
      const h = Number(value);
      return h >= MIN_HEIGHT && h <= MAX_HEIGHT ? { height: h } : undefined;
    }
    case 'origin': {
      const o = parseOriginRule(value);
      return o === undefined ? undefined : { origin: o };
    }
    case 'id':
      return /^[A-Za-z0-9_-]{1,32}$/.test(value) ? { id: value } : undefined;
  }
}

/** The result of parsing: every parameter applied, or every error found (and nothing applied). */
export type EmbedParse = { ok: true; params: EmbedParams } | { ok: false; errors: EmbedParamError[] };

/** Parse an embed URL's query. */
export function parseEmbedParams(query: RawQuery, ctx: EmbedContext): EmbedParse {
  const errors: EmbedParamError[] = [];
  const seen = new Set<string>();
  const raw: Partial<Record<EmbedKey, string>> = {};
  const rawOptions: Record<string, string> = {};
  for (const [key, value] of queryEntries(query)) {
    if (seen.has(key)) {
      errors.push({ code: 'repeated', key: shown(key) });
      continue;
    }
    seen.add(key);
    if (isKey(key)) raw[key] = value;
    else if (key.startsWith(OPTION_PREFIX) && key.length > OPTION_PREFIX.length) rawOptions[key.slice(OPTION_PREFIX.length)] = value;
    else errors.push({ code: 'unknown-param', key: shown(key) });
  }

  if (raw.v !== String(EMBED_VERSION)) errors.push({ code: 'version', value: raw.v === undefined ? null : shown(raw.v) });

  const params: EmbedParams = {
    scenario: '',
    view: '',
    options: {},
    step: 0,
    range: null,
    lang: null,
    controls: true,
    autoplay: false,
    loop: false,
    theme: 'light',
    height: 'auto',
    origin: null,
    id: null,
  };
  for (const key of EMBED_KEYS) {
    const value = raw[key];
    if (value === undefined || key === 'v' || key === 'scenario' || key === 'view') continue;
    const parsed = parseValue(key, value);
    if (parsed === undefined) errors.push({ code: 'bad-value', key, value: shown(value) });
    else Object.assign(params, parsed);
  }

  // The scenario, then the view and the options, which depend on it.
  const known = Object.keys(ctx.scenarios);
  const scenario = raw.scenario;
  const def = scenario !== undefined && has(ctx.scenarios, scenario) ? ctx.scenarios[scenario]! : null;
  if (scenario === undefined) errors.push({ code: 'missing', key: 'scenario' });
  else if (!def) errors.push({ code: 'unknown-scenario', value: shown(scenario), known });
  else params.scenario = scenario;

  const view = raw.view;
  const meta = view === undefined ? undefined : ctx.views.find((v) => v.id === view);
  if (view === undefined) errors.push({ code: 'missing', key: 'view' });
  else if (!meta) errors.push({ code: 'unknown-view', value: shown(view), known: ctx.views.map((v) => v.id) });
  else if (def && !viewFits(meta, def.kind)) {
    errors.push({ code: 'view-not-for-scenario', view, scenario: scenario!, fits: ctx.views.filter((v) => viewFits(v, def.kind)).map((v) => v.id) });
  } else params.view = view;

  if (def) {
    let each = true;
    for (const [key, value] of Object.entries(rawOptions)) {
      if (!has(def.options, key)) {
        errors.push({ code: 'unknown-param', key: shown(OPTION_PREFIX + key) });
        each = false;
        continue;
      }
      const r = parseOptions(def.options, { [key]: value });
      if (r.ok) params.options[key] = value;
      else {
        errors.push({ code: 'bad-option', key, value: shown(value), problem: r.problem });
        each = false;
      }
    }
    if (each) {
      const problem = ctx.checkOptions(scenario!, params.options);
      if (problem) errors.push({ code: 'bad-options', problem });
    }
  }

  return errors.length ? { ok: false, errors } : { ok: true, params };
}

/** What a snippet needs to say; anything left out takes its default. */
export type EmbedChoice = Pick<EmbedParams, 'scenario' | 'view'> & Partial<Omit<EmbedParams, 'scenario' | 'view'>>;

/** The query (with its leading `?`) for a choice, listing only what differs from the defaults, in a fixed order. */
export function buildEmbedQuery(c: EmbedChoice): string {
  const q = new URLSearchParams();
  q.set('v', String(EMBED_VERSION));
  q.set('scenario', c.scenario);
  q.set('view', c.view);
  for (const [k, v] of Object.entries(c.options ?? {}).sort(([a], [b]) => a.localeCompare(b))) q.set(OPTION_PREFIX + k, v);
  if (c.range) q.set('step', `${c.range.from}-${c.range.to}`);
  else if (c.step) q.set('step', String(c.step));
  if (c.lang) q.set('lang', c.lang);
  if (c.controls === false) q.set('controls', '0');
  if (c.autoplay) q.set('autoplay', '1');
  if (c.loop) q.set('loop', '1');
  if (c.theme === 'dark') q.set('theme', 'dark');
  if (c.height !== undefined && c.height !== 'auto') q.set('height', String(c.height));
  if (c.origin) q.set('origin', c.origin === '*' ? '*' : c.origin.join(','));
  if (c.id) q.set('id', c.id);
  return `?${q.toString()}`;
}
