// Speaker notes over every registered scenario's real run: each step gets a phase, a caption and its position in the phase, in both languages.
import { describe, expect, it } from 'vitest';
import * as prose from '@/content/prose';
import { createWorld, SCENARIO_IDS } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';
import { phaseRuns, speakerNotes } from './speaker-notes';

describe.each(SCENARIO_IDS)('speaker notes for %s', (scenario) => {
  const built = createWorld(scenario, {}, false);
  if (!built.ok) throw new Error(built.error);
  const trace = new Session(built.world, Number(built.options.seed ?? 1)).trace;
  const phases = phaseRuns(prose, scenario, trace);

  it('before the first beat: the first phase, introduced, nothing to say yet', () => {
    const n = speakerNotes(prose, scenario, trace, phases, 0, 'en');
    expect(n.phase.n).toBe(1);
    expect(n.opensPhase).toBe(true);
    expect(n.say).toBeNull();
    expect(n.phase.title).not.toBe('');
  });

  it.each(['en', 'zh'] as const)('every step in %s has a caption, a phase in range and a beat inside its phase', (lang) => {
    for (let step = 1; step <= trace.length; step++) {
      const n = speakerNotes(prose, scenario, trace, phases, step, lang);
      expect(n.say, `step ${step}`).toBeTruthy();
      expect(n.phase.n).toBeGreaterThanOrEqual(1);
      expect(n.phase.n).toBeLessThanOrEqual(n.phase.of);
      expect(n.beat.i).toBeGreaterThanOrEqual(1);
      expect(n.beat.i).toBeLessThanOrEqual(n.beat.of);
      // A beat opens its phase exactly when the beat before it was in another one.
      expect(n.opensPhase).toBe(step === 1 || phases[step - 2] !== phases[step - 1]);
      expect(n.phase.id).toBe(phases[step - 1]);
    }
  });

  it('the caption is the one the prose panel shows', () => {
    const step = Math.min(5, trace.length);
    expect(speakerNotes(prose, scenario, trace, phases, step, 'zh').say).toBe(prose.caption(trace[step - 1]!, 'zh'));
  });
});
