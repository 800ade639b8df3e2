/**
 * The "MSI-X vectors" walkthrough (seed 003, with seed 000 for QEMU's side):
 * a Linux 6.12 guest probes a virtio-net-pci or virtio-balloon-pci function
 * of QEMU 7.2 under KVM and asks for its interrupts. vp_find_vqs tries a
 * vector per queue, then the slow-path sharing, then one shared vector, then
 * INTx, and the device's MSI-X table size (vectors=) decides where it lands.
 * Writing DRIVER_OK makes QEMU route each vector: a GSI route per vector and
 * an irqfd per queue (vhost_net_start → virtio_pci_set_guest_notifiers).
 * Then each queue's call eventfd fires once, the device's configuration
 * changes once, and every interrupt travels callfd → irqfd → GSI route → MSI
 * → LAPIC vector → the handler Linux registered. With `mask`, the guest masks
 * one MSI-X entry first, so the reader sees where QEMU keeps the event (the
 * PBA, or vhost's masked notifier) and how unmasking delivers it.
 */
import { PCI_MSIX_ENTRY_CTRL_MASKBIT, PCI_MSIX_ENTRY_SIZE, PCI_MSIX_ENTRY_VECTOR_CTRL } from '../abi/pci';
import { MODELLED_VERSIONS } from '../trace/frames';
import type { VpDev } from '../linux-guest/virtio-pci-common';
import type { ActorContext, ActorSpec, Gen } from '../sched/actor';

import { ruleProblem, type OptionProblem, type OptionTable, type OptionValues } from './options';
import { buildPciMachine, deviceDesc, guestProbe, guestHalt, guestTakeInterrupt, pciMachineArenaSize, serveMainLoop, vhostSignalCall, watchForPoll, type PciMachine, type PciMachineConfig, type QueueWiring } from './pci-machine';
import { pciInfo, pciLive } from './pci-view';
import type { PciInfo, PciLive, World } from './world';

/** MSI-X entries above this would carry x86 vectors beyond the first IRR word the walkthrough's vCPU watches. */
export const MSIX_WALKTHROUGH_MAX_VECTORS = 29;

export const msixVectorsOptions = {
  device: { kind: 'enum', default: 'net', values: ['net', 'balloon'], help: 'virtio-net-pci or virtio-balloon-pci (seed 003\'s example: five queues)' },
  queues: { kind: 'int', default: 1, min: 1, max: 4, help: 'virtio-net queue pairs (QEMU\'s queues=)' },
  ctrl: { kind: 'bool', default: true, help: 'virtio-net offers the control queue (ctrl_vq); multiqueue needs it' },
  vectors: { kind: 'int', default: -1, min: -1, max: MSIX_WALKTHROUGH_MAX_VECTORS, help: 'the MSI-X table size (QEMU\'s vectors=): 0 = no MSI-X capability; -1 = QEMU 7.2\'s default (virtio-net-pci 2 × queues + 2; virtio-balloon-pci has no MSI-X)' },
  irq: { kind: 'enum', default: 'msix', values: ['msix', 'intx'], help: 'msix: as Linux boots by default; intx: the guest booted with pci=nomsi' },
  accel: { kind: 'enum', default: 'kvm', values: ['kvm', 'tcg'], help: 'kvm: irqfd injects each call in the host kernel; tcg: QEMU\'s main loop reads the call eventfds and sends the MSI itself' },
  mask: { kind: 'int', default: -1, min: -1, max: MSIX_WALKTHROUGH_MAX_VECTORS - 1, help: 'an MSI-X entry the guest masks while the interrupts fire, then unmasks (-1: none)' },
  seed: { kind: 'int', default: 1, min: 0, max: 0x7fffffff, help: 'seed of the thread interleaving' },
} as const satisfies OptionTable;

export type MsixVectorsOptions = OptionValues<typeof msixVectorsOptions>;

/** The machine config the options give: a vhost-net back-end (the kick-and-call walkthrough also offers vhost-user). */
export function msixMachineConfig(o: MsixVectorsOptions): PciMachineConfig {
  return {
    device: o.device as 'net' | 'balloon',
    queuePairs: o.device === 'net' ? o.queues : 1,
    ctrl: o.ctrl,
    vectors: o.vectors < 0 ? null : o.vectors,
    noMsi: o.irq === 'intx',
    accel: o.accel as 'kvm' | 'tcg',
    backend: 'vhost-net',
  };
}

/** Checks across options. */
export function validateMsixVectors(o: MsixVectorsOptions, mode: 'step' | 'free'): OptionProblem | undefined {
  if (mode === 'free') return ruleProblem('device', 'step-only', 'this walkthrough runs in step mode only');
  if (o.device === 'balloon' && o.queues !== 1) return ruleProblem('queues', 'net-only', 'queues is a virtio-net property', { option: 'queues' });
  if (o.device === 'balloon' && !o.ctrl) return ruleProblem('ctrl', 'net-only', 'ctrl is a virtio-net property', { option: 'ctrl' });
  if (o.device === 'net' && o.queues > 1 && !o.ctrl) return ruleProblem('ctrl', 'mq-needs-ctrl', 'virtio-net multiqueue (VIRTIO_NET_F_MQ) needs the control queue');
  const table = deviceDesc(msixMachineConfig(o)).vectors;
  if (table > MSIX_WALKTHROUGH_MAX_VECTORS) return ruleProblem('vectors', 'max-vectors', `this walkthrough shows at most ${MSIX_WALKTHROUGH_MAX_VECTORS} MSI-X entries`, { max: MSIX_WALKTHROUGH_MAX_VECTORS });
  if (o.mask >= 0 && o.irq === 'intx') return ruleProblem('mask', 'mask-needs-msix', 'with pci=nomsi there is no MSI-X entry to mask');
  if (o.mask >= table) return ruleProblem('mask', 'mask-in-table', `the MSI-X table has ${table} entries (0..${table - 1})`, { entries: table });
  return undefined;
}

/** Arena bytes for `o`. */
export function msixVectorsArenaSize(o: MsixVectorsOptions): number {
  return pciMachineArenaSize(msixMachineConfig(o));
}

/** The handshake between the threads: the guest is ready, the host's stimuli are (nearly) done. */
const STAGE_READY = 1;
const STAGE_LAST = 2;

/** The guest's irq_chip masking or unmasking one MSI-X entry (pci_msi_mask_irq → pci_msix_mask → the Vector Control write). */
function* guestMsixMask(ctx: ActorContext, m: PciMachine, vp: VpDev, entry: number, mask: boolean): Gen<void> {
  if (!vp.msixTable) return;
  const table = vp.msixTable;
  yield* ctx.call(
    mask ? 'pci_msi_mask_irq' : 'pci_msi_unmask_irq',
    ctx.call(
      mask ? 'pci_msix_mask' : 'pci_msix_unmask',
      ctx.call(
        'pci_msix_write_vector_ctrl',
        (function* (): Gen<void> {
          if (ctx.tracing) yield ctx.ev('guest_msix_mask', { entry, mask });
          yield* m.access.barWrite(ctx, table.bar, table.offset + entry * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL, mask ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0, 4);
        })(),
      ),
    ),
  );
}

/** The queues whose call is a stimulus, ordered so that the masked entry's queues go first and the last one reaches an unmasked vector. */
function stimulusOrder(m: PciMachine, masked: number): QueueWiring[] {
  const onMasked = (q: QueueWiring) => masked >= 0 && m.proxy.queue(q.index).vector === masked;
  return [...m.queues.filter(onMasked), ...m.queues.filter((q) => !onMasked(q))];
}

/** Build the walkthrough's world. */
export function buildMsixVectors(o: MsixVectorsOptions, backing: boolean | ArrayBuffer | SharedArrayBuffer): World<PciInfo, PciLive> {
  const m = buildPciMachine(msixMachineConfig(o), backing);
  const arena = m.arena;
  const stage = m.slot();
  const doneSlot = m.slot();
  const pollSlot = m.slot();
  let unmaskPending = false;

  const setStage = (v: number) => {
    arena.aStore(stage, v);
    arena.aNotify(stage);
  };

  const vcpu: ActorSpec = {
    id: 'vcpu0',
    name: o.accel === 'tcg' ? 'CPU 0/TCG' : 'CPU 0/KVM',
    where: 'guest',
    body: function* (ctx: ActorContext): Gen {
      const probe = yield* guestProbe(ctx, m);
      const vp = probe.vp;
      if (!vp) {
        arena.aStore(doneSlot, 1);
        return;
      }
      if (o.mask >= 0 && vp.msixEnabled) {
        yield* guestMsixMask(ctx, m, vp, o.mask, true);
        unmaskPending = true;
      }
      setStage(STAGE_READY);
      // The idle loop: take what the LAPIC has pending; once the host's last stimulus is under way, unmask; halt when nothing is left.
      for (;;) {
        yield ctx.safe();
        const took = yield* guestTakeInterrupt(ctx, m, vp);
        if (took) continue;
        if (unmaskPending && arena.aLoad(stage) >= STAGE_LAST) {
          unmaskPending = false;
          yield* guestMsixMask(ctx, m, vp, o.mask, false);
          continue;
        }
        yield* guestHalt(ctx, m);
      }
    },
  };

  // Stimuli for each queue: with virtio-net, vhost-net's worker signals each queue's call eventfd (vhost_signal after
  // used buffers); virtio-balloon has no back-end thread: QEMU itself notifies after it used a buffer (virtio_notify).
  const queueStimuli = function* (ctx: ActorContext, lastSetsStage: boolean): Gen {
    const order = stimulusOrder(m, o.mask);
    for (let i = 0; i < order.length; i++) {
      if (lastSetsStage && i === order.length - 1) setStage(STAGE_LAST);
      yield ctx.safe();
      const q = order[i]!;
      if (o.device === 'net') {
        yield* vhostSignalCall(ctx, m, q);
      } else {
        yield* ctx.call(
          'virtio_notify',
          (function* (): Gen {
            if (ctx.tracing) yield ctx.ev('virtio_notify_stimulus', { queue: q.index, name: m.desc.queues[q.index]!.driverName });
            yield* m.proxy.virtioIrq(ctx, q.index);
          })(),
        );
      }
    }
  };

  const vhost: ActorSpec = {
    id: 'vhost',
    name: 'vhost-4242',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      while (arena.aLoad(stage) < STAGE_READY) yield ctx.wait(stage, 0, 'guest ready');
      if (!m.probe?.vp) return;
      yield* queueStimuli(ctx, false);
      setStage(STAGE_LAST);
    },
  };

  // QEMU's main thread: a monitor command makes the device raise a configuration interrupt (set_link for virtio-net,
  // balloon for virtio-balloon); for virtio-balloon it also notifies the queues; its main loop serves guest notifiers
  // that have no irqfd (INTx).
  const qemuMain: ActorSpec = {
    id: 'qemu',
    name: 'qemu-system-x86_64',
    where: 'host',
    body: function* (ctx: ActorContext): Gen {
      while (arena.aLoad(stage) < STAGE_READY) yield ctx.wait(stage, 0, 'guest ready');
      if (!m.probe?.vp) return;
      watchForPoll(m, pollSlot);
      if (o.device === 'balloon') {
        yield* queueStimuli(ctx, false);
        setStage(STAGE_LAST);
      }
      while (arena.aLoad(stage) < STAGE_LAST) yield ctx.wait(stage, STAGE_READY, 'monitor command');
      yield ctx.safe();
      if (o.device === 'net') {
        yield* ctx.call(
          'qmp_set_link',
          (function* (): Gen {
            if (ctx.tracing) yield ctx.ev('qmp_set_link', { up: false });
            yield* ctx.call('virtio_net_set_link_status', m.proxy.notifyConfig(ctx));
          })(),
        );
      } else {
        yield* ctx.call(
          'qmp_balloon',
          (function* (): Gen {
            if (ctx.tracing) yield ctx.ev('qmp_balloon', { targetMiB: 512 });
            yield* ctx.call('virtio_balloon_to_target', m.proxy.notifyConfig(ctx));
          })(),
        );
      }
      if (m.loop.fds().length) yield* serveMainLoop(ctx, m, pollSlot);
    },
  };

  const actors = o.device === 'net' ? [vcpu, vhost, qemuMain] : [vcpu, qemuMain];
  return {
    arena,
    actors,
    doneSlot,
    info: pciInfo(m, 'msix-vectors', { ...o }, actors, [
      { role: 'kernel', name: MODELLED_VERSIONS['linux-6.12'] },
      { role: 'qemu', name: MODELLED_VERSIONS['qemu-7.2'] },
    ]),
    counters: () => m.counters.read(),
    live: () => pciLive(m),
  };
}
