/**
 * QEMU 7.2's virtio-pci proxy (hw/virtio/virtio-pci.c) for one device: the
 * PCI function virtio_pci_realize + virtio_pci_device_plugged build, and the
 * registers behind its BARs — common config, ISR, device config and notify in
 * the 64-bit memory BAR 4, MSI-X in BAR 1 (only when vectors > 0), and the
 * legacy I/O BAR 0 of a transitional device.
 *
 * The VirtIODevice side it calls into (virtio_set_status, virtio_set_features,
 * virtio_queue_set_num, virtio_reset … in hw/virtio/virtio.c) is modelled
 * here too, as far as the transport reaches it; what the device type does on
 * a status change or a kick belongs to the scenario, through two hooks.
 *
 * Run-time state (status, ISR, feature windows, per-queue size / enable /
 * addresses / vector, msix_config, config generation) lives in the Arena.
 */
// The register handlers are generator methods whose real-function bodies run inside ctx.call(...);
// those bodies are nested generator functions, which take the proxy as `self`.
/* eslint-disable @typescript-eslint/no-this-alias */
import {
  PCI_BASE_ADDRESS_MEM_PREFETCH,
  PCI_BASE_ADDRESS_MEM_TYPE_64,
  PCI_BASE_ADDRESS_SPACE_IO,
  PCI_BASE_ADDRESS_SPACE_MEMORY,
  PCI_CAP_ID_VNDR,
  PCI_COMMAND,
  PCI_COMMAND_MASTER,
  PCI_SUBSYSTEM_ID,
} from '../abi/pci';
import {
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_MSI_CONFIG_VECTOR,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_MSI_QUEUE_VECTOR,
  VIRTIO_PCI_ABI_VERSION,
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
  VIRTIO_PCI_CAP_SIZEOF,
  VIRTIO_PCI_CFG_CAP_SIZEOF,
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
  VIRTIO_PCI_COMMON_Q_RESET,
  VIRTIO_PCI_COMMON_Q_SELECT,
  VIRTIO_PCI_COMMON_Q_SIZE,
  VIRTIO_PCI_COMMON_Q_USEDHI,
  VIRTIO_PCI_COMMON_Q_USEDLO,
  VIRTIO_PCI_COMMON_STATUS,
  VIRTIO_PCI_GUEST_FEATURES,
  VIRTIO_PCI_HOST_FEATURES,
  VIRTIO_PCI_ISR,
  VIRTIO_PCI_NOTIFY_CAP_MULT,
  VIRTIO_PCI_NOTIFY_CAP_SIZEOF,
  VIRTIO_PCI_QUEUE_ADDR_SHIFT,
  VIRTIO_PCI_QUEUE_NOTIFY,
  VIRTIO_PCI_QUEUE_NUM,
  VIRTIO_PCI_QUEUE_PFN,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
  VIRTIO_PCI_VRING_ALIGN,
  virtioPciConfigOff,
} from '../abi/virtio-pci';
import type { Arena } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import { msixArenaSize, msixEnabled, msixInitExclusiveBar, msixNotify, msixPresent, msixUnuseAllVectors, msixVectorUnuse, msixVectorUse } from './msix';
import type { AccessSize, PciFunctionAccess } from './pci-access';
import {
  PCI_DEVICE_ARENA_SIZE,
  PciDevice,
  pciAddCapability,
  pciBarRead,
  pciBarWrite,
  pciDefaultReadConfig,
  pciDefaultWriteConfig,
  pciIrqDeassert,
  pciRegisterBar,
  pciSetIrq,
  type PciMemoryRegion,
} from './pci-device';
import { VIRTIO_F_BAD_FEATURE, VIRTIO_QUEUE_MAX, type VirtioDeviceDesc } from './virtio-devices';
import { statusStateOf, statusWrite, virtioValidateFeatures } from './virtio-status';

/** The BARs virtio_pci_realize assigns ("virtio pci bar layout used by default"). */
export const VIRTIO_PCI_LEGACY_IO_BAR = 0;
export const VIRTIO_PCI_MSIX_BAR = 1;
export const VIRTIO_PCI_MODERN_MEM_BAR = 4;
/** Region offsets and sizes inside the modern BAR (virtio_pci_realize). */
export const VIRTIO_PCI_COMMON_OFFSET = 0x0;
export const VIRTIO_PCI_ISR_OFFSET = 0x1000;
export const VIRTIO_PCI_DEVICE_OFFSET = 0x2000;
export const VIRTIO_PCI_NOTIFY_OFFSET = 0x3000;
export const VIRTIO_PCI_REGION_SIZE = 0x1000;
/** virtio_pci_queue_mem_mult without page-per-vq: each queue's doorbell is 4 bytes apart. */
export const VIRTIO_PCI_QUEUE_MEM_MULT = 4;
/** The notify region: mult × VIRTIO_QUEUE_MAX. */
export const VIRTIO_PCI_NOTIFY_SIZE = VIRTIO_PCI_QUEUE_MEM_MULT * VIRTIO_QUEUE_MAX;
/** The modern BAR: pow2ceil(notify.offset + notify.size) = 16 KiB. */
export const VIRTIO_PCI_MODERN_BAR_SIZE = 0x4000;

/** What the scenario supplies: the device type's reaction to a status change and to a kick. */
export interface VirtioPciHooks {
  /** k->set_status (virtio_net_set_status → virtio_net_vhost_status → vhost_net_start …), called before vdev->status takes the new byte. */
  onStatus?: (ctx: ActorContext, old: number, next: number) => Gen<void>;
  /** The queue's handle_output, reached from virtio_queue_notify when no host notifier (ioeventfd) took the write. */
  onQueueNotify?: (ctx: ActorContext, queue: number) => Gen<void>;
  /** k->set_features (virtio_net_set_features → … → peer_attach), called by virtio_set_features with the features it kept. */
  onFeatures?: (ctx: ActorContext, features: bigint) => Gen<void>;
}

/** Build options. */
export interface VirtioPciOptions {
  /** Transitional (legacy I/O BAR 0 + transitional ids): disable-legacy=auto on a conventional PCI bus. Default true. */
  transitional?: boolean;
  hooks?: VirtioPciHooks;
  /** Initial device-specific config bytes (e.g. the MAC); zero-filled to configLen. */
  deviceConfig?: Uint8Array;
}

/** The common-config field at each offset, by its name in struct virtio_pci_common_cfg. */
export const COMMON_CFG_REGS: Readonly<Record<number, string>> = {
  [VIRTIO_PCI_COMMON_DFSELECT]: 'device_feature_select',
  [VIRTIO_PCI_COMMON_DF]: 'device_feature',
  [VIRTIO_PCI_COMMON_GFSELECT]: 'driver_feature_select',
  [VIRTIO_PCI_COMMON_GF]: 'driver_feature',
  [VIRTIO_PCI_COMMON_MSIX]: 'config_msix_vector',
  [VIRTIO_PCI_COMMON_NUMQ]: 'num_queues',
  [VIRTIO_PCI_COMMON_STATUS]: 'device_status',
  [VIRTIO_PCI_COMMON_CFGGENERATION]: 'config_generation',
  [VIRTIO_PCI_COMMON_Q_SELECT]: 'queue_select',
  [VIRTIO_PCI_COMMON_Q_SIZE]: 'queue_size',
  [VIRTIO_PCI_COMMON_Q_MSIX]: 'queue_msix_vector',
  [VIRTIO_PCI_COMMON_Q_ENABLE]: 'queue_enable',
  [VIRTIO_PCI_COMMON_Q_NOFF]: 'queue_notify_off',
  [VIRTIO_PCI_COMMON_Q_DESCLO]: 'queue_desc_lo',
  [VIRTIO_PCI_COMMON_Q_DESCHI]: 'queue_desc_hi',
  [VIRTIO_PCI_COMMON_Q_AVAILLO]: 'queue_driver_lo',
  [VIRTIO_PCI_COMMON_Q_AVAILHI]: 'queue_driver_hi',
  [VIRTIO_PCI_COMMON_Q_USEDLO]: 'queue_device_lo',
  [VIRTIO_PCI_COMMON_Q_USEDHI]: 'queue_device_hi',
  [VIRTIO_PCI_COMMON_Q_RESET]: 'queue_reset',
};

const LEGACY_REGS: Readonly<Record<number, string>> = {
  [VIRTIO_PCI_HOST_FEATURES]: 'VIRTIO_PCI_HOST_FEATURES',
  [VIRTIO_PCI_GUEST_FEATURES]: 'VIRTIO_PCI_GUEST_FEATURES',
  [VIRTIO_PCI_QUEUE_PFN]: 'VIRTIO_PCI_QUEUE_PFN',
  [VIRTIO_PCI_QUEUE_NUM]: 'VIRTIO_PCI_QUEUE_NUM',
  [VIRTIO_PCI_QUEUE_SEL]: 'VIRTIO_PCI_QUEUE_SEL',
  [VIRTIO_PCI_QUEUE_NOTIFY]: 'VIRTIO_PCI_QUEUE_NOTIFY',
  [VIRTIO_PCI_STATUS]: 'VIRTIO_PCI_STATUS',
  [VIRTIO_PCI_ISR]: 'VIRTIO_PCI_ISR',
  [VIRTIO_MSI_CONFIG_VECTOR]: 'VIRTIO_MSI_CONFIG_VECTOR',
  [VIRTIO_MSI_QUEUE_VECTOR]: 'VIRTIO_MSI_QUEUE_VECTOR',
};

// Arena layout of the proxy + VirtIODevice state (after the PCI function and the MSI-X table).
const S_STATUS = 0; // u8 vdev->status
const S_ISR = 1; // u8 vdev->isr
const S_BROKEN = 2; // u8 vdev->broken
const S_DISABLED = 3; // u8 vdev->disabled (bus master off)
const S_DFSEL = 4; // u32 proxy->dfselect
const S_GFSEL = 8; // u32 proxy->gfselect
const S_GF0 = 12; // u32 proxy->guest_features[0]
const S_GF1 = 16; // u32 proxy->guest_features[1]
const S_GUEST_LO = 20; // u32 vdev->guest_features (masked by host_features)
const S_GUEST_HI = 24;
const S_CFGVEC = 28; // u16 vdev->config_vector
const S_QSEL = 30; // u16 vdev->queue_sel
const S_GEN = 32; // u8 vdev->generation
const HDR = 40;
// One record per device queue: vdev->vq[n] and proxy->vqs[n].
const Q_NUM = 0; // u16 vring.num
const Q_VEC = 2; // u16 vector
const Q_EN = 4; // u8 proxy enabled
const Q_RST = 5; // u8 proxy reset
const Q_PNUM = 6; // u16 proxy num
const Q_PDESC = 8; // u32[2] proxy desc lo/hi
const Q_PAVAIL = 16;
const Q_PUSED = 24;
const Q_VDESC = 32; // u64 vring.desc
const Q_VAVAIL = 40;
const Q_VUSED = 48;
const QREC = 56;

const pow2ceil = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(n, 1)));
const mask = (size: number): number => (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1);
const align8 = (n: number): number => (n + 7) & ~7;

/** The Arena bytes a proxy for `desc` needs (PCI function, MSI-X table/PBA, registers, device config). */
export function virtioPciArenaSize(desc: VirtioDeviceDesc): number {
  return PCI_DEVICE_ARENA_SIZE + (desc.vectors ? align8(msixArenaSize(desc.vectors)) : 0) + HDR + desc.queues.length * QREC + align8(desc.configLen);
}

/**
 * One virtio-pci function (VirtIOPCIProxy + its VirtIODevice's transport state).
 * Construct at realize time; every guest access goes through PciFunctionAccess.
 */
export class VirtioPciProxy implements PciFunctionAccess {
  readonly dev: PciDevice;
  /** proxy->nvectors: the MSI-X table size (0: no MSI-X capability). */
  readonly nvectors: number;
  readonly transitional: boolean;
  /** Offsets of the capabilities in the order virtio_pci_device_plugged added them (cfgType → offset; PCI_CFG as 5, MSI-X as 0x11). */
  readonly caps: { kind: string; offset: number }[] = [];
  /** proxy->config_cap: where the VIRTIO_PCI_CAP_PCI_CFG window lives. */
  readonly configCap: number;
  private readonly st: number;
  private readonly cfgAt: number;
  private readonly hooks: VirtioPciHooks;

  constructor(
    readonly arena: Arena,
    at: number,
    readonly desc: VirtioDeviceDesc,
    opts: VirtioPciOptions = {},
  ) {
    this.transitional = opts.transitional ?? true;
    this.hooks = opts.hooks ?? {};
    // virtio_pci_device_plugged: transitional ids (class_init) or 0x1040 + id with revision 1 for a modern-only device.
    this.dev = new PciDevice(arena, at, {
      name: desc.qdevName,
      vendorId: desc.vendorId,
      deviceId: this.transitional ? desc.transitionalDeviceId : desc.modernDeviceId,
      revision: this.transitional ? VIRTIO_PCI_ABI_VERSION : 1,
      classId: desc.classCode,
      interruptPin: 1,
    });
    if (this.transitional) this.dev.setCfg16(PCI_SUBSYSTEM_ID, desc.virtioId);
    let next = at + PCI_DEVICE_ARENA_SIZE;
    const msixAt = next;
    if (desc.vectors) next += align8(msixArenaSize(desc.vectors));
    this.st = next;
    this.cfgAt = next + HDR + desc.queues.length * QREC;
    arena.fill(this.st, this.cfgAt + align8(desc.configLen) - this.st, 0);
    if (opts.deviceConfig) arena.writeBytes(this.cfgAt, opts.deviceConfig.slice(0, desc.configLen));

    // Modern capabilities: common, ISR, device, notify (all in BAR 4), then PCI_CFG.
    const vcap = (kind: string, cfgType: number, off: number, len: number, capLen = VIRTIO_PCI_CAP_SIZEOF): number => {
      const o = pciAddCapability(this.dev, PCI_CAP_ID_VNDR, 0, capLen);
      this.dev.setCfg8(o + VIRTIO_PCI_CAP_LEN, capLen);
      this.dev.setCfg8(o + VIRTIO_PCI_CAP_CFG_TYPE, cfgType);
      this.dev.setCfg8(o + VIRTIO_PCI_CAP_BAR, cfgType === VIRTIO_PCI_CAP_PCI_CFG ? 0 : VIRTIO_PCI_MODERN_MEM_BAR);
      this.dev.setCfg32(o + VIRTIO_PCI_CAP_OFFSET, off);
      this.dev.setCfg32(o + VIRTIO_PCI_CAP_LENGTH, len);
      this.caps.push({ kind, offset: o });
      return o;
    };
    vcap('common', VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_COMMON_OFFSET, VIRTIO_PCI_REGION_SIZE);
    vcap('isr', VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_ISR_OFFSET, VIRTIO_PCI_REGION_SIZE);
    vcap('device', VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_DEVICE_OFFSET, VIRTIO_PCI_REGION_SIZE);
    const notify = vcap('notify', VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_PCI_NOTIFY_OFFSET, VIRTIO_PCI_NOTIFY_SIZE, VIRTIO_PCI_NOTIFY_CAP_SIZEOF);
    this.dev.setCfg32(notify + VIRTIO_PCI_NOTIFY_CAP_MULT, VIRTIO_PCI_QUEUE_MEM_MULT);
    pciRegisterBar(this.dev, VIRTIO_PCI_MODERN_MEM_BAR, PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_PREFETCH | PCI_BASE_ADDRESS_MEM_TYPE_64, this.modernBar());
    this.configCap = vcap('pci-cfg', VIRTIO_PCI_CAP_PCI_CFG, 0, 0, VIRTIO_PCI_CFG_CAP_SIZEOF);
    // The PCI_CFG window's bar, offset, length and data are guest-writable (cfg_mask in virtio_pci_device_plugged).
    this.dev.wmask[this.configCap + VIRTIO_PCI_CAP_BAR] = 0xff;
    this.dev.wmask.fill(0xff, this.configCap + VIRTIO_PCI_CAP_OFFSET, this.configCap + VIRTIO_PCI_CFG_CAP_SIZEOF);

    // MSI-X only when nvectors is non-zero; a failed init leaves nvectors 0.
    let nvectors = desc.vectors;
    if (nvectors) {
      if (msixInitExclusiveBar(this.dev, msixAt, nvectors, VIRTIO_PCI_MSIX_BAR) !== 0) nvectors = 0;
      else this.caps.push({ kind: 'msix', offset: this.dev.msix!.cap });
    }
    this.nvectors = nvectors;

    // Legacy I/O BAR: VIRTIO_PCI_REGION_SIZE(msix_present) + config_len, rounded to a power of two.
    if (this.transitional) {
      const size = pow2ceil(virtioPciConfigOff(msixPresent(this.dev)) + desc.configLen);
      pciRegisterBar(this.dev, VIRTIO_PCI_LEGACY_IO_BAR, PCI_BASE_ADDRESS_SPACE_IO, {
        name: 'virtio-pci',
        size,
        ops: { read: (ctx, off, sz) => this.legacyRead(ctx, off, sz), write: (ctx, off, v, sz) => this.legacyWrite(ctx, off, v, sz) },
      });
    }
    // Initial VirtIODevice state (virtio_init / virtio_reset at machine reset).
    this.arena.w16(this.st + S_CFGVEC, VIRTIO_MSI_NO_VECTOR);
    for (let q = 0; q < desc.queues.length; q++) {
      this.arena.w16(this.q(q) + Q_NUM, desc.queues[q]!.size);
      this.arena.w16(this.q(q) + Q_VEC, VIRTIO_MSI_NO_VECTOR);
    }
  }

  /** The modern BAR: a 16 KiB container with the four 4 KiB regions (virtio_pci_modern_regions_init: impl 1..4, no unaligned). */
  private modernBar(): PciMemoryRegion {
    const n = this.desc.vdevName;
    const region = (name: string, size: number, ops: NonNullable<PciMemoryRegion['ops']>): PciMemoryRegion => ({ name, size, ops });
    return {
      name: 'virtio-pci',
      size: VIRTIO_PCI_MODERN_BAR_SIZE,
      subregions: [
        { offset: VIRTIO_PCI_COMMON_OFFSET, region: region(`virtio-pci-common-${n}`, VIRTIO_PCI_REGION_SIZE, { read: (c, o, s) => this.commonRead(c, o, s), write: (c, o, v, s) => this.commonWrite(c, o, v, s) }) },
        { offset: VIRTIO_PCI_ISR_OFFSET, region: region(`virtio-pci-isr-${n}`, VIRTIO_PCI_REGION_SIZE, { read: (c) => this.isrRead(c, false), write: function* () {} }) },
        { offset: VIRTIO_PCI_DEVICE_OFFSET, region: region(`virtio-pci-device-${n}`, VIRTIO_PCI_REGION_SIZE, { read: (c, o, s) => this.deviceRead(c, o, s), write: (c, o, v, s) => this.deviceWrite(c, o, v, s) }) },
        { offset: VIRTIO_PCI_NOTIFY_OFFSET, region: region(`virtio-pci-notify-${n}`, VIRTIO_PCI_NOTIFY_SIZE, { read: function* () { return 0; }, write: (c, o) => this.notifyWrite(c, o) }) },
      ],
    };
  }

  // ---- state accessors ----

  private q(n: number): number {
    return this.st + HDR + n * QREC;
  }
  /** vdev->status. */
  get status(): number {
    return this.arena.r8(this.st + S_STATUS);
  }
  /** vdev->isr. */
  get isr(): number {
    return this.arena.r8(this.st + S_ISR);
  }
  /** vdev->broken. */
  get broken(): boolean {
    return this.arena.r8(this.st + S_BROKEN) !== 0;
  }
  /** vdev->guest_features (the acked subset of host_features). */
  get guestFeatures(): bigint {
    return BigInt(this.arena.r32(this.st + S_GUEST_LO)) | (BigInt(this.arena.r32(this.st + S_GUEST_HI)) << 32n);
  }
  /** vdev->config_vector. */
  get configVector(): number {
    return this.arena.r16(this.st + S_CFGVEC);
  }
  /** vdev->queue_sel. */
  get queueSel(): number {
    return this.arena.r16(this.st + S_QSEL);
  }
  /** vdev->generation. */
  get generation(): number {
    return this.arena.r8(this.st + S_GEN);
  }
  /** One queue's transport state, as virtio_queue_get_num / virtio_queue_vector / the vring addresses give it. */
  queue(n: number): { num: number; vector: number; enabled: boolean; desc: number; avail: number; used: number } {
    if (n < 0 || n >= this.desc.queues.length) return { num: 0, vector: VIRTIO_MSI_NO_VECTOR, enabled: false, desc: 0, avail: 0, used: 0 };
    const b = this.q(n);
    const a = this.arena;
    return { num: a.r16(b + Q_NUM), vector: a.r16(b + Q_VEC), enabled: a.r8(b + Q_EN) !== 0, desc: a.r64(b + Q_VDESC), avail: a.r64(b + Q_VAVAIL), used: a.r64(b + Q_VUSED) };
  }
  /** The guest-physical address of queue q's doorbell: BAR 4 + 0x3000 + q × notify_off_multiplier (queue_notify_off = q). */
  notifyOffset(queue: number): number {
    return VIRTIO_PCI_NOTIFY_OFFSET + queue * VIRTIO_PCI_QUEUE_MEM_MULT;
  }
  private exists(n: number): boolean {
    return n < this.desc.queues.length;
  }

  // ---- PciFunctionAccess ----

  /** virtio_read_config: the PCI_CFG window first fetches pci_cfg_data from the BAR, then pci_default_read_config. */
  *configRead(ctx: ActorContext, off: number, size: AccessSize): Gen<number> {
    const data = this.configCap + VIRTIO_PCI_CAP_SIZEOF;
    if (off < data + 4 && off + size > data) yield* this.cfgWindow(ctx, false);
    return yield* pciDefaultReadConfig(ctx, this.dev, off, size);
  }

  /**
   * virtio_write_config: pci_default_write_config; clearing Bus Master in
   * COMMAND disables the device and drops DRIVER_OK; a write to pci_cfg_data
   * goes to the BAR through the PCI_CFG window.
   */
  *configWrite(ctx: ActorContext, off: number, value: number, size: AccessSize): Gen<void> {
    yield* pciDefaultWriteConfig(ctx, this.dev, off, value, size);
    if (off <= PCI_COMMAND && off + size > PCI_COMMAND) {
      if (!(this.dev.cfg16(PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        this.arena.w8(this.st + S_DISABLED, 1);
        const old = this.status;
        // QEMU calls virtio_set_status(status & ~DRIVER_OK) on every such write; with DRIVER_OK already clear it changes nothing, so the beat is left out.
        if (old & VIRTIO_CONFIG_S_DRIVER_OK) yield* this.setStatus(ctx, old & ~VIRTIO_CONFIG_S_DRIVER_OK);
      } else this.arena.w8(this.st + S_DISABLED, 0);
    }
    const data = this.configCap + VIRTIO_PCI_CAP_SIZEOF;
    if (off < data + 4 && off + size > data) yield* this.cfgWindow(ctx, true);
  }

  /** virtio_address_space_read / _write: the cap's offset and length select a modern region (QEMU 7.2 ignores the cap's bar field). */
  private *cfgWindow(ctx: ActorContext, write: boolean): Gen<void> {
    const off = this.dev.cfg32(this.configCap + VIRTIO_PCI_CAP_OFFSET);
    const len = this.dev.cfg32(this.configCap + VIRTIO_PCI_CAP_LENGTH);
    if (len !== 1 && len !== 2 && len !== 4) return;
    if (off + len > VIRTIO_PCI_NOTIFY_OFFSET + VIRTIO_PCI_NOTIFY_SIZE) return;
    const data = this.configCap + VIRTIO_PCI_CAP_SIZEOF;
    if (write) {
      const v = this.dev.cfg32(data) & mask(len);
      yield* pciBarWrite(ctx, this.dev, VIRTIO_PCI_MODERN_MEM_BAR, off, v, len);
    } else {
      const v = yield* pciBarRead(ctx, this.dev, VIRTIO_PCI_MODERN_MEM_BAR, off, len);
      if (len === 1) this.dev.setCfg8(data, v);
      else if (len === 2) this.dev.setCfg16(data, v);
      else this.dev.setCfg32(data, v);
    }
  }

  /** A BAR read through the memory core (size/alignment checks, unassigned space reads 0). */
  barRead(ctx: ActorContext, bar: number, off: number, size: AccessSize): Gen<number> {
    return pciBarRead(ctx, this.dev, bar, off, size);
  }
  /** A BAR write through the memory core (invalid accesses dropped). */
  barWrite(ctx: ActorContext, bar: number, off: number, value: number, size: AccessSize): Gen<void> {
    return pciBarWrite(ctx, this.dev, bar, off, value, size);
  }

  // ---- common config ----

  /** The value virtio_pci_common_read returns for `addr` (0 for holes), before the memory core masks it to the access size. */
  private commonValue(addr: number): number {
    const a = this.arena;
    const sel = this.queueSel;
    const qb = this.exists(sel) ? this.q(sel) : -1;
    const pq = (f: number, w: 2 | 4 | 1): number => (qb < 0 ? 0 : w === 1 ? a.r8(qb + f) : w === 2 ? a.r16(qb + f) : a.r32(qb + f));
    switch (addr) {
      case VIRTIO_PCI_COMMON_DFSELECT:
        return a.r32(this.st + S_DFSEL);
      case VIRTIO_PCI_COMMON_DF: {
        // host_features & ~legacy_features (BAD_FEATURE, NOTIFY_ON_EMPTY, ANY_LAYOUT, net's GSO hidden), window 0 or 1; higher windows read 0.
        const sel32 = a.r32(this.st + S_DFSEL);
        if (sel32 > 1) return 0;
        const f = this.desc.hostFeatures & ~this.desc.legacyFeatures;
        return Number((f >> BigInt(32 * sel32)) & 0xffffffffn);
      }
      case VIRTIO_PCI_COMMON_GFSELECT:
        return a.r32(this.st + S_GFSEL);
      case VIRTIO_PCI_COMMON_GF: {
        const g = a.r32(this.st + S_GFSEL);
        return g === 0 ? a.r32(this.st + S_GF0) : g === 1 ? a.r32(this.st + S_GF1) : 0;
      }
      case VIRTIO_PCI_COMMON_MSIX:
        return this.configVector;
      case VIRTIO_PCI_COMMON_NUMQ: {
        let n = 0;
        for (let i = 0; i < this.desc.queues.length; i++) if (a.r16(this.q(i) + Q_NUM)) n = i + 1;
        return n;
      }
      case VIRTIO_PCI_COMMON_STATUS:
        return this.status;
      case VIRTIO_PCI_COMMON_CFGGENERATION:
        return this.generation;
      case VIRTIO_PCI_COMMON_Q_SELECT:
        return sel;
      case VIRTIO_PCI_COMMON_Q_SIZE:
        return pq(Q_NUM, 2);
      case VIRTIO_PCI_COMMON_Q_MSIX:
        return qb < 0 ? VIRTIO_MSI_NO_VECTOR : pq(Q_VEC, 2);
      case VIRTIO_PCI_COMMON_Q_ENABLE:
        return pq(Q_EN, 1);
      case VIRTIO_PCI_COMMON_Q_NOFF:
        return sel; // "Simply map queues in order"
      case VIRTIO_PCI_COMMON_Q_DESCLO:
        return pq(Q_PDESC, 4);
      case VIRTIO_PCI_COMMON_Q_DESCHI:
        return pq(Q_PDESC + 4, 4);
      case VIRTIO_PCI_COMMON_Q_AVAILLO:
        return pq(Q_PAVAIL, 4);
      case VIRTIO_PCI_COMMON_Q_AVAILHI:
        return pq(Q_PAVAIL + 4, 4);
      case VIRTIO_PCI_COMMON_Q_USEDLO:
        return pq(Q_PUSED, 4);
      case VIRTIO_PCI_COMMON_Q_USEDHI:
        return pq(Q_PUSED + 4, 4);
      case VIRTIO_PCI_COMMON_Q_RESET:
        return pq(Q_RST, 1);
      default:
        return 0;
    }
  }

  /** virtio_pci_common_read: the switch is on the exact offset; the memory core keeps the low `size` bytes. */
  *commonRead(ctx: ActorContext, addr: number, size: AccessSize): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'virtio_pci_common_read',
      (function* () {
        const value = (self.commonValue(addr) & mask(size)) >>> 0;
        if (ctx.tracing) yield ctx.ev('virtio_pci_common_read', { dev: self.desc.qdevName, reg: COMMON_CFG_REGS[addr] ?? '', off: addr, size, value, queue: self.queueSel });
        return value;
      })(),
    );
  }

  /** virtio_pci_common_write. */
  *commonWrite(ctx: ActorContext, addr: number, value: number, size: AccessSize): Gen<void> {
    const self = this;
    const a = this.arena;
    const val = (value & mask(size)) >>> 0;
    yield* ctx.call(
      'virtio_pci_common_write',
      (function* () {
        const sel = self.queueSel;
        const qb = self.exists(sel) ? self.q(sel) : -1;
        let note: string | null = null;
        const ev = function* (): Gen<void> {
          if (ctx.tracing) yield ctx.ev('virtio_pci_common_write', { dev: self.desc.qdevName, reg: COMMON_CFG_REGS[addr] ?? '', off: addr, size, value: val, queue: sel, note });
        };
        switch (addr) {
          case VIRTIO_PCI_COMMON_DFSELECT:
            a.w32(self.st + S_DFSEL, val);
            break;
          case VIRTIO_PCI_COMMON_GFSELECT:
            a.w32(self.st + S_GFSEL, val);
            break;
          case VIRTIO_PCI_COMMON_GF: {
            const g = a.r32(self.st + S_GFSEL);
            if (g > 1) {
              note = `driver_feature_select ${g} > 1: ignored`;
              break;
            }
            a.w32(self.st + (g === 0 ? S_GF0 : S_GF1), val);
            yield* ev();
            const all = BigInt(a.r32(self.st + S_GF0)) | (BigInt(a.r32(self.st + S_GF1)) << 32n);
            yield* self.setFeatures(ctx, all);
            return;
          }
          case VIRTIO_PCI_COMMON_MSIX: {
            const old = self.configVector;
            yield* ev();
            if (old !== VIRTIO_MSI_NO_VECTOR) yield* msixVectorUnuse(ctx, self.dev, old);
            let v = val & 0xffff;
            if (val < self.nvectors) yield* msixVectorUse(ctx, self.dev, val);
            else v = VIRTIO_MSI_NO_VECTOR; // "Make it possible for guest to discover an error took place."
            a.w16(self.st + S_CFGVEC, v);
            return;
          }
          case VIRTIO_PCI_COMMON_STATUS:
            yield* ev();
            yield* self.statusRegWrite(ctx, val);
            return;
          case VIRTIO_PCI_COMMON_Q_SELECT:
            if (val < VIRTIO_QUEUE_MAX) a.w16(self.st + S_QSEL, val);
            else note = `queue_select ${val} ≥ VIRTIO_QUEUE_MAX: ignored`;
            break;
          case VIRTIO_PCI_COMMON_Q_SIZE:
            if (qb < 0) {
              note = 'no such queue: virtio_queue_set_num keeps it nonexistent';
              break;
            }
            a.w16(qb + Q_PNUM, val);
            yield* ev();
            yield* self.queueSetNum(ctx, sel, val & 0xffff);
            return;
          case VIRTIO_PCI_COMMON_Q_MSIX: {
            const old = qb < 0 ? VIRTIO_MSI_NO_VECTOR : a.r16(qb + Q_VEC);
            let v = val & 0xffff;
            if (val >= self.nvectors) {
              v = VIRTIO_MSI_NO_VECTOR;
              note = `vector ${val} ≥ nvectors ${self.nvectors}: reads back VIRTIO_MSI_NO_VECTOR`;
            }
            yield* ev();
            if (old !== VIRTIO_MSI_NO_VECTOR) yield* msixVectorUnuse(ctx, self.dev, old);
            if (v !== VIRTIO_MSI_NO_VECTOR) yield* msixVectorUse(ctx, self.dev, v);
            if (qb >= 0) yield* ctx.call('virtio_queue_set_vector', (function* () { a.w16(qb + Q_VEC, v); })());
            return;
          }
          case VIRTIO_PCI_COMMON_Q_ENABLE:
            if (val !== 1) {
              note = `wrong value for queue_enable ${val.toString(16)}: virtio_error`;
              yield* ev();
              yield* self.virtioError(ctx, `wrong value for queue_enable ${val.toString(16)}`);
              return;
            }
            yield* ev();
            if (qb < 0) return;
            yield* self.queueSetNum(ctx, sel, a.r16(qb + Q_PNUM));
            yield* ctx.call(
              'virtio_queue_set_rings',
              (function* () {
                if (!a.r16(qb + Q_NUM)) return;
                a.w64(qb + Q_VDESC, a.r64(qb + Q_PDESC));
                a.w64(qb + Q_VAVAIL, a.r64(qb + Q_PAVAIL));
                a.w64(qb + Q_VUSED, a.r64(qb + Q_PUSED));
              })(),
            );
            a.w8(qb + Q_EN, 1);
            a.w8(qb + Q_RST, 0);
            // virtio_queue_enable → k->queue_enable (virtio-net: restarts a reset vhost queue); nothing more for the transport.
            yield* ctx.call('virtio_queue_enable', (function* () {})());
            return;
          case VIRTIO_PCI_COMMON_Q_DESCLO:
          case VIRTIO_PCI_COMMON_Q_DESCHI:
          case VIRTIO_PCI_COMMON_Q_AVAILLO:
          case VIRTIO_PCI_COMMON_Q_AVAILHI:
          case VIRTIO_PCI_COMMON_Q_USEDLO:
          case VIRTIO_PCI_COMMON_Q_USEDHI:
            if (qb < 0) {
              note = 'no such queue: dropped (QEMU keeps it in proxy->vqs[sel], where nothing reads it back into a ring)';
              break;
            }
            a.w32(qb + Q_PDESC + (addr - VIRTIO_PCI_COMMON_Q_DESCLO), val);
            break;
          case VIRTIO_PCI_COMMON_Q_RESET:
            if (val === 1 && qb >= 0) {
              a.w8(qb + Q_RST, 1);
              self.queueReset(sel);
              a.w8(qb + Q_RST, 0);
              a.w8(qb + Q_EN, 0);
            }
            break;
          default:
            note = 'read-only or no register here: ignored';
            break;
        }
        yield* ev();
      })(),
    );
  }

  /** virtio_queue_set_num: a guest may not make a queue exist or vanish, nor exceed VIRTQUEUE_MAX_SIZE (1024 in QEMU). */
  private *queueSetNum(ctx: ActorContext, n: number, num: number): Gen<void> {
    const a = this.arena;
    const b = this.q(n);
    yield* ctx.call(
      'virtio_queue_set_num',
      (function* () {
        const cur = a.r16(b + Q_NUM);
        if (!!num !== !!cur || num > VIRTIO_QUEUE_MAX) return;
        a.w16(b + Q_NUM, num);
      })(),
    );
  }

  /** __virtio_queue_reset: addresses 0, vector none, size back to its default. */
  private queueReset(n: number): void {
    const b = this.q(n);
    this.arena.w64(b + Q_VDESC, 0);
    this.arena.w64(b + Q_VAVAIL, 0);
    this.arena.w64(b + Q_VUSED, 0);
    this.arena.w16(b + Q_VEC, VIRTIO_MSI_NO_VECTOR);
    this.arena.w16(b + Q_NUM, this.desc.queues[n]!.size);
  }

  /** virtio_set_features: refused once FEATURES_OK is set; else guest_features = val & host_features. */
  private *setFeatures(ctx: ActorContext, val: bigint): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'virtio_set_features',
      (function* () {
        if (self.status & 0x8) return -22; // -EINVAL: "must not attempt to set features after feature negotiation"
        const g = val & self.desc.hostFeatures;
        self.arena.w32(self.st + S_GUEST_LO, Number(g & 0xffffffffn));
        self.arena.w32(self.st + S_GUEST_HI, Number(g >> 32n));
        if (self.hooks.onFeatures) yield* self.hooks.onFeatures(ctx, g);
        return (val & ~self.desc.hostFeatures) !== 0n ? -1 : 0;
      })(),
    );
  }

  /**
   * The device_status register (modern offset 20, legacy port 18): stop
   * ioeventfd unless DRIVER_OK, virtio_set_status, start ioeventfd with
   * DRIVER_OK, and virtio_pci_reset when the byte ends up 0.
   */
  private *statusRegWrite(ctx: ActorContext, val: number): Gen<void> {
    yield* this.setStatus(ctx, val & 0xff);
    if (this.status === 0) yield* this.pciReset(ctx);
  }

  /** virtio_set_status with the rules of virtio-status.ts, then the scenario's k->set_status. */
  private *setStatus(ctx: ActorContext, written: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_set_status',
      (function* () {
        const old = self.status;
        const guest = self.guestFeatures;
        const raw = BigInt(self.arena.r32(self.st + S_GF0)) | (BigInt(self.arena.r32(self.st + S_GF1)) << 32n);
        const r = statusWrite(old, written, {
          version1: (guest & (1n << 32n)) !== 0n,
          featuresValid: virtioValidateFeatures(self.desc.hostFeatures, guest) === 0,
          unsupportedAcked: (raw & ~self.desc.hostFeatures) !== 0n,
        });
        if (ctx.tracing) {
          yield ctx.ev('virtio_set_status', { dev: self.desc.qdevName, old, written, new: r.next, accepted: r.accepted, reason: r.reason ?? null, state: statusStateOf(r.next) });
        }
        if (!r.accepted) return;
        if (self.hooks.onStatus) yield* self.hooks.onStatus(ctx, old, r.next);
        self.arena.w8(self.st + S_STATUS, r.next);
      })(),
    );
  }

  /** virtio_pci_reset → virtio_bus_reset → virtio_reset, then msix_unuse_all_vectors and the proxy's queue records. */
  private *pciReset(ctx: ActorContext): Gen<void> {
    const self = this;
    const a = this.arena;
    yield* ctx.call(
      'virtio_pci_reset',
      (function* () {
        if (ctx.tracing) yield ctx.ev('virtio_pci_reset', { dev: self.desc.qdevName });
        yield* ctx.call(
          'virtio_reset',
          (function* () {
            if (self.status !== 0) yield* self.setStatus(ctx, 0);
            a.w8(self.st + S_BROKEN, 0);
            a.w8(self.st + S_DISABLED, 0);
            a.w32(self.st + S_GUEST_LO, 0);
            a.w32(self.st + S_GUEST_HI, 0);
            a.w16(self.st + S_QSEL, 0);
            a.w8(self.st + S_STATUS, 0);
            a.w8(self.st + S_ISR, 0);
            a.w16(self.st + S_CFGVEC, VIRTIO_MSI_NO_VECTOR);
            // virtio_notify_vector(VIRTIO_NO_VECTOR): without MSI-X this drops INTx (ISR is 0 now).
            yield* self.notifyVector(ctx, VIRTIO_MSI_NO_VECTOR);
            for (let q = 0; q < self.desc.queues.length; q++) self.queueReset(q);
          })(),
        );
        yield* msixUnuseAllVectors(ctx, self.dev);
        // The proxy's own per-queue copies; dfselect/gfselect and guest_features[] are NOT cleared in 7.2.
        for (let q = 0; q < self.desc.queues.length; q++) {
          const b = self.q(q);
          a.w8(b + Q_EN, 0);
          a.w8(b + Q_RST, 0);
          a.w16(b + Q_PNUM, 0);
          for (let o = Q_PDESC; o < Q_VDESC; o += 4) a.w32(b + o, 0);
        }
      })(),
    );
  }

  /** virtio_error: "needs reset" on a VERSION_1 device (plus a config interrupt), and the device stops processing kicks. */
  *virtioError(ctx: ActorContext, message: string): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_error',
      (function* () {
        const old = self.status;
        const v1 = (self.guestFeatures & (1n << 32n)) !== 0n;
        const next = v1 ? old | 0x40 : old;
        if (ctx.tracing) yield ctx.ev('virtio_error', { dev: self.desc.qdevName, old, new: next, message });
        if (v1) {
          self.arena.w8(self.st + S_STATUS, next);
          yield* self.notifyConfig(ctx);
        }
        self.arena.w8(self.st + S_BROKEN, 1);
      })(),
    );
  }

  // ---- ISR, device config, notify ----

  /** virtio_pci_isr_read: read-to-clear, and INTx goes down (any offset in the 4 KiB region reads the same byte). */
  *isrRead(ctx: ActorContext, legacy: boolean): Gen<number> {
    const self = this;
    const body = function* (): Gen<number> {
      const isr = self.arena.r8(self.st + S_ISR);
      self.arena.w8(self.st + S_ISR, 0);
      if (ctx.tracing) yield ctx.ev('virtio_pci_isr_read', { dev: self.desc.qdevName, isr, legacy });
      yield* pciIrqDeassert(ctx, self.dev);
      return isr;
    };
    return legacy ? yield* body() : yield* ctx.call('virtio_pci_isr_read', body());
  }

  /** virtio_config_readb/w/l (legacy) and virtio_config_modern_* : past config_len reads all-ones. */
  private configValue(addr: number, size: AccessSize): number {
    if (addr < 0 || addr + size > this.desc.configLen) return mask(size);
    const o = this.cfgAt + addr;
    return size === 1 ? this.arena.r8(o) : size === 2 ? this.arena.r16(o) : this.arena.r32(o);
  }

  private *deviceRead(ctx: ActorContext, addr: number, size: AccessSize): Gen<number> {
    const self = this;
    return yield* ctx.call('virtio_pci_device_read', (function* () { return self.configValue(addr, size); })());
  }

  /** Device-config writes: virtio-net and virtio-balloon take none a modern driver makes in these walkthroughs; the write is dropped. */
  private *deviceWrite(ctx: ActorContext, _addr: number, _v: number, _size: AccessSize): Gen<void> {
    yield* ctx.call('virtio_pci_device_write', (function* () {})());
  }

  /**
   * virtio_pci_notify_write: queue = offset / 4; virtio_queue_notify. With KVM
   * the write never arrives here: the ioeventfd registered at this address
   * (virtio_pci_ioeventfd_assign) completes it in the kernel.
   */
  *notifyWrite(ctx: ActorContext, addr: number): Gen<void> {
    const self = this;
    const queue = Math.floor(addr / VIRTIO_PCI_QUEUE_MEM_MULT);
    yield* ctx.call(
      'virtio_pci_notify_write',
      (function* () {
        if (queue >= VIRTIO_QUEUE_MAX) return;
        yield* self.queueNotify(ctx, queue, addr);
      })(),
    );
  }

  /** virtio_queue_notify: dropped when the ring has no address yet or the device is broken; else the device's handle_output. */
  private *queueNotify(ctx: ActorContext, queue: number, off: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_queue_notify',
      (function* () {
        const q = self.queue(queue);
        const ignored = !q.desc ? 'vring.desc is 0' : self.broken ? 'device broken' : null;
        if (ctx.tracing) yield ctx.ev('virtio_pci_notify_write', { dev: self.desc.qdevName, off, queue, ignored });
        if (ignored) return;
        if (self.hooks.onQueueNotify) yield* self.hooks.onQueueNotify(ctx, queue);
      })(),
    );
  }

  // ---- interrupts (device → guest) ----

  /**
   * virtio_pci_notify: with MSI-X enabled in the guest, msix_notify of the
   * vector (nothing for VIRTIO_NO_VECTOR); otherwise INTx follows ISR bit 0.
   */
  *pciNotify(ctx: ActorContext, vector: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_pci_notify',
      (function* () {
        const isr = self.isr;
        if (msixEnabled(self.dev)) {
          const path = vector === VIRTIO_MSI_NO_VECTOR ? 'none' : 'msix';
          if (ctx.tracing) yield ctx.ev('virtio_pci_notify', { dev: self.desc.qdevName, vector, path, isr });
          if (path === 'msix') yield* msixNotify(ctx, self.dev, vector);
          return;
        }
        if (ctx.tracing) yield ctx.ev('virtio_pci_notify', { dev: self.desc.qdevName, vector, path: 'intx', isr });
        yield* pciSetIrq(ctx, self.dev, (isr & 1) as 0 | 1);
      })(),
    );
  }

  /** virtio_notify_vector: nothing while the device is disabled (Bus Master off) or broken (virtio_device_disabled); else the bus's notify, virtio_pci_notify. */
  *notifyVector(ctx: ActorContext, vector: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_notify_vector',
      (function* () {
        if (self.arena.r8(self.st + S_DISABLED) || self.broken) return;
        yield* self.pciNotify(ctx, vector);
      })(),
    );
  }

  /** virtio_irq: ISR bit 0, then the queue's vector (virtio_notify after virtio_should_notify said yes). */
  *virtioIrq(ctx: ActorContext, queue: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_irq',
      (function* () {
        self.setIsr(1);
        yield* self.notifyVector(ctx, self.queue(queue).vector);
      })(),
    );
  }

  /** virtio_notify_config: only after DRIVER_OK; ISR 0x3, generation + 1, the config vector. */
  *notifyConfig(ctx: ActorContext): Gen<void> {
    const self = this;
    yield* ctx.call(
      'virtio_notify_config',
      (function* () {
        if (!(self.status & VIRTIO_CONFIG_S_DRIVER_OK)) return;
        self.setIsr(3);
        self.arena.w8(self.st + S_GEN, (self.generation + 1) & 0xff);
        yield* self.notifyVector(ctx, self.configVector);
      })(),
    );
  }

  /** virtio_set_isr: OR the bits in (written only when they change). */
  /** virtio_set_isr: OR bits into the ISR byte (qatomic_or). */
  setIsr(v: number): void {
    const old = this.isr;
    if ((old & v) !== v) this.arena.w8(this.st + S_ISR, old | v);
  }

  // ---- legacy I/O BAR 0 ----

  /** virtio_pci_config_read: the virtio header below VIRTIO_PCI_CONFIG_OFF(msix_enabled), device config after it. */
  private *legacyRead(ctx: ActorContext, addr: number, size: AccessSize): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'virtio_pci_config_read',
      (function* () {
        const hdr = virtioPciConfigOff(msixEnabled(self.dev));
        let value: number;
        let reg = 'device config';
        if (addr < hdr) {
          reg = LEGACY_REGS[addr] ?? '';
          value = (yield* ctx.call('virtio_ioport_read', self.ioportRead(ctx, addr))) & mask(size);
        } else value = self.configValue(addr - hdr, size);
        value >>>= 0;
        if (ctx.tracing) yield ctx.ev('virtio_ioport_access', { dev: self.desc.qdevName, off: addr, size, value, write: false, reg });
        return value;
      })(),
    );
  }

  /** virtio_ioport_read: the switch on the exact port offset; unknown offsets read all-ones. */
  private *ioportRead(ctx: ActorContext, addr: number): Gen<number> {
    const a = this.arena;
    const sel = this.queueSel;
    const q = this.queue(sel);
    switch (addr) {
      case VIRTIO_PCI_HOST_FEATURES:
        return Number(this.desc.hostFeatures & 0xffffffffn);
      case VIRTIO_PCI_GUEST_FEATURES:
        return a.r32(this.st + S_GUEST_LO);
      case VIRTIO_PCI_QUEUE_PFN:
        return Math.floor(q.desc / 2 ** VIRTIO_PCI_QUEUE_ADDR_SHIFT) >>> 0;
      case VIRTIO_PCI_QUEUE_NUM:
        return q.num;
      case VIRTIO_PCI_QUEUE_SEL:
        return sel;
      case VIRTIO_PCI_STATUS:
        return this.status;
      case VIRTIO_PCI_ISR:
        return yield* this.isrRead(ctx, true);
      case VIRTIO_MSI_CONFIG_VECTOR:
        return this.configVector;
      case VIRTIO_MSI_QUEUE_VECTOR:
        return q.vector;
      default:
        return 0xffffffff;
    }
  }

  /** virtio_pci_config_write. */
  private *legacyWrite(ctx: ActorContext, addr: number, value: number, size: AccessSize): Gen<void> {
    const self = this;
    const val = (value & mask(size)) >>> 0;
    yield* ctx.call(
      'virtio_pci_config_write',
      (function* () {
        const hdr = virtioPciConfigOff(msixEnabled(self.dev));
        if (ctx.tracing) yield ctx.ev('virtio_ioport_access', { dev: self.desc.qdevName, off: addr, size, value: val, write: true, reg: addr < hdr ? (LEGACY_REGS[addr] ?? '') : 'device config' });
        if (addr >= hdr) return; // device config write: dropped (see deviceWrite)
        yield* ctx.call('virtio_ioport_write', self.ioportWrite(ctx, addr, val));
      })(),
    );
  }

  /** virtio_ioport_write. */
  private *ioportWrite(ctx: ActorContext, addr: number, val: number): Gen<void> {
    const a = this.arena;
    const sel = this.queueSel;
    switch (addr) {
      case VIRTIO_PCI_GUEST_FEATURES: {
        // A driver that acks BAD_FEATURE "does not negotiate properly": it gets the device's bad_features.
        const v = val & (1 << VIRTIO_F_BAD_FEATURE) ? this.desc.badFeatures : BigInt(val);
        yield* this.setFeatures(ctx, v);
        return;
      }
      case VIRTIO_PCI_QUEUE_PFN: {
        const pa = val * 2 ** VIRTIO_PCI_QUEUE_ADDR_SHIFT;
        if (pa === 0) {
          yield* this.pciReset(ctx);
          return;
        }
        if (!this.exists(sel)) return;
        const b = this.q(sel);
        const self = this;
        // virtio_queue_set_addr → virtio_queue_update_rings: the legacy layout, used ring aligned to 4096.
        yield* ctx.call(
          'virtio_queue_set_addr',
          (function* () {
            const num = a.r16(b + Q_NUM);
            if (!num) return;
            const avail = pa + num * 16;
            const used = Math.ceil((avail + 4 + 2 * num + 2) / VIRTIO_PCI_VRING_ALIGN) * VIRTIO_PCI_VRING_ALIGN;
            a.w64(b + Q_VDESC, pa);
            a.w64(b + Q_VAVAIL, avail);
            a.w64(b + Q_VUSED, used);
            void self;
          })(),
        );
        return;
      }
      case VIRTIO_PCI_QUEUE_SEL:
        if (val < VIRTIO_QUEUE_MAX) a.w16(this.st + S_QSEL, val);
        return;
      case VIRTIO_PCI_QUEUE_NOTIFY:
        if (val < VIRTIO_QUEUE_MAX) yield* this.queueNotify(ctx, val, addr);
        return;
      case VIRTIO_PCI_STATUS:
        yield* this.statusRegWrite(ctx, val);
        // Linux before 2.6.34 drove the device without Bus Master: QEMU turns it on at ACKNOWLEDGE|DRIVER.
        if (val === 3) yield* pciDefaultWriteConfig(ctx, this.dev, PCI_COMMAND, this.dev.cfg8(PCI_COMMAND) | PCI_COMMAND_MASTER, 1);
        return;
      case VIRTIO_MSI_CONFIG_VECTOR: {
        const old = this.configVector;
        if (old !== VIRTIO_MSI_NO_VECTOR) yield* msixVectorUnuse(ctx, this.dev, old);
        let v = val & 0xffff;
        if (val < this.nvectors) yield* msixVectorUse(ctx, this.dev, val);
        else v = VIRTIO_MSI_NO_VECTOR;
        a.w16(this.st + S_CFGVEC, v);
        return;
      }
      case VIRTIO_MSI_QUEUE_VECTOR: {
        const b = this.exists(sel) ? this.q(sel) : -1;
        const old = b < 0 ? VIRTIO_MSI_NO_VECTOR : a.r16(b + Q_VEC);
        if (old !== VIRTIO_MSI_NO_VECTOR) yield* msixVectorUnuse(ctx, this.dev, old);
        let v = val & 0xffff;
        if (val < this.nvectors) yield* msixVectorUse(ctx, this.dev, val);
        else v = VIRTIO_MSI_NO_VECTOR;
        if (b >= 0) a.w16(b + Q_VEC, v);
        return;
      }
      default:
        // qemu_log_mask(LOG_GUEST_ERROR, "%s: unexpected address 0x%x value 0x%x")
        return;
    }
  }
}
