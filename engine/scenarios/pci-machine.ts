/**
 * The machine the virtio-pci walkthroughs run on (MSI-X vectors, kick and
 * call): one virtio PCI function as QEMU 7.2 builds it (virtio-net-pci or
 * virtio-balloon-pci), a Linux 6.12 guest that probes it through real
 * register accesses (each one a vCPU exit under KVM, or a TCG helper), KVM's
 * LAPIC and GSI routing table, QEMU's guest notifiers and main loop, and the
 * wiring between them: where a device interrupt goes (INTx through the PIIX3
 * router and the IOAPIC, or an MSI), and what QEMU's DRIVER_OK handling does
 * (virtio_net_set_status → vhost_net_start → virtio_pci_set_guest_notifiers).
 *
 * Everything the views show lives in the arena: guest RAM with the rings, the
 * function's configuration space, BAR registers, MSI-X table and PBA, the
 * LAPIC's IRR/ISR, the routing table, the eventfd counters. The firmware's
 * BAR placement and the guest's x86 vectors are illustrative (SeaBIOS and
 * Linux's vector allocator choose the real ones at boot).
 */
import { msiEncode } from '../abi/msi';
import { PCI_BASE_ADDRESS_0, PCI_BASE_ADDRESS_1, PCI_BASE_ADDRESS_4, PCI_BASE_ADDRESS_5, PCI_COMMAND, PCI_COMMAND_IO, PCI_COMMAND_MEMORY, PCI_INTERRUPT_LINE } from '../abi/pci';
import { VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_PCI_QUEUE_NOTIFY } from '../abi/virtio-pci';
import { KVM_IRQ_ROUTING_MSI } from '../abi/kvm';
import { KvmIrqRouting, kvmSetMsi, kvmApicSetIrq, type KvmVm } from '../kvm/irq-routing';
import { APIC_REGS_SIZE, KvmLapic } from '../kvm/lapic';
import { virtioBalloonDriver, virtioNetDriver, virtioPciProbe, bit, VIRTIO_F, type VirtioProbeResult } from '../linux-guest/virtio-probe';
import { vpHandleIrq, type IrqReturn, type VpDev, type VringHooks } from '../linux-guest/virtio-pci-common';
import { Arena, ArenaLayout, allocBacking } from '../mem/arena';
import { GuestMemory, type MemRegion } from '../mem/guest-memory';
import { EventFd, eventfdSignal } from '../os/eventfd';
import { Process } from '../os/fd-table';
import { newKvmState, type Accel as AccelState } from '../qemu/accel-kvm';
import { EventNotifier, eventNotifierGetFd, eventNotifierInit, eventNotifierTestAndClear, type EventNotifierHost } from '../qemu/event-notifier';
import type { Ioeventfd } from '../kvm/ioeventfd';
import { MainLoop, mainLoopWait, type VirtQueueNotifiers } from '../qemu/guest-notifier';
import { msixBindingFor, QemuProcess, vhostVirtqueueMask, virtioPciSetGuestNotifiers, type VirtioPciIrqfdProxy } from '../qemu/virtio-pci-irqfd';
import { virtioBalloonPci, virtioNetPci, type VirtioDeviceDesc } from '../qemu/virtio-devices';
import { VirtioPciProxy, virtioPciArenaSize } from '../qemu/virtio-pci';
import { vcpuExitAccess, within, type Accel, type BarPlacement } from '../qemu/vcpu-exit';
import type { MSIMessage, PciDevice } from '../qemu/pci-device';
import { ActorContext, type Gen } from '../sched/actor';
import { Counters, COUNTERS_SIZE } from '../trace/counters';
import type { FrameId } from '../trace/frames';

/** The device and how the machine runs it. */
export interface PciMachineConfig {
  device: 'net' | 'balloon';
  /** virtio-net queue pairs (QEMU's queues=). */
  queuePairs: number;
  /** virtio-net's ctrl_vq property: whether VIRTIO_NET_F_CTRL_VQ is offered (QEMU 7.2 creates the queue either way). */
  ctrl: boolean;
  /** The MSI-X table size (QEMU's vectors=); null: QEMU 7.2's default for the device. */
  vectors: number | null;
  /** The guest booted with pci=nomsi. */
  noMsi: boolean;
  accel: Accel;
  /** The netdev behind virtio-net: vhost-net (the kernel) or vhost-user (a user-space process). */
  backend: 'vhost-net' | 'vhost-user';
  /** The guest booted with virtio_pci.force_legacy=1: it drives the function through the legacy I/O BAR. */
  legacy?: boolean;
  /** Arena bytes for host objects the scenario adds (sockets, a user-space back-end's state), laid out by `m.hostLayout`. */
  hostBytes?: number;
}

/** Guest-physical RAM the walkthroughs use (rings only); illustrative, like the BAR addresses below. */
const RAM_GPA = 0x1_0000_0000;
const RAM_SIZE = 0x40000;
const QEMU_RAM_HVA = 0x7f3a_4000_0000;
const QEMU_PID = 4242;
/** Where SeaBIOS put the BARs of 00:03.0 (illustrative: the firmware chooses at boot). */
export const BAR_PLACEMENT: ReadonlyMap<number, BarPlacement> = new Map([
  [0, { base: 0xc040, io: true }],
  [1, { base: 0xfebd_1000, io: false }],
  [4, { base: 0xfe00_0000, io: false }],
]);
/** The INTx line: pin A of slot 3 reaches GSI 11 through the PIIX3 PIRQ router; the IOAPIC gives it a vector. */
export const INTX_GSI = 11;
export const INTX_VECTOR = 0x21;
/** The x86 vector the guest's MSI-X entry `n` carries (Linux's vector allocator picks the real ones). */
export const MSIX_VECTOR_BASE = 0x22;
/** How many Int32 slots the kernel objects (eventfds, process flags, handshakes) may take. */
const SLOTS = 64;

/** The device description for a config (QEMU 7.2's realize). */
export function deviceDesc(c: PciMachineConfig): VirtioDeviceDesc {
  if (c.device === 'balloon') {
    const d = virtioBalloonPci();
    // QEMU 7.2's virtio-balloon-pci has no vectors property (no MSI-X); a table is the reader's what-if.
    return c.vectors === null ? d : { ...d, vectors: c.vectors };
  }
  const d = virtioNetPci({ queuePairs: c.queuePairs, ...(c.vectors === null ? {} : { vectors: c.vectors }) });
  return c.ctrl ? d : { ...d, hostFeatures: d.hostFeatures & ~bit(VIRTIO_F.VIRTIO_NET_F_CTRL_VQ) };
}

/** Arena bytes of the machine. */
export function pciMachineArenaSize(c: PciMachineConfig): number {
  const desc = deviceDesc(c);
  return RAM_SIZE + align(virtioPciArenaSize(desc), 64) + APIC_REGS_SIZE + KvmIrqRouting.size(32) + SLOTS * 4 + COUNTERS_SIZE + 256 + align(c.hostBytes ?? 0, 64);
}

const align = (n: number, a: number) => Math.ceil(n / a) * a;

/** One queue's notifiers as QEMU's VirtQueue holds them, and vhost's current call fd. */
export interface QueueWiring extends VirtQueueNotifiers {
  /** vhost's masked_notifier (vhost_virtqueue_init). */
  masked: EventNotifier;
  /** The fd vhost signals for this queue (VHOST_SET_VRING_CALL's last value), -1 before. */
  callFd: number;
}

/** The built machine: the objects the scenario's actors drive. */
export interface PciMachine {
  config: PciMachineConfig;
  arena: Arena;
  mem: GuestMemory;
  regions: MemRegion[];
  desc: VirtioDeviceDesc;
  proxy: VirtioPciProxy;
  /** The function as the guest vCPU reaches it (through vCPU exits or TCG helpers). */
  access: ReturnType<typeof vcpuExitAccess>;
  vm: KvmVm;
  lapic: KvmLapic;
  accelState: AccelState;
  qemu: Process;
  loop: MainLoop;
  irqfdProxy: VirtioPciIrqfdProxy;
  queues: QueueWiring[];
  counters: Counters;
  /** A new Int32 slot for a handshake or flag. */
  slot(): number;
  /** The arena section for the scenario's own host objects (config.hostBytes). */
  hostLayout: ArenaLayout;
  /** The EventFd behind a QEMU fd number, if it is one. */
  eventfdOf(fd: number): EventFd | undefined;
  /** The guest's probe, run by the vCPU actor (sets `probe` when it returns). */
  probe: VirtioProbeResult | null;
  /** The number of queues QEMU wires notifiers for (virtio-net: the data queues; vhost does not serve the control queue). */
  nvqs: number;
  /** What vhost_net_start does after the guest notifiers (vhost_net_start_one), when the scenario follows it. */
  startBackend: ((ctx: ActorContext) => Gen<void>) | null;
  /** What virtio-net does with the guest's feature write beyond storing it, when the scenario follows it. */
  onFeatures: ((ctx: ActorContext, features: bigint) => Gen<void>) | null;
  /** vring_interrupt's view of the rings (more_used, the driver's callback); by default no queue has used buffers. */
  rings: VringHooks;
}

/**
 * Build the machine. The guest-visible state at the start is what the
 * firmware leaves: BARs placed, nothing enabled yet (the guest's
 * pci_enable_device turns on memory and I/O decoding).
 */
export function buildPciMachine(c: PciMachineConfig, backing: boolean | ArrayBuffer | SharedArrayBuffer): PciMachine {
  const size = pciMachineArenaSize(c);
  const arena = new Arena(typeof backing === 'boolean' ? allocBacking(size, backing) : backing);
  const desc = deviceDesc(c);
  const regions: MemRegion[] = [{ gpa: RAM_GPA, size: RAM_SIZE, hva: QEMU_RAM_HVA, arenaOff: 0, name: 'pc.ram' }];
  const mem = new GuestMemory(arena, regions);
  let at = RAM_SIZE;
  const proxyAt = at;
  at += align(virtioPciArenaSize(desc), 64);
  const lapic = new KvmLapic(arena, at, 0);
  at += APIC_REGS_SIZE;
  const routing = new KvmIrqRouting(arena, at, 32);
  at += KvmIrqRouting.size(32);
  at = align(at, 64);
  const counters = new Counters(arena, at);
  at += COUNTERS_SIZE;
  let nextSlot = align(at, 4) >> 2;
  const lastSlot = nextSlot + SLOTS;
  const hostLayout = new ArenaLayout(align((lastSlot << 2) + 256, 64), size);
  const slot = () => {
    if (nextSlot >= lastSlot) throw new Error('pci-machine: out of kernel-object slots');
    return nextSlot++;
  };

  const vm: KvmVm = { routing, lapics: [lapic], x2apicFormat: false };
  const accelState: AccelState = { kvmState: c.accel === 'kvm' ? newKvmState(vm) : null };
  const qemu = new Process(QEMU_PID, 'qemu-system-x86_64', 25);
  const host: EventNotifierHost = { proc: qemu, newEventFd: (label) => new EventFd(arena, slot(), label, true) };

  // The device's hooks reach the machine, which is built after the device: a reference filled in below.
  const ref: { machine: PciMachine | null } = { machine: null };
  const proxy = new VirtioPciProxy(arena, proxyAt, desc, {
    hooks: {
      onStatus: (ctx, old, next) => onStatus(ctx, ref.machine!, old, next),
      // virtio_net_set_features: what the netdev does with the guest's features (vhost-user: peer_attach → SET_VRING_ENABLE).
      onFeatures: (ctx, features) => (ref.machine!.onFeatures ? ref.machine!.onFeatures(ctx, features) : noCallback()),
    },
    deviceConfig: netConfig(desc, c),
  });
  placeBars(proxy.dev);
  proxy.dev.intxLevel = (ctx, _dev, _pin, level) => intxToGuest(ctx, ref.machine!, level);
  proxy.dev.msiTrigger = (ctx, _dev, msg) => msiToGuest(ctx, ref.machine!, msg);

  // QEMU's VirtQueues: a host notifier (kick) and a guest notifier (call) each, and vhost's masked notifier.
  const nvqs = c.device === 'net' ? 2 * c.queuePairs : desc.queues.length;
  const queues: QueueWiring[] = desc.queues.slice(0, nvqs).map((_, i) => ({
    index: i,
    vector: () => proxy.queue(i).vector,
    guestNotifier: new EventNotifier('call', i),
    hostNotifier: new EventNotifier('kick', i),
    hostNotifierEnabled: true,
    masked: new EventNotifier('call', i, 'masked-call'),
    callFd: -1,
  }));
  const loop = new MainLoop();
  const proc = new QemuProcess(arena, slot());
  const irqfdProxy: VirtioPciIrqfdProxy = {
    vdev: {
      queues,
      isr: () => proxy.isr,
      setIsr: (bits) => proxy.setIsr(bits),
      notify: (ctx, vector) => proxy.pciNotify(ctx, vector),
      useGuestNotifierMask: true,
      // virtio-net's class has guest_notifier_mask (virtio_net_guest_notifier_mask → vhost_net_virtqueue_mask).
      guestNotifierMask: (ctx, n, mask) => vhostVirtqueueMask(ctx, { index: n, guestNotifier: queues[n]!.guestNotifier, maskedNotifier: queues[n]!.masked }, mask, (fd) => (queues[n]!.callFd = fd)),
      // virtio_net_guest_notifier_pending → vhost_net_virtqueue_pending → vhost_virtqueue_pending: test-and-clear the masked notifier.
      guestNotifierPending: (n) => eventNotifierTestAndClear(queues[n]!.masked) !== 0,
    },
    msix: msixBindingFor(proxy.dev),
    accel: accelState,
    loop,
    host,
    proc,
    vectorIrqfd: null,
    nvqsWithNotifiers: 0,
  };

  const machine: PciMachine = {
    config: c,
    arena,
    mem,
    regions,
    desc,
    proxy,
    access: vcpuExitAccess(proxy, c.accel, BAR_PLACEMENT),
    vm,
    lapic,
    accelState,
    qemu,
    loop,
    irqfdProxy,
    queues,
    counters,
    slot,
    hostLayout,
    eventfdOf: (fd) => queues.flatMap((q) => [q.guestNotifier, q.hostNotifier, q.masked]).find((n) => n.initialized && n.rfd === fd)?.efd ?? undefined,
    probe: null,
    nvqs,
    startBackend: null,
    onFeatures: null,
    rings: { moreUsed: () => false },
  };
  ref.machine = machine;
  // vhost_virtqueue_init: each queue's masked notifier exists from vhost_dev_init, before the guest runs (not a walkthrough beat).
  const quiet = new ActorContext('qemu-init', false);
  for (const q of queues) drain(eventNotifierInit(quiet, q.masked, false, host));
  return machine;
}

/** virtio_net_config's max_virtqueue_pairs (offset 8), which virtnet_probe reads with MQ. */
function netConfig(desc: VirtioDeviceDesc, c: PciMachineConfig): Uint8Array | undefined {
  if (c.device !== 'net') return undefined;
  const b = new Uint8Array(desc.configLen);
  b[8] = c.queuePairs;
  return b;
}

/** What SeaBIOS did at boot: BAR addresses and the interrupt line; decoding stays off until the guest's pci_enable_device. */
function placeBars(dev: PciDevice): void {
  const bar = (n: number) => BAR_PLACEMENT.get(n);
  if (dev.bars[0]) dev.setCfg32(PCI_BASE_ADDRESS_0, (bar(0)!.base | 1) >>> 0);
  if (dev.bars[1]) dev.setCfg32(PCI_BASE_ADDRESS_1, bar(1)!.base >>> 0);
  if (dev.bars[4]) {
    dev.setCfg32(PCI_BASE_ADDRESS_4, (bar(4)!.base | (dev.cfg32(PCI_BASE_ADDRESS_4) & 0xf)) >>> 0);
    dev.setCfg32(PCI_BASE_ADDRESS_5, 0);
  }
  dev.setCfg8(PCI_INTERRUPT_LINE, INTX_GSI);
  dev.setCfg16(PCI_COMMAND, dev.cfg16(PCI_COMMAND) & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
}

/** The message Linux's x86 vector domain writes into MSI-X entry `entry`: fixed delivery to APIC 0. */
export function guestMsiMessage(entry: number): { addressLo: number; addressHi: number; data: number } {
  return msiEncode({ destId: 0, destLogical: false, redirHint: false, vector: MSIX_VECTOR_BASE + entry, deliveryMode: 0, level: false, triggerLevel: false });
}

/** The guest's probe of the function with the driver for the device: the vCPU actor's first act. */
export function* guestProbe(ctx: ActorContext, m: PciMachine): Gen<VirtioProbeResult> {
  const r = yield* virtioPciProbe(ctx, {
    pci: m.access,
    barLen: (b) => m.proxy.dev.bars[b]?.size ?? 0,
    hasIntx: true,
    alloc: (bytes, alignTo) => m.mem.alloc(bytes, alignTo, 'vring', 'ring', 'vring'),
    driver: m.config.device === 'net' ? virtioNetDriver : virtioBalloonDriver,
    msiMessage: guestMsiMessage,
    noMsi: m.config.noMsi,
    legacy: m.config.legacy ?? false,
    // The hooks are read when an interrupt arrives, so a scenario may set them after the machine is built.
    rings: { moreUsed: (i) => m.rings.moreUsed(i), callback: (ctx, i, name) => (m.rings.callback ? m.rings.callback(ctx, i, name) : noCallback()) },
  });
  m.probe = r;
  return r;
}

/**
 * k->set_status for virtio-net: virtio_net_set_status → virtio_net_vhost_status;
 * on DRIVER_OK with a vhost back-end, vhost_net_start binds the guest
 * notifiers (and, below it, starts the back-end, which the kick-and-call
 * walkthrough follows). Runs on the vCPU thread, inside the status write's exit.
 */
function* onStatus(ctx: ActorContext, m: PciMachine, old: number, next: number): Gen<void> {
  if (m.config.device !== 'net') return;
  const starting = (next & VIRTIO_CONFIG_S_DRIVER_OK) !== 0 && (old & VIRTIO_CONFIG_S_DRIVER_OK) === 0;
  if (!starting) return;
  yield* ctx.call(
    'virtio_net_set_status',
    ctx.call(
      'virtio_net_vhost_status',
      ctx.call(
        'vhost_net_start',
        (function* (): Gen<void> {
          // "vhost user doesn't interrupt masking/unmasking properly" (hw/net/vhost_net.c): the line behind seed 000's crash.
          if (m.config.backend === 'vhost-user') m.irqfdProxy.vdev.useGuestNotifierMask = false;
          const r = yield* virtioPciSetGuestNotifiers(ctx, m.irqfdProxy, m.nvqs);
          // vhost_net_start_one for each queue pair: host notifiers, then vhost_dev_start (the kick-and-call walkthrough).
          if (r === 0 && m.startBackend) yield* m.startBackend(ctx);
        })(),
      ),
    ),
  );
}

/** A device interrupt on the INTx pin, from QEMU's pci_set_irq to the vCPU's IRR (KVM's in-kernel IOAPIC, or TCG's). */
function* intxToGuest(ctx: ActorContext, m: PciMachine, level: 0 | 1): Gen<void> {
  const qemuSide: FrameId[] = ['pci_irq_handler', 'pci_change_irq_level', 'piix3_set_irq', 'piix3_set_irq_level', 'gsi_handler'];
  const deliver = function* (): Gen<void> {
    if (m.config.accel === 'kvm') {
      // kvm_ioapic_set_irq → kvm_set_irq → KVM_IRQ_LINE; in the host kernel the IOAPIC pin fires on the rising edge of a level.
      yield* ctx.call(
        'kvm_ioapic_set_irq@qemu',
        ctx.call(
          'kvm_set_irq@qemu',
          ctx.call(
            'kvm_vm_ioctl_irq_line',
            ctx.call(
              'kvm_set_irq',
              ctx.call(
                'kvm_ioapic_set_irq',
                ctx.call(
                  'ioapic_set_irq',
                  (function* (): Gen<void> {
                    if (ctx.tracing) yield ctx.ev('intx_line', { gsi: INTX_GSI, level, accel: 'kvm' });
                    if (level) yield* ctx.call('ioapic_service', ctx.call('kvm_irq_delivery_to_apic', kvmApicDeliver(ctx, m, INTX_VECTOR, true)));
                  })(),
                ),
              ),
            ),
          ),
        ),
      );
    } else {
      yield* ctx.call(
        'ioapic_set_irq@qemu',
        (function* (): Gen<void> {
          if (ctx.tracing) yield ctx.ev('intx_line', { gsi: INTX_GSI, level, accel: 'tcg' });
          if (level) yield* ctx.call('ioapic_service@qemu', ctx.call('apic_deliver_irq', ctx.call('apic_bus_deliver', tcgApicSetIrq(ctx, m, INTX_VECTOR, true))));
        })(),
      );
    }
  };
  yield* within(ctx, qemuSide, deliver);
}

/** An MSI written by the device (pci_msi_trigger's store to 0xfeexxxxx): KVM_SIGNAL_MSI under KVM, QEMU's APIC under TCG. */
function* msiToGuest(ctx: ActorContext, m: PciMachine, msg: MSIMessage): Gen<void> {
  if (m.config.accel === 'kvm') {
    yield* ctx.call(
      'kvm_apic_mem_write',
      ctx.call(
        'kvm_send_msi',
        ctx.call(
          'kvm_irqchip_send_msi',
          ctx.call(
            'kvm_vm_ioctl@qemu',
            ctx.call(
              'kvm_vm_ioctl',
              ctx.call(
                'kvm_send_userspace_msi',
                (function* (): Gen<void> {
                  const addressLo = msg.address % 0x1_0000_0000 >>> 0;
                  const addressHi = Math.floor(msg.address / 0x1_0000_0000) >>> 0;
                  // kvm_send_userspace_msi builds a one-off MSI route entry and calls kvm_set_msi with it.
                  yield* kvmSetMsi(ctx, m.vm, { gsi: -1, type: KVM_IRQ_ROUTING_MSI, flags: 0, msi: { addressLo, addressHi, data: msg.data >>> 0, devid: 0 } });
                })(),
              ),
            ),
          ),
        ),
      ),
    );
  } else {
    yield* ctx.call('apic_mem_write', ctx.call('apic_send_msi', ctx.call('apic_deliver_irq', ctx.call('apic_bus_deliver', tcgApicSetIrq(ctx, m, msg.data & 0xff, false)))));
  }
}

/** KVM accepting a fixed interrupt into the vCPU's IRR (the IOAPIC's delivery). */
function* kvmApicDeliver(ctx: ActorContext, m: PciMachine, vector: number, level: boolean): Gen<void> {
  yield* ctx.call(
    'kvm_apic_set_irq',
    (function* (): Gen<void> {
      yield* kvmApicSetIrq(ctx, m.lapic, vector, level);
    })(),
  );
}

/** TCG: QEMU's own APIC sets the vector in its IRR and raises CPU_INTERRUPT_HARD (the same register page here). */
function* tcgApicSetIrq(ctx: ActorContext, m: PciMachine, vector: number, level: boolean): Gen<void> {
  yield* ctx.call(
    'apic_set_irq@qemu',
    (function* (): Gen<void> {
      const coalesced = m.lapic.setIrr(vector);
      if (ctx.tracing) yield ctx.ev('tcg_apic_set_irq', { vector, level, coalesced });
    })(),
  );
}


/** The guest vCPU takes one pending interrupt: the highest IRR vector, its handler, EOI. Returns the vector, or -1 with nothing pending. */
export function* guestTakeInterrupt(ctx: ActorContext, m: PciMachine, vp: VpDev): Gen<{ vector: number; ret: IrqReturn } | null> {
  const vector = m.lapic.ackInterrupt();
  if (vector < 0) return null;
  // Linux's vector_irq[] maps the CPU vector back to the IRQ; for MSI-X that IRQ is table entry (vector - base).
  const entry = vector === INTX_VECTOR ? null : vector - MSIX_VECTOR_BASE;
  if (ctx.tracing) yield ctx.ev('guest_irq_entry', { vector, entry }, 'common_interrupt');
  const ret = yield* vpHandleIrq(ctx, vp, entry);
  m.lapic.eoi(vector);
  if (ctx.tracing) yield ctx.ev('guest_irq_done', { vector, ret }, 'common_interrupt');
  return { vector, ret };
}


/** Run set-up code to its end (it must not block). */
function drain<T>(g: Gen<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    if (r.value.wait) throw new Error('pci-machine: set-up code blocked');
  }
}

function* noCallback(): Gen<void> {}

/** The guest vCPU halts (HLT → kvm_vcpu_halt) until the LAPIC has a vector pending; the walkthroughs' vectors (INTx's and MSI-X's) share one IRR word. */
export function* guestHalt(ctx: ActorContext, m: PciMachine): Gen {
  const word = m.lapic.irrSlot(INTX_VECTOR);
  if (m.arena.aLoad(word) !== 0) return;
  if (ctx.tracing) yield ctx.ev('guest_halt', { waitingFor: 'interrupt' }, 'default_idle');
  yield ctx.wait(word, 0, 'interrupt');
}

/** What a queue's call eventfd is bound to now: KVM's irqfd, QEMU's main loop (the guest notifier), or vhost's masked notifier. */
function callTarget(m: PciMachine, q: QueueWiring): { efd: EventFd | undefined; to: 'irqfd' | 'guest-notifier' | 'masked-notifier' | 'none' } {
  const efd = q.callFd < 0 ? undefined : m.eventfdOf(q.callFd);
  if (!efd) return { efd, to: 'none' };
  if (q.masked.initialized && q.callFd === q.masked.rfd) return { efd, to: 'masked-notifier' };
  return { efd, to: efd.waiters.some((w) => w.func === 'irqfd_wakeup') ? 'irqfd' : 'guest-notifier' };
}

/** vhost_signal: write the queue's call eventfd (whatever VHOST_SET_VRING_CALL last gave vhost). */
export function* vhostSignalCall(ctx: ActorContext, m: PciMachine, q: QueueWiring): Gen {
  yield* ctx.call(
    'vhost_signal',
    (function* (): Gen {
      const t = callTarget(m, q);
      if (ctx.tracing) yield ctx.ev('vhost_signal_call', { queue: q.index, fd: q.callFd, to: t.to });
      if (t.efd) yield* eventfdSignal(ctx, t.efd, q.callFd, 'call');
    })(),
  );
}

/** The main loop's poll: each watched guest notifier wakes it (eventfd's wait queue → pollwake), as QEMU's ppoll would be. */
export function watchForPoll(m: PciMachine, pollSlot: number): void {
  for (const fd of m.loop.fds()) {
    const efd = m.eventfdOf(fd);
    if (!efd || efd.waiters.some((w) => w.func === 'pollwake')) continue;
    efd.addWaitQueue({
      func: 'pollwake',
      wake: function* () {
        m.arena.aAdd(pollSlot, 1);
        m.arena.aNotify(pollSlot);
      },
    });
  }
}

/** QEMU's main thread: main_loop_wait until nothing is ready, sleeping in the poll between rounds. */
export function* serveMainLoop(ctx: ActorContext, m: PciMachine, pollSlot: number): Gen {
  yield* ctx.call(
    'qemu_main_loop',
    (function* (): Gen {
      for (;;) {
        yield ctx.safe();
        const seen = m.arena.aLoad(pollSlot);
        const ran = yield* mainLoopWait(ctx, m.loop);
        if (ran) continue;
        if (!m.loop.fds().length) return;
        yield ctx.wait(pollSlot, seen, 'qemu_poll_ns');
      }
    })(),
  );
}

/**
 * virtio_pci_ioeventfd_assign: the doorbell's eventfd goes to KVM (KVM_IOEVENTFD) or into the memory region's list (TCG),
 * for the modern notify region and, on a transitional device, for the legacy port too (BAR 0 + 16, datamatch = queue index).
 */
export function* assignHostNotifier(ctx: ActorContext, m: PciMachine, q: QueueWiring, ioeventfds: Ioeventfd[]): Gen<void> {
  yield* ctx.call(
    'virtio_bus_set_host_notifier',
    (function* (): Gen<void> {
      yield* eventNotifierInit(ctx, q.hostNotifier, true, m.irqfdProxy.host);
      const fd = eventNotifierGetFd(q.hostNotifier);
      const kvm = m.config.accel === 'kvm';
      const doorbells: Array<{ addr: number; pio?: { datamatch: number } }> = [{ addr: (BAR_PLACEMENT.get(4)?.base ?? 0) + m.proxy.notifyOffset(q.index) }];
      if (m.proxy.transitional) doorbells.push({ addr: (BAR_PLACEMENT.get(0)?.base ?? 0) + VIRTIO_PCI_QUEUE_NOTIFY, pio: { datamatch: q.index } });
      yield* ctx.call(
        'virtio_pci_ioeventfd_assign',
        (function* (): Gen<void> {
          for (const d of doorbells) {
            const frames = kvm ? (d.pio ? (['memory_region_add_eventfd', 'kvm_io_ioeventfd_add', 'kvm_set_ioeventfd_pio'] as const) : (['memory_region_add_eventfd', 'kvm_mem_ioeventfd_add', 'kvm_set_ioeventfd_mmio'] as const)) : (['memory_region_add_eventfd'] as const);
            yield* within(ctx, frames, function* (): Gen<void> {
              if (ctx.tracing) yield ctx.ev('host_notifier_assign', { queue: q.index, fd, addr: d.addr, via: kvm ? 'KVM_IOEVENTFD' : 'memory_region_ioeventfd', ...(d.pio ? { pio: d.pio } : {}) });
              if (kvm) ioeventfds.push({ addr: d.addr, efd: q.hostNotifier.efd!, fd, ...(d.pio ? { pio: d.pio } : {}) });
            });
          }
        })(),
      );
      // event_notifier_init(…, 1) starts signalled so a kick that came before is not lost; virtio_bus_set_host_notifier clears it
      // by handing it over, and vhost's first pass will find the ring as it is.
      q.hostNotifier.efd!.read();
    })(),
  );
}
