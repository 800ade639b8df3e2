/**
 * What Linux 6.12 decides when a virtio driver asks the PCI transport for its
 * queues: which interrupt mode it ends in, which MSI-X vector each queue's
 * queue_msix_vector register gets, and which IRQs it requests under which
 * names (as /proc/interrupts shows them). A pure function of the inputs,
 * derived from drivers/virtio/virtio_pci_common.c:
 *
 *   vp_find_vqs tries vp_find_vqs_msix with VP_VQ_VECTOR_POLICY_EACH, then
 *   VP_VQ_VECTOR_POLICY_SHARED_SLOW, then VP_VQ_VECTOR_POLICY_SHARED, and if
 *   all fail and the function has an INTx line (pci_dev->irq), vp_find_vqs_intx.
 *
 * The actor code (virtio-pci-common.ts) does the same through real register
 * accesses; virtio-probe.test.ts checks that both agree.
 *
 * Older kernels (the seed walks one) have two MSI-X steps, per_vq_vectors
 * true then false; SHARED_SLOW came with the admin virtqueue (6.11).
 */

import { VIRTIO_MSI_NO_VECTOR } from '../abi/virtio-pci';

/** VIRTIO_MSI_NO_VECTOR (include/uapi/linux/virtio_pci.h, 0xffff): "no vector" in msix_config / queue_msix_vector. */
export { VIRTIO_MSI_NO_VECTOR };
/** VP_MSIX_CONFIG_VECTOR (virtio_pci_common.h): vector 0 is the config-change vector. */
export const VP_MSIX_CONFIG_VECTOR = 0;
/** VP_MSIX_VQ_VECTOR: under the shared policy, vector 1 serves every queue. */
export const VP_MSIX_VQ_VECTOR = 1;

/** Errno values the fallback reports (include/uapi/asm-generic/errno-base.h, errno.h). */
export const EINVAL = 22;
/** No space: the MSI-X table has fewer entries than asked (__pci_enable_msix_range). */
export const ENOSPC = 28;
/** The device refused a vector: it read back VIRTIO_MSI_NO_VECTOR. */
export const EBUSY = 16;

/** Errno names for the events and the tables. */
export type Errno = 'EINVAL' | 'ENOSPC' | 'EBUSY';

/** The number of an errno name. */
export const ERRNO: Record<Errno, number> = { EINVAL, ENOSPC, EBUSY };

/** enum vp_vq_vector_policy, plus the INTx step, as the walkthrough names them. */
export type VectorPolicy = 'each' | 'shared-slow' | 'shared' | 'intx';

/** The interrupt handlers a request_irq can install (virtio_pci_common.c, virtio_ring.c). */
export type IrqHandler = 'vp_config_changed' | 'vring_interrupt' | 'vp_vring_interrupt' | 'vp_interrupt';

/**
 * One entry of the driver's struct virtqueue_info array (include/linux/virtio_config.h):
 * a null name means "no queue here" (vqs[i] = NULL, the queue index does not advance).
 */
export interface VqInfo {
  name: string | null;
  /** Whether the driver passed a callback (a queue without one gets VIRTIO_MSI_NO_VECTOR). */
  callback: boolean;
  /** The ctx flag (virtnet: the receive queues when buffers carry a context). */
  ctx?: boolean;
}

/** The input of the planner. */
export interface VectorPlanInput {
  /** The driver's queues in the order it passes them to virtio_find_vqs. */
  queues: readonly VqInfo[];
  /** Entries in the function's MSI-X table (PCI_MSIX_FLAGS_QSIZE + 1); 0 = no MSI-X capability. */
  msixTableSize: number;
  /** pci_dev->irq != 0: the function has an INTx pin routed to an IRQ. */
  hasIntx: boolean;
  /**
   * The admin virtqueue, when VIRTIO_F_ADMIN_VQ was negotiated: in 6.12 the
   * only "slow path" queue (vp_find_one_vq_msix is called with slow_path =
   * true for it alone), appended after the driver's queues. QEMU 7.2 offers
   * no admin queue, so the walkthrough's devices never have one.
   */
  adminVq?: { index: number };
  /**
   * Vectors the device accepts in msix_config / queue_msix_vector (reads
   * back VIRTIO_MSI_NO_VECTOR otherwise). QEMU accepts exactly the table's
   * entries (msix_vector_use), which is the default.
   */
  deviceVectorLimit?: number;
  /** dev_name of the virtio device: "virtio0" for the first one. */
  devName?: string;
}

/** One request_irq: the vector (null for the INTx line), the name /proc/interrupts shows and the handler. */
export interface IrqRequest {
  vector: number | null;
  name: string;
  handler: IrqHandler;
}

/** One try of vp_find_vqs. */
export interface VectorAttempt {
  policy: VectorPolicy;
  /** nvectors passed to pci_alloc_irq_vectors_affinity as both min and max (0 for INTx). */
  vectors: number;
  /** 0, or the negative errno the attempt returned. */
  err: number;
  errno: Errno | null;
  /** Where it failed: the allocation, the config vector read-back, or a queue vector read-back (driver slot). */
  failedAt: 'alloc' | 'config-vector' | { queue: number } | null;
  /** IRQs requested during the attempt, in order (freed again by vp_del_vqs if it failed). */
  irqs: IrqRequest[];
}

/** Where one queue ended up. */
export interface QueueVector {
  /** Index in the driver's array. */
  slot: number;
  name: string | null;
  /** The virtqueue index (queue_select), null for an unnamed slot. */
  vq: number | null;
  /** Value written to queue_msix_vector (VIRTIO_MSI_NO_VECTOR: none, or never written). */
  vector: number;
  /** Which handler list the queue is on: its own vector, vp_dev->virtqueues, vp_dev->slow_virtqueues, or none (no callback). */
  served: 'own-vector' | 'virtqueues' | 'slow_virtqueues' | 'none';
}

/** The final mode vp_find_vqs ends in. */
export type VectorMode = 'per-vq' | 'shared-slow' | 'shared' | 'intx' | 'failure';

/** The planner's answer. */
export interface VectorPlan {
  attempts: VectorAttempt[];
  mode: VectorMode;
  /** 0, or the negative errno find_vqs returned. */
  err: number;
  /** msix_config as the device holds it at the end (VIRTIO_MSI_NO_VECTOR without MSI-X). */
  configVector: number;
  queues: QueueVector[];
  /** The IRQs that remain requested. */
  irqs: IrqRequest[];
}

/** The queues virtnet_find_vqs asks for: input.N / output.N per pair (both with callbacks), then "control" (no callback). */
export function virtnetQueues(maxQueuePairs: number, hasCvq: boolean): VqInfo[] {
  const q: VqInfo[] = [];
  for (let i = 0; i < maxQueuePairs; i++) {
    // rxq2vq(i) = 2i, txq2vq(i) = 2i + 1; skb_recv_done / skb_xmit_done; ctx on receive queues (mergeable or small buffers).
    q.push({ name: `input.${i}`, callback: true, ctx: true });
    q.push({ name: `output.${i}`, callback: true });
  }
  // The control queue is polled (virtnet_send_command_reply spins on virtqueue_get_buf): no callback, so no vector.
  if (hasCvq) q.push({ name: 'control', callback: false });
  return q;
}

/** Balloon features that add queues (include/uapi/linux/virtio_balloon.h). */
export interface BalloonQueueFeatures {
  /** VIRTIO_BALLOON_F_STATS_VQ (bit 1): "stats", callback stats_request. */
  stats: boolean;
  /** VIRTIO_BALLOON_F_FREE_PAGE_HINT (bit 3): "free_page_vq", no callback. */
  freePageHint: boolean;
  /** VIRTIO_BALLOON_F_REPORTING (bit 5): "reporting_vq", callback balloon_ack. */
  reporting: boolean;
}

/** The VIRTIO_BALLOON_VQ_MAX (5) slots init_vqs passes; a slot whose feature is off has no name. */
export function balloonQueues(f: BalloonQueueFeatures): VqInfo[] {
  return [
    { name: 'inflate', callback: true },
    { name: 'deflate', callback: true },
    f.stats ? { name: 'stats', callback: true } : { name: null, callback: false },
    f.freePageHint ? { name: 'free_page_vq', callback: false } : { name: null, callback: false },
    f.reporting ? { name: 'reporting_vq', callback: true } : { name: null, callback: false },
  ];
}

/** The vectors vp_find_vqs_msix asks for under `policy`. */
export function vectorsWanted(queues: readonly VqInfo[], policy: Exclude<VectorPolicy, 'intx'>, hasAdminVq: boolean): number {
  if (policy === 'shared') return 2; // "one for change, shared for all vqs"
  let n = 1; // the config-change vector
  for (const q of queues) if (q.name && q.callback) n++;
  if (hasAdminVq && policy === 'each') n++; // the admin queue gets its own vector only under EACH
  return n;
}

/**
 * pci_alloc_irq_vectors_affinity(dev, n, n, PCI_IRQ_MSIX[|PCI_IRQ_AFFINITY]):
 * n on success; -EINVAL without an MSI-X capability (pci_msix_vec_count);
 * -ENOSPC when the table is smaller than n (min == max leaves no room).
 */
export function allocIrqVectors(msixTableSize: number, n: number): number {
  if (msixTableSize === 0) return -EINVAL;
  if (msixTableSize < n) return -ENOSPC;
  return n;
}

/** The vector vp_find_one_vq_msix picks for a queue (VIRTIO_MSI_NO_VECTOR without a callback). */
function pickVector(callback: boolean, slowPath: boolean, policy: Exclude<VectorPolicy, 'intx'>, next: () => number): number {
  if (!callback) return VIRTIO_MSI_NO_VECTOR;
  if (policy === 'each' || (policy === 'shared-slow' && !slowPath)) return next();
  if (slowPath) return VP_MSIX_CONFIG_VECTOR;
  return VP_MSIX_VQ_VECTOR;
}

/** How a queue with `vector` is served (vp_setup_vq's list choice, or its own request_irq). */
function servedBy(callback: boolean, vector: number, policy: VectorPolicy): QueueVector['served'] {
  if (!callback) return 'none';
  if (vector === VP_MSIX_CONFIG_VECTOR && policy !== 'intx') return 'slow_virtqueues';
  if (policy === 'intx' || policy === 'shared' || vector === VIRTIO_MSI_NO_VECTOR) return 'virtqueues';
  return 'own-vector';
}

const fail = (policy: VectorPolicy, vectors: number, errno: Errno, failedAt: VectorAttempt['failedAt'], irqs: IrqRequest[]): VectorAttempt => ({
  policy,
  vectors,
  err: -ERRNO[errno],
  errno,
  failedAt,
  irqs,
});

/** Decide what vp_find_vqs in Linux 6.12 ends with. */
export function planVectors(input: VectorPlanInput): VectorPlan {
  const dev = input.devName ?? 'virtio0';
  const limit = input.deviceVectorLimit ?? input.msixTableSize;
  const attempts: VectorAttempt[] = [];
  const hasAvq = input.adminVq !== undefined;

  for (const policy of ['each', 'shared-slow', 'shared'] as const) {
    const n = vectorsWanted(input.queues, policy, hasAvq);
    const got = allocIrqVectors(input.msixTableSize, n);
    if (got < 0) {
      attempts.push(fail(policy, n, got === -EINVAL ? 'EINVAL' : 'ENOSPC', 'alloc', []));
      continue;
    }
    // vp_request_msix_vectors: vector 0 for config changes, requested before its register is written.
    const irqs: IrqRequest[] = [{ vector: VP_MSIX_CONFIG_VECTOR, name: `${dev}-config`, handler: 'vp_config_changed' }];
    if (VP_MSIX_CONFIG_VECTOR >= limit) {
      attempts.push(fail(policy, n, 'EBUSY', 'config-vector', irqs));
      continue;
    }
    if (policy === 'shared') irqs.push({ vector: VP_MSIX_VQ_VECTOR, name: `${dev}-virtqueues`, handler: 'vp_vring_interrupt' });
    let allocated = policy === 'shared' ? 2 : 1; // msix_used_vectors
    const next = () => allocated++;
    const queues: QueueVector[] = [];
    let failedAt: VectorAttempt['failedAt'] = null;
    let vqIndex = 0;
    const one = (slot: number, name: string, callback: boolean, slowPath: boolean, index: number): boolean => {
      const vector = pickVector(callback, slowPath, policy, next);
      // vp_active_vq writes queue_msix_vector only when there is a vector, and fails on a NO_VECTOR read-back.
      if (vector !== VIRTIO_MSI_NO_VECTOR && vector >= limit) {
        failedAt = { queue: slot };
        return false;
      }
      queues.push({ slot, name, vq: index, vector, served: servedBy(callback, vector, policy) });
      if (policy !== 'shared' && vector !== VIRTIO_MSI_NO_VECTOR && vector !== VP_MSIX_CONFIG_VECTOR) {
        irqs.push({ vector, name: `${dev}-${name}`, handler: 'vring_interrupt' });
      }
      return true;
    };
    let ok = true;
    for (const [slot, q] of input.queues.entries()) {
      if (!ok) break;
      if (!q.name) {
        queues.push({ slot, name: null, vq: null, vector: VIRTIO_MSI_NO_VECTOR, served: 'none' });
        continue;
      }
      ok = one(slot, q.name, q.callback, false, vqIndex++);
    }
    if (ok && input.adminVq) ok = one(input.queues.length, `avq.${input.adminVq.index}`, true, true, input.adminVq.index);
    if (!ok) {
      attempts.push(fail(policy, n, 'EBUSY', failedAt, irqs));
      continue;
    }
    attempts.push({ policy, vectors: n, err: 0, errno: null, failedAt: null, irqs });
    return {
      attempts,
      mode: policy === 'each' ? 'per-vq' : policy,
      err: 0,
      configVector: VP_MSIX_CONFIG_VECTOR,
      queues,
      irqs,
    };
  }

  if (!input.hasIntx) {
    // "Is there an interrupt? If not give up." with the SHARED attempt's error.
    return { attempts, mode: 'failure', err: attempts.at(-1)?.err ?? -EINVAL, configVector: VIRTIO_MSI_NO_VECTOR, queues: [], irqs: [] };
  }
  // vp_find_vqs_intx: one shared line named dev_name, vp_interrupt reads the ISR; every queue has NO_VECTOR.
  const irqs: IrqRequest[] = [{ vector: null, name: dev, handler: 'vp_interrupt' }];
  const queues: QueueVector[] = [];
  let vqIndex = 0;
  input.queues.forEach((q, slot) => {
    if (!q.name) queues.push({ slot, name: null, vq: null, vector: VIRTIO_MSI_NO_VECTOR, served: 'none' });
    else queues.push({ slot, name: q.name, vq: vqIndex++, vector: VIRTIO_MSI_NO_VECTOR, served: servedBy(q.callback, VIRTIO_MSI_NO_VECTOR, 'intx') });
  });
  // The admin queue is set up with queue_idx++ here (not its own index): a 6.12 quirk, modelled as written.
  if (input.adminVq) queues.push({ slot: input.queues.length, name: `avq.${input.adminVq.index}`, vq: vqIndex++, vector: VIRTIO_MSI_NO_VECTOR, served: 'virtqueues' });
  attempts.push({ policy: 'intx', vectors: 0, err: 0, errno: null, failedAt: null, irqs });
  return { attempts, mode: 'intx', err: 0, configVector: VIRTIO_MSI_NO_VECTOR, queues, irqs };
}
