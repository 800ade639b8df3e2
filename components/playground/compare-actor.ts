/**
 * The comparison as an XState callback actor: for each mode of the plan, a
 * free run of the engine (shown live like any run), then the bare ring in the
 * same mode, one after another so they never share the CPU. STOP ends the
 * current run and the comparison; what was measured stays.
 */
import { fromCallback } from 'xstate';
import { readCounters } from '@/engine/freerun/run';
import type { ComparePlanRow, Measured } from './compare';
import type { RunRing } from './ring-reference';
import { FreeRun, type RunOutcome, type SpawnWorker } from './runner';
import type { RunEvent } from './runMachine';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What an engine run measured: its own time and frames, the kicks and calls the shared counters counted. */
export function engineMeasured(outcome: RunOutcome, run: FreeRun | null): Measured {
  if (outcome.kind === 'failed') return { ok: false, frames: 0, ms: 0, kicks: 0, calls: 0, message: outcome.message };
  const c = run ? readCounters(run.buffer, run.cfg) : null;
  const kicks = c ? c.kicks >>> 0 : 0;
  const calls = c ? c.calls >>> 0 : 0;
  if (outcome.kind === 'stopped') return { ok: false, frames: outcome.frames, ms: outcome.ms, kicks, calls, message: 'stopped' };
  return { ok: outcome.ok, frames: outcome.frames, ms: outcome.ms, kicks, calls, message: outcome.message };
}

export const compareRuns = fromCallback<RunEvent, { plan: readonly ComparePlanRow[]; spawn: SpawnWorker; runRing: RunRing }>(({ sendBack, receive, input }) => {
  let live = true;
  let current: FreeRun | null = null;
  const abort = new AbortController();
  receive((e) => {
    if (e.type !== 'STOP') return;
    live = false;
    current?.stop();
    abort.abort(new Error('stopped'));
  });
  void (async () => {
    for (const row of input.plan) {
      if (!live) break;
      sendBack({ type: 'COMPARE_AT', mode: row.mode, part: 'engine' });
      let outcome: RunOutcome;
      current = null;
      try {
        current = new FreeRun(row.cfg, input.spawn);
        sendBack({ type: 'STARTED', run: current });
        outcome = await current.done;
        current.dispose();
      } catch (err) {
        outcome = { kind: 'failed', message: message(err) };
      }
      sendBack({ type: 'COMPARE_RESULT', mode: row.mode, part: 'engine', measured: engineMeasured(outcome, current), outcome });
      if (!live) break;
      sendBack({ type: 'COMPARE_AT', mode: row.mode, part: 'ring' });
      let ring: Measured;
      try {
        ring = await input.runRing(row.ring, abort.signal);
      } catch (err) {
        ring = { ok: false, frames: 0, ms: 0, kicks: 0, calls: 0, message: live ? message(err) : 'stopped' };
      }
      sendBack({ type: 'COMPARE_RESULT', mode: row.mode, part: 'ring', measured: ring });
    }
    sendBack({ type: 'COMPARE_DONE' });
  })();
  return () => {
    live = false;
    current?.dispose();
    abort.abort(new Error('stopped'));
  };
});
