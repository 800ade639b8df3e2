/**
 * The guest binding a virtio driver to a modern virtio-pci function (Linux
 * 6.12): virtio_pci_probe → virtio_pci_modern_probe (vp_modern_probe), then
 * register_virtio_device (reset, ACKNOWLEDGE) and virtio_dev_probe (DRIVER,
 * feature negotiation, FEATURES_OK and its re-read), the driver's probe up
 * to find_vqs (virtnet_find_vqs / the balloon's init_vqs → virtio_find_vqs →
 * vp_modern_find_vqs → vp_find_vqs, then queue_enable for every queue), and
 * DRIVER_OK (virtio_device_ready).
 *
 * virtio_pci_modern_probe's wiring and vp_modern_find_vqs live here rather
 * than in virtio-pci-modern.ts so that the modules import one way only
 * (modern ← common ← probe).
 */
import { PCI_COMMAND, PCI_COMMAND_IO, PCI_COMMAND_MASTER, PCI_COMMAND_MEMORY } from '../abi/pci';
import {
  VIRTIO_CONFIG_S_ACKNOWLEDGE,
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FAILED,
  VIRTIO_CONFIG_S_FEATURES_OK,
  VIRTIO_MSI_NO_VECTOR,
  virtioPciConfigOff,
} from '../abi/virtio-pci';
import type { ActorContext, Gen } from '../sched/actor';
import type { FrameId } from '../trace/frames';
import type { PciFunctionAccess } from '../qemu/pci-access';
import { VpDev, vpFindVqs, type VringHooks } from './virtio-pci-common';
import { delVqLegacy, setupVqLegacy, vpLegacyConfigVector, vpLegacyGetFeatures, vpLegacyGetStatus, vpLegacyProbe, vpLegacySetFeatures, vpLegacySetStatus, type VpLegacyDevice } from './virtio-pci-legacy';
import {
  EINVAL,
  delVq,
  setupVq,
  vpModernConfigVector,
  vpModernGetFeatures,
  vpModernGetStatus,
  vpModernProbe,
  vpModernSetFeatures,
  vpModernSetQueueEnable,
  vpModernSetStatus,
  type BarLen,
  type RingAlloc,
  type VpModernDevice,
} from './virtio-pci-modern';
import { balloonQueues, virtnetQueues, type QueueVector, type VectorMode, type VectorPlan, type VqInfo } from './vq-vectors';

/** Feature bits the probe needs by name (include/uapi/linux/virtio_config.h, virtio_net.h, virtio_balloon.h). */
export const VIRTIO_F = {
  VIRTIO_RING_F_INDIRECT_DESC: 28,
  VIRTIO_RING_F_EVENT_IDX: 29,
  VIRTIO_F_VERSION_1: 32,
  VIRTIO_F_ACCESS_PLATFORM: 33,
  VIRTIO_F_RING_PACKED: 34,
  VIRTIO_F_ORDER_PLATFORM: 36,
  VIRTIO_F_NOTIFICATION_DATA: 38,
  VIRTIO_F_RING_RESET: 40,
  VIRTIO_F_ADMIN_VQ: 41,
  VIRTIO_NET_F_CSUM: 0,
  VIRTIO_NET_F_GUEST_CSUM: 1,
  VIRTIO_NET_F_MAC: 5,
  VIRTIO_NET_F_MRG_RXBUF: 15,
  VIRTIO_NET_F_STATUS: 16,
  VIRTIO_NET_F_CTRL_VQ: 17,
  VIRTIO_NET_F_MQ: 22,
  VIRTIO_BALLOON_F_MUST_TELL_HOST: 0,
  VIRTIO_BALLOON_F_STATS_VQ: 1,
  VIRTIO_BALLOON_F_DEFLATE_ON_OOM: 2,
  VIRTIO_BALLOON_F_FREE_PAGE_HINT: 3,
  VIRTIO_BALLOON_F_REPORTING: 5,
} as const;

/** 1 << bit as a 64-bit mask. */
export const bit = (b: number): bigint => 1n << BigInt(b);
const has = (f: bigint, b: number) => (f & bit(b)) !== 0n;

/** VIRTIO_TRANSPORT_F_START..END: bits the core keeps for the transport whatever the driver's table says. */
const TRANSPORT_F_START = 28;
const TRANSPORT_F_END = 42;
/** The transport bits vring_transport_features understands (6.12); the others are cleared. */
const RING_UNDERSTOOD = [
  VIRTIO_F.VIRTIO_RING_F_INDIRECT_DESC,
  VIRTIO_F.VIRTIO_RING_F_EVENT_IDX,
  VIRTIO_F.VIRTIO_F_VERSION_1,
  VIRTIO_F.VIRTIO_F_ACCESS_PLATFORM,
  VIRTIO_F.VIRTIO_F_RING_PACKED,
  VIRTIO_F.VIRTIO_F_ORDER_PLATFORM,
  VIRTIO_F.VIRTIO_F_NOTIFICATION_DATA,
];

/** virtio_cread16 → vp_get: a 16-bit read of the device-specific config window. */
export type ConfigRead16 = (off: number) => Gen<number>;

/** A virtio driver as the probe needs it: its feature table, its probe frames, and the queues it asks for. */
export interface VirtioDriverSpec {
  name: 'virtio_net' | 'virtio_balloon';
  /** The driver's feature_table as a mask. */
  features: bigint;
  /** drv->validate on the negotiated features: 0 or a negative errno. */
  validate?(negotiated: bigint): number;
  probeFrame: FrameId;
  /** The frames between the probe and virtio_find_vqs (init_vqs, virtnet_find_vqs). */
  findVqsFrames: readonly FrameId[];
  /** The virtqueue_info array, from the negotiated features (and the device config, which the driver may read). */
  queues(negotiated: bigint, cread16: ConfigRead16): Gen<VqInfo[]>;
}

/** offsetof(struct virtio_net_config, max_virtqueue_pairs). */
export const VIRTIO_NET_CONFIG_MAX_VIRTQUEUE_PAIRS = 8;
/** VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN / _MAX (include/uapi/linux/virtio_net.h). */
const VQ_PAIRS_MIN = 1;
const VQ_PAIRS_MAX = 0x8000;

/** virtio_net (a subset of its feature table: the bits that shape the queues, plus a few common ones). */
export const virtioNetDriver: VirtioDriverSpec = {
  name: 'virtio_net',
  features: [
    VIRTIO_F.VIRTIO_NET_F_CSUM,
    VIRTIO_F.VIRTIO_NET_F_GUEST_CSUM,
    VIRTIO_F.VIRTIO_NET_F_MAC,
    VIRTIO_F.VIRTIO_NET_F_MRG_RXBUF,
    VIRTIO_F.VIRTIO_NET_F_STATUS,
    VIRTIO_F.VIRTIO_NET_F_CTRL_VQ,
    VIRTIO_F.VIRTIO_NET_F_MQ,
  ].reduce((m, b) => m | bit(b), 0n),
  // virtnet_validate_features: "device advertises feature VIRTIO_NET_F_MQ but not VIRTIO_NET_F_CTRL_VQ" → -EINVAL.
  validate: (f) => (has(f, VIRTIO_F.VIRTIO_NET_F_MQ) && !has(f, VIRTIO_F.VIRTIO_NET_F_CTRL_VQ) ? -EINVAL : 0),
  probeFrame: 'virtnet_probe',
  findVqsFrames: ['init_vqs', 'virtnet_find_vqs'],
  *queues(f, cread16) {
    // virtnet_probe: max_virtqueue_pairs from config space with MQ; 1 if out of range or without a control queue.
    let pairs = has(f, VIRTIO_F.VIRTIO_NET_F_MQ) ? yield* cread16(VIRTIO_NET_CONFIG_MAX_VIRTQUEUE_PAIRS) : 1;
    if (pairs < VQ_PAIRS_MIN || pairs > VQ_PAIRS_MAX || !has(f, VIRTIO_F.VIRTIO_NET_F_CTRL_VQ)) pairs = 1;
    return virtnetQueues(pairs, has(f, VIRTIO_F.VIRTIO_NET_F_CTRL_VQ));
  },
};

/** virtio_balloon: its queues depend on STATS_VQ, FREE_PAGE_HINT and REPORTING (init_vqs). */
export const virtioBalloonDriver: VirtioDriverSpec = {
  name: 'virtio_balloon',
  features: [
    VIRTIO_F.VIRTIO_BALLOON_F_MUST_TELL_HOST,
    VIRTIO_F.VIRTIO_BALLOON_F_STATS_VQ,
    VIRTIO_F.VIRTIO_BALLOON_F_DEFLATE_ON_OOM,
    VIRTIO_F.VIRTIO_BALLOON_F_FREE_PAGE_HINT,
    VIRTIO_F.VIRTIO_BALLOON_F_REPORTING,
  ].reduce((m, b) => m | bit(b), 0n),
  probeFrame: 'virtballoon_probe',
  findVqsFrames: ['init_vqs@balloon'],
  // init_vqs reads no config before find_vqs.
  *queues(f) {
    return balloonQueues({
      stats: has(f, VIRTIO_F.VIRTIO_BALLOON_F_STATS_VQ),
      freePageHint: has(f, VIRTIO_F.VIRTIO_BALLOON_F_FREE_PAGE_HINT),
      reporting: has(f, VIRTIO_F.VIRTIO_BALLOON_F_REPORTING),
    });
  },
};

/** What the probe needs from the scenario. */
export interface VirtioProbeOptions {
  pci: PciFunctionAccess;
  /** BAR sizes the PCI core found (pci_resource_len). */
  barLen: BarLen;
  /** pci_dev->irq != 0. */
  hasIntx: boolean;
  /** Guest-physical memory for the rings. */
  alloc: RingAlloc;
  driver: VirtioDriverSpec;
  /** dev_name: "virtio0" for the first virtio device. */
  devName?: string;
  /** The rings' more_used and the driver's callbacks, for the handlers. */
  rings?: VringHooks;
  /** The MSI message for MSI-X entry `entry` (the x86 vector domain's choice; the scenario owns the LAPIC vectors). */
  msiMessage?: (entry: number) => { addressLo: number; addressHi: number; data: number };
  /** The guest booted with pci=nomsi: MSI-X requests fail with -EINVAL and the driver ends on INTx. */
  noMsi?: boolean;
  /** The guest booted with virtio_pci.force_legacy=1: the legacy transport in I/O BAR 0 (virtio_pci_legacy_probe). */
  legacy?: boolean;
}

/** The probe's outcome. */
export interface VirtioProbeResult {
  /** 0, or the negative errno the probe failed with. */
  err: number;
  /** Negotiated features (dev->features as written). */
  features: bigint;
  /** device_status as last read back. */
  status: number;
  /** The transport state for the handlers (null if vp_modern_probe failed). */
  vp: VpDev | null;
  /** The queue list the driver passed. */
  queues: VqInfo[];
  /** The outcome in the planner's shape, to compare with planVectors. */
  plan: VectorPlan;
}

/** virtio_pci_modern_probe's wiring: vp_dev->setup_vq / del_vq / config_vector for the modern transport. */
function modernVpDev(m: VpModernDevice, o: VirtioProbeOptions): VpDev {
  const vp = new VpDev(o.pci, o.devName ?? 'virtio0', o.hasIntx, m.isr, {
    setupVq: (ctx, index, name, vec) => setupVq(ctx, m, index, name, vec, o.alloc),
    delVq: (ctx, info, msixEnabled) => delVq(ctx, m, info.index, msixEnabled),
    configVector: (ctx, v) => vpModernConfigVector(ctx, m, v),
  }, o.rings ?? { moreUsed: () => false });
  vp.msiMessage = o.msiMessage ?? null;
  vp.pciMsiEnable = !o.noMsi;
  return vp;
}

/** vp_modern_find_vqs: vp_find_vqs, then queue_enable = 1 for every queue, last ("no way to go back except reset"). */
export function* vpModernFindVqs(ctx: ActorContext, m: VpModernDevice, vp: VpDev, queues: readonly VqInfo[]): Gen<number> {
  return yield* ctx.call(
    'vp_modern_find_vqs',
    (function* () {
      const rc = yield* vpFindVqs(ctx, vp, queues);
      if (rc) return rc;
      for (const vq of vp.vqs) yield* vpModernSetQueueEnable(ctx, m, vq.index, true);
      return 0;
    })(),
  );
}

const STATUS_NAMES: Record<number, string> = {
  [VIRTIO_CONFIG_S_ACKNOWLEDGE]: 'ACKNOWLEDGE',
  [VIRTIO_CONFIG_S_DRIVER]: 'DRIVER',
  [VIRTIO_CONFIG_S_FEATURES_OK]: 'FEATURES_OK',
  [VIRTIO_CONFIG_S_DRIVER_OK]: 'DRIVER_OK',
  [VIRTIO_CONFIG_S_FAILED]: 'FAILED',
};

/** virtio_add_status: set_status(get_status() | bit). */
function* virtioAddStatus(ctx: ActorContext, t: ProbeTransport, s: number): Gen {
  yield* ctx.call(
    'virtio_add_status',
    (function* () {
      const old = yield* ctx.call(t.frames.getStatus, t.getStatus(ctx));
      yield* ctx.call(t.frames.setStatus, t.setStatus(ctx, old | s, STATUS_NAMES[s] ?? String(s)));
    })(),
  );
}

/** vp_finalize_features: keep the transport bits the ring and virtio-pci understand, require VERSION_1, write them. */
function* vpFinalizeFeatures(ctx: ActorContext, m: VpModernDevice, features: bigint): Gen<{ err: number; features: bigint }> {
  return yield* ctx.call(
    'vp_finalize_features',
    (function* () {
      const asOffered = features;
      // vring_transport_features: "We don't understand this bit."
      for (let i = TRANSPORT_F_START; i < TRANSPORT_F_END; i++) if (!(RING_UNDERSTOOD as readonly number[]).includes(i)) features &= ~bit(i);
      // vp_transport_features: RING_RESET and ADMIN_VQ come back (SR_IOV needs an SR-IOV extended capability: none here).
      for (const b of [VIRTIO_F.VIRTIO_F_RING_RESET, VIRTIO_F.VIRTIO_F_ADMIN_VQ]) if (has(asOffered, b)) features |= bit(b);
      // "virtio: device uses modern interface but does not have VIRTIO_F_VERSION_1"
      if (!has(features, VIRTIO_F.VIRTIO_F_VERSION_1)) return { err: -EINVAL, features };
      yield* vpModernSetFeatures(ctx, m, features);
      return { err: 0, features };
    })(),
  );
}

const failedPlan = (err: number, vp: VpDev | null): VectorPlan => ({ attempts: vp?.attempts ?? [], mode: 'failure', err, configVector: VIRTIO_MSI_NO_VECTOR, queues: [], irqs: [] });

/** The probe's outcome in the planner's shape. */
function planOf(vp: VpDev, queues: readonly VqInfo[], err: number): VectorPlan {
  if (err) return failedPlan(err, vp);
  const last = vp.attempts.at(-1)?.policy ?? 'intx';
  const mode: VectorMode = last === 'each' ? 'per-vq' : last;
  const qv: QueueVector[] = queues.map((q, slot) => {
    const info = vp.vqs.find((v) => v.slot === slot);
    if (!info) return { slot, name: null, vq: null, vector: VIRTIO_MSI_NO_VECTOR, served: 'none' };
    const served = !info.callback ? 'none' : vp.irqs.some((r) => r.vq === info) ? 'own-vector' : vp.slowVirtqueues.includes(info) ? 'slow_virtqueues' : 'virtqueues';
    return { slot, name: info.name, vq: info.index, vector: info.msixVector, served };
  });
  return {
    attempts: vp.attempts,
    mode,
    err: 0,
    configVector: vp.msixEnabled ? 0 : VIRTIO_MSI_NO_VECTOR,
    queues: qv,
    irqs: vp.irqs.map(({ vector, name, handler }) => ({ vector, name, handler })),
  };
}

/** What virtio_dev_probe needs from the transport (struct virtio_config_ops), modern or legacy. */
interface ProbeTransport {
  vp: VpDev;
  frames: { getStatus: FrameId; setStatus: FrameId; getFeatures: FrameId; reset: FrameId };
  getStatus(ctx: ActorContext): Gen<number>;
  setStatus(ctx: ActorContext, status: number, added: string): Gen;
  getFeatures(ctx: ActorContext): Gen<bigint>;
  finalize(ctx: ActorContext, features: bigint): Gen<{ err: number; features: bigint }>;
  findVqs(ctx: ActorContext, queues: readonly VqInfo[]): Gen<number>;
  cread16(ctx: ActorContext, off: number): Gen<number>;
}

function modernTransport(m: VpModernDevice, o: VirtioProbeOptions): ProbeTransport {
  const vp = modernVpDev(m, o);
  return {
    vp,
    frames: { getStatus: 'vp_get_status', setStatus: 'vp_set_status', getFeatures: 'vp_get_features', reset: 'vp_reset' },
    getStatus: (ctx) => vpModernGetStatus(ctx, m),
    setStatus: (ctx, s, added) => vpModernSetStatus(ctx, m, s, added),
    getFeatures: (ctx) => vpModernGetFeatures(ctx, m),
    finalize: (ctx, f) => vpFinalizeFeatures(ctx, m, f),
    findVqs: (ctx, queues) => vpModernFindVqs(ctx, m, vp, queues),
    // virtio_cread16 → vp_get: ioread16 of the device config window (no window, no read).
    cread16: (ctx, off) => (m.device ? o.pci.barRead(ctx, m.device.bar, m.device.offset + off, 2) : (function* () { return 0; })()),
  };
}

function legacyTransport(l: VpLegacyDevice, o: VirtioProbeOptions): ProbeTransport {
  const vp = new VpDev(o.pci, o.devName ?? 'virtio0', o.hasIntx, l.isr, {
    setupVq: (ctx, index, name, vec) => setupVqLegacy(ctx, l, index, name, vec, o.alloc),
    delVq: (ctx, info, msixEnabled) => delVqLegacy(ctx, l, info.index, msixEnabled),
    configVector: (ctx, v) => vpLegacyConfigVector(ctx, l, v),
  }, o.rings ?? { moreUsed: () => false });
  vp.msiMessage = o.msiMessage ?? null;
  vp.pciMsiEnable = !o.noMsi;
  return {
    vp,
    frames: { getStatus: 'vp_get_status@legacy', setStatus: 'vp_set_status@legacy', getFeatures: 'vp_get_features@legacy', reset: 'vp_reset@legacy' },
    getStatus: (ctx) => vpLegacyGetStatus(ctx, l),
    setStatus: (ctx, s, added) => vpLegacySetStatus(ctx, l, s, added),
    getFeatures: (ctx) => vpLegacyGetFeatures(ctx, l),
    finalize: (ctx, features) =>
      ctx.call(
        'vp_finalize_features@legacy',
        (function* () {
          // vring_transport_features, then "Make sure we don't have any features > 32 bits!"
          for (let i = TRANSPORT_F_START; i < TRANSPORT_F_END; i++) if (!(RING_UNDERSTOOD as readonly number[]).includes(i)) features &= ~bit(i);
          features &= 0xffff_ffffn;
          yield* vpLegacySetFeatures(ctx, l, features);
          return { err: 0, features };
        })(),
      ),
    // The legacy config_ops' find_vqs is vp_find_vqs itself; the queues are live once their PFN is written.
    findVqs: (ctx, queues) => vpFindVqs(ctx, vp, queues),
    // vp_get: the device config follows the MSI-X vector registers when MSI-X is on (VIRTIO_PCI_CONFIG_OFF).
    cread16: (ctx, off) => o.pci.barRead(ctx, l.bar, virtioPciConfigOff(vp.msixEnabled) + off, 2),
  };
}

/**
 * The whole bind: virtio_pci_probe → virtio_pci_modern_probe,
 * register_virtio_device, virtio_dev_probe → the driver's probe → find_vqs →
 * DRIVER_OK. Failures end as the kernel's do: FAILED added to the status.
 */
export function* virtioPciProbe(ctx: ActorContext, o: VirtioProbeOptions): Gen<VirtioProbeResult> {
  return yield* ctx.call(
    'virtio_pci_probe',
    (function* (): Gen<VirtioProbeResult> {
      // pci_enable_device: decode the function's memory and I/O BARs.
      yield* ctx.call(
        'pci_enable_device',
        (function* () {
          const cmd = yield* o.pci.configRead(ctx, PCI_COMMAND, 2);
          yield* o.pci.configWrite(ctx, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY, 2);
        })(),
      );
      // virtio_pci.force_legacy=1 takes the legacy transport first; otherwise the modern one (a legacy-only function, -ENODEV there, is not modelled).
      let t: ProbeTransport;
      if (o.legacy) {
        const probed = yield* ctx.call('virtio_pci_legacy_probe', vpLegacyProbe(ctx, o.pci));
        if (!probed.ok) return { err: probed.err, features: 0n, status: 0, vp: null, queues: [], plan: failedPlan(probed.err, null) };
        t = legacyTransport(probed.ldev, o);
      } else {
        const probed = yield* ctx.call('virtio_pci_modern_probe', vpModernProbe(ctx, o.pci, o.barLen));
        if (!probed.ok) return { err: probed.err, features: 0n, status: 0, vp: null, queues: [], plan: failedPlan(probed.err, null) };
        t = modernTransport(probed.mdev, o);
      }
      // pci_set_master: the device may now DMA (and send MSI-X writes).
      yield* ctx.call(
        'pci_set_master',
        (function* () {
          const cmd = yield* o.pci.configRead(ctx, PCI_COMMAND, 2);
          yield* o.pci.configWrite(ctx, PCI_COMMAND, cmd | PCI_COMMAND_MASTER, 2);
        })(),
      );
      const vp = t.vp;

      // register_virtio_device: "We always start by resetting the device", then ACKNOWLEDGE.
      yield* ctx.call(
        'register_virtio_device',
        (function* () {
          yield* ctx.call(
            'virtio_reset_device',
            ctx.call(
              t.frames.reset,
              (function* () {
                yield* t.setStatus(ctx, 0, 'reset');
                // "the driver MUST wait for a read of device_status to return 0" (bounded here: a fake may never clear it).
                for (let i = 0; i < 16 && (yield* t.getStatus(ctx)) !== 0; i++);
              })(),
            ),
          );
          yield* virtioAddStatus(ctx, t, VIRTIO_CONFIG_S_ACKNOWLEDGE);
        })(),
      );

      return yield* ctx.call(
        'virtio_dev_probe',
        (function* (): Gen<VirtioProbeResult> {
          const fail = function* (err: number, features: bigint, queues: VqInfo[]): Gen<VirtioProbeResult> {
            yield* virtioAddStatus(ctx, t, VIRTIO_CONFIG_S_FAILED);
            const status = yield* t.getStatus(ctx);
            return { err, features, status, vp, queues, plan: failedPlan(err, vp) };
          };
          // "We have a driver!"
          yield* virtioAddStatus(ctx, t, VIRTIO_CONFIG_S_DRIVER);
          const device = yield* ctx.call(t.frames.getFeatures, t.getFeatures(ctx));
          let features = o.driver.features & device;
          // "Transport features always preserved to pass to finalize_features."
          for (let i = TRANSPORT_F_START; i < TRANSPORT_F_END; i++) if (has(device, i)) features |= bit(i);
          const fin = yield* t.finalize(ctx, features);
          features = fin.features;
          if (fin.err) return yield* fail(fin.err, features, []);
          // drv->validate (virtnet_validate) may refuse the combination.
          const invalid = o.driver.validate?.(features) ?? 0;
          if (invalid) return yield* fail(invalid, features, []);
          const ok = yield* ctx.call(
            'virtio_features_ok',
            (function* () {
              // A legacy device (no VERSION_1) has no FEATURES_OK step: "Legacy drivers skip steps 5–6".
              if (!has(features, VIRTIO_F.VIRTIO_F_VERSION_1)) return true;
              yield* virtioAddStatus(ctx, t, VIRTIO_CONFIG_S_FEATURES_OK);
              const status = yield* ctx.call(t.frames.getStatus, t.getStatus(ctx));
              const accepted = (status & VIRTIO_CONFIG_S_FEATURES_OK) !== 0;
              if (ctx.tracing) yield ctx.ev('virtio_features_ok', { status, ok: accepted });
              return accepted;
            })(),
          );
          // "virtio: device refuses features: %x"
          if (!ok) return yield* fail(-19, features, []);

          const depth = ctx.stack.length;
          if (ctx.tracing) ctx.stack.push(o.driver.probeFrame);
          let err: number;
          let queues: VqInfo[];
          try {
            const cread16: ConfigRead16 = (off) => t.cread16(ctx, off);
            queues = yield* o.driver.queues(features, cread16);
            if (ctx.tracing) ctx.stack.push(...o.driver.findVqsFrames);
            err = yield* ctx.call('virtio_find_vqs', t.findVqs(ctx, queues));
          } finally {
            ctx.stack.length = depth;
          }
          if (err) return yield* fail(err, features, queues);
          // virtio_device_ready: the driver's probe sets DRIVER_OK itself (virtnet_probe, virtballoon_probe).
          yield* ctx.call(
            'virtio_device_ready',
            (function* () {
              const s = yield* ctx.call(t.frames.getStatus, t.getStatus(ctx));
              yield* ctx.call(t.frames.setStatus, t.setStatus(ctx, s | VIRTIO_CONFIG_S_DRIVER_OK, 'DRIVER_OK'));
            })(),
          );
          const status = yield* t.getStatus(ctx);
          return { err: 0, features, status, vp, queues, plan: planOf(vp, queues, 0) };
        })(),
      );
    })(),
  );
}
