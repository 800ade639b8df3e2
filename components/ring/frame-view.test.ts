import { describe, expect, it } from 'vitest';
import { flowWorld } from '@/engine/testing/run';
import { Session } from '@/engine/session/session';
import { decodeFrame, windowIndices } from './frame-view';

function run(options: Record<string, string>) {
  const built = flowWorld(options);
  const session = new Session(built.world, Number(built.options.seed ?? 1));
  const at = (n: number) => {
    session.seek(n);
    return decodeFrame(built.world.info, session.trace, session.snapshot(), built.world.arena.u8);
  };
  return { info: built.world.info, trace: session.trace, at };
}

describe('decodeFrame', () => {
  const cases: Array<Record<string, string>> = [
    {},
    { dir: 'rx', qsize: '8' },
    { txhdr: 'separate', indirect: 'true' },
    { dir: 'rx', rxbuf: 'big', indirect: 'true', qsize: '8' },
    { eventIdx: 'false', packets: '6' },
    { packets: '20', batch: '10' },
    { fault: 'loop' },
  ];
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
        if (e?.type === 'vhost_add_used')
          for (const u of e.f.entries) expect(f.chips.find((c) => c.head === u.id)).toMatchObject({ place: 'used', stage: 'used' });
        // A head vhost has finished with waits in vq->heads, drawn at its descriptor, until its batch is flushed.
        if (e?.type === 'vhost_net_heads') for (const h of e.f.heads) expect(f.chips.find((c) => c.head === h.id)).toMatchObject({ place: 'desc', stage: 'heads' });
        if (e?.type === 'virtqueue_add_desc' && !e.f.indirect) expect(f.touch.desc).toEqual([e.f.desc]);
        if (e?.type === 'virtqueue_add_desc' && e.f.indirect) expect(f.indirect?.rows.length).toBeGreaterThan(0);
        if (e?.type === 'eventfd_signal') expect(f.touch.fd).toEqual({ fd: e.f.fd, kind: e.f.role });
        expect(f.chips.length).toBeLessThanOrEqual(r.info.ring.num);
      }
      // At the end nothing is in flight: TX gave every buffer back; an RX ring stays full of posted, empty buffers.
      const end = r.at(r.trace.length);
      if (!('fault' in options)) expect(end.chips.every((c) => c.stage === 'avail')).toBe(true);
      if (!('fault' in options) && options.dir !== 'rx') expect(end.chips).toEqual([]);
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
    const r = run({ qsize: '1024', packets: '3' });
    const f = r.at(r.trace.length - 5);
    const rows = f.desc.filter((x) => x.kind === 'row');
    expect(rows.length).toBeLessThanOrEqual(40);
    expect(f.desc.some((x) => x.kind === 'gap')).toBe(true);
  });
});

describe('the chain index', () => {
  it('is built once per run and agrees with walking the trace step by step', () => {
    const r = run({ packets: '30', batch: '5' });
    // Revisiting steps in any order gives the same chips as a forward pass.
    const forward = Array.from({ length: r.trace.length + 1 }, (_, n) => JSON.stringify(r.at(n).chips));
    for (const n of [r.trace.length, 7, 0, 123, 40, 41, 5]) if (n <= r.trace.length) expect(JSON.stringify(r.at(n).chips)).toBe(forward[n]);
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
