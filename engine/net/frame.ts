/**
 * The Ethernet frames the walkthrough sends. Each carries its sequence number
 * right after the Ethernet header and a pattern derived from it, so the side
 * that receives a frame can tell which one it is and whether any byte changed.
 * Generating and checking run once per frame in free-run mode, so neither
 * allocates: they fill or compare a caller's bytes in place.
 */

/** QEMU's default guest MAC 52:54:00:12:34:56 and a host peer. */
const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const HOST_MAC = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef];
/** Ethernet header length; the sequence number follows it. */
export const ETH_HLEN = 14;

/** Byte `i` of frame `seq` (of any length ≥ 18) in direction `dir`; the payload is an xorshift stream seeded by seq. */
function header(i: number, seq: number, dir: 'tx' | 'rx'): number {
  if (i < 6) return (dir === 'tx' ? HOST_MAC : GUEST_MAC)[i]!;
  if (i < 12) return (dir === 'tx' ? GUEST_MAC : HOST_MAC)[i - 6]!;
  if (i === 12) return 0x88; // ethertype 0x88b5: IEEE "local experimental", fitting for a simulation
  if (i === 13) return 0xb5;
  return (seq >>> (8 * (17 - i))) & 0xff; // big-endian sequence number at 14..17
}

/** The payload's first xorshift state for frame `seq` (never 0, so the stream never sticks). */
function payloadSeed(seq: number, seed: number): number {
  return (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0 || 1;
}

/** One xorshift32 step. */
function next(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** Write frame `seq` into `out[at .. at + len)`: the header, then the payload, four bytes per step of the stream. */
export function fillFrameAt(out: Uint8Array, at: number, len: number, seq: number, dir: 'tx' | 'rx', seed: number): void {
  const n = Math.min(len, ETH_HLEN + 4);
  for (let i = 0; i < n; i++) out[at + i] = header(i, seq, dir);
  let x = payloadSeed(seq, seed);
  for (let i = ETH_HLEN + 4; i < len; i += 4) {
    x = next(x);
    const o = at + i;
    out[o] = x;
    if (i + 1 < len) out[o + 1] = x >>> 8;
    if (i + 2 < len) out[o + 2] = x >>> 16;
    if (i + 3 < len) out[o + 3] = x >>> 24;
  }
}

/** Write frame `seq` into `out` (its whole length). */
export function fillFrame(out: Uint8Array, seq: number, dir: 'tx' | 'rx', seed: number): void {
  fillFrameAt(out, 0, out.length, seq, dir, seed);
}

/** The sequence number the frame at `bytes[at .. at + len)` claims, or -1 when it is too short to carry one. */
export function frameSeqAt(bytes: Uint8Array, at: number, len: number): number {
  if (len < ETH_HLEN + 4) return -1;
  return ((bytes[at + 14]! << 24) | (bytes[at + 15]! << 16) | (bytes[at + 16]! << 8) | bytes[at + 17]!) >>> 0;
}

/** Whether `bytes[at .. at + len)` is exactly frame `seq`. */
export function frameIntactAt(bytes: Uint8Array, at: number, len: number, seq: number, dir: 'tx' | 'rx', seed: number): boolean {
  if (len < ETH_HLEN + 4) return false;
  for (let i = 0; i < ETH_HLEN + 4; i++) if (bytes[at + i] !== header(i, seq, dir)) return false;
  let x = payloadSeed(seq, seed);
  for (let i = ETH_HLEN + 4; i < len; i += 4) {
    x = next(x);
    const o = at + i;
    if (bytes[o] !== (x & 0xff)) return false;
    if (i + 1 < len && bytes[o + 1] !== ((x >>> 8) & 0xff)) return false;
    if (i + 2 < len && bytes[o + 2] !== ((x >>> 16) & 0xff)) return false;
    if (i + 3 < len && bytes[o + 3] !== x >>> 24) return false;
  }
  return true;
}

/** The sequence number a frame claims, and whether its bytes are exactly what that frame should be. */
export function checkFrame(bytes: Uint8Array, dir: 'tx' | 'rx', seed: number): { seq: number; ok: boolean } {
  const seq = frameSeqAt(bytes, 0, bytes.length);
  return { seq, ok: seq >= 0 && frameIntactAt(bytes, 0, bytes.length, seq, dir, seed) };
}
