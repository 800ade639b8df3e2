import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { playerMachine } from './playerMachine';

function start(total = 10, step = 0) {
  const actor = createActor(playerMachine, { input: { speed: 4 } });
  const seeks: number[] = [];
  actor.on('seek', (e) => seeks.push(e.step));
  actor.start();
  actor.send({ type: 'LOADED', total, step });
  return { actor, seeks, state: () => String(actor.getSnapshot().value), step: () => actor.getSnapshot().context.step };
}

describe('playerMachine', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a run, then pauses at the step it was given', () => {
    const actor = createActor(playerMachine, { input: {} }).start();
    expect(actor.getSnapshot().value).toBe('loading');
    actor.send({ type: 'STEP_FORWARD' });
    expect(actor.getSnapshot().context.step).toBe(0);
    actor.send({ type: 'LOADED', total: 10, step: 3 });
    expect(actor.getSnapshot().value).toBe('paused');
    expect(actor.getSnapshot().context.step).toBe(3);
  });

  it('steps, seeks and clamps, emitting one seek per change', () => {
    const p = start(10, 0);
    p.actor.send({ type: 'STEP_BACK' }); // nothing before 0
    p.actor.send({ type: 'STEP_FORWARD' });
    p.actor.send({ type: 'STEP_FORWARD' });
    p.actor.send({ type: 'STEP_BACK' });
    p.actor.send({ type: 'SEEK', step: 7 });
    p.actor.send({ type: 'SEEK', step: 7 }); // same step: no seek
    p.actor.send({ type: 'SEEK', step: 999 });
    expect(p.seeks).toEqual([1, 2, 1, 7, 10]);
    expect(p.state()).toBe('at end');
    p.actor.send({ type: 'RESTART' });
    expect(p.step()).toBe(0);
    expect(p.state()).toBe('paused');
  });

  it('plays at its speed and stops at the end', () => {
    const p = start(3, 0);
    p.actor.send({ type: 'PLAY' });
    expect(p.state()).toBe('playing');
    vi.advanceTimersByTime(250);
    expect(p.step()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(p.step()).toBe(3);
    expect(p.state()).toBe('at end');
    vi.advanceTimersByTime(1000);
    expect(p.seeks).toEqual([1, 2, 3]);
  });

  it('play at the end starts over; toggle pauses', () => {
    const p = start(3, 3);
    expect(p.state()).toBe('at end');
    p.actor.send({ type: 'TOGGLE' });
    expect(p.state()).toBe('playing');
    expect(p.step()).toBe(0);
    p.actor.send({ type: 'TOGGLE' });
    expect(p.state()).toBe('paused');
  });

  it('a speed change while playing restarts the clock at the new rate', () => {
    const p = start(100, 0);
    p.actor.send({ type: 'PLAY' });
    p.actor.send({ type: 'SET_SPEED', speed: 16 });
    vi.advanceTimersByTime(1000);
    expect(p.step()).toBeGreaterThanOrEqual(15);
    p.actor.send({ type: 'SET_SPEED', speed: 3 }); // not an offered speed: ignored
    expect(p.actor.getSnapshot().context.speed).toBe(16);
  });

  it('stepping while playing pauses', () => {
    const p = start(10, 5);
    p.actor.send({ type: 'PLAY' });
    p.actor.send({ type: 'STEP_BACK' });
    expect(p.state()).toBe('paused');
    expect(p.step()).toBe(4);
  });
});
