/**
 * A misbehaving guest: ways to corrupt a chain so the device's checks have
 * something to catch. Each fault names the vhost error it provokes. The
 * corruption is written by the guest vCPU as one beat, before the buffer is
 * published (or, for the index jump, right after), so a replay is exact.
 */
import { AVAIL, DESC, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE, VRING_DESC_SIZE, availRingSlot } from '../abi/virtio-ring';
import type { ActorContext, Gen } from '../sched/actor';
import type { VqErrKind } from '../trace/events';
import type { VringVirtqueue } from './virtio-ring';

/** The faults a reader (or a test) can inject. */
export const FAULTS = [
  'none',
  'avail-idx-jump',
  'head-out-of-range',
  'desc-index-out-of-range',
  'loop',
  'bad-addr',
  'bad-len',
  'out-after-in',
  'unexpected-format',
  'zero-len',
  'indirect-len',
  'indirect-bad-addr',
  'indirect-loop',
  'nested-indirect',
] as const;

/** A fault name. */
export type Fault = (typeof FAULTS)[number];

/** Faults that only make sense when the chain goes through an indirect table. */
export const NEEDS_INDIRECT: ReadonlySet<Fault> = new Set(['indirect-len', 'indirect-bad-addr', 'indirect-loop', 'nested-indirect']);
/** Faults that need a buffer of two or more entries (a header apart from the data). */
export const NEEDS_TWO_ENTRIES: ReadonlySet<Fault> = new Set(['out-after-in', 'indirect-len', 'indirect-bad-addr', 'indirect-loop', 'nested-indirect']);
/** Faults that only a transmit chain can show. */
export const TX_ONLY: ReadonlySet<Fault> = new Set(['zero-len']);

/** The vq_err kind a fault must provoke. */
export function expectedError(fault: Exclude<Fault, 'none'>, indirect: boolean): VqErrKind {
  switch (fault) {
    case 'bad-addr':
    case 'bad-len':
      return indirect ? 'indirect-translation-failure' : 'translation-failure';
    case 'out-after-in':
      return indirect ? 'indirect-out-after-in' : 'out-after-in';
    case 'zero-len':
      return 'tx-header-len';
    case 'indirect-bad-addr':
      return 'indirect-translation-failure';
    default:
      return fault;
  }
}

/** Where the chain just written sits: its head, and its indirect table (0 if none). */
export interface ChainPlace {
  head: number;
  table: number;
  dir: 'tx' | 'rx';
  /** First guest-physical address past the end of guest RAM. */
  ramEnd: number;
}

/** Write the corruption for `fault` into the chain at `p` and yield its beat. `avail-idx-jump` is applied after publish. */
export function* corrupt(ctx: ActorContext, vq: VringVirtqueue, fault: Exclude<Fault, 'none'>, p: ChainPlace): Gen {
  const mem = vq.mem;
  const { num, desc, avail } = vq.ring;
  const headAt = desc + p.head * VRING_DESC_SIZE;
  // The chain's entries, in order: the indirect table's, or the main table's following NEXT from the head.
  const entries: number[] = [];
  for (let at = p.table || headAt, k = 0; k < num; k++) {
    entries.push(at);
    const f = mem.r16(at + DESC.flags);
    if (!(f & VRING_DESC_F_NEXT)) break;
    at = p.table ? p.table + (k + 1) * VRING_DESC_SIZE : desc + mem.r16(at + DESC.next) * VRING_DESC_SIZE;
  }
  const entryAt = (k: number): number => entries[Math.min(k, entries.length - 1)]!;
  const last = entries.length - 1;
  const setFlags = (at: number, f: (x: number) => number): void => mem.w16(at + DESC.flags, f(mem.r16(at + DESC.flags)));
  let what: string;
  let value: number;
  switch (fault) {
    case 'avail-idx-jump': {
      // Move the driver's own shadow too, or the next publish would quietly repair the index.
      const idx = (vq.availIdxShadow + num) & 0xffff;
      vq.setAvailIdxShadow(idx);
      mem.aw16(avail + AVAIL.idx, idx);
      value = idx;
      what = `avail->idx = ${idx}, more than a whole ring ahead`;
      break;
    }
    case 'head-out-of-range': {
      const slot = vq.availIdxShadow & (num - 1);
      mem.w16(avail + availRingSlot(slot), num + 3);
      value = num + 3;
      what = `avail->ring[${slot}] = ${num + 3}, past the end of a ${num}-entry table`;
      break;
    }
    case 'desc-index-out-of-range':
      setFlags(headAt, (f) => f | VRING_DESC_F_NEXT);
      mem.w16(headAt + DESC.next, num + 5);
      value = num + 5;
      what = `desc[${p.head}].next = ${num + 5}`;
      break;
    case 'loop': {
      const at = p.table ? headAt : entryAt(last);
      setFlags(at, (f) => f | VRING_DESC_F_NEXT);
      mem.w16(at + DESC.next, p.head);
      value = p.head;
      what = `the chain's last descriptor now points back to ${p.head}`;
      break;
    }
    case 'bad-addr': {
      value = p.ramEnd + 0x10_0000;
      mem.w64(entryAt(last) + DESC.addr, value);
      what = `data descriptor addr = 0x${(p.ramEnd + 0x10_0000).toString(16)}, outside guest RAM`;
      break;
    }
    case 'bad-len': {
      value = 0xffff_f000;
      mem.w32(entryAt(last) + DESC.len, value);
      what = 'data descriptor len = 0xfffff000, running far past the end of guest RAM';
      break;
    }
    case 'out-after-in':
      // Make a device-writable entry come before a device-readable one.
      if (p.dir === 'tx') setFlags(entryAt(0), (f) => f | VRING_DESC_F_WRITE);
      else setFlags(entryAt(1), (f) => f & ~VRING_DESC_F_WRITE);
      value = mem.r16(entryAt(p.dir === 'tx' ? 0 : 1) + DESC.flags);
      what = p.dir === 'tx' ? 'the header descriptor is marked WRITE, ahead of a readable one' : 'the data descriptor lost WRITE, after a writable header';
      break;
    case 'unexpected-format':
      if (p.dir === 'tx') setFlags(entryAt(last), (f) => f | VRING_DESC_F_WRITE);
      else setFlags(entryAt(0), (f) => f & ~VRING_DESC_F_WRITE);
      value = mem.r16(entryAt(p.dir === 'tx' ? last : 0) + DESC.flags);
      what = p.dir === 'tx' ? 'a transmit chain with a device-writable buffer' : 'a receive chain with a device-readable buffer';
      break;
    case 'zero-len':
      for (const at of entries) mem.w32(at + DESC.len, 0);
      value = 0;
      what = 'every descriptor of the transmit chain has len 0';
      break;
    case 'indirect-len':
      value = mem.r32(headAt + DESC.len) + 4;
      mem.w32(headAt + DESC.len, value);
      what = `desc[${p.head}].len is not a multiple of 16`;
      break;
    case 'indirect-bad-addr':
      value = p.ramEnd + 0x20_0000;
      mem.w64(headAt + DESC.addr, value);
      what = `desc[${p.head}].addr points the indirect table outside guest RAM`;
      break;
    case 'indirect-loop':
      setFlags(entryAt(last), (f) => f | VRING_DESC_F_NEXT);
      value = mem.r16(entryAt(last) + DESC.flags);
      what = 'the indirect table\'s last entry has NEXT set';
      break;
    case 'nested-indirect':
      setFlags(entryAt(0), (f) => f | VRING_DESC_F_INDIRECT);
      value = mem.r16(entryAt(0) + DESC.flags);
      what = 'an entry inside the indirect table is itself INDIRECT';
      break;
  }
  // `desc` is the head whose chain was damaged; -1 when the damage is to the ring index, not to a chain.
  if (ctx.tracing) yield ctx.ev('guest_corrupt', { kind: expectedError(fault, p.table !== 0), desc: fault === 'avail-idx-jump' ? -1 : p.head, value, what });
}
