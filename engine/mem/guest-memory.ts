/**
 * Guest RAM as QEMU lays it out: guest-physical regions backed by host memory.
 * Each region records the guest-physical address, its size, the QEMU process's
 * virtual address for it (what VHOST_SET_MEM_TABLE / SET_MEM_TABLE carry as
 * userspace_addr) and where its bytes sit in the arena.
 *
 * Addresses the guest controls (descriptor addr/len) go through `translate`,
 * which fails cleanly instead of touching memory outside guest RAM.
 */
import type { Arena } from './arena';

/** One guest memory region (QEMU RAMBlock / vhost_memory_region). */
export interface MemRegion {
  /** Guest-physical start. */
  gpa: number;
  size: number;
  /** QEMU's host virtual address of the region (userspace_addr). */
  hva: number;
  /** Offset of the region's first byte in the arena. */
  arenaOff: number;
  name: string;
}

/** What a failed translation says: the address range that fell outside every region. */
export interface MemFault {
  fault: 'out-of-range';
  gpa: number;
  len: number;
}

/** What an allocation holds, as an id the page translates (content/labels.ts). */
export type AllocRole = 'vring' | 'vring-private' | 'queue-private' | 'skb-cb' | 'skb-data' | 'indirect-tables' | 'page-frag-state' | 'page-frags' | 'big-bufs';

/** A guest allocation shown on the memory map. */
export interface GuestAlloc {
  gpa: number;
  size: number;
  /** In English, for the command line and error messages. */
  label: string;
  kind: 'ring' | 'buffer' | 'indirect' | 'driver-private';
  role: AllocRole;
  /** The numbers and names the label fills in (a count, a queue name). */
  args: Readonly<Record<string, string | number>>;
}

/** Guest RAM: regions over the arena, plus a labelled bump allocator (the guest kernel's kmalloc / dma_alloc_coherent). */
export class GuestMemory {
  readonly allocs: GuestAlloc[] = [];
  private brk: number;

  // The first region, where nearly every access lands (the hot loop of a free run goes through `at`).
  private readonly gpa0: number;
  private readonly size0: number;
  private readonly off0: number;

  constructor(
    readonly arena: Arena,
    readonly regions: readonly MemRegion[],
  ) {
    this.brk = regions[0]?.gpa ?? 0;
    this.gpa0 = regions[0]?.gpa ?? 0;
    this.size0 = regions[0]?.size ?? 0;
    this.off0 = regions[0]?.arenaOff ?? 0;
  }

  /** Arena offset for a guest-physical range, or a fault when any byte lies outside one region. */
  translate(gpa: number, len: number): number | MemFault {
    if (!Number.isSafeInteger(gpa) || !Number.isSafeInteger(len) || gpa < 0 || len < 0) {
      return { fault: 'out-of-range', gpa, len };
    }
    for (const r of this.regions) {
      if (gpa >= r.gpa && gpa + len <= r.gpa + r.size) return r.arenaOff + (gpa - r.gpa);
    }
    return { fault: 'out-of-range', gpa, len };
  }

  /** Arena offset of a GPA the caller knows is valid (its own allocation); throws on a programmer error. */
  at(gpa: number, len = 1): number {
    const d = gpa - this.gpa0;
    if (d >= 0 && d + len <= this.size0) return this.off0 + d;
    const off = this.translate(gpa, len);
    if (typeof off !== 'number') throw new Error(`guest access outside RAM at 0x${gpa.toString(16)} (+${len})`);
    return off;
  }

  /** Allocate guest memory (setup only) and label it for the memory map. */
  alloc(size: number, align: number, label: string, kind: GuestAlloc['kind'], role: AllocRole, args: GuestAlloc['args'] = {}): number {
    const gpa = Math.ceil(this.brk / align) * align;
    const region = this.regions[0]!;
    if (gpa + size > region.gpa + region.size) throw new Error(`guest RAM exhausted allocating ${label}`);
    this.brk = gpa + size;
    this.allocs.push({ gpa, size, label, kind, role, args });
    return gpa;
  }

  r16(gpa: number): number {
    return this.arena.r16(this.at(gpa, 2));
  }
  r32(gpa: number): number {
    return this.arena.r32(this.at(gpa, 4));
  }
  r64(gpa: number): number {
    return this.arena.r64(this.at(gpa, 8));
  }
  /** A ring index, flag or event field, accessed atomically (see Arena.aLoad16). */
  ar16(gpa: number): number {
    return this.arena.aLoad16(this.at(gpa, 2));
  }
  aw16(gpa: number, v: number): void {
    this.arena.aStore16(this.at(gpa, 2), v);
  }
  w16(gpa: number, v: number): void {
    this.arena.w16(this.at(gpa, 2), v);
  }
  w32(gpa: number, v: number): void {
    this.arena.w32(this.at(gpa, 4), v);
  }
  w64(gpa: number, v: number): void {
    this.arena.w64(this.at(gpa, 8), v);
  }
}
