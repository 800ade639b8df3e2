/**
 * What the page gets from a PCI machine: the static facts (where each piece
 * lives in the arena, the BARs, capabilities, queues, the overview's
 * components) and the live state at a step, read from the arena only, so a
 * seek shows exactly the bytes of that step.
 */
import { PCI_MSIX_ENTRY_CTRL_MASKBIT, PCI_MSIX_ENTRY_DATA, PCI_MSIX_ENTRY_LOWER_ADDR, PCI_MSIX_ENTRY_SIZE, PCI_MSIX_ENTRY_UPPER_ADDR, PCI_MSIX_ENTRY_VECTOR_CTRL } from '../abi/pci';
import { KVM_IRQ_ROUTING_MSI } from '../abi/kvm';
import { msixEnabled } from '../qemu/msix';
import type { ActorSpec } from '../sched/actor';
import { BAR_PLACEMENT, INTX_GSI, INTX_VECTOR, MSIX_VECTOR_BASE, type PciMachine } from './pci-machine';
import type { PciInfo, PciLive, TopoNode, Topology, VersionRole } from './world';

/** The PCI address the walkthroughs give the function (the first free slot of QEMU's pc machine). */
export const WALKTHROUGH_BDF = '00:03.0';

/** The overview of a PCI machine: guest vCPU, the function and its MSI-X table, KVM's routing and LAPIC, QEMU and the back-end. */
function pciTopology(m: PciMachine, actors: readonly ActorSpec[]): Topology {
  const nodes: TopoNode[] = [
    { id: 'vcpu0', group: 'guest', role: 'vcpu', name: actors.find((a) => a.id === 'vcpu0')?.name ?? 'CPU 0', panel: 'threads' },
    { id: 'fn', group: 'host-user', role: 'pci-function', name: `${m.desc.qdevName} ${WALKTHROUGH_BDF}`, panel: 'pci' },
    { id: 'lapic', group: 'kvm', role: 'lapic', name: 'LAPIC 0', panel: 'irqs' },
    { id: 'qemu', group: 'host-user', role: 'qemu', name: 'qemu-system-x86_64', panel: 'threads' },
  ];
  if (m.proxy.nvectors) nodes.push({ id: 'msix', group: 'host-user', role: 'msix-table', name: `MSI-X table (${m.proxy.nvectors})`, panel: 'pci' });
  if (m.config.accel === 'kvm') nodes.push({ id: 'routing', group: 'kvm', role: 'gsi-route', name: 'GSI routing', panel: 'irqs' });
  if (actors.some((a) => a.id === 'vhost')) nodes.push({ id: 'vhost', group: 'host-kernel', role: 'vhost-worker', name: actors.find((a) => a.id === 'vhost')!.name, panel: 'threads' });
  const links = [
    { from: 'vcpu0', to: 'fn' },
    { from: 'fn', to: 'qemu' },
    { from: 'qemu', to: 'lapic' },
    { from: 'lapic', to: 'vcpu0' },
    ...(m.proxy.nvectors ? [{ from: 'fn', to: 'msix' }, { from: 'msix', to: 'lapic' }] : []),
    ...(m.config.accel === 'kvm' ? [{ from: 'routing', to: 'lapic' }, { from: 'qemu', to: 'routing' }] : []),
    ...(nodes.some((n) => n.id === 'vhost') ? [{ from: 'vhost', to: m.config.accel === 'kvm' ? 'routing' : 'qemu' }] : []),
  ];
  return { nodes, links };
}

/** Static facts of a PCI machine's world. */
export function pciInfo(
  m: PciMachine,
  scenario: string,
  options: Record<string, string | number | boolean>,
  actors: readonly ActorSpec[],
  versions: Array<{ role: VersionRole; name: string }>,
): PciInfo {
  const dev = m.proxy.dev;
  const msix = dev.msix;
  return {
    kind: 'pci',
    scenario,
    options,
    arenaSize: m.arena.size,
    regions: m.regions,
    allocs: m.mem.allocs,
    threads: actors.map(({ id, name, where }) => ({ id, name, where })),
    topology: pciTopology(m, actors),
    versions,
    accel: m.config.accel,
    backend: m.config.backend,
    noMsi: m.config.noMsi,
    fn: {
      name: m.desc.qdevName,
      bdf: WALKTHROUGH_BDF,
      configOff: dev.at,
      bars: dev.bars.flatMap((b, index) => (b ? [{ index, base: BAR_PLACEMENT.get(index)?.base ?? 0, size: b.size, io: BAR_PLACEMENT.get(index)?.io ?? false }] : [])),
      caps: m.proxy.caps.slice().reverse(),
      msix: msix ? { entries: msix.entries, bar: msix.tableBarNr, tableOff: msix.tableOffset, pbaOff: msix.pbaOffset, tableArena: msix.tableAt, pbaArena: msix.pbaAt } : null,
      queues: m.desc.queues.map((q, index) => ({ index, name: q.name, driverName: q.driverName, size: q.size })),
      notify: { base: (BAR_PLACEMENT.get(4)?.base ?? 0) + 0x3000, multiplier: 4 },
    },
    lapic: { regsOff: m.lapic.regs, msixVectorBase: MSIX_VECTOR_BASE, intxVector: INTX_VECTOR, intxGsi: INTX_GSI },
    routing: { off: m.vm.routing.base, capacity: m.vm.routing.capacity },
  };
}

/** Live state of a PCI machine, from the arena. */
export function pciLive(m: PciMachine): PciLive {
  const dev = m.proxy.dev;
  const msix = dev.msix;
  const a = m.arena;
  return {
    kind: 'pci',
    counters: m.counters.read(),
    fds: m.qemu.entries().map(([fd, f]) => ({ process: m.qemu.name, pid: m.qemu.pid, fd, label: f.label, role: f.role, queue: f.queue, count: m.eventfdOf(fd)?.count() ?? null })),
    irqPending: m.lapic.highestIrr() >= 0 ? 1 : 0,
    status: m.proxy.status,
    isr: m.proxy.isr,
    configVector: m.proxy.configVector,
    queues: m.desc.queues.map((_, index) => {
      const q = m.proxy.queue(index);
      return { index, num: q.num, vector: q.vector, enabled: q.enabled };
    }),
    msix: msix
      ? {
          enabled: msixEnabled(dev),
          functionMasked: msix.functionMasked,
          entries: Array.from({ length: msix.entries }, (_, i) => {
            const e = msix.tableAt + i * PCI_MSIX_ENTRY_SIZE;
            return {
              addressLo: a.r32(e + PCI_MSIX_ENTRY_LOWER_ADDR),
              addressHi: a.r32(e + PCI_MSIX_ENTRY_UPPER_ADDR),
              data: a.r32(e + PCI_MSIX_ENTRY_DATA),
              masked: (a.r32(e + PCI_MSIX_ENTRY_VECTOR_CTRL) & PCI_MSIX_ENTRY_CTRL_MASKBIT) !== 0,
              pending: (a.r8(msix.pbaAt + (i >> 3)) & (1 << (i & 7))) !== 0,
            };
          }),
        }
      : null,
    irr: m.lapic.pendingVectors(),
    inService: Array.from({ length: 256 }, (_, v) => v).filter((v) => m.lapic.isrTest(v)),
    routes: m.vm.routing.entries().flatMap((e) => (e.type === KVM_IRQ_ROUTING_MSI ? [{ gsi: e.gsi, addressLo: e.msi.addressLo, addressHi: e.msi.addressHi, data: e.msi.data }] : [])),
    qemuAlive: m.irqfdProxy.proc.alive,
  };
}
