/** Tokens walk links by arc length: they start at the start, end at the end, and a reversed link is the same curve walked back. */
import { describe, expect, it } from 'vitest';
import { keyframesAlong, pathData, pointAt, reversed, sample, type Cubic } from './geometry';

const S: Cubic[] = [
  { from: { x: 0, y: 0 }, c1: { x: 0, y: 0 }, c2: { x: 100, y: 0 }, to: { x: 100, y: 0 } },
  { from: { x: 100, y: 0 }, c1: { x: 150, y: 0 }, c2: { x: 150, y: 60 }, to: { x: 200, y: 60 } },
];

describe('geometry', () => {
  it('path data starts with a move and has one curve per segment', () => {
    expect(pathData(S)).toBe('M0 0 C0 0 100 0 100 0 C150 0 150 60 200 60');
    expect(pathData([])).toBe('');
  });

  it('pointAt walks by arc length from the first point to the last', () => {
    const s = sample(S);
    expect(pointAt(s, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAt(s, 1)).toEqual({ x: 200, y: 60 });
    // The straight first 100 units are more than a third of the whole: a third of the way is still on it.
    const third = pointAt(s, 1 / 3);
    expect(third.y).toBeCloseTo(0, 5);
    expect(third.x).toBeGreaterThan(40);
    expect(third.x).toBeLessThan(100);
    // Monotone along the straight part.
    expect(pointAt(s, 0.1).x).toBeLessThan(pointAt(s, 0.2).x);
  });

  it('a reversed chain is walked from its end', () => {
    const s = sample(reversed(S));
    expect(pointAt(s, 0)).toEqual({ x: 200, y: 60 });
    expect(pointAt(s, 1)).toEqual({ x: 0, y: 0 });
    const there = pointAt(sample(S), 0.25);
    const back = pointAt(s, 0.75);
    expect(back.x).toBeCloseTo(there.x, 0);
    expect(back.y).toBeCloseTo(there.y, 0);
  });

  it('keyframes go from the start to the end, eased: short steps at both ends, long ones in the middle', () => {
    const k = keyframesAlong(sample(S), 10);
    expect(k.x).toHaveLength(11);
    expect([k.x[0], k.y[0]]).toEqual([0, 0]);
    expect([k.x[10], k.y[10]]).toEqual([200, 60]);
    const step = (i: number) => Math.hypot(k.x[i + 1]! - k.x[i]!, k.y[i + 1]! - k.y[i]!);
    expect(step(0)).toBeLessThan(step(4));
    expect(step(9)).toBeLessThan(step(5));
  });
});
