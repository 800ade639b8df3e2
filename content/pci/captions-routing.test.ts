/**
 * The routing / notifier captions on real beats: QEMU 7.2's guest-notifier
 * setup for a virtio-net with a vhost back-end (engine/qemu/virtio-pci-irqfd.ts),
 * built the way engine/qemu/crash-backtraces.test.ts builds it, run under TCG
 * with MSI-X (seed 000's segfault, and the vhost-kernel path that survives),
 * under TCG with INTx (the main-loop path), and under KVM (irqfd), followed by
 * a signal of a call eventfd. Every beat must caption cleanly in both
 * languages and describe itself in one line.
 */
import { describe, expect, it } from 'vitest';
import { msiEncode, type MsiMessage } from '@/engine/abi/msi';
import { KvmIrqRouting, type KvmVm } from '@/engine/kvm/irq-routing';
import { APIC_REGS_SIZE, KvmLapic } from '@/engine/kvm/lapic';
import { Arena } from '@/engine/mem/arena';
import { eventfdSignal, EventFd } from '@/engine/os/eventfd';
import { Process } from '@/engine/os/fd-table';
import { newKvmState, type Accel } from '@/engine/qemu/accel-kvm';
import { EventNotifier, eventNotifierGetFd, eventNotifierInit } from '@/engine/qemu/event-notifier';
import { MainLoop, mainLoopWait, VIRTIO_NO_VECTOR, type VirtQueueNotifiers } from '@/engine/qemu/guest-notifier';
import { QemuProcess, vhostNetStartGuestNotifiers, vhostVirtqueueMask, type MsixBinding, type VirtioPciIrqfdProxy } from '@/engine/qemu/virtio-pci-irqfd';
import { ActorContext, type Beat, type Emit, type Gen } from '@/engine/sched/actor';
import { EVENT_INFO, type EventType, type TraceEvent } from '@/engine/trace/events';
import { describe as describeEvent } from '@/engine/trace/format';
import type { CaptionFor } from '../caption-types';
import { CAPTIONS } from '../captions';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'null', 'Infinity'];

/** Run until the generator returns or blocks; the events it emitted, with the thread that ran it. */
function run<T>(ctx: ActorContext, g: Gen<T>, into: Array<{ e: Emit; actor: string }>): void {
  for (;;) {
    const r = g.next();
    if (r.done) return;
    const b: Beat = r.value;
    if (b.wait) return;
    if (!b.safe) into.push({ e: b, actor: ctx.id });
  }
}

/** A virtio-net with one queue pair (vectors: config 0, rx 1, tx 2, or none with INTx). */
function setup(o: { accel: 'tcg' | 'kvm'; msix: boolean }, out: Array<{ e: Emit; actor: string }>) {
  const arena = new Arena(new ArrayBuffer(1 << 14));
  let next = 2048;
  const slot = () => next++;
  const vm: KvmVm = { routing: new KvmIrqRouting(arena, 4096 + APIC_REGS_SIZE, 16), lapics: [new KvmLapic(arena, 4096, 0)], x2apicFormat: false };
  const accel: Accel = { kvmState: o.accel === 'kvm' ? newKvmState(vm) : null };
  const host = { proc: new Process(4242, 'qemu-system-x86_64', 25), newEventFd: (label: string) => new EventFd(arena, slot(), label, true) };
  let isr = 0;
  const table: MsiMessage[] = [0, 1, 2].map((v) => msiEncode({ destId: 0, destLogical: false, redirHint: false, vector: 0x22 + v, deliveryMode: 0, level: false, triggerLevel: false }));
  const vectors = o.msix ? [1, 2] : [VIRTIO_NO_VECTOR, VIRTIO_NO_VECTOR];
  const queues: VirtQueueNotifiers[] = [0, 1].map((i) => ({ index: i, vector: () => vectors[i]!, guestNotifier: new EventNotifier('call', i), hostNotifier: new EventNotifier('kick', i), hostNotifierEnabled: true }));
  const masked = [0, 1].map((i) => new EventNotifier('call', i));
  const msix: MsixBinding = {
    enabled: () => o.msix,
    nrVectorsAllocated: () => 3,
    isMasked: () => !o.msix,
    getMessage: (v) => table[v]!,
    setVectorNotifiers: (ctx, n) =>
      ctx.call(
        'msix_set_vector_notifiers',
        (function* (): Gen<number> {
          if (o.msix) {
            for (let v = 0; v < 3; v++) {
              const ret = yield* ctx.call('msix_set_notifier_for_vector', n.use(ctx, v, table[v]!));
              if (ret < 0) return ret;
            }
          }
          yield* n.poll(ctx, 0, 3);
          return 0;
        })(),
      ),
    unsetVectorNotifiers: function* () {},
    setPending: function* () {},
  };
  const proxy: VirtioPciIrqfdProxy = {
    vdev: {
      queues,
      isr: () => isr,
      setIsr: (b) => {
        isr |= b;
      },
      notify: (ctx, vector) =>
        ctx.call(
          'virtio_pci_notify',
          (function* (): Gen {
            if (ctx.tracing) yield ctx.ev('virtio_pci_notify_irq', { vector, msix: o.msix, level: isr & 1 }, o.msix ? 'msix_notify' : 'pci_set_irq');
          })(),
        ),
      useGuestNotifierMask: true,
      guestNotifierMask: (ctx, n, mask) => vhostVirtqueueMask(ctx, { index: n, guestNotifier: queues[n]!.guestNotifier, maskedNotifier: masked[n]! }, mask, () => {}),
      guestNotifierPending: null,
    },
    msix,
    accel,
    loop: new MainLoop(),
    host,
    proc: new QemuProcess(arena, slot()),
    vectorIrqfd: null,
    nvqsWithNotifiers: 0,
  };
  const init = new ActorContext('init');
  for (const m of masked) run(init, eventNotifierInit(init, m, false, host), out);
  return { proxy, queues };
}

/** One walk: set up the notifiers, then the back-end calls on rx (queue 0) and QEMU's main loop runs once. */
function walk(accel: 'tcg' | 'kvm', msix: boolean, peer: 'vhost-user' | 'vhost-kernel'): Array<{ e: Emit; actor: string }> {
  const out: Array<{ e: Emit; actor: string }> = [];
  const s = setup({ accel, msix }, out);
  const cpu = new ActorContext(accel === 'tcg' ? 'CPU 0/TCG' : 'CPU 0/KVM');
  run(cpu, vhostNetStartGuestNotifiers(cpu, s.proxy, peer, 2), out);
  if (!s.proxy.proc.alive) return out;
  const main = new ActorContext('main');
  run(main, mainLoopWait(main, s.proxy.loop), out);
  const rx = s.queues[0]!.guestNotifier;
  const vhost = new ActorContext('vhost');
  run(vhost, eventfdSignal(vhost, rx.efd!, eventNotifierGetFd(rx), 'call'), out);
  run(main, mainLoopWait(main, s.proxy.loop), out);
  return out;
}

function caption(x: { e: Emit; actor: string }, lang: 'en' | 'zh'): string {
  return (CAPTIONS[x.e.type] as unknown as CaptionFor<EventType>)[lang](x.e.f as never, { actor: x.actor, stack: x.e.stack });
}

const WALKS: Array<[string, 'tcg' | 'kvm', boolean, 'vhost-user' | 'vhost-kernel']> = [
  ['TCG + MSI-X + vhost-user (seed 000 segfault)', 'tcg', true, 'vhost-user'],
  ['TCG + MSI-X + vhost-kernel', 'tcg', true, 'vhost-kernel'],
  ['TCG + INTx + vhost-user (main loop)', 'tcg', false, 'vhost-user'],
  ['KVM + MSI-X + vhost-user (irqfd)', 'kvm', true, 'vhost-user'],
];

describe('captions of the notifier and routing beats QEMU and KVM emit', () => {
  it.each(WALKS)('%s', (_name, accel, msix, peer) => {
    const events = walk(accel, msix, peer);
    expect(events.length).toBeGreaterThan(3);
    for (const x of events) {
      const en = caption(x, 'en');
      const zh = caption(x, 'zh');
      for (const [lang, text] of [['en', en], ['zh', zh]] as const) {
        expect(text.trim().length, `${x.e.type} ${lang}`).toBeGreaterThan(10);
        for (const bad of BAD) expect(text, `${x.e.type} ${lang}: ${text}`).not.toContain(bad);
      }
      expect(zh, x.e.type).toMatch(CJK);
      const line = describeEvent({ seq: 0, actor: x.actor, type: x.e.type, f: x.e.f, stack: x.e.stack, doc: EVENT_INFO[x.e.type].doc } as TraceEvent);
      expect(line.trim().length, x.e.type).toBeGreaterThan(0);
    }
  });

  it('the TCG + vhost-user walk ends in the segfault, captioned with the faulting address', () => {
    const events = walk('tcg', true, 'vhost-user');
    const last = events[events.length - 1]!;
    expect(last.e.type).toBe('qemu_segfault');
    expect(caption(last, 'en')).toContain('0x28');
    expect(caption(last, 'zh')).toContain('0x28');
  });

  it('under KVM the call reaches the LAPIC: the IRR caption names the vector the MSI data carries', () => {
    const events = walk('kvm', true, 'vhost-user');
    const accept = events.find((x) => x.e.type === 'kvm_apic_accept_irq')!;
    expect(caption(accept, 'en')).toContain('0x23');
    expect(caption(accept, 'zh')).toContain('0x23');
  });
});
