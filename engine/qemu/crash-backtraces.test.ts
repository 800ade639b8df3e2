/**
 * Seed 000's crash reproduced: QEMU 7.2's guest-notifier setup run under TCG
 * with a vhost-user NIC and MSI-X enabled faults in kvm_virtio_pci_irqfd_use
 * with the seed's backtrace. The same device under TCG with INTx takes the
 * main-loop path, and under KVM the irqfd path.
 *
 * Stand-ins: the vCPU's store down to virtio_net_vhost_status (helper-proxy's
 * virtio_pci_common_write → virtio_set_status) and virtio_pci_notify are small
 * fakes that run the same real frames; the MSI-X table is a fake in most tests
 * and hw/pci/msix.c's model (helper-pci's msix.ts) in one.
 */
import { describe, expect, it } from 'vitest';
import { msiDecode, msiEncode, type MsiMessage } from '../abi/msi';
import { KvmIrqRouting, type KvmVm } from '../kvm/irq-routing';
import { APIC_REGS_SIZE, KvmLapic } from '../kvm/lapic';
import { Arena } from '../mem/arena';
import { eventfdSignal, EventFd } from '../os/eventfd';
import { Process } from '../os/fd-table';
import { ActorContext, type Beat, type Emit, type Gen, type Wait } from '../sched/actor';
import type { FrameId } from '../trace/frames';
import { newKvmState, type Accel } from './accel-kvm';
import { BZ1380703, BZ1410716, seedFramesIn72, withoutAdded72 } from './crash-backtraces';
import { EventNotifier, eventNotifierGetFd, eventNotifierInit } from './event-notifier';
import { MainLoop, mainLoopWait, qemuMainLoop, VIRTIO_NO_VECTOR, type VirtQueueNotifiers } from './guest-notifier';
import {
  PCI_CAP_ID_MSIX,
  PCI_COMMAND,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_MSIX_ENTRY_DATA,
  PCI_MSIX_ENTRY_LOWER_ADDR,
  PCI_MSIX_ENTRY_SIZE,
  PCI_MSIX_ENTRY_UPPER_ADDR,
  PCI_MSIX_ENTRY_VECTOR_CTRL,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_ENABLE,
} from '../abi/pci';
import { msixArenaSize, msixInitExclusiveBar } from './msix';
import { pciBarWrite, pciDefaultWriteConfig, pciFindCapability } from './pci-device';
import { drive, testDevice, vcpu } from './pci-test-util';
import { msixBindingFor, QemuProcess, vhostNetStartGuestNotifiers, vhostVirtqueueMask, type MsixBinding, type VirtioPciIrqfdProxy } from './virtio-pci-irqfd';

/** Run a generator until it returns or blocks; the beats it yielded. */
function run<T>(g: Gen<T>): { beats: Beat[]; ret?: T; blocked?: Wait } {
  const beats: Beat[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { beats, ret: r.value };
    beats.push(r.value);
    if ('wait' in r.value && r.value.wait) return { beats, blocked: r.value };
  }
}
const evs = (beats: Beat[]) => beats.filter((b): b is Emit => 'type' in b && b.type !== undefined);

/** virtio_pci_notify's frame (helper-proxy's block); the fake below stands in for VirtioPciProxy.pciNotify. */
const VIRTIO_PCI_NOTIFY: FrameId = 'virtio_pci_notify';

interface Setup {
  proxy: VirtioPciIrqfdProxy;
  vm: KvmVm;
  queues: VirtQueueNotifiers[];
  vhostCallFds: number[];
  arena: Arena;
}

/**
 * A virtio-net with one queue pair (rx 0, tx 1), vhost back-end `peer`,
 * MSI-X enabled (vectors: config 0, rx 1, tx 2) or not (INTx), under TCG or KVM.
 */
function setup(o: { accel: 'tcg' | 'kvm'; msix: boolean; peer: 'vhost-user' | 'vhost-kernel'; realMsix?: MsixBinding }): Setup {
  const arena = new Arena(new ArrayBuffer(1 << 14));
  let next = 2048; // i32 slots from byte 8192 up, one per kernel object
  const slot = () => next++;
  const lapics = [new KvmLapic(arena, 4096, 0)];
  const capacity = 16;
  const vm: KvmVm = { routing: new KvmIrqRouting(arena, 4096 + APIC_REGS_SIZE, capacity), lapics, x2apicFormat: false };
  const accel: Accel = { kvmState: o.accel === 'kvm' ? newKvmState(vm) : null };
  const qemuProc = new Process(4242, 'qemu-system-x86_64', 25);
  const host = { proc: qemuProc, newEventFd: (label: string) => new EventFd(arena, slot(), label, true) };
  let isr = 0;
  const table: MsiMessage[] = [0, 1, 2].map((v) => msiEncode({ destId: 0, destLogical: false, redirHint: false, vector: 0x22 + v, deliveryMode: 0, level: false, triggerLevel: false }));
  const vectors = o.msix ? [1, 2] : [VIRTIO_NO_VECTOR, VIRTIO_NO_VECTOR];
  const queues: VirtQueueNotifiers[] = [0, 1].map((i) => ({
    index: i,
    vector: () => vectors[i]!,
    guestNotifier: new EventNotifier('call', i),
    hostNotifier: new EventNotifier('kick', i),
    hostNotifierEnabled: true,
  }));
  const masked = [0, 1].map((i) => new EventNotifier('call', i));
  const vhostCallFds = [-1, -1];
  const msix: MsixBinding = {
    enabled: () => o.msix,
    nrVectorsAllocated: () => 3,
    isMasked: () => !o.msix, // MSI-X disabled counts as masked (msix_is_masked)
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
          VIRTIO_PCI_NOTIFY,
          (function* (): Gen {
            // virtio_pci_notify: msix_notify(vector) with MSI-X, else pci_set_irq(isr & 1).
            const level = isr & 1;
            if (ctx.tracing) yield ctx.ev('virtio_pci_notify_irq', { vector, msix: o.msix, level }, o.msix ? 'msix_notify' : 'pci_set_irq');
          })(),
        ),
      useGuestNotifierMask: true,
      // virtio-net's class has guest_notifier_mask; it reaches vhost_virtqueue_mask.
      guestNotifierMask: (ctx, n, mask) => vhostVirtqueueMask(ctx, { index: n, guestNotifier: queues[n]!.guestNotifier, maskedNotifier: masked[n]! }, mask, (fd) => (vhostCallFds[n] = fd)),
      guestNotifierPending: null,
    },
    msix: o.realMsix ?? msix,
    accel,
    loop: new MainLoop(),
    host,
    proc: new QemuProcess(arena, slot()),
    vectorIrqfd: null,
    nvqsWithNotifiers: 0,
  };
  // vhost's masked notifiers exist from vhost_virtqueue_init (event_notifier_init(&vq->masked_notifier, 0)).
  const ctx0 = new ActorContext('init');
  for (const m of masked) run(eventNotifierInit(ctx0, m, false, host));
  return { proxy, vm, queues, vhostCallFds, arena };
}

/** The TCG vCPU thread's store of DRIVER_OK to common_cfg.device_status, down to virtio_net_vhost_status (a stand-in for helper-proxy's code). */
function tcgDriverOk(ctx: ActorContext, s: Setup, peer: 'vhost-user' | 'vhost-kernel'): Gen<number> {
  const chain: FrameId[] = ['mttcg_cpu_thread_fn', 'tcg_cpus_exec', 'cpu_exec', 'cpu_loop_exec_tb', 'cpu_tb_exec', 'memory_region_dispatch_write', 'access_with_adjusted_size', 'memory_region_write_accessor', 'virtio_pci_common_write', 'virtio_set_status', 'virtio_net_set_status', 'virtio_net_vhost_status'];
  let body = vhostNetStartGuestNotifiers(ctx, s.proxy, peer, 2);
  for (const f of [...chain].reverse()) body = ctx.call(f, body);
  return body;
}

describe('TCG + vhost-user + MSI-X: seed 000 segfault', () => {
  it('faults reading proxy->vector_irqfd[1].virq (address 0x28) in kvm_virtio_pci_irqfd_use with the seed backtrace', () => {
    const s = setup({ accel: 'tcg', msix: true, peer: 'vhost-user' });
    const ctx = new ActorContext('CPU 0/TCG');
    const r = run(tcgDriverOk(ctx, s, 'vhost-user'));
    const e = evs(r.beats);
    const setGn = e.find((x) => x.type === 'virtio_pci_set_guest_notifiers')!;
    expect(setGn.f).toMatchObject({ withIrqfd: false, msix: true, useGuestNotifierMask: false, vectorNotifiers: true });
    expect(e.find((x) => x.type === 'virtio_pci_vq_vector_unmask')!.f).toEqual({ queue: 0, vector: 1, path: 'irqfd' });
    const fault = e[e.length - 1]!;
    expect(fault.type).toBe('qemu_segfault');
    const f = fault.f as { frame: string; addr: number; expr: string; backtrace: string[]; version: string };
    expect(f.frame).toBe('kvm_virtio_pci_irqfd_use');
    expect(f.addr).toBe(0x28);
    expect(f.expr).toBe('proxy->vector_irqfd[vector].virq');
    expect(f.version).toBe('7.2.0');
    // Same frames, same order as bug 1410716's gdb bt, modulo 7.2's renames (and its added tcg_cpus_exec).
    expect(withoutAdded72(f.backtrace)).toEqual(seedFramesIn72(BZ1410716));
    expect(f.backtrace).toContain('tcg_cpus_exec');
    // Bug 1380703 (legacy virtio, QEMU 2.3) shares the frames from the fault up to virtio_set_status.
    expect(f.backtrace.slice(0, 10)).toEqual(BZ1380703.frames.slice(0, 10));
    // The process is dead: the vCPU thread never returns, and the main loop stops.
    expect(r.blocked).toMatchObject({ on: 'SIGSEGV' });
    expect(s.proxy.proc.alive).toBe(false);
    const ml = run(qemuMainLoop(new ActorContext('main'), s.proxy.loop, () => !s.proxy.proc.alive));
    expect(evs(ml.beats)).toEqual([]);
    expect(ml.blocked).toBeUndefined();
  });

  it('vhost-kernel on the same TCG + MSI-X guest unmasks through vhost_virtqueue_mask and the main loop carries the call', () => {
    const s = setup({ accel: 'tcg', msix: true, peer: 'vhost-kernel' });
    const ctx = new ActorContext('CPU 0/TCG');
    const r = run(tcgDriverOk(ctx, s, 'vhost-kernel'));
    expect(r.ret).toBe(0);
    expect(s.proxy.proc.alive).toBe(true);
    const unmasks = evs(r.beats).filter((x) => x.type === 'virtio_pci_vq_vector_unmask');
    expect(unmasks.map((x) => x.f)).toEqual([
      { queue: 0, vector: 1, path: 'guest_notifier_mask' },
      { queue: 1, vector: 2, path: 'guest_notifier_mask' },
    ]);
    // The back-end's call fd is the guest notifier again, which the main loop watches.
    expect(s.vhostCallFds).toEqual([eventNotifierGetFd(s.queues[0]!.guestNotifier), eventNotifierGetFd(s.queues[1]!.guestNotifier)]);
    expect(s.proxy.loop.handlerOf(s.vhostCallFds[0]!)).toBe('virtio_queue_guest_notifier_read');
  });
});

/** A PCI function with hw/pci/msix.c's MSI-X (helper-pci's model): 3 vectors in BAR 1, programmed and unmasked by the guest, MSI-X enabled. */
function realMsix(): MsixBinding {
  const { dev, layout } = testDevice();
  expect(msixInitExclusiveBar(dev, layout.take(msixArenaSize(3), 8), 3, 1)).toBe(0);
  const ctx = vcpu();
  drive(ctx, pciDefaultWriteConfig(ctx, dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2));
  for (let v = 0; v < 3; v++) {
    const m = msiEncode({ destId: 0, destLogical: false, redirHint: false, vector: 0x22 + v, deliveryMode: 0, level: false, triggerLevel: false });
    const w = (field: number, val: number) => drive(ctx, pciBarWrite(ctx, dev, 1, v * PCI_MSIX_ENTRY_SIZE + field, val, 4));
    w(PCI_MSIX_ENTRY_LOWER_ADDR, m.addressLo);
    w(PCI_MSIX_ENTRY_UPPER_ADDR, 0);
    w(PCI_MSIX_ENTRY_DATA, m.data);
    w(PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
  }
  drive(ctx, pciDefaultWriteConfig(ctx, dev, pciFindCapability(dev, PCI_CAP_ID_MSIX) + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2));
  return msixBindingFor(dev);
}

describe('with the hw/pci/msix.c model (engine/qemu/msix.ts)', () => {
  it('TCG + vhost-user faults with the same backtrace; KVM binds irqfds whose MSI carries the table entry vector', () => {
    const t = setup({ accel: 'tcg', msix: true, peer: 'vhost-user', realMsix: realMsix() });
    const r = run(tcgDriverOk(new ActorContext('CPU 0/TCG'), t, 'vhost-user'));
    const fault = evs(r.beats).find((x) => x.type === 'qemu_segfault')!;
    expect(withoutAdded72((fault.f as { backtrace: string[] }).backtrace)).toEqual(seedFramesIn72(BZ1410716));
    const k = setup({ accel: 'kvm', msix: true, peer: 'vhost-user', realMsix: realMsix() });
    expect(run(vhostNetStartGuestNotifiers(new ActorContext('CPU 0/KVM'), k.proxy, 'vhost-user', 2)).ret).toBe(0);
    const tx = k.queues[1]!.guestNotifier;
    run(eventfdSignal(new ActorContext('vhost'), tx.efd!, eventNotifierGetFd(tx), 'call'));
    expect(k.vm.lapics[0]!.pendingVectors()).toEqual([0x24]);
  });
});

describe('TCG with INTx (pci=nomsi): the guest notifier goes through QEMU main loop', () => {
  it('call eventfd → main loop → virtio_queue_guest_notifier_read → virtio_irq → virtio_notify_vector → virtio_pci_notify → pci_set_irq(ISR bit 0)', () => {
    const s = setup({ accel: 'tcg', msix: false, peer: 'vhost-user' });
    const r = run(tcgDriverOk(new ActorContext('CPU 0/TCG'), s, 'vhost-user'));
    expect(r.ret).toBe(0);
    expect(evs(r.beats).find((x) => x.type === 'virtio_pci_set_guest_notifiers')!.f).toMatchObject({ withIrqfd: false, msix: false });
    expect(evs(r.beats).some((x) => x.type === 'virtio_pci_vq_vector_unmask')).toBe(false);
    const rxCall = s.queues[0]!.guestNotifier;
    const fd = eventNotifierGetFd(rxCall);
    expect(s.proxy.loop.handlerOf(fd)).toBe('virtio_queue_guest_notifier_read');
    // Nothing ready: one poll, no dispatch.
    const idle = run(mainLoopWait(new ActorContext('main'), s.proxy.loop));
    expect(idle.ret).toBe(0);
    // The back-end signals the call eventfd (no irqfd on its wait queue).
    run(eventfdSignal(new ActorContext('vhost'), rxCall.efd!, fd, 'call'));
    const main = run(mainLoopWait(new ActorContext('main'), s.proxy.loop));
    expect(main.ret).toBe(1);
    const e = evs(main.beats);
    expect(e.map((x) => x.type)).toEqual(['main_loop_poll', 'aio_dispatch_handler', 'guest_notifier_read', 'virtio_irq', 'virtio_pci_notify_irq']);
    expect(e[0]!.f).toMatchObject({ ready: [fd] });
    expect(e[3]!.f).toMatchObject({ queue: 0, vector: VIRTIO_NO_VECTOR, isr: 1 });
    expect(e[4]!.f).toEqual({ vector: VIRTIO_NO_VECTOR, msix: false, level: 1 });
    expect(e[4]!.stack).toEqual([
      'main_loop_wait',
      'os_host_main_loop_wait',
      'glib_pollfds_poll',
      'aio_ctx_dispatch',
      'aio_dispatch',
      'aio_dispatch_handlers',
      'aio_dispatch_handler',
      'virtio_queue_guest_notifier_read',
      'virtio_irq',
      'virtio_notify_vector',
      VIRTIO_PCI_NOTIFY,
      'pci_set_irq',
    ]);
    expect(rxCall.efd!.count()).toBe(0);
  });
});

describe('KVM + MSI-X: the guest notifier is an irqfd', () => {
  it('routes each vector to a GSI, binds the call eventfd with KVM_IRQFD, and a signal sets the MSI data vector in the IRR', () => {
    const s = setup({ accel: 'kvm', msix: true, peer: 'vhost-user' });
    // Under KVM the status write exits through kvm_cpu_exec; the frames above vhost_net_start do not matter here.
    const r = run(vhostNetStartGuestNotifiers(new ActorContext('CPU 0/KVM'), s.proxy, 'vhost-user', 2));
    expect(r.ret).toBe(0);
    const e = evs(r.beats);
    expect(e.find((x) => x.type === 'virtio_pci_set_guest_notifiers')!.f).toMatchObject({ withIrqfd: true, useGuestNotifierMask: false });
    // kvm_irqchip_get_virq: the first GSIs after the PC irqchip's 0-23.
    expect(e.filter((x) => x.type === 'kvm_irqchip_add_msi_route').map((x) => x.f)).toMatchObject([
      { vector: 1, virq: 24 },
      { vector: 2, virq: 25 },
    ]);
    expect(e.filter((x) => x.type === 'kvm_irqchip_assign_irqfd').map((x) => x.f)).toEqual([
      { fd: eventNotifierGetFd(s.queues[0]!.guestNotifier), virq: 24, ret: 0 },
      { fd: eventNotifierGetFd(s.queues[1]!.guestNotifier), virq: 25, ret: 0 },
    ]);
    expect(e.find((x) => x.type === 'kvm_irqchip_assign_irqfd')!.stack.slice(-6)).toEqual([
      'msix_set_notifier_for_vector',
      'virtio_pci_vector_unmask',
      'virtio_pci_vq_vector_unmask',
      'kvm_virtio_pci_irqfd_use',
      'kvm_irqchip_add_irqfd_notifier_gsi',
      'kvm_irqchip_assign_irqfd',
    ]);
    expect(s.vm.routing.entries().map((x) => x.gsi)).toEqual([24, 25]);
    // Not watched by the main loop.
    const rx = s.queues[0]!.guestNotifier;
    expect(s.proxy.loop.handlerOf(eventNotifierGetFd(rx))).toBeNull();
    // The back-end signals rx's call eventfd: irqfd_wakeup → GSI 24 → MSI (vector 0x23 from entry 1's data) → IRR.
    const sig = run(eventfdSignal(new ActorContext('vhost'), rx.efd!, eventNotifierGetFd(rx), 'call', 'vhost_signal'));
    const se = evs(sig.beats);
    expect(se.map((x) => x.type)).toEqual(['eventfd_signal', 'irqfd_wakeup', 'kvm_msi_set_irq', 'kvm_apic_accept_irq']);
    expect(se[2]!.f).toMatchObject({ gsi: 24, vector: msiDecode(s.proxy.msix.getMessage(1)).vector, destId: 0 });
    expect(se[3]!.f).toMatchObject({ apicId: 0, vector: 0x23 });
    expect(s.vm.lapics[0]!.pendingVectors()).toEqual([0x23]);
    // QEMU's main loop saw nothing.
    expect(run(mainLoopWait(new ActorContext('main'), s.proxy.loop)).ret).toBe(0);
  });
});
