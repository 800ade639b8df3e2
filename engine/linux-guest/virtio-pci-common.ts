/**
 * The guest's virtio-pci interrupt setup and handlers (Linux 6.12,
 * drivers/virtio/virtio_pci_common.c): vp_find_vqs and its fallback chain,
 * vp_find_vqs_msix / vp_request_msix_vectors / vp_find_one_vq_msix /
 * vp_setup_vq, vp_del_vqs (which releases a failed try), vp_find_vqs_intx,
 * and the handlers vp_interrupt, vp_vring_interrupt, vp_config_changed,
 * vp_vring_slow_path_interrupt, plus the decision vring_interrupt makes.
 * The MSI-X allocation (drivers/pci/msi) is modelled as far as the function
 * sees it: the capability's Message Control read and written.
 *
 * The decisions are the ones vq-vectors.ts plans; the tests check both agree.
 * The transport's own steps (setup_vq, del_vq, the config vector) come in
 * through VpDevOps, as vp_dev->setup_vq / del_vq / config_vector do.
 */
import {
  PCI_CAP_ID_MSIX,
  PCI_COMMAND,
  PCI_COMMAND_INTX_DISABLE,
  PCI_MSIX_ENTRY_CTRL_MASKBIT,
  PCI_MSIX_ENTRY_DATA,
  PCI_MSIX_ENTRY_LOWER_ADDR,
  PCI_MSIX_ENTRY_SIZE,
  PCI_MSIX_ENTRY_UPPER_ADDR,
  PCI_MSIX_ENTRY_VECTOR_CTRL,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_ENABLE,
  PCI_MSIX_FLAGS_MASKALL,
  PCI_MSIX_FLAGS_QSIZE,
  PCI_MSIX_TABLE,
  PCI_MSIX_TABLE_BIR,
  PCI_MSIX_TABLE_OFFSET,
} from '../abi/pci';
import { VIRTIO_MSI_NO_VECTOR, VIRTIO_PCI_ISR_CONFIG } from '../abi/virtio-pci';
import type { ActorContext, Gen } from '../sched/actor';
import type { FrameId } from '../trace/frames';
import type { PciFunctionAccess } from '../qemu/pci-access';
import type { MappedRegion, SetupVqResult, SplitRing } from './virtio-pci-modern';
import { pciFindCapability } from './virtio-pci-modern';
import {
  EBUSY,
  EINVAL,
  ENOSPC,
  VP_MSIX_CONFIG_VECTOR,
  VP_MSIX_VQ_VECTOR,
  type Errno,
  type IrqHandler,
  type IrqRequest,
  type VectorAttempt,
  type VectorPolicy,
  type VqInfo,
} from './vq-vectors';

/** struct virtio_pci_vq_info plus the virtqueue fields the model keeps. */
export interface VpVqInfo {
  /** Slot in the driver's array. */
  slot: number;
  /** vq->index (queue_select). */
  index: number;
  name: string;
  callback: boolean;
  msixVector: number;
  ring: SplitRing;
  /** Where vp_notify writes (vq->priv). */
  notify: { bar: number; offset: number };
}

/** The transport hooks (vp_dev->setup_vq, ->del_vq, ->config_vector). */
export interface VpDevOps {
  setupVq(ctx: ActorContext, index: number, name: string, msixVec: number): Gen<SetupVqResult>;
  delVq(ctx: ActorContext, info: VpVqInfo, msixEnabled: boolean): Gen;
  configVector(ctx: ActorContext, vector: number): Gen<number>;
}

/**
 * What vring_interrupt needs from a ring: more_used, and the driver's
 * callback. The ring model in virtio-ring.ts (VirtQueue.moreUsed) is tied to
 * the descriptor-flow scenario's GuestNet; this is the seam it plugs into.
 */
export interface VringHooks {
  moreUsed(index: number): boolean;
  callback?(ctx: ActorContext, index: number, name: string): Gen;
}

/** irqreturn_t. */
export type IrqReturn = 'IRQ_NONE' | 'IRQ_HANDLED';

/** struct virtio_pci_device: the state vp_find_vqs and the handlers use. Kept in JS objects: it is fixed once the probe is done. */
export class VpDev {
  msixEnabled = false;
  /** Position of the MSI-X capability (pci_dev->msix_cap, found at enumeration), 0 if none. */
  msixCap = 0;
  /** Linux's pci_msi_enable: false when the guest booted with pci=nomsi (pci_msi_supported then refuses every MSI/MSI-X request). */
  pciMsiEnable = true;
  msixVectors = 0;
  msixUsedVectors = 0;
  perVqVectors = false;
  intxEnabled = false;
  /** vdev->vqs, in creation order (list_add_tail). */
  vqs: VpVqInfo[] = [];
  /** vp_dev->virtqueues: list_add puts each new queue at the head. */
  virtqueues: VpVqInfo[] = [];
  /** vp_dev->slow_virtqueues (the admin queue, on the config vector). */
  slowVirtqueues: VpVqInfo[] = [];
  /** The IRQs currently requested, with the queue a vring_interrupt one serves. */
  irqs: (IrqRequest & { vq?: VpVqInfo })[] = [];
  /** Every try of vp_find_vqs, as the planner reports them. */
  attempts: VectorAttempt[] = [];
  /** Where the MSI-X table is (msix_map_region: BIR and offset from the capability). */
  msixTable: { bar: number; offset: number } | null = null;
  /**
   * The MSI message (address/data) the x86 vector domain composes for MSI-X
   * entry `entry` when its IRQ is started. Which CPU vector Linux picks
   * depends on the whole system, so the scenario supplies it; without it
   * the table's address/data are left as they are (only the masks move).
   */
  msiMessage: ((entry: number) => { addressLo: number; addressHi: number; data: number }) | null = null;

  constructor(
    readonly pci: PciFunctionAccess,
    /** dev_name(&vdev->dev): "virtio0". */
    readonly devName: string,
    /** pci_dev->irq != 0. */
    readonly hasIntx: boolean,
    /** vp_dev->isr: the ISR byte's window. */
    readonly isr: MappedRegion,
    readonly ops: VpDevOps,
    readonly rings: VringHooks,
  ) {}
}

const errnoName = (err: number): Errno => (err === -EINVAL ? 'EINVAL' : err === -ENOSPC ? 'ENOSPC' : 'EBUSY');

// ---- drivers/pci/msi: the allocation as the function sees it ----

/**
 * pci_alloc_irq_vectors_affinity(dev, n, n, PCI_IRQ_MSIX): __pci_enable_msix_range
 * reads the table size (pci_msix_vec_count: -EINVAL without the capability),
 * clamps n to it and fails with -ENOSPC below min; msix_capability_init sets
 * Enable with Function Mask, then clears the mask.
 */
export function* pciAllocIrqVectors(ctx: ActorContext, vp: VpDev, n: number, policy: VectorPolicy): Gen<number> {
  return yield* ctx.call(
    'pci_alloc_irq_vectors_affinity',
    (function* () {
      let tableSize = 0;
      const result = yield* ctx.call(
        '__pci_enable_msix_range',
        (function* () {
          // pci_msi_supported: pci=nomsi refuses before the capability is even looked at; no capability: pci_msix_vec_count's -EINVAL.
          if (!vp.pciMsiEnable || !vp.msixCap) return -EINVAL;
          // pci_msix_vec_count
          const ctrl = yield* vp.pci.configRead(ctx, vp.msixCap + PCI_MSIX_FLAGS, 2);
          const hwsize = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
          tableSize = hwsize;
          if (Math.min(n, hwsize) < n) return -ENOSPC;
          yield* ctx.call(
            'msix_capability_init',
            (function* () {
              // "Mask all the vectors to prevent interrupts coming in before they're fully set up": Enable + Function Mask.
              yield* vp.pci.configWrite(ctx, vp.msixCap + PCI_MSIX_FLAGS, ctrl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL, 2);
              const control = yield* vp.pci.configRead(ctx, vp.msixCap + PCI_MSIX_FLAGS, 2);
              const tsize = (control & PCI_MSIX_FLAGS_QSIZE) + 1;
              // msix_map_region: the table's BAR (BIR) and offset.
              const table = yield* vp.pci.configRead(ctx, vp.msixCap + PCI_MSIX_TABLE, 4);
              vp.msixTable = { bar: table & PCI_MSIX_TABLE_BIR, offset: (table & PCI_MSIX_TABLE_OFFSET) >>> 0 };
              // pci_intx_for_msi(dev, 0): INTx off while MSI-X is on.
              const cmd = yield* vp.pci.configRead(ctx, PCI_COMMAND, 2);
              if (!(cmd & PCI_COMMAND_INTX_DISABLE)) yield* vp.pci.configWrite(ctx, PCI_COMMAND, cmd | PCI_COMMAND_INTX_DISABLE, 2);
              // msix_mask_all: every entry's Mask bit, then the Function Mask cleared.
              for (let i = 0; i < tsize; i++) yield* msixEntryWrite(ctx, vp, i, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
              yield* vp.pci.configWrite(ctx, vp.msixCap + PCI_MSIX_FLAGS, control & ~PCI_MSIX_FLAGS_MASKALL, 2);
            })(),
          );
          return n;
        })(),
      );
      if (ctx.tracing) yield ctx.ev('pci_alloc_irq_vectors', { policy, vectors: n, tableSize, result });
      return result;
    })(),
  );
}

/** A 32-bit write to one field of MSI-X table entry `entry` (writel on dev->msix_base). */
function* msixEntryWrite(ctx: ActorContext, vp: VpDev, entry: number, field: number, value: number): Gen {
  if (!vp.msixTable) return;
  yield* vp.pci.barWrite(ctx, vp.msixTable.bar, vp.msixTable.offset + entry * PCI_MSIX_ENTRY_SIZE + field, value, 4);
}

/** pci_free_irq_vectors → pci_disable_msix → pci_msix_shutdown: mask the allocated entries, clear Enable, INTx back on. */
function* pciFreeIrqVectors(ctx: ActorContext, vp: VpDev): Gen {
  yield* ctx.call(
    'pci_free_irq_vectors',
    (function* () {
      for (let i = 0; i < vp.msixVectors; i++) yield* msixEntryWrite(ctx, vp, i, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
      const ctrl = yield* vp.pci.configRead(ctx, vp.msixCap + PCI_MSIX_FLAGS, 2);
      yield* vp.pci.configWrite(ctx, vp.msixCap + PCI_MSIX_FLAGS, ctrl & ~PCI_MSIX_FLAGS_ENABLE, 2);
      const cmd = yield* vp.pci.configRead(ctx, PCI_COMMAND, 2);
      if (cmd & PCI_COMMAND_INTX_DISABLE) yield* vp.pci.configWrite(ctx, PCI_COMMAND, cmd & ~PCI_COMMAND_INTX_DISABLE, 2);
      vp.msixTable = null;
    })(),
  );
}

/**
 * request_irq → request_threaded_irq: install `handler` under `name` (never
 * fails in the model). An MSI-X vector's IRQ starts up: its message is
 * written (when the scenario gave one) and its entry unmasked.
 */
function* requestIrq(ctx: ActorContext, vp: VpDev, vector: number | null, name: string, handler: IrqHandler, vq?: VpVqInfo): Gen {
  yield* ctx.call(
    'request_threaded_irq',
    (function* () {
      vp.irqs.push({ vector, name, handler, ...(vq ? { vq } : {}) });
      if (vector !== null) {
        const msg = vp.msiMessage?.(vector);
        if (msg) {
          yield* msixEntryWrite(ctx, vp, vector, PCI_MSIX_ENTRY_LOWER_ADDR, msg.addressLo);
          yield* msixEntryWrite(ctx, vp, vector, PCI_MSIX_ENTRY_UPPER_ADDR, msg.addressHi);
          yield* msixEntryWrite(ctx, vp, vector, PCI_MSIX_ENTRY_DATA, msg.data);
        }
        yield* msixEntryWrite(ctx, vp, vector, PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
      }
      if (ctx.tracing) yield ctx.ev('request_irq', { vector, name, handler });
    })(),
  );
}

/** free_irq of the IRQ on `vector` (null: the INTx line); an MSI-X entry is masked again on shutdown. */
function* freeIrq(ctx: ActorContext, vp: VpDev, vector: number | null): Gen {
  const i = vp.irqs.findIndex((r) => r.vector === vector);
  if (i < 0) return;
  vp.irqs.splice(i, 1);
  if (vector !== null) yield* ctx.call('free_irq', msixEntryWrite(ctx, vp, vector, PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT));
}

// ---- virtio_pci_common.c ----

/**
 * vp_request_msix_vectors: allocate, vector 0 for config changes (checked by
 * read-back), vector 1 shared when not per-vq. (The seed's older code passed
 * the affinity descriptor only for per-vq tries at the call site; 6.12 drops
 * it inside. Affinity spreading is not modelled: one vCPU.)
 */
function* vpRequestMsixVectors(ctx: ActorContext, vp: VpDev, n: number, perVqVectors: boolean, policy: VectorPolicy): Gen<number> {
  return yield* ctx.call(
    'vp_request_msix_vectors',
    (function* () {
      vp.msixVectors = n;
      const err = yield* pciAllocIrqVectors(ctx, vp, n, policy);
      if (err < 0) return err;
      vp.msixEnabled = true;
      let v = vp.msixUsedVectors;
      yield* requestIrq(ctx, vp, v, `${vp.devName}-config`, 'vp_config_changed');
      ++vp.msixUsedVectors;
      v = yield* ctx.call('vp_config_vector', vp.ops.configVector(ctx, v));
      // "Verify we had enough resources to assign the vector"
      if (v === VIRTIO_MSI_NO_VECTOR) return -EBUSY;
      if (!perVqVectors) {
        v = vp.msixUsedVectors;
        yield* requestIrq(ctx, vp, v, `${vp.devName}-virtqueues`, 'vp_vring_interrupt');
        ++vp.msixUsedVectors;
      }
      return 0;
    })(),
  );
}

/** vp_setup_vq: the transport's setup_vq, then the queue goes on a handler list if it has a callback. */
function* vpSetupVq(ctx: ActorContext, vp: VpDev, slot: number, index: number, q: VqInfo & { name: string }, msixVec: number): Gen<VpVqInfo | number> {
  return yield* ctx.call(
    'vp_setup_vq',
    (function* () {
      const r = yield* vp.ops.setupVq(ctx, index, q.name, msixVec);
      if (!r.ok) return r.err;
      const info: VpVqInfo = { slot, index, name: q.name, callback: q.callback, msixVector: msixVec, ring: r.ring, notify: r.notify };
      vp.vqs.push(info);
      if (q.callback) {
        if (msixVec !== VP_MSIX_CONFIG_VECTOR) vp.virtqueues.unshift(info); // vp_is_slow_path_vector is msix_vec == 0
        else vp.slowVirtqueues.unshift(info);
      }
      return info;
    })(),
  );
}

/** vp_find_one_vq_msix: pick the queue's vector by policy, set it up, and request its own IRQ under EACH / SHARED_SLOW. */
function* vpFindOneVqMsix(ctx: ActorContext, vp: VpDev, slot: number, index: number, q: VqInfo & { name: string }, next: () => number, policy: VectorPolicy): Gen<VpVqInfo | number> {
  return yield* ctx.call(
    'vp_find_one_vq_msix',
    (function* () {
      // Driver queues are never slow path in 6.12 (only the admin queue, which QEMU 7.2 does not offer).
      const msixVec = !q.callback ? VIRTIO_MSI_NO_VECTOR : policy === 'shared' ? VP_MSIX_VQ_VECTOR : next();
      const vq = yield* vpSetupVq(ctx, vp, slot, index, q, msixVec);
      if (typeof vq === 'number') return vq;
      if (policy === 'shared' || msixVec === VIRTIO_MSI_NO_VECTOR) return vq;
      // "allocate per-vq irq if available and necessary"
      yield* requestIrq(ctx, vp, msixVec, `${vp.devName}-${q.name}`, 'vring_interrupt', vq);
      return vq;
    })(),
  );
}

/** vp_del_vqs: undo a try: per-vq IRQs, queue vectors (del_vq), the config and shared IRQs, the config vector, MSI-X. */
export function* vpDelVqs(ctx: ActorContext, vp: VpDev): Gen {
  yield* ctx.call(
    'vp_del_vqs',
    (function* () {
      const before = vp.irqs.length;
      const queues = vp.vqs.length;
      for (const info of vp.vqs) {
        if (vp.perVqVectors && info.msixVector !== VIRTIO_MSI_NO_VECTOR && info.msixVector !== VP_MSIX_CONFIG_VECTOR) yield* freeIrq(ctx, vp, info.msixVector);
        yield* vp.ops.delVq(ctx, info, vp.msixEnabled);
      }
      vp.vqs = [];
      vp.virtqueues = [];
      vp.slowVirtqueues = [];
      vp.perVqVectors = false;
      if (vp.intxEnabled) {
        yield* freeIrq(ctx, vp, null);
        vp.intxEnabled = false;
      }
      for (let i = 0; i < vp.msixUsedVectors; i++) yield* freeIrq(ctx, vp, i);
      const msixDisabled = vp.msixEnabled;
      if (vp.msixEnabled) {
        // "Disable the vector used for configuration"
        yield* ctx.call('vp_config_vector', vp.ops.configVector(ctx, VIRTIO_MSI_NO_VECTOR));
        yield* pciFreeIrqVectors(ctx, vp);
        vp.msixEnabled = false;
      }
      vp.msixVectors = 0;
      vp.msixUsedVectors = 0;
      if (ctx.tracing) yield ctx.ev('vp_del_vqs', { queues, irqsFreed: before - vp.irqs.length, msixDisabled });
    })(),
  );
}

/** vp_find_vqs_msix under one policy: 0 or a negative errno (after vp_del_vqs). */
function* vpFindVqsMsix(ctx: ActorContext, vp: VpDev, queues: readonly VqInfo[], policy: Exclude<VectorPolicy, 'intx'>): Gen<number> {
  return yield* ctx.call(
    'vp_find_vqs_msix',
    (function* () {
      const perVq = policy !== 'shared';
      // "Best option: one for change interrupt, one per vq" / "Second best: one for change, shared for all vqs".
      const n = perVq ? 1 + queues.filter((q) => q.name && q.callback).length : 2;
      const mark = vp.irqs.length;
      const attempt: VectorAttempt = { policy, vectors: n, err: 0, errno: null, failedAt: null, irqs: [] };
      vp.attempts.push(attempt);
      const failed = function* (err: number, at: VectorAttempt['failedAt']): Gen<number> {
        attempt.irqs = vp.irqs.slice(mark).map(({ vector, name, handler }) => ({ vector, name, handler }));
        Object.assign(attempt, { err, errno: errnoName(err), failedAt: at });
        yield* vpDelVqs(ctx, vp);
        return err;
      };
      const err = yield* vpRequestMsixVectors(ctx, vp, n, perVq, policy);
      if (err) return yield* failed(err, err === -EBUSY ? 'config-vector' : 'alloc');
      vp.perVqVectors = perVq;
      let allocated = vp.msixUsedVectors;
      const next = () => allocated++;
      let index = 0;
      for (const [slot, q] of queues.entries()) {
        if (!q.name) continue;
        const vq = yield* vpFindOneVqMsix(ctx, vp, slot, index++, { ...q, name: q.name }, next, policy);
        if (typeof vq === 'number') return yield* failed(vq, { queue: slot });
      }
      attempt.irqs = vp.irqs.slice(mark).map(({ vector, name, handler }) => ({ vector, name, handler }));
      return 0;
    })(),
  );
}

/** vp_find_vqs_intx: the shared INTx line named dev_name, vp_interrupt; every queue without a vector. */
function* vpFindVqsIntx(ctx: ActorContext, vp: VpDev, queues: readonly VqInfo[]): Gen<number> {
  return yield* ctx.call(
    'vp_find_vqs_intx',
    (function* () {
      yield* requestIrq(ctx, vp, null, vp.devName, 'vp_interrupt');
      vp.intxEnabled = true;
      vp.perVqVectors = false;
      const attempt: VectorAttempt = { policy: 'intx', vectors: 0, err: 0, errno: null, failedAt: null, irqs: [{ vector: null, name: vp.devName, handler: 'vp_interrupt' }] };
      vp.attempts.push(attempt);
      let index = 0;
      for (const [slot, q] of queues.entries()) {
        if (!q.name) continue;
        const vq = yield* vpSetupVq(ctx, vp, slot, index++, { ...q, name: q.name }, VIRTIO_MSI_NO_VECTOR);
        if (typeof vq === 'number') {
          Object.assign(attempt, { err: vq, errno: errnoName(vq), failedAt: { queue: slot } });
          yield* vpDelVqs(ctx, vp);
          return vq;
        }
      }
      return 0;
    })(),
  );
}

/** vp_find_vqs: EACH, SHARED_SLOW, SHARED, then INTx if the function has a line. */
export function* vpFindVqs(ctx: ActorContext, vp: VpDev, queues: readonly VqInfo[]): Gen<number> {
  return yield* ctx.call(
    'vp_find_vqs',
    (function* () {
      if (!vp.msixCap) vp.msixCap = yield* pciFindCapability(ctx, vp.pci, PCI_CAP_ID_MSIX);
      const order = [
        ['each', 'shared-slow'],
        ['shared-slow', 'shared'],
        ['shared', vp.hasIntx ? 'intx' : 'give-up'],
      ] as const;
      let err = 0;
      for (const [policy, next] of order) {
        err = yield* vpFindVqsMsix(ctx, vp, queues, policy);
        if (!err) return 0;
        if (ctx.tracing) yield ctx.ev('vp_find_vqs_fallback', { failed: policy, err, errno: errnoName(err), next });
      }
      // "Is there an interrupt? If not give up."
      if (!vp.hasIntx) return err;
      return yield* vpFindVqsIntx(ctx, vp, queues);
    })(),
  );
}

// ---- the handlers ----

/** The interrupt entry down to the handler: MSI-X vectors are edge (handle_edge_irq), INTx through the IOAPIC is fasteoi. */
const MSI_ENTRY: readonly FrameId[] = ['common_interrupt', 'handle_edge_irq', '__handle_irq_event_percpu'];
const INTX_ENTRY: readonly FrameId[] = ['common_interrupt', 'handle_fasteoi_irq', '__handle_irq_event_percpu'];

/** vring_interrupt's decision: no used entries → IRQ_NONE; otherwise the driver's callback, IRQ_HANDLED. */
export function* vringInterrupt(ctx: ActorContext, vp: VpDev, vq: VpVqInfo, via: 'vring_interrupt' | 'vp_vring_interrupt' | 'vp_vring_slow_path_interrupt'): Gen<IrqReturn> {
  return yield* ctx.call(
    'vring_interrupt',
    (function* (): Gen<IrqReturn> {
      const more = vp.rings.moreUsed(vq.index);
      if (ctx.tracing) yield ctx.ev('vring_interrupt_pci', { queue: vq.index, name: vq.name, more, via });
      // "virtqueue interrupt with no work for %p"
      if (!more) return 'IRQ_NONE';
      if (vp.rings.callback) yield* vp.rings.callback(ctx, vq.index, vq.name);
      return 'IRQ_HANDLED';
    })(),
  );
}

/** vp_vring_interrupt: every queue on vp_dev->virtqueues; handled if any was. */
export function* vpVringInterrupt(ctx: ActorContext, vp: VpDev): Gen<IrqReturn> {
  return yield* ctx.call(
    'vp_vring_interrupt',
    (function* (): Gen<IrqReturn> {
      let ret: IrqReturn = 'IRQ_NONE';
      for (const info of [...vp.virtqueues]) if ((yield* vringInterrupt(ctx, vp, info, 'vp_vring_interrupt')) === 'IRQ_HANDLED') ret = 'IRQ_HANDLED';
      return ret;
    })(),
  );
}

/** vp_config_changed: tell the driver (virtio_config_changed), then the slow-path queues. Always IRQ_HANDLED. */
export function* vpConfigChanged(ctx: ActorContext, vp: VpDev, via: 'msix' | 'intx'): Gen<IrqReturn> {
  return yield* ctx.call(
    'vp_config_changed',
    (function* (): Gen<IrqReturn> {
      if (ctx.tracing) yield ctx.ev('vp_config_changed', { via }, 'virtio_config_changed');
      if (vp.slowVirtqueues.length) {
        yield* ctx.call(
          'vp_vring_slow_path_interrupt',
          (function* () {
            for (const info of [...vp.slowVirtqueues]) yield* vringInterrupt(ctx, vp, info, 'vp_vring_slow_path_interrupt');
          })(),
        );
      }
      return 'IRQ_HANDLED';
    })(),
  );
}

/** vp_interrupt (INTx): ioread8 of the ISR clears it; 0 → not us; bit 1 → config change; then every queue. */
export function* vpInterrupt(ctx: ActorContext, vp: VpDev): Gen<IrqReturn> {
  return yield* ctx.call(
    'vp_interrupt',
    (function* (): Gen<IrqReturn> {
      // "reading the ISR has the effect of also clearing it so it's very important to save off the value."
      const isr = yield* vp.pci.barRead(ctx, vp.isr.bar, vp.isr.offset, 1);
      if (ctx.tracing) yield ctx.ev('vp_interrupt_isr', { isr, handled: isr !== 0 });
      // "It's definitely not us if the ISR was not high"
      if (!isr) return 'IRQ_NONE';
      if (isr & VIRTIO_PCI_ISR_CONFIG) yield* vpConfigChanged(ctx, vp, 'intx');
      return yield* vpVringInterrupt(ctx, vp);
    })(),
  );
}

/**
 * The guest takes an interrupt: an MSI-X vector (its handler: vp_config_changed,
 * vring_interrupt straight on the queue, or vp_vring_interrupt) or the INTx
 * line (vector null: vp_interrupt). Returns what the handler returned, or
 * IRQ_NONE when nothing is requested there (a spurious interrupt).
 */
export function* vpHandleIrq(ctx: ActorContext, vp: VpDev, vector: number | null): Gen<IrqReturn> {
  const irq = vp.irqs.find((r) => r.vector === vector);
  if (!irq) return 'IRQ_NONE';
  const entry = vector === null ? INTX_ENTRY : MSI_ENTRY;
  const depth = ctx.stack.length;
  if (ctx.tracing) ctx.stack.push(...entry);
  try {
    switch (irq.handler) {
      case 'vp_interrupt':
        return yield* vpInterrupt(ctx, vp);
      case 'vp_config_changed':
        return yield* vpConfigChanged(ctx, vp, 'msix');
      case 'vp_vring_interrupt':
        return yield* vpVringInterrupt(ctx, vp);
      case 'vring_interrupt':
        return irq.vq ? yield* vringInterrupt(ctx, vp, irq.vq, 'vring_interrupt') : 'IRQ_NONE';
    }
  } finally {
    ctx.stack.length = depth;
  }
}
