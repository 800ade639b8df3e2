/**
 * Scenario options as data: each scenario lists its options with kinds,
 * ranges and defaults, and one parser checks every source of options (the
 * command line, the URL, a postMessage) the same way. A bad value is refused
 * with a message that names the option and what it accepts.
 */

/** An integer option. `pow2` demands a power of two. */
export interface IntOption {
  kind: 'int';
  default: number;
  min: number;
  max: number;
  pow2?: boolean;
  /** Only free-run reads it (a cost in real time): step-mode pages leave it out. */
  freeOnly?: boolean;
  help: string;
}
/** A yes/no option. */
export interface BoolOption {
  kind: 'bool';
  default: boolean;
  help: string;
}
/** One of a fixed list of words. */
export interface EnumOption {
  kind: 'enum';
  default: string;
  values: readonly string[];
  help: string;
}
/** Any option. */
export type OptionSpec = IntOption | BoolOption | EnumOption;

/** A scenario's option table. */
export type OptionTable = Record<string, OptionSpec>;

/** The options step mode offers, in table order: a free-run-only option is a cost in real time, which step mode never spends. */
export function stepModeOptions(table: OptionTable): Array<[string, OptionSpec]> {
  return Object.entries(table).filter(([, s]) => !(s.kind === 'int' && s.freeOnly));
}

/** The parsed value type of a table. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends IntOption ? number : T[K] extends BoolOption ? boolean : string;
};

/**
 * What is wrong with an option, as data, so every front end can say it in its
 * own language; `problemMessage` says it in English (the command line's and
 * the engine's own words).
 */
export type OptionProblem =
  | { code: 'not-object' }
  | { code: 'unknown'; option: string; known: readonly string[] }
  | { code: 'not-int'; option: string; value: string }
  | { code: 'range'; option: string; value: number; min: number; max: number }
  | { code: 'pow2'; option: string; value: number }
  | { code: 'not-bool'; option: string; value: string }
  | { code: 'not-enum'; option: string; value: string; values: readonly string[] }
  /** A scenario's rule across options: `rule` names it, `params` fill its sentence, `message` is the English one. */
  | { code: 'rule'; option: string; rule: string; params: Record<string, string | number>; message: string };

/** The problem in English. */
export function problemMessage(p: OptionProblem): string {
  switch (p.code) {
    case 'not-object':
      return 'options must be an object';
    case 'unknown':
      return `unknown option ${JSON.stringify(p.option)} (known: ${p.known.join(', ')})`;
    case 'not-int':
      return `option ${p.option}: expected a whole number, got ${p.value}`;
    case 'range':
      return `option ${p.option}: ${p.value} is outside ${p.min}..${p.max}`;
    case 'pow2':
      return `option ${p.option}: ${p.value} is not a power of two`;
    case 'not-bool':
      return `option ${p.option}: expected on/off (true/false), got ${p.value}`;
    case 'not-enum':
      return `option ${p.option}: expected one of ${p.values.join(', ')}, got ${p.value}`;
    case 'rule':
      return `option ${p.option}: ${p.message}`;
  }
}

/** A scenario rule's problem: its English sentence, with the option it is about. */
export function ruleProblem(option: string, rule: string, message: string, params: Record<string, string | number> = {}): OptionProblem {
  return { code: 'rule', option, rule, params, message };
}

/** Parse result: values, or the first problem found (in English, and as data). */
export type Parsed<T extends OptionTable> = { ok: true; value: OptionValues<T> } | { ok: false; error: string; problem: OptionProblem };

/** The defaults of a table. */
export function defaults<T extends OptionTable>(table: T): OptionValues<T> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(table)) out[k] = s.default;
  return out as OptionValues<T>;
}

function parseOne(name: string, spec: OptionSpec, raw: unknown): { ok: true; v: number | boolean | string } | { ok: false; problem: OptionProblem } {
  const value = JSON.stringify(raw) ?? String(raw);
  switch (spec.kind) {
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (!Number.isSafeInteger(n)) return { ok: false, problem: { code: 'not-int', option: name, value } };
      if (n < spec.min || n > spec.max) return { ok: false, problem: { code: 'range', option: name, value: n, min: spec.min, max: spec.max } };
      if (spec.pow2 && (n & (n - 1)) !== 0) return { ok: false, problem: { code: 'pow2', option: name, value: n } };
      return { ok: true, v: n };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, v: raw };
      const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (['1', 'true', 'on', 'yes'].includes(s)) return { ok: true, v: true };
      if (['0', 'false', 'off', 'no'].includes(s)) return { ok: true, v: false };
      return { ok: false, problem: { code: 'not-bool', option: name, value } };
    }
    case 'enum': {
      if (typeof raw === 'string' && spec.values.includes(raw)) return { ok: true, v: raw };
      return { ok: false, problem: { code: 'not-enum', option: name, value, values: spec.values } };
    }
  }
}

/** A failed parse from a problem. */
function fail(problem: OptionProblem): { ok: false; error: string; problem: OptionProblem } {
  return { ok: false, error: problemMessage(problem), problem };
}

/** Parse `raw` against `table`: unknown names and bad values are errors; missing ones take defaults. */
export function parseOptions<T extends OptionTable>(table: T, raw: Record<string, unknown>): Parsed<T> {
  if (typeof raw !== 'object' || raw === null) return fail({ code: 'not-object' });
  const out: Record<string, unknown> = { ...defaults(table) };
  for (const [k, v] of Object.entries(raw)) {
    const spec = Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
    if (!spec) return fail({ code: 'unknown', option: k, known: Object.keys(table) });
    const r = parseOne(k, spec, v);
    if (!r.ok) return fail(r.problem);
    out[k] = r.v;
  }
  return { ok: true, value: out as OptionValues<T> };
}

/** The options that differ from their defaults, as strings (for URLs and command lines). */
export function nonDefault<T extends OptionTable>(table: T, values: OptionValues<T>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, s] of Object.entries(table)) {
    const v = (values as Record<string, unknown>)[k];
    if (v !== s.default) out[k] = String(v);
  }
  return out;
}
