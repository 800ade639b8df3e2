/**
 * What a scenario builds and the session runs: the arena, the actors, the
 * static facts the UI lays out once (memory map, ring placement, threads),
 * and a reader for the live state at the current step.
 */
import type { VringLayout } from '../abi/virtio-ring';
import type { Arena } from '../mem/arena';
import type { GuestAlloc, MemRegion } from '../mem/guest-memory';
import type { FdRole } from '../os/fd-table';
import type { ActorSpec } from '../sched/actor';
import type { ActorState } from '../sched/step-scheduler';
import type { CounterName } from '../trace/counters';
import type { NetLayout } from '../trace/events';

/** Where a component of the overview sits: the guest, its RAM, KVM, the host kernel, host processes. */
export type TopoGroup = 'guest' | 'guest-ram' | 'kvm' | 'host-kernel' | 'host-user';

/** What a component is, for the overview's words and icons. */
export type TopoRole = 'vcpu' | 'vring' | 'buffers' | 'ioeventfd' | 'kick-eventfd' | 'call-eventfd' | 'irqfd' | 'lapic' | 'vhost-worker' | 'tap' | 'host-stack' | 'qemu' | 'pci-function' | 'msix-table' | 'gsi-route' | 'unix-socket' | 'dpdk-vhost' | 'pmd';

/** One component of the overview: a thread, a piece of memory, an fd, a KVM object, a device. */
export interface TopoNode {
  id: string;
  group: TopoGroup;
  role: TopoRole;
  /** Its real name (a thread name, an fd number, a device name). */
  name: string;
  /** The panel that shows it in detail. */
  panel: 'threads' | 'ring' | 'memory' | 'fds' | 'pci' | 'irqs' | null;
}

/** The components of a scenario and the links a beat can use between them. */
export interface Topology {
  nodes: TopoNode[];
  links: Array<{ from: string; to: string }>;
}

/** Static facts every built scenario has (serialisable; sent to the page once). */
export interface WorldInfoBase {
  scenario: string;
  options: Record<string, string | number | boolean>;
  arenaSize: number;
  regions: MemRegion[];
  allocs: GuestAlloc[];
  threads: Array<Pick<ActorState, 'id' | 'name' | 'where'>>;
  /** The components and links of the overview, built from the scenario's own objects. */
  topology: Topology;
  /** Which source trees the run's functions come from (frames.ts, MODELLED_VERSIONS), as the page states them. */
  versions: Array<{ role: VersionRole; name: string }>;
}

/** A scenario built around one virtqueue's data path (descriptor flow): its ring, direction, frames and interrupt. */
export interface VirtqueueInfo extends WorldInfoBase {
  kind: 'virtqueue';
  ring: VringLayout & { queue: number; eventIdx: boolean; indirect: boolean };
  dir: 'tx' | 'rx';
  frames: number;
  /** How the guest lays out its buffers, and its virtio_net_hdr size. */
  layout: NetLayout;
  hdrLen: number;
  /** The queue's interrupt: MSI-X table entry, x86 vector, IRQ name, handler; and its notify address. */
  irq: { msixEntry: number; vector: number; irqName: string; handler: 'vring_interrupt' | 'vp_vring_interrupt'; notifyAddr: number };
  /** QEMU's fd numbers of the kick and call eventfds and of tap0. */
  fds: { kick: number; call: number; tap: number };
}

/** One PCI function as the views lay it out: where its bytes are in the arena, and its BARs, capabilities and queues. */
export interface PciFunctionFacts {
  /** QEMU's device name (virtio-net-pci) and its PCI address. */
  name: string;
  bdf: string;
  /** Arena offset of the 256-byte configuration space. */
  configOff: number;
  bars: Array<{ index: number; base: number; size: number; io: boolean }>;
  /** The capabilities in list order (the walk from PCI_CAPABILITY_LIST), by kind. */
  caps: Array<{ kind: string; offset: number }>;
  /** The MSI-X table and PBA: arena offsets and their place in the BAR; null without the capability. */
  msix: { entries: number; bar: number; tableOff: number; pbaOff: number; tableArena: number; pbaArena: number } | null;
  /** The device's queues in virtio order: spec name, the Linux driver's name, size. */
  queues: Array<{ index: number; name: string; driverName: string; size: number }>;
  /** Doorbells: BAR 4 + 0x3000 + queue_notify_off × multiplier. */
  notify: { base: number; multiplier: number };
}

/** A scenario built around a virtio PCI function and its interrupts (MSI-X vectors, kick and call). */
export interface PciInfo extends WorldInfoBase {
  kind: 'pci';
  accel: 'kvm' | 'tcg';
  backend: 'vhost-net' | 'vhost-user';
  /** The guest booted with pci=nomsi. */
  noMsi: boolean;
  fn: PciFunctionFacts;
  /** The vCPU's LAPIC register page (IRR at +0x200, ISR at +0x100) and the vectors the guest uses. */
  lapic: { regsOff: number; msixVectorBase: number; intxVector: number; intxGsi: number };
  /** KVM's GSI routing table in the arena (struct kvm_irq_routing). */
  routing: { off: number; capacity: number };
}

/** A vhost-user scenario: QEMU and a DPDK back-end (inside OVS) negotiating over a unix socket, then serving the guest's rings. */
export interface VhostUserInfo extends WorldInfoBase {
  kind: 'vhost-user';
  /** seed: the seeds' QEMU and DPDK 19.11; modern: Debian 12's QEMU 7.2 and DPDK 22.11. */
  era: 'seed' | 'modern';
  /** Who listens on the socket: QEMU (chardev server, DPDK in client mode, the seed's) or DPDK (QEMU connects). */
  mode: 'qemu-server' | 'dpdk-server';
  queuePairs: number;
  sockPath: string;
  /** The two processes, with their pids and the threads of each (thread ids as in `threads`). */
  processes: Array<{ id: 'qemu' | 'backend'; name: string; pid: number; threads: string[] }>;
  /** The guest's PCI function (status register, doorbells, queues). */
  fn: PciFunctionFacts;
  /** Guest RAM as QEMU hands it over: guest-physical base, size, QEMU's virtual address, the backing file. */
  memory: { gpa: number; size: number; qemuHva: number; file: string };
}

/** Static facts of any scenario; `kind` says which views apply. */
export type WorldInfo = VirtqueueInfo | PciInfo | VhostUserInfo;

/** What a stated version is the version of. */
export type VersionRole = 'kernel' | 'qemu' | 'dpdk';

/** The driver's private queue state (struct vring_virtqueue) at a step. */
export interface DriverState {
  numFree: number;
  freeHead: number;
  lastUsedIdx: number;
  availIdxShadow: number;
  availFlagsShadow: number;
  numAdded: number;
  broken: boolean;
  /** netif_tx_stop_queue is in effect (TX). */
  stopped: boolean;
  /** NAPI is scheduled: the poll runs next, in softirq context. */
  napiScheduled: boolean;
}

/** vhost's queue state (struct vhost_virtqueue) at a step. */
export interface DeviceState {
  lastAvailIdx: number;
  availIdx: number;
  lastUsedIdx: number;
  usedFlags: number;
  signalledUsed: number;
  signalledUsedValid: boolean;
  /** vhost-net's nvq->done_idx: heads collected, not yet in the used ring. */
  doneIdx: number;
  /** nvq->batched_xdp: TX frames copied, not yet sent to tap0. */
  batchedXdp: number;
  /** Whether vhost polls the tap socket (n->poll[dir] on its wait queue). */
  sockPolled: boolean;
}

/** One open descriptor of a simulated process. */
export interface FdEntry {
  process: string;
  pid: number;
  fd: number;
  label: string;
  role: FdRole;
  queue?: number;
  /** Counter of an eventfd; null for other files. */
  count: number | null;
}

/** Live state every scenario reads from its arena. */
export interface LiveBase {
  counters: Record<CounterName, number>;
  fds: FdEntry[];
  /** LAPIC pending lines of the guest vCPU. */
  irqPending: number;
}

/** Live state of a virtqueue scenario: both sides' private queue state, vhost's work list, arrivals. */
export interface VirtqueueLive extends LiveBase {
  kind: 'virtqueue';
  driver: DriverState;
  device: DeviceState;
  /** vhost worker's work list bits. */
  work: number;
  /** Frames that reached their destination exactly once, per frame. */
  arrivals: number[];
}

/** Live state of a PCI scenario: the function's registers as QEMU holds them, the MSI-X table and PBA, the LAPIC, KVM's routes. */
export interface PciLive extends LiveBase {
  kind: 'pci';
  /** device_status, the ISR byte, msix_config. */
  status: number;
  isr: number;
  configVector: number;
  queues: Array<{ index: number; num: number; vector: number; enabled: boolean }>;
  msix: { enabled: boolean; functionMasked: boolean; entries: Array<{ addressLo: number; addressHi: number; data: number; masked: boolean; pending: boolean }> } | null;
  /** x86 vectors pending (IRR) and in service (ISR) on vCPU 0. */
  irr: number[];
  inService: number[];
  routes: Array<{ gsi: number; addressLo: number; addressHi: number; data: number }>;
  /** QEMU is alive (false after the TCG segfault). */
  qemuAlive: boolean;
}

/** One vring as DPDK's struct vhost_virtqueue holds it (addresses are DPDK's own virtual addresses; 0 before SET_VRING_ADDR). */
export interface DpdkVringView {
  index: number;
  num: number;
  desc: number;
  avail: number;
  used: number;
  /** -2 VIRTIO_UNINITIALIZED_EVENTFD, -1 VIRTIO_INVALID_EVENTFD (NOFD), else DPDK's fd number. */
  kickfd: number;
  callfd: number;
  enabled: boolean;
  /** vq_is_ready for the era. */
  ready: boolean;
  lastAvailIdx: number;
  lastUsedIdx: number;
}

/** The back-end's device (struct virtio_net) at a step; null fields before the connection exists. */
export interface DpdkDeviceView {
  /** The connection is up (a vid exists). */
  connected: boolean;
  vid: number;
  /** virtio_net.flags: VIRTIO_DEV_RUNNING 1, READY 2, BUILTIN_VIRTIO_NET 4, VDPA_CONFIGURED 8. */
  flags: number;
  /** Negotiated virtio features and protocol features, as 0x-hex strings. */
  features: string;
  protocolFeatures: string;
  /** The device status byte (22.11 with F_STATUS), else 0. */
  status: number;
  /** The mapped guest memory regions (DPDK's view of the memory table). */
  regions: Array<{ gpa: number; size: number; qemuVa: number; hostVa: number; mmapOffset: number }>;
  vrings: DpdkVringView[];
}

/** Live state of a vhost-user scenario. */
export interface VhostUserLive extends LiveBase {
  kind: 'vhost-user';
  /** The guest-visible device_status. */
  status: number;
  dpdk: DpdkDeviceView;
  /** QEMU's vhost devices (one per queue pair): started, and each virtqueue's saved last_avail_idx. */
  qemu: { connected: boolean; started: boolean; vrings: Array<{ index: number; lastAvailIdx: number }> };
  /** Guest traffic: frames the guest sent, the back-end forwarded, the guest received. */
  traffic: { sent: number; forwarded: number; received: number };
}

/** Live state of any scenario, by the same `kind` as its WorldInfo. */
export type LiveState = VirtqueueLive | PciLive | VhostUserLive;

/** A built scenario. */
export interface World<I extends WorldInfo = WorldInfo, L extends LiveState = LiveState> {
  arena: Arena;
  actors: ActorSpec[];
  info: I;
  /** Int32 slot set when the scenario's driving actor has finished (free-run threads stop on it). */
  doneSlot: number;
  /** Its actors spend modelled time (ctx.spend, e.g. a priced VM exit): free-run threads calibrate their busy loop before the run starts. */
  spendsTime?: boolean;
  live(): L;
  /** Just the counters (cheap enough to read every animation frame). */
  counters(): Record<CounterName, number>;
}

/** Everything the UI needs at one step. */
export type Snapshot<L extends LiveState = LiveState> = L & {
  step: number;
  actors: ActorState[];
};
