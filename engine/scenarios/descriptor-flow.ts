/**
 * Walkthrough 1, "descriptor flow": a Linux guest's virtio-net driver and the
 * host's vhost-net move frames through one split virtqueue in guest memory.
 * TX: the guest adds out-buffers, kicks, vhost sends them to the tap and
 * returns them. RX: the guest posts in-buffers, the host stack queues frames
 * on the tap, vhost fills the buffers and interrupts the guest.
 * Source: seed 000 "qemu + dpdk vq->callfd" and the virtio 1.1 spec §2.6.
 */
import { VIRTIO_NET_RX_QUEUE, VIRTIO_NET_TX_QUEUE } from '../abi/virtio-net';
import { VRING_DESC_SIZE, alignUp, legacyLayout, type VringLayout } from '../abi/virtio-ring';
import { Lapic, VQ_VECTOR_BASE } from '../kvm/lapic';
import { FAULTS, NEEDS_INDIRECT } from '../linux-guest/faults';
import { guestRx, guestTx, type GuestNet, type NetBuf } from '../linux-guest/virtio-net';
import { NetQueueState, netQueueSize } from '../linux-guest/net-queue';
import { VringVirtqueue, vvqPrivateSize } from '../linux-guest/virtio-ring';
import { WORK_KICK, WORK_NET, vhostPollQueue, vhostWorker, type VhostNet } from '../linux-host/vhost/net';
import { VHQ, VhostVirtqueue } from '../linux-host/vhost/vhost';
import { Tap, hostStack } from '../linux-host/tap';
import { Arena, ArenaLayout, allocBacking } from '../mem/arena';
import { GuestMemory, type MemRegion } from '../mem/guest-memory';
import { EventFd } from '../os/eventfd';
import { Process } from '../os/fd-table';
import type { ActorContext, ActorSpec, Gen } from '../sched/actor';
import { COUNTERS_SIZE, Counters } from '../trace/counters';
import type { OptionTable, OptionValues } from './options';
import type { World } from './world';

/** Step mode records every beat; past this many frames, use free-run mode. */
export const STEP_MODE_MAX_PACKETS = 1024;
/** Per-frame arrival counts are kept up to this many frames; beyond, only the checksum counters. */
const MAX_TRACKED_FRAMES = 65536;

/** The options a reader can change. */
export const descriptorFlowOptions = {
  dir: { kind: 'enum', default: 'tx', values: ['tx', 'rx'], help: 'tx: guest → backend; rx: backend fills buffers the guest posted' },
  packets: { kind: 'int', default: 4, min: 1, max: 10_000_000, help: `number of frames (step mode: at most ${STEP_MODE_MAX_PACKETS})` },
  size: { kind: 'int', default: 64, min: 60, max: 1514, help: 'frame size in bytes (without the 12-byte virtio_net_hdr)' },
  qsize: { kind: 'int', default: 8, min: 2, max: 32768, pow2: true, help: 'queue size (descriptors), a power of two' },
  eventIdx: { kind: 'bool', default: true, help: 'negotiate VIRTIO_RING_F_EVENT_IDX (used_event / avail_event instead of flags)' },
  suppress: { kind: 'bool', default: true, help: 'suppress notifications while busy (guest NAPI disables callbacks; vhost sets NO_NOTIFY)' },
  indirect: { kind: 'bool', default: false, help: 'use indirect descriptor tables (VIRTIO_RING_F_INDIRECT_DESC)' },
  batch: { kind: 'int', default: 1, min: 1, max: 64, help: 'TX: kick once per this many frames (xmit_more)' },
  fault: { kind: 'enum', default: 'none', values: FAULTS, help: 'corrupt one chain to see vhost reject it (vq_err)' },
  poll: { kind: 'bool', default: false, help: 'the back-end busy-polls the ring like a DPDK PMD instead of sleeping until a kick' },
  seed: { kind: 'int', default: 1, min: 0, max: 0x7fffffff, help: 'seed of the thread interleaving' },
} as const satisfies OptionTable;

/** Parsed options of this scenario. */
export type DescriptorFlowOptions = OptionValues<typeof descriptorFlowOptions>;

/** Extra checks across options (after each option was checked on its own). */
export function validateDescriptorFlow(o: DescriptorFlowOptions, mode: 'step' | 'free'): string | undefined {
  if (NEEDS_INDIRECT.has(o.fault as never) && !o.indirect) return `option fault: ${o.fault} needs indirect=on`;
  if (mode === 'step' && o.packets > STEP_MODE_MAX_PACKETS) return `option packets: step mode shows at most ${STEP_MODE_MAX_PACKETS} frames (free-run mode takes more)`;
  return undefined;
}

/**
 * The slice of guest RAM the walkthrough uses: the part of QEMU's pc.ram
 * RAMBlock that the machine maps above 4 GiB (a guest with more than 3 GiB
 * lands its later allocations there). QEMU's mapping address is illustrative.
 */
const RAM_GPA = 0x1_0000_0000;
const QEMU_RAM_HVA = 0x7f3a_4000_0000 + 0xc000_0000;
const QEMU_PID = 4242;

/** Sizes derived from the options: buffer pool, guest RAM, arena. */
function sizing(o: DescriptorFlowOptions) {
  const num = o.qsize;
  const descsPerBuf = o.indirect ? 1 : 2;
  // At most a ring's worth of buffers can be in flight, so that is all the pool needs.
  const nbufs = Math.min(o.packets, Math.floor(num / descsPerBuf));
  const dataLen = o.dir === 'tx' ? o.size : 1514;
  const ring = legacyLayout(num, 64); // vring_init with SMP_CACHE_BYTES alignment, as the modern driver does
  const ramSize = alignUp(
    alignUp(ring.size, 4096) + vvqPrivateSize(num) + netQueueSize(nbufs) + nbufs * (16 + alignUp(dataLen, 64) + 2 * VRING_DESC_SIZE) + 4 * 4096,
    0x10000,
  );
  const hostSize = 4096;
  const tracked = o.packets <= MAX_TRACKED_FRAMES ? o.packets : 0;
  const kobjSize = alignUp(256 + COUNTERS_SIZE + tracked, 64);
  return { num, descsPerBuf, nbufs, dataLen, ring, ramSize, hostSize, tracked, kobjSize, arenaSize: ramSize + hostSize + kobjSize };
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
export function buildDescriptorFlow(o: DescriptorFlowOptions, backing: boolean | ArrayBuffer | SharedArrayBuffer): World {
  const dir = o.dir as 'tx' | 'rx';
  const { num, descsPerBuf, nbufs, dataLen, ring, ramSize, hostSize, tracked, kobjSize, arenaSize } = sizing(o);
  if (typeof backing !== 'boolean' && backing.byteLength !== arenaSize) throw new Error(`arena is ${backing.byteLength} bytes, options need ${arenaSize}`);
  const arena = new Arena(typeof backing === 'boolean' ? allocBacking(arenaSize, backing) : backing);
  const host = new ArenaLayout(ramSize, ramSize + hostSize);
  const kobj = new ArenaLayout(ramSize + hostSize, ramSize + hostSize + kobjSize);

  // Guest RAM: one region, mapped by QEMU at QEMU_RAM_HVA (the memory table vhost receives).
  const regions: MemRegion[] = [{ gpa: RAM_GPA, size: ramSize, hva: QEMU_RAM_HVA, arenaOff: 0, name: 'pc.ram above 4G' }];
  const mem = new GuestMemory(arena, regions);
  const queue = dir === 'tx' ? VIRTIO_NET_TX_QUEUE : VIRTIO_NET_RX_QUEUE;
  const base = mem.alloc(ring.size, 4096, `vring ${dir === 'tx' ? 'output.0' : 'input.0'} (desc, avail, used)`, 'ring');
  const layout: VringLayout = { num, desc: base + ring.desc, avail: base + ring.avail, used: base + ring.used };
  const priv = mem.alloc(vvqPrivateSize(num), 64, 'struct vring_virtqueue (driver private)', 'driver-private');
  const nq = new NetQueueState(mem, mem.alloc(netQueueSize(nbufs), 64, `struct ${dir === 'tx' ? 'send' : 'receive'}_queue (driver private)`, 'driver-private'), nbufs);
  const hdrs = mem.alloc(nbufs * 16, 16, `virtio_net_hdr × ${nbufs}`, 'buffer');
  const datas = mem.alloc(nbufs * alignUp(dataLen, 64), 64, `${dir === 'tx' ? 'frame' : 'receive'} buffers × ${nbufs}`, 'buffer');
  const tables = mem.alloc(nbufs * 2 * VRING_DESC_SIZE, 16, `indirect tables × ${nbufs}`, 'indirect');
  const bufs: NetBuf[] = Array.from({ length: nbufs }, (_, i) => ({
    hdr: hdrs + i * 16,
    data: datas + i * alignUp(dataLen, 64),
    dataLen,
    indirTable: tables + i * 2 * VRING_DESC_SIZE,
  }));

  // Kernel objects: eventfds, the vCPU's LAPIC, the worker's work list, the tap's queues, counters.
  const slot = (): number => kobj.take(4, 4) >> 2;
  const counters = new Counters(arena, kobj.take(COUNTERS_SIZE, 4));
  const kickEfd = new EventFd(arena, slot(), 'kick');
  const callEfd = new EventFd(arena, slot(), 'call');
  const lapic = new Lapic(arena, slot());
  const workSlot = slot();
  const linkSlot = slot();
  const tapQueued = slot();
  const tapTaken = slot();
  const doneSlot = slot();
  const arrivals = kobj.take(tracked, 1);

  // QEMU's fd table: tap and vhost-net opened first, then the two eventfds (event_notifier_init).
  const qemu = new Process(QEMU_PID, 'qemu-system-x86_64', 25);
  qemu.install({ label: '/dev/net/tun (tap0)' });
  qemu.install({ label: '/dev/vhost-net' });
  const kickFd = qemu.install({ label: `eventfd: host notifier (kick) vq ${queue}` });
  const callFd = qemu.install({ label: `eventfd: guest notifier (call) vq ${queue}` });
  const fdObjects = new Map<number, EventFd>([
    [kickFd, kickEfd],
    [callFd, callEfd],
  ]);

  const vvq = new VringVirtqueue(mem, layout, priv, queue);
  const hvq = new VhostVirtqueue(
    arena,
    host.take(VHQ.size, 8),
    regions,
    { desc: QEMU_RAM_HVA + layout.desc - RAM_GPA, avail: QEMU_RAM_HVA + layout.avail - RAM_GPA, used: QEMU_RAM_HVA + layout.used - RAM_GPA },
    queue,
  );
  hvq.callCtx = callEfd;
  hvq.callFd = callFd;
  hvq.suppress = o.suppress;
  const line = 0;
  const vector = VQ_VECTOR_BASE + (dir === 'tx' ? 1 : 0);

  // KVM's irqfd on the call eventfd: irqfd_wakeup takes the count and injects the MSI into the vCPU.
  callEfd.addWaitQueue((efd) => {
    efd.read();
    lapic.setIrq(line);
    return 'irqfd_wakeup';
  });
  // vhost's poll on the kick eventfd: vhost_poll_wakeup queues handle_*_kick.
  kickEfd.addWaitQueue(() => (vhostPollQueue(arena, workSlot, WORK_KICK) ? 'vhost_poll_wakeup' : undefined));

  const tap = new Tap(arena, tapQueued, tapTaken, arrivals, tracked, o.packets, o.size, o.seed, counters, () => vhostPollQueue(arena, workSlot, WORK_NET));
  const net: VhostNet = { arena, vq: hvq, dir, tap, workSlot, counters, vector, poll: o.poll, doneSlot };
  const g: GuestNet = {
    vq: vvq,
    dir,
    lapic,
    line,
    vector,
    counters,
    suppress: o.suppress,
    descsPerBuf,
    frames: o.packets,
    frameLen: o.size,
    batch: o.batch,
    seed: o.seed,
    bufs,
    q: nq,
    doneSlot,
    notify: () => {
      const woke: string[] = [];
      kickEfd.write(1, woke);
      return { fd: kickFd, count: kickEfd.count(), woke: woke.length > 0 };
    },
    arrive: (seq, ok, len) => tap.arrive(seq, ok, len),
    fault: o.fault as GuestNet['fault'],
    faultAt: Math.min(1, o.packets - 1),
    ramEnd: RAM_GPA + ramSize,
  };

  // The guest vCPU: create the ring, then DRIVER_OK exits to QEMU on this same thread, which starts vhost.
  // A thread continuing a paused run (the link is already up) goes straight to the driver's loop.
  function* vcpu(ctx: ActorContext): Gen {
    if (arena.aLoad(linkSlot) === 0)
      yield* ctx.call(
      'virtnet_probe',
      (function* () {
        vvq.init(o.eventIdx, o.indirect);
        nq.init();
        if (ctx.tracing) yield ctx.ev(
          'vring_create',
          { queue, num, desc: layout.desc, avail: layout.avail, used: layout.used, eventIdx: o.eventIdx, indirect: o.indirect },
          'vring_create_virtqueue_split',
        );
        hvq.init(num, 0, o.eventIdx);
        arena.aStore(linkSlot, 1);
        if (ctx.tracing) yield ctx.ev(
          'vhost_vring_setup',
          { queue, num, descHva: hvq.addr.desc, availHva: hvq.addr.avail, usedHva: hvq.addr.used, kickFd, callFd },
          'virtio_pci_common_write',
          'virtio_set_status',
          'virtio_net_set_status',
          'vhost_net_start',
          'vhost_dev_start',
          'vhost_virtqueue_start',
          'vhost_kernel_call',
          'vhost_vring_ioctl',
        );
      })(),
    );
    yield* dir === 'tx' ? guestTx(ctx, g) : guestRx(ctx, g);
  }
  function* stack(ctx: ActorContext): Gen {
    // The tap carries traffic only once vhost_net_start attached it (VHOST_NET_SET_BACKEND).
    yield ctx.wait(linkSlot, 0, 'the link to come up');
    yield* hostStack(ctx, tap);
  }

  const actors: ActorSpec[] = [
    { id: 'vcpu0', name: 'CPU 0/KVM', where: 'guest', body: vcpu },
    { id: 'vhost', name: `vhost-${QEMU_PID}`, where: 'host', body: (ctx) => ctx.call('vhost_worker', vhostWorker(ctx, net)) },
  ];
  if (dir === 'rx') actors.push({ id: 'hoststack', name: 'host stack → tap0', where: 'host', body: stack });

  return {
    arena,
    actors,
    doneSlot,
    info: {
      scenario: 'descriptor-flow',
      options: { ...o },
      arenaSize: arena.size,
      regions,
      allocs: mem.allocs,
      ring: { ...layout, queue, eventIdx: o.eventIdx, indirect: o.indirect },
      threads: actors.map(({ id, name, where }) => ({ id, name, where })),
      dir,
      frames: o.packets,
    },
    counters: () => counters.read(),
    live: () => ({
      counters: counters.read(),
      driver: {
        numFree: vvq.numFree,
        freeHead: vvq.freeHead,
        lastUsedIdx: vvq.lastUsedIdx,
        availIdxShadow: vvq.availIdxShadow,
        availFlagsShadow: vvq.availFlagsShadow,
        numAdded: vvq.numAdded,
        broken: vvq.broken,
      },
      device: {
        lastAvailIdx: hvq.lastAvailIdx,
        availIdx: hvq.availIdx,
        lastUsedIdx: hvq.lastUsedIdx,
        usedFlags: hvq.usedFlags,
        signalledUsed: hvq.signalledUsed,
        signalledUsedValid: hvq.signalledUsedValid,
      },
      fds: qemu.entries().map(([fd, f]) => ({ process: qemu.name, pid: qemu.pid, fd, label: f.label, count: fdObjects.get(fd)?.count() ?? null })),
      irqPending: lapic.pending(),
      work: arena.aLoad(workSlot),
      arrivals: Array.from({ length: tracked }, (_, i) => tap.arrivalsOf(i)),
    }),
  };
}
