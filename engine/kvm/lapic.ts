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

/** Offsets in the LAPIC register page (arch/x86/include/asm/apicdef.h): the ID register, and the ISR and IRR as 8 32-bit words 0x10 apart. */
export const APIC_ID = 0x20;
export const APIC_ISR = 0x100;
export const APIC_IRR = 0x200;
/** Bytes of the register page this model keeps (up to the end of the IRR; the real page is 4 KiB). */
export const APIC_REGS_SIZE = 0x280;
/** The first vector an MSI may carry: 0-15 are reserved, and __apic_accept_irq's callers never get one from a valid guest. */
export const APIC_FIRST_VALID_VECTOR = 16;

/** REG_POS / VEC_POS (arch/x86/kvm/lapic.h): a vector's word offset in a 256-bit register and its bit there. */
function regPos(vector: number): number {
  return (vector >> 5) << 4;
}

/**
 * A vCPU's LAPIC as KVM keeps it (struct kvm_lapic, its register page in the
 * arena): the APIC ID, the 256-bit IRR KVM sets when it accepts a fixed
 * interrupt (__apic_accept_irq → kvm_lapic_set_irr), and the ISR the vCPU
 * moves the vector to when it takes it. Beside the line-based Lapic above,
 * which the descriptor-flow scenario still uses.
 */
export class KvmLapic {
  constructor(
    readonly arena: Arena,
    /** Byte offset of the register page (4-aligned, APIC_REGS_SIZE bytes). */
    readonly regs: number,
    readonly apicId: number,
  ) {
    // xAPIC: the ID register holds the ID in bits 31:24.
    arena.w32(regs + APIC_ID, (apicId & 0xff) << 24);
  }

  /** The Int32 slot of the IRR word holding `vector` (a halted vCPU waits on it). */
  irrSlot(vector: number): number {
    return (this.regs + APIC_IRR + regPos(vector)) >> 2;
  }

  /** kvm_lapic_set_irr: set the vector's IRR bit; returns whether it was already set (the interrupt coalesces). */
  setIrr(vector: number): boolean {
    const slot = this.irrSlot(vector);
    const bit = 1 << (vector & 31);
    const old = this.arena.aOr(slot, bit);
    // kvm_vcpu_kick: wake a vCPU halted on this word.
    this.arena.aNotify(slot);
    return (old & bit) !== 0;
  }

  /** Whether `vector` is pending in the IRR. */
  irrTest(vector: number): boolean {
    return (this.arena.aLoad(this.irrSlot(vector)) & (1 << (vector & 31))) !== 0;
  }

  /** Whether `vector` is in service (ISR). */
  isrTest(vector: number): boolean {
    return (this.arena.r32(this.regs + APIC_ISR + regPos(vector)) & (1 << (vector & 31))) !== 0;
  }

  /** apic_find_highest_irr: the highest pending vector, or -1. */
  highestIrr(): number {
    for (let w = 7; w >= 0; w--) {
      const v = this.arena.aLoad((this.regs + APIC_IRR + (w << 4)) >> 2);
      if (v !== 0) return w * 32 + 31 - Math.clz32(v);
    }
    return -1;
  }

  /** The pending vectors, lowest first. */
  pendingVectors(): number[] {
    const out: number[] = [];
    for (let v = 0; v < 256; v++) if (this.irrTest(v)) out.push(v);
    return out;
  }

  /** apic_set_eoi → apic_clear_isr: the guest's EOI write ends the vector's service. */
  eoi(vector: number): void {
    const isr = this.regs + APIC_ISR + regPos(vector);
    this.arena.w32(isr, this.arena.r32(isr) & ~(1 << (vector & 31)));
  }

  /** kvm_apic_ack_interrupt: the vCPU takes the highest pending vector, IRR → ISR. Returns it, or -1. */
  ackInterrupt(): number {
    const v = this.highestIrr();
    if (v < 0) return -1;
    const slot = this.irrSlot(v);
    const bit = 1 << (v & 31);
    // apic_clear_irr: KVM may be setting other bits of the word from another thread, so clear ours atomically.
    for (;;) {
      const old = this.arena.aLoad(slot);
      if (this.arena.aCompareExchange(slot, old, old & ~bit) === old) break;
    }
    const isr = this.regs + APIC_ISR + regPos(v);
    this.arena.w32(isr, this.arena.r32(isr) | bit);
    return v;
  }
}
