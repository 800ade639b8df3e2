/**
 * descriptor-flow's exitNs is what a kick's VM exit costs the vCPU in a free
 * run (engine/freerun/free-run.test.ts checks that it is spent). Step mode's
 * time is the reader's: the same run with and without it is the same trace.
 */
import { describe, expect, it } from 'vitest';
import { runFlow, traceHash } from '../testing/run';
import { checkScenario } from './registry';

describe('exitNs in step mode', () => {
  it.each([{ dir: 'tx' }, { dir: 'tx', eventIdx: false, suppress: false }, { dir: 'rx' }])('%j: the trace is the same at 0 and 700 ns', (o) => {
    const free = runFlow({ packets: 12, ...o, exitNs: 0 });
    const priced = runFlow({ packets: 12, ...o, exitNs: 700 });
    expect(priced.length).toBe(free.length);
    expect(traceHash(priced.trace)).toBe(traceHash(free.trace));
  });

  it('is refused outside 0..100000 ns', () => {
    const r = checkScenario('descriptor-flow', { exitNs: '100001' }, 'free');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/exitNs/);
  });
});
