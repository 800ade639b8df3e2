// Placeholder: proves vitest runs (and that SharedArrayBuffer exists in Node); replace with real tests.
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  it('has SharedArrayBuffer and Atomics', () => {
    const a = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(a, 0, 42);
    expect(Atomics.load(a, 0)).toBe(42);
  });
});
