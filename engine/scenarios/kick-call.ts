/**
 * The "kick and call" walkthrough (seed 000): the plumbing of one kick and
 * one call for a virtio-net-pci with a vhost back-end, under KVM or TCG.
 *
 * - Set-up, at the guest's DRIVER_OK write: QEMU's vhost_net_start binds the
 *   guest notifiers (call eventfds: to KVM irqfds when MSI-X is on under KVM;
 *   to QEMU's main loop otherwise), then for each queue gives the host
 *   notifier (kick eventfd) to the accelerator (KVM_IOEVENTFD, or the memory
 *   region's own list under TCG) and to the back-end (VHOST_SET_VRING_KICK).
 * - The kick: the guest publishes one TX buffer and writes the doorbell; KVM's
 *   ioeventfd (or TCG's memory_region_dispatch_write_eventfds) signals the
 *   kick eventfd, whose vhost poll queues handle_tx_kick on the worker.
 * - The call: vhost puts the buffer in the used ring and vhost_signal writes
 *   the call eventfd: KVM's irqfd injects the MSI, or QEMU's main loop reads
 *   the guest notifier and raises the interrupt itself.
 *
 * The fault: under TCG with a vhost-user netdev and MSI-X enabled in the
 * guest, virtio_pci_set_guest_notifiers reaches kvm_virtio_pci_irqfd_use
 * with no irqfd table and QEMU dies (Red Hat bugs 1380703 / 1410716); with
 * the guest on INTx (pci=nomsi) the same set-up works through the main loop.
 * With vhost-user the back-end's own side is the vhost-user walkthrough.
 */
import { AVAIL, DESC, USED } from '../abi/virtio-ring';
import { VIRTIO_PCI_QUEUE_NOTIFY } from '../abi/virtio-pci';
import { kvmFastMmioWrite, kvmPioWrite, type Ioeventfd } from '../kvm/ioeventfd';
import { vhostPoll, vhostTaskFn, WORK_KICK } from '../linux-host/vhost/worker';
import { eventNotifierGetFd } from '../qemu/event-notifier';
import { tcgDispatchWriteEventfd } from '../qemu/guest-notifier';
import { within } from '../qemu/vcpu-exit';
import type { ActorContext, ActorSpec, Gen } from '../sched/actor';
import { MODELLED_VERSIONS } from '../trace/frames';
import { ruleProblem, type OptionProblem, type OptionTable, type OptionValues } from './options';
import { assignHostNotifier, BAR_PLACEMENT, buildPciMachine, guestProbe, guestHalt, guestTakeInterrupt, pciMachineArenaSize, serveMainLoop, vhostSignalCall, watchForPoll, type PciMachine, type PciMachineConfig } from './pci-machine';
import { pciInfo, pciLive } from './pci-view';
import type { PciInfo, PciLive, World } from './world';

export const kickCallOptions = {
  accel: { kind: 'enum', default: 'kvm', values: ['kvm', 'tcg'], help: 'kvm: ioeventfd and irqfd in the host kernel; tcg: no KVM, QEMU emulates the CPU and its main loop carries the call' },
  backend: { kind: 'enum', default: 'vhost-net', values: ['vhost-net', 'vhost-user'], help: 'the netdev: vhost-net (the host kernel) or vhost-user (a separate process such as OVS-DPDK)' },
  irq: { kind: 'enum', default: 'msix', values: ['msix', 'intx'], help: 'msix: as Linux boots by default; intx: the guest booted with pci=nomsi' },
  transport: { kind: 'enum', default: 'modern', values: ['modern', 'legacy'], help: 'modern: the guest drives the common-config window in BAR 4; legacy: it booted with virtio_pci.force_legacy=1 and drives I/O BAR 0 (seed 000\'s first backtrace: status at I/O offset 18)' },
  queues: { kind: 'int', default: 1, min: 1, max: 4, help: 'virtio-net queue pairs (QEMU\'s queues=); the kick and call use the first transmit queue' },
  ctrl: { kind: 'bool', default: true, help: 'virtio-net offers the control queue (ctrl_vq); multiqueue needs it' },
  vectors: { kind: 'int', default: -1, min: -1, max: 29, help: 'the MSI-X table size (QEMU\'s vectors=): 0 = no MSI-X capability; -1 = QEMU 7.2\'s default (2 × queues + 2)' },
  seed: { kind: 'int', default: 1, min: 0, max: 0x7fffffff, help: 'seed of the thread interleaving' },
} as const satisfies OptionTable;

export type KickCallOptions = OptionValues<typeof kickCallOptions>;

/** The TX queue the kick and call use (transmitq1). */
const TX_QUEUE = 1;
/** The frame the guest hands over: a minimal Ethernet frame plus the 12-byte virtio_net_hdr. */
const TX_LEN = 12 + 60;

function machineConfig(o: KickCallOptions): PciMachineConfig {
  return { device: 'net', queuePairs: o.queues, ctrl: o.ctrl, vectors: o.vectors < 0 ? null : o.vectors, noMsi: o.irq === 'intx', legacy: o.transport === 'legacy', accel: o.accel as 'kvm' | 'tcg', backend: o.backend as 'vhost-net' | 'vhost-user' };
}

/** Checks across options (every other combination is a real configuration, one of them the seed's crash). */
export function validateKickCall(o: KickCallOptions, mode: 'step' | 'free'): OptionProblem | undefined {
  if (mode === 'free') return ruleProblem('accel', 'step-only', 'this walkthrough runs in step mode only');
  if (o.queues > 1 && !o.ctrl) return ruleProblem('ctrl', 'mq-needs-ctrl', 'virtio-net multiqueue (VIRTIO_NET_F_MQ) needs the control queue');
  return undefined;
}

export function kickCallArenaSize(o: KickCallOptions): number {
  return pciMachineArenaSize(machineConfig(o));
}

/** Where the guest's TX ring lives, read back from the device's registers (the probe wrote them). */
function txRing(m: PciMachine): { desc: number; avail: number; used: number; num: number } {
  const q = m.proxy.queue(TX_QUEUE);
  return { desc: q.desc, avail: q.avail, used: q.used, num: q.num };
}

/** Build the walkthrough's world. */
export function buildKickCall(o: KickCallOptions, backing: boolean | ArrayBuffer | SharedArrayBuffer): World<PciInfo, PciLive> {
  const m = buildPciMachine(machineConfig(o), backing);
  const arena = m.arena;
  const mem = m.mem;
  const workSlot = m.slot();
  const pollSlot = m.slot();
  const startedSlot = m.slot();
  const ioeventfds: Ioeventfd[] = [];
  const buffer = mem.alloc(TX_LEN, 64, 'skb data (one frame)', 'buffer', 'skb-data', { n: 1 });
  let lastUsed = 0;

  // vhost_net_start_one, per queue: the host notifier to the accelerator, then vhost_dev_start hands the kick fd over.
  m.startBackend = function* (ctx: ActorContext): Gen<void> {
    yield* ctx.call(
      'vhost_net_start_one',
      (function* (): Gen<void> {
        yield* ctx.call(
          'vhost_dev_enable_notifiers',
          (function* (): Gen<void> {
            for (const q of m.queues) yield* assignHostNotifier(ctx, m, q, ioeventfds);
          })(),
        );
        yield* ctx.call(
          'vhost_dev_start',
          (function* (): Gen<void> {
            for (const q of m.queues) {
              yield* ctx.call(
                'vhost_virtqueue_start',
                ctx.call(
                  o.backend === 'vhost-net' ? 'vhost_kernel_set_vring_kick' : 'vhost_user_set_vring_kick',
                  (function* (): Gen<void> {
                    const fd = eventNotifierGetFd(q.hostNotifier);
                    if (ctx.tracing) yield ctx.ev('vhost_set_vring_kick', { queue: q.index, fd, backend: o.backend as 'vhost-net' | 'vhost-user' });
                    // vhost_vring_ioctl → vhost_poll_start: vhost-net's worker now polls the kick eventfd (only TX is followed here).
                    if (o.backend === 'vhost-net' && q.index === TX_QUEUE) q.hostNotifier.efd!.addWaitQueue(vhostPoll(arena, workSlot, 'tx', WORK_KICK));
                  })(),
                ),
              );
            }
            // QEMU's side ends here for vhost-user: the messages and the back-end process are the vhost-user walkthrough's.
            if (o.backend === 'vhost-user' && ctx.tracing) yield ctx.ev('backend_elsewhere', { backend: 'vhost-user' });
          })(),
        );
        arena.aStore(startedSlot, 1);
        arena.aNotify(startedSlot);
      })(),
    );
  };

  const vcpuName = o.accel === 'kvm' ? 'CPU 0/KVM' : 'CPU 0/TCG';
  const vcpu: ActorSpec = {
    id: 'vcpu0',
    name: vcpuName,
    where: 'guest',
    body: function* (ctx: ActorContext): Gen {
      const probe = yield* guestProbe(ctx, m);
      const vp = probe.vp;
      if (!vp || !m.irqfdProxy.proc.alive) return;
      if (o.backend === 'vhost-user') return;
      yield ctx.safe();
      yield* guestSendOne(ctx, m, buffer, ioeventfds, o.accel as 'kvm' | 'tcg');
      for (;;) {
        yield ctx.safe();
        const took = yield* guestTakeInterrupt(ctx, m, vp);
        if (took) continue;
        yield* guestHalt(ctx, m);
      }
    },
  };
  // vring_interrupt's more_used on the TX queue: has the device moved used->idx past what the driver saw?
  m.rings = {
    moreUsed: (index) => index === TX_QUEUE && mem.ar16(txRing(m).used + USED.idx) !== lastUsed,
    // skb_xmit_done would schedule NAPI to reclaim; here the driver just notes what it saw.
    callback: function* (_ctx, index) {
      if (index === TX_QUEUE) lastUsed = mem.ar16(txRing(m).used + USED.idx);
    },
  };

  // vhost-net's worker: handle_tx_kick takes the buffer, puts it in the used ring, and vhost_signal writes the call eventfd.
  const vhost: ActorSpec = {
    id: 'vhost',
    name: 'vhost-4242',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      while (arena.aLoad(startedSlot) === 0) {
        if (!m.irqfdProxy.proc.alive) return;
        yield ctx.wait(startedSlot, 0, 'VHOST_SET_VRING_KICK');
      }
      let served = false;
      yield* ctx.call(
        'vhost_task_fn',
        vhostTaskFn(ctx, arena, workSlot, 'tx', function* (work) {
          if (work !== WORK_KICK || served) return;
          served = true;
          yield* ctx.call('handle_tx_kick', ctx.call('handle_tx', ctx.call('handle_tx_copy', vhostServeOne(ctx, m))));
        }),
      );
    },
  };

  // QEMU's main thread: under TCG or INTx its main loop reads the guest notifier and raises the interrupt.
  const qemuMain: ActorSpec = {
    id: 'qemu',
    name: 'qemu-system-x86_64',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      while (arena.aLoad(startedSlot) === 0) {
        if (!m.irqfdProxy.proc.alive) return;
        yield ctx.wait(startedSlot, 0, 'vhost_net_start');
      }
      watchForPoll(m, pollSlot);
      if (m.loop.fds().length) yield* serveMainLoop(ctx, m, pollSlot);
    },
  };

  const actors = o.backend === 'vhost-net' ? [vcpu, vhost, qemuMain] : [vcpu, qemuMain];
  return {
    arena,
    actors,
    doneSlot: startedSlot,
    info: pciInfo(m, 'kick-call', { ...o }, actors, [
      { role: 'kernel', name: MODELLED_VERSIONS['linux-6.12'] },
      { role: 'qemu', name: MODELLED_VERSIONS['qemu-7.2'] },
    ]),
    counters: () => m.counters.read(),
    live: () => pciLive(m),
  };
}

/** The guest's start_xmit for one frame, reduced to the ring writes and the kick (the descriptor-flow walkthrough shows the rest). */
function* guestSendOne(ctx: ActorContext, m: PciMachine, buffer: number, ioeventfds: readonly Ioeventfd[], accel: 'kvm' | 'tcg'): Gen<void> {
  const { desc, avail } = txRing(m);
  const g = m.mem;
  yield* ctx.call(
    'start_xmit',
    (function* (): Gen<void> {
      yield* ctx.call(
        'virtqueue_add_outbuf',
        ctx.call(
          'virtqueue_add_split',
          (function* (): Gen<void> {
            g.w64(desc + DESC.addr, buffer);
            g.w32(desc + DESC.len, TX_LEN);
            g.w16(desc + DESC.flags, 0);
            g.w16(desc + DESC.next, 0);
            if (ctx.tracing) yield ctx.ev('virtqueue_add_desc', { desc: 0, addr: buffer, len: TX_LEN, flags: 0, next: 0, indirect: false, at: desc }, 'virtqueue_add_desc_split');
            g.w16(avail + AVAIL.ring, 0);
            g.aw16(avail + AVAIL.idx, 1);
            if (ctx.tracing) yield ctx.ev('virtqueue_publish_avail', { old: 0, new: 1 });
          })(),
        ),
      );
      yield* ctx.call(
        'virtqueue_notify',
        ctx.call(
          'vp_notify',
          (function* (): Gen<void> {
            // A legacy queue's doorbell is the I/O port BAR 0 + 16 (vq->priv), written with the queue index; a modern one is in BAR 4.
            const pio = m.config.legacy === true;
            const addr = pio ? (BAR_PLACEMENT.get(0)?.base ?? 0) + VIRTIO_PCI_QUEUE_NOTIFY : (BAR_PLACEMENT.get(4)?.base ?? 0) + m.proxy.notifyOffset(TX_QUEUE);
            if (ctx.tracing) yield ctx.ev('vp_notify', { queue: TX_QUEUE, addr, accel, ...(pio ? { pio } : {}) });
            if (accel === 'kvm') {
              if (pio) yield* kvmPioWrite(ctx, ioeventfds, addr, TX_QUEUE);
              else yield* kvmFastMmioWrite(ctx, ioeventfds, addr);
            } else {
              // TCG: a store goes through the softmmu slow path, an OUT through helper_outw; the memory core signals the region's eventfd itself.
              const helper = pio ? (['helper_outw'] as const) : (['helper_le_stw_mmu', 'io_writex'] as const);
              yield* within(ctx, ['mttcg_cpu_thread_fn', 'tcg_cpus_exec', 'cpu_exec', 'cpu_loop_exec_tb', 'cpu_tb_exec', ...helper], () => tcgDispatchWriteEventfd(ctx, m.queues[TX_QUEUE]!));
            }
          })(),
        ),
      );
    })(),
  );
}

/** vhost's pass over the TX ring: one head taken, one used element, then vhost_signal. */
function* vhostServeOne(ctx: ActorContext, m: PciMachine): Gen<void> {
  const { avail, used } = txRing(m);
  const g = m.mem;
  const idx = g.ar16(avail + AVAIL.idx);
  if (idx === 0) return;
  const head = g.r16(avail + AVAIL.ring);
  if (ctx.tracing) yield ctx.ev('vhost_get_avail_head', { slot: 0, head }, 'vhost_net_tx_get_vq_desc', 'vhost_get_vq_desc', 'vhost_get_avail_head');
  g.w32(used + USED.ring, head);
  g.w32(used + USED.ring + 4, 0);
  if (ctx.tracing) yield ctx.ev('vhost_add_used', { slot: 0, entries: [{ id: head, len: 0 }] }, 'vhost_add_used_and_signal_n', 'vhost_add_used_n', '__vhost_add_used_n');
  g.aw16(used + USED.idx, 1);
  if (ctx.tracing) yield ctx.ev('vhost_publish_used', { old: 0, new: 1 }, 'vhost_add_used_and_signal_n', 'vhost_add_used_n');
  yield* ctx.call('vhost_add_used_and_signal_n', vhostSignalCall(ctx, m, m.queues[TX_QUEUE]!));
}
