/**
 * Honest names: every beat's stack holds only real functions of the modelled
 * versions, a beat declared as a call of a function has that function
 * innermost, every catalogued event and frame is reachable, and each beat
 * cites the source document that covers it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../testing/run';
import { EVENT_INFO, EVENT_TYPES, type EventInfo, type EventType, type TraceEvent } from './events';
import { FRAMES, MODELLED_VERSIONS, frameName, type FrameId } from './frames';
import { functionColumn } from './format';

/** Option sets of descriptor-flow that, together with the other scenarios' runs below, reach every event type. */
const FLOW_RUNS: Array<Record<string, unknown>> = [
  { packets: 6 },
  { packets: 24, batch: 4 },
  { packets: 40, qsize: 32, batch: 20 },
  { packets: 3, busyloop: 4 },
  { packets: 4, msix: 'shared', eventIdx: false },
  { packets: 5, txhdr: 'separate', indirect: true },
  { dir: 'rx', qsize: 8, packets: 40 },
  { dir: 'rx', packets: 400, qsize: 512 },
  { dir: 'rx', rxbuf: 'big', qsize: 32, packets: 3 },
  { dir: 'rx', rxbuf: 'small', size: 9014, qsize: 8, packets: 2 },
  { dir: 'rx', rxbuf: 'small', size: 1000, qsize: 8, packets: 3 },
  { dir: 'rx', busyloop: 3, packets: 4, qsize: 8 },
  { packets: 4, fault: 'avail-idx-jump', seed: 2 },
  { packets: 4, fault: 'nested-indirect', txhdr: 'separate', indirect: true },
];

/** Every scenario's runs. */
const RUNS: Array<{ scenario: string; options: Record<string, unknown> }> = [...FLOW_RUNS.map((options) => ({ scenario: 'descriptor-flow', options }))];

const traces: TraceEvent[][] = RUNS.map((r) => runScenario(r.scenario, r.options).trace);
const all = traces.flat();

describe('honest names', () => {
  it('every stack holds real functions, innermost last, and only the walkthrough\'s end marker has none', () => {
    for (const e of all) {
      if (e.type === 'scenario_done') expect(e.stack).toHaveLength(0);
      else expect(e.stack.length).toBeGreaterThan(0);
      for (const f of e.stack) expect(Object.prototype.hasOwnProperty.call(FRAMES, f)).toBe(true);
    }
  });

  it('a beat declared as a call of a function has that function innermost; the others are labels inside their innermost frame', () => {
    for (const e of all) {
      const info: EventInfo = EVENT_INFO[e.type];
      if (info.fn) expect(e.stack.at(-1), `${e.type} at ${e.seq}`).toBe(info.fn);
      expect(functionColumn(e)).toMatch(info.fn ? /\(\)$/ : /( ›|\(walkthrough\))$/);
    }
  });

  it('every event type in the catalogue is reachable', () => {
    const seen = new Set<EventType>(all.map((e) => e.type));
    expect(EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('every catalogued frame appears in some backtrace, so none is a name nothing uses', () => {
    const seen = new Set<FrameId>(all.flatMap((e) => e.stack));
    expect((Object.keys(FRAMES) as FrameId[]).filter((f) => !seen.has(f))).toEqual([]);
  });

  it('frames come from one stated version per component, with their real names and files', () => {
    for (const id of Object.keys(FRAMES) as FrameId[]) {
      const info = FRAMES[id];
      expect(Object.keys(MODELLED_VERSIONS)).toContain(info.src);
      expect(frameName(id)).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(info.file).toMatch(/^(drivers|arch|kernel|net|virt|fs|include|lib|hw|accel|softmmu|target|util)\//);
    }
    expect(frameName('vhost_net_set_backend@qemu')).toBe('vhost_net_set_backend');
  });

  it('each beat cites the seed that covers it: 002 for the worker and its polls, 003 for the interrupt handler, 000 for kick, call and eventfd', () => {
    expect(EVENT_INFO.vhost_worker_wake.doc).toBe('seed-002');
    expect(EVENT_INFO.vhost_poll_wakeup.doc).toBe('seed-002');
    expect(EVENT_INFO.vhost_net_set_backend.doc).toBe('seed-002');
    expect(EVENT_INFO.vring_interrupt.doc).toBe('seed-003');
    expect(EVENT_INFO.vring_create.doc).toBe('seed-003');
    expect(EVENT_INFO.vp_notify.doc).toBe('seed-000');
    expect(EVENT_INFO.eventfd_signal.doc).toBe('seed-000');
    expect(EVENT_INFO.vhost_notify.doc).toBe('seed-000');
    // What the spec defines cites its section.
    for (const t of EVENT_TYPES) {
      const info: EventInfo = EVENT_INFO[t];
      if (info.doc === 'virtio-spec' && t !== 'scenario_done') expect(info.section, t).toMatch(/^§\d/);
    }
  });
});
