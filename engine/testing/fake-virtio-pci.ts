/**
 * A small recording fake of a modern virtio-pci function behind
 * PciFunctionAccess, laid out like QEMU 7.2's virtio-pci proxy: the virtio
 * vendor capabilities in config space (common 0x40, isr 0x50, device 0x60,
 * notify 0x70, pci-cfg 0x84), an MSI-X capability at 0x98 with a table of N
 * entries in BAR 1, and the four 4 KiB regions (common, isr, device, notify)
 * in the 64-bit memory BAR 4. It lets the guest probe run in tests before
 * (and independently of) the real device model in engine/qemu. Only the
 * registers the probe touches behave; everything is logged.
 */
import type { ActorContext, Gen } from '../sched/actor';
import type { AccessSize, PciFunctionAccess } from '../qemu/pci-access';
import {
  PCI_CAPABILITY_LIST,
  PCI_CAP_ID_MSIX,
  PCI_CAP_ID_VNDR,
  PCI_COMMAND,
  PCI_DEVICE_ID,
  PCI_INTERRUPT_LINE,
  PCI_INTERRUPT_PIN,
  PCI_MSIX_FLAGS,
  PCI_MSIX_FLAGS_ENABLE,
  PCI_MSIX_FLAGS_MASKALL,
  PCI_MSIX_PBA,
  PCI_MSIX_TABLE,
  PCI_STATUS,
  PCI_STATUS_CAP_LIST,
  PCI_SUBSYSTEM_ID,
  PCI_SUBSYSTEM_VENDOR_ID,
  PCI_VENDOR_ID,
} from '../abi/pci';
import {
  PCI_VENDOR_ID_REDHAT_QUMRANET,
  VIRTIO_CONFIG_S_FEATURES_OK,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_PCI_CAP_BAR,
  VIRTIO_PCI_CAP_CFG_TYPE,
  VIRTIO_PCI_CAP_COMMON_CFG,
  VIRTIO_PCI_CAP_DEVICE_CFG,
  VIRTIO_PCI_CAP_ISR_CFG,
  VIRTIO_PCI_CAP_LEN,
  VIRTIO_PCI_CAP_LENGTH,
  VIRTIO_PCI_CAP_NOTIFY_CFG,
  VIRTIO_PCI_CAP_OFFSET,
  VIRTIO_PCI_CAP_PCI_CFG,
  VIRTIO_PCI_COMMON_CFGGENERATION,
  VIRTIO_PCI_COMMON_DF,
  VIRTIO_PCI_COMMON_DFSELECT,
  VIRTIO_PCI_COMMON_GF,
  VIRTIO_PCI_COMMON_GFSELECT,
  VIRTIO_PCI_COMMON_MSIX,
  VIRTIO_PCI_COMMON_NUMQ,
  VIRTIO_PCI_COMMON_Q_AVAILHI,
  VIRTIO_PCI_COMMON_Q_AVAILLO,
  VIRTIO_PCI_COMMON_Q_DESCHI,
  VIRTIO_PCI_COMMON_Q_DESCLO,
  VIRTIO_PCI_COMMON_Q_ENABLE,
  VIRTIO_PCI_COMMON_Q_MSIX,
  VIRTIO_PCI_COMMON_Q_NOFF,
  VIRTIO_PCI_COMMON_Q_SELECT,
  VIRTIO_PCI_COMMON_Q_SIZE,
  VIRTIO_PCI_COMMON_Q_USEDHI,
  VIRTIO_PCI_COMMON_Q_USEDLO,
  VIRTIO_PCI_COMMON_STATUS,
  VIRTIO_PCI_NOTIFY_CAP_MULT,
} from '../abi/virtio-pci';

/** One logged access. */
export interface FakeAccess {
  op: 'cfg-read' | 'cfg-write' | 'bar-read' | 'bar-write';
  bar: number | null;
  off: number;
  size: AccessSize;
  value: number;
}

/** How the fake is built. */
export interface FakeVirtioPciOptions {
  /** PCI device id, e.g. 0x1041 (virtio-net, modern) or 0x1045 (balloon). */
  deviceId: number;
  /** MSI-X table entries; 0 = no MSI-X capability at all. */
  msixTableSize: number;
  /** Max size of each virtqueue (queue_size before the driver writes it); its length is num_queues. */
  queueSizes: readonly number[];
  /** The 64 device feature bits. */
  deviceFeatures: bigint;
  /** Vectors the device accepts in msix_config / queue_msix_vector (default: the table size, as QEMU's msix_vector_use). */
  vectorLimit?: number;
  /** Whether features are acceptable at FEATURES_OK (default: any subset of deviceFeatures). */
  acceptFeatures?: (driver: bigint) => boolean;
  /** INTx pin (1 = INTA#, QEMU's default for virtio-pci); 0 = none. */
  intxPin?: number;
  /** Device-specific config bytes (e.g. virtio_net_config: max_virtqueue_pairs at 8). */
  deviceConfig?: Uint8Array;
}

/** BAR of the virtio regions and of the MSI-X table in QEMU's virtio-pci (modern_mem_bar_idx, msix_bar_idx). */
export const FAKE_MODERN_BAR = 4;
/** BAR of the MSI-X table and PBA. */
export const FAKE_MSIX_BAR = 1;
/** Region offsets in BAR 4 (QEMU: common 0, isr 0x1000, device 0x2000, notify 0x3000). */
export const FAKE_REGIONS = { common: 0x0, isr: 0x1000, device: 0x2000, notify: 0x3000 } as const;
/** notify_off_multiplier (QEMU: 4 unless page-per-vq). */
export const FAKE_NOTIFY_MULT = 4;

const MSIX_CAP = 0x98;

/** Per-queue registers of the common config. */
interface FakeQueue {
  max: number;
  size: number;
  vector: number;
  enable: number;
  desc: bigint;
  avail: bigint;
  used: bigint;
}

/** The recording fake (see the file comment). */
export class FakeVirtioPci implements PciFunctionAccess {
  readonly log: FakeAccess[] = [];
  readonly cfg = new Uint8Array(256);
  readonly queues: FakeQueue[];
  status = 0;
  configVector = VIRTIO_MSI_NO_VECTOR;
  driverFeatures = 0n;
  isr = 0;
  private dfselect = 0;
  private gfselect = 0;
  private qsel = 0;
  private readonly limit: number;

  constructor(readonly opts: FakeVirtioPciOptions) {
    this.limit = opts.vectorLimit ?? opts.msixTableSize;
    this.queues = opts.queueSizes.map((max) => ({ max, size: max, vector: VIRTIO_MSI_NO_VECTOR, enable: 0, desc: 0n, avail: 0n, used: 0n }));
    const c = new DataView(this.cfg.buffer);
    c.setUint16(PCI_VENDOR_ID, PCI_VENDOR_ID_REDHAT_QUMRANET, true);
    c.setUint16(PCI_DEVICE_ID, opts.deviceId, true);
    c.setUint16(PCI_STATUS, PCI_STATUS_CAP_LIST, true);
    c.setUint16(PCI_SUBSYSTEM_VENDOR_ID, PCI_VENDOR_ID_REDHAT_QUMRANET, true);
    c.setUint16(PCI_SUBSYSTEM_ID, opts.deviceId - 0x1040, true);
    c.setUint8(PCI_INTERRUPT_PIN, opts.intxPin ?? 1);
    c.setUint8(PCI_INTERRUPT_LINE, opts.intxPin === 0 ? 0xff : 11);
    // QEMU's pci_add_capability puts each new capability at the head: the list reads MSI-X, pci-cfg, notify, device, isr, common.
    const vndr = (pos: number, next: number, type: number, len: number, offset: number, length: number) => {
      c.setUint8(pos, PCI_CAP_ID_VNDR);
      c.setUint8(pos + 1, next);
      c.setUint8(pos + VIRTIO_PCI_CAP_LEN, len);
      c.setUint8(pos + VIRTIO_PCI_CAP_CFG_TYPE, type);
      c.setUint8(pos + VIRTIO_PCI_CAP_BAR, type === VIRTIO_PCI_CAP_PCI_CFG ? 0 : FAKE_MODERN_BAR);
      c.setUint32(pos + VIRTIO_PCI_CAP_OFFSET, offset, true);
      c.setUint32(pos + VIRTIO_PCI_CAP_LENGTH, length, true);
    };
    vndr(0x40, 0x00, VIRTIO_PCI_CAP_COMMON_CFG, 16, FAKE_REGIONS.common, 0x1000);
    vndr(0x50, 0x40, VIRTIO_PCI_CAP_ISR_CFG, 16, FAKE_REGIONS.isr, 0x1000);
    vndr(0x60, 0x50, VIRTIO_PCI_CAP_DEVICE_CFG, 16, FAKE_REGIONS.device, 0x1000);
    vndr(0x70, 0x60, VIRTIO_PCI_CAP_NOTIFY_CFG, 20, FAKE_REGIONS.notify, 0x1000);
    c.setUint32(0x70 + VIRTIO_PCI_NOTIFY_CAP_MULT, FAKE_NOTIFY_MULT, true);
    vndr(0x84, 0x70, VIRTIO_PCI_CAP_PCI_CFG, 20, 0, 0);
    if (opts.msixTableSize > 0) {
      c.setUint8(MSIX_CAP, PCI_CAP_ID_MSIX);
      c.setUint8(MSIX_CAP + 1, 0x84);
      c.setUint16(MSIX_CAP + PCI_MSIX_FLAGS, opts.msixTableSize - 1, true);
      c.setUint32(MSIX_CAP + PCI_MSIX_TABLE, FAKE_MSIX_BAR, true);
      c.setUint32(MSIX_CAP + PCI_MSIX_PBA, 0x800 | FAKE_MSIX_BAR, true);
      c.setUint8(PCI_CAPABILITY_LIST, MSIX_CAP);
    } else {
      c.setUint8(PCI_CAPABILITY_LIST, 0x84);
    }
  }

  /** BAR sizes as the PCI core found them at enumeration (pci_resource_len). */
  barLen(bar: number): number {
    if (bar === FAKE_MODERN_BAR) return 0x4000;
    if (bar === FAKE_MSIX_BAR && this.opts.msixTableSize > 0) return 0x1000;
    return 0;
  }

  /** Whether the guest enabled MSI-X in the capability's Message Control. */
  get msixEnabled(): boolean {
    return this.opts.msixTableSize > 0 && (this.cfgWord(MSIX_CAP + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_ENABLE) !== 0;
  }

  /** Latch ISR bits, as the device does before raising INTx (bit 0: a queue, bit 1: config change). */
  raiseIsr(bits: number): void {
    this.isr |= bits;
  }

  private cfgWord(off: number): number {
    return (this.cfg[off] ?? 0) | ((this.cfg[off + 1] ?? 0) << 8);
  }

  *configRead(_ctx: ActorContext, off: number, size: AccessSize): Gen<number> {
    let v = 0;
    for (let i = 0; i < size; i++) v |= (this.cfg[off + i] ?? 0xff) << (8 * i);
    v >>>= 0;
    this.log.push({ op: 'cfg-read', bar: null, off, size, value: v });
    return v;
  }

  *configWrite(_ctx: ActorContext, off: number, value: number, size: AccessSize): Gen<void> {
    this.log.push({ op: 'cfg-write', bar: null, off, size, value });
    // Only the writable bits the probe uses: the command register and MSI-X Enable / Function Mask.
    if (off === PCI_COMMAND && size >= 2) {
      this.cfg[off] = value & 0xff;
      this.cfg[off + 1] = (value >> 8) & 0x07;
    }
    if (this.opts.msixTableSize > 0 && off === MSIX_CAP + PCI_MSIX_FLAGS && size === 2) {
      const ro = this.cfgWord(off) & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
      const w = ro | (value & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
      this.cfg[off] = w & 0xff;
      this.cfg[off + 1] = w >> 8;
    }
  }

  *barRead(_ctx: ActorContext, bar: number, off: number, size: AccessSize): Gen<number> {
    const v = (this.read(bar, off) & (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1)) >>> 0;
    this.log.push({ op: 'bar-read', bar, off, size, value: v });
    return v;
  }

  *barWrite(_ctx: ActorContext, bar: number, off: number, value: number, size: AccessSize): Gen<void> {
    this.log.push({ op: 'bar-write', bar, off, size, value });
    if (bar === FAKE_MODERN_BAR && off < FAKE_REGIONS.isr) this.writeCommon(off, value);
  }

  private read(bar: number, off: number): number {
    if (bar !== FAKE_MODERN_BAR) return 0;
    if (off === FAKE_REGIONS.isr) {
      // Reading the ISR clears it (virtio 1.x §4.1.4.5).
      const v = this.isr;
      this.isr = 0;
      return v;
    }
    if (off >= FAKE_REGIONS.device && off < FAKE_REGIONS.notify) {
      const c = this.opts.deviceConfig ?? new Uint8Array(0);
      const i = off - FAKE_REGIONS.device;
      return (c[i] ?? 0) | ((c[i + 1] ?? 0) << 8) | ((c[i + 2] ?? 0) << 16) | ((c[i + 3] ?? 0) << 24);
    }
    if (off >= FAKE_REGIONS.isr) return 0;
    const q = this.queues[this.qsel];
    const lo = (x: bigint) => Number(x & 0xffffffffn);
    const hi = (x: bigint) => Number(x >> 32n);
    switch (off) {
      case VIRTIO_PCI_COMMON_DFSELECT: return this.dfselect;
      case VIRTIO_PCI_COMMON_DF: return this.dfselect > 1 ? 0 : Number((this.opts.deviceFeatures >> BigInt(32 * this.dfselect)) & 0xffffffffn);
      case VIRTIO_PCI_COMMON_GFSELECT: return this.gfselect;
      case VIRTIO_PCI_COMMON_GF: return this.gfselect > 1 ? 0 : Number((this.driverFeatures >> BigInt(32 * this.gfselect)) & 0xffffffffn);
      case VIRTIO_PCI_COMMON_MSIX: return this.configVector;
      case VIRTIO_PCI_COMMON_NUMQ: return this.queues.length;
      case VIRTIO_PCI_COMMON_STATUS: return this.status;
      case VIRTIO_PCI_COMMON_CFGGENERATION: return 0;
      case VIRTIO_PCI_COMMON_Q_SELECT: return this.qsel;
      case VIRTIO_PCI_COMMON_Q_SIZE: return q ? q.size : 0;
      case VIRTIO_PCI_COMMON_Q_MSIX: return q ? q.vector : VIRTIO_MSI_NO_VECTOR;
      case VIRTIO_PCI_COMMON_Q_ENABLE: return q ? q.enable : 0;
      case VIRTIO_PCI_COMMON_Q_NOFF: return q ? this.qsel : 0;
      case VIRTIO_PCI_COMMON_Q_DESCLO: return q ? lo(q.desc) : 0;
      case VIRTIO_PCI_COMMON_Q_DESCHI: return q ? hi(q.desc) : 0;
      case VIRTIO_PCI_COMMON_Q_AVAILLO: return q ? lo(q.avail) : 0;
      case VIRTIO_PCI_COMMON_Q_AVAILHI: return q ? hi(q.avail) : 0;
      case VIRTIO_PCI_COMMON_Q_USEDLO: return q ? lo(q.used) : 0;
      case VIRTIO_PCI_COMMON_Q_USEDHI: return q ? hi(q.used) : 0;
      default: return 0;
    }
  }

  private accepts(v: number): number {
    return v < this.limit ? v : VIRTIO_MSI_NO_VECTOR;
  }

  private writeCommon(off: number, value: number): void {
    const q = this.queues[this.qsel];
    const setLo = (x: bigint) => (x & ~0xffffffffn) | BigInt(value >>> 0);
    const setHi = (x: bigint) => (x & 0xffffffffn) | (BigInt(value >>> 0) << 32n);
    switch (off) {
      case VIRTIO_PCI_COMMON_DFSELECT: this.dfselect = value; return;
      case VIRTIO_PCI_COMMON_GFSELECT: this.gfselect = value; return;
      case VIRTIO_PCI_COMMON_GF:
        if (this.gfselect === 0) this.driverFeatures = (this.driverFeatures & ~0xffffffffn) | BigInt(value >>> 0);
        else if (this.gfselect === 1) this.driverFeatures = (this.driverFeatures & 0xffffffffn) | (BigInt(value >>> 0) << 32n);
        return;
      case VIRTIO_PCI_COMMON_MSIX: this.configVector = value === VIRTIO_MSI_NO_VECTOR ? value : this.accepts(value); return;
      case VIRTIO_PCI_COMMON_STATUS: {
        if (value === 0) return this.reset();
        let s = value & 0xff;
        if (s & VIRTIO_CONFIG_S_FEATURES_OK && !(this.status & VIRTIO_CONFIG_S_FEATURES_OK)) {
          const ok = (this.driverFeatures & ~this.opts.deviceFeatures) === 0n && (this.opts.acceptFeatures?.(this.driverFeatures) ?? true);
          if (!ok) s &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        }
        this.status = s;
        return;
      }
      case VIRTIO_PCI_COMMON_Q_SELECT: this.qsel = value; return;
    }
    if (!q) return;
    switch (off) {
      case VIRTIO_PCI_COMMON_Q_SIZE: q.size = value; return;
      case VIRTIO_PCI_COMMON_Q_MSIX: q.vector = value === VIRTIO_MSI_NO_VECTOR ? value : this.accepts(value); return;
      case VIRTIO_PCI_COMMON_Q_ENABLE: q.enable = value & 1; return;
      case VIRTIO_PCI_COMMON_Q_DESCLO: q.desc = setLo(q.desc); return;
      case VIRTIO_PCI_COMMON_Q_DESCHI: q.desc = setHi(q.desc); return;
      case VIRTIO_PCI_COMMON_Q_AVAILLO: q.avail = setLo(q.avail); return;
      case VIRTIO_PCI_COMMON_Q_AVAILHI: q.avail = setHi(q.avail); return;
      case VIRTIO_PCI_COMMON_Q_USEDLO: q.used = setLo(q.used); return;
      case VIRTIO_PCI_COMMON_Q_USEDHI: q.used = setHi(q.used); return;
    }
  }

  private reset(): void {
    this.status = 0;
    this.configVector = VIRTIO_MSI_NO_VECTOR;
    this.driverFeatures = 0n;
    this.isr = 0;
    for (const q of this.queues) Object.assign(q, { size: q.max, vector: VIRTIO_MSI_NO_VECTOR, enable: 0, desc: 0n, avail: 0n, used: 0n });
  }
}
