import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '@/engine/scenarios/registry';
import { DOC_CITATIONS } from '@/content/docs';
import { docUsage } from './doc-usage';
import { scenarioRun } from './scenario-runs';

describe('docUsage', () => {
  const runs = SCENARIO_IDS.map((id) => ({ id, run: scenarioRun(id)! }));
  const usage = docUsage(runs);

  it('accounts for every beat of every run exactly once', () => {
    for (const { id, run } of runs) {
      const counted = Object.values(usage).flatMap((uses) => uses!.filter((u) => u.scenario === id)).reduce((n, u) => n + u.beats, 0);
      expect(counted, id).toBe(run.trace.length);
    }
  });

  it('cites only documents the prose knows, and links to a beat that cites it', () => {
    for (const [doc, uses] of Object.entries(usage)) {
      expect(Object.keys(DOC_CITATIONS)).toContain(doc);
      for (const u of uses!) {
        const run = runs.find((r) => r.id === u.scenario)!.run;
        expect(run.trace[u.firstStep - 1]!.doc).toBe(doc);
        expect(u.functions.length).toBeGreaterThan(0);
      }
    }
    // The descriptor flow draws on the spec's split virtqueue.
    expect(usage['virtio-spec']?.some((u) => u.scenario === 'descriptor-flow')).toBe(true);
  });
});
