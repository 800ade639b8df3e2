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

/** The parsed value type of a table. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends IntOption ? number : T[K] extends BoolOption ? boolean : string;
};

/** Parse result: values, or the first problem found. */
export type Parsed<T extends OptionTable> = { ok: true; value: OptionValues<T> } | { ok: false; error: string };

/** The defaults of a table. */
export function defaults<T extends OptionTable>(table: T): OptionValues<T> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(table)) out[k] = s.default;
  return out as OptionValues<T>;
}

function parseOne(name: string, spec: OptionSpec, raw: unknown): { ok: true; v: number | boolean | string } | { ok: false; error: string } {
  switch (spec.kind) {
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (!Number.isSafeInteger(n)) return { ok: false, error: `option ${name}: expected a whole number, got ${JSON.stringify(raw)}` };
      if (n < spec.min || n > spec.max) return { ok: false, error: `option ${name}: ${n} is outside ${spec.min}..${spec.max}` };
      if (spec.pow2 && (n & (n - 1)) !== 0) return { ok: false, error: `option ${name}: ${n} is not a power of two` };
      return { ok: true, v: n };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, v: raw };
      const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (['1', 'true', 'on', 'yes'].includes(s)) return { ok: true, v: true };
      if (['0', 'false', 'off', 'no'].includes(s)) return { ok: true, v: false };
      return { ok: false, error: `option ${name}: expected on/off (true/false), got ${JSON.stringify(raw)}` };
    }
    case 'enum': {
      if (typeof raw === 'string' && spec.values.includes(raw)) return { ok: true, v: raw };
      return { ok: false, error: `option ${name}: expected one of ${spec.values.join(', ')}, got ${JSON.stringify(raw)}` };
    }
  }
}

/** Parse `raw` against `table`: unknown names and bad values are errors; missing ones take defaults. */
export function parseOptions<T extends OptionTable>(table: T, raw: Record<string, unknown>): Parsed<T> {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'options must be an object' };
  const out: Record<string, unknown> = { ...defaults(table) };
  for (const [k, v] of Object.entries(raw)) {
    const spec = Object.prototype.hasOwnProperty.call(table, k) ? table[k] : undefined;
    if (!spec) return { ok: false, error: `unknown option ${JSON.stringify(k)} (known: ${Object.keys(table).join(', ')})` };
    const r = parseOne(k, spec, v);
    if (!r.ok) return r;
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
