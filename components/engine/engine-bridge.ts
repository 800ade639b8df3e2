/**
 * The page's side of the worker protocol. It keeps at most one request in
 * flight and coalesces seeks (only the newest target is sent once the worker
 * answers), so a fast player or a dragged scrubber never queues stale work,
 * and, with a shared arena, the worker never writes memory while the page is
 * decoding the frame it just received. Replies to superseded requests are
 * dropped by id.
 */
import type { OptionProblem } from '@/engine/scenarios/options';
import type { Snapshot, WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import type { FromWorker, ToWorker } from '@/engine/worker/protocol';

/** The part of a Worker the bridge uses (a fake in unit tests). */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate(): void;
}

/** What the bridge tells its owner. */
export interface BridgeHandlers {
  /** A run was built: its static facts and whole trace; `memory` is the live arena when shared. */
  loaded(info: WorldInfo, trace: TraceEvent[], memory: SharedArrayBuffer | null): void;
  /** The engine is at a step. `bytes` is the arena (live view when shared, else this step's copy). `first` marks a load's first frame. */
  frame(snapshot: Snapshot, bytes: Uint8Array, first: boolean): void;
  /** The worker refused a request; `duringLoad` says whether it was a load; `problem` is set when an option was at fault. */
  error(message: string, duringLoad: boolean, problem?: OptionProblem): void;
}

/** Talks to one engine worker. */
export class EngineBridge {
  private nextId = 1;
  /** Id of the newest load; replies older than it are stale. */
  private loadId = 0;
  private inFlight: { id: number; load: boolean } | null = null;
  private pendingSeek: number | null = null;
  private memory: SharedArrayBuffer | null = null;
  private firstFramePending = false;

  constructor(
    private readonly worker: WorkerPort,
    private readonly on: BridgeHandlers,
  ) {
    worker.onmessage = (ev) => this.receive(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.on.error(`the engine worker failed: ${ev.message || 'unknown error'}`, this.inFlight?.load ?? false);
    };
  }

  /** Build a run of `scenario` with raw option strings and show `step`. Supersedes everything before it. */
  load(scenario: string, options: Record<string, string>, step: number): void {
    const id = this.nextId++;
    this.loadId = id;
    this.inFlight = { id, load: true };
    this.pendingSeek = null;
    this.firstFramePending = true;
    this.worker.postMessage({ type: 'load', id, scenario, options, step });
  }

  /** Move the current run to `step` (sent now, or when the request in flight is answered). */
  seek(step: number): void {
    if (this.inFlight) {
      this.pendingSeek = step;
      return;
    }
    this.send(step);
  }

  /** Stop the worker. */
  dispose(): void {
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
  }

  private send(step: number): void {
    const id = this.nextId++;
    this.inFlight = { id, load: false };
    this.worker.postMessage({ type: 'seek', id, step });
  }

  private receive(msg: FromWorker): void {
    if (msg.id < this.loadId) return; // an answer to something a newer load replaced
    switch (msg.type) {
      case 'loaded':
        this.memory = msg.memory;
        this.on.loaded(msg.info, msg.trace, msg.memory);
        return; // its frame follows with the same id
      case 'frame': {
        const bytes = msg.bytes ? new Uint8Array(msg.bytes) : this.memory ? new Uint8Array(this.memory) : new Uint8Array(0);
        const first = this.firstFramePending;
        this.firstFramePending = false;
        // Decode first, then release the worker: with a shared arena the next seek rewrites memory.
        this.on.frame(msg.snapshot, bytes, first);
        this.settle(msg.id);
        return;
      }
      case 'error': {
        const duringLoad = this.inFlight?.id === msg.id && this.inFlight.load;
        if (duringLoad) this.firstFramePending = false;
        this.on.error(msg.message, duringLoad, msg.problem);
        this.settle(msg.id);
        return;
      }
    }
  }

  private settle(id: number): void {
    if (this.inFlight?.id !== id) return;
    this.inFlight = null;
    if (this.pendingSeek !== null) {
      const step = this.pendingSeek;
      this.pendingSeek = null;
      this.send(step);
    }
  }
}
