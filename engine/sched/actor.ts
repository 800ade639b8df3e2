/**
 * Actors are the real threads: the guest vCPU running Linux's virtio drivers,
 * the vhost worker kthread, the host network stack. An actor's code is a
 * generator that reads like the function it models and yields at every beat:
 * either a trace event (one step of the walkthrough) or a wait (the thread
 * blocks, like read() on an empty eventfd, until a shared slot changes).
 */
import type { EventFields, EventType } from '../trace/events';
import type { FrameId } from '../trace/frames';

/** The thread blocks while `i32[slot] === value` (exactly the Atomics.wait condition). */
export interface Wait {
  wait: true;
  safe?: undefined;
  slot: number;
  value: number;
  /** What it waits for, as a short id the page names (content/labels.ts, waitLabel): "interrupt", "work_list". */
  on: string;
  /**
   * More words, any of which changing also ends the wait (a poll over several
   * things, such as a PMD watching every ring it serves). Step mode only: the
   * scenarios that free-run never set it.
   */
  also?: ReadonlyArray<readonly [slot: number, value: number]>;
}

/**
 * A safe point: the top of a thread's main loop, where all its state is in
 * shared memory. Step mode passes over it; free-run mode pauses or stops there.
 */
export interface Safe {
  wait?: undefined;
  safe: true;
}

/** An event the actor emits; the scheduler stamps `seq` and `actor`. */
export interface Emit {
  wait?: undefined;
  safe?: undefined;
  type: EventType;
  f: EventFields[EventType];
  stack: FrameId[];
}

/** What an actor yields. */
export type Beat = Emit | Wait | Safe;

/** The generator type of actor code. `T` is what a sub-function returns. */
export type Gen<T = void> = Generator<Beat, T, void>;

const SAFE: Safe = { safe: true };
const NO_STACK: FrameId[] = [];

/** Per-thread context: its name and its simulated call stack. */
export class ActorContext {
  readonly stack: FrameId[] = [];

  constructor(
    readonly id: string,
    /** False in free-run mode: events are dropped, so their call stacks are not copied. */
    readonly tracing = true,
  ) {}

  /** An event of `type` with the current call stack, plus frames entered synchronously within the beat. */
  ev<K extends EventType>(type: K, f: EventFields[K], ...inner: FrameId[]): Emit {
    if (!this.tracing) return { type, f, stack: NO_STACK };
    return { type, f, stack: inner.length ? [...this.stack, ...inner] : this.stack.slice() };
  }

  /** A safe point (see Safe). */
  safe(): Safe {
    return SAFE;
  }

  /**
   * Run `body` as a call to `frame`: the frame is on the stack for every beat
   * inside it. Without tracing there is no stack to keep, so the body runs
   * as it is, saving a level of generator delegation per call.
   */
  call<T>(frame: FrameId, body: Gen<T>): Gen<T> {
    return this.tracing ? this.framed(frame, body) : body;
  }

  private *framed<T>(frame: FrameId, body: Gen<T>): Gen<T> {
    this.stack.push(frame);
    try {
      return yield* body;
    } finally {
      this.stack.pop();
    }
  }

  /**
   * Charge `ns` of this thread's time for a cost the model names but does not
   * compute (a VM exit). Step mode's time is the reader's, so it spends none;
   * the free-run context (free-actor.ts) spends it.
   */
  spend(_ns: number): void {}

  /** Block until `slot` no longer holds `value` (or, in step mode, until any word in `also` no longer holds its value). */
  wait(slot: number, value: number, on: string, also?: ReadonlyArray<readonly [number, number]>): Wait {
    return also && also.length ? { wait: true, slot, value, on, also } : { wait: true, slot, value, on };
  }
}

/** How to start one actor. */
export interface ActorSpec {
  id: string;
  /** Thread name as `ps` would show it, e.g. "CPU 0/KVM" or "vhost-4242". */
  name: string;
  /** Which machine or process it belongs to. */
  where: 'guest' | 'host';
  body: (ctx: ActorContext) => Gen;
}
