/**
 * vp_find_vqs's ladder of tries (drivers/virtio/virtio_pci_common.c): a
 * vector per queue, the slow-path sharing, one vector shared by all queues,
 * then INTx. Each rung's outcome comes from the trace prefix:
 * pci_alloc_irq_vectors (asked for how many, what the table has, the
 * result), vp_find_vqs_fallback (the errno that sent the driver one rung
 * down) and request_irq on the INTx line.
 */
import type { EventFields, TraceEvent } from '@/engine/trace/events';

/** The policies in the order vp_find_vqs tries them. */
export type Policy = EventFields['vp_find_vqs_fallback']['failed'];
export const POLICIES: readonly Policy[] = ['each', 'shared-slow', 'shared', 'intx'];

/** One rung at a step. */
export interface Rung {
  policy: Policy;
  state: 'untried' | 'trying' | 'ok' | 'failed';
  /** Vectors asked for, and the MSI-X table size seen (null for INTx or before the try). */
  vectors: number | null;
  tableSize: number | null;
  errno: string | null;
}

const ERRNO: Record<number, string> = { [-22]: 'EINVAL', [-28]: 'ENOSPC', [-16]: 'EBUSY', [-12]: 'ENOMEM' };

/** The ladder after the first `step` events of `trace`. */
export function fallbackLadder(trace: readonly TraceEvent[], step: number): Rung[] {
  const rungs = new Map<Policy, Rung>(POLICIES.map((policy) => [policy, { policy, state: 'untried', vectors: null, tableSize: null, errno: null }]));
  const end = Math.min(step, trace.length);
  for (let i = 0; i < end; i++) {
    const e = trace[i]!;
    if (e.type === 'pci_alloc_irq_vectors') {
      const r = rungs.get(e.f.policy)!;
      r.vectors = e.f.vectors;
      r.tableSize = e.f.tableSize;
      r.state = e.f.result < 0 ? 'failed' : 'trying';
      r.errno = e.f.result < 0 ? (ERRNO[e.f.result] ?? String(e.f.result)) : null;
    } else if (e.type === 'vp_find_vqs_fallback') {
      const r = rungs.get(e.f.failed)!;
      r.state = 'failed';
      r.errno = e.f.errno;
    } else if (e.type === 'request_irq' && e.f.vector === null) {
      rungs.get('intx')!.state = 'ok';
    } else if (e.type === 'vp_queue_enable' || e.type === 'virtio_status') {
      // The driver went on past find_vqs: the try in progress held.
      for (const r of rungs.values()) if (r.state === 'trying') r.state = 'ok';
    }
  }
  return [...rungs.values()];
}
