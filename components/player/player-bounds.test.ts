import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { playerMachine } from './playerMachine';

/** A player over a run of `total` events, bounded to first..last (an embed's step range). */
function start(total: number, first: number, last: number | null, loop: boolean, step = first) {
  const actor = createActor(playerMachine, { input: { speed: 4 } });
  const seeks: number[] = [];
  actor.on('seek', (e) => seeks.push(e.step));
  actor.start();
  actor.send({ type: 'BOUNDS', first, last, loop });
  actor.send({ type: 'LOADED', total, step });
  return { actor, seeks, state: () => String(actor.getSnapshot().value), step: () => actor.getSnapshot().context.step };
}

describe('player bounds (embed step ranges)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps every move inside the range', () => {
    const p = start(50, 5, 8, false);
    expect(p.step()).toBe(5);
    p.actor.send({ type: 'STEP_BACK' }); // 5 is the first: nothing
    p.actor.send({ type: 'SEEK', step: 2 }); // clamps to 5: no change, no seek
    p.actor.send({ type: 'SEEK', step: 40 }); // clamps to 8
    expect(p.seeks).toEqual([8]);
    expect(p.state()).toBe('at end');
    p.actor.send({ type: 'RESTART' });
    expect(p.step()).toBe(5);
    p.actor.send({ type: 'END' });
    expect(p.step()).toBe(8);
  });

  it('a loaded step outside the range lands inside it', () => {
    expect(start(50, 5, 8, false, 20).step()).toBe(8);
    expect(start(50, 5, 8, false, 0).step()).toBe(5);
    // A range past the run's end ends at the run's end.
    expect(start(6, 5, 80, false, 80).step()).toBe(6);
  });

  it('stops at the last step without loop, starts over with it', () => {
    const stop = start(50, 5, 7, false);
    stop.actor.send({ type: 'PLAY' });
    vi.advanceTimersByTime(2000);
    expect(stop.seeks).toEqual([6, 7]);
    expect(stop.state()).toBe('at end');

    const loop = start(50, 5, 7, true);
    loop.actor.send({ type: 'PLAY' });
    vi.advanceTimersByTime(250 * 5);
    expect(loop.seeks).toEqual([6, 7, 5, 6, 7]);
    expect(loop.state()).toBe('playing');
  });
});
