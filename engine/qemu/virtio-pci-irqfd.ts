/**
 * How virtio-pci (hw/virtio/virtio-pci.c, QEMU 7.2) connects a queue's guest
 * notifier (the call eventfd a vhost back-end signals) to the guest:
 *
 * - virtio_pci_set_guest_notifiers computes with_irqfd = msix_enabled() &&
 *   kvm_msi_via_irqfd_enabled(). For each queue virtio_pci_set_guest_notifier
 *   creates the eventfd and, when !with_irqfd, gives it to QEMU's main loop
 *   (guest-notifier.ts). With irqfd it allocates proxy->vector_irqfd and
 *   kvm_virtio_pci_vector_use adds a GSI route per vector in use
 *   (kvm_virtio_pci_vq_vector_use) and, if the device can mask its notifier
 *   itself (vdev->use_guest_notifier_mask && guest_notifier_mask), binds the
 *   irqfd at once (kvm_virtio_pci_irqfd_use).
 * - Then, if with_irqfd OR the device class has guest_notifier_mask, it
 *   installs the MSI-X vector notifiers virtio_pci_vector_unmask / _mask /
 *   _poll; msix_set_vector_notifiers calls unmask for every unmasked vector.
 * - virtio_pci_vq_vector_unmask updates the route if proxy->vector_irqfd
 *   exists, then either unmasks through the device (guest_notifier_mask →
 *   vhost_virtqueue_mask: the back-end's call fd back to the guest notifier)
 *   or, when the device does not use notifier masking, binds the irqfd now.
 *
 * Why TCG + vhost-user crashes (seed 000, Red Hat bugs 1380703 and 1410716):
 * vhost_net_start sets vdev->use_guest_notifier_mask = false for a vhost-user
 * peer (hw/net/vhost_net.c, still in 7.2). virtio-net's class has
 * guest_notifier_mask, so even with with_irqfd false (TCG: no KVM) the
 * vector notifiers are installed; the guest has MSI-X enabled, so vector 1
 * (queue 0's) is unmasked → virtio_pci_vq_vector_unmask skips the route
 * update (vector_irqfd is NULL) but takes the else branch →
 * kvm_virtio_pci_irqfd_use, which evaluates `proxy->vector_irqfd[vector].virq`
 * to pass to kvm_irqchip_add_irqfd_notifier_gsi: a load from
 * NULL + vector * sizeof(VirtIOIRQFD) + offsetof(virq) = 1 * 24 + 16 = 0x28.
 * That load is the SIGSEGV in frame #0; kvm_state (also NULL under TCG) is
 * never reached. QEMU 2.7 (bug 1410716) has the same branches (fault at
 * virtio-pci.c:735, the unmask's else branch at :860). The qemu-kvm-rhev
 * 2.3.0 of bug 1380703 must carry use_guest_notifier_mask as a backport: in
 * an older upstream copy (stored, read for this) the unmask tested only
 * k->guest_notifier_mask, which would have taken the vhost mask path instead.
 * With vhost-kernel (use_guest_notifier_mask stays true) the unmask takes the
 * guest_notifier_mask branch and nothing faults. (The config-interrupt series
 * renames the helper virtio_pci_one_vector_unmask; it was reverted before 7.2,
 * which calls it virtio_pci_vq_vector_unmask, and came back later.)
 */
import type { MsiMessage } from '../abi/msi';
import type { Arena } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import { FRAMES, frameName, type FrameId } from '../trace/frames';
import {
  kvmIrqchipAddIrqfdNotifierGsi,
  kvmIrqchipAddMsiRoute,
  kvmIrqchipCommitRouteChanges,
  kvmIrqchipCommitRoutes,
  kvmIrqchipUpdateMsiRoute,
  kvmMsiViaIrqfdEnabled,
  type Accel,
} from './accel-kvm';
import { eventNotifierGetFd, eventNotifierInit, eventNotifierSetWake, eventNotifierTestAndClear, type EventNotifier, type EventNotifierHost } from './event-notifier';
import { virtioQueueSetGuestNotifierFdHandler, type MainLoop, type VirtIODeviceNotify, type VirtQueueNotifiers } from './guest-notifier';
import { msixEnabled, msixGetMessage, msixIsMasked, msixNrVectorsAllocated, msixSetPending, msixSetVectorNotifiers, msixUnsetVectorNotifiers } from './msix';
import type { MSIMessage, PciDevice } from './pci-device';

/** struct VirtIOIRQFD (include/hw/virtio/virtio-pci.h): MSIMessage msg (16 bytes with padding), int virq @16, unsigned users @20. */
export const VIRTIO_IRQFD_SIZEOF = 24;
export const VIRTIO_IRQFD_VIRQ_OFFSET = 16;

/** One vector's irqfd state (proxy->vector_irqfd[vector]). */
export interface VirtIOIRQFD {
  /** Never written by QEMU 7.2 (so every unmask rewrites the route); kept for fidelity. */
  msg: MsiMessage;
  virq: number;
  users: number;
}

/**
 * The MSI-X functions this file needs (hw/pci/msix.c). Written against this
 * small interface so the file does not depend on the PCIDevice model;
 * helper-pci's engine/qemu/msix.ts provides them (msixEnabled,
 * msixNrVectorsAllocated, msixIsMasked, msixGetMessage,
 * msixSetVectorNotifiers, msixUnsetVectorNotifiers, msixSetPending), with
 * MSIMessage {address, data} ↔ {addressLo, addressHi, data}.
 */
export interface MsixBinding {
  enabled(): boolean;
  nrVectorsAllocated(): number;
  isMasked(vector: number): boolean;
  getMessage(vector: number): MsiMessage;
  setVectorNotifiers(ctx: ActorContext, n: VectorNotifiers): Gen<number>;
  unsetVectorNotifiers(ctx: ActorContext): Gen;
  setPending(ctx: ActorContext, vector: number): Gen;
}

/** QEMU's MSIMessage (64-bit address) as the lo/hi/data triple KVM's routes carry. */
export function msiMessageOf(m: MSIMessage): MsiMessage {
  return { addressLo: m.address % 0x1_0000_0000 >>> 0, addressHi: Math.floor(m.address / 0x1_0000_0000) >>> 0, data: m.data >>> 0 };
}

/** The MsixBinding of a PCI function whose MSI-X is hw/pci/msix.c's model (engine/qemu/msix.ts). */
export function msixBindingFor(dev: PciDevice): MsixBinding {
  return {
    enabled: () => msixEnabled(dev),
    nrVectorsAllocated: () => msixNrVectorsAllocated(dev),
    isMasked: (v) => msixIsMasked(dev, v),
    getMessage: (v) => msiMessageOf(msixGetMessage(dev, v)),
    setVectorNotifiers: (ctx, n) =>
      msixSetVectorNotifiers(ctx, dev, {
        use: (c, _d, vector, msg) => n.use(c, vector, msiMessageOf(msg)),
        release: (c, _d, vector) => n.release(c, vector),
        poll: (c, _d, start, end) => n.poll(c, start, end),
      }),
    unsetVectorNotifiers: (ctx) => msixUnsetVectorNotifiers(ctx, dev),
    setPending: (ctx, v) => msixSetPending(ctx, dev, v),
  };
}

/** The three callbacks msix_set_vector_notifiers installs. */
export interface VectorNotifiers {
  use: (ctx: ActorContext, vector: number, msg: MsiMessage) => Gen<number>;
  release: (ctx: ActorContext, vector: number) => Gen;
  poll: (ctx: ActorContext, start: number, end: number) => Gen;
}

/** The VirtIODevice as the guest-notifier code sees it. */
export interface VirtIODeviceIrqfd extends VirtIODeviceNotify {
  /** The device's queues (those with num > 0 come first; the loops stop at the first num == 0). */
  queues: VirtQueueNotifiers[];
  /** vdev->use_guest_notifier_mask: true by default, false once vhost_net_start saw a vhost-user peer. */
  useGuestNotifierMask: boolean;
  /** vdc->guest_notifier_mask (virtio-net: virtio_net_guest_notifier_mask), or null. */
  guestNotifierMask: ((ctx: ActorContext, n: number, mask: boolean) => Gen) | null;
  /** vdc->guest_notifier_pending (virtio-net: the vhost masked notifier's state), or null. */
  guestNotifierPending: ((n: number) => boolean) | null;
}

/**
 * QEMU's process state: the whole process dies on a fault. One arena slot:
 * 1 running, 11 (SIGSEGV) after the fault; every QEMU thread stops there.
 */
export class QemuProcess {
  constructor(
    readonly arena: Arena,
    readonly slot: number,
    readonly version = '7.2.0',
  ) {
    arena.aStore(slot, 1);
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.arena.aLoad(this.slot) === 1;
  }
}

/** The signal number a NULL dereference delivers. */
export const SIGSEGV = 11;

/**
 * The process takes SIGSEGV: one qemu_segfault beat with the faulting frame,
 * the expression, the address and the backtrace innermost first (as gdb's
 * `bt` prints it), then the thread blocks for good on the process slot (and
 * the others see `alive` false and stop).
 */
export function* qemuSegfault(ctx: ActorContext, proc: QemuProcess, expr: string, addr: number): Gen<never> {
  proc.arena.aStore(proc.slot, SIGSEGV);
  proc.arena.aNotify(proc.slot);
  // gdb on QEMU sees only QEMU's own frames: the guest code that made the vCPU exit is not on this stack.
  const backtrace = ctx.stack.filter((f: FrameId) => FRAMES[f].space === 'host-user').map((f: FrameId) => frameName(f)).reverse();
  if (ctx.tracing) yield ctx.ev('qemu_segfault', { frame: backtrace[0] ?? '??', expr, addr, backtrace, version: proc.version });
  for (;;) yield ctx.wait(proc.slot, SIGSEGV, 'SIGSEGV');
}

/** VirtIOPCIProxy, the fields this path reads and writes. */
export interface VirtioPciIrqfdProxy {
  vdev: VirtIODeviceIrqfd;
  msix: MsixBinding;
  accel: Accel;
  loop: MainLoop;
  host: EventNotifierHost;
  proc: QemuProcess;
  /** proxy->vector_irqfd: allocated only with irqfd (KVM + MSI-X); NULL under TCG. */
  vectorIrqfd: VirtIOIRQFD[] | null;
  nvqsWithNotifiers: number;
}

/** The queues the loops visit: up to `nvqs`, stopping at the first with num == 0 (here: absent). */
function liveQueues(vdev: VirtIODeviceIrqfd, nvqs: number): VirtQueueNotifiers[] {
  return vdev.queues.slice(0, nvqs);
}

/** Whether the device masks its notifiers itself (the repeated `use_guest_notifier_mask && guest_notifier_mask`). */
function deviceMasks(vdev: VirtIODeviceIrqfd): boolean {
  return vdev.useGuestNotifierMask && vdev.guestNotifierMask !== null;
}

/** kvm_virtio_pci_vq_vector_use: the first user of a vector adds its GSI route (with the vector's current message) and commits. */
function* kvmVirtioPciVqVectorUse(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, vector: number): Gen<number> {
  return yield* ctx.call(
    'kvm_virtio_pci_vq_vector_use',
    (function* (): Gen<number> {
      const irqfd = proxy.vectorIrqfd![vector]!;
      const s = proxy.accel.kvmState;
      if (irqfd.users === 0) {
        if (!s) return -38; // not reached: vector_irqfd exists only with KVM
        const c = { s, changes: 0 };
        const ret = yield* kvmIrqchipAddMsiRoute(ctx, c, vector, proxy.msix.getMessage(vector));
        if (ret < 0) return ret;
        yield* kvmIrqchipCommitRouteChanges(ctx, c);
        irqfd.virq = ret;
      }
      irqfd.users++;
      return 0;
    })(),
  );
}

/**
 * kvm_virtio_pci_irqfd_use: bind queue `queueNo`'s guest notifier to the
 * vector's GSI. Reading irqfd->virq with proxy->vector_irqfd NULL is the
 * seed's crash (see the file comment).
 */
export function* kvmVirtioPciIrqfdUse(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, queueNo: number, vector: number): Gen<number> {
  return yield* ctx.call(
    'kvm_virtio_pci_irqfd_use',
    (function* (): Gen<number> {
      const n = proxy.vdev.queues[queueNo]!.guestNotifier;
      if (proxy.vectorIrqfd === null) {
        // &proxy->vector_irqfd[vector] is NULL-based; the load of ->virq for the call's last argument faults.
        return yield* qemuSegfault(ctx, proxy.proc, 'proxy->vector_irqfd[vector].virq', vector * VIRTIO_IRQFD_SIZEOF + VIRTIO_IRQFD_VIRQ_OFFSET);
      }
      const virq = proxy.vectorIrqfd[vector]!.virq;
      return yield* kvmIrqchipAddIrqfdNotifierGsi(ctx, proxy.accel, n, virq);
    })(),
  );
}

/**
 * kvm_virtio_pci_vector_use: for each queue with a vector the table has,
 * take a route; bind the irqfd now if the device masks by itself (else it
 * waits for the vector's unmask). On failure the queues done are undone.
 */
function* kvmVirtioPciVectorUse(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, nvqs: number): Gen<number> {
  return yield* ctx.call(
    'kvm_virtio_pci_vector_use',
    (function* (): Gen<number> {
      for (const vq of liveQueues(proxy.vdev, nvqs)) {
        const vector = vq.vector();
        if (vector >= proxy.msix.nrVectorsAllocated()) continue;
        let ret = yield* kvmVirtioPciVqVectorUse(ctx, proxy, vector);
        if (ret < 0) return ret;
        if (deviceMasks(proxy.vdev)) {
          ret = yield* kvmVirtioPciIrqfdUse(ctx, proxy, vq.index, vector);
          if (ret < 0) return ret; // (the undo of routes and irqfds is not modelled)
        }
      }
      return 0;
    })(),
  );
}

/**
 * virtio_pci_vq_vector_unmask: rewrite the GSI route if there is one (7.2
 * never records irqfd->msg, so the comparison always differs and the route is
 * always rewritten and committed); then unmask through the device, or bind
 * the irqfd now when the device does not mask its notifiers itself.
 */
function* virtioPciVqVectorUnmask(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, queueNo: number, vector: number, msg: MsiMessage): Gen<number> {
  return yield* ctx.call(
    'virtio_pci_vq_vector_unmask',
    (function* (): Gen<number> {
      const vdev = proxy.vdev;
      const n = vdev.queues[queueNo]!.guestNotifier;
      if (proxy.vectorIrqfd) {
        const irqfd = proxy.vectorIrqfd[vector]!;
        if (irqfd.msg.data !== msg.data || irqfd.msg.addressLo !== msg.addressLo || irqfd.msg.addressHi !== msg.addressHi) {
          const ret = yield* kvmIrqchipUpdateMsiRoute(ctx, proxy.accel.kvmState, irqfd.virq, msg);
          if (ret < 0) return ret;
          if (proxy.accel.kvmState) yield* kvmIrqchipCommitRoutes(ctx, proxy.accel.kvmState);
        }
      }
      const path = deviceMasks(vdev) ? ('guest_notifier_mask' as const) : ('irqfd' as const);
      if (ctx.tracing) yield ctx.ev('virtio_pci_vq_vector_unmask', { queue: queueNo, vector, path });
      if (path === 'guest_notifier_mask') {
        yield* vdev.guestNotifierMask!(ctx, queueNo, false);
        // Test after unmasking so an event that came while masked is not lost.
        if (vdev.guestNotifierPending?.(queueNo)) yield* eventNotifierSetWake(ctx, n);
        return 0;
      }
      return yield* kvmVirtioPciIrqfdUse(ctx, proxy, queueNo, vector);
    })(),
  );
}

/** virtio_pci_vq_vector_mask: mask through the device, or drop the irqfd (kvm_virtio_pci_irqfd_release, not modelled: KVM_IRQFD deassign). */
function* virtioPciVqVectorMask(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, queueNo: number): Gen {
  yield* ctx.call(
    'virtio_pci_vq_vector_mask',
    (function* (): Gen {
      if (deviceMasks(proxy.vdev)) yield* proxy.vdev.guestNotifierMask!(ctx, queueNo, true);
    })(),
  );
}

/** virtio_pci_vector_unmask (MSIVectorUseNotifier): every queue on `vector` below nvqs_with_notifiers, unmasked in turn. */
export function* virtioPciVectorUnmask(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, vector: number, msg: MsiMessage): Gen<number> {
  return yield* ctx.call(
    'virtio_pci_vector_unmask',
    (function* (): Gen<number> {
      // virtio_vector_first_queue / _next_queue: the queues whose vector is `vector`, in index order.
      for (const vq of proxy.vdev.queues) {
        if (vq.vector() !== vector || vq.index >= proxy.nvqsWithNotifiers) continue;
        const ret = yield* virtioPciVqVectorUnmask(ctx, proxy, vq.index, vector, msg);
        if (ret < 0) return ret; // (the undo loop is not modelled)
      }
      return 0;
    })(),
  );
}

/** virtio_pci_vector_mask (MSIVectorReleaseNotifier). */
export function* virtioPciVectorMask(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, vector: number): Gen {
  yield* ctx.call(
    'virtio_pci_vector_mask',
    (function* (): Gen {
      for (const vq of proxy.vdev.queues) {
        if (vq.vector() === vector && vq.index < proxy.nvqsWithNotifiers) yield* virtioPciVqVectorMask(ctx, proxy, vq.index);
      }
    })(),
  );
}

/** virtio_pci_vector_poll (MSIVectorPollNotifier): a masked vector whose notifier fired gets its PBA bit. */
export function* virtioPciVectorPoll(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, start: number, end: number): Gen {
  yield* ctx.call(
    'virtio_pci_vector_poll',
    (function* (): Gen {
      const vdev = proxy.vdev;
      for (const vq of liveQueues(vdev, proxy.nvqsWithNotifiers)) {
        const vector = vq.vector();
        if (vector < start || vector >= end || !proxy.msix.isMasked(vector)) continue;
        const pending = vdev.guestNotifierPending ? vdev.guestNotifierPending(vq.index) : eventNotifierTestAndClear(vq.guestNotifier) > 0;
        if (pending) yield* proxy.msix.setPending(ctx, vector);
      }
    })(),
  );
}

/** virtio_pci_set_guest_notifier: create (or tear down) one queue's call eventfd and its main-loop handler. */
function* virtioPciSetGuestNotifier(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, vq: VirtQueueNotifiers, assign: boolean, withIrqfd: boolean): Gen<number> {
  return yield* ctx.call(
    'virtio_pci_set_guest_notifier',
    (function* (): Gen<number> {
      const vdev = proxy.vdev;
      if (assign) {
        const r = yield* eventNotifierInit(ctx, vq.guestNotifier, false, proxy.host);
        if (r < 0) return r;
      }
      yield* virtioQueueSetGuestNotifierFdHandler(ctx, proxy.loop, vdev, vq, assign, withIrqfd);
      // INTx: a device that masks by itself is unmasked here, as no vector notifier will do it.
      if (!proxy.msix.enabled() && deviceMasks(vdev)) yield* vdev.guestNotifierMask!(ctx, vq.index, !assign);
      return 0;
    })(),
  );
}

/**
 * virtio_pci_set_guest_notifiers (k->set_guest_notifiers, from vhost_net_start):
 * assign only (the deassign half is not modelled). Returns 0 or the failure;
 * under TCG + vhost-user + MSI-X the call does not return (SIGSEGV).
 */
export function* virtioPciSetGuestNotifiers(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, nvqs: number): Gen<number> {
  return yield* ctx.call(
    'virtio_pci_set_guest_notifiers',
    (function* (): Gen<number> {
      const vdev = proxy.vdev;
      const msix = proxy.msix.enabled();
      const withIrqfd = msix && kvmMsiViaIrqfdEnabled(proxy.accel);
      const vectorNotifiers = withIrqfd || vdev.guestNotifierMask !== null;
      proxy.nvqsWithNotifiers = nvqs;
      if (ctx.tracing) yield ctx.ev('virtio_pci_set_guest_notifiers', { nvqs, assign: true, withIrqfd, msix, useGuestNotifierMask: vdev.useGuestNotifierMask, vectorNotifiers });
      for (const vq of liveQueues(vdev, nvqs)) {
        const r = yield* virtioPciSetGuestNotifier(ctx, proxy, vq, true, withIrqfd);
        if (r < 0) return r;
      }
      if (!vectorNotifiers) return 0;
      if (withIrqfd) {
        // g_malloc0: one zeroed VirtIOIRQFD per vector the MSI-X table has.
        proxy.vectorIrqfd = Array.from({ length: proxy.msix.nrVectorsAllocated() }, () => ({ msg: { addressLo: 0, addressHi: 0, data: 0 }, virq: 0, users: 0 }));
        const r = yield* kvmVirtioPciVectorUse(ctx, proxy, nvqs);
        if (r < 0) return r;
      }
      return yield* proxy.msix.setVectorNotifiers(ctx, {
        use: (c, vector, msg) => virtioPciVectorUnmask(c, proxy, vector, msg),
        release: (c, vector) => virtioPciVectorMask(c, proxy, vector),
        poll: (c, start, end) => virtioPciVectorPoll(c, proxy, start, end),
      });
    })(),
  );
}

/**
 * vhost_virtqueue_mask (hw/virtio/vhost.c), reached from virtio-net's
 * guest_notifier_mask (virtio_net_guest_notifier_mask →
 * vhost_net_virtqueue_mask): point the back-end's call fd at the queue's
 * masked_notifier (mask) or back at its guest notifier (unmask) with
 * VHOST_SET_VRING_CALL. QEMU asserts use_guest_notifier_mask when masking:
 * a vhost-user device is never masked this way.
 */
export function* vhostVirtqueueMask(
  ctx: ActorContext,
  vq: { index: number; guestNotifier: EventNotifier; maskedNotifier: EventNotifier },
  mask: boolean,
  setVringCall: (fd: number) => void,
): Gen {
  yield* ctx.call(
    'virtio_net_guest_notifier_mask',
    ctx.call(
      'vhost_net_virtqueue_mask',
      ctx.call(
        'vhost_virtqueue_mask',
        (function* (): Gen {
          const fd = eventNotifierGetFd(mask ? vq.maskedNotifier : vq.guestNotifier);
          setVringCall(fd);
          if (ctx.tracing) yield ctx.ev('vhost_virtqueue_mask', { queue: vq.index, mask, fd });
        })(),
      ),
    ),
  );
}

/**
 * The part of vhost_net_start (hw/net/vhost_net.c) that decides the
 * interrupt path: a vhost-user peer turns off vdev->use_guest_notifier_mask
 * ("vhost user doesn't interrupt masking/unmasking properly"), then
 * k->set_guest_notifiers(total_notifiers, true). The rest (vhost_net_start_one,
 * vhost_dev_start) is elsewhere.
 */
export function* vhostNetStartGuestNotifiers(ctx: ActorContext, proxy: VirtioPciIrqfdProxy, peer: 'vhost-user' | 'vhost-kernel', nvqs: number): Gen<number> {
  return yield* ctx.call(
    'vhost_net_start',
    (function* (): Gen<number> {
      if (peer === 'vhost-user') proxy.vdev.useGuestNotifierMask = false;
      return yield* virtioPciSetGuestNotifiers(ctx, proxy, nvqs);
    })(),
  );
}
