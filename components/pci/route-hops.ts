/**
 * The path of each interrupt the function can raise, as a chain of hops, and
 * where along it the current beat is.
 *
 * Under KVM with MSI-X, a queue's interrupt goes: the call eventfd QEMU made
 * (its fd) → the irqfd KVM put on that eventfd's wait queue → the GSI route
 * it names (KVM_SET_GSI_ROUTING) → the MSI address/data of that route →
 * the vector in the LAPIC → the handler Linux registered. The config vector
 * has no irqfd: QEMU raises it itself (virtio_notify_config → msix_notify →
 * KVM_SIGNAL_MSI). Without irqfd (TCG, or INTx), QEMU's main loop reads the
 * guest notifier and virtio_irq raises the interrupt; with INTx it sets the
 * ISR and the INTx line, the IO-APIC turns it into a vector, and vp_interrupt
 * reads the ISR.
 *
 * Chains come from the live registers (which vector each queue and config
 * use) and the trace prefix (which fds, irqfds, routes and handlers exist);
 * the hop of a beat from its event type and fields.
 */
import type { PciInfo, PciLive } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import { VIRTIO_MSI_NO_VECTOR, type MsixRow } from './msix-rows';

/** A stop on an interrupt's path. */
export type HopId = 'callfd' | 'irqfd' | 'route' | 'msi' | 'lapic' | 'handler' | 'device' | 'notifier' | 'mainloop' | 'virtio_irq' | 'isr' | 'intx';

/** One hop of a chain, with what it is in this run (an fd, a GSI, a message, a vector, a handler); null while it does not exist yet. */
export interface Hop {
  id: HopId;
  value: string | null;
}

/** The path of one interrupt: an MSI-X entry (or the INTx line) and who raises it. */
export interface RouteChain {
  key: string;
  entry: number | null;
  users: string[];
  /** Queues that raise it (by index), and whether config does. */
  queues: number[];
  config: boolean;
  hops: Hop[];
  /** x86 vector it arrives as (0 while the entry holds no message). */
  vector: number;
  /** QEMU fds of its queues' call eventfds. */
  fds: number[];
}

/** Where the current beat is: on which chain, at which hop, and whether the event is held back there. */
export interface HopAt {
  key: string;
  hop: HopId;
  held: 'masked-notifier' | 'pba' | null;
}

const hx = (n: number) => `0x${n.toString(16)}`;

/** What the trace prefix has set up: call fds per queue, irqfd GSIs per fd, route GSI per entry, handlers per entry, fds the main loop serves. */
interface Plumbing {
  callFd: Map<number, number>;
  irqfd: Map<number, number>;
  routeGsi: Map<number, number>;
  handler: Map<number | null, { name: string; handler: string }>;
  mainLoop: Set<number>;
}

function plumbingAt(trace: readonly TraceEvent[], step: number): Plumbing {
  const p: Plumbing = { callFd: new Map(), irqfd: new Map(), routeGsi: new Map(), handler: new Map(), mainLoop: new Set() };
  const end = Math.min(step, trace.length);
  for (let i = 0; i < end; i++) {
    const e = trace[i]!;
    switch (e.type) {
      case 'event_notifier_init':
        if (e.f.role === 'call') p.callFd.set(e.f.queue, e.f.fd);
        break;
      case 'kvm_irqfd_assign':
        if (e.f.ret === 0) p.irqfd.set(e.f.fd, e.f.gsi);
        break;
      case 'kvm_irqchip_add_msi_route':
        p.routeGsi.set(e.f.vector, e.f.virq);
        break;
      case 'guest_notifier_fd_handler':
        if (e.f.handler) p.mainLoop.add(e.f.fd);
        else p.mainLoop.delete(e.f.fd);
        break;
      case 'request_irq':
        p.handler.set(e.f.vector, { name: e.f.name, handler: e.f.handler });
        break;
      case 'vp_del_vqs':
        if (e.f.irqsFreed > 0 || e.f.msixDisabled) p.handler.clear();
        break;
      default:
        break;
    }
  }
  return p;
}

const handlerText = (h: { name: string; handler: string } | undefined) => (h ? `${h.handler}() · ${h.name}` : null);

/** The chains at `step`: one per MSI-X entry in use, or the INTx line. */
export function routeChains(info: PciInfo, live: PciLive, rows: readonly MsixRow[], trace: readonly TraceEvent[], step: number): RouteChain[] {
  const p = plumbingAt(trace, step);
  const qName = (q: number) => info.fn.queues[q]?.driverName ?? `vq ${q}`;
  const chains: RouteChain[] = [];
  const msixOn = live.msix?.enabled === true;
  const used = new Set<number>();
  if (msixOn) {
    if (live.configVector !== VIRTIO_MSI_NO_VECTOR) used.add(live.configVector);
    for (const q of live.queues) if (q.vector !== VIRTIO_MSI_NO_VECTOR) used.add(q.vector);
  }
  for (const entry of [...used].sort((a, b) => a - b)) {
    const row = rows[entry];
    const queues = live.queues.filter((q) => q.vector === entry).map((q) => q.index);
    const config = live.configVector === entry;
    const fds = queues.flatMap((q) => (p.callFd.has(q) ? [p.callFd.get(q)!] : []));
    const msg = row && row.msi ? `${hx(row.addressLo)} / ${hx(row.data)}` : null;
    const vector = row && row.msi ? row.vector : 0;
    const tail: Hop[] = [
      { id: 'msi', value: msg },
      { id: 'lapic', value: vector ? `vector ${hx(vector)}` : null },
      { id: 'handler', value: handlerText(p.handler.get(entry)) },
    ];
    let hops: Hop[];
    if (queues.length === 0) {
      hops = [{ id: 'device', value: 'msix_notify' }, ...tail];
    } else {
      const irqfdGsis = [...new Set(fds.flatMap((fd) => (p.irqfd.has(fd) ? [p.irqfd.get(fd)!] : [])))];
      const viaMainLoop = info.accel === 'tcg' || fds.some((fd) => p.mainLoop.has(fd));
      const fdText = fds.length ? fds.map((fd) => `fd ${fd}`).join(', ') : null;
      hops = viaMainLoop
        ? [{ id: 'notifier', value: fdText }, { id: 'mainloop', value: fds.length ? 'virtio_queue_guest_notifier_read' : null }, { id: 'virtio_irq', value: queues.map(qName).join(', ') }, ...tail]
        : [
            { id: 'callfd', value: fdText },
            { id: 'irqfd', value: irqfdGsis.length ? `irqfd → GSI ${irqfdGsis.join(', ')}` : null },
            { id: 'route', value: p.routeGsi.has(entry) ? `GSI ${p.routeGsi.get(entry)}` : irqfdGsis.length ? `GSI ${irqfdGsis.join(', ')}` : null },
            ...tail,
          ];
    }
    chains.push({ key: `msix-${entry}`, entry, users: row?.users ?? [], queues, config, hops, vector, fds });
  }
  if (chains.length === 0 && p.handler.has(null)) {
    const queues = live.queues.map((q) => q.index);
    const fds = queues.flatMap((q) => (p.callFd.has(q) ? [p.callFd.get(q)!] : []));
    const front: Hop[] = fds.length
      ? [
          { id: 'notifier', value: fds.map((fd) => `fd ${fd}`).join(', ') },
          { id: 'mainloop', value: 'virtio_queue_guest_notifier_read' },
        ]
      : [];
    chains.push({
      key: 'intx',
      entry: null,
      users: ['config', ...queues.map(qName)],
      queues,
      config: true,
      fds,
      vector: info.lapic.intxVector,
      hops: [
        ...front,
        { id: 'virtio_irq', value: 'virtio_irq / virtio_notify_config' },
        { id: 'isr', value: `ISR ${hx(live.isr)}` },
        { id: 'intx', value: `INTx → IOAPIC GSI ${info.lapic.intxGsi}` },
        { id: 'lapic', value: `vector ${hx(info.lapic.intxVector)}` },
        { id: 'handler', value: handlerText(p.handler.get(null)) },
      ],
    });
  }
  return chains;
}

/** Where the beat `e` is on `chains` (null: it is not a step along an interrupt's path). */
export function hopAt(e: TraceEvent | null, chains: readonly RouteChain[]): HopAt | null {
  if (!e || chains.length === 0) return null;
  const intx = chains.find((c) => c.entry === null);
  const byQueue = (q: number) => chains.find((c) => c.queues.includes(q));
  const byFd = (fd: number) => chains.find((c) => c.fds.includes(fd));
  const byVector = (v: number) => chains.find((c) => c.vector === v);
  const byEntry = (n: number | null) => (n === null ? intx : chains.find((c) => c.entry === n));
  const config = () => chains.find((c) => c.config);
  const at = (c: RouteChain | undefined, hop: HopId, held: HopAt['held'] = null): HopAt | null => {
    if (!c) return null;
    // A chain without this hop (say, callfd on a main-loop chain) shows the beat at its counterpart.
    const alias: Partial<Record<HopId, HopId>> = { callfd: 'notifier', notifier: 'callfd', device: 'virtio_irq', virtio_irq: 'device', isr: 'virtio_irq' };
    const has = (h: HopId) => c.hops.some((x) => x.id === h);
    const id = has(hop) ? hop : alias[hop] && has(alias[hop]!) ? alias[hop]! : null;
    return id ? { key: c.key, hop: id, held } : null;
  };
  switch (e.type) {
    case 'vhost_signal_call':
      return at(byQueue(e.f.queue), 'callfd', e.f.to === 'masked-notifier' ? 'masked-notifier' : null);
    case 'eventfd_signal':
    case 'eventfd_write':
      return e.f.role === 'call' ? at(byFd(e.f.fd), 'callfd') : null;
    case 'irqfd_wakeup':
      return at(byFd(e.f.fd), 'irqfd');
    case 'kvm_msi_set_irq':
      return at(byVector(e.f.vector), 'msi');
    case 'kvm_apic_accept_irq':
    case 'tcg_apic_set_irq':
    case 'kvm_apic_set_irq':
      return at(byVector(e.f.vector) ?? (intx && e.f.vector === intx.vector ? intx : undefined), 'lapic');
    case 'guest_irq_entry':
      return at(byEntry(e.f.entry), 'handler');
    case 'guest_irq_done':
      return at(byVector(e.f.vector), 'handler');
    case 'vring_interrupt_pci':
      return at(intx ?? byQueue(e.f.queue), 'handler');
    case 'vp_config_changed':
      return at(e.f.via === 'intx' ? intx : config(), 'handler');
    case 'vp_interrupt_isr':
    case 'virtio_pci_isr_read':
      return at(intx, 'handler');
    case 'qmp_set_link':
    case 'qmp_balloon':
      return at(intx ?? config(), 'device');
    case 'virtio_pci_notify':
      if (e.f.path === 'intx') return at(intx, 'isr');
      return e.f.path === 'msix' ? at(byEntry(e.f.vector), 'device') : null;
    case 'msix_notify':
      return at(byEntry(e.f.vector), 'msi', e.f.result === 'masked' ? 'pba' : null);
    case 'msix_set_pending':
      return at(byEntry(e.f.vector), 'msi', 'pba');
    case 'msi_send_message':
      return e.f.vector === null ? null : at(byEntry(e.f.vector), 'msi');
    case 'main_loop_poll':
      return e.f.ready.length ? at(byFd(e.f.ready[0]!), 'mainloop') : null;
    case 'aio_dispatch_handler':
    case 'guest_notifier_read':
      return at(byFd(e.f.fd), 'mainloop');
    case 'virtio_irq':
    case 'virtio_notify_stimulus':
      return at(intx ?? byQueue(e.f.queue), 'virtio_irq');
    case 'pci_intx_level':
      return at(intx, e.f.level ? 'intx' : 'handler');
    case 'intx_line':
      return at(intx, e.f.level ? 'intx' : 'handler');
    default:
      return null;
  }
}
