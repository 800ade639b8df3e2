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

/** Write frame `seq` into `out` (its whole length). */
export function fillFrame(out: Uint8Array, seq: number, dir: 'tx' | 'rx', seed: number): void {
  const n = Math.min(out.length, ETH_HLEN + 4);
  for (let i = 0; i < n; i++) out[i] = header(i, seq, dir);
  let x = (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0;
  for (let i = ETH_HLEN + 4; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
}

/** The sequence number a frame claims, and whether its bytes are exactly what that frame should be. */
export function checkFrame(bytes: Uint8Array, dir: 'tx' | 'rx', seed: number): { seq: number; ok: boolean } {
  if (bytes.length < ETH_HLEN + 4) return { seq: -1, ok: false };
  const seq = ((bytes[14]! << 24) | (bytes[15]! << 16) | (bytes[16]! << 8) | bytes[17]!) >>> 0;
  for (let i = 0; i < ETH_HLEN + 4; i++) if (bytes[i] !== header(i, seq, dir)) return { seq, ok: false };
  let x = (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0;
  for (let i = ETH_HLEN + 4; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    if (bytes[i] !== (x & 0xff)) return { seq, ok: false };
  }
  return { seq, ok: true };
}
