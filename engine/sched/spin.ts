/**
 * Spending real CPU time on a cost the model charges but does not compute,
 * such as the VM exit a doorbell write takes (free-run only: step mode's
 * time is the reader's). A busy loop, calibrated once per thread, because
 * performance.now() is coarsened to 5 µs in a cross-origin-isolated browser
 * worker: far too coarse to time a cost of a few hundred nanoseconds.
 */

/** Loop iterations per nanosecond on this thread, once measured. */
let perNs = 0;
/** Where the loop's result goes, so the compiler cannot drop the loop. */
let sink = 0;

function loop(n: number): void {
  let x = sink | 1;
  for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  sink = x;
}

/**
 * Measure the loop: warm it up, size a run to about 1 ms, then keep the
 * fastest of seven runs. Another thread running meanwhile can only make a
 * run look slower, and a loop sized from a slow run would spend too little.
 */
function calibrate(): number {
  loop(100_000);
  let n = 100_000;
  for (;;) {
    const t0 = performance.now();
    loop(n);
    if (performance.now() - t0 >= 1) break;
    n *= 2;
  }
  let best = 0;
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    loop(n);
    const ms = performance.now() - t0;
    if (ms > 0) best = Math.max(best, n / (ms * 1e6));
  }
  return best;
}

/** Busy for about `ns` nanoseconds of this thread's time (nothing for 0). */
export function spinFor(ns: number): void {
  if (ns <= 0) return;
  if (perNs === 0) perNs = calibrate();
  loop(Math.ceil(ns * perNs));
}

/** Calibrate now (before a timed run starts), so the first spend is not charged the calibration. */
export function calibrateSpin(): void {
  if (perNs === 0) perNs = calibrate();
}
