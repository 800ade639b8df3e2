/**
 * MSI-X as QEMU 7.2 models it (hw/pci/msix.c): the capability in config
 * space, the vector table and the pending bit array (PBA) as bytes in the
 * Arena, masking (per vector, function-wide, and "MSI-X disabled" counting as
 * masked), pending bits, message delivery, and the vector notifiers through
 * which virtio-pci moves a vector between QEMU's own delivery and KVM irqfds.
 *
 * API (stable; helper-proxy and helper-kvm build on it):
 * - realize-time: `msixArenaSize(n)`, `msixInit(dev, at, n, tableBar, tableBarNr, tableOffset,
 *   pbaBar, pbaBarNr, pbaOffset, capPos)` → 0 or −errno, `msixInitExclusiveBar(dev, at, n, barNr)`
 *   (virtio-pci: BAR 1, 4 KiB, table at 0, PBA at 2048).
 * - pure: `msixPresent`, `msixEnabled`, `msixIsMasked`, `msixIsPending`, `msixGetMessage`,
 *   `msixNrVectorsAllocated`, `msixEntryUsed`.
 * - runtime generators (real frames): `msixWriteConfig` (called by pci_default_write_config),
 *   `msixTableMmioRead` / `msixTableMmioWrite` / `msixPbaMmioRead` (the BAR's ops), `msixNotify`,
 *   `msixSetPending` / `msixClrPending`, `msixSetMask`, `msixVectorUse` / `msixVectorUnuse`,
 *   `msixUnuseAllVectors`, `msixReset`, `msixSetVectorNotifiers` / `msixUnsetVectorNotifiers`,
 *   `msiSendMessage` (→ dev.msiTrigger, the delivery callback the scenario supplies).
 * - notifier callbacks are generator functions (MsixVectorNotifiers): virtio-pci's
 *   virtio_pci_vector_unmask / _mask / _poll, so a backtrace runs through them.
 *
 * Seek safety: every piece of state that changes at run time is in the Arena (table, PBA,
 * use counts, msix_function_masked, whether notifiers are installed). The notifier
 * functions themselves are JS: a device always installs the same three, so seeking
 * back over msix_set_vector_notifiers only needs the "installed" byte.
 */
import {
  PCI_BASE_ADDRESS_SPACE_MEMORY,
  PCI_CAP_ID_MSIX,
  PCI_CAP_MSIX_SIZEOF,
  PCI_COMMAND,
  PCI_COMMAND_MASTER,
  PCI_MSIX_ENTRY_CTRL_MASKBIT,
  PCI_MSIX_ENTRY_DATA,
  PCI_MSIX_ENTRY_LOWER_ADDR,
  PCI_MSIX_ENTRY_SIZE,
  PCI_MSIX_ENTRY_UPPER_ADDR,
  PCI_MSIX_ENTRY_VECTOR_CTRL,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_BIRMASK,
  PCI_MSIX_FLAGS_ENABLE,
  PCI_MSIX_FLAGS_MASKALL,
  PCI_MSIX_FLAGS_QSIZE,
  PCI_MSIX_PBA,
  PCI_MSIX_TABLE,
} from '../abi/pci';
import type { ActorContext, Gen } from '../sched/actor';
import type { AccessSize } from './pci-access';
import { EINVAL, pciAddCapability, pciDeviceDeassertIntx, pciRegisterBar, type MSIMessage, type PciDevice, type PciMemoryRegion } from './pci-device';

/** MSI-X Enable and Function Mask are in byte 1 of Message Control (QEMU's MSIX_CONTROL_OFFSET). */
const MSIX_CONTROL_OFFSET = PCI_MSIX_FLAGS + 1;
const MSIX_ENABLE_MASK = PCI_MSIX_FLAGS_ENABLE >> 8;
const MSIX_MASKALL_MASK = PCI_MSIX_FLAGS_MASKALL >> 8;
/** ENOTSUP, as msix_init returns it when the interrupt controller has no MSI. */
export const ENOTSUP = 95;

/** MSIVectorUseNotifier: vector `vector` is now unmasked with message `msg`; returns < 0 on failure. */
export type MsixVectorUseNotifier = (ctx: ActorContext, dev: PciDevice, vector: number, msg: MSIMessage) => Gen<number>;
/** MSIVectorReleaseNotifier: vector `vector` is now masked. */
export type MsixVectorReleaseNotifier = (ctx: ActorContext, dev: PciDevice, vector: number) => Gen<void>;
/** MSIVectorPollNotifier: QEMU wants the pending state of vectors [start, end) brought up to date (virtio_pci_vector_poll). */
export type MsixVectorPollNotifier = (ctx: ActorContext, dev: PciDevice, vectorStart: number, vectorEnd: number) => Gen<void>;

/** The three callbacks of msix_set_vector_notifiers. */
export interface MsixVectorNotifiers {
  use: MsixVectorUseNotifier;
  release: MsixVectorReleaseNotifier;
  poll: MsixVectorPollNotifier | null;
}

/** A table entry's field by its offset in the entry (for events). */
export type MsixEntryField = 'addr_lo' | 'addr_hi' | 'data' | 'vector_ctrl';
const FIELD_BY_OFFSET: Record<number, MsixEntryField> = {
  [PCI_MSIX_ENTRY_LOWER_ADDR]: 'addr_lo',
  [PCI_MSIX_ENTRY_UPPER_ADDR]: 'addr_hi',
  [PCI_MSIX_ENTRY_DATA]: 'data',
  [PCI_MSIX_ENTRY_VECTOR_CTRL]: 'vector_ctrl',
};

/** Arena bytes a device with `nentries` vectors needs: table, PBA (64-bit words), u16 use counts, two flag bytes. */
export function msixArenaSize(nentries: number): number {
  return nentries * PCI_MSIX_ENTRY_SIZE + pbaSize(nentries) + nentries * 2 + 8;
}

function pbaSize(nentries: number): number {
  return (Math.ceil(nentries / 64) * 64) / 8;
}

/** The MSI-X state of one function (QEMU keeps these fields in PCIDevice). */
export class MsixState {
  /** Arena offset of the vector table (msix_table). */
  readonly tableAt: number;
  /** Arena offset of the PBA (msix_pba). */
  readonly pbaAt: number;
  /** Arena offset of msix_entry_used[] (u16 each). */
  readonly usedAt: number;
  /** Arena offset of msix_function_masked (1 byte). */
  readonly fmaskAt: number;
  /** Arena offset of "vector notifiers installed" (1 byte). */
  readonly notifiersAt: number;
  /** The callbacks last passed to msix_set_vector_notifiers; live only while the installed byte is set. */
  notifiers: MsixVectorNotifiers | null = null;
  /** The MemoryRegions msix_init creates ("msix-table", "msix-pba"). */
  readonly tableMmio: PciMemoryRegion;
  readonly pbaMmio: PciMemoryRegion;

  constructor(
    readonly dev: PciDevice,
    at: number,
    /** msix_entries_nr. */
    readonly entries: number,
    /** Config offset of the capability (msix_cap). */
    readonly cap: number,
    /** Table and PBA placement, as the capability says. */
    readonly tableBarNr: number,
    readonly tableOffset: number,
    readonly pbaBarNr: number,
    readonly pbaOffset: number,
  ) {
    this.tableAt = at;
    this.pbaAt = at + entries * PCI_MSIX_ENTRY_SIZE;
    this.usedAt = this.pbaAt + pbaSize(entries);
    this.fmaskAt = this.usedAt + entries * 2;
    this.notifiersAt = this.fmaskAt + 1;
    this.tableMmio = {
      name: 'msix-table',
      size: entries * PCI_MSIX_ENTRY_SIZE,
      validMin: 4,
      validMax: 4,
      ops: {
        read: (ctx, off, size) => msixTableMmioRead(ctx, dev, off, size),
        write: (ctx, off, value, size) => msixTableMmioWrite(ctx, dev, off, value, size),
      },
    };
    this.pbaMmio = {
      name: 'msix-pba',
      size: pbaSize(entries),
      validMin: 4,
      validMax: 4,
      ops: {
        read: (ctx, off, size) => msixPbaMmioRead(ctx, dev, off, size),
        // msix_pba_mmio_write: the PBA is read-only; writes are dropped.
        *write() {},
      },
    };
  }

  /** msix_function_masked: MSI-X disabled or Function Mask set (cached at each control write, as QEMU does). */
  get functionMasked(): boolean {
    return this.dev.arena.r8(this.fmaskAt) !== 0;
  }
  set functionMasked(v: boolean) {
    this.dev.arena.w8(this.fmaskAt, v ? 1 : 0);
  }
  /** Whether msix_vector_use_notifier is set. */
  get notifiersInstalled(): boolean {
    return this.dev.arena.r8(this.notifiersAt) !== 0 && this.notifiers !== null;
  }
  /** Byte `i` of the table. */
  tableByte(i: number): number {
    return this.dev.arena.r8(this.tableAt + i);
  }
  /** A copy of the table bytes (for the page). */
  tableBytes(): Uint8Array {
    return this.dev.arena.readBytes(this.tableAt, this.entries * PCI_MSIX_ENTRY_SIZE);
  }
  /** A copy of the PBA bytes. */
  pbaBytes(): Uint8Array {
    return this.dev.arena.readBytes(this.pbaAt, pbaSize(this.entries));
  }
}

function state(dev: PciDevice): MsixState | null {
  return dev.msix;
}

// ---- realize ----

/**
 * msix_init: a capability of PCI_CAP_MSIX_SIZEOF bytes (at `capPos`, or the
 * first free space when 0) with Message Control = nentries − 1, the table and
 * PBA offset|BIR words, Enable and Function Mask writable; the table and PBA
 * zeroed and every vector masked (msix_mask_all); msix_function_masked starts
 * true (MSI-X is off). Returns 0, −EINVAL (bad count, overlap, misfit,
 * misalignment) or −ENOTSUP (no MSI in the interrupt controller: `msiNonbroken` false).
 */
export function msixInit(
  dev: PciDevice,
  at: number,
  nentries: number,
  tableBar: PciMemoryRegion,
  tableBarNr: number,
  tableOffset: number,
  pbaBar: PciMemoryRegion,
  pbaBarNr: number,
  pbaOffset: number,
  capPos: number,
  msiNonbroken = true,
): number {
  if (!msiNonbroken) return -ENOTSUP;
  if (nentries < 1 || nentries > PCI_MSIX_FLAGS_QSIZE + 1) return -EINVAL;
  const tableSize = nentries * PCI_MSIX_ENTRY_SIZE;
  const pba = pbaSize(nentries);
  const overlap = tableOffset < pbaOffset + pba && pbaOffset < tableOffset + tableSize;
  if (
    (tableBarNr === pbaBarNr && overlap) ||
    tableOffset + tableSize > tableBar.size ||
    pbaOffset + pba > pbaBar.size ||
    (tableOffset | pbaOffset) & PCI_MSIX_FLAGS_BIRMASK
  ) {
    return -EINVAL;
  }
  const cap = pciAddCapability(dev, PCI_CAP_ID_MSIX, capPos, PCI_CAP_MSIX_SIZEOF);
  if (cap < 0) return cap;
  const s = new MsixState(dev, at, nentries, cap, tableBarNr, tableOffset, pbaBarNr, pbaOffset);
  dev.msix = s;
  dev.setCfg16(cap + PCI_MSIX_FLAGS, nentries - 1);
  dev.setCfg32(cap + PCI_MSIX_TABLE, (tableOffset | tableBarNr) >>> 0);
  dev.setCfg32(cap + PCI_MSIX_PBA, (pbaOffset | pbaBarNr) >>> 0);
  dev.wmask[cap + MSIX_CONTROL_OFFSET]! |= MSIX_ENABLE_MASK | MSIX_MASKALL_MASK;
  dev.arena.fill(at, msixArenaSize(nentries), 0);
  s.functionMasked = true;
  // msix_mask_all: with the function masked nothing changes state, so no notifier runs; only the mask bits are set.
  for (let v = 0; v < nentries; v++) {
    const off = s.tableAt + v * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL;
    dev.arena.w8(off, dev.arena.r8(off) | PCI_MSIX_ENTRY_CTRL_MASKBIT);
  }
  tableBar.subregions = [...(tableBar.subregions ?? []), { offset: tableOffset, region: s.tableMmio }];
  pbaBar.subregions = [...(pbaBar.subregions ?? []), { offset: pbaOffset, region: s.pbaMmio }];
  return 0;
}

/**
 * msix_init_exclusive_bar: a BAR of its own, 4 KiB with the table in the
 * lower half and the PBA at 2048 for up to 128 vectors (migration
 * compatibility); past that the PBA follows the table and the BAR grows to the
 * next power of two. Registered as a 32-bit memory BAR named "<dev>-msix".
 */
export function msixInitExclusiveBar(dev: PciDevice, at: number, nentries: number, barNr: number): number {
  let barSize = 4096;
  let pbaOffset = barSize / 2;
  const pba = pbaSize(nentries);
  if (nentries * PCI_MSIX_ENTRY_SIZE > pbaOffset) pbaOffset = nentries * PCI_MSIX_ENTRY_SIZE;
  if (pbaOffset + pba > 4096) barSize = pbaOffset + pba;
  barSize = 2 ** Math.ceil(Math.log2(barSize));
  const bar: PciMemoryRegion = { name: `${dev.name}-msix`, size: barSize };
  const ret = msixInit(dev, at, nentries, bar, barNr, 0, bar, barNr, pbaOffset, 0);
  if (ret) return ret;
  pciRegisterBar(dev, barNr, PCI_BASE_ADDRESS_SPACE_MEMORY, bar);
  return 0;
}

// ---- pure reads ----

/** msix_present: the function has MSI-X. */
export function msixPresent(dev: PciDevice): boolean {
  return dev.msix !== null;
}

/** msix_enabled: MSI-X Enable is set in Message Control. */
export function msixEnabled(dev: PciDevice): boolean {
  const s = state(dev);
  return !!s && (dev.cfg8(s.cap + MSIX_CONTROL_OFFSET) & MSIX_ENABLE_MASK) !== 0;
}

/** msix_masked: Function Mask is set. */
function msixMasked(dev: PciDevice, s: MsixState): boolean {
  return (dev.cfg8(s.cap + MSIX_CONTROL_OFFSET) & MSIX_MASKALL_MASK) !== 0;
}

/** msix_vector_masked: the entry's mask bit, or `fmask` (the function-wide mask, which includes "MSI-X disabled"). */
function msixVectorMasked(s: MsixState, vector: number, fmask: boolean): boolean {
  return fmask || (s.tableByte(vector * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL) & PCI_MSIX_ENTRY_CTRL_MASKBIT) !== 0;
}

/** msix_is_masked: vector mask bit OR Function Mask OR MSI-X disabled (the last two through msix_function_masked). */
export function msixIsMasked(dev: PciDevice, vector: number): boolean {
  const s = state(dev);
  if (!s || vector < 0 || vector >= s.entries) return true;
  return msixVectorMasked(s, vector, s.functionMasked);
}

/** msix_is_pending: the vector's PBA bit. */
export function msixIsPending(dev: PciDevice, vector: number): boolean {
  const s = state(dev);
  if (!s || vector < 0 || vector >= s.entries) return false;
  return (dev.arena.r8(s.pbaAt + (vector >> 3)) & (1 << (vector & 7))) !== 0;
}

/** msix_get_message (msix_prepare_message): the entry's 64-bit address and 32-bit data. */
export function msixGetMessage(dev: PciDevice, vector: number): MSIMessage {
  const s = state(dev)!;
  const e = s.tableAt + vector * PCI_MSIX_ENTRY_SIZE;
  return { address: dev.arena.r64(e + PCI_MSIX_ENTRY_LOWER_ADDR), data: dev.arena.r32(e + PCI_MSIX_ENTRY_DATA) };
}

/** msix_nr_vectors_allocated. */
export function msixNrVectorsAllocated(dev: PciDevice): number {
  return state(dev)?.entries ?? 0;
}

/** msix_entry_used[vector]: how many users (virtio queues, config) declared the vector. */
export function msixEntryUsed(dev: PciDevice, vector: number): number {
  const s = state(dev);
  if (!s || vector < 0 || vector >= s.entries) return 0;
  return dev.arena.r16(s.usedAt + vector * 2);
}

function setEntryUsed(s: MsixState, vector: number, n: number): void {
  s.dev.arena.w16(s.usedAt + vector * 2, n);
}

// ---- pending bits ----

/** msix_set_pending: set the vector's PBA bit (a message that came while masked). */
export function* msixSetPending(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_set_pending',
    (function* () {
      const s = state(dev)!;
      const at = s.pbaAt + (vector >> 3);
      dev.arena.w8(at, dev.arena.r8(at) | (1 << (vector & 7)));
      if (ctx.tracing) yield ctx.ev('msix_set_pending', { dev: dev.name, vector, pba: dev.arena.r8(at), pbaOffset: vector >> 3 });
    })(),
  );
}

/** msix_clr_pending: clear the vector's PBA bit. */
export function* msixClrPending(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_clr_pending',
    (function* () {
      const s = state(dev)!;
      const at = s.pbaAt + (vector >> 3);
      const was = dev.arena.r8(at);
      dev.arena.w8(at, was & ~(1 << (vector & 7)));
      // Clearing a clear bit (msix_vector_unuse, reset) is not a beat worth showing.
      if (ctx.tracing && was & (1 << (vector & 7))) yield ctx.ev('msix_clr_pending', { dev: dev.name, vector, pba: dev.arena.r8(at), pbaOffset: vector >> 3 });
    })(),
  );
}

// ---- delivery ----

/**
 * msi_send_message (hw/pci/msi.c) → dev->msi_trigger. QEMU's pci_msi_trigger
 * stores the data at the address through the function's bus-master address
 * space; with PCI_COMMAND_MASTER clear that space is disabled and the write
 * goes nowhere. The scenario's `dev.msiTrigger` takes it from there (KVM's
 * kvm_send_msi, or TCG's APIC).
 */
export function* msiSendMessage(ctx: ActorContext, dev: PciDevice, msg: MSIMessage, vector: number | null = null): Gen<void> {
  yield* ctx.call(
    'msi_send_message',
    (function* () {
      const delivered = (dev.cfg16(PCI_COMMAND) & PCI_COMMAND_MASTER) !== 0 && dev.msiTrigger !== null;
      if (ctx.tracing) yield ctx.ev('msi_send_message', { dev: dev.name, vector, address: msg.address, data: msg.data, delivered });
      if (delivered) yield* ctx.call('pci_msi_trigger', dev.msiTrigger!(ctx, dev, msg));
    })(),
  );
}

/**
 * msix_notify: a vector nobody declared (msix_vector_use) is dropped; a
 * masked one sets its pending bit; otherwise its message is sent.
 */
export function* msixNotify(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_notify',
    (function* () {
      const s = state(dev);
      if (!s || vector < 0 || vector >= s.entries) return; // QEMU asserts; a bad vector changes nothing here
      if (!msixEntryUsed(dev, vector)) {
        if (ctx.tracing) yield ctx.ev('msix_notify', { dev: dev.name, vector, result: 'unused' });
        return;
      }
      if (msixIsMasked(dev, vector)) {
        if (ctx.tracing) yield ctx.ev('msix_notify', { dev: dev.name, vector, result: 'masked' });
        yield* msixSetPending(ctx, dev, vector);
        return;
      }
      if (ctx.tracing) yield ctx.ev('msix_notify', { dev: dev.name, vector, result: 'sent' });
      yield* msiSendMessage(ctx, dev, msixGetMessage(dev, vector), vector);
    })(),
  );
}

// ---- masking ----

/** msix_fire_vector_notifier: with notifiers installed, a vector that became masked is released, one that became unmasked is used with its message. */
function* msixFireVectorNotifier(ctx: ActorContext, dev: PciDevice, vector: number, isMasked: boolean): Gen<void> {
  const s = state(dev)!;
  if (!s.notifiersInstalled) return;
  const n = s.notifiers!;
  yield* ctx.call(
    'msix_fire_vector_notifier',
    (function* () {
      if (isMasked) {
        if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector, kind: 'release', address: null, data: null });
        yield* n.release(ctx, dev, vector);
      } else {
        const msg = msixGetMessage(dev, vector);
        if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector, kind: 'use', address: msg.address, data: msg.data });
        // QEMU asserts ret >= 0 here (a failure aborts QEMU); the engine leaves the vector as the notifier left it.
        yield* n.use(ctx, dev, vector, msg);
      }
    })(),
  );
}

/**
 * msix_handle_mask_update: if the vector's masked state changed, tell the
 * notifiers; if it is now unmasked with its pending bit set, clear the bit and
 * deliver (msix_notify).
 */
export function* msixHandleMaskUpdate(ctx: ActorContext, dev: PciDevice, vector: number, wasMasked: boolean): Gen<void> {
  yield* ctx.call(
    'msix_handle_mask_update',
    (function* () {
      const isMasked = msixIsMasked(dev, vector);
      if (isMasked === wasMasked) return;
      const pending = msixIsPending(dev, vector);
      if (ctx.tracing) yield ctx.ev('msix_mask_update', { dev: dev.name, vector, wasMasked, masked: isMasked, pending });
      yield* msixFireVectorNotifier(ctx, dev, vector, isMasked);
      if (!isMasked && msixIsPending(dev, vector)) {
        yield* msixClrPending(ctx, dev, vector);
        yield* msixNotify(ctx, dev, vector);
      }
    })(),
  );
}

/** msix_set_mask: set or clear a vector's mask bit from the device side. */
export function* msixSetMask(ctx: ActorContext, dev: PciDevice, vector: number, mask: boolean): Gen<void> {
  yield* ctx.call(
    'msix_set_mask',
    (function* () {
      const s = state(dev);
      if (!s || vector < 0 || vector >= s.entries) return;
      const off = s.tableAt + vector * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL;
      const wasMasked = msixIsMasked(dev, vector);
      const b = dev.arena.r8(off);
      dev.arena.w8(off, mask ? b | PCI_MSIX_ENTRY_CTRL_MASKBIT : b & ~PCI_MSIX_ENTRY_CTRL_MASKBIT);
      yield* msixHandleMaskUpdate(ctx, dev, vector, wasMasked);
    })(),
  );
}

/**
 * msix_write_config: only a write covering byte 1 of Message Control
 * matters. It recomputes msix_function_masked (disabled or Function Mask);
 * if MSI-X is now enabled it drops INTx, and if the function mask changed it
 * runs msix_handle_mask_update for every vector, in order.
 */
export function* msixWriteConfig(ctx: ActorContext, dev: PciDevice, addr: number, val: number, len: number): Gen<void> {
  const s = state(dev);
  if (!s) return;
  const enablePos = s.cap + MSIX_CONTROL_OFFSET;
  if (!(addr <= enablePos && enablePos < addr + len)) return;
  void val;
  yield* ctx.call(
    'msix_write_config',
    (function* () {
      if (ctx.tracing) yield ctx.ev('msix_write_config', { dev: dev.name, enabled: msixEnabled(dev), masked: msixMasked(dev, s) });
      const wasMasked = s.functionMasked;
      s.functionMasked = !msixEnabled(dev) || msixMasked(dev, s);
      if (!msixEnabled(dev)) return;
      yield* pciDeviceDeassertIntx(ctx, dev);
      if (s.functionMasked === wasMasked) return;
      for (let v = 0; v < s.entries; v++) yield* msixHandleMaskUpdate(ctx, dev, v, msixVectorMasked(s, v, wasMasked));
    })(),
  );
}

// ---- the table and PBA MemoryRegionOps ----

/** msix_table_mmio_read: a 32-bit read of the table (the memory core only lets aligned 4-byte accesses through). */
export function* msixTableMmioRead(ctx: ActorContext, dev: PciDevice, addr: number, size: AccessSize): Gen<number> {
  return yield* ctx.call(
    'msix_table_mmio_read',
    (function* () {
      const s = state(dev);
      if (!s || size !== 4 || addr & 3 || addr + size > s.entries * PCI_MSIX_ENTRY_SIZE) return 0;
      const value = dev.arena.r32(s.tableAt + addr);
      const entry = Math.floor(addr / PCI_MSIX_ENTRY_SIZE);
      if (ctx.tracing) yield ctx.ev('msix_table_read', { dev: dev.name, entry, field: FIELD_BY_OFFSET[addr % PCI_MSIX_ENTRY_SIZE]!, value });
      return value;
    })(),
  );
}

/** msix_table_mmio_write: store the dword, then msix_handle_mask_update for its entry (only a Vector Control write can change the mask). */
export function* msixTableMmioWrite(ctx: ActorContext, dev: PciDevice, addr: number, val: number, size: AccessSize): Gen<void> {
  yield* ctx.call(
    'msix_table_mmio_write',
    (function* () {
      const s = state(dev);
      if (!s || size !== 4 || addr & 3 || addr + size > s.entries * PCI_MSIX_ENTRY_SIZE) return;
      const vector = Math.floor(addr / PCI_MSIX_ENTRY_SIZE);
      const wasMasked = msixIsMasked(dev, vector);
      dev.arena.w32(s.tableAt + addr, val >>> 0);
      const field = FIELD_BY_OFFSET[addr % PCI_MSIX_ENTRY_SIZE]!;
      if (ctx.tracing) {
        yield ctx.ev('msix_table_write', {
          dev: dev.name,
          entry: vector,
          field,
          value: val >>> 0,
          maskBit: (s.tableByte(vector * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL) & PCI_MSIX_ENTRY_CTRL_MASKBIT) !== 0,
          wasMasked,
          masked: msixIsMasked(dev, vector),
        });
      }
      yield* msixHandleMaskUpdate(ctx, dev, vector, wasMasked);
    })(),
  );
}

/**
 * msix_pba_mmio_read: first the poll notifier (virtio-pci's
 * virtio_pci_vector_poll sets pending bits for masked vectors whose irqfd
 * fired), then the 32-bit PBA word. QEMU 7.2 passes vectors [addr·8,
 * min(addr + size·8, n)) — the end is computed from `addr`, not `addr·8`.
 */
export function* msixPbaMmioRead(ctx: ActorContext, dev: PciDevice, addr: number, size: AccessSize): Gen<number> {
  return yield* ctx.call(
    'msix_pba_mmio_read',
    (function* () {
      const s = state(dev);
      if (!s || size !== 4 || addr & 3 || addr + size > pbaSize(s.entries)) return 0;
      if (s.notifiersInstalled && s.notifiers!.poll) {
        const start = addr * 8;
        const end = Math.min(addr + size * 8, s.entries);
        if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector: start, kind: 'poll', address: null, data: null });
        yield* s.notifiers!.poll(ctx, dev, start, end);
      }
      const value = dev.arena.r32(s.pbaAt + addr);
      if (ctx.tracing) yield ctx.ev('msix_pba_read', { dev: dev.name, offset: addr, value });
      return value;
    })(),
  );
}

// ---- vector use ----

/** msix_vector_use: one more user of the vector (only used vectors are ever delivered). */
export function* msixVectorUse(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_vector_use',
    (function* () {
      const s = state(dev);
      if (!s || vector < 0 || vector >= s.entries) return;
      setEntryUsed(s, vector, msixEntryUsed(dev, vector) + 1);
      if (ctx.tracing) yield ctx.ev('msix_vector_use', { dev: dev.name, vector, used: msixEntryUsed(dev, vector) });
    })(),
  );
}

/** msix_vector_unuse: one user fewer; when none is left the pending bit is cleared. */
export function* msixVectorUnuse(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_vector_unuse',
    (function* () {
      const s = state(dev);
      if (!s || vector < 0 || vector >= s.entries) return;
      const n = msixEntryUsed(dev, vector);
      if (!n) return;
      setEntryUsed(s, vector, n - 1);
      if (ctx.tracing) yield ctx.ev('msix_vector_use', { dev: dev.name, vector, used: n - 1 });
      if (n - 1) return;
      yield* msixClrPending(ctx, dev, vector);
    })(),
  );
}

/** msix_unuse_all_vectors (msix_free_irq_entries): every use count to 0 and every pending bit cleared. */
export function* msixUnuseAllVectors(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call(
    'msix_unuse_all_vectors',
    (function* () {
      const s = state(dev);
      if (!s) return;
      for (let v = 0; v < s.entries; v++) {
        setEntryUsed(s, v, 0);
        yield* msixClrPending(ctx, dev, v);
      }
    })(),
  );
}

/** msix_reset: pending bits cleared, Enable and Function Mask cleared, table zeroed, every vector masked again. */
export function* msixReset(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call(
    'msix_reset',
    (function* () {
      const s = state(dev);
      if (!s) return;
      for (let v = 0; v < s.entries; v++) yield* msixClrPending(ctx, dev, v);
      const ctl = s.cap + MSIX_CONTROL_OFFSET;
      dev.setCfg8(ctl, dev.cfg8(ctl) & ~dev.wmask[ctl]!);
      dev.arena.fill(s.tableAt, s.entries * PCI_MSIX_ENTRY_SIZE, 0);
      dev.arena.fill(s.pbaAt, pbaSize(s.entries), 0);
      // msix_mask_all; msix_function_masked is left as it was (QEMU does not recompute it here).
      for (let v = 0; v < s.entries; v++) {
        const wasMasked = msixIsMasked(dev, v);
        const off = s.tableAt + v * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL;
        dev.arena.w8(off, dev.arena.r8(off) | PCI_MSIX_ENTRY_CTRL_MASKBIT);
        yield* msixHandleMaskUpdate(ctx, dev, v, wasMasked);
      }
    })(),
  );
}

// ---- vector notifiers ----

/** msix_set_notifier_for_vector: a masked vector is skipped; an unmasked one goes to the use notifier with its message. */
function* msixSetNotifierForVector(ctx: ActorContext, dev: PciDevice, vector: number): Gen<number> {
  return yield* ctx.call(
    'msix_set_notifier_for_vector',
    (function* () {
      if (msixIsMasked(dev, vector)) return 0;
      const msg = msixGetMessage(dev, vector);
      if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector, kind: 'use', address: msg.address, data: msg.data });
      return yield* state(dev)!.notifiers!.use(ctx, dev, vector, msg);
    })(),
  );
}

/** msix_unset_notifier_for_vector: an unmasked vector goes to the release notifier. */
function* msixUnsetNotifierForVector(ctx: ActorContext, dev: PciDevice, vector: number): Gen<void> {
  yield* ctx.call(
    'msix_unset_notifier_for_vector',
    (function* () {
      if (msixIsMasked(dev, vector)) return;
      if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector, kind: 'release', address: null, data: null });
      yield* state(dev)!.notifiers!.release(ctx, dev, vector);
    })(),
  );
}

/**
 * msix_set_vector_notifiers: install the callbacks; if MSI-X is enabled and
 * the function not masked, call the use notifier for each vector in order
 * (msix_set_notifier_for_vector skips masked ones; QEMU 7.2 does not look at
 * msix_entry_used here: the callback decides, virtio-pci's by the queues
 * bound to the vector). On a failure the vectors done so far are released in
 * reverse and the callbacks removed. Then the poll notifier runs over all
 * vectors. Returns 0 or the failing notifier's return value.
 */
export function* msixSetVectorNotifiers(ctx: ActorContext, dev: PciDevice, notifiers: MsixVectorNotifiers): Gen<number> {
  return yield* ctx.call(
    'msix_set_vector_notifiers',
    (function* () {
      const s = state(dev);
      // Without the capability (vectors=0) QEMU 7.2 still runs this: msix_cap is 0, so it tests an unrelated config byte,
      // which never reads as "enabled, not masked", and polls zero entries; it returns 0 and nothing is installed.
      if (!s) return 0;
      s.notifiers = notifiers;
      dev.arena.w8(s.notifiersAt, 1);
      const ctl = dev.cfg8(s.cap + MSIX_CONTROL_OFFSET) & (MSIX_ENABLE_MASK | MSIX_MASKALL_MASK);
      if (ctl === MSIX_ENABLE_MASK) {
        for (let v = 0; v < s.entries; v++) {
          const ret = yield* msixSetNotifierForVector(ctx, dev, v);
          if (ret < 0) {
            for (let u = v - 1; u >= 0; u--) yield* msixUnsetNotifierForVector(ctx, dev, u);
            dev.arena.w8(s.notifiersAt, 0);
            // QEMU clears use and release but leaves the poll notifier set (a later PBA read would still call it); the engine drops all three.
            return ret;
          }
        }
      }
      if (notifiers.poll) {
        if (ctx.tracing) yield ctx.ev('msix_vector_notifier', { dev: dev.name, vector: 0, kind: 'poll', address: null, data: null });
        yield* notifiers.poll(ctx, dev, 0, s.entries);
      }
      return 0;
    })(),
  );
}

/** msix_unset_vector_notifiers: if MSI-X is enabled and unmasked, release every unmasked vector in order; then remove the callbacks. */
export function* msixUnsetVectorNotifiers(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call(
    'msix_unset_vector_notifiers',
    (function* () {
      const s = state(dev);
      if (!s || !s.notifiersInstalled) return; // QEMU asserts they are set
      const ctl = dev.cfg8(s.cap + MSIX_CONTROL_OFFSET) & (MSIX_ENABLE_MASK | MSIX_MASKALL_MASK);
      if (ctl === MSIX_ENABLE_MASK) {
        for (let v = 0; v < s.entries; v++) yield* msixUnsetNotifierForVector(ctx, dev, v);
      }
      dev.arena.w8(s.notifiersAt, 0);
    })(),
  );
}
