/**
 * The relay's check of a presenter's message, all of it before anything is
 * stored: the shape (follow-message.ts), then the scenario and its options
 * against the registry (checkScenario, as a URL's are), then the step against
 * the run's length. A message that fails is refused whole with the reason.
 */
import { checkStateShape, type Checked, type PresenterState } from '@/components/follow/follow-message';
import { checkScenario } from '@/engine/scenarios/registry';
import { stepCount } from './step-count';

/** Check a parsed JSON body as a presenter state. */
export function checkPresenterState(body: unknown): Checked<PresenterState> {
  const shape = checkStateShape(body);
  if (!shape.ok) return shape;
  const s = shape.value;
  const c = checkScenario(s.scenario, s.options, 'step');
  if (!c.ok) return { ok: false, error: c.error };
  const n = stepCount(s.scenario, s.options);
  if (!n.ok) return { ok: false, error: n.error };
  if (s.step > n.total) return { ok: false, error: `step ${s.step} is past the end of this run (steps 0 to ${n.total})` };
  return shape;
}
