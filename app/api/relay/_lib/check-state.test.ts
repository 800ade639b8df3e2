// The relay's message check: every registered scenario accepted at its first and last step; each kind of malformed message refused with a reason.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '@/engine/scenarios/registry';
import { checkPresenterState } from './check-state';
import { stepCount } from './step-count';

const good = { scenario: 'descriptor-flow', options: {}, step: 0, seq: 1 };

describe('checkPresenterState', () => {
  it.each(SCENARIO_IDS)('accepts %s at step 0 and at its last step, and refuses one past it', (scenario) => {
    const n = stepCount(scenario, {});
    if (!n.ok) throw new Error(n.error);
    expect(n.total).toBeGreaterThan(0);
    expect(checkPresenterState({ scenario, options: {}, step: 0, seq: 1 })).toMatchObject({ ok: true });
    expect(checkPresenterState({ scenario, options: {}, step: n.total, seq: 1 })).toMatchObject({ ok: true });
    expect(checkPresenterState({ scenario, options: {}, step: n.total + 1, seq: 1 })).toEqual({
      ok: false,
      error: `step ${n.total + 1} is past the end of this run (steps 0 to ${n.total})`,
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'step 3', /JSON object/],
    ['an array', [good], /JSON object/],
    ['null', null, /JSON object/],
    ['an unknown scenario', { ...good, scenario: 'no-such-thing' }, /unknown scenario "no-such-thing"/],
    ['a scenario that is not an id', { ...good, scenario: '../etc' }, /scenario id/],
    ['an unknown option', { ...good, options: { bogus: '1' } }, /bogus/],
    ['an option value of the wrong type', { ...good, options: { seed: 7 } }, /string/],
    ['a bad option value', { ...good, options: { seed: 'many' } }, /seed/],
    ['a fractional step', { ...good, step: 1.5 }, /integer/],
    ['a negative step', { ...good, step: -1 }, /integer/],
    ['a step as a string', { ...good, step: '3' }, /integer/],
    ['no seq', { scenario: 'descriptor-flow', options: {}, step: 0 }, /seq/],
    ['a zero seq', { ...good, seq: 0 }, /seq/],
    ['an extra field', { ...good, secret: 'x' }, /unknown field "secret"/],
  ])('refuses %s', (_what, body, why) => {
    const r = checkPresenterState(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
});
