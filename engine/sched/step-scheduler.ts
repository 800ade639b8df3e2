/**
 * The deterministic step scheduler. At each step it picks one runnable actor
 * with a seeded RNG (staying with the current one with probability
 * `stickiness`, so a function's beats mostly read together) and runs it to its
 * next event. Blocked actors become runnable when their slot changes. The same
 * seed and options always give the same interleaving.
 */
import type { Arena } from '../mem/arena';
import { EVENT_INFO, type EventType, type TraceEvent } from '../trace/events';
import { ActorContext, type ActorSpec, type Gen, type Wait } from './actor';
import { Rng } from './rng';

/** What the UI shows of a thread at a step. */
export interface ActorState {
  id: string;
  name: string;
  where: 'guest' | 'host';
  status: 'runnable' | 'blocked' | 'done';
  /** What a blocked thread waits for. */
  on?: string;
}

interface Running {
  spec: ActorSpec;
  ctx: ActorContext;
  gen: Gen;
  done: boolean;
  wait: Wait | null;
}

/** Runs actors one beat at a time. */
export class StepScheduler {
  private readonly actors: Running[];
  private readonly rng: Rng;
  private current = -1;
  private seq = 0;

  constructor(
    private readonly arena: Arena,
    specs: readonly ActorSpec[],
    seed: number,
    private readonly stickiness = 0.75,
  ) {
    this.rng = new Rng(seed);
    this.actors = specs.map((spec) => {
      const ctx = new ActorContext(spec.id);
      return { spec, ctx, gen: spec.body(ctx), done: false, wait: null };
    });
  }

  private runnable(a: Running): boolean {
    return !a.done && (a.wait === null || !stillBlocked(this.arena, a.wait));
  }

  private pick(): Running | undefined {
    const cur = this.actors[this.current];
    const ready = this.actors.filter((a) => this.runnable(a));
    if (ready.length === 0) return undefined;
    if (cur && this.runnable(cur) && (ready.length === 1 || this.rng.next() < this.stickiness)) return cur;
    const others = cur && ready.length > 1 ? ready.filter((a) => a !== cur) : ready;
    return others[this.rng.int(others.length)];
  }

  /** Run until one event is emitted; undefined when every actor is done or blocked (the scenario is over). */
  step(): TraceEvent | undefined {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const a = this.pick();
      if (!a) return undefined;
      this.current = this.actors.indexOf(a);
      a.wait = null;
      const r = a.gen.next();
      if (r.done) {
        a.done = true;
        continue;
      }
      if (r.value.wait) {
        a.wait = r.value;
        continue;
      }
      if (r.value.safe) continue;
      const e = r.value;
      const type = e.type as EventType;
      return { seq: this.seq++, actor: a.spec.id, type, f: e.f, stack: e.stack, doc: EVENT_INFO[type].doc } as TraceEvent;
    }
    throw new Error('scheduler: an actor yielded a million satisfied waits without an event');
  }

  /** Thread states right now. */
  states(): ActorState[] {
    return this.actors.map((a) => ({
      id: a.spec.id,
      name: a.spec.name,
      where: a.spec.where,
      status: a.done ? 'done' : this.runnable(a) ? 'runnable' : 'blocked',
      ...(a.wait && !a.done && !this.runnable(a) ? { on: a.wait.on } : {}),
    }));
  }
}

/** Whether a wait still holds: its word, and every word in `also`, unchanged. */
export function stillBlocked(arena: Pick<Arena, 'aLoad'>, w: Pick<Wait, 'slot' | 'value' | 'also'>): boolean {
  if (arena.aLoad(w.slot) !== w.value) return false;
  return w.also === undefined || w.also.every(([slot, value]) => arena.aLoad(slot) === value);
}
