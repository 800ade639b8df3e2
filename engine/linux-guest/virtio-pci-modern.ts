/**
 * The guest's modern virtio-pci transport (Linux 6.12): finding the virtio
 * vendor capabilities in config space and mapping their BAR windows
 * (drivers/virtio/virtio_pci_modern_dev.c: vp_modern_probe,
 * virtio_pci_find_capability, vp_modern_map_capability), the common-config
 * register helpers (vp_modern_*), and the transport's half of queue setup
 * (drivers/virtio/virtio_pci_modern.c: setup_vq, vp_active_vq, del_vq,
 * vp_modern_find_vqs). Every register access goes through PciFunctionAccess,
 * so each one is an exit the device model sees.
 */
import {
  PCI_CAPABILITY_LIST,
  PCI_CAP_ID_VNDR,
  PCI_CAP_LIST_ID,
  PCI_STATUS,
  PCI_STATUS_CAP_LIST,
  PCI_STD_NUM_BARS,
} from '../abi/pci';
import {
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_PCI_CAP_BAR,
  VIRTIO_PCI_CAP_CFG_TYPE,
  VIRTIO_PCI_CAP_COMMON_CFG,
  VIRTIO_PCI_CAP_DEVICE_CFG,
  VIRTIO_PCI_CAP_ISR_CFG,
  VIRTIO_PCI_CAP_LENGTH,
  VIRTIO_PCI_CAP_NOTIFY_CFG,
  VIRTIO_PCI_CAP_OFFSET,
  VIRTIO_PCI_COMMON_CFG_SIZEOF,
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
  VIRTIO_PCI_MODERN_COMMON_CFG_SIZEOF,
  VIRTIO_PCI_NOTIFY_CAP_MULT,
} from '../abi/virtio-pci';
import type { ActorContext, Gen } from '../sched/actor';
import type { PciFunctionAccess } from '../qemu/pci-access';
import { EBUSY, EINVAL, ENOSPC } from './vq-vectors';

/** ENODEV (errno-base.h): no common capability, the legacy driver's turn. */
export const ENODEV = 19;
/** ENOENT: setup_vq found the queue unavailable (size 0) or already enabled. */
export const ENOENT = 2;
/** ENOMEM: a mapping failed (vp_modern_map_vq_notify returned NULL). */
export const ENOMEM = 12;
export { EBUSY, EINVAL, ENOSPC };

/** One mapped capability window: pci_iomap_range(dev, bar, offset, length). */
export interface MappedRegion {
  bar: number;
  offset: number;
  length: number;
}

/** struct virtio_pci_modern_device, the part the model needs. */
export interface VpModernDevice {
  pci: PciFunctionAccess;
  common: MappedRegion;
  isr: MappedRegion;
  /** The notify window (mapped whole: QEMU's 4 KiB notify region fits a page). */
  notify: MappedRegion;
  notifyOffMultiplier: number;
  device: MappedRegion | null;
  /** Bitmask of BARs holding virtio structures (mdev->modern_bars). */
  modernBars: number;
}

const CAP_NAMES = { [VIRTIO_PCI_CAP_COMMON_CFG]: 'common', [VIRTIO_PCI_CAP_NOTIFY_CFG]: 'notify', [VIRTIO_PCI_CAP_ISR_CFG]: 'isr', [VIRTIO_PCI_CAP_DEVICE_CFG]: 'device' } as const;
type CapType = keyof typeof CAP_NAMES;

/** PAGE_SIZE on x86. */
const PAGE_SIZE = 4096;

/** Lengths of the BARs as the PCI core sized them at enumeration (pci_resource_len); 0 = not present. */
export type BarLen = (bar: number) => number;

/**
 * pci_find_capability / pci_find_next_capability (drivers/pci/pci.c): walk
 * the list from `start` (a capability's position, or PCI_CAPABILITY_LIST),
 * at most 48 hops (PCI_FIND_CAP_TTL), and return the next position whose
 * id is `capId`, or 0.
 */
export function* pciFindNextCapability(ctx: ActorContext, pci: PciFunctionAccess, start: number, capId: number): Gen<number> {
  let pos = (yield* pci.configRead(ctx, start, 1)) & ~3;
  for (let ttl = 48; ttl > 0 && pos >= 0x40; ttl--) {
    const ent = yield* pci.configRead(ctx, pos + PCI_CAP_LIST_ID, 2);
    const id = ent & 0xff;
    if (id === 0xff) break;
    if (id === capId) return pos;
    pos = (ent >> 8) & ~3;
  }
  return 0;
}

/** pci_find_capability: only when the status register says there is a list. */
export function* pciFindCapability(ctx: ActorContext, pci: PciFunctionAccess, capId: number): Gen<number> {
  return yield* ctx.call(
    'pci_find_capability',
    (function* () {
      const status = yield* pci.configRead(ctx, PCI_STATUS, 2);
      if (!(status & PCI_STATUS_CAP_LIST)) return 0;
      return yield* pciFindNextCapability(ctx, pci, PCI_CAPABILITY_LIST, capId);
    })(),
  );
}

/**
 * virtio_pci_find_capability: the first vendor capability of `cfgType` whose
 * BAR is a real one (bar < 6, present); marks the BAR in `bars.mask`.
 */
export function* virtioPciFindCapability(ctx: ActorContext, pci: PciFunctionAccess, cfgType: CapType, barLen: BarLen, bars: { mask: number }): Gen<number> {
  return yield* ctx.call(
    'virtio_pci_find_capability',
    (function* () {
      for (let pos = yield* pciFindCapability(ctx, pci, PCI_CAP_ID_VNDR); pos > 0; pos = yield* pciFindNextCapability(ctx, pci, pos + 1, PCI_CAP_ID_VNDR)) {
        const type = yield* pci.configRead(ctx, pos + VIRTIO_PCI_CAP_CFG_TYPE, 1);
        const bar = yield* pci.configRead(ctx, pos + VIRTIO_PCI_CAP_BAR, 1);
        // "Ignore structures with reserved BAR values"
        if (bar >= PCI_STD_NUM_BARS) continue;
        if (type === cfgType && barLen(bar) > 0) {
          bars.mask |= 1 << bar;
          return pos;
        }
      }
      return 0;
    })(),
  );
}

/**
 * vp_modern_map_capability: read the capability's bar/offset/length and
 * check them (BAR unchanged, length > start and ≥ minlen, offset aligned,
 * window inside the BAR); length is clamped to `size`. Null on any failure.
 */
export function* vpModernMapCapability(
  ctx: ActorContext,
  pci: PciFunctionAccess,
  modernBars: number,
  barLen: BarLen,
  cfgType: CapType,
  off: number,
  minlen: number,
  align: number,
  start: number,
  size: number,
): Gen<MappedRegion | null> {
  return yield* ctx.call(
    'vp_modern_map_capability',
    (function* () {
      const bar = yield* pci.configRead(ctx, off + VIRTIO_PCI_CAP_BAR, 1);
      let offset = yield* pci.configRead(ctx, off + VIRTIO_PCI_CAP_OFFSET, 4);
      let length = yield* pci.configRead(ctx, off + VIRTIO_PCI_CAP_LENGTH, 4);
      if (bar >= PCI_STD_NUM_BARS || !(modernBars & (1 << bar))) return null; // "bar unexpectedly changed"
      if (length <= start) return null; // "bad capability len"
      if (length - start < minlen) return null;
      length -= start;
      if (start + offset > 0xffffffff) return null; // "map wrap-around"
      offset += start;
      if (offset & (align - 1)) return null; // "offset %u not aligned to %u"
      if (length > size) length = size;
      if (minlen + offset > barLen(bar)) return null; // "out of range on bar"
      if (ctx.tracing) yield ctx.ev('virtio_pci_cap', { cfgType, typeName: CAP_NAMES[cfgType], pos: off, bar, offset, length });
      return { bar, offset, length };
    })(),
  );
}

/** The result of vp_modern_probe: the device, or a negative errno. */
export type VpModernProbeResult = { ok: true; mdev: VpModernDevice } | { ok: false; err: number };

/**
 * vp_modern_probe: common (or leave for the legacy driver), isr and notify
 * (all three mandatory), device (optional); map them, read notify's
 * notify_off_multiplier, length and offset.
 */
export function* vpModernProbe(ctx: ActorContext, pci: PciFunctionAccess, barLen: BarLen): Gen<VpModernProbeResult> {
  return yield* ctx.call(
    'vp_modern_probe',
    (function* (): Gen<VpModernProbeResult> {
      const bars = { mask: 0 };
      const common = yield* virtioPciFindCapability(ctx, pci, VIRTIO_PCI_CAP_COMMON_CFG, barLen, bars);
      if (!common) return { ok: false, err: -ENODEV }; // "virtio_pci: leaving for legacy driver"
      const isr = yield* virtioPciFindCapability(ctx, pci, VIRTIO_PCI_CAP_ISR_CFG, barLen, bars);
      const notify = yield* virtioPciFindCapability(ctx, pci, VIRTIO_PCI_CAP_NOTIFY_CFG, barLen, bars);
      if (!isr || !notify) return { ok: false, err: -EINVAL }; // "missing capabilities %i/%i/%i"
      const device = yield* virtioPciFindCapability(ctx, pci, VIRTIO_PCI_CAP_DEVICE_CFG, barLen, bars);
      const map = (type: CapType, off: number, minlen: number, align: number, start: number, size: number) =>
        vpModernMapCapability(ctx, pci, bars.mask, barLen, type, off, minlen, align, start, size);
      // common: at least struct virtio_pci_common_cfg, mapped up to the end of admin_queue_num.
      const commonMap = yield* map(VIRTIO_PCI_CAP_COMMON_CFG, common, VIRTIO_PCI_COMMON_CFG_SIZEOF, 4, 0, VIRTIO_PCI_MODERN_COMMON_CFG_SIZEOF);
      if (!commonMap) return { ok: false, err: -EINVAL };
      const isrMap = yield* map(VIRTIO_PCI_CAP_ISR_CFG, isr, 1, 1, 0, 1);
      if (!isrMap) return { ok: false, err: -EINVAL };
      const mult = yield* pci.configRead(ctx, notify + VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
      const notifyLength = yield* pci.configRead(ctx, notify + VIRTIO_PCI_CAP_LENGTH, 4);
      const notifyOffset = yield* pci.configRead(ctx, notify + VIRTIO_PCI_CAP_OFFSET, 4);
      // "If notify length is small, map it all now. Otherwise, map each VQ individually later." Only the first case is modelled.
      if (notifyLength + (notifyOffset % PAGE_SIZE) > PAGE_SIZE) return { ok: false, err: -EINVAL };
      const notifyMap = yield* map(VIRTIO_PCI_CAP_NOTIFY_CFG, notify, 2, 2, 0, notifyLength);
      if (!notifyMap) return { ok: false, err: -EINVAL };
      let deviceMap: MappedRegion | null = null;
      if (device) {
        deviceMap = yield* map(VIRTIO_PCI_CAP_DEVICE_CFG, device, 0, 4, 0, PAGE_SIZE);
        if (!deviceMap) return { ok: false, err: -EINVAL };
      }
      if (ctx.tracing) {
        yield ctx.ev('vp_modern_probe_done', { notifyOffMultiplier: mult, notifyBar: notifyMap.bar, notifyOffset: notifyMap.offset, notifyLength: notifyMap.length, deviceCfg: deviceMap !== null });
      }
      return { ok: true, mdev: { pci, common: commonMap, isr: isrMap, notify: notifyMap, notifyOffMultiplier: mult, device: deviceMap, modernBars: bars.mask } };
    })(),
  );
}

// ---- common-config register helpers (vp_iowrite*/vp_ioread* on mdev->common) ----

const rd = (ctx: ActorContext, m: VpModernDevice, reg: number, size: 1 | 2 | 4) => m.pci.barRead(ctx, m.common.bar, m.common.offset + reg, size);
const wr = (ctx: ActorContext, m: VpModernDevice, reg: number, v: number, size: 1 | 2 | 4) => m.pci.barWrite(ctx, m.common.bar, m.common.offset + reg, v, size);

/** vp_modern_get_features: device_feature_select 0, read; 1, read. */
export function* vpModernGetFeatures(ctx: ActorContext, m: VpModernDevice): Gen<bigint> {
  return yield* ctx.call(
    'vp_modern_get_features',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_DFSELECT, 0, 4);
      const lo = yield* rd(ctx, m, VIRTIO_PCI_COMMON_DF, 4);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_DFSELECT, 1, 4);
      const hi = yield* rd(ctx, m, VIRTIO_PCI_COMMON_DF, 4);
      if (ctx.tracing) yield ctx.ev('vp_get_features', { lo, hi });
      return BigInt(lo >>> 0) | (BigInt(hi >>> 0) << 32n);
    })(),
  );
}

/** vp_modern_set_features: guest_feature_select 0, write low half; 1, write high half. */
export function* vpModernSetFeatures(ctx: ActorContext, m: VpModernDevice, features: bigint): Gen {
  yield* ctx.call(
    'vp_modern_set_features',
    (function* () {
      const lo = Number(features & 0xffffffffn);
      const hi = Number((features >> 32n) & 0xffffffffn);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_GFSELECT, 0, 4);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_GF, lo, 4);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_GFSELECT, 1, 4);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_GF, hi, 4);
      if (ctx.tracing) yield ctx.ev('vp_set_features', { lo, hi });
    })(),
  );
}

/** vp_modern_get_status: ioread8 of device_status. */
export function* vpModernGetStatus(ctx: ActorContext, m: VpModernDevice): Gen<number> {
  return yield* ctx.call('vp_modern_get_status', rd(ctx, m, VIRTIO_PCI_COMMON_STATUS, 1));
}

/** vp_modern_set_status: iowrite8 of device_status (0 = reset). */
export function* vpModernSetStatus(ctx: ActorContext, m: VpModernDevice, status: number, added: string): Gen {
  yield* ctx.call(
    'vp_modern_set_status',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_STATUS, status, 1);
      if (ctx.tracing) yield ctx.ev('virtio_status', { status, added });
    })(),
  );
}

/** vp_modern_get_num_queues. */
export function* vpModernGetNumQueues(ctx: ActorContext, m: VpModernDevice): Gen<number> {
  return yield* rd(ctx, m, VIRTIO_PCI_COMMON_NUMQ, 2);
}

/** vp_modern_config_vector: write msix_config, read it back ("Verify we had enough resources"). */
export function* vpModernConfigVector(ctx: ActorContext, m: VpModernDevice, vector: number): Gen<number> {
  return yield* ctx.call(
    'vp_modern_config_vector',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_MSIX, vector, 2);
      const readBack = yield* rd(ctx, m, VIRTIO_PCI_COMMON_MSIX, 2);
      if (ctx.tracing) yield ctx.ev('vp_vector_write', { reg: 'msix_config', queue: null, vector, readBack });
      return readBack;
    })(),
  );
}

/** vp_modern_queue_vector: queue_select, write queue_msix_vector, read it back ("Flush the write out to device"). */
export function* vpModernQueueVector(ctx: ActorContext, m: VpModernDevice, index: number, vector: number): Gen<number> {
  return yield* ctx.call(
    'vp_modern_queue_vector',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_MSIX, vector, 2);
      const readBack = yield* rd(ctx, m, VIRTIO_PCI_COMMON_Q_MSIX, 2);
      if (ctx.tracing) yield ctx.ev('vp_vector_write', { reg: 'queue_msix_vector', queue: index, vector, readBack });
      return readBack;
    })(),
  );
}

/** vp_modern_set_queue_enable: queue_select, queue_enable. */
export function* vpModernSetQueueEnable(ctx: ActorContext, m: VpModernDevice, index: number, enable: boolean): Gen {
  yield* ctx.call(
    'vp_modern_set_queue_enable',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_ENABLE, enable ? 1 : 0, 2);
      if (ctx.tracing && enable) yield ctx.ev('vp_queue_enable', { queue: index });
    })(),
  );
}

/** Where a queue's split ring lives in guest memory. */
export interface SplitRing {
  num: number;
  desc: number;
  avail: number;
  used: number;
}

/** SMP_CACHE_BYTES on x86: vring_create_virtqueue's alignment of the used ring. */
export const SMP_CACHE_BYTES = 64;

/** The guest-physical allocator the scenario provides (it owns guest RAM). */
export type RingAlloc = (bytes: number, align: number) => number;

/**
 * vring_create_virtqueue → vring_alloc_queue_split: one contiguous block,
 * descriptors (16 bytes each), then the avail ring (4 + 2·num + used_event),
 * then the used ring (4 + 8·num + avail_event) aligned to SMP_CACHE_BYTES.
 */
export function layoutSplitRing(num: number, alloc: RingAlloc): SplitRing {
  const availOff = 16 * num;
  const usedOff = Math.ceil((availOff + 6 + 2 * num) / SMP_CACHE_BYTES) * SMP_CACHE_BYTES;
  const base = alloc(usedOff + 6 + 8 * num, PAGE_SIZE);
  return { num, desc: base, avail: base + availOff, used: base + usedOff };
}

/** What setup_vq returns: the ring, the notify address, or a negative errno. */
export type SetupVqResult = { ok: true; ring: SplitRing; notify: { bar: number; offset: number } } | { ok: false; err: number };

/**
 * setup_vq (virtio_pci_modern.c): the queue must exist, have a size and not
 * be enabled; create the ring, then vp_active_vq (size, addresses, vector
 * write + read-back: NO_VECTOR ⇒ -EBUSY), then the notify address
 * (vp_modern_map_vq_notify: notify cap offset + queue_notify_off × multiplier).
 */
export function* setupVq(ctx: ActorContext, m: VpModernDevice, index: number, name: string, msixVec: number, alloc: RingAlloc): Gen<SetupVqResult> {
  return yield* ctx.call(
    'setup_vq',
    (function* (): Gen<SetupVqResult> {
      const numQueues = yield* vpModernGetNumQueues(ctx, m);
      if (index >= numQueues) return { ok: false, err: -EINVAL };
      const num = yield* ctx.call(
        'vp_modern_get_queue_size',
        (function* () {
          yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
          return yield* rd(ctx, m, VIRTIO_PCI_COMMON_Q_SIZE, 2);
        })(),
      );
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
      const enabled = yield* rd(ctx, m, VIRTIO_PCI_COMMON_Q_ENABLE, 2);
      // "Check if queue is either not available or already active."
      if (!num || enabled) return { ok: false, err: -ENOENT };
      const ring = yield* ctx.call('vring_create_virtqueue', (function* () { return layoutSplitRing(num, alloc); })());
      const active = yield* vpActiveVq(ctx, m, index, ring, msixVec);
      if (active < 0) return { ok: false, err: active }; // vring_del_virtqueue: no register is touched
      const notify = yield* ctx.call(
        'vp_modern_map_vq_notify',
        (function* () {
          yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
          const off = yield* rd(ctx, m, VIRTIO_PCI_COMMON_Q_NOFF, 2);
          // "offset should not wrap"
          if (off * m.notifyOffMultiplier + 2 > m.notify.length) return null;
          return { bar: m.notify.bar, offset: m.notify.offset + off * m.notifyOffMultiplier };
        })(),
      );
      if (!notify) return { ok: false, err: -ENOMEM };
      if (ctx.tracing) {
        yield ctx.ev('vp_setup_vq', { queue: index, name, num, desc: ring.desc, avail: ring.avail, used: ring.used, vector: msixVec, notifyAddr: notify.offset });
      }
      return { ok: true, ring, notify };
    })(),
  );
}

/** vp_active_vq: queue_size, the three addresses, and the vector (when there is one). 0 or -EBUSY. */
function* vpActiveVq(ctx: ActorContext, m: VpModernDevice, index: number, ring: SplitRing, msixVec: number): Gen<number> {
  return yield* ctx.call(
    'vp_active_vq',
    (function* () {
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
      yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SIZE, ring.num, 2);
      yield* ctx.call(
        'vp_modern_queue_address',
        (function* () {
          yield* wr(ctx, m, VIRTIO_PCI_COMMON_Q_SELECT, index, 2);
          // vp_iowrite64_twopart: low half, then high half.
          for (const [lo, hi, addr] of [
            [VIRTIO_PCI_COMMON_Q_DESCLO, VIRTIO_PCI_COMMON_Q_DESCHI, ring.desc],
            [VIRTIO_PCI_COMMON_Q_AVAILLO, VIRTIO_PCI_COMMON_Q_AVAILHI, ring.avail],
            [VIRTIO_PCI_COMMON_Q_USEDLO, VIRTIO_PCI_COMMON_Q_USEDHI, ring.used],
          ] as const) {
            yield* wr(ctx, m, lo, addr % 2 ** 32, 4);
            yield* wr(ctx, m, hi, Math.floor(addr / 2 ** 32), 4);
          }
        })(),
      );
      if (msixVec !== VIRTIO_MSI_NO_VECTOR) {
        const got = yield* vpModernQueueVector(ctx, m, index, msixVec);
        if (got === VIRTIO_MSI_NO_VECTOR) return -EBUSY;
      }
      return 0;
    })(),
  );
}

/** del_vq (virtio_pci_modern.c): with MSI-X on, reset the queue's vector to NO_VECTOR; then the ring is freed. */
export function* delVq(ctx: ActorContext, m: VpModernDevice, index: number, msixEnabled: boolean): Gen {
  yield* ctx.call(
    'del_vq',
    (function* () {
      if (msixEnabled) yield* vpModernQueueVector(ctx, m, index, VIRTIO_MSI_NO_VECTOR);
    })(),
  );
}
