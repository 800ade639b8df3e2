/**
 * Test helpers for the PCI device model: an arena with one function laid out
 * in it, and a driver that runs a generator to its end, keeping the events.
 * (Test-only; not imported by engine code.)
 */
import { Arena, ArenaLayout } from '../mem/arena';
import { ActorContext, type Emit, type Gen } from '../sched/actor';
import { PCI_DEVICE_ARENA_SIZE, PciDevice, type PciDeviceInfo } from './pci-device';

/** virtio-net-pci as QEMU 7.2 realizes it (transitional id, class ethernet, INTA). */
export const VIRTIO_NET_INFO: PciDeviceInfo = {
  name: 'virtio-net-pci',
  vendorId: 0x1af4,
  deviceId: 0x1000,
  revision: 0,
  classId: 0x0200,
  subsystemVendorId: 0x1af4,
  subsystemId: 1,
  interruptPin: 1,
};

/** A fresh arena with a layout over it. */
export function testArena(size = 1 << 16): { arena: Arena; layout: ArenaLayout } {
  return { arena: new Arena(new ArrayBuffer(size)), layout: new ArenaLayout(64, size) };
}

/** A PciDevice in a fresh arena. */
export function testDevice(info: PciDeviceInfo = VIRTIO_NET_INFO): { dev: PciDevice; arena: Arena; layout: ArenaLayout } {
  const { arena, layout } = testArena();
  const dev = new PciDevice(arena, layout.take(PCI_DEVICE_ARENA_SIZE, 8), info);
  return { dev, arena, layout };
}

/** Run `g` to its end on `ctx`; returns its value and the events it emitted (a wait is a test bug). */
export function drive<T>(ctx: ActorContext, g: Gen<T>): { value: T; events: Emit[] } {
  const events: Emit[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { value: r.value, events };
    const b = r.value;
    if (b.wait) throw new Error(`unexpected wait on ${b.on}`);
    if (b.safe) continue;
    events.push(b);
  }
}

/** A tracing context named like a vCPU thread. */
export function vcpu(): ActorContext {
  return new ActorContext('vcpu0');
}
