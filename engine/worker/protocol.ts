/**
 * The typed messages between the page and the engine worker. Every message
 * the worker receives is checked here first: a malformed or hostile
 * postMessage gets an `error` reply and changes nothing.
 */
import type { OptionProblem } from '../scenarios/options';
import type { Snapshot, WorldInfo } from '../scenarios/world';
import type { TraceEvent } from '../trace/events';

/** Page → worker. `id` is echoed in the reply so the page can drop stale answers. */
export type ToWorker =
  | { type: 'load'; id: number; scenario: string; options: Record<string, string>; step: number }
  | { type: 'seek'; id: number; step: number }
  /** Continue a paused free run in step mode: `bytes` is a copy of its arena; record at most `steps` beats. */
  | { type: 'resume'; id: number; scenario: string; options: Record<string, string>; bytes: ArrayBuffer; steps: number };

/** Worker → page. */
export type FromWorker =
  | {
      type: 'loaded';
      id: number;
      info: WorldInfo;
      trace: TraceEvent[];
      /** The live arena when shared (the page reads it directly); null otherwise. */
      memory: SharedArrayBuffer | null;
    }
  | {
      type: 'frame';
      id: number;
      snapshot: Snapshot;
      /** A copy of the arena at this step, when memory is not shared. */
      bytes: ArrayBuffer | null;
    }
  | { type: 'error'; id: number; message: string; problem?: OptionProblem };

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** Most beats a resumed run records (the rest of a long free run is not a walkthrough). */
export const MAX_RESUME_STEPS = 20_000;

/** Options as strings, or what is wrong with them. */
function stringOptions(raw: unknown): Record<string, string> | string {
  raw ??= {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'options must be an object';
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return `option ${k} must be a string, number or boolean`;
    options[k] = String(v);
  }
  return options;
}

/** Check an incoming message's shape; returns the message or a description of what is wrong. */
export function parseToWorker(data: unknown): ToWorker | { error: string; id: number } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: 'message must be an object', id: -1 };
  const m = data as Record<string, unknown>;
  const id = isInt(m.id) ? m.id : -1;
  if (id < 0) return { error: 'message needs a non-negative integer id', id: -1 };
  if (m.type === 'seek') {
    if (!isInt(m.step) || m.step < 0) return { error: 'seek: step must be a non-negative integer', id };
    return { type: 'seek', id, step: m.step };
  }
  if (m.type === 'resume') {
    if (typeof m.scenario !== 'string') return { error: 'resume: scenario must be a string', id };
    if (!(m.bytes instanceof ArrayBuffer)) return { error: 'resume: bytes must be an ArrayBuffer', id };
    if (!isInt(m.steps) || m.steps < 1 || m.steps > MAX_RESUME_STEPS) return { error: `resume: steps must be an integer in 1..${MAX_RESUME_STEPS}`, id };
    const options = stringOptions(m.options);
    if (typeof options === 'string') return { error: `resume: ${options}`, id };
    return { type: 'resume', id, scenario: m.scenario, options, bytes: m.bytes, steps: m.steps };
  }
  if (m.type === 'load') {
    if (typeof m.scenario !== 'string') return { error: 'load: scenario must be a string', id };
    const step = m.step === undefined ? 0 : m.step;
    if (!isInt(step) || step < 0) return { error: 'load: step must be a non-negative integer', id };
    const options = stringOptions(m.options);
    if (typeof options === 'string') return { error: `load: ${options}`, id };
    return { type: 'load', id, scenario: m.scenario, options, step };
  }
  return { error: `unknown message type ${JSON.stringify(m.type)}`, id };
}
