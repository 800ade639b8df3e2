/**
 * The captions on real beats: the Linux guest's virtio-pci probe run against
 * QEMU 7.2's model of the function (as engine/linux-guest/virtio-probe-proxy.test.ts
 * does), for a per-queue MSI-X device, a vectors=2 one (shared vector), a
 * vectors=1 one (INTx) and virtio-balloon (no MSI-X). Every beat it emits,
 * with its own stack, must caption cleanly in both languages and describe
 * itself in one line.
 */
import { describe, expect, it } from 'vitest';
import { virtioBalloonDriver, virtioNetDriver, virtioPciProbe, type VirtioDriverSpec } from '@/engine/linux-guest/virtio-probe';
import { Arena } from '@/engine/mem/arena';
import { virtioBalloonPci, virtioNetPci, type VirtioDeviceDesc } from '@/engine/qemu/virtio-devices';
import { VirtioPciProxy, virtioPciArenaSize } from '@/engine/qemu/virtio-pci';
import { ActorContext, type Emit } from '@/engine/sched/actor';
import { EVENT_INFO, type EventType, type TraceEvent } from '@/engine/trace/events';
import { describe as describeEvent } from '@/engine/trace/format';
import type { CaptionCtx, CaptionFor } from '../caption-types';
import { CAPTIONS } from '../captions';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];

/** Run the probe to its end and keep the events (the probe never blocks). */
function probeEvents(desc: VirtioDeviceDesc, driver: VirtioDriverSpec): Emit[] {
  const config = new Uint8Array(10);
  config[8] = desc.queues.length >> 1; // virtio_net_config.max_virtqueue_pairs
  const arena = new Arena(new ArrayBuffer(virtioPciArenaSize(desc) + 64));
  const proxy = new VirtioPciProxy(arena, 0, desc, { deviceConfig: config });
  let next = 0x100000;
  const alloc = (bytes: number, align: number) => {
    next = Math.ceil(next / align) * align;
    const at = next;
    next += bytes;
    return at;
  };
  const msiMessage = (entry: number) => ({ addressLo: 0xfee00000, addressHi: 0, data: 0x40 + entry });
  const g = virtioPciProbe(new ActorContext('vcpu0'), { pci: proxy, barLen: (b) => proxy.dev.bars[b]?.size ?? 0, hasIntx: true, alloc, driver, msiMessage });
  const events: Emit[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return events;
    if (r.value.wait) throw new Error('the probe does not block');
    if (!r.value.safe) events.push(r.value);
  }
}

function caption(e: Emit, lang: 'en' | 'zh'): string {
  const c: CaptionCtx = { actor: 'vcpu0', stack: e.stack };
  return (CAPTIONS[e.type] as unknown as CaptionFor<EventType>)[lang](e.f as never, c);
}

const CASES: Array<[string, VirtioDeviceDesc, VirtioDriverSpec]> = [
  ['virtio-net-pci, default vectors', virtioNetPci(), virtioNetDriver],
  ['virtio-net-pci vectors=2 (shared)', virtioNetPci({ vectors: 2 }), virtioNetDriver],
  ['virtio-net-pci vectors=1 (INTx)', virtioNetPci({ vectors: 1 }), virtioNetDriver],
  ['virtio-balloon-pci (no MSI-X)', virtioBalloonPci(), virtioBalloonDriver],
];

describe('captions of the beats a real probe emits', () => {
  it.each(CASES)('%s', (_name, desc, driver) => {
    const events = probeEvents(desc, driver);
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) {
      const en = caption(e, 'en');
      const zh = caption(e, 'zh');
      for (const [lang, text] of [['en', en], ['zh', zh]] as const) {
        expect(text.trim().length, `${e.type} ${lang}`).toBeGreaterThan(10);
        for (const bad of BAD) expect(text, `${e.type} ${lang}: ${text}`).not.toContain(bad);
      }
      expect(zh, e.type).toMatch(CJK);
      const line = describeEvent({ seq: 0, actor: 'vcpu0', type: e.type, f: e.f, stack: e.stack, doc: EVENT_INFO[e.type].doc } as TraceEvent);
      expect(line.trim().length, e.type).toBeGreaterThan(0);
    }
  });

  it('the failing tries and the fallback show up in the shared-vector case, with their errno', () => {
    const events = probeEvents(virtioNetPci({ vectors: 2 }), virtioNetDriver);
    const fallbacks = events.filter((e) => e.type === 'vp_find_vqs_fallback');
    expect(fallbacks.length).toBeGreaterThan(0);
    for (const e of fallbacks) {
      const f = e.f as { errno: string };
      expect(caption(e, 'en')).toContain(`-${f.errno}`);
      expect(caption(e, 'zh')).toContain(`-${f.errno}`);
    }
  });

  it('request_irq writing a vector\'s entry is told apart from the initial masking', () => {
    const events = probeEvents(virtioNetPci(), virtioNetDriver);
    const ctrl = events.filter((e) => e.type === 'msix_table_write' && (e.f as { field: string }).field === 'vector_ctrl');
    expect(ctrl.some((e) => caption(e, 'en').includes('msix_capability_init masks every entry'))).toBe(true);
    expect(ctrl.some((e) => caption(e, 'en').includes('request_irq is starting this vector'))).toBe(true);
  });
});
