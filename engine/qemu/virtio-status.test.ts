/**
 * The status rules: QEMU 7.2's virtio_set_status behaviour for the normal
 * progression and each invalid write, and the XState machine agreeing with
 * the pure function on every transition driven here.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  deviceNeedsReset,
  statusStateOf,
  statusWrite,
  virtioStatusMachine,
  virtioValidateFeatures,
  VIRTIO_F_IOMMU_PLATFORM,
  type StatusWriteInfo,
} from './virtio-status';

const MODERN: StatusWriteInfo = { version1: true, featuresValid: true };

/** Run the machine through `writes` and return its snapshot. */
function drive(writes: Array<[number, StatusWriteInfo]>) {
  const a = createActor(virtioStatusMachine).start();
  for (const [v, info] of writes) a.send({ type: 'status.write', value: v, info });
  return a;
}

/** The machine, put at `current` by an accepted write, then sent `written`, ends where statusWrite says. */
function expectAgree(current: number, written: number, info: StatusWriteInfo) {
  const a = drive([[current, MODERN]]);
  expect(a.getSnapshot().context.status).toBe(current);
  a.send({ type: 'status.write', value: written, info });
  const r = statusWrite(current, written, info);
  const snap = a.getSnapshot();
  expect(snap.context.status).toBe(r.next);
  expect(snap.value).toBe(statusStateOf(r.next));
  expect(snap.context.lastAccepted).toBe(r.accepted);
  return r;
}

describe('statusWrite (virtio_set_status, QEMU 7.2)', () => {
  it('accepts the normal progression 0 → 1 → 3 → 0xb → 0xf without remarks', () => {
    const seq = [0x1, 0x3, 0xb, 0xf];
    let cur = 0;
    const states = [];
    for (const v of seq) {
      const r = expectAgree(cur, v, MODERN);
      expect(r).toEqual({ next: v, accepted: true });
      states.push(statusStateOf(r.next));
      cur = v;
    }
    expect(states).toEqual(['acknowledge', 'driver', 'features-ok', 'driver-ok']);
  });

  it('writing 0 resets from any stage', () => {
    for (const cur of [0x1, 0x3, 0xb, 0xf, 0x8f, 0x4f]) {
      const r = expectAgree(cur, 0, MODERN);
      expect(r).toEqual({ next: 0, accepted: true });
    }
  });

  it('FAILED is stored and shown as failed', () => {
    const r = expectAgree(0x3, 0x83, MODERN);
    expect(r).toEqual({ next: 0x83, accepted: true });
    expect(statusStateOf(r.next)).toBe('failed');
  });

  it('clearing a bit is accepted as written, with the spec rule named', () => {
    const r = expectAgree(0xb, 0x3, MODERN);
    expect(r.accepted).toBe(true);
    expect(r.next).toBe(0x3);
    expect(r.reason).toMatch(/clears 0x8.*§2\.1\.2/);
  });

  it('DRIVER_OK without FEATURES_OK on a modern device is accepted (QEMU has no check)', () => {
    const r = expectAgree(0x3, 0x7, MODERN);
    expect(r).toMatchObject({ next: 0x7, accepted: true });
    expect(r.reason).toMatch(/DRIVER_OK without FEATURES_OK/);
    // A legacy negotiation (no VERSION_1) has no FEATURES_OK step: no remark.
    expect(statusWrite(0x3, 0x7, { version1: false, featuresValid: true })).toEqual({ next: 0x7, accepted: true });
  });

  it('FEATURES_OK with unsupported features is accepted (they were masked already)', () => {
    const r = expectAgree(0x3, 0xb, { ...MODERN, unsupportedAcked: true });
    expect(r).toMatchObject({ next: 0xb, accepted: true });
    expect(r.reason).toMatch(/virtio_set_features_nocheck/);
  });

  it('FEATURES_OK is refused when virtio_validate_features fails: the byte keeps its old value', () => {
    const bad = { version1: true, featuresValid: false };
    const r = expectAgree(0x3, 0xb, bad);
    expect(r.accepted).toBe(false);
    expect(r.next).toBe(0x3);
    // Not refused when FEATURES_OK was already set, nor without VERSION_1.
    expect(statusWrite(0xb, 0xf, bad).accepted).toBe(true);
    expect(statusWrite(0x3, 0xb, { version1: false, featuresValid: false }).accepted).toBe(true);
  });

  it('virtio_validate_features: IOMMU_PLATFORM offered but not acked is -EFAULT', () => {
    const iommu = 1n << BigInt(VIRTIO_F_IOMMU_PLATFORM);
    expect(virtioValidateFeatures(iommu, 0n)).toBe(-14);
    expect(virtioValidateFeatures(iommu, iommu)).toBe(0);
    expect(virtioValidateFeatures(0n, 0n)).toBe(0);
  });

  it('the driver setting NEEDS_RESET itself is stored, with a remark', () => {
    const r = expectAgree(0xf, 0x4f, MODERN);
    expect(r).toMatchObject({ next: 0x4f, accepted: true });
    expect(r.reason).toMatch(/only the device sets/);
  });
});

describe('device-side NEEDS_RESET (virtio_error)', () => {
  it('ORs in 0x40 on a VERSION_1 device; machine goes to needs-reset, then 0 resets it', () => {
    const a = drive([
      [1, MODERN],
      [3, MODERN],
      [0xb, MODERN],
      [0xf, MODERN],
    ]);
    a.send({ type: 'device.error', version1: true });
    expect(deviceNeedsReset(0xf, true)).toEqual({ next: 0x4f, accepted: true });
    expect(a.getSnapshot().value).toBe('needs-reset');
    expect(a.getSnapshot().context).toMatchObject({ status: 0x4f, broken: true });
    a.send({ type: 'status.write', value: 0, info: MODERN });
    expect(a.getSnapshot().value).toBe('reset');
    expect(a.getSnapshot().context).toMatchObject({ status: 0, broken: false });
  });

  it('a legacy device only becomes broken: the byte does not change', () => {
    const a = drive([[0x7, { version1: false, featuresValid: true }]]);
    a.send({ type: 'device.error', version1: false });
    const r = deviceNeedsReset(0x7, false);
    expect(r.next).toBe(0x7);
    expect(a.getSnapshot().context).toMatchObject({ status: 0x7, broken: true, lastAccepted: false });
    expect(a.getSnapshot().value).toBe('driver-ok');
  });
});

describe('machine and function agree', () => {
  it('on every pair of a set of interesting bytes, for each info variant', () => {
    const bytes = [0, 0x1, 0x2, 0x3, 0x7, 0xb, 0xf, 0x10, 0x40, 0x4f, 0x80, 0x83, 0x8b, 0xff];
    const infos: StatusWriteInfo[] = [
      MODERN,
      { version1: true, featuresValid: false },
      { version1: false, featuresValid: true },
      { version1: true, featuresValid: true, unsupportedAcked: true },
    ];
    for (const cur of bytes) for (const w of bytes) for (const info of infos) expectAgree(cur, w, info);
  });
});
