/**
 * The guest vCPU's local APIC, reduced to what a virtqueue interrupt needs: a
 * pending-vector word (the IRR) in one Atomics slot. KVM sets a bit
 * (kvm_apic_set_irq) and kicks the vCPU; a halted vCPU waits on the slot.
 */
import type { Arena } from '../mem/arena';

/** The x86 vector Linux typically gives the first MSI-X interrupt of a device (the value is illustrative; the real one is allocated at boot). */
export const VQ_VECTOR_BASE = 0x22;

/** Pending interrupts of one vCPU. */
export class Lapic {
  constructor(
    readonly arena: Arena,
    readonly slot: number,
  ) {}

  /** kvm_apic_set_irq: mark `line` pending and wake the vCPU if it halted (it halts only with nothing pending, so only the first line set can find it asleep). */
  setIrq(line: number): void {
    if (this.arena.aOr(this.slot, 1 << line) === 0) this.arena.aNotify(this.slot);
  }

  /** Acknowledge every pending line (the vCPU enters the handlers); returns the bitmask. */
  takePending(): number {
    if (this.arena.aLoad(this.slot) === 0) return 0;
    return this.arena.aExchange(this.slot, 0);
  }

  pending(): number {
    return this.arena.aLoad(this.slot);
  }
}
