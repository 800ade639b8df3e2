import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '@/engine/scenarios/registry';
import { scenarioRun } from './scenario-runs';
import { thumbnailModel, thumbnailStep, toSpans } from './thumbnail';

describe('catalogue thumbnails', () => {
  it('every registered scenario gets one, drawn from its own run', () => {
    for (const id of SCENARIO_IDS) {
      const run = scenarioRun(id);
      expect(run, id).not.toBeNull();
      const m = thumbnailModel(id, run!);
      expect(m.total).toBe(run!.trace.length);
      expect(m.step).toBe(thumbnailStep(run!.trace));
      // The marked step is the first eventfd signal's (a kick or a call) when the run has one, else the middle.
      const first = run!.trace.findIndex((e) => e.type === 'eventfd_signal');
      expect(m.step, id).toBe(first >= 0 ? first + 1 : Math.ceil(run!.trace.length / 2));
      expect(m.caption.en.length, id).toBeGreaterThan(10);
      expect(m.caption.zh, id).toMatch(/[\u4e00-\u9fff]/);
      expect(m.lanes.length, id).toBeGreaterThan(0);
      expect(m.lanes.every((l) => l.before.every(([a, b]) => a <= b && b <= m.at + 1 / 256))).toBe(true);
      expect(m.phases.length, id).toBeGreaterThan(1);
    }
  });

  it('the three first walkthroughs mark their first kick or call', () => {
    for (const id of ['descriptor-flow', 'msix-vectors', 'kick-call']) {
      const run = scenarioRun(id)!;
      expect(run.trace[thumbnailModel(id, run).step - 1]!.type, id).toBe('eventfd_signal');
    }
  });

  it('two scenarios draw differently', () => {
    const a = thumbnailModel('descriptor-flow', scenarioRun('descriptor-flow')!);
    const b = thumbnailModel('msix-vectors', scenarioRun('msix-vectors')!);
    expect(a.total).not.toBe(b.total);
    expect(a.phases.map((p) => p.phase)).not.toEqual(b.phases.map((p) => p.phase));
  });

  it('merges beats a column apart into spans', () => {
    expect(toSpans([0, 1 / 256, 2 / 256, 10 / 256, 1], 256)).toEqual([
      [0, 2 / 256],
      [10 / 256, 10 / 256],
      [1, 1],
    ]);
  });
});
