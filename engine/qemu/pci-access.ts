/**
 * How a guest driver reaches one PCI function: its configuration space and
 * its BARs. On real hardware these are cycles on the bus; in a VM each access
 * exits (KVM_EXIT_MMIO / KVM_EXIT_IO, or TCG's softmmu slow path) and QEMU's
 * memory core dispatches it to the device's MemoryRegionOps on the vCPU thread.
 * The guest side of the engine (engine/linux-guest) only sees this interface;
 * QEMU's device model (engine/qemu) implements it.
 */
import type { ActorContext, Gen } from '../sched/actor';

/** Access size in bytes, as the guest's ioread8/16/32 or iowrite8/16/32. */
export type AccessSize = 1 | 2 | 4;

export interface PciFunctionAccess {
  /** pci_read_config_{byte,word,dword}: a read of config space at `off`. */
  configRead(ctx: ActorContext, off: number, size: AccessSize): Gen<number>;
  /** pci_write_config_{byte,word,dword}. */
  configWrite(ctx: ActorContext, off: number, value: number, size: AccessSize): Gen<void>;
  /** A read of BAR `bar` at `off` (memory BAR: ioread*, I/O BAR: inb/inw/inl). */
  barRead(ctx: ActorContext, bar: number, off: number, size: AccessSize): Gen<number>;
  /** A write to BAR `bar` at `off`. */
  barWrite(ctx: ActorContext, bar: number, off: number, value: number, size: AccessSize): Gen<void>;
}
