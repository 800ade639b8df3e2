/**
 * The fields driver and device race on (avail->flags, avail->idx,
 * used_event; used->flags, used->idx, avail_event) must be read and written
 * with Atomics only: a sequentially consistent access is the barrier Linux
 * puts there (virtio_mb, smp_mb). With plain accesses, one side's store and
 * the other side's load can pass each other, both sides sleep, and a kick or
 * a call is lost. The free-run benchmark once found exactly that; it shows
 * only on real threads, rarely, so this test catches it where it is made:
 * every plain 16-bit access of the engine is recorded during whole runs, and
 * none may touch those fields.
 */
import { describe, expect, it } from 'vitest';
import { AVAIL, USED, availEventOffset, usedEventOffset } from '../abi/virtio-ring';
import { Session } from '../session/session';
import { flowWorld } from '../testing/run';

describe('the racing ring fields go through Atomics', () => {
  it.each([
    { dir: 'tx' },
    { dir: 'tx', eventIdx: false },
    { dir: 'tx', batch: 4, busyloop: 5 },
    { dir: 'rx' },
    { dir: 'rx', eventIdx: false, rxbuf: 'big', indirect: true },
  ])('%j: no plain read or write of a flag, index or event field', (options) => {
    const built = flowWorld({ packets: 40, ...options });
    const { arena, info } = built.world;
    const region = info.regions[0]!;
    const off = (gpa: number) => gpa - region.gpa + region.arenaOff;
    const { num, avail, used } = info.ring;
    const racing = new Map([
      [off(avail + AVAIL.flags), 'avail->flags'],
      [off(avail + AVAIL.idx), 'avail->idx'],
      [off(avail + usedEventOffset(num)), 'used_event'],
      [off(used + USED.flags), 'used->flags'],
      [off(used + USED.idx), 'used->idx'],
      [off(used + availEventOffset(num)), 'avail_event'],
    ]);
    const plain: string[] = [];
    // Shadow the instance's plain accessors (the prototype's stay untouched for every other world).
    const r16 = arena.r16.bind(arena);
    const w16 = arena.w16.bind(arena);
    const r32 = arena.r32.bind(arena);
    const w32 = arena.w32.bind(arena);
    const note = (kind: string, o: number, len: number) => {
      for (let b = o; b < o + len; b += 2) if (racing.has(b)) plain.push(`${kind} of ${racing.get(b)}`);
    };
    arena.r16 = (o) => (note('plain read', o, 2), r16(o));
    arena.w16 = (o, v) => (note('plain write', o, 2), w16(o, v));
    arena.r32 = (o) => (note('plain read', o, 4), r32(o));
    arena.w32 = (o, v) => (note('plain write', o, 4), w32(o, v));
    const session = new Session(built.world, 1);
    expect(session.trace.some((e) => e.type === 'scenario_done')).toBe(true);
    expect([...new Set(plain)]).toEqual([]);
  });

  it('would notice a plain access (the recorder works)', () => {
    const built = flowWorld({ packets: 2 });
    const { arena, info } = built.world;
    const at = info.ring.used + USED.idx - info.regions[0]!.gpa + info.regions[0]!.arenaOff;
    let seen = false;
    const r16 = arena.r16.bind(arena);
    arena.r16 = (o) => ((seen ||= o === at), r16(o));
    arena.r16(at);
    expect(seen).toBe(true);
  });
});
