/**
 * The player: which step the reader wants to see, and whether time moves.
 * Written as in the XState examples: helpers, then setup() with guards and
 * actions in plain words, then the machine with readable states. It owns the
 * *wanted* step; every change is emitted as a `seek` for the engine worker,
 * and the views show whatever frame the worker answers with.
 */
import { assign, emit, fromCallback, setup, type EventObject } from 'xstate';
import { DEFAULT_SPEED, isSpeed } from '../store/prefs-slice';

/** What the machine remembers. */
export interface PlayerContext {
  step: number;
  /** Number of events in the run; steps go 0..total. */
  total: number;
  /** Steps per second while playing. */
  speed: number;
  /** The steps the player may show (an embed's step range): first..last, last null for the end of the run. */
  first: number;
  last: number | null;
  /** Whether playing past the last step starts over at the first. */
  loop: boolean;
}

/** What the player accepts. */
export type PlayerEvent =
  | { type: 'LOAD' }
  | { type: 'LOADED'; total: number; step: number }
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'TOGGLE' }
  | { type: 'STEP_FORWARD' }
  | { type: 'STEP_BACK' }
  | { type: 'SEEK'; step: number }
  | { type: 'RESTART' }
  | { type: 'END' }
  | { type: 'SET_SPEED'; speed: number }
  | { type: 'BOUNDS'; first: number; last: number | null; loop: boolean }
  | { type: 'TICK' };

/** What the player tells the outside: show this step. */
export type PlayerEmitted = { type: 'seek'; step: number };

/** Clamp a wanted step into the run. */
export function clampStep(step: number, total: number): number {
  if (!Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(total, Math.trunc(step)));
}

/** The first and last step the player may show in a run of `total` events. */
export function bounds(c: Pick<PlayerContext, 'first' | 'last' | 'total'>): { lo: number; hi: number } {
  const hi = c.last === null ? c.total : Math.min(c.last, c.total);
  return { lo: Math.min(c.first, hi), hi };
}

/** Clamp a wanted step into the run and the player's bounds. */
function clampIn(step: number, c: Pick<PlayerContext, 'first' | 'last' | 'total'>): number {
  const { lo, hi } = bounds(c);
  return Math.max(lo, Math.min(hi, clampStep(step, c.total)));
}

/** Milliseconds between ticks at `speed` steps per second. */
export function tickInterval(speed: number): number {
  return Math.round(1000 / speed);
}

/** The clock while playing: a TICK every 1/speed seconds, stopped when the state exits. */
const ticker = fromCallback<EventObject, { speed: number }>(({ sendBack, input }) => {
  const id = setInterval(() => sendBack({ type: 'TICK' }), tickInterval(input.speed));
  return () => clearInterval(id);
});

export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    emitted: {} as PlayerEmitted,
    input: {} as { speed?: number } | undefined,
  },
  actors: { ticker },
  guards: {
    'has a next step': ({ context }) => context.step < bounds(context).hi,
    'has a previous step': ({ context }) => context.step > bounds(context).lo,
    'is at the last step': ({ context }) => context.total > 0 && context.step >= bounds(context).hi,
    'stops at the last step': ({ context }) => !context.loop && context.total > 0 && context.step >= bounds(context).hi,
    'loops at the last step': ({ context }) => context.loop && context.step >= bounds(context).hi,
    'is a new step': ({ context, event }) => event.type === 'SEEK' && clampIn(event.step, context) !== context.step,
  },
  actions: {
    'take the run': assign(({ context, event }) => {
      if (event.type !== 'LOADED') return {};
      const total = Math.max(0, event.total);
      return { total, step: clampIn(event.step, { ...context, total }) };
    }),
    'take the bounds': assign(({ context, event }) => {
      if (event.type !== 'BOUNDS') return {};
      const b = { first: Math.max(0, Math.trunc(event.first) || 0), last: event.last === null ? null : Math.max(0, Math.trunc(event.last) || 0), loop: event.loop };
      return { ...b, step: clampIn(context.step, { ...context, ...b }) };
    }),
    'step forward': assign({ step: ({ context }) => Math.min(bounds(context).hi, context.step + 1) }),
    'step back': assign({ step: ({ context }) => Math.max(bounds(context).lo, context.step - 1) }),
    'go to the wanted step': assign({ step: ({ context, event }) => (event.type === 'SEEK' ? clampIn(event.step, context) : context.step) }),
    'go to the start': assign({ step: ({ context }) => bounds(context).lo }),
    'go to the end': assign({ step: ({ context }) => bounds(context).hi }),
    'change speed': assign({ speed: ({ context, event }) => (event.type === 'SET_SPEED' && isSpeed(event.speed) ? event.speed : context.speed) }),
    'show the step': emit(({ context }) => ({ type: 'seek' as const, step: context.step })),
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => ({ step: 0, total: 0, speed: input?.speed ?? DEFAULT_SPEED, first: 0, last: null, loop: false }),
  initial: 'loading',
  on: {
    LOAD: { target: '.loading' },
    LOADED: { target: '.paused', actions: 'take the run' },
    SET_SPEED: { actions: 'change speed' },
    // Bounds are set once, before the first run (an embed's step range); a seek follows if they moved the step.
    BOUNDS: { actions: 'take the bounds' },
  },
  states: {
    loading: {
      description: 'The engine worker is building a run; commands wait for it.',
    },
    paused: {
      description: 'Still on one step; the reader moves by hand.',
      always: { guard: 'is at the last step', target: 'at end' },
      on: {
        PLAY: { guard: 'has a next step', target: 'playing' },
        TOGGLE: { guard: 'has a next step', target: 'playing' },
        STEP_FORWARD: { guard: 'has a next step', actions: ['step forward', 'show the step'] },
        STEP_BACK: { guard: 'has a previous step', actions: ['step back', 'show the step'] },
        SEEK: { guard: 'is a new step', actions: ['go to the wanted step', 'show the step'] },
        RESTART: { guard: 'has a previous step', actions: ['go to the start', 'show the step'] },
        END: { guard: 'has a next step', actions: ['go to the end', 'show the step'] },
      },
    },
    playing: {
      description: 'A tick moves one step forward; reaching the end stops (or, looping, starts over).',
      invoke: { src: 'ticker', input: ({ context }) => ({ speed: context.speed }) },
      always: { guard: 'stops at the last step', target: 'at end' },
      on: {
        TICK: [
          { guard: 'loops at the last step', actions: ['go to the start', 'show the step'] },
          { actions: ['step forward', 'show the step'] },
        ],
        PAUSE: { target: 'paused' },
        TOGGLE: { target: 'paused' },
        STEP_FORWARD: { target: 'paused', actions: ['step forward', 'show the step'] },
        STEP_BACK: { target: 'paused', actions: ['step back', 'show the step'] },
        SEEK: { target: 'paused', actions: ['go to the wanted step', 'show the step'] },
        RESTART: { target: 'paused', actions: ['go to the start', 'show the step'] },
        END: { target: 'paused', actions: ['go to the end', 'show the step'] },
        SET_SPEED: { target: 'playing', reenter: true, actions: 'change speed' },
      },
    },
    'at end': {
      description: 'The last event is on screen; play starts over from step 0.',
      on: {
        PLAY: { target: 'playing', actions: ['go to the start', 'show the step'] },
        TOGGLE: { target: 'playing', actions: ['go to the start', 'show the step'] },
        STEP_BACK: { target: 'paused', actions: ['step back', 'show the step'] },
        SEEK: { guard: 'is a new step', target: 'paused', actions: ['go to the wanted step', 'show the step'] },
        RESTART: { target: 'paused', actions: ['go to the start', 'show the step'] },
      },
    },
  },
});
