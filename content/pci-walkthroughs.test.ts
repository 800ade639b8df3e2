/**
 * The prose covers every beat of the PCI walkthroughs (MSI-X vectors, kick and
 * call): every event of every run gets a caption in both languages with no
 * holes, a phase that has a title and a narrative, and a cited document.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '@/engine/testing/run';
import { EVENT_INFO } from '@/engine/trace/events';
import { caption, docTitle, phaseOf, phaseProse, type Lang } from './index';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];
const LANGS: Lang[] = ['en', 'zh'];

const RUNS: Array<[string, Record<string, unknown>]> = [
  ['msix-vectors', {}],
  ['msix-vectors', { mask: 0 }],
  ['msix-vectors', { mask: 1 }],
  ['msix-vectors', { vectors: 2, queues: 2 }],
  ['msix-vectors', { irq: 'intx' }],
  ['msix-vectors', { device: 'balloon' }],
  ['msix-vectors', { device: 'balloon', vectors: 6, mask: 0 }],
  ['kick-call', {}],
  ['kick-call', { accel: 'tcg' }],
  ['kick-call', { accel: 'tcg', irq: 'intx' }],
  ['kick-call', { accel: 'tcg', backend: 'vhost-user' }],
  ['kick-call', { backend: 'vhost-user' }],
  ['kick-call', { transport: 'legacy' }],
  ['kick-call', { transport: 'legacy', accel: 'tcg', backend: 'vhost-user' }],
];

describe('PCI walkthroughs prose', () => {
  it.each(RUNS)('%s %j: every beat has a caption, a phase with prose, and a source', (scenario, options) => {
    const problems: string[] = [];
    const phases = new Set<string>();
    for (const e of runScenario(scenario, options).trace) {
      for (const l of LANGS) {
        const text = caption(e, l);
        if (!text.trim()) problems.push(`${e.type}: empty ${l} caption`);
        for (const b of BAD) if (text.includes(b)) problems.push(`${e.type} ${l}: "${b}" in "${text.slice(0, 80)}"`);
        if (l === 'zh' && !CJK.test(text)) problems.push(`${e.type}: zh caption without Chinese`);
        if (!docTitle(EVENT_INFO[e.type].doc, l, e).trim()) problems.push(`${e.type}: no ${l} source title`);
      }
      const phase = phaseOf(e, scenario);
      phases.add(phase);
      const prose = phaseProse(scenario, e);
      if (!prose.title.en || !prose.title.zh || !CJK.test(prose.body.zh)) problems.push(`${e.type}: phase ${phase} has no prose`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(phases.size).toBeGreaterThanOrEqual(2);
  });

  it('the phases read as one story: probe, then vectors, routing and interrupts in MSI-X vectors; the fault ends kick-and-call under TCG with vhost-user', () => {
    const order = (scenario: string, options: Record<string, unknown>) => {
      const seq: string[] = [];
      for (const e of runScenario(scenario, options).trace) {
        const p = phaseOf(e, scenario);
        if (seq.at(-1) !== p) seq.push(p);
      }
      return seq;
    };
    const msix = order('msix-vectors', {});
    expect(msix[0]).toBe('probe');
    expect(msix.indexOf('vectors')).toBeLessThan(msix.indexOf('routing'));
    expect(msix.lastIndexOf('interrupts')).toBe(msix.length - 1);
    expect(order('kick-call', { accel: 'tcg', backend: 'vhost-user' }).at(-1)).toBe('fault');
    const kc = order('kick-call', {});
    expect(kc.indexOf('notifiers')).toBeLessThan(kc.indexOf('kick'));
    expect(kc.indexOf('kick')).toBeLessThan(kc.lastIndexOf('call'));
  });
});
