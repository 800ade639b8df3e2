// The playground's number formats and chart helpers: what a reader sees in the stats and on the axes.
import { describe, expect, it } from 'vitest';
import { heatColumns, heatHeight, niceCeil } from './draw';
import { bytesRate, count, percent, ratio, seconds, si } from './format';
import { Series } from './sampler';

describe('playground formats', () => {
  it('writes counts, rates and ratios as people read them', () => {
    expect(count(2_000_000)).toBe('2,000,000');
    expect(si(57_230)).toBe('57.2 k');
    expect(si(1_234_567)).toBe('1.23 M');
    expect(si(0)).toBe('0');
    expect(si(42)).toBe('42');
    expect(bytesRate(3_200_000)).toBe('3.20 MB/s');
    expect(bytesRate(12)).toBe('12 B/s');
    expect(ratio(null)).toBe('–');
    expect(ratio(0.0069)).toBe('0.0069');
    expect(ratio(0.401)).toBe('0.401');
    expect(ratio(1)).toBe('1.00');
    expect(seconds(35_012)).toBe('35.0 s');
    expect(seconds(5_432)).toBe('5.43 s');
    expect(percent(0.876)).toBe('88%');
  });

  it('rounds axes up to 1, 2 or 5 × 10^k', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(63_000)).toBe(100_000);
    expect(niceCeil(180)).toBe(200);
    expect(niceCeil(41)).toBe(50);
  });

  it('lays the heat map out wide and short', () => {
    expect(heatColumns(16)).toBe(16);
    expect(heatColumns(256)).toBe(32);
    expect(heatColumns(1024)).toBe(64);
    expect(heatHeight(256, 640)).toBe(160); // 8 rows of 20 px
  });

  it('keeps a series to its horizon', () => {
    const s = new Series(1000);
    for (let t = 0; t <= 3000; t += 10) s.push(t, t);
    expect(s.t[s.first]).toBe(2000);
    expect(s.max()).toBe(3000);
  });
});
