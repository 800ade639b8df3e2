/**
 * What a presenter tells its audience, and the shape checks every receiver
 * runs on it (the relay on a POST body, a follower on a BroadcastChannel
 * message or a server-sent event). This file knows no scenario: the relay adds
 * the registry's checks (app/api/relay/_lib/check-state.ts); a follower loads
 * whatever passes and lets its engine refuse the rest.
 */

/** Where the presenter is: a scenario, its options (as the URL spells them), a step. */
export interface PresenterState {
  scenario: string;
  /** Non-default options, as strings (what `nonDefault` gives and `parseOptions` takes). */
  options: Record<string, string>;
  step: number;
  /**
   * The presenter's own running number for this state: it only grows (a
   * reload starts from the clock), so a follower hearing one state over two
   * transports, or late, keeps the newest.
   */
  seq: number;
}

/** Bytes a state may take as JSON (a real one is well under 1 KB). */
export const MAX_STATE_BYTES = 4096;
/** The largest step any scenario may have (the engine's MAX_STEPS). */
export const MAX_STEP = 250_000;
const MAX_OPTIONS = 32;
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const KEY_RE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The outcome of a check: the value, or what is wrong with it in one sentence. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Check that `x` has the shape of a PresenterState (and nothing else); no scenario knowledge. */
export function checkStateShape(x: unknown): Checked<PresenterState> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail('the message must be a JSON object');
  const o = x as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['scenario', 'options', 'step', 'seq'].includes(k));
  if (extra.length) return fail(`unknown field ${JSON.stringify(extra[0]!.slice(0, 40))} (fields: scenario, options, step, seq)`);
  if (typeof o.scenario !== 'string' || !ID_RE.test(o.scenario)) return fail('scenario must be a scenario id such as "descriptor-flow"');
  if (typeof o.options !== 'object' || o.options === null || Array.isArray(o.options)) return fail('options must be an object of strings');
  const entries = Object.entries(o.options as Record<string, unknown>);
  if (entries.length > MAX_OPTIONS) return fail(`options has ${entries.length} entries (at most ${MAX_OPTIONS})`);
  const options: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (!KEY_RE.test(k)) return fail(`option name ${JSON.stringify(k.slice(0, 40))} is not a name`);
    if (typeof v !== 'string' || v.length > 64) return fail(`option ${k} must be a string of at most 64 characters`);
    options[k] = v;
  }
  if (typeof o.step !== 'number' || !Number.isInteger(o.step) || o.step < 0 || o.step > MAX_STEP) return fail(`step must be an integer from 0 to ${MAX_STEP}`);
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) return fail('seq must be a positive integer');
  return { ok: true, value: { scenario: o.scenario, options, step: o.step, seq: o.seq } };
}

/** Options in one spelling (keys sorted), to tell whether two states ask for the same run. */
export function sameOptions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** The next seq after `last`: the clock in ms, or one more than `last` if the clock has not moved past it. */
export function nextSeq(last: number, now: number): number {
  return Math.max(last + 1, Math.trunc(now));
}
