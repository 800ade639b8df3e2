/**
 * The free-run scheduler: the same actor generators as step mode, each driven
 * to completion by its own thread (a Web Worker or a worker_thread). Events
 * are dropped unrecorded; a wait is a real Atomics.wait on the shared slot, as
 * a real thread blocks in read() on an eventfd. At safe points and while
 * blocked, each thread obeys a small control block: run, pause (park at the
 * safe point, so every thread's state is in shared memory and consistent) or
 * stop.
 */
import type { Arena } from '../mem/arena';
import { ActorContext, type ActorSpec } from './actor';

/** Control states. */
export const RUN = 0;
export const PAUSE = 1;
export const STOP = 2;

/** Slot offsets of the control block (Int32 slots, from `base`). */
const STATE = 0;
const PARKED = 1; // threads parked at a safe point
const EXITED = 2; // threads whose actor finished or stopped
const BLOCKED_US = 4; // then one slot per thread: microseconds spent blocked in Atomics.wait (for CPU share)

/** Most threads one run can account for. */
export const MAX_THREADS = 8;

/** How long a blocked thread sleeps before it looks at the control block again. */
const RECHECK_MS = 20;

/** The control block shared by the coordinator and the threads of one free run. */
export class FreeRunControl {
  constructor(
    readonly i32: Int32Array,
    readonly base: number,
    /** The arena's Int32 view, and the slot in it that becomes non-zero when the run is over (the guest driver finished). */
    readonly arenaI32: Int32Array,
    readonly doneSlot: number,
  ) {}

  get state(): number {
    return Atomics.load(this.i32, this.base + STATE);
  }
  get parked(): number {
    return Atomics.load(this.i32, this.base + PARKED);
  }
  get exited(): number {
    return Atomics.load(this.i32, this.base + EXITED);
  }
  get finished(): boolean {
    return Atomics.load(this.arenaI32, this.doneSlot) !== 0;
  }

  private set(state: number): void {
    Atomics.store(this.i32, this.base + STATE, state);
    Atomics.notify(this.i32, this.base + STATE);
  }
  pause(): void {
    if (this.state === RUN) this.set(PAUSE);
  }
  resume(): void {
    if (this.state === PAUSE) this.set(RUN);
  }
  stop(): void {
    this.set(STOP);
  }

  /** Every thread has parked or exited: the shared state is consistent. */
  settled(threads: number): boolean {
    return this.parked + this.exited >= threads;
  }

  /** Park this thread while paused; returns the state that released it. */
  park(): number {
    Atomics.add(this.i32, this.base + PARKED, 1);
    let s: number;
    while ((s = this.state) === PAUSE) Atomics.wait(this.i32, this.base + STATE, PAUSE);
    Atomics.sub(this.i32, this.base + PARKED, 1);
    return s;
  }

  exit(): void {
    Atomics.add(this.i32, this.base + EXITED, 1);
  }

  /** Account time thread `t` spent blocked (sampled by the UI to show CPU share). */
  addBlocked(t: number, us: number): void {
    if (t >= 0 && t < MAX_THREADS) Atomics.add(this.i32, this.base + BLOCKED_US + t, us);
  }

  /** Microseconds thread `t` has spent blocked so far (wraps after ~35 minutes; take differences). */
  blockedUs(t: number): number {
    return Atomics.load(this.i32, this.base + BLOCKED_US + t) >>> 0;
  }
}

/** Bytes of the control block. */
export const CONTROL_SIZE = 4 * (BLOCKED_US + MAX_THREADS);

/** Run one actor on this thread until it finishes, the run is over, or it is stopped. */
export function runFreely(spec: ActorSpec, arena: Arena, ctl: FreeRunControl, thread = -1): 'done' | 'finished' | 'stopped' {
  const i32 = arena.i32;
  const gen = spec.body(new ActorContext(spec.id, false));
  // Is it time to leave, or to park? Called only where the thread's state is all in shared memory.
  const atSafePoint = (): 'stopped' | 'finished' | undefined => {
    let s = ctl.state;
    if (s === PAUSE) s = ctl.park();
    if (s === STOP) return 'stopped';
    return undefined;
  };
  try {
    for (;;) {
      const r = gen.next();
      if (r.done) return 'done';
      const b = r.value;
      if (b.wait) {
        while (Atomics.load(i32, b.slot) === b.value) {
          const why = atSafePoint() ?? (ctl.finished ? 'finished' : undefined);
          if (why) return why;
          const t0 = performance.now();
          Atomics.wait(i32, b.slot, b.value, RECHECK_MS);
          ctl.addBlocked(thread, Math.round((performance.now() - t0) * 1000));
        }
      } else if (b.safe) {
        const why = atSafePoint();
        if (why) return why;
      }
    }
  } finally {
    ctl.exit();
  }
}
