/**
 * The control block of a free run. Each actor runs to completion on its own
 * thread (a Web Worker or a worker_thread), as the free-run build of its code
 * (engine/free/, with free-actor.ts as its context): a wait is a real
 * Atomics.wait on the shared slot, as a real thread blocks in read() on an
 * eventfd. At safe points and while blocked, each thread obeys this block:
 * run, pause (park at the safe point, so every thread's state is in shared
 * memory and consistent) or stop.
 */

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
