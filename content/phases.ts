/**
 * Each walkthrough's phases: which phase a beat belongs to, and the narrative
 * of each phase. One table per scenario (content/<scenario>/phases.ts); a beat
 * of a type the scenario's table does not list belongs to its first phase.
 */
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import { PHASES as FLOW_PHASES, PHASE_OF as FLOW_PHASE_OF } from './descriptor-flow/phases';
import { KICK_CALL_PHASES, KICK_CALL_PHASE_OF, kickCallFallback, kickCallRefine } from './kick-call/phases';
import { MSIX_PHASES, MSIX_PHASE_OF, msixFallback, msixRefine } from './msix-vectors/phases';
import type { PhaseId, PhaseProse } from './types';
import { VHOST_USER_PHASES, vhostUserFallback, vhostUserRefine } from './vhost-user/phases';

/** One scenario's phases. */
export interface ScenarioPhases {
  of: Partial<Record<EventType, PhaseId>>;
  prose: Partial<Record<PhaseId, PhaseProse>>;
  /** The phase before the first beat, and of beats the table does not list. */
  first: PhaseId;
  /** A finer rule for beats whose phase depends on their fields or on the function they run in (tried first). */
  refine?(e: Pick<TraceEvent, 'type' | 'f' | 'stack'>): PhaseId | undefined;
  /** For beats neither rule nor table places (tried before `first`). */
  fallback?(e: Pick<TraceEvent, 'type' | 'f' | 'stack'>): PhaseId | undefined;
}

export const SCENARIO_PHASES: Record<string, ScenarioPhases> = {
  'descriptor-flow': {
    of: FLOW_PHASE_OF,
    prose: FLOW_PHASES,
    first: 'setup',
    // A call's eventfd signal belongs to giving back, a kick's to kicking.
    refine: (e) => (e.type === 'eventfd_signal' && (e.f as EventFields['eventfd_signal']).role === 'call' ? 'give-back' : undefined),
  },
  'msix-vectors': { of: MSIX_PHASE_OF, prose: MSIX_PHASES, first: 'probe', refine: msixRefine, fallback: msixFallback },
  'kick-call': { of: KICK_CALL_PHASE_OF, prose: KICK_CALL_PHASES, first: 'probe', refine: kickCallRefine, fallback: kickCallFallback },
  // Placed by rules alone (fields, then the function, then the message): the same event type falls in every phase.
  'vhost-user': { of: {}, prose: VHOST_USER_PHASES, first: 'connect', refine: vhostUserRefine, fallback: vhostUserFallback },
};

const NONE: ScenarioPhases = { of: {}, prose: {}, first: 'setup' };

/** The phase tables of `scenario` (empty for an unknown one). */
export function phasesOf(scenario: string): ScenarioPhases {
  return Object.prototype.hasOwnProperty.call(SCENARIO_PHASES, scenario) ? SCENARIO_PHASES[scenario]! : NONE;
}

/** The phase a beat belongs to in `scenario`. */
export function phaseOf(e: Pick<TraceEvent, 'type' | 'f' | 'stack'>, scenario: string): PhaseId {
  const p = phasesOf(scenario);
  return p.refine?.(e) ?? p.of[e.type] ?? p.fallback?.(e) ?? p.first;
}
