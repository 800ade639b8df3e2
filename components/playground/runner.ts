/**
 * One free run from the page: a SharedArrayBuffer arena, a control block and
 * one worker per actor (engine/freerun/freerun.worker.ts). It starts them,
 * passes pause / resume / stop through the control block, and when every
 * worker has reported, verifies the run. No React here; the run machine owns
 * a FreeRun and the live view reads its memory.
 */
import { checkFreeRun, controlOf, prepareFreeRun, readCounters, verify, worldOver, type FreeRunConfig } from '@/engine/freerun/run';
import type { VirtqueueInfo } from '@/engine/scenarios/world';
import { STOP, type FreeRunControl } from '@/engine/sched/free-run';

/** The part of a Worker a run uses (a worker_threads adapter in unit tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: { message?: string; preventDefault?(): void }) => void) | null;
  terminate(): void;
}

/** Makes the worker for one actor. */
export type SpawnWorker = () => WorkerLike;

/** The browser's free-run worker (Turbopack bundles it and starts it as a classic worker). */
export const spawnBrowserWorker: SpawnWorker = () =>
  new Worker(new URL('../../engine/freerun/freerun.worker.ts', import.meta.url)) as unknown as WorkerLike;

/** How a run ended. `ms` is the time the threads ran, pauses left out. */
export type RunOutcome =
  | { kind: 'finished'; ok: boolean; message: string; ms: number; frames: number }
  | { kind: 'stopped'; ms: number; frames: number; of: number }
  | { kind: 'failed'; message: string };

/** What one worker said when it ended. */
type Reply = { done: true; how: 'done' | 'finished' | 'stopped'; ms: number } | { done: false; error: string };

function isReply(x: unknown): x is Reply {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (r.done === true && typeof r.how === 'string' && typeof r.ms === 'number') || (r.done === false && typeof r.error === 'string');
}

/** A free run in progress (or over: its memory stays readable). */
export class FreeRun {
  readonly buffer: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
  readonly actors: readonly string[];
  readonly ctl: FreeRunControl;
  readonly info: VirtqueueInfo;
  /** When the workers were started (performance.now()). */
  readonly startedAt: number;
  /** Resolves once every worker has reported (or one failed). */
  readonly done: Promise<RunOutcome>;
  private readonly workers: WorkerLike[] = [];
  private pausedSince: number | null = null;
  private pausedMs = 0;
  private over = false;

  constructor(
    readonly cfg: FreeRunConfig,
    spawn: SpawnWorker = spawnBrowserWorker,
  ) {
    const problem = checkFreeRun(cfg);
    if (problem) throw new Error(problem);
    const { buffer, control, actors } = prepareFreeRun(cfg);
    this.buffer = buffer;
    this.control = control;
    this.actors = actors;
    // Build the page's own view of the world before any thread runs (building lays out, the threads write).
    this.ctl = controlOf(buffer, control, cfg);
    const info = worldOver(buffer, cfg).info;
    // Free run is descriptor-flow's (FREE_SCENARIOS): a virtqueue world.
    if (info.kind !== 'virtqueue') throw new Error(`free run of a ${info.kind} world: only virtqueue scenarios run free`);
    this.info = info;
    this.startedAt = performance.now();
    this.done = new Promise<RunOutcome>((resolve) => {
      const replies: Array<Reply | undefined> = actors.map(() => undefined);
      const finish = (outcome: RunOutcome) => {
        if (this.over) return;
        this.over = true;
        if (this.pausedSince !== null) this.resumeClock();
        resolve(outcome);
      };
      const fail = (message: string) => {
        this.ctl.stop(); // release the others so they exit
        finish({ kind: 'failed', message });
      };
      const settle = () => {
        if (replies.some((r) => r === undefined)) return;
        const ms = Math.max(0, Math.max(...replies.map((r) => (r && r.done ? r.ms : 0))) - this.pausedMs);
        const c = readCounters(buffer, cfg);
        const stopped = this.ctl.state === STOP || replies.some((r) => r?.done && r.how === 'stopped');
        if (stopped && c.framesDelivered !== this.info.frames) {
          finish({ kind: 'stopped', ms, frames: c.framesDelivered, of: this.info.frames });
          return;
        }
        const v = verify(buffer, cfg);
        finish({ kind: 'finished', ok: v.ok, message: v.message, ms, frames: c.framesDelivered });
      };
      actors.forEach((actorId, i) => {
        const w = spawn();
        this.workers.push(w);
        w.onmessage = (ev) => {
          const r = ev.data;
          if (!isReply(r)) return;
          if (!r.done) return fail(`${actorId}: ${r.error}`);
          replies[i] = r;
          settle();
        };
        w.onerror = (ev) => {
          ev.preventDefault?.();
          fail(`${actorId}: the worker failed (${ev.message || 'unknown error'})`);
        };
        w.postMessage({ buffer, cfg, actorId, control });
      });
    });
  }

  /** Ask every thread to park at its next safe point. */
  pause(): void {
    if (this.over) return;
    this.ctl.pause();
    this.pausedSince ??= performance.now();
  }

  /** Release parked threads. */
  resume(): void {
    if (this.over) return;
    this.ctl.resume();
    if (this.pausedSince !== null) this.resumeClock();
  }

  /** End the run now: every thread leaves at its next safe point or wait. */
  stop(): void {
    if (this.over) return;
    this.ctl.stop();
  }

  /** Every thread has parked or exited: the shared memory is consistent and still. */
  get settled(): boolean {
    return this.ctl.settled(this.actors.length);
  }

  /** Whether done has resolved. */
  get ended(): boolean {
    return this.over;
  }

  /** Milliseconds run so far, pauses left out. */
  activeMs(now = performance.now()): number {
    const pausedNow = this.pausedSince !== null ? now - this.pausedSince : 0;
    return Math.max(0, now - this.startedAt - this.pausedMs - pausedNow);
  }

  /** A copy of the arena as it is now (meaningful when settled), as a plain ArrayBuffer. */
  snapshotBytes(): ArrayBuffer {
    return new Uint8Array(this.buffer).slice().buffer;
  }

  /** Terminate the workers (a run still going is stopped first). Memory stays readable. */
  dispose(): void {
    if (!this.over) this.ctl.stop();
    for (const w of this.workers) {
      w.onmessage = null;
      w.onerror = null;
      w.terminate();
    }
    this.workers.length = 0;
  }

  private resumeClock(): void {
    this.pausedMs += performance.now() - (this.pausedSince ?? performance.now());
    this.pausedSince = null;
  }
}
