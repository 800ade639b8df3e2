/**
 * QEMU's vhost-user netdev (net/vhost-user.c) with vhost-net's per-pair
 * start and stop (hw/net/vhost_net.c) and virtio-net's queue attach
 * (hw/net/virtio-net.c peer_attach), over the chardev (char-socket.ts), the
 * vhost device (vhost.ts) and the protocol ops (vhost-user.ts):
 *
 *   -chardev socket,id=charnet0,path=PATH[,server | ,reconnect=1]
 *   -netdev vhost-user,id=hostnet0,chardev=charnet0,queues=N
 *   -device virtio-net-pci,netdev=hostnet0[,mq=on]
 *
 * - start-up (main thread): the chardev opens (a server blocks in
 *   tcp_chr_accept_server_sync until the back-end connects), then
 *   net_vhost_user_init installs net_vhost_user_event, whose CHR_EVENT_OPENED
 *   runs vhost_user_start: vhost_net_init → vhost_dev_init for each queue pair;
 * - the guest's feature write: virtio_net_set_features → peer_attach →
 *   vhost_set_vring_enable(1) for each active pair (both eras: QEMU 5.0 and
 *   7.2 read alike here) — SET_VRING_ENABLE before the device starts;
 * - DRIVER_OK (vCPU thread, inside vhost_net_start after the guest
 *   notifiers): per pair, 7.2 restores the vring enable state *before*
 *   vhost_net_start_one, 5.0 *after* it;
 * - hang-up (main loop): the G_IO_HUP watch disconnects the chardev,
 *   CHR_EVENT_CLOSED schedules chr_closed_bh, which takes the link down
 *   (virtio_net_vhost_status → vhost_net_stop: GET_VRING_BASE fails, each
 *   VirtQueue keeps the used index as last_avail_idx) and re-installs the
 *   handler; the reconnect (client: the timer; server: the listener) brings
 *   CHR_EVENT_OPENED, vhost_user_start again, and qmp_set_link(up) restarts
 *   vhost when the guest driver is running, with SET_VRING_BASE carrying
 *   the kept index.
 *
 * Threads: QEMU runs these under the big QEMU lock; here an arena word plays
 * it, so the main loop never handles the hang-up while the vCPU is inside
 * vhost_net_start (or the other way round).
 */
/* eslint-disable @typescript-eslint/no-this-alias -- generator bodies are nested function* expressions, so `this` is captured as `self` */
import type { Arena } from '../../mem/arena';
import { EventFd } from '../../os/eventfd';
import type { Process } from '../../os/fd-table';
import { POLLIN, type Poller, type UnixSockets } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import type { VuWire } from '../../vhost-user/wire';
import type { EventNotifier } from '../event-notifier';
import { CharSocket, TCP_CHARDEV_STATE_CONNECTED, type ChrEvent } from './char-socket';
import { vhostDevCleanup, vhostDevInit, vhostDevStart, vhostDevStop, VhostDev, type VhostHost } from './vhost';
import { VhostUserOps, VhostUserState } from './vhost-user';

export interface QemuVhostUserConfig {
  era: VuEra;
  role: 'server' | 'client'; // QEMU's chardev role
  sockPath: string;
  queuePairs: number;
  net: UnixSockets;
  proc: Process; // QEMU's process (pci-machine's m.qemu)
  wire: VuWire;
  arena: Arena;
  slot: () => number; // allocates Int32 arena slots for your state
  /** Guest RAM: the memfd already installed in proc's table, and its place. */
  ram: { fd: number; gpa: number; size: number; hva: number };
  /** Virtqueue i (0 .. 2*queuePairs-1) as the guest programmed it, read when vhost starts. */
  vq: (i: number) => { num: number; desc: number; avail: number; used: number; vector: number; kick: EventNotifier; call: EventNotifier; masked: EventNotifier };
  /** The guest's acked features (virtio_net's), read when vhost starts. */
  ackedFeatures: () => bigint;
  /** The features virtio-net-pci offers before the back-end's (QEMU's host_features for the device). */
  deviceFeatures: bigint;
  /** Whether the guest driver has set DRIVER_OK (vdev->status), to restart after a reconnect. */
  driverOk: () => boolean;
  /** Added: an Int32 slot a clock bumps once a second (reconnect=1's timer waits one tick); by default one of ours, bumped by tickTimer(). */
  timerSlot?: number;
  /** Added: the transport's set_guest_notifiers (virtio_pci_set_guest_notifiers) for a restart or stop driven from the main loop; default: nothing to do. */
  setGuestNotifiers?: (ctx: ActorContext, assign: boolean) => Gen<number>;
  /** Added: the chardev id for QEMU's messages (default charnet0). */
  chardevId?: string;
}

/** user_feature_bits (hw/net/vhost_net.c): the guest feature bits vhost-user passes on. 7.2 adds RING_RESET, HASH_REPORT, RSS. */
const USER_FEATURE_BITS_SEED = [24, 28, 29, 27, 32, 0, 1, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 3, 33, 34, 21, 22];
const USER_FEATURE_BITS: Readonly<Record<VuEra, readonly number[]>> = { seed: USER_FEATURE_BITS_SEED, modern: [...USER_FEATURE_BITS_SEED, 40, 60, 57] };
/** VIRTIO_NET_F_MQ. */
const VIRTIO_NET_F_MQ = 22n;

/** The netdev's state for the page: arena words. */
interface Slots {
  /** n->vhost_started. */
  vhostStarted: number;
  /** The big QEMU lock: 0 free, 1 held. */
  bql: number;
  /** chr_closed_bh scheduled. */
  bh: number;
  /** The G_IO_HUP watch installed (s->watch). */
  watch: number;
  /** NetVhostUserState.started (of queue 0). */
  started: number;
  /** Each VirtQueue's last_avail_idx. */
  lastAvail: number[];
  /** Our own reconnect clock when the config brings none. */
  timer: number;
}

/** The vhost-user netdev with its chardev, as QEMU runs it. */
export class QemuVhostUser {
  private readonly s: Slots;
  private readonly chr: CharSocket;
  private readonly poller: Poller;
  private readonly user: VhostUserState;
  private readonly ops: VhostUserOps;
  private readonly host: VhostHost;
  /** One vhost_net (its vhost_dev) per queue pair; replaced by each vhost_user_start. */
  private devs: Array<VhostDev | null>;
  /** NetClientState.vring_enable per pair (what peer_attach last asked). */
  private readonly vringEnable: boolean[];
  /** NetVhostUserState.acked_features, kept across a disconnect. */
  private savedAcked = 0n;
  private readonly timerSlot: number;

  constructor(readonly cfg: QemuVhostUserConfig) {
    if (!Number.isInteger(cfg.queuePairs) || cfg.queuePairs < 1) throw new Error(`vhost-user: queues must be a positive integer, not ${cfg.queuePairs}`);
    const a = cfg.arena;
    const nvq = 2 * cfg.queuePairs;
    this.s = {
      vhostStarted: cfg.slot(),
      bql: cfg.slot(),
      bh: cfg.slot(),
      watch: cfg.slot(),
      started: cfg.slot(),
      lastAvail: Array.from({ length: nvq }, () => cfg.slot()),
      timer: cfg.slot(),
    };
    this.timerSlot = cfg.timerSlot ?? this.s.timer;
    this.poller = cfg.net.newPoller('qemu main loop');
    this.chr = new CharSocket({
      era: cfg.era,
      role: cfg.role,
      path: cfg.sockPath,
      label: cfg.chardevId ?? 'charnet0',
      net: cfg.net,
      proc: cfg.proc,
      arena: a,
      slot: cfg.slot,
      poller: this.poller,
      timerSlot: this.timerSlot,
    });
    this.user = new VhostUserState(cfg.era, this.chr, cfg.wire, cfg.net, cfg.proc);
    this.ops = new VhostUserOps(this.user);
    const errEfds = Array.from({ length: nvq }, (_, i) => new EventFd(a, cfg.slot(), `vhost error notifier vq ${i}`));
    this.host = {
      era: cfg.era,
      proc: cfg.proc,
      net: cfg.net,
      ram: cfg.ram,
      vq: (i) => cfg.vq(i),
      lastAvail: { get: (i) => a.aLoad(this.s.lastAvail[i]!), set: (i, v) => a.aStore(this.s.lastAvail[i]!, v & 0xffff) },
      errEventFd: (i) => errEfds[i]!,
    };
    this.devs = Array.from({ length: cfg.queuePairs }, () => null);
    this.vringEnable = Array.from({ length: cfg.queuePairs }, () => false);
  }

  // ---- the big QEMU lock

  private *lock(ctx: ActorContext): Gen<void> {
    const a = this.cfg.arena;
    while (a.aLoad(this.s.bql) !== 0) yield ctx.wait(this.s.bql, 1, 'bql');
    a.aStore(this.s.bql, 1);
  }
  private unlock(): void {
    this.cfg.arena.aStore(this.s.bql, 0);
    this.cfg.arena.aNotify(this.s.bql);
  }

  // ---- public API

  /** Startup on QEMU's main thread: chardev open (server: blocks until the back-end connects), net_vhost_user_init, first OPENED → vhost_user_start. Returns 0 or -errno. */
  *init(ctx: ActorContext): Gen<number> {
    const self = this;
    yield* this.lock(ctx);
    try {
      const r = yield* this.chr.open(ctx);
      if (r < 0) return r;
      return yield* ctx.call(
        'net_init_vhost_user',
        ctx.call(
          'net_vhost_user_init',
          (function* (): Gen<number> {
            do {
              const w = yield* self.chr.waitConnected(ctx);
              if (w < 0) return w;
              yield* self.chr.setHandlers(ctx, self.eventHandler(), true);
            } while (!self.cfg.arena.aLoad(self.s.started));
            return 0;
          })(),
        ),
      );
    } finally {
      this.unlock();
    }
  }

  /** Called inside vhost_net_start on the vCPU thread after the guest notifiers are bound (pci-machine's m.startBackend). */
  *start(ctx: ActorContext): Gen<number> {
    yield* this.lock(ctx);
    try {
      return yield* this.vhostNetStartPairs(ctx);
    } finally {
      this.unlock();
    }
  }

  /** Called from the guest's feature write (virtio_net_set_features → … → peer_attach): SET_VRING_ENABLE(1) for each active pair, in both eras. */
  *setFeatures(ctx: ActorContext, features: bigint): Gen<void> {
    const self = this;
    yield* this.lock(ctx);
    try {
      yield* ctx.call(
        'virtio_net_set_features',
        (function* (): Gen<void> {
          // virtio_net_set_multiqueue → virtio_net_set_queue_pairs: without MQ only the first pair is in use.
          const curr = (features >> VIRTIO_NET_F_MQ) & 1n ? self.cfg.queuePairs : 1;
          for (let i = 0; i < self.cfg.queuePairs; i++) {
            const attach = i < curr;
            yield* ctx.call(attach ? 'peer_attach' : 'peer_detach', self.vhostSetVringEnable(ctx, i, attach));
          }
          for (const dev of self.devs) if (dev) self.ackFeatures(dev, features);
        })(),
      );
    } finally {
      this.unlock();
    }
  }

  /**
   * Added: the guest cleared DRIVER_OK (a reset, or the driver unloading):
   * virtio_net_vhost_status → vhost_net_stop on the vCPU thread. With the back-end
   * connected, each vq's GET_VRING_BASE reply becomes its last_avail_idx.
   */
  *stop(ctx: ActorContext): Gen<void> {
    yield* this.lock(ctx);
    try {
      if (this.cfg.arena.aLoad(this.s.vhostStarted) === 1) yield* this.vhostNetStop(ctx);
    } finally {
      this.unlock();
    }
  }

  /**
   * QEMU's main loop for the chardev: on hang-up runs CLOSED handling, then
   * reconnects (client) or accepts again (server), then OPENED handling.
   * Returns when `stopSlot` becomes non-zero and nothing is pending (call
   * kick() after setting it, to wake the loop).
   */
  *serve(ctx: ActorContext, stopSlot: number): Gen<void> {
    const a = this.cfg.arena;
    for (;;) {
      yield* this.lock(ctx);
      const seen = a.aLoad(this.poller.slot);
      let did = false;
      try {
        did = yield* ctx.call('main_loop_wait', this.dispatch(ctx));
      } finally {
        this.unlock();
      }
      if (did) continue;
      if (a.aLoad(stopSlot) !== 0) return;
      const armedWait = this.cfg.role === 'client' && this.chr.state !== TCP_CHARDEV_STATE_CONNECTED && this.chr.timerArmed;
      if (armedWait) {
        yield ctx.wait(this.timerSlot, a.aLoad(this.timerSlot), 'reconnect_timer');
      } else {
        yield ctx.wait(this.poller.slot, seen, 'poll');
      }
    }
  }

  /** Arena-backed view: connected, started, per vq last_avail_idx. */
  view(): { connected: boolean; started: boolean; vrings: Array<{ index: number; lastAvailIdx: number }> } {
    const a = this.cfg.arena;
    return {
      connected: this.chr.state === TCP_CHARDEV_STATE_CONNECTED,
      started: a.aLoad(this.s.vhostStarted) === 1,
      vrings: this.s.lastAvail.map((slot, index) => ({ index, lastAvailIdx: a.aLoad(slot) })),
    };
  }

  /** Wake the main loop (after setting the stop slot). */
  kick(): void {
    this.poller.kick();
  }

  /** One tick of the reconnect clock (when the config gave no timerSlot). */
  tickTimer(): void {
    this.cfg.arena.aAdd(this.timerSlot, 1);
    this.cfg.arena.aNotify(this.timerSlot);
  }

  /** The chardev (for a scenario that shows its fds). */
  get chardev(): CharSocket {
    return this.chr;
  }

  /**
   * virtio_net_get_features → vhost_net_get_features: the device's features
   * with every vhost-user feature bit the back-end lacks cleared (what the
   * guest is offered). Before the first connection, the device's own.
   */
  hostFeatures(): bigint {
    const dev = this.devs[0];
    if (!dev) return this.cfg.deviceFeatures;
    let f = this.cfg.deviceFeatures;
    for (const b of USER_FEATURE_BITS[this.cfg.era]) if (!((dev.features >> BigInt(b)) & 1n)) f &= ~(1n << BigInt(b));
    return f;
  }

  // ---- the main loop's sources

  /** One pass over the chardev's sources; true if one ran. */
  private *dispatch(ctx: ActorContext): Gen<boolean> {
    const a = this.cfg.arena;
    const chr = this.chr;
    if (a.aLoad(this.s.bh)) {
      a.aStore(this.s.bh, 0);
      yield* this.chrClosedBh(ctx);
      return true;
    }
    if (a.aLoad(this.s.watch) && chr.hungUp()) {
      const fd = chr.connFd;
      yield* ctx.call(
        'net_vhost_user_watch',
        (function* (): Gen<void> {
          if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'qemu', op: 'hup', path: chr.cfg.path, fd, errno: null });
          yield* ctx.call('qemu_chr_fe_disconnect', chr.disconnect(ctx));
        })(),
      );
      return true;
    }
    if (chr.state !== TCP_CHARDEV_STATE_CONNECTED) {
      if (this.cfg.role === 'server' && chr.listenFd >= 0 && this.cfg.net.poll(this.cfg.proc, chr.listenFd) & POLLIN) {
        return yield* chr.acceptFromMainLoop(ctx);
      }
      if (this.cfg.role === 'client' && chr.timerExpired) {
        yield* chr.reconnectTimeout(ctx);
        return true;
      }
    }
    return false;
  }

  // ---- net/vhost-user.c

  private eventHandler(): (ctx: ActorContext, event: ChrEvent) => Gen<void> {
    return (ctx, event) => ctx.call('net_vhost_user_event', this.onEvent(ctx, event));
  }

  /** net_vhost_user_event. */
  private *onEvent(ctx: ActorContext, event: ChrEvent): Gen<void> {
    const a = this.cfg.arena;
    if (event === 'opened') {
      if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'chr-opened', queuePair: 0, vring: null, value: this.chr.filename('') });
      const r = yield* this.vhostUserStart(ctx);
      if (r < 0) {
        yield* ctx.call('qemu_chr_fe_disconnect', this.chr.disconnect(ctx));
        return;
      }
      a.aStore(this.s.watch, 1); // qemu_chr_fe_add_watch(G_IO_HUP, net_vhost_user_watch)
      yield* this.qmpSetLink(ctx, true);
      a.aStore(this.s.started, 1);
      return;
    }
    if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'chr-closed', queuePair: 0, vring: null, value: this.chr.filename() });
    if (a.aLoad(this.s.watch)) {
      a.aStore(this.s.watch, 0);
      yield* this.chr.setHandlers(ctx, null, false);
      a.aStore(this.s.bh, 1); // aio_bh_schedule_oneshot(chr_closed_bh)
      this.poller.kick();
    }
  }

  /** chr_closed_bh: keep the acked features, take the link down, listen for the next OPENED. */
  private *chrClosedBh(ctx: ActorContext): Gen<void> {
    const self = this;
    yield* ctx.call(
      'chr_closed_bh',
      (function* (): Gen<void> {
        const d0 = self.devs[0];
        if (d0) self.savedAcked = d0.ackedFeatures;
        yield* self.qmpSetLink(ctx, false);
        yield* self.chr.setHandlers(ctx, self.eventHandler(), true);
      })(),
    );
  }

  /** vhost_user_start: a vhost_net (vhost_dev) per queue pair; the first one's max_queues must cover them all. */
  private *vhostUserStart(ctx: ActorContext): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'vhost_user_start',
      (function* (): Gen<number> {
        for (let i = 0; i < self.cfg.queuePairs; i++) {
          const dev = new VhostDev(i, 2 * i, self.cfg.queuePairs);
          const r = yield* ctx.call('vhost_net_init', self.vhostNetInit(ctx, dev));
          if (r < 0) {
            if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text: `failed to init vhost_net for queue ${i}` });
            vhostDevCleanup(self.host, dev);
            return -1;
          }
          if (i === 0 && self.cfg.queuePairs > dev.maxQueues) {
            if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text: `you are asking more queues than supported: ${dev.maxQueues}` });
            vhostDevCleanup(self.host, dev);
            return -1;
          }
          const old = self.devs[i];
          if (old) vhostDevCleanup(self.host, old);
          self.devs[i] = dev;
        }
        return 0;
      })(),
    );
  }

  /** vhost_net_init for vhost-user: vhost_dev_init, then the acked features kept from before a disconnect. */
  private *vhostNetInit(ctx: ActorContext, dev: VhostDev): Gen<number> {
    const r = yield* vhostDevInit(ctx, this.ops, this.host, dev);
    if (r.ret < 0) {
      if (r.error && ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text: r.error });
      return r.ret;
    }
    this.ackFeatures(dev, this.savedAcked);
    return 0;
  }

  /** vhost_net_ack_features: backend_features plus the guest's bits vhost-user passes on. */
  private ackFeatures(dev: VhostDev, features: bigint): void {
    let acked = dev.backendFeatures;
    for (const b of USER_FEATURE_BITS[this.cfg.era]) if ((features >> BigInt(b)) & 1n) acked |= 1n << BigInt(b);
    dev.ackedFeatures = acked;
  }

  /** vhost_set_vring_enable (hw/net/vhost_net.c): remember the state on the NetClientState, then tell the back-end. */
  private *vhostSetVringEnable(ctx: ActorContext, pair: number, enable: boolean): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'vhost_set_vring_enable',
      (function* (): Gen<number> {
        self.vringEnable[pair] = enable;
        const dev = self.devs[pair];
        if (!dev) return 0;
        return yield* self.ops.setVringEnable(ctx, dev, enable);
      })(),
    );
  }

  /** qmp_set_link → virtio_net_set_link_status → virtio_net_vhost_status: start or stop vhost with the link. */
  private *qmpSetLink(ctx: ActorContext, up: boolean): Gen<void> {
    const self = this;
    const a = this.cfg.arena;
    yield* ctx.call(
      'qmp_set_link',
      ctx.call(
        'virtio_net_set_link_status',
        ctx.call(
          'virtio_net_vhost_status',
          (function* (): Gen<void> {
            const want = up && self.cfg.driverOk();
            const running = a.aLoad(self.s.vhostStarted) === 1;
            if (want === running) return;
            if (want) {
              yield* ctx.call(
                'vhost_net_start',
                (function* (): Gen<void> {
                  const g = self.cfg.setGuestNotifiers ? yield* self.cfg.setGuestNotifiers(ctx, true) : 0;
                  if (g < 0) return;
                  const r = yield* self.vhostNetStartPairs(ctx);
                  if (r < 0) {
                    if (self.cfg.setGuestNotifiers) yield* self.cfg.setGuestNotifiers(ctx, false);
                    if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text: `unable to start vhost net: ${-r}: falling back on userspace virtio` });
                  }
                })(),
              );
              return;
            }
            yield* self.vhostNetStop(ctx);
          })(),
        ),
      ),
    );
  }

  /** vhost_net_start after set_guest_notifiers: per pair, the vring enable state and vhost_net_start_one, in the era's order. */
  private *vhostNetStartPairs(ctx: ActorContext): Gen<number> {
    const a = this.cfg.arena;
    const modern = this.cfg.era === 'modern';
    const acked = this.cfg.ackedFeatures();
    for (let i = 0; i < this.cfg.queuePairs; i++) {
      const dev = this.devs[i];
      if (!dev) return -1;
      dev.vqIndexEnd = 2 * this.cfg.queuePairs; // vhost_net_set_vq_index(net, i * 2, index_end)
      this.ackFeatures(dev, acked);
    }
    a.aStore(this.s.vhostStarted, 1);
    for (let i = 0; i < this.cfg.queuePairs; i++) {
      const dev = this.devs[i]!;
      let r = 0;
      if (modern && this.vringEnable[i]) r = yield* this.vhostSetVringEnable(ctx, i, true);
      if (r >= 0) r = yield* ctx.call('vhost_net_start_one', vhostDevStart(ctx, this.ops, this.host, dev));
      if (r >= 0 && !modern && this.vringEnable[i]) r = yield* this.vhostSetVringEnable(ctx, i, true);
      if (r < 0) {
        for (let j = i - 1; j >= 0; j--) yield* ctx.call('vhost_net_stop_one', vhostDevStop(ctx, this.ops, this.host, this.devs[j]!));
        a.aStore(this.s.vhostStarted, 0);
        return r;
      }
      if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'started', queuePair: i, vring: null, value: `vq ${dev.vqIndex}-${dev.vqIndex + 1}` });
    }
    return 0;
  }

  /** vhost_net_stop: every pair's vhost_net_stop_one, then the guest notifiers go back to QEMU. */
  private *vhostNetStop(ctx: ActorContext): Gen<void> {
    const self = this;
    yield* ctx.call(
      'vhost_net_stop',
      (function* (): Gen<void> {
        for (let i = 0; i < self.cfg.queuePairs; i++) {
          const dev = self.devs[i];
          if (!dev) continue;
          yield* ctx.call('vhost_net_stop_one', vhostDevStop(ctx, self.ops, self.host, dev));
          if (ctx.tracing) yield ctx.ev('vu_qemu_state', { what: 'stopped', queuePair: i, vring: null, value: `vq ${dev.vqIndex}-${dev.vqIndex + 1}` });
        }
        if (self.cfg.setGuestNotifiers) yield* self.cfg.setGuestNotifiers(ctx, false);
        self.cfg.arena.aStore(self.s.vhostStarted, 0);
      })(),
    );
  }
}
