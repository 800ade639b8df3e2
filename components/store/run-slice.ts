/** The loaded run: which scenario and options were asked for, and what the engine built. */
import type { StateCreator } from 'zustand/vanilla';
import type { OptionTable } from '@/engine/scenarios/options';
import type { WorldInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import type { FrameView } from '../frame/decode';
import type { ExplainerState } from './explainer-store';

/** A request for the engine to build a run; `nonce` makes a repeated request distinct. */
export interface LoadRequest {
  options: Record<string, string>;
  step: number;
  nonce: number;
}

/** The run slice. */
export interface RunSlice {
  scenario: string;
  table: OptionTable;
  /** What the connector should load next (or has loaded). */
  request: LoadRequest;
  status: 'loading' | 'ready' | 'failed';
  info: WorldInfo | null;
  trace: readonly TraceEvent[];
  /** Whether the page reads the arena live (SharedArrayBuffer); null before the first load. */
  sharedMemory: boolean | null;
  /** How many loads the engine refused (a form keyed on it resets to what is loaded). */
  refusedLoads: number;
  /** Ask for a new run with these raw options, at `step`. */
  requestLoad(options: Record<string, string>, step?: number): void;
  /** A run was built and its first frame decoded: both land in one update, so no view sees one without the other. */
  runLoaded(info: WorldInfo, trace: readonly TraceEvent[], sharedMemory: boolean, frame: FrameView, bytes: Uint8Array): void;
  runFailed(): void;
}

/** Initial values of the run slice. */
export interface RunInit {
  scenario: string;
  table: OptionTable;
  options: Record<string, string>;
  step: number;
}

/** Build the run slice. */
export function createRunSlice(init: RunInit): StateCreator<ExplainerState, [], [], RunSlice> {
  return (set) => ({
    scenario: init.scenario,
    table: init.table,
    request: { options: init.options, step: init.step, nonce: 0 },
    status: 'loading',
    info: null,
    trace: [],
    sharedMemory: null,
    refusedLoads: 0,
    requestLoad: (options, step = 0) => set((s) => ({ request: { options, step, nonce: s.request.nonce + 1 }, status: 'loading' })),
    runLoaded: (info, trace, sharedMemory, frame, bytes) => set({ info, trace, sharedMemory, status: 'ready', frame, bytes }),
    runFailed: () => set((s) => ({ status: s.info ? 'ready' : 'failed', refusedLoads: s.refusedLoads + 1 })),
  });
}
