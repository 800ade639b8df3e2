/**
 * The "vhost-user negotiation" walkthrough (seeds 001 and 000): a Linux 6.12
 * guest with a virtio-net-pci function whose netdev is vhost-user, QEMU as
 * the front-end and DPDK's vhost library inside OVS as the back-end, joined by
 * a unix socket.
 *
 * - Start-up: whoever is the server listens (QEMU's chardev `server`, the
 *   seed's, or OVS's dpdkvhostuser port); the other connects. QEMU's netdev
 *   runs vhost_user_start → vhost_dev_init over the socket before the guest
 *   runs, and the device offers the guest only the features the back-end has.
 * - The guest probes the function; its DRIVER_OK write makes QEMU (on the
 *   vCPU thread) run vhost_net_start: the guest notifiers go to KVM irqfds,
 *   the kick eventfds to KVM ioeventfds, and vhost_dev_start sends the memory
 *   table and each ring to DPDK, fds riding along as SCM_RIGHTS.
 * - Traffic: the guest posts receive buffers and sends `frames` frames; the
 *   OVS PMD thread dequeues them from the TX ring and echoes them into the RX
 *   ring; DPDK's call eventfd write reaches the guest through KVM's irqfd.
 * - `fault` spoils one of QEMU's messages; DPDK rejects it, closes the
 *   connection and destroys the device, and the side in client mode
 *   reconnects, after which the negotiation runs again. `disconnect` has OVS
 *   delete and re-add the port after the traffic; a frame sent meanwhile waits
 *   in the ring, and after the reconnect SET_VRING_BASE resumes exactly there.
 */
import { MemFd } from '../os/memfd';
import { Process } from '../os/fd-table';
import { UnixSockets } from '../os/unix-socket';
import { kvmFastMmioWrite, type Ioeventfd } from '../kvm/ioeventfd';
import { VringVirtqueue, vvqPrivateSize, type Sg } from '../linux-guest/virtio-ring';
import { DpdkVhost } from '../ovs/netdev-dpdk';
import { QemuVhostUser } from '../qemu/vhost-user/net-vhost-user';
import type { ActorContext, ActorSpec, Gen } from '../sched/actor';
import { MODELLED_VERSIONS } from '../trace/frames';
import { ERA_VERSIONS, type VuEra } from '../vhost-user/era';
import type { VuFault } from '../vhost-user/fault';
import { VuWire } from '../vhost-user/wire';
import { ruleProblem, type OptionProblem, type OptionTable, type OptionValues } from './options';
import { assignHostNotifier, BAR_PLACEMENT, buildPciMachine, guestHalt, guestProbe, guestTakeInterrupt, pciMachineArenaSize, type PciMachineConfig } from './pci-machine';
import { pciInfo } from './pci-view';
import type { TopoNode, Topology, VhostUserInfo, VhostUserLive, World } from './world';

export const VU_FAULTS = ['none', 'fd-count', 'vring-index', 'size-too-large', 'unhandled-request', 'region-overflow'] as const;

export const vhostUserOptions = {
  era: { kind: 'enum', default: 'seed', values: ['seed', 'modern'], help: "seed: QEMU 5.0 with DPDK 19.11, as the seeds show; modern: Debian 12's QEMU 7.2 with DPDK 22.11" },
  topology: { kind: 'enum', default: 'qemu-server', values: ['qemu-server', 'dpdk-server'], help: "who listens on the unix socket: QEMU's chardev (server) with OVS's dpdkvhostuserclient port connecting (the seed's), or OVS's dpdkvhostuser port with QEMU connecting (reconnect=1)" },
  queues: { kind: 'int', default: 1, min: 1, max: 2, help: "queue pairs (QEMU's queues= with mq=on): one vhost device, and one round of vring messages, per pair" },
  frames: { kind: 'int', default: 2, min: 0, max: 4, help: 'frames the guest sends once the back-end runs; OVS echoes each back into the guest' },
  fault: { kind: 'enum', default: 'none', values: VU_FAULTS, help: "spoil one of QEMU's messages: DPDK rejects it, closes the connection and destroys the device, and the client side reconnects" },
  disconnect: { kind: 'bool', default: false, help: 'after the traffic OVS deletes and re-adds the port: the back-end goes away and comes back, and the rings resume from the saved vring base' },
  seed: { kind: 'int', default: 1, min: 0, max: 0x7fffffff, help: 'seed of the thread interleaving' },
} as const satisfies OptionTable;

export type VhostUserOptions = OptionValues<typeof vhostUserOptions>;

/** The socket path (OVS's default run directory, with the seed's port name). */
export const VU_SOCK_PATH = '/var/run/openvswitch/vhost-user0';
const OVS_PID = 5151;
/** Receive buffers the guest posts on each RX queue (try_fill_recv fills the ring; a handful shows the same thing). */
const RX_BUFS = 4;
/** A minimal Ethernet frame behind the 12-byte virtio_net_hdr_mrg_rxbuf. */
const HDR_LEN = 12;
const FRAME_LEN = 60;
const RX_BUF_LEN = 1536;
/** Bytes the host objects need: the socket pool, DPDK's device state, QEMU's vhost state. */
const HOST_BYTES = 160 * 1024;

function machineConfig(o: VhostUserOptions): PciMachineConfig {
  return { device: 'net', queuePairs: o.queues, ctrl: true, vectors: null, noMsi: false, accel: 'kvm', backend: 'vhost-user', hostBytes: HOST_BYTES };
}

/** Checks across options. */
export function validateVhostUser(o: VhostUserOptions, mode: 'step' | 'free'): OptionProblem | undefined {
  if (mode === 'free') return ruleProblem('era', 'step-only', 'this walkthrough runs in step mode only');
  if (o.disconnect && o.frames === 0) return ruleProblem('disconnect', 'disconnect-needs-frames', 'the reconnect shows the rings resuming, which needs traffic (frames ≥ 1)');
  // SET_MEM_TABLE goes with NEED_REPLY (REPLY_ACK), so DPDK refuses it with a failure reply and QEMU gives up on vhost: no traffic to resume.
  if (o.disconnect && o.fault === 'region-overflow') return ruleProblem('disconnect', 'disconnect-needs-start', 'with region-overflow the back-end never starts (QEMU falls back after the failure reply), so there is nothing to disconnect');
  return undefined;
}

export function vhostUserArenaSize(o: VhostUserOptions): number {
  return pciMachineArenaSize(machineConfig(o));
}

/** The guest's side of one virtio-net queue: Linux's vring_virtqueue over the ring the probe laid out. */
interface GuestQueue {
  index: number;
  vq: VringVirtqueue;
}

/** Build the walkthrough's world. */
export function buildVhostUser(o: VhostUserOptions, backing: boolean | ArrayBuffer | SharedArrayBuffer): World<VhostUserInfo, VhostUserLive> {
  const era = o.era as VuEra;
  const qemuServer = o.topology === 'qemu-server';
  const m = buildPciMachine(machineConfig(o), backing);
  const arena = m.arena;
  const mem = m.mem;
  const ram = m.regions[0]!;

  const net = new UnixSockets(arena, m.hostLayout, { sockets: 8, bufBytes: 4096, skbs: 48, files: 96, pollers: 4 });
  const wire = new VuWire(arena, m.slot());
  const ovs = new Process(OVS_PID, 'ovs-vswitchd', 30);
  // QEMU backs guest RAM with a shareable file (vhost-user needs one: memory-backend-memfd, or hugepages with share=on).
  const ramFile = era === 'seed' ? '/dev/hugepages/qemu_back_mem.pc.ram.fEsQ4d (deleted)' : '/memfd:pc.ram (deleted)';
  const ramFd = m.qemu.install(new MemFd(ramFile, ram.arenaOff, ram.size));

  const slots = {
    qemuReady: m.slot(),
    stop: m.slot(),
    sent: m.slot(),
    received: m.slot(),
    portDeleted: m.slot(),
    trafficDone: m.slot(),
  };
  const set = (slot: number, v: number) => {
    arena.aStore(slot, v);
    arena.aNotify(slot);
  };

  const ioeventfds: Ioeventfd[] = [];
  const qemu = new QemuVhostUser({
    era,
    role: qemuServer ? 'server' : 'client',
    sockPath: VU_SOCK_PATH,
    queuePairs: o.queues,
    net,
    proc: m.qemu,
    wire,
    arena,
    slot: () => m.slot(),
    ram: { fd: ramFd, gpa: ram.gpa, size: ram.size, hva: ram.hva },
    vq: (i) => {
      const q = m.proxy.queue(i);
      const w = m.queues[i]!;
      return { num: q.num, desc: q.desc, avail: q.avail, used: q.used, vector: q.vector, kick: w.hostNotifier, call: w.guestNotifier, masked: w.masked };
    },
    ackedFeatures: () => m.proxy.guestFeatures,
    deviceFeatures: m.desc.hostFeatures,
    driverOk: () => (m.proxy.status & 4) !== 0,
    // vhost_dev_enable_notifiers: the kick eventfds to KVM_IOEVENTFD. A restart after a reconnect keeps the ones already
    // assigned (QEMU 7.2 disables and re-creates them in vhost_net_stop_one / _start_one; the doorbells behave the same).
    enableNotifiers: function* (ctx: ActorContext, first: number, count: number): Gen<void> {
      for (let i = first; i < first + count; i++) if (!m.queues[i]!.hostNotifier.initialized) yield* assignHostNotifier(ctx, m, m.queues[i]!, ioeventfds);
    },
    fault: o.fault === 'none' ? null : (o.fault as VuFault),
  });
  m.onFeatures = (ctx, features) => qemu.setFeatures(ctx, features);
  m.startBackend = function* (ctx) {
    yield* qemu.start(ctx);
  };

  const dpdk = new DpdkVhost({
    era,
    client: qemuServer,
    sockPath: VU_SOCK_PATH,
    net,
    proc: ovs,
    wire,
    arena,
    layout: m.hostLayout,
    maxVrings: 2 * o.queues,
  });

  // The guest's queues, created over the rings the probe programmed (virtnet_find_vqs → vring_create_virtqueue).
  const nq = 2 * o.queues;
  const privs = Array.from({ length: nq }, (_, i) => mem.alloc(vvqPrivateSize(m.desc.queues[i]!.size), 64, 'struct vring_virtqueue (driver private)', 'driver-private', 'vring-private'));
  const rxBufs = mem.alloc(RX_BUFS * o.queues * RX_BUF_LEN, 64, `receive buffers × ${RX_BUFS * o.queues}`, 'buffer', 'page-frags', { n: RX_BUFS * o.queues });
  const txBufs = mem.alloc(Math.max(1, o.frames + 1) * 128, 64, `skb data × ${o.frames + 1}`, 'buffer', 'skb-data', { n: o.frames + 1 });
  const guestQueues: GuestQueue[] = [];
  const expected = o.frames + (o.disconnect ? 1 : 0);

  m.rings = {
    moreUsed: (i) => guestQueues[i]?.vq.moreUsed() ?? false,
    callback: function* (ctx, i) {
      const g = guestQueues[i];
      if (!g) return;
      if (i % 2 === 0) yield* ctx.call('skb_recv_done', guestReceive(ctx, g, () => arena.aAdd(slots.received, 1)));
      else yield* ctx.call('skb_xmit_done', ctx.call('free_old_xmit', guestReclaim(ctx, g)));
    },
  };

  const doorbell = (q: number) => (BAR_PLACEMENT.get(4)?.base ?? 0) + m.proxy.notifyOffset(q);
  const guestKick = function* (ctx: ActorContext, g: GuestQueue): Gen<void> {
    if (!(yield* g.vq.kickPrepare(ctx))) return;
    yield* g.vq.kick(ctx);
  };

  const vcpu: ActorSpec = {
    id: 'vcpu0',
    name: 'CPU 0/KVM',
    where: 'guest',
    body: function* (ctx: ActorContext): Gen {
      // QEMU runs the guest only once its netdev is up (a server chardev waits for the back-end first).
      while (arena.aLoad(slots.qemuReady) === 0) yield ctx.wait(slots.qemuReady, 0, 'vhost_user_start');
      const probe = yield* guestProbe(ctx, m);
      if (!probe.vp || probe.err) return;
      const eventIdx = (probe.features & (1n << 29n)) !== 0n;
      for (let i = 0; i < nq; i++) {
        const q = m.proxy.queue(i);
        const vq = new VringVirtqueue(mem, { num: q.num, desc: q.desc, avail: q.avail, used: q.used }, privs[i]!, i);
        vq.init(eventIdx, false);
        vq.notify = (c) => kvmDoorbell(c, i);
        guestQueues.push({ index: i, vq });
      }
      yield* ctx.call('virtnet_open', fillReceive(ctx));
      yield ctx.safe();
      for (let n = 0; n < o.frames; n++) yield* guestSend(ctx, n);
      yield* serveUntil(ctx, o.frames);
      set(slots.trafficDone, 1);
      if (o.disconnect) {
        while (arena.aLoad(slots.portDeleted) === 0) yield ctx.wait(slots.portDeleted, 0, 'del-port');
        // The back-end is gone; the guest does not know and sends anyway: the frame waits in the TX ring.
        yield* guestSend(ctx, o.frames);
        yield* serveUntil(ctx, expected);
      }
      set(slots.stop, 1);
      // Wake the host threads parked in poll or sleep so they see the stop (the real ones run on).
      qemu.kick();
      dpdk.wake();
    },
  };

  function* kvmDoorbell(ctx: ActorContext, q: number): Gen<boolean> {
    const addr = doorbell(q);
    return yield* ctx.call(
      'vp_notify',
      (function* (): Gen<boolean> {
        if (ctx.tracing) yield ctx.ev('vp_notify', { queue: q, addr, accel: 'kvm' });
        yield* kvmFastMmioWrite(ctx, ioeventfds, addr);
        return true;
      })(),
    );
  }

  /** virtnet_open → try_fill_recv on each RX queue: RX_BUFS mergeable buffers, then a kick. */
  function* fillReceive(ctx: ActorContext): Gen<void> {
    for (let p = 0; p < o.queues; p++) {
      const g = guestQueues[2 * p]!;
      yield* ctx.call(
        'try_fill_recv',
        (function* (): Gen<void> {
          for (let b = 0; b < RX_BUFS; b++) {
            const addr = rxBufs + (p * RX_BUFS + b) * RX_BUF_LEN;
            const inn: Sg[] = [{ addr, len: RX_BUF_LEN }];
            yield* ctx.call('add_recvbuf_mergeable', ctx.call('virtqueue_add_inbuf_ctx', g.vq.addSplit(ctx, [], inn, addr, 0, RX_BUF_LEN)));
          }
          yield* guestKick(ctx, g);
        })(),
      );
    }
  }

  /** start_xmit of frame `n` on the first TX queue: header and frame in one buffer (VERSION_1 pushes the header), then the kick decision. */
  function* guestSend(ctx: ActorContext, n: number): Gen<void> {
    const g = guestQueues[1]!;
    const buf = txBufs + n * 128;
    mem.w32(buf + HDR_LEN, 0xffffffff); // destination MAC: broadcast, and a marker the echo carries back
    mem.w16(buf + HDR_LEN + 4, 0xffff);
    mem.w16(buf + HDR_LEN + 12, 0x0800 + n);
    yield* ctx.call(
      'start_xmit',
      (function* (): Gen<void> {
        yield* ctx.call('xmit_skb', ctx.call('virtqueue_add_outbuf', g.vq.addSplit(ctx, [{ addr: buf, len: HDR_LEN + FRAME_LEN }], [], buf, 0)));
        arena.aAdd(slots.sent, 1);
        yield* guestKick(ctx, g);
      })(),
    );
  }

  /** Take interrupts until `want` echoes have been received. */
  function* serveUntil(ctx: ActorContext, want: number): Gen<void> {
    while (arena.aLoad(slots.received) < want) {
      yield ctx.safe();
      const took = yield* guestTakeInterrupt(ctx, m, probeVp());
      if (took) continue;
      yield* guestHalt(ctx, m);
    }
  }
  const probeVp = () => m.probe!.vp!;

  const qemuMain: ActorSpec = {
    id: 'qemu',
    name: 'qemu-system-x86_64',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      const r = yield* qemu.init(ctx);
      if (r < 0) return;
      // virtio_net_get_features → vhost_net_get_features: the device offers only what the back-end has.
      m.desc.hostFeatures = qemu.hostFeatures();
      set(slots.qemuReady, 1);
      yield* qemu.serve(ctx, slots.stop);
    },
  };

  const ovsMain: ActorSpec = {
    id: 'ovs',
    name: 'ovs-vswitchd',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      yield* dpdk.addPort(ctx);
      if (!o.disconnect) return;
      while (arena.aLoad(slots.trafficDone) === 0) yield ctx.wait(slots.trafficDone, 0, 'traffic');
      yield* dpdk.delPort(ctx);
      set(slots.portDeleted, 1);
      yield* dpdk.addPort(ctx);
    },
  };
  const events: ActorSpec = { id: 'vhost-events', name: 'vhost-events', where: 'host', body: (ctx) => dpdk.eventsThread(ctx, slots.stop) };
  const reconnect: ActorSpec = { id: 'vhost-reconnect', name: 'vhost_reconn', where: 'host', body: (ctx) => dpdk.reconnectThread(ctx, slots.stop) };
  const pmd: ActorSpec = { id: 'pmd', name: 'pmd-c01/id:3', where: 'host', body: (ctx) => dpdk.pmdThread(ctx, slots.stop) };

  // Time for QEMU's reconnect=1 timer: once armed, one tick (a second) passes.
  const clock: ActorSpec = {
    id: 'timer',
    name: 'timer (1 s)',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      const word = qemu.chardev.timerWord;
      for (;;) {
        const armedAt = arena.aLoad(word);
        if (armedAt < 0) {
          if (arena.aLoad(slots.stop)) return;
          yield ctx.wait(word, armedAt, 'timer');
          continue;
        }
        qemu.tickTimer();
        yield ctx.wait(word, armedAt, 'reconnect_timer');
      }
    },
  };
  const actors = [vcpu, qemuMain, ovsMain, events, ...(qemuServer ? [reconnect] : [clock]), pmd];
  const versions = ERA_VERSIONS[era];
  const base = pciInfo(m, 'vhost-user', { ...o }, actors, [
    { role: 'kernel', name: MODELLED_VERSIONS['linux-6.12'] },
    { role: 'qemu', name: versions.qemu },
    { role: 'dpdk', name: versions.dpdk },
  ]);
  const info: VhostUserInfo = {
    kind: 'vhost-user',
    scenario: base.scenario,
    options: base.options,
    arenaSize: base.arenaSize,
    regions: base.regions,
    allocs: base.allocs,
    threads: base.threads,
    topology: vuTopology(qemuServer, o.queues),
    versions: base.versions,
    era,
    mode: qemuServer ? 'qemu-server' : 'dpdk-server',
    queuePairs: o.queues,
    sockPath: VU_SOCK_PATH,
    processes: [
      { id: 'qemu', name: m.qemu.name, pid: m.qemu.pid, threads: ['vcpu0', 'qemu'] },
      { id: 'backend', name: ovs.name, pid: ovs.pid, threads: ['ovs', 'vhost-events', ...(qemuServer ? ['vhost-reconnect'] : []), 'pmd'] },
    ],
    fn: base.fn,
    memory: { gpa: ram.gpa, size: ram.size, qemuHva: ram.hva, file: ramFile },
  };

  return {
    arena,
    actors,
    doneSlot: slots.stop,
    info,
    counters: () => m.counters.read(),
    live: () => ({
      kind: 'vhost-user',
      counters: m.counters.read(),
      fds: [m.qemu, ovs].flatMap((p) => p.entries().map(([fd, f]) => ({ process: p.name, pid: p.pid, fd, label: f.label, role: f.role, queue: f.queue, count: 'efd' in f ? (f as { efd: { count(): number } }).efd.count() : null }))),
      irqPending: m.lapic.highestIrr() >= 0 ? 1 : 0,
      status: m.proxy.status,
      dpdk: dpdk.view(),
      qemu: qemu.view(),
      traffic: { sent: arena.aLoad(slots.sent), forwarded: dpdk.forwarded(), received: arena.aLoad(slots.received) },
    }),
  };
}

/** The guest's RX callback, reduced to the ring: take every used buffer (virtnet_receive → virtqueue_get_buf), count it, post it again. */
function* guestReceive(ctx: ActorContext, g: GuestQueue, count: () => void): Gen<void> {
  for (;;) {
    const b = yield* g.vq.getBuf(ctx);
    if (!b) return;
    count();
    yield* ctx.call('add_recvbuf_mergeable', ctx.call('virtqueue_add_inbuf_ctx', g.vq.addSplit(ctx, [], [{ addr: b.token, len: RX_BUF_LEN }], b.token, 0, RX_BUF_LEN)));
  }
}

/** free_old_xmit: reclaim sent buffers. */
function* guestReclaim(ctx: ActorContext, g: GuestQueue): Gen<void> {
  while (yield* g.vq.getBuf(ctx)) {
    /* each one freed */
  }
}

/** The overview: the guest, QEMU, the socket, DPDK's threads. */
function vuTopology(qemuServer: boolean, pairs: number): Topology {
  const nodes: TopoNode[] = [
    { id: 'vcpu0', group: 'guest', role: 'vcpu', name: 'CPU 0/KVM', panel: 'threads' },
    { id: 'vring', group: 'guest-ram', role: 'vring', name: `${2 * pairs} vrings`, panel: 'memory' },
    { id: 'qemu', group: 'host-user', role: 'qemu', name: `qemu-system-x86_64${qemuServer ? ' (server)' : ' (client)'}`, panel: 'threads' },
    { id: 'sock', group: 'host-kernel', role: 'unix-socket', name: VU_SOCK_PATH, panel: 'fds' },
    { id: 'dpdk', group: 'host-user', role: 'dpdk-vhost', name: `ovs-vswitchd${qemuServer ? ' (client)' : ' (server)'}`, panel: 'threads' },
    { id: 'pmd', group: 'host-user', role: 'pmd', name: 'pmd-c01/id:3', panel: 'threads' },
    { id: 'irqfd', group: 'kvm', role: 'irqfd', name: 'irqfd', panel: 'irqs' },
  ];
  const links = [
    { from: 'qemu', to: 'sock' },
    { from: 'sock', to: 'dpdk' },
    { from: 'vcpu0', to: 'vring' },
    { from: 'pmd', to: 'vring' },
    { from: 'pmd', to: 'irqfd' },
    { from: 'irqfd', to: 'vcpu0' },
  ];
  return { nodes, links };
}
