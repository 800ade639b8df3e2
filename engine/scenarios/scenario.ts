/**
 * What a runnable scenario is: an option table, cross-option checks, a
 * builder and the arena size it needs. The step registry (registry.ts) lists
 * every scenario; free-capable.ts lists those that can also free-run, and is
 * the root of the generator-free build (tools/free-build).
 */
import { parseOptions, problemMessage, type OptionProblem, type OptionTable } from './options';
import type { World } from './world';

/** One runnable scenario. */
export interface ScenarioDef {
  id: string;
  title: { en: string; zh: string };
  options: OptionTable;
  /** Cross-option checks for a mode; undefined when the values are fine. */
  validate(values: Record<string, unknown>, mode: 'step' | 'free'): OptionProblem | undefined;
  build(values: Record<string, unknown>, backing: boolean | ArrayBuffer | SharedArrayBuffer): World;
  /** Bytes of arena the values need (free-run threads share one buffer of this size). */
  arenaSize(values: Record<string, unknown>): number;
}

/** The outcome of checking a scenario name and its raw options. */
export type ScenarioCheck = { ok: true; def: ScenarioDef; options: Record<string, unknown> } | { ok: false; error: string; problem?: OptionProblem };

/** Check a scenario name and raw options against `table` for a mode; returns the scenario and parsed values, or what is wrong. */
export function checkIn(table: Readonly<Record<string, ScenarioDef>>, id: unknown, raw: Record<string, unknown>, mode: 'step' | 'free'): ScenarioCheck {
  const def = typeof id === 'string' && Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
  if (!def) return { ok: false, error: `unknown scenario ${JSON.stringify(id)} (known: ${Object.keys(table).join(', ')})` };
  const parsed = parseOptions(def.options, raw);
  if (!parsed.ok) return parsed;
  const why = def.validate(parsed.value, mode);
  if (why) return { ok: false, error: problemMessage(why), problem: why };
  return { ok: true, def, options: parsed.value };
}
