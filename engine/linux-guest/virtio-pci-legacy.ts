/**
 * The guest's legacy virtio-pci transport (Linux 6.12: drivers/virtio/
 * virtio_pci_legacy.c and virtio_pci_legacy_dev.c), which Linux uses for a
 * transitional device when booted with virtio_pci.force_legacy=1 (or for a
 * legacy-only device): every register is in I/O BAR 0 — features at 0 and 4,
 * the queue PFN at 8, size at 12, select at 14, notify at 16, status at 18,
 * ISR at 19, and with MSI-X the config and queue vectors at 20 and 22. Seed
 * 000's first backtrace (Red Hat bug 1380703) is this transport: the status
 * write at I/O offset 18.
 */
import {
  VIRTIO_MSI_CONFIG_VECTOR,
  VIRTIO_MSI_NO_VECTOR,
  VIRTIO_MSI_QUEUE_VECTOR,
  VIRTIO_PCI_GUEST_FEATURES,
  VIRTIO_PCI_HOST_FEATURES,
  VIRTIO_PCI_ISR,
  VIRTIO_PCI_QUEUE_ADDR_SHIFT,
  VIRTIO_PCI_QUEUE_NOTIFY,
  VIRTIO_PCI_QUEUE_NUM,
  VIRTIO_PCI_QUEUE_PFN,
  VIRTIO_PCI_QUEUE_SEL,
  VIRTIO_PCI_STATUS,
  VIRTIO_PCI_VRING_ALIGN,
} from '../abi/virtio-pci';
import { PCI_DEVICE_ID, PCI_REVISION_ID } from '../abi/pci';
import { legacyLayout } from '../abi/virtio-ring';
import type { PciFunctionAccess } from '../qemu/pci-access';
import type { ActorContext, Gen } from '../sched/actor';
import type { MappedRegion, RingAlloc, SetupVqResult, SplitRing } from './virtio-pci-modern';

/** The legacy I/O BAR. */
export const LEGACY_BAR = 0;

const ENODEV = 19;
const ENOENT = 2;
const EBUSY = 16;

/** struct virtio_pci_legacy_device: the function and its I/O window. */
export interface VpLegacyDevice {
  pci: PciFunctionAccess;
  bar: number;
  /** The ISR register, as vp_interrupt reads it. */
  isr: MappedRegion;
}

const rd = (ctx: ActorContext, l: VpLegacyDevice, reg: number, size: 1 | 2 | 4) => l.pci.barRead(ctx, l.bar, reg, size);
const wr = (ctx: ActorContext, l: VpLegacyDevice, reg: number, v: number, size: 1 | 2 | 4) => l.pci.barWrite(ctx, l.bar, reg, v, size);

/** vp_legacy_probe: a transitional or legacy device id (0x1000..0x103f) with ABI revision 0, and its I/O BAR. */
export function* vpLegacyProbe(ctx: ActorContext, pci: PciFunctionAccess): Gen<{ ok: true; ldev: VpLegacyDevice } | { ok: false; err: number }> {
  return yield* ctx.call(
    'vp_legacy_probe',
    (function* () {
      const device = yield* pci.configRead(ctx, PCI_DEVICE_ID, 2);
      // "We only own devices >= 0x1000 and <= 0x103f: leave the rest."
      if (device < 0x1000 || device > 0x103f) return { ok: false as const, err: -ENODEV };
      const revision = yield* pci.configRead(ctx, PCI_REVISION_ID, 1);
      if (revision !== 0) return { ok: false as const, err: -ENODEV };
      return { ok: true as const, ldev: { pci, bar: LEGACY_BAR, isr: { bar: LEGACY_BAR, offset: VIRTIO_PCI_ISR, length: 1 } } };
    })(),
  );
}

/** vp_legacy_get_features: the device's 32 feature bits (HOST_FEATURES, offset 0). */
export function* vpLegacyGetFeatures(ctx: ActorContext, l: VpLegacyDevice): Gen<bigint> {
  return yield* ctx.call(
    'vp_legacy_get_features',
    (function* () {
      const lo = (yield* rd(ctx, l, VIRTIO_PCI_HOST_FEATURES, 4)) >>> 0;
      if (ctx.tracing) yield ctx.ev('vp_get_features', { lo, hi: 0 });
      return BigInt(lo);
    })(),
  );
}

/** vp_legacy_set_features: the driver's 32 bits (GUEST_FEATURES, offset 4). */
export function* vpLegacySetFeatures(ctx: ActorContext, l: VpLegacyDevice, features: bigint): Gen {
  yield* ctx.call(
    'vp_legacy_set_features',
    (function* () {
      const lo = Number(features & 0xffff_ffffn) >>> 0;
      yield* wr(ctx, l, VIRTIO_PCI_GUEST_FEATURES, lo, 4);
      if (ctx.tracing) yield ctx.ev('vp_set_features', { lo, hi: 0 });
    })(),
  );
}

/** vp_legacy_get_status: ioread8 at offset 18. */
export function* vpLegacyGetStatus(ctx: ActorContext, l: VpLegacyDevice): Gen<number> {
  return yield* ctx.call('vp_legacy_get_status', rd(ctx, l, VIRTIO_PCI_STATUS, 1));
}

/** vp_legacy_set_status: iowrite8 at offset 18 (seed 000's first backtrace: addr=18). */
export function* vpLegacySetStatus(ctx: ActorContext, l: VpLegacyDevice, status: number, added: string): Gen {
  yield* ctx.call(
    'vp_legacy_set_status',
    (function* () {
      yield* wr(ctx, l, VIRTIO_PCI_STATUS, status, 1);
      if (ctx.tracing) yield ctx.ev('virtio_status', { status, added });
    })(),
  );
}

/** vp_legacy_config_vector: write VIRTIO_MSI_CONFIG_VECTOR (20), read it back. */
export function* vpLegacyConfigVector(ctx: ActorContext, l: VpLegacyDevice, vector: number): Gen<number> {
  return yield* ctx.call(
    'vp_legacy_config_vector',
    (function* () {
      yield* wr(ctx, l, VIRTIO_MSI_CONFIG_VECTOR, vector, 2);
      const readBack = yield* rd(ctx, l, VIRTIO_MSI_CONFIG_VECTOR, 2);
      if (ctx.tracing) yield ctx.ev('vp_vector_write', { reg: 'msix_config', queue: null, vector, readBack });
      return readBack;
    })(),
  );
}

/** vp_legacy_queue_vector: QUEUE_SEL, write VIRTIO_MSI_QUEUE_VECTOR (22), read it back. */
export function* vpLegacyQueueVector(ctx: ActorContext, l: VpLegacyDevice, index: number, vector: number): Gen<number> {
  return yield* ctx.call(
    'vp_legacy_queue_vector',
    (function* () {
      yield* wr(ctx, l, VIRTIO_PCI_QUEUE_SEL, index, 2);
      yield* wr(ctx, l, VIRTIO_MSI_QUEUE_VECTOR, vector, 2);
      const readBack = yield* rd(ctx, l, VIRTIO_MSI_QUEUE_VECTOR, 2);
      if (ctx.tracing) yield ctx.ev('vp_vector_write', { reg: 'queue_msix_vector', queue: index, vector, readBack });
      return readBack;
    })(),
  );
}

/** vp_legacy_set_queue_address: QUEUE_SEL, then the ring's page frame number (0 deactivates). */
function* vpLegacySetQueueAddress(ctx: ActorContext, l: VpLegacyDevice, index: number, pfn: number): Gen {
  yield* ctx.call(
    'vp_legacy_set_queue_address',
    (function* () {
      yield* wr(ctx, l, VIRTIO_PCI_QUEUE_SEL, index, 2);
      yield* wr(ctx, l, VIRTIO_PCI_QUEUE_PFN, pfn, 4);
    })(),
  );
}

/**
 * setup_vq (virtio_pci_legacy.c): the queue has a size and no address yet;
 * the ring is one block aligned to VIRTIO_PCI_VRING_ALIGN (the device finds
 * avail and used from the PFN alone); activate it with its PFN; then the
 * vector, read back (NO_VECTOR ⇒ -EBUSY, the queue deactivated).
 */
export function* setupVqLegacy(ctx: ActorContext, l: VpLegacyDevice, index: number, name: string, msixVec: number, alloc: RingAlloc): Gen<SetupVqResult> {
  return yield* ctx.call(
    'setup_vq@legacy',
    (function* (): Gen<SetupVqResult> {
      const num = yield* ctx.call(
        'vp_legacy_get_queue_size',
        (function* () {
          yield* wr(ctx, l, VIRTIO_PCI_QUEUE_SEL, index, 2);
          return yield* rd(ctx, l, VIRTIO_PCI_QUEUE_NUM, 2);
        })(),
      );
      const active = yield* ctx.call(
        'vp_legacy_get_queue_enable',
        (function* () {
          yield* wr(ctx, l, VIRTIO_PCI_QUEUE_SEL, index, 2);
          return yield* rd(ctx, l, VIRTIO_PCI_QUEUE_PFN, 4);
        })(),
      );
      // "Check if queue is either not available or already active."
      if (!num || active) return { ok: false, err: -ENOENT };
      const ring = yield* ctx.call(
        'vring_create_virtqueue',
        (function* (): Gen<SplitRing> {
          const lay = legacyLayout(num, VIRTIO_PCI_VRING_ALIGN);
          const base = alloc(lay.size, VIRTIO_PCI_VRING_ALIGN);
          return { num, desc: base + lay.desc, avail: base + lay.avail, used: base + lay.used };
        })(),
      );
      yield* vpLegacySetQueueAddress(ctx, l, index, Math.floor(ring.desc / 2 ** VIRTIO_PCI_QUEUE_ADDR_SHIFT));
      if (msixVec !== VIRTIO_MSI_NO_VECTOR) {
        const got = yield* vpLegacyQueueVector(ctx, l, index, msixVec);
        if (got === VIRTIO_MSI_NO_VECTOR) {
          yield* vpLegacySetQueueAddress(ctx, l, index, 0);
          return { ok: false, err: -EBUSY };
        }
      }
      if (ctx.tracing) yield ctx.ev('vp_setup_vq', { queue: index, name, num, desc: ring.desc, avail: ring.avail, used: ring.used, vector: msixVec, notifyAddr: VIRTIO_PCI_QUEUE_NOTIFY });
      return { ok: true, ring, notify: { bar: l.bar, offset: VIRTIO_PCI_QUEUE_NOTIFY } };
    })(),
  );
}

/** del_vq (virtio_pci_legacy.c): drop the vector (and flush with an ISR read), then deactivate. */
export function* delVqLegacy(ctx: ActorContext, l: VpLegacyDevice, index: number, msixEnabled: boolean): Gen {
  yield* ctx.call(
    'del_vq@legacy',
    (function* () {
      if (msixEnabled) {
        yield* vpLegacyQueueVector(ctx, l, index, VIRTIO_MSI_NO_VECTOR);
        // "Flush the write out to device"
        yield* rd(ctx, l, VIRTIO_PCI_ISR, 1);
      }
      yield* vpLegacySetQueueAddress(ctx, l, index, 0);
    })(),
  );
}
