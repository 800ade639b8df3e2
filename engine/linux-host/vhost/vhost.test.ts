/**
 * vhost_get_vq_desc and get_indirect driven directly with hand-written
 * descriptors: every check of the real walk, one test each, plus a fuzz
 * property that any bytes in the ring end in a chain or an errno, never a
 * throw or a hang, and that a refused head is not consumed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VRING_DESC_F_INDIRECT as I, VRING_DESC_F_NEXT as N, VRING_DESC_F_WRITE as W } from '../../abi/virtio-ring';
import { MOCK_GPA, MockSplitQueue } from '../../testing/mock-driver';
import type { VqErrKind } from '../../trace/events';
import { E2BIG, EFAULT, EINVAL } from './vhost';

const BUF = MOCK_GPA + 0x8000; // data buffers live here
const TABLE = MOCK_GPA + 0x6000; // an indirect table

function expectErr(q: MockSplitQueue, kind: VqErrKind, errno: number, message: RegExp) {
  const before = q.vq.lastAvailIdx;
  const { result, events } = q.pop();
  expect(result).toBe(errno);
  const err = events.find((e) => e.type === 'vq_err');
  expect(err?.type === 'vq_err' && err.f.kind).toBe(kind);
  expect(err?.type === 'vq_err' && err.f.message).toMatch(message);
  // A refused chain is not consumed.
  expect(q.vq.lastAvailIdx).toBe(before);
}

describe('vhost_get_vq_desc', () => {
  it('walks a well-formed chain: out entries then in entries, translated to HVAs', () => {
    const q = new MockSplitQueue(8).desc(0, BUF, 12, N, 3).desc(3, BUF + 64, 100, N | W, 5).desc(5, BUF + 256, 50, W).publish(0);
    const { result } = q.pop();
    expect(typeof result).toBe('object');
    const chain = result as Exclude<typeof result, number>;
    expect(chain.head).toBe(0);
    expect(chain.out.map((v) => v.len)).toEqual([12]);
    expect(chain.in.map((v) => v.len)).toEqual([100, 50]);
    expect(chain.out[0]!.hva - chain.in[0]!.hva).toBe(-64);
    expect(q.vq.lastAvailIdx).toBe(1);
  });

  it('returns num when nothing new is available', () => {
    const q = new MockSplitQueue(8);
    expect(q.pop().result).toBe(8);
  });

  it('avail index more than a ring ahead: -EINVAL, as 6.12 returns it', () => expectErr(new MockSplitQueue(8).setAvailIdx(9), 'avail-idx-jump', EINVAL, /Invalid available index change from 0 to 9/));

  it('a bad avail index stays cached: 6.12 stores vq->avail_idx before it checks, so the next call walks the slot without reading the index again', () => {
    const q = new MockSplitQueue(8).desc(3, BUF, 64, 0);
    // Slot 0 holds head 3, but the published index jumps 9 ahead.
    q.arena.w16(q.off(q.ring.avail + 4), 3);
    q.setAvailIdx(9);
    expect(q.pop().result).toBe(EINVAL);
    expect(q.vq.availIdx).toBe(9);
    const second = q.pop();
    expect(second.events.some((e) => e.type === 'vhost_get_avail_idx')).toBe(false);
    expect((second.result as { head: number }).head).toBe(3);
  });
  it('head out of range', () => expectErr(new MockSplitQueue(8).publish(8), 'head-out-of-range', EINVAL, /Guest says index 8 > 8 is available/));
  it('next out of range', () => expectErr(new MockSplitQueue(8).desc(0, BUF, 1, N, 200).publish(0), 'desc-index-out-of-range', EINVAL, /Desc index is 200 > 8, head = 0/));
  it('loop', () => expectErr(new MockSplitQueue(4).desc(0, BUF, 1, N, 1).desc(1, BUF, 1, N, 0).publish(0), 'loop', EINVAL, /Loop detected: last one at \d+ vq size 4 head 0/));
  it('address outside guest memory', () => expectErr(new MockSplitQueue(8).desc(0, 0x5, 1, 0).publish(0), 'translation-failure', EFAULT, /Translation failure -14 descriptor idx 0/));
  it('length running past guest memory', () => expectErr(new MockSplitQueue(8).desc(0, BUF, 0x100000, 0).publish(0), 'translation-failure', EFAULT, /Translation failure/));
  it('readable after writable', () => expectErr(new MockSplitQueue(8).desc(0, BUF, 4, N | W, 1).desc(1, BUF, 4, 0).publish(0), 'out-after-in', EINVAL, /Descriptor has out after in: idx 1/));

  describe('get_indirect', () => {
    it('reads an indirect table front to back', () => {
      const q = new MockSplitQueue(8).desc(0, BUF, 12, N, 1, TABLE).desc(1, BUF + 16, 60, 0, 0, TABLE).desc(2, TABLE, 32, I).publish(2);
      const { result } = q.pop();
      expect((result as { out: unknown[] }).out).toHaveLength(2);
    });
    it('length not a multiple of 16', () => expectErr(new MockSplitQueue(8).desc(0, TABLE, 20, I).publish(0), 'indirect-len', EINVAL, /not multiple of 0x10/));
    it('table outside guest memory', () => expectErr(new MockSplitQueue(8).desc(0, 0x10, 32, I).publish(0), 'indirect-translation-failure', EFAULT, /Translation failure -14 in indirect/));
    it('entry outside guest memory', () =>
      expectErr(new MockSplitQueue(8).desc(0, 0x10, 4, 0, 0, TABLE).desc(0, TABLE, 16, I).publish(0), 'indirect-translation-failure', EFAULT, /indirect idx/));
    it('table larger than 2^16 entries', () => {
      // 65537 entries need just over 1 MiB of guest RAM for the table to translate at all.
      const q = new MockSplitQueue(8, 0x120000);
      expectErr(q.desc(0, MOCK_GPA + 0x8000, 16 * 65537, I).publish(0), 'indirect-too-big', E2BIG, /Indirect buffer length too big/);
    });
    it('chain running past the table', () =>
      expectErr(new MockSplitQueue(8).desc(0, BUF, 4, N, 1, TABLE).desc(1, BUF, 4, N, 2, TABLE).desc(0, TABLE, 32, I).publish(0), 'indirect-loop', EINVAL, /Loop detected: last one at 2 indirect size 2/));
    it('nested indirect', () => expectErr(new MockSplitQueue(8).desc(0, BUF, 16, I, 0, TABLE).desc(0, TABLE, 16, I).publish(0), 'nested-indirect', EINVAL, /Nested indirect descriptor/));
    it('readable after writable inside the table', () =>
      expectErr(new MockSplitQueue(8).desc(0, BUF, 4, N | W, 1, TABLE).desc(1, BUF, 4, 0, 0, TABLE).desc(0, TABLE, 32, I).publish(0), 'indirect-out-after-in', EINVAL, /Indirect descriptor has out after in/));
    it('every get_indirect failure is followed by vhost_get_vq_desc\'s "Failure detected in indirect descriptor at idx %d"', () => {
      const q = new MockSplitQueue(8).desc(5, TABLE, 20, I).publish(5);
      const errs = q.pop().events.filter((e) => e.type === 'vq_err');
      expect(errs.map((e) => e.type === 'vq_err' && e.f.kind)).toEqual(['indirect-len', 'indirect-failure']);
      expect(errs[1]?.type === 'vq_err' && errs[1].f.message).toBe('Failure detected in indirect descriptor at idx 5');
    });
  });

  it('any ring contents give a chain or an errno, never a throw or a hang (fuzz)', () => {
    const descArb = fc.record({
      addr: fc.oneof(fc.constant(BUF), fc.constant(TABLE), fc.integer({ min: 0, max: 2 ** 40 })),
      len: fc.oneof(fc.integer({ min: 0, max: 256 }), fc.integer({ min: 0, max: 0xffffffff })),
      flags: fc.integer({ min: 0, max: 7 }),
      next: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(descArb, { minLength: 8, maxLength: 8 }), fc.array(descArb, { maxLength: 4 }), fc.integer({ min: 0, max: 10 }), (table, indirect, head) => {
        const q = new MockSplitQueue(8);
        table.forEach((d, i) => q.desc(i, d.addr, d.len, d.flags, d.next));
        indirect.forEach((d, i) => q.desc(i, d.addr, d.len, d.flags, d.next, TABLE));
        q.publish(head);
        const { result, events } = q.pop();
        if (typeof result === 'number') {
          expect(result).toBeLessThan(0);
          // One vq_err, or two when get_indirect failed (its own, then vhost_get_vq_desc's "Failure detected").
          const errs = events.filter((e) => e.type === 'vq_err');
          expect(errs.length === 1 || (errs.length === 2 && errs[1]!.type === 'vq_err' && errs[1]!.f.kind === 'indirect-failure')).toBe(true);
          expect(q.vq.lastAvailIdx).toBe(0);
        } else expect(q.vq.lastAvailIdx).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});
