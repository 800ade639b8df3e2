/**
 * The virtio device status byte (virtio spec 1.1/1.2 §2.1, §3.1) as QEMU 7.2
 * handles a guest's write of it: virtio_pci_common_write (case
 * VIRTIO_PCI_COMMON_STATUS) or virtio_ioport_write (VIRTIO_PCI_STATUS) →
 * virtio_set_status (hw/virtio/virtio.c).
 *
 * QEMU is lenient: virtio_set_status stores whatever byte the guest writes.
 * Its one refusal is FEATURES_OK on a VERSION_1 device whose
 * virtio_validate_features fails (IOMMU_PLATFORM offered but not acked, or
 * the device class's validate_features hook); then the old byte stays, so the
 * driver's re-read (§3.1.1 step 6) finds FEATURES_OK clear. Everything the
 * spec forbids but QEMU lets through is reported in `reason`.
 *
 * Two views of the same rules: `statusWrite` (a pure function, used by the
 * register model) and `virtioStatusMachine` (an XState v5 machine, for the
 * UI's state diagram). Tests drive both with the same writes.
 */
import { assign, setup } from 'xstate';
import {
  VIRTIO_CONFIG_S_DRIVER,
  VIRTIO_CONFIG_S_DRIVER_OK,
  VIRTIO_CONFIG_S_FAILED,
  VIRTIO_CONFIG_S_FEATURES_OK,
  VIRTIO_CONFIG_S_NEEDS_RESET,
} from '../abi/virtio-pci';

/** The stages of the status machine. A byte's stage is its highest bit in the order failed > needs-reset > driver-ok > features-ok > driver > acknowledge; 0 is reset. */
export type VirtioStatusState = 'reset' | 'acknowledge' | 'driver' | 'features-ok' | 'driver-ok' | 'failed' | 'needs-reset';

/** What virtio_set_status looks at besides the two bytes. */
export interface StatusWriteInfo {
  /** VIRTIO_F_VERSION_1 is in vdev->guest_features (the driver acked it): only then is FEATURES_OK validated. */
  version1: boolean;
  /** virtio_validate_features would return 0 (see virtioValidateFeatures). */
  featuresValid: boolean;
  /** The driver wrote feature bits the device does not offer; virtio_set_features_nocheck already masked them out of guest_features. */
  unsupportedAcked?: boolean;
}

/** The outcome of one status write. */
export interface StatusWriteResult {
  /** vdev->status afterwards. */
  next: number;
  /** False only when virtio_set_status returned an error and kept the old byte. */
  accepted: boolean;
  /** Why it was refused, or which spec rule QEMU let the guest break. */
  reason?: string;
}

/** VIRTIO_F_IOMMU_PLATFORM (bit 33): the one transport check in virtio_validate_features. */
export const VIRTIO_F_IOMMU_PLATFORM = 33;
/** -EFAULT, virtio_validate_features' return value when IOMMU_PLATFORM was offered but not acked. */
export const EFAULT = 14;

/**
 * virtio_validate_features (hw/virtio/virtio.c): -EFAULT when the device
 * offers VIRTIO_F_IOMMU_PLATFORM and the driver did not ack it, else 0
 * (virtio-net and virtio-balloon have no validate_features hook in 7.2; only
 * virtio-mem does).
 */
export function virtioValidateFeatures(hostFeatures: bigint, guestFeatures: bigint): number {
  const iommu = 1n << BigInt(VIRTIO_F_IOMMU_PLATFORM);
  return (hostFeatures & iommu) !== 0n && (guestFeatures & iommu) === 0n ? -EFAULT : 0;
}

/** The stage a status byte shows (reserved bits 0x10/0x20 alone count as acknowledge: a non-zero byte with no stage bit). */
export function statusStateOf(status: number): VirtioStatusState {
  const s = status & 0xff;
  if (s === 0) return 'reset';
  if (s & VIRTIO_CONFIG_S_FAILED) return 'failed';
  if (s & VIRTIO_CONFIG_S_NEEDS_RESET) return 'needs-reset';
  if (s & VIRTIO_CONFIG_S_DRIVER_OK) return 'driver-ok';
  if (s & VIRTIO_CONFIG_S_FEATURES_OK) return 'features-ok';
  if (s & VIRTIO_CONFIG_S_DRIVER) return 'driver';
  return 'acknowledge';
}

const hex = (v: number): string => `0x${v.toString(16)}`;

/** The refusal: FEATURES_OK newly set on a VERSION_1 device whose features fail validation. */
function validationRefuses(current: number, val: number, info: StatusWriteInfo): boolean {
  return info.version1 && !(current & VIRTIO_CONFIG_S_FEATURES_OK) && (val & VIRTIO_CONFIG_S_FEATURES_OK) !== 0 && !info.featuresValid;
}

/**
 * virtio_set_status as the guest's write reaches it (the caller passes the
 * whole byte; QEMU masks the register value with 0xff).
 */
export function statusWrite(current: number, written: number, info: StatusWriteInfo): StatusWriteResult {
  const cur = current & 0xff;
  const val = written & 0xff;
  if (validationRefuses(cur, val, info)) {
    return {
      next: cur,
      accepted: false,
      reason:
        'virtio_validate_features failed (IOMMU_PLATFORM offered, not acked): virtio_set_status returns before storing, so the re-read shows FEATURES_OK clear (spec §3.1.1 step 6)',
    };
  }
  if (val === 0) return { next: 0, accepted: true };
  const broken: string[] = [];
  const cleared = cur & ~val & 0xff;
  if (cleared) broken.push(`clears ${hex(cleared)}: spec §2.1.2 says the driver must not clear a status bit; QEMU stores the byte as written`);
  if (info.version1 && val & VIRTIO_CONFIG_S_DRIVER_OK && !(val & VIRTIO_CONFIG_S_FEATURES_OK)) {
    broken.push('DRIVER_OK without FEATURES_OK on a VERSION_1 device: spec §3.1.1 forbids it; QEMU has no check and starts the device (virtio_set_started)');
  }
  if (info.unsupportedAcked && val & VIRTIO_CONFIG_S_FEATURES_OK && !(cur & VIRTIO_CONFIG_S_FEATURES_OK)) {
    broken.push(
      'FEATURES_OK with features the device does not offer: spec §2.2.2 lets the device refuse; QEMU accepts, virtio_set_features_nocheck had already dropped the unsupported bits',
    );
  }
  if (val & VIRTIO_CONFIG_S_NEEDS_RESET && !(cur & VIRTIO_CONFIG_S_NEEDS_RESET)) {
    broken.push('the driver set DEVICE_NEEDS_RESET, a bit only the device sets (spec §2.1); QEMU stores it');
  }
  return broken.length ? { next: val, accepted: true, reason: broken.join('; ') } : { next: val, accepted: true };
}

/**
 * virtio_error (hw/virtio/virtio.c): the device hit something it cannot go on
 * with. On a VERSION_1 device it ORs in DEVICE_NEEDS_RESET and sends a config
 * interrupt (virtio_notify_config); a legacy device has no such bit, QEMU
 * only marks it broken. Either way vdev->broken stops virtio_queue_notify.
 */
export function deviceNeedsReset(current: number, version1: boolean): StatusWriteResult {
  if (!version1) return { next: current & 0xff, accepted: false, reason: 'legacy device: no DEVICE_NEEDS_RESET, virtio_error only sets vdev->broken' };
  return { next: (current | VIRTIO_CONFIG_S_NEEDS_RESET) & 0xff, accepted: true };
}

/** Machine context: the status byte and what the last event did. */
export interface VirtioStatusContext {
  status: number;
  /** vdev->broken (virtio_error); cleared by reset. */
  broken: boolean;
  lastAccepted: boolean;
}

/** Machine events: the guest writes the whole byte; the device reports an error (virtio_error). */
export type VirtioStatusEvent = { type: 'status.write'; value: number; info: StatusWriteInfo } | { type: 'device.error'; version1: boolean };

type WriteEv = Extract<VirtioStatusEvent, { type: 'status.write' }>;
const wv = (e: VirtioStatusEvent): number => (e.type === 'status.write' ? e.value & 0xff : 0);

/**
 * The status machine (XState v5). The guards restate the rules above per
 * target stage; the tests check that every transition they drive ends where
 * `statusWrite` / `deviceNeedsReset` say.
 */
export const virtioStatusMachine = setup({
  types: {
    context: {} as VirtioStatusContext,
    events: {} as VirtioStatusEvent,
  },
  guards: {
    refused: ({ context, event }) => event.type === 'status.write' && validationRefuses(context.status, wv(event), (event as WriteEv).info),
    writesZero: ({ event }) => wv(event) === 0,
    toFailed: ({ event }) => (wv(event) & VIRTIO_CONFIG_S_FAILED) !== 0,
    toNeedsReset: ({ event }) => (wv(event) & VIRTIO_CONFIG_S_NEEDS_RESET) !== 0,
    toDriverOk: ({ event }) => (wv(event) & VIRTIO_CONFIG_S_DRIVER_OK) !== 0,
    toFeaturesOk: ({ event }) => (wv(event) & VIRTIO_CONFIG_S_FEATURES_OK) !== 0,
    toDriver: ({ event }) => (wv(event) & VIRTIO_CONFIG_S_DRIVER) !== 0,
    legacyError: ({ event }) => event.type === 'device.error' && !event.version1,
    errorWhileFailed: ({ context }) => (context.status & VIRTIO_CONFIG_S_FAILED) !== 0,
  },
  actions: {
    store: assign({ status: ({ event }) => wv(event), lastAccepted: true }),
    reset: assign({ status: 0, broken: false, lastAccepted: true }),
    refuse: assign({ lastAccepted: false }),
    setNeedsReset: assign({ status: ({ context }) => context.status | VIRTIO_CONFIG_S_NEEDS_RESET, broken: true, lastAccepted: true }),
    markBroken: assign({ broken: true, lastAccepted: false }),
  },
}).createMachine({
  id: 'virtio-status',
  context: { status: 0, broken: false, lastAccepted: true },
  initial: 'reset',
  states: {
    reset: {},
    acknowledge: {},
    driver: {},
    'features-ok': {},
    'driver-ok': {},
    failed: {},
    'needs-reset': {},
  },
  on: {
    'status.write': [
      { guard: 'refused', actions: 'refuse' },
      { guard: 'writesZero', target: '.reset', actions: 'reset' },
      { guard: 'toFailed', target: '.failed', actions: 'store' },
      { guard: 'toNeedsReset', target: '.needs-reset', actions: 'store' },
      { guard: 'toDriverOk', target: '.driver-ok', actions: 'store' },
      { guard: 'toFeaturesOk', target: '.features-ok', actions: 'store' },
      { guard: 'toDriver', target: '.driver', actions: 'store' },
      { target: '.acknowledge', actions: 'store' },
    ],
    'device.error': [
      { guard: 'legacyError', actions: 'markBroken' },
      { guard: 'errorWhileFailed', target: '.failed', actions: 'setNeedsReset' },
      { target: '.needs-reset', actions: 'setNeedsReset' },
    ],
  },
});
