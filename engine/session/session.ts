/**
 * A step-mode session: the scenario runs once, forward, under the step
 * scheduler, recording for every step its event, the bytes it wrote and the
 * thread states after it. Seeking then moves a cursor by undoing or redoing
 * those writes on the arena, so any step is reachable in both directions and
 * lands on byte-identical memory.
 */
import type { WriteRecord } from '../mem/arena';
import { StepScheduler, type ActorState } from '../sched/step-scheduler';
import type { TraceEvent } from '../trace/events';
import type { LiveState, Snapshot, World, WorldInfo } from '../scenarios/world';

/** A scenario that runs longer than this is a bug, not a walkthrough. */
export const MAX_STEPS = 250_000;

interface StepRecord {
  writes: WriteRecord[];
  actors: ActorState[];
}

/** Runs a world to the end and lets a reader move to any step. */
export class Session<I extends WorldInfo = WorldInfo, L extends LiveState = LiveState> {
  readonly trace: TraceEvent[] = [];
  private readonly records: StepRecord[] = [];
  private readonly initialActors: ActorState[];
  private cursor = 0;

  constructor(
    readonly world: World<I, L>,
    seed: number,
    /** Stop after this many steps (a run continued from a paused free run need not be stepped to its end). */
    limit = MAX_STEPS,
  ) {
    const arena = world.arena;
    const sched = new StepScheduler(arena, world.actors, seed);
    this.initialActors = sched.states();
    arena.startLog();
    while (this.trace.length < limit) {
      const ev = sched.step();
      if (!ev) break;
      this.trace.push(ev);
      this.records.push({ writes: arena.takeLog(), actors: sched.states() });
      if (this.trace.length > MAX_STEPS) throw new Error(`scenario ${world.info.scenario} did not settle within ${MAX_STEPS} steps`);
    }
    arena.stopLog();
    this.cursor = this.trace.length;
  }

  /** Number of steps (events) in the whole run. */
  get length(): number {
    return this.trace.length;
  }

  /** Steps currently applied: 0 is the state before the first event. */
  get step(): number {
    return this.cursor;
  }

  /** Move to step `n` (clamped to 0..length). */
  seek(n: number): void {
    const target = Math.max(0, Math.min(this.trace.length, Math.trunc(n)));
    const arena = this.world.arena;
    while (this.cursor > target) arena.undo(this.records[--this.cursor]!.writes);
    while (this.cursor < target) arena.redo(this.records[this.cursor++]!.writes);
  }

  /** What the UI shows at the current step. */
  snapshot(): Snapshot<L> {
    return {
      ...this.world.live(),
      step: this.cursor,
      actors: this.cursor === 0 ? this.initialActors : this.records[this.cursor - 1]!.actors,
    };
  }
}

/** FNV-1a over bytes: a cheap fingerprint for "byte-identical" checks. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
