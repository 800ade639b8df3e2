/**
 * DPDK's per-connection device state, `struct virtio_net` with its
 * `struct vhost_virtqueue`s and `struct rte_vhost_memory` (lib/vhost/vhost.h
 * in 22.11, lib/librte_vhost/vhost.h in 19.11), kept in arena words so step
 * mode can seek: every field the page shows is written through the arena's
 * logged accessors. Only what the C structs hold as pointers into the
 * process (the mmap'd guest memory) is also mirrored in the back-end's
 * AddressSpace, which never changes once a table is mapped.
 */
import type { Arena, ArenaLayout } from '../../mem/arena';
import type { DpdkDeviceView, DpdkVringView } from '../../scenarios/world';

/** virtio_net.flags bits (vhost.h, both eras). */
export const VIRTIO_DEV_RUNNING = 1;
export const VIRTIO_DEV_READY = 2;
export const VIRTIO_DEV_BUILTIN_VIRTIO_NET = 4;
export const VIRTIO_DEV_VDPA_CONFIGURED = 8;
/** 22.11 only: SET_FEATURES refused the front-end's features. */
export const VIRTIO_DEV_FEATURES_FAILED = 0x10;

/** vq->kickfd / callfd before any SET_VRING_KICK/CALL (vhost.h). */
export const VIRTIO_UNINITIALIZED_EVENTFD = -2;
/** vq->kickfd / callfd after a NOFD KICK/CALL: polling mode. */
export const VIRTIO_INVALID_EVENTFD = -1;

/** Regions in a memory table (VHOST_MEMORY_MAX_NREGIONS). */
export const MAX_REGIONS = 8;

// Device words (Int32 slots from the device base).
const D_CONNECTED = 0;
const D_VID = 1;
const D_FLAGS = 2;
const D_FEAT_LO = 3;
const D_FEAT_HI = 4;
const D_PROTO_LO = 5;
const D_PROTO_HI = 6;
const D_STATUS = 7;
const D_NR_VRING = 8;
const D_MTU = 9;
const D_SLAVE_FD = 10;
const D_HLEN = 11;
const D_NREGIONS = 12;
/** -1: dev->mem == NULL; else 1. */
const D_HAS_MEM = 13;
const D_FORWARDED = 14;
const D_CONNFD = 15;
const D_SOCKFD = 16;
/** The reconnect list holds this socket (client mode after a failed connect). */
const D_RECONN = 17;
/** Changes on every message the back-end handles (a PMD parked on a quiet device can watch it). */
const D_GEN = 18;
const DEV_WORDS = 20;

// One memory region: eight u64s.
const R_GPA = 0;
const R_SIZE = 8;
const R_QVA = 16;
const R_HVA = 24;
const R_MMAP_ADDR = 32;
const R_MMAP_SIZE = 40;
const R_MMAP_OFF = 48;
const R_FD = 56;
const REGION_BYTES = 64;

// One vring: Int32 words then u64s.
const V_SIZE = 0;
const V_KICKFD = 1;
const V_CALLFD = 2;
const V_ERRFD = 3;
const V_ENABLED = 4;
const V_READY = 5;
const V_LAST_AVAIL = 6;
const V_LAST_USED = 7;
const V_SIGNALLED_USED = 8;
const V_SIGNALLED_VALID = 9;
const V_ACCESS_OK = 10;
const V_ADDR_FLAGS = 11;
const V_ALLOCATED = 12;
const V_WORDS = 16;
const V64_DESC_QVA = 0;
const V64_AVAIL_QVA = 8;
const V64_USED_QVA = 16;
const V64_LOG = 24;
const V64_DESC = 32;
const V64_AVAIL = 40;
const V64_USED = 48;
const VRING_BYTES = V_WORDS * 4 + 56;

/** One mapped region as the handlers and the data path read it. */
export interface MemRegion {
  gpa: number;
  size: number;
  qva: number;
  hva: number;
  mmapAddr: number;
  mmapSize: number;
  mmapOffset: number;
  fd: number;
}

/** The arena words of one connection's device, with typed accessors. */
export class DeviceState {
  private readonly base: number;
  private readonly regionsOff: number;
  private readonly vringsOff: number;

  constructor(
    readonly arena: Arena,
    layout: ArenaLayout,
    /** Vrings the layout has room for (2 × the queue pairs the scenario offers). */
    readonly maxVrings: number,
  ) {
    this.base = layout.take(DEV_WORDS * 4, 8);
    this.regionsOff = layout.take(MAX_REGIONS * REGION_BYTES, 8);
    this.vringsOff = layout.take(maxVrings * VRING_BYTES, 8);
    this.arena.aStore(this.w(D_VID), -1);
    this.arena.aStore(this.w(D_CONNFD), -1);
    this.arena.aStore(this.w(D_SOCKFD), -1);
    this.arena.aStore(this.w(D_SLAVE_FD), -1);
    this.arena.aStore(this.w(D_HAS_MEM), -1);
  }

  private w(word: number): number {
    return this.base / 4 + word;
  }
  private get(word: number): number {
    return this.arena.aLoad(this.w(word));
  }
  private set(word: number, v: number): void {
    this.arena.aStore(this.w(word), v);
  }

  // ---- struct virtio_net
  get connected(): boolean {
    return this.get(D_CONNECTED) !== 0;
  }
  set connected(v: boolean) {
    this.set(D_CONNECTED, v ? 1 : 0);
  }
  get vid(): number {
    return this.get(D_VID);
  }
  set vid(v: number) {
    this.set(D_VID, v);
  }
  get flags(): number {
    return this.get(D_FLAGS);
  }
  set flags(v: number) {
    this.set(D_FLAGS, v);
  }
  get features(): bigint {
    return (BigInt(this.get(D_FEAT_HI) >>> 0) << 32n) | BigInt(this.get(D_FEAT_LO) >>> 0);
  }
  set features(v: bigint) {
    this.set(D_FEAT_LO, Number(v & 0xffff_ffffn) | 0);
    this.set(D_FEAT_HI, Number((v >> 32n) & 0xffff_ffffn) | 0);
  }
  hasFeature(bit: number): boolean {
    return ((this.features >> BigInt(bit)) & 1n) === 1n;
  }
  get protocolFeatures(): bigint {
    return (BigInt(this.get(D_PROTO_HI) >>> 0) << 32n) | BigInt(this.get(D_PROTO_LO) >>> 0);
  }
  set protocolFeatures(v: bigint) {
    this.set(D_PROTO_LO, Number(v & 0xffff_ffffn) | 0);
    this.set(D_PROTO_HI, Number((v >> 32n) & 0xffff_ffffn) | 0);
  }
  get status(): number {
    return this.get(D_STATUS);
  }
  set status(v: number) {
    this.set(D_STATUS, v);
  }
  get nrVring(): number {
    return this.get(D_NR_VRING);
  }
  set nrVring(v: number) {
    this.set(D_NR_VRING, v);
  }
  get mtu(): number {
    return this.get(D_MTU);
  }
  set mtu(v: number) {
    this.set(D_MTU, v);
  }
  get slaveReqFd(): number {
    return this.get(D_SLAVE_FD);
  }
  set slaveReqFd(v: number) {
    this.set(D_SLAVE_FD, v);
  }
  /** dev->vhost_hlen: 12 (virtio_net_hdr_mrg_rxbuf) or 10. */
  get vhostHlen(): number {
    return this.get(D_HLEN);
  }
  set vhostHlen(v: number) {
    this.set(D_HLEN, v);
  }
  /** The connection's fd in the back-end (conn->connfd), -1 when none. */
  get connfd(): number {
    return this.get(D_CONNFD);
  }
  set connfd(v: number) {
    this.set(D_CONNFD, v);
  }
  /** vsocket->socket_fd: the listen socket (server) or the socket to connect (client). */
  get sockfd(): number {
    return this.get(D_SOCKFD);
  }
  set sockfd(v: number) {
    this.set(D_SOCKFD, v);
  }
  get reconnectPending(): boolean {
    return this.get(D_RECONN) !== 0;
  }
  set reconnectPending(v: boolean) {
    this.set(D_RECONN, v ? 1 : 0);
  }
  /** Frames the PMD forwarded. */
  get forwarded(): number {
    return this.get(D_FORWARDED);
  }
  addForwarded(n: number): void {
    this.arena.aAdd(this.w(D_FORWARDED), n);
  }
  /** Bumped once per handled message. */
  genSlot(): number {
    return this.w(D_GEN);
  }
  bumpGen(): void {
    this.arena.aAdd(this.w(D_GEN), 1);
  }

  // ---- dev->mem
  get hasMem(): boolean {
    return this.get(D_HAS_MEM) > 0;
  }
  get nregions(): number {
    return this.hasMem ? this.get(D_NREGIONS) : 0;
  }
  region(i: number): MemRegion {
    const o = this.regionsOff + i * REGION_BYTES;
    const a = this.arena;
    return {
      gpa: a.r64(o + R_GPA),
      size: a.r64(o + R_SIZE),
      qva: a.r64(o + R_QVA),
      hva: a.r64(o + R_HVA),
      mmapAddr: a.r64(o + R_MMAP_ADDR),
      mmapSize: a.r64(o + R_MMAP_SIZE),
      mmapOffset: a.r64(o + R_MMAP_OFF),
      fd: a.r32(o + R_FD) | 0,
    };
  }
  regions(): MemRegion[] {
    return Array.from({ length: this.nregions }, (_, i) => this.region(i));
  }
  /** Install a whole table at once (the handler validated and mapped every region first). */
  setMem(regions: readonly MemRegion[]): void {
    regions.forEach((r, i) => {
      const o = this.regionsOff + i * REGION_BYTES;
      const a = this.arena;
      a.w64(o + R_GPA, r.gpa);
      a.w64(o + R_SIZE, r.size);
      a.w64(o + R_QVA, r.qva);
      a.w64(o + R_HVA, r.hva);
      a.w64(o + R_MMAP_ADDR, r.mmapAddr);
      a.w64(o + R_MMAP_SIZE, r.mmapSize);
      a.w64(o + R_MMAP_OFF, r.mmapOffset);
      a.w32(o + R_FD, r.fd);
    });
    this.set(D_NREGIONS, regions.length);
    this.set(D_HAS_MEM, 1);
  }
  clearMem(): void {
    this.set(D_NREGIONS, 0);
    this.set(D_HAS_MEM, -1);
  }

  // ---- dev->virtqueue[i]
  vq(i: number): VirtqueueState {
    if (i < 0 || i >= this.maxVrings) throw new Error(`vring ${i} outside the layout (${this.maxVrings})`);
    return new VirtqueueState(this.arena, this.vringsOff + i * VRING_BYTES, i);
  }

  /** vhost_new_device's reset of a fresh struct virtio_net (and init_vring_queue for each allocated vq). */
  reset(): void {
    this.flags = 0;
    this.features = 0n;
    this.protocolFeatures = 0n;
    this.status = 0;
    this.nrVring = 0;
    this.mtu = 0;
    this.slaveReqFd = -1;
    this.vhostHlen = 0;
    this.clearMem();
    for (let i = 0; i < this.maxVrings; i++) this.vq(i).free();
  }

  view(): DpdkDeviceView {
    const vrings: DpdkVringView[] = [];
    for (let i = 0; i < this.nrVring; i++) {
      const q = this.vq(i);
      vrings.push({
        index: i,
        num: q.size,
        desc: q.desc,
        avail: q.avail,
        used: q.used,
        kickfd: q.kickfd,
        callfd: q.callfd,
        enabled: q.enabled,
        ready: q.ready,
        lastAvailIdx: q.lastAvailIdx,
        lastUsedIdx: q.lastUsedIdx,
      });
    }
    return {
      connected: this.connected,
      vid: this.vid,
      flags: this.flags,
      features: `0x${this.features.toString(16)}`,
      protocolFeatures: `0x${this.protocolFeatures.toString(16)}`,
      status: this.status,
      regions: this.regions().map((r) => ({ gpa: r.gpa, size: r.size, qemuVa: r.qva, hostVa: r.hva, mmapOffset: r.mmapOffset })),
      vrings,
    };
  }
}

/** One `struct vhost_virtqueue` in arena words. */
export class VirtqueueState {
  constructor(
    private readonly arena: Arena,
    private readonly off: number,
    readonly index: number,
  ) {}
  private g(w: number): number {
    return this.arena.aLoad(this.off / 4 + w);
  }
  private s(w: number, v: number): void {
    this.arena.aStore(this.off / 4 + w, v);
  }
  private g64(o: number): number {
    return this.arena.r64(this.off + V_WORDS * 4 + o);
  }
  private s64(o: number, v: number): void {
    this.arena.w64(this.off + V_WORDS * 4 + o, v);
  }

  get allocated(): boolean {
    return this.g(V_ALLOCATED) !== 0;
  }
  get size(): number {
    return this.g(V_SIZE);
  }
  set size(v: number) {
    this.s(V_SIZE, v);
  }
  get kickfd(): number {
    return this.g(V_KICKFD);
  }
  set kickfd(v: number) {
    this.s(V_KICKFD, v);
  }
  get callfd(): number {
    return this.g(V_CALLFD);
  }
  set callfd(v: number) {
    this.s(V_CALLFD, v);
  }
  get errfd(): number {
    return this.g(V_ERRFD);
  }
  set errfd(v: number) {
    this.s(V_ERRFD, v);
  }
  get enabled(): boolean {
    return this.g(V_ENABLED) !== 0;
  }
  set enabled(v: boolean) {
    this.s(V_ENABLED, v ? 1 : 0);
  }
  /** vq->ready (22.11): the readiness last reported to the application. */
  get ready(): boolean {
    return this.g(V_READY) !== 0;
  }
  set ready(v: boolean) {
    this.s(V_READY, v ? 1 : 0);
  }
  get lastAvailIdx(): number {
    return this.g(V_LAST_AVAIL);
  }
  set lastAvailIdx(v: number) {
    this.s(V_LAST_AVAIL, v & 0xffff);
  }
  get lastUsedIdx(): number {
    return this.g(V_LAST_USED);
  }
  set lastUsedIdx(v: number) {
    this.s(V_LAST_USED, v & 0xffff);
  }
  get signalledUsed(): number {
    return this.g(V_SIGNALLED_USED);
  }
  set signalledUsed(v: number) {
    this.s(V_SIGNALLED_USED, v & 0xffff);
  }
  get signalledUsedValid(): boolean {
    return this.g(V_SIGNALLED_VALID) !== 0;
  }
  set signalledUsedValid(v: boolean) {
    this.s(V_SIGNALLED_VALID, v ? 1 : 0);
  }
  get accessOk(): boolean {
    return this.g(V_ACCESS_OK) !== 0;
  }
  set accessOk(v: boolean) {
    this.s(V_ACCESS_OK, v ? 1 : 0);
  }
  /** vq->ring_addrs: the front-end's (QEMU's) virtual addresses. */
  get ringAddrs(): { flags: number; desc: number; avail: number; used: number; log: number } {
    return { flags: this.g(V_ADDR_FLAGS), desc: this.g64(V64_DESC_QVA), avail: this.g64(V64_AVAIL_QVA), used: this.g64(V64_USED_QVA), log: this.g64(V64_LOG) };
  }
  setRingAddrs(a: { flags: number; desc: number; avail: number; used: number; log: number }): void {
    this.s(V_ADDR_FLAGS, a.flags);
    this.s64(V64_DESC_QVA, a.desc);
    this.s64(V64_AVAIL_QVA, a.avail);
    this.s64(V64_USED_QVA, a.used);
    this.s64(V64_LOG, a.log);
  }
  /** vq->desc / avail / used: the back-end's own addresses of the rings (0 = not mapped). */
  get desc(): number {
    return this.g64(V64_DESC);
  }
  get avail(): number {
    return this.g64(V64_AVAIL);
  }
  get used(): number {
    return this.g64(V64_USED);
  }
  setRings(desc: number, avail: number, used: number): void {
    this.s64(V64_DESC, desc);
    this.s64(V64_AVAIL, avail);
    this.s64(V64_USED, used);
  }

  /** alloc_vring_queue → init_vring_queue: fds uninitialised, rings unmapped. */
  init(): void {
    this.s(V_ALLOCATED, 1);
    this.size = 0;
    this.kickfd = VIRTIO_UNINITIALIZED_EVENTFD;
    this.callfd = VIRTIO_UNINITIALIZED_EVENTFD;
    this.errfd = VIRTIO_UNINITIALIZED_EVENTFD;
    this.enabled = false;
    this.ready = false;
    this.lastAvailIdx = 0;
    this.lastUsedIdx = 0;
    this.signalledUsed = 0;
    this.signalledUsedValid = false;
    this.accessOk = false;
    this.setRingAddrs({ flags: 0, desc: 0, avail: 0, used: 0, log: 0 });
    this.setRings(0, 0, 0);
  }
  /** free_vq. */
  free(): void {
    if (!this.allocated) return;
    this.init();
    this.s(V_ALLOCATED, 0);
  }
}
