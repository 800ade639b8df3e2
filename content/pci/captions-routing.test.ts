/**
 * The routing / notifier captions on real beats: the kick-and-call
 * walkthrough's runs under TCG with MSI-X (seed 000's segfault with
 * vhost-user, and the vhost-net path that survives), under TCG with INTx (the
 * main-loop path), and under KVM (irqfd). Every beat must caption cleanly in
 * both languages, describe itself in one line, and the captions must carry
 * the beat's own numbers.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '@/engine/testing/run';
import type { TraceEvent } from '@/engine/trace/events';
import { describe as describeEvent } from '@/engine/trace/format';
import { caption } from '../prose';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];

const WALKS: Array<[string, Record<string, unknown>]> = [
  ['TCG + MSI-X + vhost-user (seed 000 segfault)', { accel: 'tcg', backend: 'vhost-user' }],
  ['TCG + MSI-X + vhost-net', { accel: 'tcg' }],
  ['TCG + INTx + vhost-net (main loop)', { accel: 'tcg', irq: 'intx' }],
  ['KVM + MSI-X + vhost-net (irqfd)', {}],
];

const walk = (options: Record<string, unknown>): readonly TraceEvent[] => runScenario('kick-call', options).trace;

describe('captions of the notifier and routing beats QEMU and KVM emit', () => {
  it.each(WALKS)('%s', (_name, options) => {
    const events = walk(options);
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) {
      for (const lang of ['en', 'zh'] as const) {
        const text = caption(e, lang);
        expect(text.trim().length, `${e.type} ${lang}`).toBeGreaterThan(10);
        for (const bad of BAD) expect(text, `${e.type} ${lang}: ${text}`).not.toContain(bad);
      }
      expect(caption(e, 'zh'), e.type).toMatch(CJK);
      expect(describeEvent(e).trim().length, e.type).toBeGreaterThan(0);
    }
  });

  it('the TCG + vhost-user walk ends in the segfault, captioned with the faulting address', () => {
    const last = walk({ accel: 'tcg', backend: 'vhost-user' }).at(-1)!;
    expect(last.type).toBe('qemu_segfault');
    expect(caption(last, 'en')).toContain('0x28');
    expect(caption(last, 'zh')).toContain('0x28');
  });

  it('under KVM the call reaches the LAPIC: the IRR caption names the vector the MSI data carries', () => {
    const accept = walk({}).find((e) => e.type === 'kvm_apic_accept_irq')!;
    // The TX queue's MSI-X entry 2 carries vector 0x22 + 2.
    expect(caption(accept, 'en')).toContain('0x24');
    expect(caption(accept, 'zh')).toContain('0x24');
  });
});
