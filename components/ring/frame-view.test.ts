import { describe, expect, it } from 'vitest';
import { createWorld } from '@/engine/scenarios/registry';
import { Session } from '@/engine/session/session';
import { decodeFrame, windowIndices } from './frame-view';

function run(options: Record<string, string>) {
  const built = createWorld('descriptor-flow', options, false);
  if (!built.ok) throw new Error(built.error);
  const session = new Session(built.world, Number(built.options.seed ?? 1));
  const at = (n: number) => {
    session.seek(n);
    return decodeFrame(built.world.info, session.trace, session.snapshot(), built.world.arena.u8);
  };
  return { info: built.world.info, trace: session.trace, at };
}

describe('decodeFrame', () => {
  const cases: Array<Record<string, string>> = [{}, { dir: 'rx' }, { indirect: 'true' }, { eventIdx: 'false', packets: '6' }, { fault: 'loop' }];
  for (const options of cases) {
    it(`follows every chain through the ring: ${JSON.stringify(options)}`, () => {
      const r = run(options);
      for (let n = 0; n <= r.trace.length; n++) {
        const f = r.at(n);
        const e = f.event;
        if (e?.type === 'virtqueue_add_avail') {
          expect(f.touch.avail).toEqual([e.f.slot & (r.info.ring.num - 1)]);
          expect(f.chips.find((c) => c.head === e.f.head)).toMatchObject({ place: 'avail', index: e.f.slot & (r.info.ring.num - 1) });
        }
        if (e?.type === 'vhost_add_used') expect(f.chips.find((c) => c.head === e.f.id)).toMatchObject({ place: 'used', stage: 'used' });
        if (e?.type === 'virtqueue_add_desc' && !e.f.indirect) expect(f.touch.desc).toEqual([e.f.desc]);
        if (e?.type === 'virtqueue_add_desc' && e.f.indirect) expect(f.indirect?.rows.length).toBeGreaterThan(0);
        if (e?.type === 'vp_notify') expect(f.touch.fd).toEqual({ fd: e.f.fd, kind: 'kick' });
        expect(f.chips.length).toBeLessThanOrEqual(r.info.ring.num);
      }
      const end = r.at(r.trace.length);
      if (!('fault' in options)) expect(end.chips).toEqual([]);
    });
  }

  it('gives the same view when a step is revisited', () => {
    const r = run({});
    const a = r.at(17).fingerprint;
    r.at(40);
    expect(r.at(17).fingerprint).toBe(a);
    r.at(3);
    expect(r.at(17).fingerprint).toBe(a);
  });

  it('draws a big queue as a window around the live entries', () => {
    const r = run({ qsize: '4096', packets: '3' });
    const f = r.at(r.trace.length - 5);
    const rows = f.desc.filter((x) => x.kind === 'row');
    expect(rows.length).toBeLessThanOrEqual(40);
    expect(f.desc.some((x) => x.kind === 'gap')).toBe(true);
  });
});

describe('windowIndices', () => {
  it('shows small rings whole', () => {
    expect(windowIndices(8, [3])).toHaveLength(8);
  });
  it('keeps neighbours of each focus and marks the gaps', () => {
    const w = windowIndices(1024, [0, 500]);
    expect(w[0]).toEqual({ kind: 'row', i: 0 });
    expect(w.filter((x) => x.kind === 'row').map((x) => (x as { i: number }).i)).toEqual([0, 1, 2, 498, 499, 500, 501, 502, 1022, 1023]);
    expect(w.filter((x) => x.kind === 'gap')).toHaveLength(2);
  });
});
