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
/** Where the payload starts: after the header and the 4-byte sequence number. */
const PAYLOAD = ETH_HLEN + 4;

/**
 * Each direction's first 14 bytes: destination MAC, source MAC, ethertype
 * 0x88b5 (IEEE "local experimental", fitting for a simulation). TX goes to
 * the host, RX to the guest. The big-endian sequence number follows at 14..17.
 */
const HEADERS = {
  tx: Uint8Array.from([...HOST_MAC, ...GUEST_MAC, 0x88, 0xb5]),
  rx: Uint8Array.from([...GUEST_MAC, ...HOST_MAC, 0x88, 0xb5]),
};

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

/**
 * Write frame `seq` into `out[at .. at + len)`: the header, the sequence
 * number, then the payload, four little-endian bytes per step of the stream
 * (a short last step keeps its low bytes). Runs once per frame in free-run,
 * so whole steps are written without a per-byte test.
 */
export function fillFrameAt(out: Uint8Array, at: number, len: number, seq: number, dir: 'tx' | 'rx', seed: number): void {
  const h = HEADERS[dir];
  for (let i = 0; i < ETH_HLEN && i < len; i++) out[at + i] = h[i]!;
  for (let i = ETH_HLEN; i < PAYLOAD && i < len; i++) out[at + i] = seq >>> (8 * (PAYLOAD - 1 - i));
  let x = payloadSeed(seq, seed);
  let i = PAYLOAD;
  for (; i + 4 <= len; i += 4) {
    x = next(x);
    const o = at + i;
    out[o] = x;
    out[o + 1] = x >>> 8;
    out[o + 2] = x >>> 16;
    out[o + 3] = x >>> 24;
  }
  if (i < len) {
    x = next(x);
    for (let k = 0; i + k < len; k++) out[at + i + k] = x >>> (8 * k);
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
  if (len < PAYLOAD) return false;
  const h = HEADERS[dir];
  for (let i = 0; i < ETH_HLEN; i++) if (bytes[at + i] !== h[i]) return false;
  if (frameSeqAt(bytes, at, len) !== seq >>> 0) return false;
  let x = payloadSeed(seq, seed);
  let i = PAYLOAD;
  for (; i + 4 <= len; i += 4) {
    x = next(x);
    const o = at + i;
    if ((bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) !== (x | 0)) return false;
  }
  if (i < len) {
    x = next(x);
    for (let k = 0; i + k < len; k++) if (bytes[at + i + k] !== ((x >>> (8 * k)) & 0xff)) return false;
  }
  return true;
}

/** The sequence number a frame claims, and whether its bytes are exactly what that frame should be. */
export function checkFrame(bytes: Uint8Array, dir: 'tx' | 'rx', seed: number): { seq: number; ok: boolean } {
  const seq = frameSeqAt(bytes, 0, bytes.length);
  return { seq, ok: seq >= 0 && frameIntactAt(bytes, 0, bytes.length, seq, dir, seed) };
}
