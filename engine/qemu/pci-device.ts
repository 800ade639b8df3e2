/**
 * One PCI function as QEMU 7.2 models it (hw/pci/pci.c): the 256-byte
 * configuration space, its write masks, the BARs, the capability list and the
 * INTx pin. The config bytes live in the Arena, so the page shows them and
 * step mode can seek; the masks, the BAR sizes and the capability layout are
 * fixed when the device is realized (before the walkthrough starts) and stay
 * plain JS, as they do in QEMU (wmask, cmask, w1cmask, used).
 *
 * API (stable; helper-proxy builds VirtioPciProxy on it):
 * - `new PciDevice(arena, at, info)`; `at` = an arena span of PCI_DEVICE_ARENA_SIZE bytes.
 *   `dev.cfg8/16/32(off)`, `dev.setCfg8/16/32(off, v)` (pci_get_* / pci_set_* on config, untraced),
 *   `dev.bars[n]` (PciIoRegion | null), `dev.intxLevel` (bus->set_irq, the interrupt controller's input),
 *   `dev.msiTrigger` (where an MSI write lands: KVM or TCG's APIC), `dev.msix` (set by msix_init).
 * - realize-time (plain functions): `pciAddCapability(dev, capId, offset, size)` → offset or −errno,
 *   `pciFindCapability(dev, capId)`, `pciCapabilityList(dev)` (the walk a driver does),
 *   `pciRegisterBar(dev, n, type, region)`.
 * - runtime (generators, with real frames): `pciDefaultReadConfig`, `pciDefaultWriteConfig`,
 *   `pciSetIrq`, `pciIrqAssert`, `pciIrqDeassert`, `pciDeviceDeassertIntx`,
 *   `pciBarRead` / `pciBarWrite` (the BAR's MemoryRegionOps, with the memory core's access checks).
 * - pure reads: `pciBarAddress(dev, n)` (where the BAR is mapped now, or PCI_BAR_UNMAPPED), `pciIntx(dev)`.
 */
import {
  PCI_BAR_UNMAPPED,
  PCI_BASE_ADDRESS_0,
  PCI_BASE_ADDRESS_5,
  PCI_BASE_ADDRESS_MEM_TYPE_64,
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_CACHE_LINE_SIZE,
  PCI_CAPABILITY_LIST,
  PCI_CAP_LIST_ID,
  PCI_CAP_LIST_NEXT,
  PCI_CFG_SPACE_SIZE,
  PCI_CLASS_DEVICE,
  PCI_CLASS_PROG,
  PCI_COMMAND,
  PCI_COMMAND_INTX_DISABLE,
  PCI_COMMAND_IO,
  PCI_COMMAND_MASTER,
  PCI_COMMAND_MEMORY,
  PCI_COMMAND_SERR,
  PCI_DEVICE_ID,
  PCI_HEADER_TYPE,
  PCI_INTERRUPT_LINE,
  PCI_INTERRUPT_PIN,
  PCI_NUM_PINS,
  PCI_REVISION_ID,
  PCI_STATUS,
  PCI_STATUS_CAP_LIST,
  PCI_STATUS_DETECTED_PARITY,
  PCI_STATUS_INTERRUPT,
  PCI_STATUS_PARITY,
  PCI_STATUS_REC_MASTER_ABORT,
  PCI_STATUS_REC_TARGET_ABORT,
  PCI_STATUS_SIG_SYSTEM_ERROR,
  PCI_STATUS_SIG_TARGET_ABORT,
  PCI_STD_HEADER_SIZEOF,
  PCI_STD_NUM_BARS,
  PCI_SUBSYSTEM_ID,
  PCI_SUBSYSTEM_VENDOR_ID,
  PCI_VENDOR_ID,
  pciBarReg,
} from '../abi/pci';
import type { Arena } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import type { AccessSize } from './pci-access';
import { msixWriteConfig, type MsixState } from './msix';

/** QEMU's MSIMessage: what an MSI(-X) write puts on the bus (address, 32-bit data). */
export interface MSIMessage {
  /** 64-bit address as a JS number (x86: 0xfeeXXXXX). */
  address: number;
  data: number;
}

/** Arena bytes one PciDevice needs: config space, then irq_state (one byte, a bit per INTx pin). */
export const PCI_DEVICE_ARENA_SIZE = PCI_CFG_SPACE_SIZE + 8;
const IRQ_STATE = PCI_CFG_SPACE_SIZE;

/** What pci_qdev_realize takes from the device class (PCIDeviceClass). */
export interface PciDeviceInfo {
  /** QEMU's device name, e.g. "virtio-net-pci"; events carry it. */
  name: string;
  vendorId: number;
  deviceId: number;
  revision: number;
  /** PCI_CLASS_DEVICE: base class << 8 | sub class (0x0200 ethernet, 0x00ff "other" for the balloon). */
  classId: number;
  /** PCI_CLASS_PROG (0 for virtio). */
  progIf?: number;
  /** Subsystem vendor and id; QEMU's default is 0x1af4:0x1100 (PCI_SUBDEVICE_ID_QEMU) when the class gives neither. */
  subsystemVendorId?: number;
  subsystemId?: number;
  /** PCI_INTERRUPT_PIN: 1 = INTA (virtio-pci sets 1), 0 = no INTx. */
  interruptPin: number;
}

/** A BAR's MemoryRegionOps (read/write at an offset inside the BAR). */
export interface PciRegionOps {
  read(ctx: ActorContext, off: number, size: AccessSize): Gen<number>;
  write(ctx: ActorContext, off: number, value: number, size: AccessSize): Gen<void>;
}

/** A MemoryRegion placed in a BAR: its size (a power of two) and its ops, or subregions at offsets (like QEMU's container regions). */
export interface PciMemoryRegion {
  /** The region's name, as `info mtree` shows it ("virtio-pci", "virtio-net-pci-msix"). */
  name: string;
  size: number;
  ops?: PciRegionOps;
  /** Subregions (offset inside this region, the region); the first one containing an access takes it. */
  subregions?: { offset: number; region: PciMemoryRegion }[];
  /** MemoryRegionOps.valid: smallest and largest access the region accepts (default 1..4), and unaligned accesses (default no). */
  validMin?: AccessSize;
  validMax?: AccessSize;
  validUnaligned?: boolean;
}

/** QEMU's PCIIORegion: one registered BAR. */
export interface PciIoRegion {
  size: number;
  /** PCI_BASE_ADDRESS_SPACE_IO, or memory with MEM_TYPE_64 / MEM_PREFETCH bits. */
  type: number;
  memory: PciMemoryRegion;
}

/** bus->set_irq: the interrupt controller's input for the function's INTx line (not this module's). */
export type PciIntxLevel = (ctx: ActorContext, dev: PciDevice, irqNum: number, level: 0 | 1) => Gen<void>;
/** pci_dev->msi_trigger: what an MSI write does once it leaves the device (KVM's MSI routing, or TCG's APIC). */
export type PciMsiTrigger = (ctx: ActorContext, dev: PciDevice, msg: MSIMessage) => Gen<void>;

/** One PCI function. */
export class PciDevice {
  /** Bits the guest may write (QEMU's wmask). */
  readonly wmask = new Uint8Array(PCI_CFG_SPACE_SIZE);
  /** Bits a guest write of 1 clears (w1cmask). */
  readonly w1cmask = new Uint8Array(PCI_CFG_SPACE_SIZE);
  /** Bits checked on migration (cmask); kept because pci_add_capability and pci_register_bar set it. */
  readonly cmask = new Uint8Array(PCI_CFG_SPACE_SIZE);
  /** Bytes taken by capabilities (pci_find_space looks for a free run). */
  readonly used = new Uint8Array(PCI_CFG_SPACE_SIZE);
  /** Registered BARs, index 0..5. */
  readonly bars: (PciIoRegion | null)[] = Array.from({ length: PCI_STD_NUM_BARS }, () => null);
  /** The interrupt controller's INTx input; null: the line goes nowhere. */
  intxLevel: PciIntxLevel | null = null;
  /** Where MSI writes go (pci_msi_trigger's address_space_stl_le on the bus master address space). */
  msiTrigger: PciMsiTrigger | null = null;
  /** MSI-X state, set by msix_init. */
  msix: MsixState | null = null;
  readonly name: string;

  constructor(
    readonly arena: Arena,
    /** Arena offset of config space (PCI_DEVICE_ARENA_SIZE bytes). */
    readonly at: number,
    info: PciDeviceInfo,
  ) {
    this.name = info.name;
    arena.fill(at, PCI_DEVICE_ARENA_SIZE, 0);
    // do_pci_register_device: ids, class, subsystem ids, then the masks.
    this.setCfg16(PCI_VENDOR_ID, info.vendorId);
    this.setCfg16(PCI_DEVICE_ID, info.deviceId);
    this.setCfg8(PCI_REVISION_ID, info.revision);
    this.setCfg8(PCI_CLASS_PROG, info.progIf ?? 0);
    this.setCfg16(PCI_CLASS_DEVICE, info.classId);
    this.setCfg16(PCI_SUBSYSTEM_VENDOR_ID, info.subsystemVendorId ?? 0x1af4);
    this.setCfg16(PCI_SUBSYSTEM_ID, info.subsystemId ?? 0x1100);
    this.setCfg8(PCI_INTERRUPT_PIN, info.interruptPin);
    // pci_init_cmask
    this.cmask.fill(0xff, PCI_VENDOR_ID, 4);
    this.cmask[PCI_STATUS] = PCI_STATUS_CAP_LIST;
    this.cmask.fill(0xff, PCI_REVISION_ID, 4);
    this.cmask[PCI_HEADER_TYPE] = 0xff;
    this.cmask[PCI_CAPABILITY_LIST] = 0xff;
    // pci_init_wmask: cache line size, interrupt line, the command bits, and everything past the header.
    this.wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    this.wmask[PCI_INTERRUPT_LINE] = 0xff;
    const cmd = PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_SERR;
    this.wmask[PCI_COMMAND] = cmd & 0xff;
    this.wmask[PCI_COMMAND + 1] = cmd >> 8;
    this.wmask.fill(0xff, PCI_STD_HEADER_SIZEOF, PCI_CFG_SPACE_SIZE);
    // pci_init_w1cmask: the error bits of the status register.
    const w1c =
      PCI_STATUS_PARITY |
      PCI_STATUS_SIG_TARGET_ABORT |
      PCI_STATUS_REC_TARGET_ABORT |
      PCI_STATUS_REC_MASTER_ABORT |
      PCI_STATUS_SIG_SYSTEM_ERROR |
      PCI_STATUS_DETECTED_PARITY;
    this.w1cmask[PCI_STATUS] = w1c & 0xff;
    this.w1cmask[PCI_STATUS + 1] = w1c >> 8;
  }

  /** pci_get_byte(config + off). */
  cfg8(off: number): number {
    return this.arena.r8(this.at + off);
  }
  /** pci_get_word(config + off), little-endian. */
  cfg16(off: number): number {
    return this.arena.r16(this.at + off);
  }
  /** pci_get_long(config + off), little-endian. */
  cfg32(off: number): number {
    return this.arena.r32(this.at + off);
  }
  /** pci_set_byte(config + off, v). */
  setCfg8(off: number, v: number): void {
    this.arena.w8(this.at + off, v & 0xff);
  }
  /** pci_set_word(config + off, v). */
  setCfg16(off: number, v: number): void {
    this.arena.w16(this.at + off, v & 0xffff);
  }
  /** pci_set_long(config + off, v). */
  setCfg32(off: number, v: number): void {
    this.arena.w32(this.at + off, v >>> 0);
  }
  /** A copy of the 256 config bytes (for the page and tests). */
  configBytes(): Uint8Array {
    return this.arena.readBytes(this.at, PCI_CFG_SPACE_SIZE);
  }
  /** d->irq_state: a bit per INTx pin. */
  get irqState(): number {
    return this.arena.r8(this.at + IRQ_STATE);
  }
  set irqState(v: number) {
    this.arena.w8(this.at + IRQ_STATE, v);
  }
}

/** pci_intx: the pin index the function asserts (PCI_INTERRUPT_PIN − 1). */
export function pciIntx(dev: PciDevice): number {
  return dev.cfg8(PCI_INTERRUPT_PIN) - 1;
}

// ---- capabilities ----

/** pci_find_space: the first run of `size` unused bytes after the header (0: none). */
function pciFindSpace(dev: PciDevice, size: number): number {
  let offset = PCI_STD_HEADER_SIZEOF;
  for (let i = PCI_STD_HEADER_SIZEOF; i < PCI_CFG_SPACE_SIZE; i++) {
    if (dev.used[i]) offset = i + 1;
    else if (i - offset + 1 === size) return offset;
  }
  return 0;
}

/** pci_find_capability_at_offset: the capability whose bytes cover `offset` (0: none). */
function pciFindCapabilityAtOffset(dev: PciDevice, offset: number): number {
  if (!dev.used[offset]) return 0;
  let found = 0;
  for (let next = dev.cfg8(PCI_CAPABILITY_LIST), guard = 0; next && guard < 64; next = dev.cfg8(next + PCI_CAP_LIST_NEXT), guard++) {
    if (next <= offset && next > found) found = next;
  }
  return found;
}

/** EINVAL, as pci_add_capability returns it. */
export const EINVAL = 22;

/**
 * pci_add_capability: put a capability of `size` bytes at `offset` (0: the
 * first free run after the header, pci_find_space) and link it at the HEAD of
 * the list: its next pointer takes the old PCI_CAPABILITY_LIST, which then
 * points at it. So a driver walking the list meets capabilities in the reverse
 * of the order QEMU added them. The bytes become read-only (wmask 0) and
 * `used` is marked rounded up to 4 bytes. Returns the offset, or −EINVAL when
 * a given offset overlaps an existing capability.
 */
export function pciAddCapability(dev: PciDevice, capId: number, offset: number, size: number): number {
  if (!offset) {
    offset = pciFindSpace(dev, size);
    // "out of PCI config space is programming error"
    if (!offset) throw new Error(`${dev.name}: no room in config space for a ${size}-byte capability`);
  } else {
    for (let i = offset; i < offset + size; i++) {
      if (pciFindCapabilityAtOffset(dev, i)) return -EINVAL;
    }
  }
  dev.setCfg8(offset + PCI_CAP_LIST_ID, capId);
  dev.setCfg8(offset + PCI_CAP_LIST_NEXT, dev.cfg8(PCI_CAPABILITY_LIST));
  dev.setCfg8(PCI_CAPABILITY_LIST, offset);
  dev.setCfg8(PCI_STATUS, dev.cfg8(PCI_STATUS) | PCI_STATUS_CAP_LIST);
  dev.used.fill(0xff, offset, Math.min(PCI_CFG_SPACE_SIZE, offset + ((size + 3) & ~3)));
  dev.wmask.fill(0, offset, offset + size);
  dev.cmask.fill(0xff, offset, offset + size);
  return offset;
}

/** pci_find_capability: offset of the first capability with `capId` on the list (0: none). */
export function pciFindCapability(dev: PciDevice, capId: number): number {
  for (const c of pciCapabilityList(dev)) if (c.id === capId) return c.offset;
  return 0;
}

/** The capability list as a driver walks it (pci_find_capability / Linux's __pci_find_next_cap): offsets and ids in list order. */
export function pciCapabilityList(dev: PciDevice): { offset: number; id: number }[] {
  const out: { offset: number; id: number }[] = [];
  if (!(dev.cfg8(PCI_STATUS) & PCI_STATUS_CAP_LIST)) return out;
  // Linux bounds the walk (PCI_FIND_CAP_TTL 48) and ignores pointers into the header; so does this.
  for (let pos = dev.cfg8(PCI_CAPABILITY_LIST) & ~3, ttl = 48; pos >= PCI_STD_HEADER_SIZEOF && ttl > 0; ttl--) {
    const id = dev.cfg8(pos + PCI_CAP_LIST_ID);
    if (id === 0xff) break;
    out.push({ offset: pos, id });
    pos = dev.cfg8(pos + PCI_CAP_LIST_NEXT) & ~3;
  }
  return out;
}

// ---- BARs ----

/**
 * pci_register_bar: BAR `n` decodes `region` (size a power of two). The BAR
 * register gets the type bits; its address bits become writable (wmask
 * ~(size−1)), which is how sizing works: the guest writes all-ones and reads
 * back the size mask with the type bits. A 64-bit memory BAR spans two registers.
 */
export function pciRegisterBar(dev: PciDevice, n: number, type: number, region: PciMemoryRegion): void {
  const size = region.size;
  if (n < 0 || n >= PCI_STD_NUM_BARS || size < 1 || (size & (size - 1)) !== 0) {
    throw new Error(`${dev.name}: bad BAR ${n} of size ${size}`);
  }
  dev.bars[n] = { size, type, memory: region };
  const addr = pciBarReg(n);
  dev.setCfg32(addr, type);
  const is64 = !(type & PCI_BASE_ADDRESS_SPACE_IO) && !!(type & PCI_BASE_ADDRESS_MEM_TYPE_64);
  // wmask = ~(size - 1), as 64 bits for a 64-bit BAR.
  const lo = size >= 0x1_0000_0000 ? 0 : ~(size - 1) >>> 0;
  const hi = is64 ? (size >= 0x1_0000_0000 ? ~(size / 0x1_0000_0000 - 1) >>> 0 : 0xffffffff) : 0;
  for (let i = 0; i < 4; i++) {
    dev.wmask[addr + i] = (lo >>> (8 * i)) & 0xff;
    dev.cmask[addr + i] = 0xff;
    if (is64) {
      dev.wmask[addr + 4 + i] = (hi >>> (8 * i)) & 0xff;
      dev.cmask[addr + 4 + i] = 0xff;
    }
  }
}

/**
 * pci_bar_address: where BAR `n` is mapped now, from the BAR register and the
 * COMMAND enables; PCI_BAR_UNMAPPED while decoding is off, the address is 0,
 * or the range wraps (a BAR being sized reads as all-ones, so it is unmapped).
 */
export function pciBarAddress(dev: PciDevice, n: number): number {
  const r = dev.bars[n];
  if (!r) return PCI_BAR_UNMAPPED;
  const cmd = dev.cfg16(PCI_COMMAND);
  const reg = pciBarReg(n);
  const size = r.size;
  if (r.type & PCI_BASE_ADDRESS_SPACE_IO) {
    if (!(cmd & PCI_COMMAND_IO)) return PCI_BAR_UNMAPPED;
    const addr = Math.floor(dev.cfg32(reg) / size) * size;
    const last = addr + size - 1;
    if (last <= addr || last >= 0xffffffff || addr === 0) return PCI_BAR_UNMAPPED;
    return addr;
  }
  if (!(cmd & PCI_COMMAND_MEMORY)) return PCI_BAR_UNMAPPED;
  const is64 = !!(r.type & PCI_BASE_ADDRESS_MEM_TYPE_64);
  const raw = is64 ? dev.cfg32(reg) + dev.cfg32(reg + 4) * 0x1_0000_0000 : dev.cfg32(reg);
  const addr = Math.floor(raw / size) * size;
  const last = addr + size - 1;
  // JS numbers are exact below 2^53: a 64-bit BAR above that (all-ones while sizing) counts as unmapped, as QEMU's HWADDR_MAX check does.
  if (last <= addr || addr === 0 || last >= Number.MAX_SAFE_INTEGER) return PCI_BAR_UNMAPPED;
  if (!is64 && last >= 0xffffffff) return PCI_BAR_UNMAPPED;
  return addr;
}

/** memory_region_access_valid: the size and alignment checks of the memory core; an invalid access reads 0 and a write is dropped. */
function accessValid(mr: PciMemoryRegion, off: number, size: AccessSize): boolean {
  if (!mr.validUnaligned && off & (size - 1)) return false;
  return size >= (mr.validMin ?? 1) && size <= (mr.validMax ?? 4) && off >= 0 && off + size <= mr.size;
}

/** Find the leaf region covering [off, off+size) and the offset inside it. */
function resolve(mr: PciMemoryRegion, off: number, size: number): { mr: PciMemoryRegion; off: number } | null {
  for (const s of mr.subregions ?? []) {
    if (off >= s.offset && off + size <= s.offset + s.region.size) return resolve(s.region, off - s.offset, size);
  }
  return mr.ops ? { mr, off } : null;
}

/** A read of BAR `n` at `off` (memory_region_dispatch_read to the region's ops); unassigned space reads 0. */
export function* pciBarRead(ctx: ActorContext, dev: PciDevice, n: number, off: number, size: AccessSize): Gen<number> {
  const r = dev.bars[n];
  if (!r || off < 0 || off + size > r.size) return 0;
  const leaf = resolve(r.memory, off, size);
  if (!leaf || !accessValid(leaf.mr, leaf.off, size)) return 0;
  return yield* leaf.mr.ops!.read(ctx, leaf.off, size);
}

/** A write to BAR `n` at `off`; writes to unassigned space or invalid accesses are dropped. */
export function* pciBarWrite(ctx: ActorContext, dev: PciDevice, n: number, off: number, value: number, size: AccessSize): Gen<void> {
  const r = dev.bars[n];
  if (!r || off < 0 || off + size > r.size) return;
  const leaf = resolve(r.memory, off, size);
  if (!leaf || !accessValid(leaf.mr, leaf.off, size)) return;
  yield* leaf.mr.ops!.write(ctx, leaf.off, value, size);
}

// ---- config space accesses ----

/**
 * What reaches config_read / config_write from the host bridge
 * (pci_host_config_{read,write}_common): nothing at or past the end of config
 * space (a read gives all-ones), and an access running over the end clipped
 * to MIN(len, limit - addr). Returns the clipped length, 0 for none.
 */
function clipConfigAccess(addr: number, len: number): number {
  if (!(len === 1 || len === 2 || len === 4) || !Number.isInteger(addr) || addr < 0 || addr >= PCI_CFG_SPACE_SIZE) return 0;
  return Math.min(len, PCI_CFG_SPACE_SIZE - addr);
}

/** Little-endian read of `len` (1..4) config bytes. */
function readRaw(dev: PciDevice, addr: number, len: number): number {
  let v = 0;
  for (let i = len - 1; i >= 0; i--) v = v * 256 + dev.cfg8(addr + i);
  return v;
}

/** pci_default_read_config: `len` bytes of config space (past the end the host bridge answers all-ones; an access over the end is clipped). */
export function* pciDefaultReadConfig(ctx: ActorContext, dev: PciDevice, addr: number, size: AccessSize): Gen<number> {
  const len = clipConfigAccess(addr, size);
  if (!len) return size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
  return yield* ctx.call(
    'pci_default_read_config',
    (function* () {
      const value = readRaw(dev, addr, len);
      if (ctx.tracing) yield ctx.ev('pci_config_read', { dev: dev.name, addr, len, value });
      return value;
    })(),
  );
}

/**
 * pci_default_write_config: each byte takes the written bits its wmask
 * allows, then the w1cmask bits written as 1 are cleared. A write touching a
 * BAR or COMMAND remaps BARs (computed on demand here: pciBarAddress); a
 * COMMAND write re-evaluates INTx disable; then msix_write_config sees it.
 */
export function* pciDefaultWriteConfig(ctx: ActorContext, dev: PciDevice, addr: number, val: number, size: AccessSize): Gen<void> {
  const len = clipConfigAccess(addr, size);
  if (!len) return;
  yield* ctx.call(
    'pci_default_write_config',
    (function* () {
      const wasIrqDisabled = pciIrqDisabled(dev);
      // r->addr of each BAR before the write (QEMU keeps it; here it is recomputed from the config bytes).
      const touchesMappings = (addr < PCI_BASE_ADDRESS_5 + 4 && addr + len > PCI_BASE_ADDRESS_0) || (addr <= PCI_COMMAND && addr + len > PCI_COMMAND);
      const mappedBefore = touchesMappings ? dev.bars.map((_, n) => pciBarAddress(dev, n)) : null;
      const before = readRaw(dev, addr, len);
      let v = val >>> 0;
      for (let i = 0; i < len; i++, v >>>= 8) {
        const wm = dev.wmask[addr + i]!;
        const w1c = dev.w1cmask[addr + i]!;
        let b = (dev.cfg8(addr + i) & ~wm) | (v & wm);
        b &= ~(v & w1c);
        dev.setCfg8(addr + i, b);
      }
      const after = readRaw(dev, addr, len);
      const value = len === 4 ? val >>> 0 : (val >>> 0) % 2 ** (8 * len);
      if (ctx.tracing) yield ctx.ev('pci_config_write', { dev: dev.name, addr, len, value, before, after });
      if (mappedBefore) yield* pciUpdateMappings(ctx, dev, mappedBefore);
      if (addr <= PCI_COMMAND && addr + len > PCI_COMMAND) yield* pciUpdateIrqDisabled(ctx, dev, wasIrqDisabled);
      yield* msixWriteConfig(ctx, dev, addr, val >>> 0, len);
    })(),
  );
}

/**
 * pci_update_mappings: each registered BAR whose address changed (or that
 * became mapped or unmapped through COMMAND) moves in the address space;
 * QEMU traces pci_update_mappings_del / _add. The mapping itself is
 * recomputed on demand (pciBarAddress), so this only reports it.
 */
function* pciUpdateMappings(ctx: ActorContext, dev: PciDevice, mappedBefore: readonly number[]): Gen<void> {
  if (!ctx.tracing) return;
  const moves: { bar: number; old: number | null; addr: number | null; size: number }[] = [];
  for (let n = 0; n < PCI_STD_NUM_BARS; n++) {
    const r = dev.bars[n];
    if (!r) continue;
    const now = pciBarAddress(dev, n);
    const was = mappedBefore[n]!;
    if (now === was) continue;
    moves.push({ bar: n, old: was === PCI_BAR_UNMAPPED ? null : was, addr: now === PCI_BAR_UNMAPPED ? null : now, size: r.size });
  }
  if (!moves.length) return;
  yield* ctx.call(
    'pci_update_mappings',
    (function* () {
      for (const m of moves) yield ctx.ev('pci_update_mappings', { dev: dev.name, ...m });
    })(),
  );
}

// ---- INTx ----

function pciIrqDisabled(dev: PciDevice): boolean {
  return (dev.cfg16(PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE) !== 0;
}

/** pci_update_irq_status: PCI_STATUS_INTERRUPT follows irq_state. */
function pciUpdateIrqStatus(dev: PciDevice): void {
  const s = dev.cfg8(PCI_STATUS);
  dev.setCfg8(PCI_STATUS, dev.irqState ? s | PCI_STATUS_INTERRUPT : s & ~PCI_STATUS_INTERRUPT);
}

/** pci_update_irq_disabled: after a COMMAND write, a pin that is asserted drops (or rises again) on the bus as INTX_DISABLE changes. */
function* pciUpdateIrqDisabled(ctx: ActorContext, dev: PciDevice, wasDisabled: boolean): Gen<void> {
  const disabled = pciIrqDisabled(dev);
  if (disabled === wasDisabled) return;
  for (let i = 0; i < PCI_NUM_PINS; i++) {
    const state = (dev.irqState >> i) & 1;
    if (!state) continue;
    const level = disabled ? 0 : 1;
    if (ctx.tracing) yield ctx.ev('pci_intx_level', { dev: dev.name, pin: i, level, status: dev.cfg16(PCI_STATUS), disabled, bus: level });
    if (dev.intxLevel) yield* dev.intxLevel(ctx, dev, i, level);
  }
}

/** pci_irq_handler: a pin's level changes; the status bit follows; the bus sees it unless INTx is disabled in COMMAND. */
function* pciIrqHandler(ctx: ActorContext, dev: PciDevice, irqNum: number, level: 0 | 1): Gen<void> {
  yield* ctx.call(
    'pci_irq_handler',
    (function* () {
      if (irqNum < 0 || irqNum >= PCI_NUM_PINS) return;
      if (((dev.irqState >> irqNum) & 1) === level) return;
      dev.irqState = (dev.irqState & ~(1 << irqNum)) | (level << irqNum);
      pciUpdateIrqStatus(dev);
      const disabled = pciIrqDisabled(dev);
      if (ctx.tracing) yield ctx.ev('pci_intx_level', { dev: dev.name, pin: irqNum, level, status: dev.cfg16(PCI_STATUS), disabled, bus: disabled ? null : level });
      if (disabled) return;
      if (dev.intxLevel) yield* dev.intxLevel(ctx, dev, irqNum, level);
    })(),
  );
}

/** pci_set_irq: set the level of the function's own INTx pin. */
export function* pciSetIrq(ctx: ActorContext, dev: PciDevice, level: 0 | 1): Gen<void> {
  yield* ctx.call('pci_set_irq', pciIrqHandler(ctx, dev, pciIntx(dev), level));
}

/** pci_irq_assert (include/hw/pci/pci.h): pci_set_irq(dev, 1). */
export function* pciIrqAssert(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call('pci_irq_assert', pciSetIrq(ctx, dev, 1));
}

/** pci_irq_deassert: pci_set_irq(dev, 0). */
export function* pciIrqDeassert(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call('pci_irq_deassert', pciSetIrq(ctx, dev, 0));
}

/** pci_device_deassert_intx: drop every pin (msix_write_config does this when MSI-X is enabled). */
export function* pciDeviceDeassertIntx(ctx: ActorContext, dev: PciDevice): Gen<void> {
  yield* ctx.call(
    'pci_device_deassert_intx',
    (function* () {
      for (let i = 0; i < PCI_NUM_PINS; i++) yield* pciIrqHandler(ctx, dev, i, 0);
    })(),
  );
}
