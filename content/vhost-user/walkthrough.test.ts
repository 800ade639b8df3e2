/**
 * The prose covers every beat the vhost-user scenario emits: once the engine
 * registers `vhost-user`, it runs headless over both eras, both topologies,
 * one and two queue pairs, each fault and a disconnect, and every beat must
 * get a caption in both languages that names its message, and a phase with
 * prose; the run must pass through the phases its options promise. Until the
 * scenario is registered these tests are skipped (captions.test.ts and
 * phases.test.ts check the same prose on hand-made beats).
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, createWorld } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';
import type { TraceEvent } from '@/engine/trace/events';
import { caption, phaseOf, phaseProse } from '../prose';
import type { Lang, PhaseId } from '../types';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'Infinity'];
const LANGS: Lang[] = ['en', 'zh'];
const registered = Object.prototype.hasOwnProperty.call(SCENARIOS, 'vhost-user');

function run(options: Record<string, unknown>): TraceEvent[] {
  const built = createWorld('vhost-user', options, false);
  if (!built.ok) throw new Error(`${JSON.stringify(options)}: ${built.error}`);
  return new Session(built.world, Number(built.options.seed)).trace;
}

const RUNS: Array<[Record<string, unknown>, PhaseId[]]> = [];
for (const era of ['seed', 'modern'])
  for (const topology of ['qemu-server', 'dpdk-server']) {
    RUNS.push([{ era, topology, queues: 1, frames: 2 }, ['connect', 'init', 'probe', 'start', 'ready', 'traffic']]);
    RUNS.push([{ era, topology, queues: 2, frames: 1, disconnect: true }, ['connect', 'init', 'start', 'ready', 'traffic', 'reconnect']]);
  }
for (const fault of ['fd-count', 'vring-index', 'size-too-large', 'unhandled-request', 'region-overflow']) RUNS.push([{ era: 'modern', fault }, ['connect', 'init', 'fault']]);

describe.runIf(registered)('the vhost-user walkthrough, every beat', () => {
  it.each(RUNS)('%j: captions and phases in both languages', (options, expected) => {
    const trace = run(options);
    expect(trace.length).toBeGreaterThan(50);
    const seen = new Set<PhaseId>();
    for (const e of trace) {
      for (const lang of LANGS) {
        const text = caption(e, lang);
        for (const bad of BAD) expect(text, `${e.type} ${lang}: ${text}`).not.toContain(bad);
        if (lang === 'zh') expect(text, e.type).toMatch(CJK);
        if (e.type === 'vu_send' || e.type === 'vu_recv' || e.type === 'vu_reject') expect(text, text).toContain(e.f.name);
        if (e.type === 'dpdk_log') expect(text).toContain(e.f.text.trim());
        const phase = phaseProse('vhost-user', e);
        expect(phase.title[lang], `${e.type} in ${phaseOf(e, 'vhost-user')}`).not.toBe('');
      }
      seen.add(phaseOf(e, 'vhost-user'));
    }
    for (const p of expected) expect([...seen], p).toContain(p);
  });

  it("seed era: “virtio is now ready” belongs to the ready phase, as in seed 000's log", () => {
    const trace = run({ era: 'seed', topology: 'qemu-server', queues: 1, frames: 0 });
    const ready = trace.find((e) => e.type === 'dpdk_log' && e.f.text.includes('virtio is now ready'));
    expect(ready).toBeDefined();
    expect(phaseOf(ready!, 'vhost-user')).toBe('ready');
  });
});
