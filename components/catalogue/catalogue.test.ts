import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '@/engine/scenarios/registry';
import { CATALOGUE } from './catalogue';

describe('the catalogue', () => {
  it('marks runnable exactly the scenarios the engine registers', () => {
    for (const entry of CATALOGUE) expect({ id: entry.id, runnable: entry.runnable }).toEqual({ id: entry.id, runnable: Object.prototype.hasOwnProperty.call(SCENARIOS, entry.id) });
  });

  it('lists every registered scenario', () => {
    for (const id of Object.keys(SCENARIOS)) expect(CATALOGUE.map((c) => c.id)).toContain(id);
  });

  it('has unique ids', () => {
    expect(new Set(CATALOGUE.map((c) => c.id)).size).toBe(CATALOGUE.length);
  });
});
