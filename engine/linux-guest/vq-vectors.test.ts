/**
 * The outcome of vp_find_vqs (Linux 6.12, drivers/virtio/virtio_pci_common.c)
 * for every MSI-X table size, as explicit tables. How each row follows from
 * the code:
 *
 * - vp_find_vqs tries vp_find_vqs_msix with EACH, SHARED_SLOW, SHARED, then
 *   (pci_dev->irq != 0) vp_find_vqs_intx. Each MSI-X try calls
 *   vp_request_msix_vectors, i.e. pci_alloc_irq_vectors_affinity(dev, n, n,
 *   PCI_IRQ_MSIX): min == max, so __pci_enable_msix_range either gets all n
 *   or returns -ENOSPC ("if (nvec < minvec) return -ENOSPC" after clamping n
 *   to the table size); without an MSI-X capability pci_msix_vec_count
 *   returns -EINVAL first. PCI_IRQ_INTX is not in the flags, so there is no
 *   INTx fallback inside the allocator.
 * - n under EACH and SHARED_SLOW = 1 (config) + queues with a name AND a
 *   callback (+1 for the admin queue under EACH only). Without an admin queue
 *   (QEMU 7.2 has none) both ask for the same n, so SHARED_SLOW fails exactly
 *   when EACH failed: it only matters with VIRTIO_F_ADMIN_VQ. SHARED asks 2.
 * - Queue vectors: no callback → VIRTIO_MSI_NO_VECTOR (virtnet's "control",
 *   balloon's "free_page_vq"); EACH → 1, 2, ... in queue order; SHARED → 1
 *   (VP_MSIX_VQ_VECTOR) for all; a slow-path queue under SHARED_SLOW/SHARED → 0.
 * - IRQ names: "%s-config" on vector 0, "%s-virtqueues" on vector 1 under
 *   SHARED, "%s-%s" (dev_name, queue name) per queue vector under EACH /
 *   SHARED_SLOW; INTx: dev_name alone ("virtio0"), IRQF_SHARED, vp_interrupt.
 *
 * The seed (an older kernel) walks two MSI-X steps, per_vq_vectors = true
 * then false, then INTx: the same rows, minus the SHARED_SLOW attempt line.
 * It says the first step asks for "2 to 4" vectors for the balloon; in 6.12
 * (and in the seed's own loop: 1 + every named queue with a callback) it is
 * 3 (inflate, deflate) to 5 (+ stats, + reporting_vq); free_page_vq has no
 * callback and so no vector.
 */
import { describe, expect, it } from 'vitest';
import { balloonQueues, planVectors, virtnetQueues, VIRTIO_MSI_NO_VECTOR, type VectorPlan, type VqInfo } from './vq-vectors';

const NV = VIRTIO_MSI_NO_VECTOR;

/** A plan in one line per aspect, so the tables below read like the kernel's decisions. */
function row(p: VectorPlan) {
  return {
    attempts: p.attempts.map((a) => `${a.policy}:${a.vectors}:${a.errno ?? 'ok'}`).join(' '),
    mode: p.mode,
    err: p.err,
    config: p.configVector,
    vectors: p.queues.map((q) => q.vector),
    irqs: p.irqs.map((r) => `${r.name}@${r.vector ?? 'intx'}=${r.handler}`),
  };
}

type Row = [n: number, attempts: string, mode: VectorPlan['mode'], vectors: number[], irqs: string[]];

const INTX0 = 'each:{E}:EINVAL shared-slow:{E}:EINVAL shared:2:EINVAL intx:0:ok';
const INTX1 = 'each:{E}:ENOSPC shared-slow:{E}:ENOSPC shared:2:ENOSPC intx:0:ok';
const SHARED = 'each:{E}:ENOSPC shared-slow:{E}:ENOSPC shared:2:ok';
const EACH = 'each:{E}:ok';
const CFG = 'virtio0-config@0=vp_config_changed';
const VQS = 'virtio0-virtqueues@1=vp_vring_interrupt';
const INTX = 'virtio0@intx=vp_interrupt';

function check(name: string, queues: VqInfo[], each: number, rows: Row[]) {
  describe(name, () => {
    it.each(rows)('MSI-X table of %i entries', (n, attempts, mode, vectors, irqs) => {
      const p = planVectors({ queues, msixTableSize: n, hasIntx: true });
      expect(row(p)).toEqual({
        attempts: attempts.replaceAll('{E}', String(each)),
        mode,
        err: 0,
        config: mode === 'intx' ? NV : 0,
        vectors,
        irqs,
      });
    });
  });
}

const vr = (name: string, v: number) => `virtio0-${name}@${v}=vring_interrupt`;

check('virtio-net, 1 queue pair, no control queue', virtnetQueues(1, false), 3, [
  [0, INTX0, 'intx', [NV, NV], [INTX]],
  [1, INTX1, 'intx', [NV, NV], [INTX]],
  [2, SHARED, 'shared', [1, 1], [CFG, VQS]],
  [3, EACH, 'per-vq', [1, 2], [CFG, vr('input.0', 1), vr('output.0', 2)]],
  [4, EACH, 'per-vq', [1, 2], [CFG, vr('input.0', 1), vr('output.0', 2)]],
]);

check('virtio-net, 1 queue pair + control queue', virtnetQueues(1, true), 3, [
  [0, INTX0, 'intx', [NV, NV, NV], [INTX]],
  [1, INTX1, 'intx', [NV, NV, NV], [INTX]],
  [2, SHARED, 'shared', [1, 1, NV], [CFG, VQS]],
  [3, EACH, 'per-vq', [1, 2, NV], [CFG, vr('input.0', 1), vr('output.0', 2)]],
  [4, EACH, 'per-vq', [1, 2, NV], [CFG, vr('input.0', 1), vr('output.0', 2)]],
  [5, EACH, 'per-vq', [1, 2, NV], [CFG, vr('input.0', 1), vr('output.0', 2)]],
]);

const each2 = [CFG, vr('input.0', 1), vr('output.0', 2), vr('input.1', 3), vr('output.1', 4)];
// A queue list virtio_net itself never passes (virtnet_validate refuses MQ without CTRL_VQ, and virtnet_probe
// keeps one pair without a control queue), kept to show the counting: four callbacks, no control slot.
check('virtio-net, 2 queue pairs, no control queue', virtnetQueues(2, false), 5, [
  [0, INTX0, 'intx', [NV, NV, NV, NV], [INTX]],
  [1, INTX1, 'intx', [NV, NV, NV, NV], [INTX]],
  [2, SHARED, 'shared', [1, 1, 1, 1], [CFG, VQS]],
  [3, SHARED, 'shared', [1, 1, 1, 1], [CFG, VQS]],
  [4, SHARED, 'shared', [1, 1, 1, 1], [CFG, VQS]],
  [5, EACH, 'per-vq', [1, 2, 3, 4], each2],
  [6, EACH, 'per-vq', [1, 2, 3, 4], each2],
]);

check('virtio-net, 2 queue pairs + control queue', virtnetQueues(2, true), 5, [
  [0, INTX0, 'intx', [NV, NV, NV, NV, NV], [INTX]],
  [1, INTX1, 'intx', [NV, NV, NV, NV, NV], [INTX]],
  [2, SHARED, 'shared', [1, 1, 1, 1, NV], [CFG, VQS]],
  [3, SHARED, 'shared', [1, 1, 1, 1, NV], [CFG, VQS]],
  [4, SHARED, 'shared', [1, 1, 1, 1, NV], [CFG, VQS]],
  [5, EACH, 'per-vq', [1, 2, 3, 4, NV], each2],
  [6, EACH, 'per-vq', [1, 2, 3, 4, NV], each2],
  [7, EACH, 'per-vq', [1, 2, 3, 4, NV], each2],
]);

// The seed's example: all five balloon queues (STATS_VQ, FREE_PAGE_HINT, REPORTING negotiated).
const eachB = [CFG, vr('inflate', 1), vr('deflate', 2), vr('stats', 3), vr('reporting_vq', 4)];
check('virtio-balloon, five queues', balloonQueues({ stats: true, freePageHint: true, reporting: true }), 5, [
  [0, INTX0, 'intx', [NV, NV, NV, NV, NV], [INTX]],
  [1, INTX1, 'intx', [NV, NV, NV, NV, NV], [INTX]],
  [2, SHARED, 'shared', [1, 1, 1, NV, 1], [CFG, VQS]],
  [3, SHARED, 'shared', [1, 1, 1, NV, 1], [CFG, VQS]],
  [4, SHARED, 'shared', [1, 1, 1, NV, 1], [CFG, VQS]],
  [5, EACH, 'per-vq', [1, 2, 3, NV, 4], eachB],
  [6, EACH, 'per-vq', [1, 2, 3, NV, 4], eachB],
  [7, EACH, 'per-vq', [1, 2, 3, NV, 4], eachB],
]);

describe('the edges of vp_find_vqs', () => {
  it('gives up with the SHARED error when there is no INTx line', () => {
    const q = virtnetQueues(1, false);
    const none = planVectors({ queues: q, msixTableSize: 0, hasIntx: false });
    expect([none.mode, none.err, none.attempts.length, none.irqs]).toEqual(['failure', -22, 3, []]);
    const small = planVectors({ queues: q, msixTableSize: 1, hasIntx: false });
    expect([small.mode, small.err]).toEqual(['failure', -28]);
  });

  it('skips unnamed balloon slots without advancing the queue index', () => {
    // No STATS_VQ: slot 2 has no name, so reporting_vq (slot 4) is virtqueue 2; only 1 + 3 vectors are needed.
    const p = planVectors({ queues: balloonQueues({ stats: false, freePageHint: false, reporting: true }), msixTableSize: 4, hasIntx: true });
    expect(p.mode).toBe('per-vq');
    expect(p.queues.map((q) => [q.slot, q.vq, q.vector])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [2, null, NV],
      [3, null, NV],
      [4, 2, 3],
    ]);
  });

  it('falls back on a vector the device reads back as NO_VECTOR (-EBUSY), releasing the try', () => {
    // A device that accepts only vectors 0 and 1 though its table has 3: output.0's vector 2 reads back 0xffff.
    const p = planVectors({ queues: virtnetQueues(1, false), msixTableSize: 3, hasIntx: true, deviceVectorLimit: 2 });
    expect(row(p).attempts).toBe('each:3:EBUSY shared-slow:3:EBUSY shared:2:ok');
    expect(p.attempts[0]?.failedAt).toEqual({ queue: 1 });
    // The failed try had requested the config IRQ and input.0's before it failed.
    expect(p.attempts[0]?.irqs.map((r) => r.name)).toEqual(['virtio0-config', 'virtio0-input.0']);
    expect(p.mode).toBe('shared');
  });

  it('uses SHARED_SLOW only for the admin queue: it rides on the config vector', () => {
    const q = virtnetQueues(1, false);
    // EACH wants 1 + 2 + 1 (avq) = 4; SHARED_SLOW wants 3 and puts avq.2 on vector 0 (vp_vring_slow_path_interrupt).
    const p = planVectors({ queues: q, msixTableSize: 3, hasIntx: true, adminVq: { index: 2 } });
    expect(row(p).attempts).toBe('each:4:ENOSPC shared-slow:3:ok');
    expect(p.mode).toBe('shared-slow');
    expect(p.queues.map((x) => [x.name, x.vector, x.served])).toEqual([
      ['input.0', 1, 'own-vector'],
      ['output.0', 2, 'own-vector'],
      ['avq.2', 0, 'slow_virtqueues'],
    ]);
    expect(p.irqs.map((r) => r.name)).toEqual(['virtio0-config', 'virtio0-input.0', 'virtio0-output.0']);
    const each = planVectors({ queues: q, msixTableSize: 4, hasIntx: true, adminVq: { index: 2 } });
    expect(each.irqs.map((r) => r.name)).toEqual(['virtio0-config', 'virtio0-input.0', 'virtio0-output.0', 'virtio0-avq.2']);
  });
});
