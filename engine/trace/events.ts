/**
 * The trace catalog: every beat the engine can emit, with its typed fields.
 * Like QEMU's hw/virtio/trace-events, it is the one list: actor code can only
 * emit a type named here, and the UI, the prose and the CLI switch on it.
 *
 * A beat is either a call of a real function (`fn` below: the innermost frame
 * of its stack is that function) or a label for a moment inside the innermost
 * frame of its stack. Either way the stack holds only real functions of the
 * modelled versions (frames.ts), so the CLI and the prose panel always name
 * the function that acts.
 */
import type { DocId } from './docs';
import type { FrameId } from './frames';
import type { VhostUserEventFields } from './events-vhost-user';

export type { VhostUserEventFields, VuApplyWhat, VuQemuWhat, VuSide } from './events-vhost-user';

/** Why a notification was, or was not, sent: the rule that decided it. */
export type NotifyReason =
  | 'event-idx' // vring_need_event on avail_event / used_event
  | 'flags' // VRING_USED_F_NO_NOTIFY / VRING_AVAIL_F_NO_INTERRUPT
  | 'first'; // vhost: signalled_used not yet valid, so the first call always goes out

/** The error kinds vhost-net reports with vq_err; each is one message in drivers/vhost/vhost.c or net.c (Linux 6.12). */
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
  | 'indirect-failure' // vhost_get_vq_desc after get_indirect failed: "Failure detected in indirect descriptor at idx %d"
  | 'unexpected-format' // get_tx_bufs: "Unexpected descriptor format for TX: out %d, int %d"; get_rx_bufs: "unexpected descriptor format for RX: out %d, in %d"
  | 'tx-header-len'; // get_tx_bufs: "Unexpected header len for TX: %zd expected %zd"

/** How the guest lays out a virtio-net buffer (drivers/net/virtio_net.c). */
export type NetLayout =
  | 'pushed' // TX: xmit_skb pushes the header into the skb's headroom: one descriptor (VERSION_1 / ANY_LAYOUT)
  | 'separate' // TX: header in skb->cb, frame apart: two descriptors (no ANY_LAYOUT, or an skb without headroom)
  | 'mergeable' // RX: add_recvbuf_mergeable, one descriptor per buffer (VIRTIO_NET_F_MRG_RXBUF)
  | 'big' // RX: add_recvbuf_big, header + 1 + MAX_SKB_FRAGS page entries (no MRG_RXBUF, guest GSO)
  | 'small'; // RX: add_recvbuf_small, one GOOD_PACKET_LEN buffer (neither)

/** One scatter-gather piece. */
export interface SgPiece {
  addr: number;
  len: number;
}

/** One used-ring element as vhost writes it. */
export interface UsedElem {
  id: number;
  len: number;
}

/** The fields of each event type. */
export interface EventFields extends VhostUserEventFields {
  /** The driver laid out a split ring and requested its interrupt (find_vqs → vring_create_virtqueue_split, request_irq). */
  vring_create: {
    queue: number;
    num: number;
    desc: number;
    avail: number;
    used: number;
    eventIdx: boolean;
    indirect: boolean;
    /** MSI-X table entry the queue's vector register names. */
    msixEntry: number;
    /** IRQ name as /proc/interrupts shows it: virtio0-output.0, or virtio0-virtqueues when shared. */
    irqName: string;
    handler: 'vring_interrupt' | 'vp_vring_interrupt';
  };
  /** QEMU's vhost_virtqueue_start handed the ring to the kernel: VHOST_SET_VRING_NUM, _BASE, _ADDR, _KICK. */
  vhost_vring_setup: { queue: number; num: number; descHva: number; availHva: number; usedHva: number; kickFd: number; callFd: number };
  /** VHOST_NET_SET_BACKEND attached tap0 to the queue; vhost started polling the socket (vhost_net_enable_vq → vhost_poll_start). */
  vhost_net_set_backend: { queue: number; tapFd: number; mask: 'EPOLLIN' | 'EPOLLOUT'; queued: string | null };
  /** The guest built a buffer: a frame with its header (xmit_skb), or an empty receive buffer (add_recvbuf_*). */
  virtnet_buf_prepare: { dir: 'tx' | 'rx'; pkt: number; layout: NetLayout; hdr: number; hdrLen: number; data: number; len: number; sgs: SgPiece[] };
  /** virtqueue_add_split: fewer free descriptors than the buffer needs; -ENOSPC (with out buffers, a notify anyway). */
  virtqueue_add_enospc: { numFree: number; needed: number; notified: boolean };
  /** check_sq_full_and_disable: fewer than 2 + MAX_SKB_FRAGS free, so the TX queue stops. */
  netif_tx_stop_queue: { numFree: number; threshold: number };
  /** virtnet_poll_tx: enough free again, the TX queue wakes. */
  netif_tx_wake_queue: { numFree: number; threshold: number };
  /** alloc_indirect_split: the chain goes into a separate table, one main descriptor points at it. */
  virtqueue_add_indirect: { head: number; table: number; count: number };
  /** virtqueue_add_desc_split wrote one descriptor (in the table or in an indirect table). */
  virtqueue_add_desc: { desc: number; addr: number; len: number; flags: number; next: number; indirect: boolean; at: number };
  /** virtqueue_add_split: "Last one doesn't continue": clear NEXT on the chain's last descriptor (the driver's desc_extra keeps it). */
  virtqueue_add_last: { desc: number; flags: number; indirect: boolean; extraFlags: number | null };
  /** avail->ring[avail_idx_shadow & (num-1)] = head. */
  virtqueue_add_avail: { slot: number; head: number; numFree: number; freeHead: number };
  /** virtio_wmb() then avail->idx = new: the buffer becomes visible to the device. */
  virtqueue_publish_avail: { old: number; new: number };
  /** virtqueue_kick_prepare_split: does the device want a kick? */
  virtqueue_kick_prepare: { old: number; new: number; needsKick: boolean; reason: NotifyReason; availEvent: number; usedFlags: number };
  /** vp_notify: iowrite16(queue index) to the queue's notify address; the write exits to KVM. */
  vp_notify: { queue: number; addr: number; accel?: 'kvm' | 'tcg'; pio?: boolean };
  /** eventfd_signal: the counter goes up and the wait queue's callbacks run (ioeventfd → vhost_poll_wakeup; vhost_signal → irqfd_wakeup). */
  eventfd_signal: { fd: number; role: 'kick' | 'call'; count: number; woke: 'vhost_poll_wakeup' | 'irqfd_wakeup' | 'pollwake' | null };
  /** vhost_poll_wakeup → vhost_poll_queue: a work item is put on the worker's work_list and the worker woken. */
  vhost_poll_wakeup: { work: string; queued: boolean };
  /** irqfd_wakeup → kvm_set_msi_irq → kvm_apic_set_irq: the MSI becomes a pending vector in the vCPU's LAPIC. */
  kvm_apic_set_irq: { vector: number; fd: number };
  /** virtqueue_disable_cb_split: ask the device not to interrupt (NO_INTERRUPT flag, or used_event parked at 0). */
  virtqueue_disable_cb: { availFlags: number; usedEvent: number; wrote: 'flags' | 'used_event' | 'nothing' };
  /** virtqueue_enable_cb_prepare_split / _delayed_split: ask for an interrupt again (delayed: only after 3/4 of what is outstanding). */
  virtqueue_enable_cb: { availFlags: number; usedEvent: number; delayed: boolean; bufs: number; usedIdx: number; ok: boolean };
  /** virtqueue_poll_split: re-check the used ring after enabling callbacks. */
  virtqueue_poll: { lastUsed: number; usedIdx: number; more: boolean };
  /** virtqueue_napi_schedule: napi_schedule_prep, then __napi_schedule (the poll runs in softirq context). */
  napi_schedule: { queue: number; already: boolean };
  /** virtqueue_get_buf_ctx_split read one used element. */
  virtqueue_get_buf: { slot: number; id: number; len: number; lastUsed: number };
  /** detach_buf_split returned the chain to the free list, walking the NEXT flags of the shared descriptor table. */
  detach_buf: { head: number; count: number; freeHead: number; numFree: number; indirect: boolean };
  /** virtqueue_get_buf_ctx_split: last_used_idx++, and used_event = last_used_idx unless callbacks are off. */
  virtqueue_get_buf_done: { lastUsed: number; usedEvent: number | null };
  /** BAD_RING: the device returned something impossible; the driver marks the queue broken. */
  vring_bad_ring: { message: string };
  /** __free_old_xmit: the TX skb of a completed buffer is freed (napi_consume_skb). */
  virtnet_tx_done: { pkt: number };
  /** receive_buf: a received frame goes up the stack (receive_mergeable / receive_big / receive_small). */
  receive_buf: { pkt: number; len: number; numBuffers: number; ok: boolean; layout: NetLayout; dropped: string | null };
  /** Guest vCPU took the virtqueue interrupt (vring_interrupt → the queue's callback). */
  vring_interrupt: { queue: number; vector: number; more: boolean; handler: 'vring_interrupt' | 'vp_vring_interrupt' };
  /**
   * A guest access to a device register left the guest: under KVM the vCPU exits to QEMU (KVM_EXIT_MMIO for a memory
   * BAR, KVM_EXIT_IO for an I/O BAR or the 0xcf8/0xcfc configuration ports); under TCG the translated code calls a
   * softmmu or port-I/O helper. A label inside kvm_cpu_exec, or inside the TCG helper.
   */
  vcpu_io_exit: {
    accel: 'kvm' | 'tcg';
    /** What the guest reached: a BAR (by index) or the function's configuration space. */
    target: { kind: 'bar'; bar: number; io: boolean } | { kind: 'config' };
    /** Guest-physical address or I/O port of the access (for config space: the data port 0xcfc + offset % 4). */
    addr: number;
    /** Offset inside the BAR or configuration space. */
    off: number;
    size: 1 | 2 | 4;
    write: boolean;
    /** The value written (for a read: filled in by the matching vcpu_io_done). */
    value: number | null;
    /** KVM's exit reason, or TCG's helper. */
    via: 'KVM_EXIT_MMIO' | 'KVM_EXIT_IO' | 'io_writex' | 'io_readx' | 'helper_out' | 'helper_in';
  };
  /** The access finished in QEMU and the vCPU resumes the guest (KVM_RUN again, or the next translated block); for a read, the value the guest gets. */
  vcpu_io_done: { accel: 'kvm' | 'tcg'; write: boolean; value: number };
  /** A process wrote 1 to an eventfd (QEMU's event_notifier_set → write(2) → eventfd_write): the count rises and the wait queue runs, as for eventfd_signal. */
  eventfd_write: { fd: number; role: 'kick' | 'call'; count: number; woke: 'vhost_poll_wakeup' | 'irqfd_wakeup' | 'pollwake' | null };
  /** The INTx line of the function changed level at the interrupt controller (KVM's in-kernel IOAPIC, or QEMU's under TCG). */
  intx_line: { gsi: number; level: 0 | 1; accel: 'kvm' | 'tcg' };
  /** Under TCG, QEMU's own APIC set the vector in the vCPU's IRR and raised CPU_INTERRUPT_HARD. */
  tcg_apic_set_irq: { vector: number; level: boolean; coalesced: boolean };
  /** The guest vCPU took the highest pending vector (IRR → ISR) and entered the handler of its IRQ; `entry` is the MSI-X entry, null for INTx. */
  guest_irq_entry: { vector: number; entry: number | null };
  /** The handlers returned; the guest writes EOI and leaves the interrupt. */
  guest_irq_done: { vector: number; ret: 'IRQ_NONE' | 'IRQ_HANDLED' };
  /** The guest's irq_chip masks (or unmasks) an MSI-X vector: the entry's Vector Control mask bit, written through the BAR. */
  guest_msix_mask: { entry: number; mask: boolean };
  /** The walkthrough's stimulus for a queue interrupt: vhost_signal writes the queue's call eventfd, as it does after adding used buffers. */
  vhost_signal_call: { queue: number; fd: number; to: 'irqfd' | 'guest-notifier' | 'masked-notifier' | 'none' };
  /** The monitor's set_link changed virtio-net's link, so the device raises a configuration interrupt. */
  qmp_set_link: { up: boolean };
  /** QEMU gave a queue's host notifier (the kick eventfd) to the accelerator: KVM_IOEVENTFD on the doorbell address, or (TCG) the memory region's own eventfd list. */
  host_notifier_assign: { queue: number; fd: number; addr: number; via: 'KVM_IOEVENTFD' | 'memory_region_ioeventfd'; pio?: { datamatch: number } };
  /** QEMU passed the kick eventfd to the back-end: VHOST_SET_VRING_KICK (vhost-net ioctl) or a VHOST_USER_SET_VRING_KICK message. */
  vhost_set_vring_kick: { queue: number; fd: number; backend: 'vhost-net' | 'vhost-user' };
  /** The vhost-user back-end's side (a separate process) is the vhost-user walkthrough's subject; this run ends at QEMU's side. */
  backend_elsewhere: { backend: 'vhost-user' };
  /** The monitor's balloon command set a new target, so virtio-balloon raises a configuration interrupt. */
  qmp_balloon: { targetMiB: number };
  /** The walkthrough's stimulus for a device QEMU itself serves (virtio-balloon): virtio_notify after it used a buffer on the queue. */
  virtio_notify_stimulus: { queue: number; name: string };
  /** Guest vCPU has nothing to do and halts until an interrupt (HLT → kvm_vcpu_halt). */
  guest_halt: { waitingFor: 'interrupt' };
  /** A misbehaving guest wrote a bad descriptor (fault injection: not Linux code). */
  guest_corrupt: { kind: VqErrKind; desc: number; value: number; what: string };
  /** The host network stack queued a frame on tap0 for the guest (tun_net_xmit wakes vhost's socket poll, if armed). */
  tun_net_xmit: { pkt: number; len: number; queued: number };
  /** vhost_run_work_list took the work_list and runs each item in order. */
  vhost_worker_wake: { works: string[] };
  /** vhost_task_fn: vhost_run_work_list found nothing; schedule(). */
  vhost_worker_sleep: Record<string, never>;
  /** vhost_exceeds_weight: a pass handled 256 packets or 0x80000 bytes; it requeues its work and yields. */
  vhost_exceeds_weight: { pkts: number; bytes: number };
  /** vhost_net_busy_poll: one pass of the busy loop (busyloop_timeout µs) found nothing, or found what ends it. */
  vhost_busy_poll: { dir: 'tx' | 'rx'; pass: number; timeout: number; found: 'nothing' | 'avail' | 'rx-data' | 'timeout' };
  /** vhost_disable_notify: set VRING_USED_F_NO_NOTIFY (without EVENT_IDX; with it only the shadow changes). */
  vhost_disable_notify: { usedFlags: number; eventIdx: boolean };
  /** vhost_enable_notify: clear NO_NOTIFY (or, with EVENT_IDX, set avail_event = vq->avail_idx); then it re-reads avail->idx. */
  vhost_enable_notify: { usedFlags: number; availEvent: number; eventIdx: boolean };
  /** vhost_net_disable_vq / vhost_net_enable_vq: stop or start polling the tap socket. */
  vhost_net_poll: { dir: 'tx' | 'rx'; enable: boolean };
  /** vhost_get_avail_idx read avail->idx into vq->avail_idx (and checked it is at most num ahead of last_avail_idx). */
  vhost_get_avail_idx: { availIdx: number; lastAvail: number; pending: number; num: number };
  /** vhost_get_avail_head read the head index from avail->ring[last_avail_idx & (num-1)]. */
  vhost_get_avail_head: { slot: number; head: number };
  /** vhost_get_vq_desc read one descriptor and translated its buffer GPA → HVA (translate_desc). */
  vhost_desc_read: { desc: number; addr: number; len: number; flags: number; next: number; indirect: boolean; hva: number };
  /** get_indirect opened an indirect table. */
  vhost_get_indirect: { desc: number; table: number; count: number };
  /** vhost_discard_vq_desc: last_avail_idx -= n, the heads go back to be taken again. */
  vhost_discard_vq_desc: { n: number; lastAvail: number };
  /** vhost_net_build_xdp copied one TX frame (header and data) out of guest memory into a page-frag buffer. */
  vhost_net_build_xdp: { pkt: number; head: number; bytes: number; hdrLen: number; batched: number; ok: boolean };
  /** The finished heads wait in vq->heads[]: TX heads[done_idx] = {head, 0}; RX done_idx += headcount (num_buffers written). */
  vhost_net_heads: { dir: 'tx' | 'rx'; heads: UsedElem[]; doneIdx: number; numBuffers: number | null };
  /** vhost_net_rx_peek_head_len: the length of the next frame waiting on tap0 (0 = none). */
  vhost_net_rx_peek_head_len: { len: number; queued: number };
  /** get_rx_bufs took enough heads for the frame (headcount), or ran out of them, or overran its quota. */
  get_rx_bufs: { datalen: number; heads: UsedElem[]; quota: number; result: 'ok' | 'empty' | 'overrun' };
  /** vhost_tx_batch → tun_sendmsg(TUN_MSG_PTR): the batched frames go to tap0 together. */
  tun_sendmsg: { count: number; pkts: number[]; ok: boolean };
  /** tun_recvmsg: tun copies the frame's virtio_net_hdr and data into the guest's buffers (or discards it). */
  tun_recvmsg: { pkt: number; bytes: number; hdrLen: number; discarded: boolean };
  /** __vhost_add_used_n wrote `entries` into used->ring starting at `slot`. */
  vhost_add_used: { slot: number; entries: UsedElem[] };
  /** vhost_add_used_n: smp_wmb() then used->idx = new. */
  vhost_publish_used: { old: number; new: number };
  /** vhost_notify decided whether the guest wants an interrupt (same test as DPDK's vhost_vring_call_split). */
  vhost_notify: { old: number; new: number; notify: boolean; reason: NotifyReason; usedEvent: number; availFlags: number };
  /** vq_err: vhost found a malformed chain or index. */
  vq_err: { kind: VqErrKind; message: string; head: number; ret: number };
  /** The walkthrough ended (an engine marker, not a kernel event): every frame made its way. */
  scenario_done: { packets: number; kicks: number; calls: number };
  // QEMU: PCI configuration space, BARs, INTx and MSI-X (hw/pci/pci.c, hw/pci/msix.c, hw/pci/msi.c)
  /** pci_default_read_config: the guest read `len` bytes of a function's config space. */
  pci_config_read: { dev: string; addr: number; len: number; value: number };
  /** pci_default_write_config: a config write, through the write mask (wmask) and the write-1-to-clear mask; `before`/`after` are the bytes read back. */
  pci_config_write: { dev: string; addr: number; len: number; value: number; before: number; after: number };
  /** pci_irq_handler (or a COMMAND.INTX_DISABLE change): an INTx pin changed level; PCI_STATUS follows; `bus` is what the interrupt controller sees (null: INTx disabled, the line stays). */
  pci_intx_level: { dev: string; pin: number; level: 0 | 1; status: number; disabled: boolean; bus: 0 | 1 | null };
  /** msix_write_config: Message Control byte 1 written (QEMU's trace point "dev %s enabled %d masked %d"). */
  msix_write_config: { dev: string; enabled: boolean; masked: boolean };
  /** msix_table_mmio_write: the guest wrote one dword of a table entry; `maskBit` is the entry's Vector Control bit 0 after it, `masked` the vector's whole masked state (bit, Function Mask, or MSI-X off). */
  msix_table_write: { dev: string; entry: number; field: 'addr_lo' | 'addr_hi' | 'data' | 'vector_ctrl'; value: number; maskBit: boolean; wasMasked: boolean; masked: boolean };
  /** msix_table_mmio_read: the guest read one dword of a table entry. */
  msix_table_read: { dev: string; entry: number; field: 'addr_lo' | 'addr_hi' | 'data' | 'vector_ctrl'; value: number };
  /** msix_pba_mmio_read: the guest read a dword of the pending bit array. */
  msix_pba_read: { dev: string; offset: number; value: number };
  /** msix_handle_mask_update: a vector's masked state changed; `pending` is its PBA bit (set: it is delivered now if unmasked). */
  msix_mask_update: { dev: string; vector: number; wasMasked: boolean; masked: boolean; pending: boolean };
  /** msix_notify: the device raised a vector: dropped (no user declared it), left pending (masked), or sent. */
  msix_notify: { dev: string; vector: number; result: 'unused' | 'masked' | 'sent' };
  /** msix_set_pending: the vector's PBA bit is set; `pba` is the byte at `pbaOffset` after it. */
  msix_set_pending: { dev: string; vector: number; pba: number; pbaOffset: number };
  /** msix_clr_pending: the vector's PBA bit is cleared. */
  msix_clr_pending: { dev: string; vector: number; pba: number; pbaOffset: number };
  /** msi_send_message: the MSI write leaves the device (address, data); not delivered when bus mastering is off or nothing is behind msi_trigger. */
  msi_send_message: { dev: string; vector: number | null; address: number; data: number; delivered: boolean };
  /** msix_vector_use / msix_vector_unuse: the vector's user count. */
  msix_vector_use: { dev: string; vector: number; used: number };
  /** A vector notifier is about to run: use (vector unmasked, with its message), release (masked), or poll (from `vector` on). */
  msix_vector_notifier: { dev: string; vector: number; kind: 'use' | 'release' | 'poll'; address: number | null; data: number | null };
  /** pci_update_mappings: a BAR moved, appeared or disappeared in the guest's address space (QEMU traces pci_update_mappings_add / _del); null = unmapped. */
  pci_update_mappings: { dev: string; bar: number; old: number | null; addr: number | null; size: number };
  // QEMU: the virtio-pci proxy's registers and the device status (hw/virtio/virtio-pci.c, hw/virtio/virtio.c)
  /** virtio_pci_common_read: the guest read a common-config register (reg = its virtio_pci_common_cfg field name, "" for a hole). */
  virtio_pci_common_read: { dev: string; reg: string; off: number; size: number; value: number; queue: number };
  /** virtio_pci_common_write: the guest wrote a common-config register; `note` says what QEMU did with an odd value. */
  virtio_pci_common_write: { dev: string; reg: string; off: number; size: number; value: number; queue: number; note: string | null };
  /** virtio_set_status: the device status byte went from old to new (or stayed: accepted false); reason names the rule. */
  virtio_set_status: { dev: string; old: number; written: number; new: number; accepted: boolean; reason: string | null; state: string };
  /** virtio_error: the device set DEVICE_NEEDS_RESET (VERSION_1) and marked itself broken. */
  virtio_error: { dev: string; old: number; new: number; message: string };
  /** virtio_pci_isr_read (or the legacy ISR port): read-to-clear; INTx is deasserted. */
  virtio_pci_isr_read: { dev: string; isr: number; legacy: boolean };
  /** A doorbell write reached QEMU (virtio_pci_notify_write or the legacy QUEUE_NOTIFY port, without KVM's ioeventfd); the beat is inside virtio_queue_notify, `ignored` says why it went no further. */
  virtio_pci_notify_write: { dev: string; off: number; queue: number; ignored: string | null };
  /** The legacy I/O BAR (virtio_ioport_read / virtio_ioport_write, or device config behind them). */
  virtio_ioport_access: { dev: string; off: number; size: number; value: number; write: boolean; reg: string };
  /** virtio_pci_notify: the device raised an interrupt: an MSI-X message, the INTx level, or nothing (no vector). */
  virtio_pci_notify: { dev: string; vector: number; path: 'msix' | 'intx' | 'none'; isr: number };
  /** virtio_pci_reset → virtio_reset: queues, features, vectors and ISR cleared. */
  virtio_pci_reset: { dev: string };
  // Guest: the virtio-pci probe, vector allocation and interrupt handlers (drivers/virtio/virtio_pci_*.c)
  /** vp_modern_map_capability mapped a virtio capability virtio_pci_find_capability had found at `pos` (walking the list with pci_find_next_capability): its BAR window, length clamped to what the driver maps. */
  virtio_pci_cap: { cfgType: number; typeName: 'common' | 'notify' | 'isr' | 'device'; pos: number; bar: number; offset: number; length: number };
  /** vp_modern_probe mapped common/isr/notify/device and read notify_off_multiplier. */
  vp_modern_probe_done: { notifyOffMultiplier: number; notifyBar: number; notifyOffset: number; notifyLength: number; deviceCfg: boolean };
  /** The driver wrote device_status (vp_modern_set_status): 0 is the reset, otherwise the old status | a new bit. */
  virtio_status: { status: number; added: string };
  /** vp_modern_get_features: device_feature_select 0 and 1, device_feature read each time (low and high 32 bits). */
  vp_get_features: { lo: number; hi: number };
  /** vp_modern_set_features: guest_feature_select 0 and 1, the driver's features written (low and high 32 bits). */
  vp_set_features: { lo: number; hi: number };
  /** virtio_features_ok: FEATURES_OK set and device_status read back; the device keeps the bit only if it accepts the features. */
  virtio_features_ok: { status: number; ok: boolean };
  /** pci_alloc_irq_vectors_affinity(dev, n, n, PCI_IRQ_MSIX): n, or -EINVAL (no MSI-X capability) / -ENOSPC (table too small). */
  pci_alloc_irq_vectors: { policy: 'each' | 'shared-slow' | 'shared' | 'intx'; vectors: number; tableSize: number; result: number };
  /** request_irq: the handler installed on an MSI-X vector (or the INTx line: vector null) under the name /proc/interrupts shows. */
  request_irq: { vector: number | null; name: string; handler: 'vp_config_changed' | 'vring_interrupt' | 'vp_vring_interrupt' | 'vp_interrupt' };
  /** msix_config or queue_msix_vector written and read back: VIRTIO_MSI_NO_VECTOR (0xffff) means the device refused it (-EBUSY). */
  vp_vector_write: { reg: 'msix_config' | 'queue_msix_vector'; queue: number | null; vector: number; readBack: number };
  /** setup_vq: queue size read, ring laid out in guest memory, addresses written, notify address computed. */
  vp_setup_vq: { queue: number; name: string; num: number; desc: number; avail: number; used: number; vector: number; notifyAddr: number };
  /** vp_find_vqs: one try failed with -errno; the next policy (or INTx, or giving up) follows. */
  vp_find_vqs_fallback: { failed: 'each' | 'shared-slow' | 'shared' | 'intx'; err: number; errno: string; next: 'each' | 'shared-slow' | 'shared' | 'intx' | 'give-up' };
  /** vp_del_vqs released a failed try: vectors reset to NO_VECTOR, IRQs freed, MSI-X disabled. */
  vp_del_vqs: { queues: number; irqsFreed: number; msixDisabled: boolean };
  /** vp_modern_find_vqs: queue_select + queue_enable = 1, last, for every queue ("no way to go back except reset"). */
  vp_queue_enable: { queue: number };
  /** vp_interrupt (INTx): ioread8 of the ISR, which clears it; 0 means "not us" (IRQ_NONE). */
  vp_interrupt_isr: { isr: number; handled: boolean };
  /** vp_config_changed: the config-change handler (its own MSI-X vector, or ISR bit 1 under INTx). */
  vp_config_changed: { via: 'msix' | 'intx' };
  /** vring_interrupt for one queue, reached from a virtio-pci handler: more used entries → the queue's callback. */
  vring_interrupt_pci: { queue: number; name: string; more: boolean; via: 'vring_interrupt' | 'vp_vring_interrupt' | 'vp_vring_slow_path_interrupt' };
  // KVM routing and irqfd; QEMU's guest and host notifiers, main loop, and the TCG segfault
  /** KVM_SET_GSI_ROUTING reached kvm_set_irq_routing: the new table's size and the ioctl's result (0 or -EINVAL, old table kept). */
  kvm_set_irq_routing: { nr: number; ret: number };
  /** KVM_IRQFD: irqfd_wakeup put on the eventfd's wait queue for `gsi`; `pending`: the count was already non-zero, so it injects at once. */
  kvm_irqfd_assign: { fd: number; gsi: number; ret: number; pending: boolean };
  /** irqfd_wakeup on a signal of the call eventfd: the count consumed, the GSI's route looked up. */
  irqfd_wakeup: { fd: number; gsi: number; routed: boolean };
  /** kvm_set_msi_irq (tracepoint kvm_msi_set_irq): an MSI route's address/data decoded into the LAPIC interrupt. */
  kvm_msi_set_irq: { gsi: number; addressLo: number; addressHi: number; data: number; destId: number; vector: number; deliveryMode: number; destLogical: boolean; triggerLevel: boolean; redirHint: boolean };
  /** __apic_accept_irq (tracepoint kvm_apic_accept_irq): the x86 vector's IRR bit set in the destination vCPU's LAPIC; `coalesced`: it was already set. */
  kvm_apic_accept_irq: { apicId: number; vector: number; triggerLevel: boolean; coalesced: boolean };
  /** QEMU kvm_irqchip_add_msi_route (trace kvm_irqchip_add_msi_route): a GSI allocated for MSI-X `vector` with the entry's current message. */
  kvm_irqchip_add_msi_route: { vector: number; virq: number; addressLo: number; addressHi: number; data: number };
  /** QEMU kvm_irqchip_update_msi_route: the guest changed a vector's message, the GSI's route is rewritten. */
  kvm_irqchip_update_msi_route: { virq: number; addressLo: number; addressHi: number; data: number };
  /** QEMU kvm_irqchip_commit_routes: the whole table handed to KVM_SET_GSI_ROUTING. */
  kvm_irqchip_commit_routes: { nr: number };
  /** QEMU kvm_irqchip_assign_irqfd: KVM_IRQFD binding the guest notifier's fd to `virq`. */
  kvm_irqchip_assign_irqfd: { fd: number; virq: number; ret: number };
  /** event_notifier_init: an eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) for a notifier (the virtqueue's guest or host notifier). */
  event_notifier_init: { fd: number; role: 'kick' | 'call'; queue: number; active: boolean };
  /** virtio_queue_set_guest_notifier_fd_handler: the main loop will (handler set) or will not (irqfd, or deassign) poll the call fd. */
  guest_notifier_fd_handler: { queue: number; fd: number; handler: 'virtio_queue_guest_notifier_read' | null };
  /** virtio_pci_set_guest_notifiers: the branch taken (with_irqfd = msix_enabled && kvm_msi_via_irqfd_enabled). */
  virtio_pci_set_guest_notifiers: { nvqs: number; assign: boolean; withIrqfd: boolean; msix: boolean; useGuestNotifierMask: boolean; vectorNotifiers: boolean };
  /** virtio_pci_vq_vector_unmask: a queue's vector unmasked; `path` says what it does: unmask the vhost notifier, or set up the irqfd now. */
  virtio_pci_vq_vector_unmask: { queue: number; vector: number; path: 'guest_notifier_mask' | 'irqfd' };
  /** vhost_virtqueue_mask: the back-end's call fd switched to the guest notifier (unmask) or to the masked notifier (mask). */
  vhost_virtqueue_mask: { queue: number; mask: boolean; fd: number };
  /** The main loop's poll returned (qemu_poll_ns): the fds it watched and those ready. */
  main_loop_poll: { fds: number[]; ready: number[] };
  /** aio_dispatch_handler: the handler of a ready fd runs. */
  aio_dispatch_handler: { fd: number; handler: 'virtio_queue_guest_notifier_read' | 'virtio_queue_host_notifier_read' };
  /** virtio_queue_guest_notifier_read: event_notifier_test_and_clear took `count` from the call eventfd. */
  guest_notifier_read: { queue: number; fd: number; count: number };
  /** virtio_queue_host_notifier_read: the kick eventfd (TCG's ioeventfd emulation) read, the queue's handler runs. */
  host_notifier_read: { queue: number; fd: number; count: number };
  /** virtio_irq: ISR bit 0 set, then virtio_notify_vector → the transport's notify (virtio_pci_notify). */
  virtio_irq: { queue: number; vector: number; isr: number };
  /** virtio_pci_notify without MSI-X: pci_set_irq(isr & 1) raises INTx; with MSI-X: msix_notify(vector). */
  virtio_pci_notify_irq: { vector: number; msix: boolean; level: number };
  /** QEMU dereferenced a bad pointer and died with SIGSEGV: the faulting frame and expression, and the whole backtrace (innermost first). After it, QEMU's threads stop. */
  qemu_segfault: { frame: string; expr: string; addr: number; backtrace: string[]; version: string };
}

/** A trace event type name. */
export type EventType = keyof EventFields;

/** One beat of the trace. `stack` is the simulated call stack, outermost first; `doc` the source document it illustrates. */
export type TraceEvent = {
  [K in EventType]: { seq: number; actor: string; type: K; f: EventFields[K]; stack: readonly FrameId[]; doc: DocId };
}[EventType];

/** Which real component's code emits an event type (for lanes and colours). */
export type Component = 'linux-guest' | 'kvm' | 'qemu' | 'linux-host' | 'tap' | 'dpdk' | 'engine';

/** Static facts about an event type. */
export interface EventInfo {
  component: Component;
  /** The source document the beat illustrates (seeds by title, the spec by section, or the kernel file itself). */
  doc: DocId;
  /** Spec section, when `doc` is the virtio spec. */
  section?: string;
  /** The real function this beat is a call of (the innermost frame must be it); absent: a label inside the innermost frame. */
  fn?: FrameId;
}

export const EVENT_INFO = {
  vring_create: { component: 'linux-guest', doc: 'seed-003' },
  vhost_vring_setup: { component: 'qemu', doc: 'seed-000' },
  vhost_net_set_backend: { component: 'linux-host', doc: 'seed-002' },
  virtnet_buf_prepare: { component: 'linux-guest', doc: 'virtio-spec', section: '§5.1.6' },
  virtqueue_add_enospc: { component: 'linux-guest', doc: 'linux-source' },
  netif_tx_stop_queue: { component: 'linux-guest', doc: 'linux-source' },
  netif_tx_wake_queue: { component: 'linux-guest', doc: 'linux-source' },
  virtqueue_add_indirect: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.5.3', fn: 'alloc_indirect_split' },
  virtqueue_add_desc: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.13', fn: 'virtqueue_add_desc_split' },
  virtqueue_add_last: { component: 'linux-guest', doc: 'linux-source' },
  virtqueue_add_avail: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.13' },
  virtqueue_publish_avail: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.13' },
  virtqueue_kick_prepare: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.7', fn: 'virtqueue_kick_prepare_split' },
  vp_notify: { component: 'linux-guest', doc: 'seed-000', fn: 'vp_notify' },
  eventfd_signal: { component: 'kvm', doc: 'seed-000' },
  vhost_poll_wakeup: { component: 'linux-host', doc: 'seed-002', fn: 'vhost_poll_queue' },
  kvm_apic_set_irq: { component: 'kvm', doc: 'seed-000', fn: 'kvm_apic_set_irq' },
  virtqueue_disable_cb: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.7', fn: 'virtqueue_disable_cb_split' },
  virtqueue_enable_cb: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.7' },
  virtqueue_poll: { component: 'linux-guest', doc: 'linux-source', fn: 'virtqueue_poll_split' },
  napi_schedule: { component: 'linux-guest', doc: 'linux-source' },
  virtqueue_get_buf: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.14' },
  detach_buf: { component: 'linux-guest', doc: 'linux-source', fn: 'detach_buf_split' },
  virtqueue_get_buf_done: { component: 'linux-guest', doc: 'virtio-spec', section: '§2.6.7' },
  vring_bad_ring: { component: 'linux-guest', doc: 'linux-source' },
  virtnet_tx_done: { component: 'linux-guest', doc: 'linux-source' },
  receive_buf: { component: 'linux-guest', doc: 'virtio-spec', section: '§5.1.6.4' },
  vring_interrupt: { component: 'linux-guest', doc: 'seed-003', fn: 'vring_interrupt' },
  vcpu_io_exit: { component: 'qemu', doc: 'seed-000' },
  vcpu_io_done: { component: 'qemu', doc: 'seed-000' },
  eventfd_write: { component: 'linux-host', doc: 'seed-000' },
  intx_line: { component: 'kvm', doc: 'virtio-spec', section: '§4.1.4.5' },
  tcg_apic_set_irq: { component: 'qemu', doc: 'seed-000' },
  guest_irq_entry: { component: 'linux-guest', doc: 'seed-003' },
  guest_irq_done: { component: 'linux-guest', doc: 'seed-003' },
  guest_msix_mask: { component: 'linux-guest', doc: 'linux-source' },
  vhost_signal_call: { component: 'linux-host', doc: 'seed-000' },
  qmp_set_link: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.5' },
  host_notifier_assign: { component: 'qemu', doc: 'seed-000' },
  vhost_set_vring_kick: { component: 'qemu', doc: 'seed-000' },
  backend_elsewhere: { component: 'engine', doc: 'seed-000' },
  qmp_balloon: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.5' },
  virtio_notify_stimulus: { component: 'qemu', doc: 'seed-003' },
  guest_halt: { component: 'linux-guest', doc: 'linux-source' },
  guest_corrupt: { component: 'linux-guest', doc: 'linux-source' },
  tun_net_xmit: { component: 'tap', doc: 'linux-source', fn: 'tun_net_xmit' },
  vhost_worker_wake: { component: 'linux-host', doc: 'seed-002', fn: 'vhost_run_work_list' },
  vhost_worker_sleep: { component: 'linux-host', doc: 'seed-002' },
  vhost_exceeds_weight: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_exceeds_weight' },
  vhost_busy_poll: { component: 'linux-host', doc: 'seed-002', fn: 'vhost_net_busy_poll' },
  vhost_disable_notify: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.7', fn: 'vhost_disable_notify' },
  vhost_enable_notify: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.7', fn: 'vhost_enable_notify' },
  vhost_net_poll: { component: 'linux-host', doc: 'seed-002' },
  vhost_get_avail_idx: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_get_avail_idx' },
  vhost_get_avail_head: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_get_avail_head' },
  vhost_desc_read: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.5' },
  vhost_get_indirect: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.5.3', fn: 'get_indirect' },
  vhost_discard_vq_desc: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_discard_vq_desc' },
  vhost_net_build_xdp: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_net_build_xdp' },
  vhost_net_heads: { component: 'linux-host', doc: 'linux-source' },
  vhost_net_rx_peek_head_len: { component: 'linux-host', doc: 'linux-source', fn: 'vhost_net_rx_peek_head_len' },
  get_rx_bufs: { component: 'linux-host', doc: 'virtio-spec', section: '§5.1.6.4', fn: 'get_rx_bufs' },
  tun_sendmsg: { component: 'tap', doc: 'linux-source', fn: 'tun_sendmsg' },
  tun_recvmsg: { component: 'tap', doc: 'linux-source', fn: 'tun_recvmsg' },
  vhost_add_used: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.8', fn: '__vhost_add_used_n' },
  vhost_publish_used: { component: 'linux-host', doc: 'virtio-spec', section: '§2.6.8' },
  vhost_notify: { component: 'linux-host', doc: 'seed-000', fn: 'vhost_notify' },
  vq_err: { component: 'linux-host', doc: 'linux-source' },
  scenario_done: { component: 'engine', doc: 'virtio-spec' },
  pci_config_read: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4', fn: 'pci_default_read_config' },
  pci_config_write: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4', fn: 'pci_default_write_config' },
  pci_intx_level: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.5' },
  msix_write_config: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.5.1.2', fn: 'msix_write_config' },
  msix_table_write: { component: 'qemu', doc: 'seed-003', fn: 'msix_table_mmio_write' },
  msix_table_read: { component: 'qemu', doc: 'seed-003', fn: 'msix_table_mmio_read' },
  msix_pba_read: { component: 'qemu', doc: 'seed-003', fn: 'msix_pba_mmio_read' },
  msix_mask_update: { component: 'qemu', doc: 'seed-003', fn: 'msix_handle_mask_update' },
  msix_notify: { component: 'qemu', doc: 'seed-000', fn: 'msix_notify' },
  msix_set_pending: { component: 'qemu', doc: 'seed-003', fn: 'msix_set_pending' },
  msix_clr_pending: { component: 'qemu', doc: 'seed-003', fn: 'msix_clr_pending' },
  msi_send_message: { component: 'qemu', doc: 'seed-000', fn: 'msi_send_message' },
  msix_vector_use: { component: 'qemu', doc: 'seed-003' },
  msix_vector_notifier: { component: 'qemu', doc: 'seed-000' },
  pci_update_mappings: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4', fn: 'pci_update_mappings' },
  virtio_pci_common_read: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.3', fn: 'virtio_pci_common_read' },
  virtio_pci_common_write: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.3', fn: 'virtio_pci_common_write' },
  virtio_set_status: { component: 'qemu', doc: 'virtio-spec', section: '§2.1', fn: 'virtio_set_status' },
  virtio_error: { component: 'qemu', doc: 'virtio-spec', section: '§2.1.2', fn: 'virtio_error' },
  virtio_pci_isr_read: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.5' },
  virtio_pci_notify_write: { component: 'qemu', doc: 'seed-000' },
  virtio_ioport_access: { component: 'qemu', doc: 'virtio-spec', section: '§4.1.4.8' },
  virtio_pci_notify: { component: 'qemu', doc: 'seed-000', fn: 'virtio_pci_notify' },
  virtio_pci_reset: { component: 'qemu', doc: 'virtio-spec', section: '§2.1', fn: 'virtio_pci_reset' },
  virtio_pci_cap: { component: 'linux-guest', doc: 'virtio-spec', section: '§4.1.4', fn: 'vp_modern_map_capability' },
  vp_modern_probe_done: { component: 'linux-guest', doc: 'virtio-spec', section: '§4.1.4.4' },
  virtio_status: { component: 'linux-guest', doc: 'virtio-spec', section: '§3.1.1' },
  vp_get_features: { component: 'linux-guest', doc: 'virtio-spec', section: '§3.1.1' },
  vp_set_features: { component: 'linux-guest', doc: 'virtio-spec', section: '§3.1.1' },
  virtio_features_ok: { component: 'linux-guest', doc: 'virtio-spec', section: '§3.1.1', fn: 'virtio_features_ok' },
  pci_alloc_irq_vectors: { component: 'linux-guest', doc: 'seed-003', fn: 'pci_alloc_irq_vectors_affinity' },
  request_irq: { component: 'linux-guest', doc: 'seed-003', fn: 'request_threaded_irq' },
  vp_vector_write: { component: 'linux-guest', doc: 'seed-003' },
  vp_setup_vq: { component: 'linux-guest', doc: 'seed-003' },
  vp_find_vqs_fallback: { component: 'linux-guest', doc: 'seed-003' },
  vp_del_vqs: { component: 'linux-guest', doc: 'seed-003', fn: 'vp_del_vqs' },
  vp_queue_enable: { component: 'linux-guest', doc: 'seed-003', fn: 'vp_modern_set_queue_enable' },
  vp_interrupt_isr: { component: 'linux-guest', doc: 'seed-003', fn: 'vp_interrupt' },
  vp_config_changed: { component: 'linux-guest', doc: 'seed-003', fn: 'virtio_config_changed' },
  vring_interrupt_pci: { component: 'linux-guest', doc: 'seed-003', fn: 'vring_interrupt' },
  kvm_set_irq_routing: { component: 'kvm', doc: 'seed-000', fn: 'kvm_set_irq_routing' },
  kvm_irqfd_assign: { component: 'kvm', doc: 'seed-000', fn: 'kvm_irqfd_assign' },
  irqfd_wakeup: { component: 'kvm', doc: 'seed-000', fn: 'irqfd_wakeup' },
  kvm_msi_set_irq: { component: 'kvm', doc: 'seed-000', fn: 'kvm_set_msi_irq' },
  kvm_apic_accept_irq: { component: 'kvm', doc: 'seed-000', fn: '__apic_accept_irq' },
  kvm_irqchip_add_msi_route: { component: 'qemu', doc: 'seed-000', fn: 'kvm_irqchip_add_msi_route' },
  kvm_irqchip_update_msi_route: { component: 'qemu', doc: 'seed-000', fn: 'kvm_irqchip_update_msi_route' },
  kvm_irqchip_commit_routes: { component: 'qemu', doc: 'seed-000', fn: 'kvm_irqchip_commit_routes' },
  kvm_irqchip_assign_irqfd: { component: 'qemu', doc: 'seed-000', fn: 'kvm_irqchip_assign_irqfd' },
  event_notifier_init: { component: 'qemu', doc: 'seed-000', fn: 'event_notifier_init' },
  guest_notifier_fd_handler: { component: 'qemu', doc: 'seed-000', fn: 'event_notifier_set_handler' },
  virtio_pci_set_guest_notifiers: { component: 'qemu', doc: 'seed-000', fn: 'virtio_pci_set_guest_notifiers' },
  virtio_pci_vq_vector_unmask: { component: 'qemu', doc: 'seed-000', fn: 'virtio_pci_vq_vector_unmask' },
  vhost_virtqueue_mask: { component: 'qemu', doc: 'seed-000', fn: 'vhost_virtqueue_mask' },
  main_loop_poll: { component: 'qemu', doc: 'seed-000', fn: 'qemu_poll_ns' },
  aio_dispatch_handler: { component: 'qemu', doc: 'seed-000', fn: 'aio_dispatch_handler' },
  guest_notifier_read: { component: 'qemu', doc: 'seed-000', fn: 'event_notifier_test_and_clear' },
  host_notifier_read: { component: 'qemu', doc: 'seed-000', fn: 'virtio_queue_host_notifier_read' },
  virtio_irq: { component: 'qemu', doc: 'seed-000', fn: 'virtio_irq' },
  virtio_pci_notify_irq: { component: 'qemu', doc: 'seed-000' },
  qemu_segfault: { component: 'qemu', doc: 'seed-000' },
  // vhost-user (events-vhost-user.ts)
  vu_socket: { component: 'engine', doc: 'seed-001' },
  vu_send: { component: 'engine', doc: 'seed-001' },
  vu_recv: { component: 'engine', doc: 'seed-001' },
  vu_fault_injected: { component: 'engine', doc: 'seed-000' },
  vu_reject: { component: 'dpdk', doc: 'seed-000' },
  dpdk_log: { component: 'dpdk', doc: 'seed-000' },
  qemu_log: { component: 'qemu', doc: 'seed-001' },
  vu_apply: { component: 'dpdk', doc: 'seed-000' },
  vu_qemu_state: { component: 'qemu', doc: 'seed-001' },
  vu_notify_app: { component: 'dpdk', doc: 'seed-000' },
  dpdk_dequeue: { component: 'dpdk', doc: 'virtio-spec', section: '§2.6.13', fn: 'rte_vhost_dequeue_burst' },
  dpdk_enqueue: { component: 'dpdk', doc: 'virtio-spec', section: '§2.6.8', fn: 'rte_vhost_enqueue_burst' },
  dpdk_vring_call: { component: 'dpdk', doc: 'seed-000', fn: 'vhost_vring_call_split' },
} as const satisfies Record<EventType, EventInfo> as Record<EventType, EventInfo>;

/** All event types, in catalog order. */
export const EVENT_TYPES = Object.keys(EVENT_INFO) as EventType[];
