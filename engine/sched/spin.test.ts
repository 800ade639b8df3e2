import { describe, expect, it } from 'vitest';
import { calibrateSpin, spinFor } from './spin';

describe('spinFor', () => {
  it('spends about the time asked, and nothing for 0', () => {
    calibrateSpin();
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) spinFor(1_000_000);
    const ms = performance.now() - t0;
    // 20 ms asked. A floor only (calibration under load can make the loop run short, never the machine fast): no timing goal here.
    expect(ms).toBeGreaterThan(10);
    const t1 = performance.now();
    for (let i = 0; i < 100_000; i++) spinFor(0);
    expect(performance.now() - t1).toBeLessThan(ms);
  });
});
