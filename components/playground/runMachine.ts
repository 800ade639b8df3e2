/**
 * The life of the playground's runs, as the XState examples write machines:
 * helpers and actors, then setup() with actions in plain words, then states.
 * A run is an invoked callback actor that owns a FreeRun (its workers go away
 * when the state is left, whatever the reason); pause waits until every
 * thread has parked; a sweep is one actor running short free runs in a row;
 * the notification-mode comparison is another (compare-actor.ts).
 */
import { assign, fromCallback, sendTo, setup } from 'xstate';
import type { FreeRunConfig } from '@/engine/freerun/run';
import type { CompareRow, ComparePlanRow, Measured } from './compare';
import { compareRuns } from './compare-actor';
import type { Suppression, SweepKind } from './options';
import { runRingInBrowser, type RunRing } from './ring-reference';
import { FreeRun, spawnBrowserWorker, type RunOutcome, type SpawnWorker } from './runner';

/** One value of a sweep and how its run went. */
export interface SweepPoint {
  value: number;
  /** Frames per second over the run's active time (null when it did not finish). */
  framesPerSec: number | null;
  ok: boolean;
  message: string;
}

/** A sweep: what varies, the runs, the points so far. */
export interface SweepState {
  kind: SweepKind;
  runs: ReadonlyArray<{ value: number; cfg: FreeRunConfig }>;
  points: readonly SweepPoint[];
}

/** A comparison: its plan, what each mode measured so far, and what is being measured now. */
export interface CompareState {
  plan: readonly ComparePlanRow[];
  rows: readonly CompareRow[];
  at: { mode: Suppression; part: 'engine' | 'ring' } | null;
}

/** What the machine remembers. */
export interface RunContext {
  spawn: SpawnWorker;
  runRing: RunRing;
  /** The run the page shows (the current one, or the last one, whose memory stays readable). */
  run: FreeRun | null;
  /** What the next RUN starts. */
  cfg: FreeRunConfig | null;
  outcome: RunOutcome | null;
  sweep: SweepState | null;
  compare: CompareState | null;
}

/** What the machine accepts. */
export type RunEvent =
  | { type: 'RUN'; cfg: FreeRunConfig }
  | { type: 'SWEEP'; kind: SweepKind; runs: ReadonlyArray<{ value: number; cfg: FreeRunConfig }> }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'STOP' }
  | { type: 'STARTED'; run: FreeRun }
  | { type: 'SETTLED' }
  | { type: 'ENDED'; outcome: RunOutcome }
  | { type: 'SWEEP_POINT'; point: SweepPoint; outcome: RunOutcome }
  | { type: 'SWEEP_DONE' }
  | { type: 'COMPARE'; plan: readonly ComparePlanRow[] }
  | { type: 'COMPARE_AT'; mode: Suppression; part: 'engine' | 'ring' }
  | { type: 'COMPARE_RESULT'; mode: Suppression; part: 'engine' | 'ring'; measured: Measured; outcome?: RunOutcome }
  | { type: 'COMPARE_DONE' };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Frames per second of a finished outcome. */
export function framesPerSec(o: RunOutcome): number | null {
  return o.kind === 'finished' && o.ms > 0 ? (o.frames * 1000) / o.ms : null;
}

/** One free run: started on entry, its workers terminated on exit. */
const freeRun = fromCallback<RunEvent, { cfg: FreeRunConfig; spawn: SpawnWorker }>(({ sendBack, input }) => {
  let run: FreeRun;
  try {
    run = new FreeRun(input.cfg, input.spawn);
  } catch (err) {
    sendBack({ type: 'ENDED', outcome: { kind: 'failed', message: message(err) } });
    return;
  }
  let live = true;
  sendBack({ type: 'STARTED', run });
  void run.done.then((outcome) => {
    if (live) sendBack({ type: 'ENDED', outcome });
  });
  return () => {
    live = false;
    run.dispose();
  };
});

/** Waits until every thread of the run has parked (or exited): then its memory is consistent. */
const parking = fromCallback<RunEvent, { run: FreeRun | null }>(({ sendBack, input }) => {
  const check = () => {
    if (!input.run || input.run.settled) sendBack({ type: 'SETTLED' });
  };
  const id = setInterval(check, 10);
  check();
  return () => clearInterval(id);
});

/** Short free runs one after another; STOP ends the current one and the sweep. */
const sweep = fromCallback<RunEvent, { runs: SweepState['runs']; spawn: SpawnWorker }>(({ sendBack, receive, input }) => {
  let live = true;
  let current: FreeRun | null = null;
  receive((e) => {
    if (e.type !== 'STOP') return;
    live = false;
    current?.stop();
  });
  void (async () => {
    for (const { value, cfg } of input.runs) {
      if (!live) break;
      let outcome: RunOutcome;
      try {
        current = new FreeRun(cfg, input.spawn);
        sendBack({ type: 'STARTED', run: current });
        outcome = await current.done;
        current.dispose();
      } catch (err) {
        outcome = { kind: 'failed', message: message(err) };
      }
      if (!live && outcome.kind !== 'finished') break;
      const fps = framesPerSec(outcome);
      const text = outcome.kind === 'failed' ? outcome.message : outcome.kind === 'stopped' ? 'stopped' : outcome.message;
      sendBack({ type: 'SWEEP_POINT', point: { value, framesPerSec: fps, ok: outcome.kind === 'finished' && outcome.ok, message: text }, outcome });
    }
    sendBack({ type: 'SWEEP_DONE' });
  })();
  return () => {
    live = false;
    current?.dispose();
  };
});

export const runMachine = setup({
  types: {
    context: {} as RunContext,
    events: {} as RunEvent,
    input: {} as { spawn?: SpawnWorker; runRing?: RunRing } | undefined,
  },
  actors: { freeRun, parking, sweep, compareRuns },
  actions: {
    'take the config': assign({ cfg: ({ event }) => (event.type === 'RUN' ? event.cfg : null), run: null, outcome: null, sweep: null }),
    'take the sweep': assign({
      sweep: ({ event }) => (event.type === 'SWEEP' ? { kind: event.kind, runs: event.runs, points: [] } : null),
      run: null,
      outcome: null,
    }),
    'take the comparison': assign({
      compare: ({ event }) => (event.type === 'COMPARE' ? { plan: event.plan, rows: event.plan.map((r) => ({ mode: r.mode, engine: null, ring: null })), at: null } : null),
      run: null,
      outcome: null,
    }),
    'mark the measuring': assign({
      compare: ({ event, context }) => (event.type === 'COMPARE_AT' && context.compare ? { ...context.compare, at: { mode: event.mode, part: event.part } } : context.compare),
    }),
    'add the result': assign({
      compare: ({ event, context }) =>
        event.type === 'COMPARE_RESULT' && context.compare
          ? { ...context.compare, rows: context.compare.rows.map((r) => (r.mode === event.mode ? { ...r, [event.part]: event.measured } : r)) }
          : context.compare,
    }),
    'end the comparison': assign({ compare: ({ context }) => (context.compare ? { ...context.compare, at: null } : null) }),
    'show the run': assign({ run: ({ event, context }) => (event.type === 'STARTED' ? event.run : context.run) }),
    'keep the outcome': assign({
      outcome: ({ event, context }) => (event.type === 'ENDED' || event.type === 'SWEEP_POINT' ? event.outcome : event.type === 'COMPARE_RESULT' && event.outcome ? event.outcome : context.outcome),
    }),
    'add the point': assign({
      sweep: ({ event, context }) => (event.type === 'SWEEP_POINT' && context.sweep ? { ...context.sweep, points: [...context.sweep.points, event.point] } : context.sweep),
    }),
    'park the threads': ({ context }) => context.run?.pause(),
    'release the threads': ({ context }) => context.run?.resume(),
    'stop the threads': ({ context }) => context.run?.stop(),
  },
}).createMachine({
  id: 'free run',
  context: ({ input }) => ({
    spawn: input?.spawn ?? spawnBrowserWorker,
    runRing: input?.runRing ?? runRingInBrowser,
    run: null,
    cfg: null,
    outcome: null,
    sweep: null,
    compare: null,
  }),
  initial: 'idle',
  states: {
    idle: {
      description: 'Nothing has run yet; the form is open.',
      on: {
        RUN: { target: 'running', actions: 'take the config' },
        SWEEP: { target: 'sweeping', actions: 'take the sweep' },
        COMPARE: { target: 'comparing', actions: 'take the comparison' },
      },
    },
    running: {
      description: 'One worker per actor runs over the shared arena.',
      invoke: { id: 'run', src: 'freeRun', input: ({ context }) => ({ cfg: context.cfg!, spawn: context.spawn }) },
      initial: 'flowing',
      on: {
        STARTED: { actions: 'show the run' },
        ENDED: { target: 'ended', actions: 'keep the outcome' },
        STOP: { target: '.stopping', actions: 'stop the threads' },
      },
      states: {
        flowing: {
          on: { PAUSE: { target: 'pausing', actions: 'park the threads' } },
        },
        pausing: {
          description: 'Asked to pause; threads park at their next safe point.',
          invoke: { src: 'parking', input: ({ context }) => ({ run: context.run }) },
          on: {
            SETTLED: 'paused',
            RESUME: { target: 'flowing', actions: 'release the threads' },
          },
        },
        paused: {
          description: 'Every thread is parked: memory is consistent and still (step mode can copy it).',
          on: { RESUME: { target: 'flowing', actions: 'release the threads' } },
        },
        stopping: {
          description: 'Asked to stop; waiting for every worker to report.',
        },
      },
    },
    sweeping: {
      description: 'Short free runs one after another, one option value each.',
      invoke: { id: 'sweep', src: 'sweep', input: ({ context }) => ({ runs: context.sweep?.runs ?? [], spawn: context.spawn }) },
      on: {
        STARTED: { actions: 'show the run' },
        SWEEP_POINT: { actions: ['add the point', 'keep the outcome'] },
        SWEEP_DONE: 'ended',
        STOP: { actions: sendTo('sweep', { type: 'STOP' }) },
      },
    },
    comparing: {
      description: 'Every buffer, flags and event-idx one after another, each free run followed by the bare ring in the same mode.',
      invoke: {
        id: 'compare',
        src: 'compareRuns',
        input: ({ context }) => ({ plan: context.compare?.plan ?? [], spawn: context.spawn, runRing: context.runRing }),
      },
      on: {
        STARTED: { actions: 'show the run' },
        COMPARE_AT: { actions: 'mark the measuring' },
        COMPARE_RESULT: { actions: ['add the result', 'keep the outcome'] },
        COMPARE_DONE: { target: 'ended', actions: 'end the comparison' },
        STOP: { actions: sendTo('compare', { type: 'STOP' }) },
      },
    },
    ended: {
      description: 'The last run is over; its memory stays readable.',
      on: {
        RUN: { target: 'running', actions: 'take the config' },
        SWEEP: { target: 'sweeping', actions: 'take the sweep' },
        COMPARE: { target: 'comparing', actions: 'take the comparison' },
      },
    },
  },
});

/** The phase the page shows for a machine state. */
export type RunPhase = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'stopping' | 'sweeping' | 'comparing' | 'finished' | 'stopped' | 'failed';

/** The phase of a snapshot's value and context. */
export function phaseOf(value: unknown, ctx: Pick<RunContext, 'run' | 'outcome'>): RunPhase {
  if (value === 'idle') return 'idle';
  if (value === 'sweeping') return 'sweeping';
  if (value === 'comparing') return 'comparing';
  if (value === 'ended') return ctx.outcome ? (ctx.outcome.kind === 'finished' ? (ctx.outcome.ok ? 'finished' : 'failed') : ctx.outcome.kind) : 'idle';
  if (typeof value === 'object' && value !== null && 'running' in value) {
    const sub = (value as { running: string }).running;
    if (sub === 'flowing') return ctx.run ? 'running' : 'starting';
    if (sub === 'pausing' || sub === 'paused' || sub === 'stopping') return sub;
  }
  return 'idle';
}
