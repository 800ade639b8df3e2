/**
 * Walkthrough 1, "descriptor flow": a Linux 6.12 guest's virtio-net driver
 * and the host's vhost-net (Linux 6.12) move frames through one split
 * virtqueue in guest memory, set up by QEMU 7.2. TX: the guest adds
 * out-buffers and kicks; vhost copies the frames to tap0 in batches and
 * returns the heads in batches. RX: the guest fills the ring with receive
 * buffers; the host stack queues frames on tap0; vhost fills buffers and
 * calls. Sources: seeds 000 (kick and call), 002 (the vhost worker and its
 * polls), 003 (the interrupt handlers) and the virtio 1.1 spec.
 */
import { VIRTIO_NET_HDR_V1_SIZE, VIRTIO_NET_RX_QUEUE, VIRTIO_NET_TX_QUEUE } from '../abi/virtio-net';
import { VRING_DESC_SIZE, alignUp, legacyLayout, type VringLayout } from '../abi/virtio-ring';
import type { Ioeventfd } from '../kvm/ioeventfd';
import { irqfd } from '../kvm/irqfd';
import { Lapic, VQ_VECTOR_BASE } from '../kvm/lapic';
import { FAULTS, NEEDS_INDIRECT, NEEDS_TWO_ENTRIES, TX_ONLY } from '../linux-guest/faults';
import { NetQueueState, netQueueSize } from '../linux-guest/net-queue';
import { FRAG_PAGE_SIZE, PageFrag, pageFragStateSize } from '../linux-guest/page-frag';
import { vpNotify } from '../linux-guest/virtio-pci';
import { KVM_DOORBELL_EXIT_NS } from '../kvm/exit-cost';
import { PAGE_SIZE, TX_STOP_THRESHOLD, type GuestNet, type RxPool, type TxPool } from '../linux-guest/virtio-net';
import { BIG_BUF_ENTRIES, BIG_BUF_PAGES, guestRx, mergeableMinBufLen, smallBufTruesize } from '../linux-guest/virtio-net-rx';
import { guestTx } from '../linux-guest/virtio-net-tx';
import { Scatterlist, VringVirtqueue, vvqPrivateSize } from '../linux-guest/virtio-ring';
import { Tap, hostStack } from '../linux-host/tap';
import { NVQ, VHOST_NET_BATCH, XDP_BUF_SIZE, sockPolled, type VhostNet } from '../linux-host/vhost/net';
import { handleRx } from '../linux-host/vhost/net-rx';
import { handleTx } from '../linux-host/vhost/net-tx';
import { VHQ, VhostVirtqueue } from '../linux-host/vhost/vhost';
import { WORK_KICK, WORK_NET, vhostPoll, vhostTaskFn, vhostWorkerQueue } from '../linux-host/vhost/worker';
import { Arena, ArenaLayout, allocBacking } from '../mem/arena';
import { GuestMemory, type MemRegion } from '../mem/guest-memory';
import { EventFd } from '../os/eventfd';
import { Process } from '../os/fd-table';
import type { ActorContext, ActorSpec, Gen } from '../sched/actor';
import { COUNTERS_SIZE, Counters } from '../trace/counters';
import type { NetLayout } from '../trace/events';
import { MODELLED_VERSIONS } from '../trace/frames';
import { ruleProblem, type OptionProblem, type OptionTable, type OptionValues } from './options';
import type { Topology, VirtqueueInfo, VirtqueueLive, World } from './world';

/** A cache line, and how many one-line kernel-object slots the world takes (eventfds, LAPIC, work_list, link, tap's two, done). */
const CACHE_LINE = 64;
const KOBJ_SLOTS = 8;

/** Step mode records every beat; past this many frames, use free-run mode. */
export const STEP_MODE_MAX_PACKETS = 1024;
/** Per-frame arrival counts are kept up to this many frames; beyond, only the checksum counters. */
const MAX_TRACKED_FRAMES = 65536;
/** QEMU's VIRTQUEUE_MAX_SIZE: virtio-net's rx_queue_size / tx_queue_size go no higher. */
const QEMU_MAX_QUEUE_SIZE = 1024;
/** The guest's MTU is 1500 (no VIRTIO_NET_F_MTU): it sends frames of at most this many bytes. */
const GUEST_MAX_FRAME = 1514;
/** A tap with a 9000-byte MTU can hand the guest jumbo frames. */
const JUMBO_MAX_FRAME = 9014;
/** Guest RAM the big-buffer layout may take for its buffers. */
const BIG_BUF_RAM_LIMIT = 16 << 20;

/** The options a reader can change. */
export const descriptorFlowOptions = {
  dir: { kind: 'enum', default: 'tx', values: ['tx', 'rx'], help: 'tx: guest → tap0; rx: tap0 → buffers the guest posted' },
  packets: { kind: 'int', default: 4, min: 1, max: 10_000_000, help: `number of frames (step mode: at most ${STEP_MODE_MAX_PACKETS})` },
  size: { kind: 'int', default: 64, min: 60, max: JUMBO_MAX_FRAME, help: `Ethernet frame size in bytes, without the virtio_net_hdr (TX: at most ${GUEST_MAX_FRAME}; RX up to ${JUMBO_MAX_FRAME}, a jumbo tap)` },
  qsize: { kind: 'int', default: 32, min: 2, max: QEMU_MAX_QUEUE_SIZE, pow2: true, help: `queue size, a power of two up to QEMU's ${QEMU_MAX_QUEUE_SIZE} (TX needs at least 32)` },
  eventIdx: { kind: 'bool', default: true, help: 'negotiate VIRTIO_RING_F_EVENT_IDX (used_event / avail_event instead of flags)' },
  suppress: { kind: 'bool', default: true, help: 'notification suppression as Linux does it; off is a what-if: neither side ever asks the other to be quiet' },
  indirect: { kind: 'bool', default: false, help: 'negotiate VIRTIO_RING_F_INDIRECT_DESC (used for buffers of two or more pieces)' },
  txhdr: { kind: 'enum', default: 'pushed', values: ['pushed', 'separate'], help: 'TX header: pushed into the skb headroom, one descriptor (VERSION_1); separate: its own descriptor (a legacy device without ANY_LAYOUT, or an skb without headroom)' },
  rxbuf: { kind: 'enum', default: 'mergeable', values: ['mergeable', 'big', 'small'], help: 'RX buffers: mergeable (MRG_RXBUF, one descriptor each); big (no MRG_RXBUF, guest GSO: 19 entries each); small (neither: one 1530-byte descriptor)' },
  batch: { kind: 'int', default: 1, min: 1, max: 64, help: 'TX: frames the stack hands over in one burst (xmit_more on all but the last)' },
  inflight: { kind: 'int', default: 0, min: 0, max: 1024, help: 'TX: the sending application keeps at most this many frames outstanding, like a request-response app (0 = no limit)' },
  busyloop: { kind: 'int', default: 0, min: 0, max: 1000, help: "vhost's busyloop_timeout in µs (VHOST_SET_VRING_BUSYLOOP_TIMEOUT, QEMU's poll-us); 0 = off" },
  exitNs: { kind: 'int', default: 0, min: 0, max: 100_000, freeOnly: true, help: `free-run: the vCPU time each kick's VM exit and re-entry take, in ns, spent as a busy loop (a KVM fast-MMIO ioeventfd write measured ${KVM_DOORBELL_EXIT_NS} ns here: bench/native/kvm-exit.c); step mode spends none; 0 = free` },
  msix: { kind: 'enum', default: 'per-vq', values: ['per-vq', 'shared'], help: 'MSI-X vectors: one per queue (vring_interrupt is the handler) or one shared by all queues (vp_vring_interrupt)' },
  fault: { kind: 'enum', default: 'none', values: FAULTS, help: 'a misbehaving guest corrupts one chain, to see vhost reject it (vq_err)' },
  seed: { kind: 'int', default: 1, min: 0, max: 0x7fffffff, help: 'seed of the thread interleaving' },
} as const satisfies OptionTable;

/** Parsed options of this scenario. */
export type DescriptorFlowOptions = OptionValues<typeof descriptorFlowOptions>;

/** The buffer layout the options give. */
function layoutOf(o: DescriptorFlowOptions): NetLayout {
  return (o.dir === 'tx' ? o.txhdr : o.rxbuf) as NetLayout;
}

/** Whether the queue uses indirect descriptors: negotiated, and not a receive queue with a per-buffer context (mergeable, small). */
function queueIndirect(o: DescriptorFlowOptions): boolean {
  return o.indirect && !(o.dir === 'rx' && o.rxbuf !== 'big');
}

/** Extra checks across options (after each option was checked on its own). */
export function validateDescriptorFlow(o: DescriptorFlowOptions, mode: 'step' | 'free'): OptionProblem | undefined {
  const layout = layoutOf(o);
  if (o.dir === 'tx' && o.size > GUEST_MAX_FRAME)
    return ruleProblem('size', 'tx-max-frame', `the guest's MTU is 1500, so it sends frames of at most ${GUEST_MAX_FRAME} bytes`, { max: GUEST_MAX_FRAME });
  if (o.dir === 'tx' && o.qsize < 32)
    return ruleProblem('qsize', 'tx-min-qsize', `virtio-net stops a TX queue below ${TX_STOP_THRESHOLD} free descriptors (2 + MAX_SKB_FRAGS) and wakes it only at ${TX_STOP_THRESHOLD}, so a TX ring needs at least 32 entries`, { threshold: TX_STOP_THRESHOLD });
  if (layout === 'big') {
    if (!o.indirect && o.qsize < BIG_BUF_ENTRIES) return ruleProblem('qsize', 'big-min-qsize', `a big receive buffer takes ${BIG_BUF_ENTRIES} descriptors; use indirect=on or qsize ≥ 32`, { entries: BIG_BUF_ENTRIES });
    if (bigSlots(o) * BIG_BUF_PAGES * PAGE_SIZE > BIG_BUF_RAM_LIMIT) return ruleProblem('qsize', 'big-ram', 'big receive buffers are 72 KiB each; with indirect=on keep qsize ≤ 128');
  }
  if (TX_ONLY.has(o.fault as never) && o.dir !== 'tx') return ruleProblem('fault', 'tx-only-fault', `${o.fault} is a transmit fault (dir=tx)`, { fault: o.fault });
  if (NEEDS_INDIRECT.has(o.fault as never) && !queueIndirect(o))
    return ruleProblem('fault', 'needs-indirect', `${o.fault} needs an indirect table: indirect=on with txhdr=separate (TX) or rxbuf=big (RX)`, { fault: o.fault });
  if (NEEDS_TWO_ENTRIES.has(o.fault as never) && (layout === 'pushed' || layout === 'mergeable' || layout === 'small'))
    return ruleProblem('fault', 'needs-two-pieces', `${o.fault} needs buffers of two or more pieces: txhdr=separate (TX) or rxbuf=big (RX)`, { fault: o.fault });
  if (mode === 'step' && o.packets > STEP_MODE_MAX_PACKETS)
    return ruleProblem('packets', 'step-max-packets', `step mode shows at most ${STEP_MODE_MAX_PACKETS} frames (free-run mode takes more)`, { max: STEP_MODE_MAX_PACKETS });
  if (mode === 'free' && o.dir === 'rx' && layout !== 'mergeable' && o.size + VIRTIO_NET_HDR_V1_SIZE > rxBufCapacity(layout))
    return ruleProblem('size', 'free-frames-fit', 'these frames do not fit the receive buffers, so vhost would discard every one; free-run needs frames that arrive');
  return undefined;
}

/** Bytes of frame plus header one receive buffer of a non-mergeable layout holds. */
function rxBufCapacity(layout: NetLayout): number {
  return layout === 'big' ? BIG_BUF_PAGES * PAGE_SIZE - 32 + VIRTIO_NET_HDR_V1_SIZE : VIRTIO_NET_HDR_V1_SIZE + 1518;
}

/** Big buffers' page sets: as many as the ring holds at once, plus the one try_fill_recv carves before -ENOSPC stops it. */
function bigSlots(o: DescriptorFlowOptions): number {
  return (queueIndirect(o) ? o.qsize : Math.floor(o.qsize / BIG_BUF_ENTRIES)) + 1;
}

/**
 * The slice of guest RAM the walkthrough uses: the part of QEMU's pc.ram
 * RAMBlock that the machine maps above 4 GiB. QEMU's mapping address and the
 * BAR address of the notify region are illustrative (QEMU's mmap and the
 * guest's firmware choose the real ones).
 */
const RAM_GPA = 0x1_0000_0000;
const QEMU_RAM_HVA = 0x7f3a_4000_0000 + 0xc000_0000;
const QEMU_PID = 4242;
/** The modern virtio-pci BAR (BAR4) and QEMU's layout in it: the notify region at 0x3000, notify_off_multiplier 4. */
const VIRTIO_PCI_BAR4 = 0xfe00_0000;
const NOTIFY_REGION = 0x3000;
const NOTIFY_OFF_MULTIPLIER = 4;

/** Sizes derived from the options: buffer pools, guest RAM, host sections, arena. */
function sizing(o: DescriptorFlowOptions) {
  const num = o.qsize;
  const layout = layoutOf(o);
  const hdrLen = VIRTIO_NET_HDR_V1_SIZE;
  const ring = legacyLayout(num, 64); // vring_alloc_queue_split with SMP_CACHE_BYTES alignment, as the modern driver does
  const txSlots = o.dir === 'tx' ? num : 0;
  const txData = alignUp(64 + GUEST_MAX_FRAME, 64);
  const bigCount = layout === 'big' ? bigSlots(o) : 0;
  const fragBuf = layout === 'small' ? smallBufTruesize(hdrLen) : PAGE_SIZE;
  const fragPages = layout === 'mergeable' || layout === 'small' ? Math.ceil(num / Math.floor(FRAG_PAGE_SIZE / fragBuf)) + 2 : 0;
  const slots = o.dir === 'tx' ? txSlots : bigCount;
  const guestBytes =
    alignUp(ring.size, 4096) +
    vvqPrivateSize(num) +
    netQueueSize(slots) +
    txSlots * (64 + txData + 2 * VRING_DESC_SIZE) +
    bigCount * (BIG_BUF_PAGES * PAGE_SIZE + BIG_BUF_ENTRIES * VRING_DESC_SIZE) +
    pageFragStateSize(fragPages) +
    (fragPages ? (fragPages + 1) * FRAG_PAGE_SIZE : 0) +
    8 * 4096;
  const ramSize = alignUp(guestBytes, 0x10000);
  const hostSize = alignUp(VHQ.size + NVQ.size + VHOST_NET_BATCH * XDP_BUF_SIZE + 256, 4096);
  const tracked = o.packets <= MAX_TRACKED_FRAMES ? o.packets : 0;
  const kobjSize = alignUp(KOBJ_SLOTS * CACHE_LINE + CACHE_LINE + COUNTERS_SIZE + tracked, CACHE_LINE);
  return { num, layout, hdrLen, ring, txSlots, txData, bigCount, fragPages, slots, ramSize, hostSize, tracked, kobjSize, arenaSize: ramSize + hostSize + kobjSize };
}

/** Bytes of the arena a world for `o` needs (to allocate a shared buffer for free-run workers). */
export function descriptorFlowArenaSize(o: DescriptorFlowOptions): number {
  return sizing(o).arenaSize;
}

/**
 * Build the world for `o`: over a new buffer (`true` = shared, `false` = plain),
 * or over an existing one of descriptorFlowArenaSize(o) bytes (free-run threads
 * each build the same world over the same SharedArrayBuffer).
 */
export function buildDescriptorFlow(o: DescriptorFlowOptions, backing: boolean | ArrayBuffer | SharedArrayBuffer): World<VirtqueueInfo, VirtqueueLive> {
  const dir = o.dir as 'tx' | 'rx';
  const sz = sizing(o);
  const { num, layout, hdrLen, ring, ramSize, hostSize, tracked, kobjSize, arenaSize } = sz;
  if (typeof backing !== 'boolean' && backing.byteLength !== arenaSize) throw new Error(`arena is ${backing.byteLength} bytes, options need ${arenaSize}`);
  const arena = new Arena(typeof backing === 'boolean' ? allocBacking(arenaSize, backing) : backing);
  const host = new ArenaLayout(ramSize, ramSize + hostSize);
  const kobj = new ArenaLayout(ramSize + hostSize, ramSize + hostSize + kobjSize);

  // Guest RAM: one region, mapped by QEMU at QEMU_RAM_HVA (the memory table vhost receives).
  const regions: MemRegion[] = [{ gpa: RAM_GPA, size: ramSize, hva: QEMU_RAM_HVA, arenaOff: 0, name: 'ram-above-4g' }];
  const mem = new GuestMemory(arena, regions);
  const queue = dir === 'tx' ? VIRTIO_NET_TX_QUEUE : VIRTIO_NET_RX_QUEUE;
  const vqName = dir === 'tx' ? 'output.0' : 'input.0';
  const base = mem.alloc(ring.size, 4096, `vring ${vqName} (desc, avail, used)`, 'ring', 'vring', { queue: vqName });
  const layoutGpa: VringLayout = { num, desc: base + ring.desc, avail: base + ring.avail, used: base + ring.used };
  const priv = mem.alloc(vvqPrivateSize(num), 64, 'struct vring_virtqueue (driver private)', 'driver-private', 'vring-private');
  const nq = new NetQueueState(mem, mem.alloc(netQueueSize(sz.slots), 64, `struct ${dir === 'tx' ? 'send' : 'receive'}_queue (driver private)`, 'driver-private', 'queue-private', { struct: `${dir === 'tx' ? 'send' : 'receive'}_queue` }), sz.slots);

  // Buffers: skbs for TX; page frags or big-buffer pages for RX.
  let tx: TxPool | undefined;
  let rx: RxPool | undefined;
  if (dir === 'tx') {
    const cbs = mem.alloc(sz.txSlots * 64, 64, `struct sk_buff × ${sz.txSlots} (cb holds a header that is not pushed)`, 'driver-private', 'skb-cb', { n: sz.txSlots });
    const datas = mem.alloc(sz.txSlots * sz.txData, 64, `skb data × ${sz.txSlots} (64 bytes of headroom, then the frame)`, 'buffer', 'skb-data', { n: sz.txSlots });
    const tables = mem.alloc(sz.txSlots * 2 * VRING_DESC_SIZE, 16, `indirect tables × ${sz.txSlots}`, 'indirect', 'indirect-tables', { n: sz.txSlots });
    tx = {
      data: (s) => datas + s * sz.txData + 64,
      cb: (s) => cbs + s * 64 + 40,
      indirect: (s) => tables + s * 2 * VRING_DESC_SIZE,
      slotOf: (token) => {
        const s = (token - datas - 64) / sz.txData;
        return Number.isInteger(s) && s >= 0 && s < sz.txSlots ? s : -1;
      },
    };
  } else {
    const fragState = mem.alloc(pageFragStateSize(sz.fragPages), 64, 'page_frag allocator (struct page refcounts)', 'driver-private', 'page-frag-state');
    const fragBase = sz.fragPages ? mem.alloc(sz.fragPages * FRAG_PAGE_SIZE, FRAG_PAGE_SIZE, `receive page frags × ${sz.fragPages} (32 KiB)`, 'buffer', 'page-frags', { n: sz.fragPages }) : 0;
    const bigBase = sz.bigCount ? mem.alloc(sz.bigCount * BIG_BUF_PAGES * PAGE_SIZE, PAGE_SIZE, `big receive buffers × ${sz.bigCount} (${BIG_BUF_PAGES} pages)`, 'buffer', 'big-bufs', { n: sz.bigCount, pages: BIG_BUF_PAGES }) : 0;
    const bigTables = sz.bigCount ? mem.alloc(sz.bigCount * BIG_BUF_ENTRIES * VRING_DESC_SIZE, 16, `indirect tables × ${sz.bigCount}`, 'indirect', 'indirect-tables', { n: sz.bigCount }) : 0;
    const bigStride = BIG_BUF_PAGES * PAGE_SIZE;
    rx = {
      frag: new PageFrag(mem, fragState, fragBase, sz.fragPages),
      bigPages: (s) => bigBase + s * bigStride,
      bigIndirect: (s) => bigTables + s * BIG_BUF_ENTRIES * VRING_DESC_SIZE,
      bigSlotOf: (token) => (token - bigBase) / bigStride,
      minBufLen: mergeableMinBufLen(hdrLen, num),
    };
  }

  // Kernel objects: eventfds, the vCPU's LAPIC, the worker's work_list, the tap's ring, counters.
  // Each slot has a cache line of its own, as the kernel's objects do: one written by both threads must not drag its neighbours along.
  const slot = (): number => kobj.take(CACHE_LINE, CACHE_LINE) >> 2;
  const counters = new Counters(arena, kobj.take(COUNTERS_SIZE, CACHE_LINE));
  const kickEfd = new EventFd(arena, slot(), 'kick');
  const callEfd = new EventFd(arena, slot(), 'call');
  const lapic = new Lapic(arena, slot());
  const workSlot = slot();
  const linkSlot = slot();
  const tapQueued = slot();
  const tapTaken = slot();
  const doneSlot = slot();
  const arrivals = kobj.take(tracked, 1);

  // QEMU's fd table: tap and vhost-net opened first, then the two event notifiers (event_notifier_init).
  const qemu = new Process(QEMU_PID, 'qemu-system-x86_64', 25);
  const tapFd = qemu.install({ label: '/dev/net/tun (tap0)', role: 'tap' });
  qemu.install({ label: '/dev/vhost-net', role: 'vhost-net' });
  const kickFd = qemu.install({ label: `eventfd: host notifier (kick) vq ${queue}`, role: 'kick', queue });
  const callFd = qemu.install({ label: `eventfd: guest notifier (call) vq ${queue}`, role: 'call', queue });
  const fdObjects = new Map<number, EventFd>([
    [kickFd, kickEfd],
    [callFd, callEfd],
  ]);

  const vvq = new VringVirtqueue(mem, layoutGpa, priv, queue);
  vvq.suppress = o.suppress;
  const hvq = new VhostVirtqueue(
    arena,
    host.take(VHQ.size, 8),
    regions,
    { desc: QEMU_RAM_HVA + layoutGpa.desc - RAM_GPA, avail: QEMU_RAM_HVA + layoutGpa.avail - RAM_GPA, used: QEMU_RAM_HVA + layoutGpa.used - RAM_GPA },
    queue,
  );
  hvq.callCtx = callEfd;
  hvq.callFd = callFd;
  hvq.suppress = o.suppress;
  hvq.counters = counters;

  // Interrupt routing: the queue's MSI-X entry (config takes entry 0; with a vector per queue receiveq1 gets 1 and
  // transmitq1 2, in find_vqs order; shared, every queue uses 1), the x86 vector the guest gave it, its handler.
  const shared = o.msix === 'shared';
  const msixEntry = shared ? 1 : 1 + (dir === 'tx' ? 1 : 0);
  const vector = VQ_VECTOR_BASE + msixEntry;
  const handler = shared ? 'vp_vring_interrupt' : 'vring_interrupt';
  const irqName = shared ? 'virtio0-virtqueues' : `virtio0-${vqName}`;
  const line = 0;

  // KVM: the ioeventfd on the queue's notify address, and the irqfd on the call eventfd (KVM_IOEVENTFD / KVM_IRQFD).
  const notifyAddr = VIRTIO_PCI_BAR4 + NOTIFY_REGION + queue * NOTIFY_OFF_MULTIPLIER;
  const ioeventfds: Ioeventfd[] = [{ addr: notifyAddr, efd: kickEfd, fd: kickFd }];
  vvq.notify = (ctx) => vpNotify(ctx, queue, notifyAddr, ioeventfds, o.exitNs);
  callEfd.addWaitQueue(irqfd(callEfd, callFd, lapic, line, vector));
  // vhost's poll on the kick eventfd (VHOST_SET_VRING_KICK → vhost_poll_start): vhost_poll_wakeup queues handle_*_kick.
  kickEfd.addWaitQueue(vhostPoll(arena, workSlot, dir, WORK_KICK));

  const nvq = host.take(NVQ.size, 8);
  const xdp = host.take(VHOST_NET_BATCH * XDP_BUF_SIZE, 64);
  const socketPoll = vhostPoll(arena, workSlot, dir, WORK_NET);
  const tap = new Tap(arena, tapQueued, tapTaken, arrivals, tracked, o.packets, o.size, hdrLen, o.seed, counters, function* (ctx) {
    // sock_def_readable wakes the socket's wait queue: vhost's RX poll is on it only while vhost_net_enable_vq left it there.
    if (sockPolled(net)) yield* socketPoll.wake(ctx);
  });
  const net: VhostNet = { arena, vq: hvq, dir, tap, nvq, xdp, workSlot, counters, vhostHlen: 0, sockHlen: hdrLen, mergeable: layout === 'mergeable' };

  const g: GuestNet = {
    vq: vvq,
    dir,
    lapic,
    line,
    vector,
    handler,
    counters,
    layout,
    hdrLen,
    frames: o.packets,
    frameLen: o.size,
    batch: o.batch,
    inflight: o.inflight,
    seed: o.seed,
    q: nq,
    sg: new Scatterlist(),
    tx,
    rx,
    arrive: (seq, ok, len) => tap.arrive(seq, ok, len),
    doneSlot,
    fault: o.fault as GuestNet['fault'],
    faultAt: Math.min(1, o.packets - 1),
    ramEnd: RAM_GPA + ramSize,
  };

  /** Probe: find_vqs lays out the ring and requests its interrupt; DRIVER_OK exits to QEMU, which starts vhost-net. */
  function* probe(ctx: ActorContext): Gen {
    yield* ctx.call(
      'virtnet_probe',
      (function* () {
        // init_vqs → virtnet_find_vqs → virtio_find_vqs → vp_modern_find_vqs → vp_find_vqs → vp_find_vqs_msix (vector policy EACH, or SHARED).
        vvq.init(o.eventIdx, queueIndirect(o));
        if (dir === 'tx' || layout === 'big') nq.init();
        if (rx) rx.frag.init();
        if (ctx.tracing) yield ctx.ev(
          'vring_create',
          { queue, num, desc: layoutGpa.desc, avail: layoutGpa.avail, used: layoutGpa.used, eventIdx: o.eventIdx, indirect: queueIndirect(o), msixEntry, irqName, handler },
          'init_vqs',
          'virtnet_find_vqs',
          'virtio_find_vqs',
          'vp_modern_find_vqs',
          'vp_find_vqs',
          'vp_find_vqs_msix',
        );
        // virtio_device_ready: the status write exits to QEMU on this vCPU thread (seed 000's backtraces).
        const qemuStart = ['virtio_device_ready', 'vp_set_status', 'kvm_cpu_exec', 'memory_region_dispatch_write', 'virtio_pci_common_write', 'virtio_set_status', 'virtio_net_set_status', 'virtio_net_vhost_status', 'vhost_net_start', 'vhost_net_start_one'] as const;
        hvq.init(num, 0, o.eventIdx, o.busyloop);
        if (ctx.tracing) yield ctx.ev(
          'vhost_vring_setup',
          { queue, num, descHva: hvq.addr.desc, availHva: hvq.addr.avail, usedHva: hvq.addr.used, kickFd, callFd },
          ...qemuStart,
          'vhost_dev_start',
          'vhost_virtqueue_start',
        );
        // VHOST_NET_SET_BACKEND: tap0 is attached and vhost_net_enable_vq starts polling its socket.
        arena.aStore((nvq + NVQ.sock_polled) >> 2, 1);
        arena.aStore(linkSlot, 1);
        const backendFrames = [...qemuStart, 'vhost_net_set_backend@qemu', 'vhost_kernel_net_set_backend', 'vhost_kernel_call', 'vhost_net_ioctl', 'vhost_net_set_backend', 'vhost_net_enable_vq', 'vhost_poll_start'] as const;
        // vfs_poll on tap0: always writable (EPOLLOUT, which the TX poll waits for), readable only with a frame queued.
        const ready = dir === 'tx' ? 'handle_tx_net' : null;
        if (ctx.tracing) yield ctx.ev('vhost_net_set_backend', { queue, tapFd, mask: dir === 'tx' ? 'EPOLLOUT' : 'EPOLLIN', queued: ready }, ...backendFrames);
        if (ready) {
          const queued = vhostWorkerQueue(arena, workSlot, WORK_NET);
          if (ctx.tracing) yield ctx.ev('vhost_poll_wakeup', { work: ready, queued }, ...backendFrames, 'vhost_poll_wakeup', 'vhost_poll_queue');
        }
      })(),
    );
  }

  // The guest vCPU: probe, then the driver's loop. A thread continuing a paused run (the link is already up) goes straight to the loop.
  function* vcpu(ctx: ActorContext): Gen {
    if (arena.aLoad(linkSlot) === 0) yield* probe(ctx);
    yield* dir === 'tx' ? guestTx(ctx, g) : guestRx(ctx, g, () => counters.get('framesDropped'));
  }
  function* worker(ctx: ActorContext): Gen {
    yield* vhostTaskFn(ctx, arena, workSlot, dir, function* (work) {
      const kick = work === WORK_KICK;
      yield* ctx.call(`handle_${dir}_${kick ? 'kick' : 'net'}` as const, ctx.call(dir === 'tx' ? 'handle_tx' : 'handle_rx', dir === 'tx' ? handleTx(ctx, net) : handleRx(ctx, net)));
    });
  }
  function* stack(ctx: ActorContext): Gen {
    // The tap carries traffic only once vhost_net_start attached it (VHOST_NET_SET_BACKEND).
    yield ctx.wait(linkSlot, 0, 'link-up');
    yield* hostStack(ctx, tap);
  }

  const actors: ActorSpec[] = [
    { id: 'vcpu0', name: 'CPU 0/KVM', where: 'guest', body: vcpu },
    { id: 'vhost', name: `vhost-${QEMU_PID}`, where: 'host', body: (ctx) => ctx.call('vhost_task_fn', worker(ctx)) },
  ];
  if (dir === 'rx') actors.push({ id: 'hoststack', name: 'host stack → tap0', where: 'host', body: stack });

  // The overview: the threads, memory, fds and KVM objects this world has, and the links beats use.
  const topology: Topology = {
    nodes: [
      { id: 'vcpu0', group: 'guest', role: 'vcpu', name: 'CPU 0/KVM', panel: 'threads' },
      { id: 'ring', group: 'guest-ram', role: 'vring', name: vqName, panel: 'ring' },
      { id: 'buffers', group: 'guest-ram', role: 'buffers', name: layout, panel: 'memory' },
      { id: 'ioeventfd', group: 'kvm', role: 'ioeventfd', name: `0x${notifyAddr.toString(16)}`, panel: null },
      { id: 'irqfd', group: 'kvm', role: 'irqfd', name: `fd ${callFd}`, panel: null },
      { id: 'lapic', group: 'kvm', role: 'lapic', name: `0x${vector.toString(16)}`, panel: null },
      { id: `fd:${kickFd}`, group: 'host-kernel', role: 'kick-eventfd', name: `fd ${kickFd}`, panel: 'fds' },
      { id: `fd:${callFd}`, group: 'host-kernel', role: 'call-eventfd', name: `fd ${callFd}`, panel: 'fds' },
      { id: 'vhost', group: 'host-kernel', role: 'vhost-worker', name: `vhost-${QEMU_PID}`, panel: 'threads' },
      { id: 'tap0', group: 'host-kernel', role: 'tap', name: 'tap0', panel: null },
      ...(dir === 'rx' ? [{ id: 'hoststack', group: 'host-kernel' as const, role: 'host-stack' as const, name: 'host stack', panel: 'threads' as const }] : []),
      { id: 'qemu', group: 'host-user', role: 'qemu', name: `qemu-system-x86_64 (${QEMU_PID})`, panel: 'fds' },
    ],
    links: [
      ['vcpu0', 'ring'],
      ['vcpu0', 'buffers'],
      ['vcpu0', 'ioeventfd'],
      ['ioeventfd', `fd:${kickFd}`],
      [`fd:${kickFd}`, 'vhost'],
      ['ring', 'vhost'],
      ['buffers', 'vhost'],
      ['vhost', 'tap0'],
      ['tap0', 'buffers'],
      ['vhost', `fd:${callFd}`],
      [`fd:${callFd}`, 'irqfd'],
      ['irqfd', 'lapic'],
      ['lapic', 'vcpu0'],
      ['vcpu0', 'qemu'],
      ['qemu', 'vhost'],
      ['qemu', 'tap0'],
      ...(dir === 'rx' ? [['hoststack', 'tap0']] : []),
    ].map(([from, to]) => ({ from: from!, to: to! })),
  };

  return {
    arena,
    actors,
    doneSlot,
    spendsTime: o.exitNs > 0,
    info: {
      kind: 'virtqueue',
      scenario: 'descriptor-flow',
      options: { ...o },
      versions: [
        { role: 'kernel', name: MODELLED_VERSIONS['linux-6.12'] },
        { role: 'qemu', name: MODELLED_VERSIONS['qemu-7.2'] },
      ],
      arenaSize: arena.size,
      regions,
      allocs: mem.allocs,
      ring: { ...layoutGpa, queue, eventIdx: o.eventIdx, indirect: queueIndirect(o) },
      threads: actors.map(({ id, name, where }) => ({ id, name, where })),
      dir,
      frames: o.packets,
      layout,
      hdrLen,
      irq: { msixEntry, vector, irqName, handler, notifyAddr },
      fds: { kick: kickFd, call: callFd, tap: tapFd },
      topology,
    },
    counters: () => counters.read(),
    live: () => ({
      kind: 'virtqueue',
      counters: counters.read(),
      driver: {
        numFree: vvq.numFree,
        freeHead: vvq.freeHead,
        lastUsedIdx: vvq.lastUsedIdx,
        availIdxShadow: vvq.availIdxShadow,
        availFlagsShadow: vvq.availFlagsShadow,
        numAdded: vvq.numAdded,
        broken: vvq.broken,
        stopped: nq.stopped,
        napiScheduled: nq.napiScheduled,
      },
      device: {
        lastAvailIdx: hvq.lastAvailIdx,
        availIdx: hvq.availIdx,
        lastUsedIdx: hvq.lastUsedIdx,
        usedFlags: hvq.usedFlags,
        signalledUsed: hvq.signalledUsed,
        signalledUsedValid: hvq.signalledUsedValid,
        doneIdx: arena.r32(nvq + NVQ.done_idx),
        batchedXdp: arena.r32(nvq + NVQ.batched_xdp),
        sockPolled: sockPolled(net),
      },
      fds: qemu.entries().map(([fd, f]) => ({ process: qemu.name, pid: qemu.pid, fd, label: f.label, role: f.role, queue: f.queue, count: fdObjects.get(fd)?.count() ?? null })),
      irqPending: lapic.pending(),
      work: arena.aLoad(workSlot),
      arrivals: Array.from({ length: tracked }, (_, i) => tap.arrivalsOf(i)),
    }),
  };
}

