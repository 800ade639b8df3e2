/**
 * The trace catalog: every beat the engine can emit, with its typed fields.
 * Like QEMU's hw/virtio/trace-events, it is the one list: actor code can only
 * emit a type named here, and the UI, the prose and the CLI switch on it.
 * Names are `<function or module>_<what>` after the real code that does it.
 */
import type { DocId } from './docs';
import type { FrameId } from './frames';

/** Why a notification was, or was not, sent: the rule that decided it. */
export type NotifyReason =
  | 'event-idx' // vring_need_event on avail_event / used_event
  | 'flags' // VRING_USED_F_NO_NOTIFY / VRING_AVAIL_F_NO_INTERRUPT
  | 'first'; // vhost: signalled_used not yet valid, so the first call always goes out

/** The error kinds of vhost's descriptor walk; each is one `vq_err` message in drivers/vhost/vhost.c. */
export type VqErrKind =
  | 'avail-idx-jump' // "Invalid available index change from %u to %u" (older kernels: "Guest moved avail index from %u to %u")
  | 'head-out-of-range' // "Guest says index %u > %u is available"
  | 'desc-index-out-of-range' // "Desc index is %u > %u, head = %u"
  | 'loop' // "Loop detected: last one at %u vq size %u head %u"
  | 'translation-failure' // "Translation failure %d descriptor idx %d"
  | 'out-after-in' // "Descriptor has out after in: idx %d"
  | 'indirect-len' // "Invalid length in indirect descriptor: len 0x%llx not multiple of 0x%zx"
  | 'indirect-translation-failure' // "Translation failure %d in indirect." (the table) or "Translation failure %d indirect idx %d" (an entry)
  | 'indirect-too-big' // "Indirect buffer length too big: %d"
  | 'indirect-loop' // "Loop detected: last one at %u indirect size %u"
  | 'nested-indirect' // "Nested indirect descriptor: idx %d, %zx"
  | 'indirect-out-after-in' // "Indirect descriptor has out after in: idx %d"
  | 'unexpected-format'; // handle_tx: "Unexpected descriptor format for TX: out %d, int %d"

/** The fields of each event type. */
export interface EventFields {
  /** Guest driver allocated and laid out the split ring (vring_create_virtqueue_split). */
  vring_create: { queue: number; num: number; desc: number; avail: number; used: number; eventIdx: boolean; indirect: boolean };
  /** vhost learned the ring (VHOST_SET_VRING_NUM/ADDR/BASE/KICK/CALL via vhost_vring_ioctl). */
  vhost_vring_setup: { queue: number; num: number; descHva: number; availHva: number; usedHva: number; kickFd: number; callFd: number };
  /** Guest built a packet in memory: virtio_net_hdr + frame (start_xmit) or an empty receive buffer (add_recvbuf_big). */
  virtnet_buf_prepare: { dir: 'tx' | 'rx'; pkt: number; hdr: number; data: number; len: number };
  /** Too few free descriptors for the next buffer: TX stops its queue (netif_stop_subqueue), RX stops refilling. */
  virtqueue_add_no_room: { numFree: number; needed: number };
  /** alloc_indirect_split: the chain goes into a separate table, one main descriptor points at it. */
  virtqueue_add_indirect: { head: number; table: number; count: number };
  /** virtqueue_add_split wrote one descriptor (in the table or in an indirect table). */
  virtqueue_add_desc: { desc: number; addr: number; len: number; flags: number; next: number; indirect: boolean; at: number };
  /** avail->ring[idx & (num-1)] = head. */
  virtqueue_add_avail: { slot: number; head: number; numFree: number; freeHead: number };
  /** virtio_wmb() then avail->idx = new: the buffer becomes visible to the device. */
  virtqueue_publish_avail: { old: number; new: number };
  /** virtqueue_kick_prepare_split: does the device want a kick? */
  virtqueue_kick_prepare: { old: number; new: number; needsKick: boolean; reason: NotifyReason; availEvent: number; usedFlags: number };
  /** vp_notify wrote the queue index to the notify register; KVM's ioeventfd turned it into an eventfd signal. */
  vp_notify: { queue: number; fd: number; count: number; wokeWorker: boolean };
  /** virtqueue_disable_cb_split: ask the device not to interrupt (NO_INTERRUPT flag, or used_event untouched). */
  virtqueue_disable_cb: { availFlags: number; usedEvent: number };
  /** virtqueue_enable_cb_prepare_split / _delayed: ask for an interrupt again. */
  virtqueue_enable_cb: { availFlags: number; usedEvent: number; delayed: boolean };
  /** virtqueue_poll_split: re-check the used ring after enabling callbacks. */
  virtqueue_poll: { lastUsed: number; usedIdx: number; more: boolean };
  /** virtqueue_get_buf_ctx_split read one used element. */
  virtqueue_get_buf: { slot: number; id: number; len: number; lastUsed: number };
  /** detach_buf_split returned the chain to the free list. */
  detach_buf: { head: number; count: number; freeHead: number; numFree: number; lastUsed: number; usedEvent: number | null };
  /** BAD_RING: the device returned something impossible; the driver marks the queue broken. */
  vring_bad_ring: { message: string };
  /** The driver handed a finished buffer back to the stack: TX skb freed, or RX frame received and checked. */
  virtnet_buf_done: { dir: 'tx' | 'rx'; pkt: number; len: number; ok: boolean };
  /** Guest vCPU took the virtqueue interrupt (vring_interrupt → the queue's callback). */
  vring_interrupt: { queue: number; vector: number; more: boolean };
  /** Guest vCPU has nothing to do and halts until an interrupt (HLT → kvm_vcpu_halt). */
  guest_halt: { waitingFor: 'interrupt' };
  /** A misbehaving guest wrote a bad descriptor (fault injection for the bad-chain walkthroughs). */
  guest_corrupt: { kind: VqErrKind; desc: number; value: number; what: string };
  /** Host network stack queued a frame on the tap device for the guest (tun_net_xmit wakes vhost's socket poll). */
  tun_net_xmit: { pkt: number; len: number; wokeWorker: boolean };
  /** vhost worker thread woke up to run queued work (handle_tx_kick / handle_rx_kick / handle_rx_net). */
  vhost_worker_wake: { work: 'kick' | 'net' | 'kick+net' };
  /** A busy-polling back-end looked and found nothing to do (vhost_net_busy_poll's spin, a DPDK PMD's empty burst). */
  vhost_busy_poll: { dir: 'tx' | 'rx'; availIdx: number; lastAvail: number; tapPending: number };
  /** vhost worker thread went to sleep waiting for work. */
  vhost_worker_sleep: Record<string, never>;
  /** vhost_disable_notify: set VRING_USED_F_NO_NOTIFY (without EVENT_IDX; with it nothing is written). */
  vhost_disable_notify: { usedFlags: number; eventIdx: boolean };
  /** vhost_enable_notify: clear NO_NOTIFY or set avail_event, then re-read avail->idx. */
  vhost_enable_notify: { usedFlags: number; availEvent: number; availIdx: number; more: boolean; eventIdx: boolean };
  /** vhost_get_vq_desc read avail->idx (and found nothing new, or some new heads). */
  vhost_get_avail_idx: { availIdx: number; lastAvail: number; pending: number; num: number };
  /** vhost_get_vq_desc read the head index from avail->ring[last_avail_idx % num]. */
  vhost_get_avail_head: { slot: number; head: number };
  /** vhost read one descriptor and translated its buffer GPA → HVA (translate_desc). */
  vhost_desc_read: { desc: number; addr: number; len: number; flags: number; next: number; indirect: boolean; hva: number };
  /** vhost opened an indirect table (get_indirect). */
  vhost_get_indirect: { desc: number; table: number; count: number };
  /** Data moved: TX frame copied out of guest buffers to tap (tun_sendmsg); RX frame copied into them (tun_recvmsg). */
  vhost_copy: { dir: 'tx' | 'rx'; pkt: number; head: number; bytes: number; ok: boolean };
  /** __vhost_add_used_n wrote used->ring[last_used_idx % num] = {id, len}. */
  vhost_add_used: { slot: number; id: number; len: number };
  /** smp_wmb() then used->idx = new. */
  vhost_publish_used: { old: number; new: number };
  /** vhost_notify decided whether the guest wants an interrupt (same test as DPDK's vhost_vring_call_split). */
  vhost_notify: { old: number; new: number; notify: boolean; reason: NotifyReason; usedEvent: number; availFlags: number };
  /** vhost_signal → eventfd_signal(call_ctx); KVM's irqfd injects the interrupt. */
  vhost_signal: { fd: number; vector: number; injected: boolean };
  /** vq_err: vhost found a malformed chain; the head is not consumed. */
  vq_err: { kind: VqErrKind; message: string; head: number };
  /** The scenario finished: every buffer made available was used and reclaimed. */
  scenario_done: { packets: number; kicks: number; calls: number };
}

/** A trace event type name. */
export type EventType = keyof EventFields;

/** One beat of the trace. `stack` is the simulated call stack, outermost first; `doc` the source document it illustrates. */
export type TraceEvent = {
  [K in EventType]: { seq: number; actor: string; type: K; f: EventFields[K]; stack: readonly FrameId[]; doc: DocId };
}[EventType];

/** The event of one type, for narrowing. */
export type EventOf<K extends EventType> = Extract<TraceEvent, { type: K }>;

/** Static facts about each event type: the component that emits it and the document it illustrates. */
export interface EventInfo {
  component: 'linux-guest' | 'kvm' | 'linux-host' | 'tap' | 'engine';
  doc: DocId;
}

/** The catalog. `satisfies` makes a missing entry a type error. */
export const EVENT_INFO = {
  vring_create: { component: 'linux-guest', doc: 'virtio-spec' },
  vhost_vring_setup: { component: 'linux-host', doc: 'seed-000' },
  virtnet_buf_prepare: { component: 'linux-guest', doc: 'virtio-spec' },
  virtqueue_add_no_room: { component: 'linux-guest', doc: 'virtio-spec' },
  virtqueue_add_indirect: { component: 'linux-guest', doc: 'virtio-spec' },
  virtqueue_add_desc: { component: 'linux-guest', doc: 'seed-000' },
  virtqueue_add_avail: { component: 'linux-guest', doc: 'seed-000' },
  virtqueue_publish_avail: { component: 'linux-guest', doc: 'seed-000' },
  virtqueue_kick_prepare: { component: 'linux-guest', doc: 'virtio-spec' },
  vp_notify: { component: 'kvm', doc: 'seed-000' },
  virtqueue_disable_cb: { component: 'linux-guest', doc: 'seed-000' },
  virtqueue_enable_cb: { component: 'linux-guest', doc: 'seed-000' },
  virtqueue_poll: { component: 'linux-guest', doc: 'virtio-spec' },
  virtqueue_get_buf: { component: 'linux-guest', doc: 'seed-000' },
  detach_buf: { component: 'linux-guest', doc: 'virtio-spec' },
  vring_bad_ring: { component: 'linux-guest', doc: 'virtio-spec' },
  virtnet_buf_done: { component: 'linux-guest', doc: 'virtio-spec' },
  vring_interrupt: { component: 'linux-guest', doc: 'seed-000' },
  guest_halt: { component: 'kvm', doc: 'seed-000' },
  guest_corrupt: { component: 'linux-guest', doc: 'virtio-spec' },
  tun_net_xmit: { component: 'tap', doc: 'seed-000' },
  vhost_worker_wake: { component: 'linux-host', doc: 'seed-000' },
  vhost_worker_sleep: { component: 'linux-host', doc: 'seed-000' },
  vhost_busy_poll: { component: 'linux-host', doc: 'seed-000' },
  vhost_disable_notify: { component: 'linux-host', doc: 'virtio-spec' },
  vhost_enable_notify: { component: 'linux-host', doc: 'virtio-spec' },
  vhost_get_avail_idx: { component: 'linux-host', doc: 'seed-000' },
  vhost_get_avail_head: { component: 'linux-host', doc: 'seed-000' },
  vhost_desc_read: { component: 'linux-host', doc: 'virtio-spec' },
  vhost_get_indirect: { component: 'linux-host', doc: 'virtio-spec' },
  vhost_copy: { component: 'linux-host', doc: 'seed-000' },
  vhost_add_used: { component: 'linux-host', doc: 'seed-000' },
  vhost_publish_used: { component: 'linux-host', doc: 'seed-000' },
  vhost_notify: { component: 'linux-host', doc: 'seed-000' },
  vhost_signal: { component: 'kvm', doc: 'seed-000' },
  vq_err: { component: 'linux-host', doc: 'virtio-spec' },
  scenario_done: { component: 'engine', doc: 'virtio-spec' },
} as const satisfies Record<EventType, EventInfo>;

/** All event types, in catalog order. */
export const EVENT_TYPES = Object.keys(EVENT_INFO) as EventType[];
