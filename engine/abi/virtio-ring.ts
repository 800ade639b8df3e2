/**
 * Split-virtqueue wire format, byte for byte as in the virtio 1.x spec §2.6 and
 * Linux `include/uapi/linux/virtio_ring.h`. Everything here is pure: offsets,
 * sizes, flags and the `vring_need_event` test. Both sides (the Linux driver in
 * `engine/linux-guest` and the vhost device in `engine/linux-host`) and the UI
 * decode rings through these functions, so there is one definition of the layout.
 */

/** This marks a buffer as continuing via the next field. */
export const VRING_DESC_F_NEXT = 1;
/** This marks a buffer as device write-only (otherwise device read-only). */
export const VRING_DESC_F_WRITE = 2;
/** This means the buffer contains a list of buffer descriptors. */
export const VRING_DESC_F_INDIRECT = 4;
/** used.flags: the device asks the driver not to kick when it adds a buffer. */
export const VRING_USED_F_NO_NOTIFY = 1;
/** avail.flags: the driver asks the device not to interrupt when it consumes a buffer. */
export const VRING_AVAIL_F_NO_INTERRUPT = 1;

/** Feature bit: the driver may use descriptors with VRING_DESC_F_INDIRECT. */
export const VIRTIO_RING_F_INDIRECT_DESC = 28;
/** Feature bit: used_event / avail_event fields replace the flags. */
export const VIRTIO_RING_F_EVENT_IDX = 29;
/** Feature bit: compliance with the virtio 1.0+ spec (little-endian rings). */
export const VIRTIO_F_VERSION_1 = 32;
/** Feature bit: the packed ring layout instead of the split one. */
export const VIRTIO_F_RING_PACKED = 34;

/** Size of one `struct vring_desc`: addr u64, len u32, flags u16, next u16. */
export const VRING_DESC_SIZE = 16;
/** Size of one `struct vring_used_elem`: id u32, len u32. */
export const VRING_USED_ELEM_SIZE = 8;
/** Header of avail and used rings: flags (u16) + idx (u16). */
export const VRING_RING_HDR_SIZE = 4;
/** Alignment the spec requires of each part (VRING_*_ALIGN_SIZE). */
export const VRING_DESC_ALIGN_SIZE = 16;
/** Alignment of the driver area. */
export const VRING_AVAIL_ALIGN_SIZE = 2;
/** Alignment of the device area. */
export const VRING_USED_ALIGN_SIZE = 4;
/** Largest queue size a split virtqueue may have (spec §2.6: "maximum Queue Size value is 32768"). */
export const VIRTQUEUE_MAX_SIZE = 32768;

/** Field offsets inside `struct vring_desc`. */
export const DESC = { addr: 0, len: 8, flags: 12, next: 14 } as const;
/** Field offsets inside the avail ring. */
export const AVAIL = { flags: 0, idx: 2, ring: 4 } as const;
/** Field offsets inside the used ring. */
export const USED = { flags: 0, idx: 2, ring: 4 } as const;

/** Bytes of the descriptor table for a queue of `num` entries. */
export function descTableSize(num: number): number {
  return VRING_DESC_SIZE * num;
}

/** Bytes of the avail ring including used_event (present with or without EVENT_IDX; spec §2.6). */
export function availRingSize(num: number): number {
  return VRING_RING_HDR_SIZE + 2 * num + 2;
}

/** Bytes of the used ring including avail_event. */
export function usedRingSize(num: number): number {
  return VRING_RING_HDR_SIZE + VRING_USED_ELEM_SIZE * num + 2;
}

/** Offset of avail->ring[i] from the start of the avail ring. */
export function availRingSlot(i: number): number {
  return AVAIL.ring + 2 * i;
}

/** Offset of `used_event` (vring_used_event(): avail->ring[num]). */
export function usedEventOffset(num: number): number {
  return AVAIL.ring + 2 * num;
}

/** Offset of used->ring[i] from the start of the used ring. */
export function usedRingSlot(i: number): number {
  return USED.ring + VRING_USED_ELEM_SIZE * i;
}

/** Offset of `avail_event` (vring_avail_event(): *(u16 *)&used->ring[num]). */
export function availEventOffset(num: number): number {
  return USED.ring + VRING_USED_ELEM_SIZE * num;
}

/** A queue size is valid when it is a power of two in 1..32768. */
export function isValidQueueSize(num: number): boolean {
  return Number.isInteger(num) && num >= 1 && num <= VIRTQUEUE_MAX_SIZE && (num & (num - 1)) === 0;
}

/** Round `x` up to a multiple of `align` (a power of two). */
export function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

/** The legacy contiguous layout of `vring_init()` / `vring_size()` (used offset aligned to `align`). */
export function legacyLayout(num: number, align: number): { desc: number; avail: number; used: number; size: number } {
  const avail = descTableSize(num);
  const used = alignUp(avail + 2 * (3 + num), align);
  return { desc: 0, avail, used, size: used + 2 * 3 + VRING_USED_ELEM_SIZE * num };
}

/**
 * `vring_need_event(event_idx, new_idx, old_idx)`: notify iff event_idx lies in
 * the window [old, new) of indices just published, all arithmetic mod 2^16.
 * "The following is used with USED_EVENT_IDX and AVAIL_EVENT_IDX" (virtio_ring.h).
 */
export function vringNeedEvent(eventIdx: number, newIdx: number, oldIdx: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - oldIdx) & 0xffff);
}

/** A decoded `struct vring_desc`. */
export interface VringDesc {
  addr: number;
  len: number;
  flags: number;
  next: number;
}

/** Human flag names of a descriptor, e.g. "NEXT|WRITE". */
export function descFlagNames(flags: number): string {
  const names: string[] = [];
  if (flags & VRING_DESC_F_NEXT) names.push('NEXT');
  if (flags & VRING_DESC_F_WRITE) names.push('WRITE');
  if (flags & VRING_DESC_F_INDIRECT) names.push('INDIRECT');
  return names.join('|') || '0';
}

/** Guest-physical placement of one split virtqueue (the three areas the driver tells the device). */
export interface VringLayout {
  num: number;
  desc: number;
  avail: number;
  used: number;
}
