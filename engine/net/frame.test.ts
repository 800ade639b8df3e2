import { describe, expect, it } from 'vitest';
import { checkFrame, fillFrame, fillFrameAt, frameIntactAt, frameSeqAt } from './frame';

describe('test frames', () => {
  it.each([18, 60, 61, 62, 63, 64, 1514, 9014])('a frame of %i bytes checks as itself and carries its number', (len) => {
    const f = new Uint8Array(len);
    fillFrame(f, 123456, 'tx', 7);
    expect(checkFrame(f, 'tx', 7)).toEqual({ seq: 123456, ok: true });
    // The other direction, another seed or another number does not match.
    expect(checkFrame(f, 'rx', 7).ok).toBe(false);
    if (len > 18) expect(checkFrame(f, 'tx', 8).ok).toBe(false);
    expect(frameIntactAt(f, 0, len, 123457, 'tx', 7)).toBe(false);
  });

  it('any changed byte is caught', () => {
    const f = new Uint8Array(64);
    fillFrame(f, 9, 'rx', 1);
    for (let i = 0; i < f.length; i++) {
      const g = f.slice();
      g[i]! ^= 0x40;
      expect(checkFrame(g, 'rx', 1).ok, `byte ${i}`).toBe(false);
    }
  });

  it('fills and checks in place at an offset, leaving the bytes around it alone', () => {
    const buf = new Uint8Array(200).fill(0xee);
    fillFrameAt(buf, 33, 97, 5, 'tx', 3);
    expect(buf[32]).toBe(0xee);
    expect(buf[33 + 97]).toBe(0xee);
    expect(frameSeqAt(buf, 33, 97)).toBe(5);
    expect(frameIntactAt(buf, 33, 97, 5, 'tx', 3)).toBe(true);
    const copy = new Uint8Array(97);
    fillFrame(copy, 5, 'tx', 3);
    expect([...buf.subarray(33, 130)]).toEqual([...copy]);
  });

  it('every byte is what the format says, byte by byte (the fast fill and check write and read whole steps)', () => {
    const macs = { tx: [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56], rx: [0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef] };
    // The definition: MACs, ethertype 0x88b5, big-endian seq, then an xorshift32 stream seeded by seq, each step's bytes little-endian.
    const byteAt = (i: number, seq: number, dir: 'tx' | 'rx', seed: number, stream: number[]) =>
      i < 12 ? macs[dir][i]! : i === 12 ? 0x88 : i === 13 ? 0xb5 : i < 18 ? (seq >>> (8 * (17 - i))) & 0xff : (stream[(i - 18) >> 2]! >>> (8 * ((i - 18) & 3))) & 0xff;
    for (const [len, seq, dir, seed] of [[18, 1, 'tx', 1], [60, 77, 'rx', 5], [61, 0xfffffffe, 'tx', 0], [63, 3, 'tx', 9], [64, 1e6, 'rx', 2], [1514, 42, 'tx', 123]] as const) {
      let x = (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0 || 1;
      const stream: number[] = [];
      for (let k = 0; k < len; k += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        stream.push(x >>> 0);
      }
      const f = new Uint8Array(len);
      fillFrame(f, seq, dir, seed);
      expect([...f], `${len} ${dir}`).toEqual(Array.from({ length: len }, (_, i) => byteAt(i, seq, dir, seed, stream)));
      expect(frameIntactAt(f, 0, len, seq, dir, seed)).toBe(true);
    }
  });

  it('too short to carry a number is not a frame', () => {
    expect(frameSeqAt(new Uint8Array(17), 0, 17)).toBe(-1);
    expect(checkFrame(new Uint8Array(17), 'tx', 1)).toEqual({ seq: -1, ok: false });
  });
});
