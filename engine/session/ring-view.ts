/**
 * Decode the ring straight from arena bytes, for the UI: header fields and one
 * entry at a time, so a 32768-entry queue can be drawn window by window.
 * Works on a live SharedArrayBuffer view or on a copy posted by the worker.
 */
import { AVAIL, DESC, USED, VRING_DESC_SIZE, availEventOffset, availRingSlot, usedEventOffset, usedRingSlot, type VringDesc } from '../abi/virtio-ring';
import type { VirtqueueInfo, WorldInfoBase } from '../scenarios/world';

/** Arena offset of a guest-physical address, or -1 outside guest RAM. */
export function gpaToArena(info: Pick<WorldInfoBase, 'regions'>, gpa: number, len = 1): number {
  for (const r of info.regions) if (gpa >= r.gpa && gpa + len <= r.gpa + r.size) return r.arenaOff + (gpa - r.gpa);
  return -1;
}

function dv(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Ring header fields: flags, indices and the two event fields. */
export interface RingHeader {
  availFlags: number;
  availIdx: number;
  usedEvent: number;
  usedFlags: number;
  usedIdx: number;
  availEvent: number;
}

/** Read the avail and used headers and event fields. */
export function readRingHeader(bytes: Uint8Array, info: VirtqueueInfo): RingHeader {
  const v = dv(bytes);
  const { num } = info.ring;
  const a = gpaToArena(info, info.ring.avail);
  const u = gpaToArena(info, info.ring.used);
  return {
    availFlags: v.getUint16(a + AVAIL.flags, true),
    availIdx: v.getUint16(a + AVAIL.idx, true),
    usedEvent: v.getUint16(a + usedEventOffset(num), true),
    usedFlags: v.getUint16(u + USED.flags, true),
    usedIdx: v.getUint16(u + USED.idx, true),
    availEvent: v.getUint16(u + availEventOffset(num), true),
  };
}

/** Descriptor `i` of the table (or of an indirect table at `tableGpa`). */
export function readDesc(bytes: Uint8Array, info: VirtqueueInfo, i: number, tableGpa = info.ring.desc): VringDesc | undefined {
  const off = gpaToArena(info, tableGpa + i * VRING_DESC_SIZE, VRING_DESC_SIZE);
  if (off < 0) return undefined;
  const v = dv(bytes);
  return {
    addr: v.getUint32(off + DESC.addr, true) + v.getUint32(off + DESC.addr + 4, true) * 0x1_0000_0000,
    len: v.getUint32(off + DESC.len, true),
    flags: v.getUint16(off + DESC.flags, true),
    next: v.getUint16(off + DESC.next, true),
  };
}

/** avail->ring[i]. */
export function readAvailEntry(bytes: Uint8Array, info: VirtqueueInfo, i: number): number {
  return dv(bytes).getUint16(gpaToArena(info, info.ring.avail) + availRingSlot(i), true);
}

/** used->ring[i]. */
export function readUsedEntry(bytes: Uint8Array, info: VirtqueueInfo, i: number): { id: number; len: number } {
  const v = dv(bytes);
  const off = gpaToArena(info, info.ring.used) + usedRingSlot(i);
  return { id: v.getUint32(off, true), len: v.getUint32(off + 4, true) };
}

/** `len` bytes of guest memory at `gpa` (empty outside guest RAM). */
export function readGuestBytes(bytes: Uint8Array, info: VirtqueueInfo, gpa: number, len: number): Uint8Array {
  const off = gpaToArena(info, gpa, len);
  return off < 0 ? new Uint8Array(0) : bytes.slice(off, off + len);
}
