'use client';
/** The playground's run machine, one per page, provided through React context; and the phase it is in. */
import { createActorContext } from '@xstate/react';
import { phaseOf, runMachine, type RunPhase } from './runMachine';

export const PlaygroundRun = createActorContext(runMachine);

/** The phase the page shows (idle, running, paused, finished, …). */
export function useRunPhase(): RunPhase {
  return PlaygroundRun.useSelector((s) => phaseOf(s.value, s.context));
}

/** Whether a run or sweep is under way (the form is locked). */
export function isBusy(phase: RunPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'pausing' || phase === 'paused' || phase === 'stopping' || phase === 'sweeping' || phase === 'comparing';
}
