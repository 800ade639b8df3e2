/** The worker's message handling: good messages work, bad ones get a clear error and change nothing. */
import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine-host';
import type { FromWorker } from './protocol';

const only = <T extends FromWorker['type']>(r: FromWorker[], type: T) => r.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);

describe('EngineHost', () => {
  it('loads a scenario at a step and seeks', () => {
    const h = new EngineHost(false);
    const r = h.handle({ type: 'load', id: 1, scenario: 'descriptor-flow', options: { packets: '3' }, step: 5 });
    const loaded = only(r, 'loaded')[0]!;
    expect(loaded.trace.length).toBeGreaterThan(10);
    expect(loaded.memory).toBeNull();
    const frame = only(r, 'frame')[0]!;
    expect(frame.snapshot.step).toBe(5);
    expect(frame.bytes!.byteLength).toBe(loaded.info.arenaSize);
    const f2 = only(h.handle({ type: 'seek', id: 2, step: 2 }), 'frame')[0]!;
    expect(f2.snapshot.step).toBe(2);
    expect(f2.id).toBe(2);
  });

  it('shares the arena when isolated', () => {
    const h = new EngineHost(true);
    const loaded = only(h.handle({ type: 'load', id: 1, scenario: 'descriptor-flow', options: {}, step: 0 }), 'loaded')[0]!;
    expect(loaded.memory).toBeInstanceOf(SharedArrayBuffer);
  });

  it.each([
    [null, /object/],
    ['seek', /object/],
    [{ type: 'seek', step: 1 }, /id/],
    [{ type: 'seek', id: 1, step: -1 }, /step/],
    [{ type: 'seek', id: 1, step: 1.5 }, /step/],
    [{ type: 'nuke', id: 1 }, /unknown message type/],
    [{ type: 'load', id: 1, scenario: 42 }, /scenario/],
    [{ type: 'load', id: 1, scenario: '__proto__', options: {} }, /unknown scenario/],
    [{ type: 'load', id: 1, scenario: 'descriptor-flow', options: { qsize: '7' } }, /power of two/],
    [{ type: 'load', id: 1, scenario: 'descriptor-flow', options: { constructor: '1' } }, /unknown option/],
    [{ type: 'load', id: 1, scenario: 'descriptor-flow', options: { packets: { x: 1 } } }, /must be a string/],
    [{ type: 'load', id: 1, scenario: 'descriptor-flow', options: [] }, /options must be an object/],
  ])('rejects %j with a clear message', (msg, why) => {
    const h = new EngineHost(false);
    const r = h.handle(msg);
    expect(r).toHaveLength(1);
    expect(r[0]!.type).toBe('error');
    expect((r[0] as { message: string }).message).toMatch(why);
  });

  it('a bad load keeps the current session exactly as it was', () => {
    const h = new EngineHost(false);
    h.handle({ type: 'load', id: 1, scenario: 'descriptor-flow', options: { packets: '2' }, step: 4 });
    const before = only(h.handle({ type: 'seek', id: 2, step: 4 }), 'frame')[0]!;
    expect(only(h.handle({ type: 'load', id: 3, scenario: 'descriptor-flow', options: { packets: '2000' }, step: 0 }), 'error')).toHaveLength(1);
    const after = only(h.handle({ type: 'seek', id: 4, step: 4 }), 'frame')[0]!;
    expect(after.snapshot).toEqual(before.snapshot);
    expect(new Uint8Array(after.bytes!)).toEqual(new Uint8Array(before.bytes!));
  });

  it('a seek before any load is an error, not a crash', () => {
    expect(new EngineHost(false).handle({ type: 'seek', id: 1, step: 0 })[0]!.type).toBe('error');
  });
});

describe('EngineHost resume', () => {
  it('continues a run from arena bytes, in step mode, for a bounded number of steps', () => {
    // Run a step-mode session halfway and hand its bytes over, as the playground does with a paused free run.
    const h = new EngineHost(false);
    const first = h.handle({ type: 'load', id: 1, scenario: 'descriptor-flow', options: { packets: '6' }, step: 40 });
    const bytes = (first.find((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>).bytes!;
    const r = new EngineHost(false).handle({ type: 'resume', id: 2, scenario: 'descriptor-flow', options: { packets: '6' }, bytes, steps: 30 });
    const loaded = only(r, 'loaded')[0]!;
    expect(loaded.trace.length).toBeGreaterThan(0);
    expect(loaded.trace.length).toBeLessThanOrEqual(30);
    expect(loaded.trace[0]!.type).not.toBe('vring_create'); // it carries on; it does not start over
    expect(only(r, 'frame')[0]!.snapshot.counters.buffersAdded).toBeGreaterThan(0);
  });

  it('refuses bytes of the wrong size and bad step counts', () => {
    const h = new EngineHost(false);
    expect(h.handle({ type: 'resume', id: 1, scenario: 'descriptor-flow', options: {}, bytes: new ArrayBuffer(3), steps: 10 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/bytes/) });
    expect(h.handle({ type: 'resume', id: 2, scenario: 'descriptor-flow', options: {}, bytes: new ArrayBuffer(3), steps: 0 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/steps/) });
  });
});
