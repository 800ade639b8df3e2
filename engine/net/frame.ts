/**
 * The Ethernet frames the walkthrough sends. Each carries its sequence number
 * right after the Ethernet header and a pattern derived from it, so the side
 * that receives a frame can tell which one it is and whether any byte changed.
 */

/** QEMU's default guest MAC 52:54:00:12:34:56 and a host peer. */
const GUEST_MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const HOST_MAC = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef];
/** Ethernet header length; the sequence number follows it. */
export const ETH_HLEN = 14;

/** The bytes of frame `seq` of length `len` (≥ 18), sent towards the guest (`rx`) or from it (`tx`). */
export function makeFrame(seq: number, len: number, dir: 'tx' | 'rx', seed: number): Uint8Array {
  const f = new Uint8Array(len);
  f.set(dir === 'tx' ? HOST_MAC : GUEST_MAC, 0);
  f.set(dir === 'tx' ? GUEST_MAC : HOST_MAC, 6);
  f[12] = 0x88; // ethertype 0x88b5: IEEE "local experimental", fitting for a simulation
  f[13] = 0xb5;
  new DataView(f.buffer).setUint32(ETH_HLEN, seq, false);
  let x = (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0;
  for (let i = ETH_HLEN + 4; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    f[i] = x & 0xff;
  }
  return f;
}

/** The sequence number a frame claims, and whether its bytes are exactly what that frame should be. */
export function checkFrame(bytes: Uint8Array, dir: 'tx' | 'rx', seed: number): { seq: number; ok: boolean } {
  if (bytes.length < ETH_HLEN + 4) return { seq: -1, ok: false };
  const seq = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(ETH_HLEN, false);
  const want = makeFrame(seq, bytes.length, dir, seed);
  for (let i = 0; i < want.length; i++) if (want[i] !== bytes[i]) return { seq, ok: false };
  return { seq, ok: true };
}
