/** The beat in words: function, component, and every flow with its kind, in either language; activityOf's data read as the reader sees it. */
import { describe, expect, it } from 'vitest';
import { runFlow } from '@/engine/testing/run';
import { functionColumn } from '@/engine/trace/format';
import { activityOf } from '@/engine/trace/flows';
import { beatSummary } from './beat-summary';

describe('beatSummary', () => {
  const s = runFlow({ packets: 2 });
  const info = s.world.info;
  const nodes = new Map(info.topology.nodes.map((n) => [n.id, n]));
  const kick = s.trace.find((e) => e.type === 'vp_notify')!;
  const irq = s.trace.find((e) => e.type === 'kvm_apic_set_irq')!;

  it('says who acts and what travels, in English and Chinese', () => {
    const a = activityOf(kick, info);
    expect(beatSummary(a, functionColumn(kick), nodes, 'en')).toBe('vp_notify() — vCPU (CPU 0/KVM) acts. Kick: vCPU → ioeventfd.');
    expect(beatSummary(a, functionColumn(kick), nodes, 'zh')).toBe('vp_notify() — vCPU（CPU 0/KVM）执行。kick：vCPU → ioeventfd。');
  });

  it('lists every flow of a beat, in order', () => {
    const text = beatSummary(activityOf(irq, info), functionColumn(irq), nodes, 'en');
    expect(text).toMatch(/LAPIC \(0x[0-9a-f]+\) acts\. Interrupt: call eventfd → irqfd; interrupt: irqfd → LAPIC\.$/);
    expect(beatSummary(activityOf(irq, info), null, nodes, 'zh')).toMatch(/^LAPIC（0x[0-9a-f]+）执行。中断：call eventfd → irqfd；中断：irqfd → LAPIC。$/);
  });

  it('before the first beat, and for a beat that sends nothing', () => {
    expect(beatSummary(null, null, nodes, 'en')).toBe('No beat yet.');
    const quiet = s.trace.find((e) => activityOf(e, info).flows.length === 0)!;
    expect(beatSummary(activityOf(quiet, info), functionColumn(quiet), nodes, 'en')).toMatch(/acts\. Nothing travels\.$/);
  });
});
