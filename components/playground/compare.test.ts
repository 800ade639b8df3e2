// The notification-mode comparison's pure parts: the runs it plans, the rates it derives, and the sentence it chooses from them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pt1 } from '../i18n/ui-text';
import { COMPARE_ORDER, RING_MIN_BUFFERS, comparePlan, perFrame, type CompareRow, type Measured } from './compare';
import { AHEAD, BEHIND, VERDICT_KEY, chooseVerdict, times, verdictSentence } from './compare-verdict';
import { DEFAULT_OPTIONS } from './options';

const CJK = /[\u3400-\u9fff]/;
const ok = (frames: number, ms: number, kicks: number, calls: number): Measured => ({ ok: true, frames, ms, kicks, calls, message: 'ok' });

/** Rows where every buffer moves `every` frames/s with a kick and a call per frame, and event-idx `evidx` frames/s with `notes` of each per frame. */
function rows(o: { evidx: number; every: number; ringEvidx: number; ringEvery: number; notes?: number }): CompareRow[] {
  const n = 100_000;
  const at = (fps: number, per: number) => ok(n, (n * 1000) / fps, Math.round(n * per), Math.round(n * per));
  const notes = o.notes ?? 0.01;
  return [
    { mode: 'every', engine: at(o.every, 1), ring: at(o.ringEvery, 1) },
    { mode: 'flags', engine: at((o.every + o.evidx) / 2, 0.5), ring: at((o.ringEvery + o.ringEvidx) / 2, 0.5) },
    { mode: 'event-idx', engine: at(o.evidx, notes), ring: at(o.ringEvidx, notes) },
  ];
}

describe('the comparison plan', () => {
  it('runs every buffer, flags and event-idx with the form’s options, changing only the suppression; the bare ring in the same mode and queue size', () => {
    const form = { ...DEFAULT_OPTIONS, backend: 'dpdk' as const, dir: 'rx' as const, qsize: 64, batch: 4, size: 512, frames: 30_000, busyloop: true };
    const plan = comparePlan(form);
    expect(plan.map((r) => r.mode)).toEqual(['every', 'flags', 'event-idx']);
    expect(plan.map((r) => [r.cfg.options.eventIdx, r.cfg.options.suppress])).toEqual([
      ['false', 'false'],
      ['false', 'true'],
      ['true', 'true'],
    ]);
    for (const r of plan) {
      expect(r.cfg.options).toMatchObject({ dir: 'rx', qsize: '64', size: '512', packets: '30000', busyloop: '50' });
      expect(r.ring).toMatchObject({ qsize: 64, buffers: RING_MIN_BUFFERS });
    }
    expect(plan.map((r) => r.ring.mode)).toEqual(['every', 'flags', 'evidx']);
    expect(comparePlan({ ...form, frames: 3_000_000 })[0]!.ring.buffers).toBe(3_000_000);
    expect(COMPARE_ORDER).toHaveLength(3);
  });
});

describe('rates per frame', () => {
  it('divides by the frames a verified run moved, and gives no number for a failed or empty one', () => {
    expect(perFrame(ok(200_000, 1000, 2_000, 50_000))).toEqual({ framesPerSec: 200_000, kicksPerFrame: 0.01, callsPerFrame: 0.25 });
    expect(perFrame({ ...ok(200_000, 1000, 1, 1), ok: false })).toEqual({ framesPerSec: null, kicksPerFrame: null, callsPerFrame: null });
    expect(perFrame(ok(0, 10, 0, 0)).kicksPerFrame).toBeNull();
    expect(perFrame(null).framesPerSec).toBeNull();
    expect(perFrame(ok(10, 0, 10, 10)).framesPerSec).toBeNull();
  });
});

describe('the sentence', () => {
  it('says event-idx is ahead, and by how much, only when it is; and compares with the bare ring', () => {
    const v = chooseVerdict(rows({ evidx: 300_000, every: 100_000, ringEvidx: 3e6, ringEvery: 1.2e6 }));
    expect(v.kind).toBe('aheadLikeRing');
    const en = verdictSentence(v, 'en');
    expect(en).toContain('3.00×');
    expect(en).toContain('2.50×');
    expect(en).toMatch(/ahead/);
    expect(verdictSentence(v, 'zh')).toContain('3.00 倍');
  });

  it('says when the engine gains much less than the bare ring', () => {
    expect(chooseVerdict(rows({ evidx: 130_000, every: 100_000, ringEvidx: 3e6, ringEvery: 1e6 })).kind).toBe('aheadLessThanRing');
    expect(chooseVerdict(rows({ evidx: 130_000, every: 100_000, ringEvidx: 1e6, ringEvery: 1e6 })).kind).toBe('aheadRingNot');
  });

  it('does not call a tie a win, nor a loss a tie', () => {
    const level = chooseVerdict(rows({ evidx: 104_000, every: 100_000, ringEvidx: 2e6, ringEvery: 1e6 }));
    expect(level.kind).toBe('levelRingAhead');
    expect(verdictSentence(level, 'en')).not.toMatch(/ahead/);
    expect(chooseVerdict(rows({ evidx: 95_000, every: 100_000, ringEvidx: 1e6, ringEvery: 1e6 })).kind).toBe('levelRingLevel');
    const behind = chooseVerdict(rows({ evidx: 70_000, every: 100_000, ringEvidx: 2e6, ringEvery: 1e6 }));
    expect(behind.kind).toBe('behind');
    expect(verdictSentence(behind, 'en')).toMatch(/slower/);
    expect(verdictSentence(behind, 'zh')).toMatch(/慢/);
  });

  it('says so when event-idx did not cut notifications, whatever the speed', () => {
    expect(chooseVerdict(rows({ evidx: 300_000, every: 100_000, ringEvidx: 2e6, ringEvery: 1e6, notes: 0.95 })).kind).toBe('noSaving');
  });

  it('draws no conclusion when a run failed or is missing', () => {
    const r = rows({ evidx: 300_000, every: 100_000, ringEvidx: 2e6, ringEvery: 1e6 });
    expect(chooseVerdict(r.slice(1)).kind).toBe('incomplete');
    expect(chooseVerdict(r.map((x, i) => (i === 1 ? { ...x, ring: null } : x))).kind).toBe('incomplete');
    expect(chooseVerdict(r.map((x, i) => (i === 2 ? { ...x, engine: { ...x.engine!, ok: false } } : x))).kind).toBe('incomplete');
    expect(verdictSentence({ kind: 'incomplete' }, 'en')).not.toMatch(/\d/);
  });

  it('every sentence exists in both languages with the same placeholders, all filled, English without Chinese and Chinese in Chinese', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.values(VERDICT_KEY)) {
      expect(names(pt1(key, 'zh')), key).toEqual(names(pt1(key, 'en')));
      expect(pt1(key, 'en')).not.toMatch(CJK);
      expect(pt1(key, 'zh')).toMatch(CJK);
    }
    const figures = { gain: 1.5, ringGain: 2, kicksEvidx: 0.01, callsEvidx: 0.2, kicksEvery: 1, callsEvery: 1 };
    for (const kind of Object.keys(VERDICT_KEY) as Array<keyof typeof VERDICT_KEY>)
      for (const lang of ['en', 'zh'] as const) {
        const text = verdictSentence(kind === 'incomplete' ? { kind } : { kind, figures }, lang);
        expect(text, `${kind} ${lang}`).not.toMatch(/[{}]/);
      }
  });

  it('for any measured numbers, the sentence’s claim matches the figures it quotes', () => {
    const fps = fc.double({ min: 1_000, max: 5e6, noNaN: true });
    fc.assert(
      fc.property(fps, fps, fps, fps, fc.double({ min: 0, max: 1, noNaN: true }), (evidx, every, ringEvidx, ringEvery, notes) => {
        const v = chooseVerdict(rows({ evidx, every, ringEvidx, ringEvery, notes }));
        expect(v.kind).not.toBe('incomplete');
        if (v.kind === 'incomplete') return;
        const gain = evidx / every;
        expect(v.figures.gain).toBeCloseTo(gain, 2);
        const en = verdictSentence(v, 'en');
        // Never "ahead" unless event-idx moved more frames per second, never "slower" unless it moved fewer.
        if (/ahead/.test(en)) expect(gain).toBeGreaterThan(1);
        if (/slower/.test(en)) expect(gain).toBeLessThan(1);
        if (gain >= AHEAD || gain < BEHIND) expect(en).toMatch(v.kind === 'noSaving' ? /few notifications/ : gain >= AHEAD ? /ahead/ : /slower/);
        if (v.kind !== 'noSaving') expect(en).toContain(times(v.figures.gain, 'en'));
      }),
      { numRuns: 300 },
    );
  });
});
