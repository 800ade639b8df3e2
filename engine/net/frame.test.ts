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

  it('too short to carry a number is not a frame', () => {
    expect(frameSeqAt(new Uint8Array(17), 0, 17)).toBe(-1);
    expect(checkFrame(new Uint8Array(17), 'tx', 1)).toEqual({ seq: -1, ok: false });
  });
});
