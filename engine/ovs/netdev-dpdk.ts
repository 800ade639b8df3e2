/**
 * OVS-DPDK as the application of DPDK's vhost library (Open vSwitch
 * lib/netdev-dpdk.c, lib/dpif-netdev.c): a dpdkvhostuserclient port
 * (netdev_dpdk_vhost_client_reconfigure: register in client mode, the
 * device callbacks, start) or a dpdkvhostuser (server) port, the
 * new_device / destroy_device / vring_state_changed callbacks, and a PMD
 * thread that receives from the guest's TX vrings and sends each frame
 * back into the RX vring of the same queue pair (the flow is an echo back
 * out of the port it came in on).
 */
import type { Arena, ArenaLayout } from '../mem/arena';
import type { Process } from '../os/fd-table';
import { AddressSpace } from '../os/memfd';
import type { UnixSockets } from '../os/unix-socket';
import type { ActorContext, Gen } from '../sched/actor';
import type { DpdkDeviceView } from '../scenarios/world';
import { ERA_VERSIONS, type VuEra } from '../vhost-user/era';
import type { VuWire } from '../vhost-user/wire';
import type { VhostLib } from '../dpdk/vhost/context';
import { DeviceState, VIRTIO_DEV_RUNNING } from '../dpdk/vhost/device';
import { Fdset, fdsetEventDispatch } from '../dpdk/vhost/fd-man';
import { rteVhostDriverRegister, rteVhostDriverStart, rteVhostDriverUnregister, vhostUserClientReconnectOnce } from '../dpdk/vhost/socket';
import { rteVhostDequeueBurst, rteVhostEnqueueBurst } from '../dpdk/vhost/virtio-net';
import { vvaToArena } from '../dpdk/vhost/mem-table';
import { vqIsReady } from '../dpdk/vhost/readiness';

/** What OVS disables without userspace TSO (rte_vhost_driver_disable_features): HOST_TSO4, HOST_TSO6, CSUM. */
const OVS_NO_TSO = (1n << 11n) | (1n << 12n) | (1n << 0n);
/** NETDEV_MAX_BURST. */
const NETDEV_MAX_BURST = 32;

export interface DpdkVhostConfig {
  era: VuEra;
  client: boolean;
  sockPath: string;
  net: UnixSockets;
  proc: Process;
  wire: VuWire;
  arena: Arena;
  layout: ArenaLayout;
  maxVrings: number;
  /** An Int32 slot that advances with simulated time: the reconnect thread's sleep(1) waits on it. */
  clockSlot?: number;
}

export class DpdkVhost {
  private readonly lib: VhostLib;

  constructor(private readonly cfg: DpdkVhostConfig) {
    const dpdkEra = ERA_VERSIONS[cfg.era].dpdkEra;
    const dev = new DeviceState(cfg.arena, cfg.layout, cfg.maxVrings);
    this.lib = {
      era: cfg.era,
      dpdkEra,
      path: cfg.sockPath,
      client: cfg.client,
      reconnect: cfg.client,
      net: cfg.net,
      proc: cfg.proc,
      arena: cfg.arena,
      wire: cfg.wire,
      dev,
      as: new AddressSpace('ovs-vswitchd'),
      fdset: new Fdset(cfg.net, cfg.proc),
      // Set by rte_vhost_driver_register from the flags OVS passes.
      features: 0n,
      protocolFeatures: 0n,
      queueNum: 0x80,
      ops: null,
      registered: false,
    };
    // struct rte_vhost_device_ops virtio_net_device_ops (rte_vhost_driver_callback_register).
    this.lib.ops = {
      newDevice: (ctx, vid) => ctx.call('new_device', this.onNewDevice(ctx, vid)),
      destroyDevice: (ctx, vid) => ctx.call('destroy_device', this.onDestroyDevice(ctx, vid)),
      vringStateChanged: (ctx, vid, vring, enable) => ctx.call('vring_state_changed', this.onVringState(ctx, vid, vring, enable)),
    };
  }

  /** The library state (tests and the scenario read it). */
  get vhost(): VhostLib {
    return this.lib;
  }

  // OVS's callbacks: nothing to print at DPDK's level; OVS's own VLOG lines are not modelled.
  private *onNewDevice(_ctx: ActorContext, _vid: number): Gen<number> {
    return 0;
  }
  private *onDestroyDevice(_ctx: ActorContext, _vid: number): Gen<void> {}
  private *onVringState(_ctx: ActorContext, _vid: number, _vring: number, _enable: boolean): Gen<number> {
    return 0;
  }

  /** netdev_dpdk_vhost_client_reconfigure (client) or netdev_dpdk_vhost_construct (server): register, callbacks, start. */
  *addPort(ctx: ActorContext): Gen<number> {
    const lib = this.lib;
    return yield* ctx.call(
      this.cfg.client ? 'netdev_dpdk_vhost_client_reconfigure' : 'netdev_dpdk_vhost_construct',
      (function* (): Gen<number> {
        // "There is no support for multi-segments buffers": OVS asks for linear buffers.
        const r = yield* rteVhostDriverRegister(ctx, lib, { linearbuf: true });
        if (r < 0) return r;
        // rte_vhost_driver_callback_register: the ops were built in the constructor.
        // Userspace TSO is off (OVS's default): no host TSO and no checksum offload for the guest.
        lib.features &= ~OVS_NO_TSO;
        return yield* rteVhostDriverStart(ctx, lib);
      })(),
    );
  }

  /** netdev_dpdk_vhost_destruct: rte_vhost_driver_unregister. */
  *delPort(ctx: ActorContext): Gen<number> {
    return yield* ctx.call('netdev_dpdk_vhost_destruct', rteVhostDriverUnregister(ctx, this.lib));
  }

  *eventsThread(ctx: ActorContext, stopSlot: number): Gen<void> {
    yield* fdsetEventDispatch(ctx, this.lib.fdset, stopSlot);
  }

  *reconnectThread(ctx: ActorContext, stopSlot: number): Gen<void> {
    const a = this.cfg.arena;
    const dev = this.lib.dev;
    for (;;) {
      yield ctx.safe();
      if (a.aLoad(stopSlot) !== 0) return;
      if (dev.reconnectPending) {
        const ok = yield* vhostUserClientReconnectOnce(ctx, this.lib);
        if (ok) continue;
        // sleep(1): wait for simulated time to pass, or (without a clock) for the device to change.
        if (this.cfg.clockSlot !== undefined) yield ctx.wait(this.cfg.clockSlot, a.aLoad(this.cfg.clockSlot), 'reconnect');
        else yield ctx.wait(dev.genSlot(), a.aLoad(dev.genSlot()), 'reconnect');
      } else {
        yield ctx.wait(dev.genSlot(), a.aLoad(dev.genSlot()), 'reconnect');
      }
    }
  }

  /**
   * pmd_thread_main: poll every queue pair's TX vring (netdev_dpdk_vhost_rxq_recv),
   * send what came back out on the same pair's RX vring (netdev_dpdk_vhost_send).
   * The real PMD spins; here, with nothing to do, it parks on the word holding the
   * first TX ring's avail flags and index, which changes when the guest publishes.
   */
  *pmdThread(ctx: ActorContext, stopSlot: number): Gen<void> {
    const lib = this.lib;
    const dev = lib.dev;
    const a = this.cfg.arena;
    yield* ctx.call(
      'pmd_thread_main',
      function* (this: DpdkVhost): Gen<void> {
        for (;;) {
          yield ctx.safe();
          const gen = a.aLoad(dev.genSlot());
          let moved = 0;
          const running = (dev.flags & VIRTIO_DEV_RUNNING) !== 0;
          if (running) {
            for (let qp = 0; 2 * qp + 1 < dev.nrVring; qp++) {
              const frames = yield* ctx.call('netdev_dpdk_vhost_rxq_recv', rteVhostDequeueBurst(ctx, lib, 2 * qp + 1, NETDEV_MAX_BURST));
              if (frames.length === 0) continue;
              const sent = yield* ctx.call('netdev_dpdk_vhost_send', rteVhostEnqueueBurst(ctx, lib, 2 * qp, frames));
              dev.addForwarded(sent);
              moved += frames.length;
            }
          }
          if (moved > 0) continue;
          if (a.aLoad(stopSlot) !== 0) return;
          // Park until something the spinning PMD would notice changes: the device (a message, new_device, destroy_device),
          // the stop word, or the avail word of any TX ring it serves (the guest published).
          const also: Array<readonly [number, number]> = [[stopSlot, 0]];
          if (running) {
            for (let qp = 0; 2 * qp + 1 < dev.nrVring; qp++) {
              const tx = vvaToArena(lib.as, dev.vq(2 * qp + 1).avail);
              if (tx >= 0 && tx % 4 === 0) also.push([tx / 4, a.aLoad(tx / 4)]);
            }
          }
          yield ctx.wait(dev.genSlot(), gen, 'pmd_poll', also);
        }
      }.call(this),
    );
  }

  /**
   * Wake the vhost-events and reconnect threads (parked in poll / sleep) so they see a
   * stop slot the scenario just set; the real threads never stop. A PMD parked on a TX
   * avail word wakes only when the guest publishes again (or never, which is harmless).
   */
  wake(): void {
    this.lib.fdset.poller.kick();
    this.lib.dev.bumpGen();
  }

  /** The device as the page shows it; a vring's `ready` is vq_is_ready of the era (19.11 keeps no vq->ready field). */
  view(): DpdkDeviceView {
    const v = this.lib.dev.view();
    return { ...v, vrings: v.vrings.map((q) => ({ ...q, ready: vqIsReady(this.lib, q.index) })) };
  }

  forwarded(): number {
    return this.lib.dev.forwarded;
  }
}
