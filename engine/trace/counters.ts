/**
 * Shared counters: one Int32 slot each in the arena, so the UI (and, in
 * free-run mode, a sampler on another thread) can read them live, and step
 * mode rewinds them with the rest of memory.
 */
import type { Arena } from '../mem/arena';

/** Counter names, in slot order. */
export const COUNTERS = [
  'kicks', // vp_notify actually written
  'kicksSuppressed', // virtqueue_kick_prepare said no
  'calls', // vhost_signal wrote the call eventfd
  'callsSuppressed', // vhost_notify said no
  'interrupts', // vring_interrupt ran in the guest
  'buffersAdded', // virtqueue_add_split succeeded
  'buffersUsed', // vhost added to the used ring
  'buffersReclaimed', // virtqueue_get_buf returned one
  'framesDelivered', // a frame arrived intact at its destination
  'framesCorrupt', // a frame arrived with the wrong bytes
  'framesDropped', // a frame was dropped on the way (vhost discarded it, or the guest did)
  'bytes', // frame bytes delivered
  'vqErrors', // vq_err raised
  'frameHash', // sum (mod 2^32) of frameMix(seq) over intact arrivals: the free-run checksum
] as const;

/** A counter name. */
export type CounterName = (typeof COUNTERS)[number];

const COUNTER_INDEX = Object.fromEntries(COUNTERS.map((n, i) => [n, i])) as Record<CounterName, number>;

/**
 * Each counter has a 64-byte cache line of its own: the guest's and the
 * host's threads each bump theirs on every buffer, and counters sharing a
 * line would bounce it between the two CPUs on every add.
 */
const STRIDE_SLOTS = 16;

/** Bytes of the counter block. */
export const COUNTERS_SIZE = COUNTERS.length * STRIDE_SLOTS * 4;

/** The counter block at a 4-byte aligned arena offset. */
export class Counters {
  constructor(
    readonly arena: Arena,
    readonly base: number,
  ) {}

  private slot(name: CounterName): number {
    return (this.base >> 2) + COUNTER_INDEX[name] * STRIDE_SLOTS;
  }

  add(name: CounterName, n = 1): void {
    this.arena.aAdd(this.slot(name), n);
  }

  get(name: CounterName): number {
    return this.arena.aLoad(this.slot(name));
  }

  /** All counters as a plain object. */
  read(): Record<CounterName, number> {
    const out = {} as Record<CounterName, number>;
    for (const n of COUNTERS) out[n] = this.get(n);
    return out;
  }
}
