/**
 * The playground's side of the step-mode worker protocol, for a run that
 * continues a paused free run: `resume` with a copy of the paused arena, then
 * `seek`s. Like the walkthrough's bridge it keeps one request in flight and
 * coalesces seeks to the newest target; replies to an older resume are dropped.
 */
import type { Snapshot, WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import type { FromWorker, ToWorker } from '@/engine/worker/protocol';

/** The part of a Worker the bridge uses. */
export interface StepPort {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate(): void;
}

/** What the bridge reports. */
export interface StepHandlers {
  loaded(info: WorldInfo, trace: TraceEvent[], memory: SharedArrayBuffer | null): void;
  /** A step is ready; `bytes` is this step's copy, or the live shared arena. */
  frame(snapshot: Snapshot, bytes: Uint8Array): void;
  error(message: string): void;
}

/** The step-mode engine worker (the walkthrough's), bundled by Turbopack. */
export function spawnStepWorker(): StepPort {
  return new Worker(new URL('../../engine/worker/engine.worker.ts', import.meta.url)) as unknown as StepPort;
}

/** Talks to one step-mode engine worker. */
export class StepBridge {
  private nextId = 1;
  private resumeId = 0;
  private inFlight = 0;
  private pendingSeek: number | null = null;
  private memory: SharedArrayBuffer | null = null;

  constructor(
    private readonly port: StepPort,
    private readonly on: StepHandlers,
  ) {
    port.onmessage = (ev) => this.receive(ev.data);
    port.onerror = (ev) => {
      ev.preventDefault?.();
      this.on.error(`the step-mode worker failed: ${ev.message || 'unknown error'}`);
    };
  }

  /** Continue `options`' run from `bytes` (a copy of its paused arena; transferred), recording `steps` beats. */
  resume(scenario: string, options: Record<string, string>, bytes: ArrayBuffer, steps: number): void {
    const id = this.nextId++;
    this.resumeId = id;
    this.inFlight = id;
    this.pendingSeek = null;
    this.port.postMessage({ type: 'resume', id, scenario, options, bytes, steps }, [bytes]);
  }

  /** Show `step` of the resumed run (now, or when the request in flight is answered). */
  seek(step: number): void {
    if (this.inFlight) {
      this.pendingSeek = step;
      return;
    }
    const id = this.nextId++;
    this.inFlight = id;
    this.port.postMessage({ type: 'seek', id, step });
  }

  dispose(): void {
    this.port.onmessage = null;
    this.port.onerror = null;
    this.port.terminate();
  }

  private receive(msg: FromWorker): void {
    if (msg.id < this.resumeId) return;
    switch (msg.type) {
      case 'loaded':
        this.memory = msg.memory;
        this.on.loaded(msg.info, msg.trace, msg.memory);
        return;
      case 'frame':
        this.on.frame(msg.snapshot, msg.bytes ? new Uint8Array(msg.bytes) : new Uint8Array(this.memory ?? new ArrayBuffer(0)));
        this.settle(msg.id);
        return;
      case 'error':
        this.on.error(msg.message);
        this.settle(msg.id);
        return;
    }
  }

  private settle(id: number): void {
    if (this.inFlight !== id) return;
    this.inFlight = 0;
    if (this.pendingSeek !== null) {
      const step = this.pendingSeek;
      this.pendingSeek = null;
      this.seek(step);
    }
  }
}
