/**
 * The driver's per-queue bookkeeping (the parts of virtio_net.c's struct
 * send_queue / receive_queue this model needs): how many frames were sent or
 * posted, how many came back, whether the TX queue is stopped, and the pool of
 * free skb buffers. It lives in guest RAM like the rest of the driver's state,
 * so a paused free run can be continued in step mode, and step mode rewinds it.
 */
import type { GuestMemory } from '../mem/guest-memory';

const F = {
  next: 0, // u32: TX frames handed to virtqueue_add (or RX buffers posted)
  done: 4, // u32: TX frames reclaimed (or RX frames received)
  stopped: 8, // u32: netif_stop_subqueue is in effect (TX)
  freeTop: 12, // u32: number of entries on the free-buffer stack
  stack: 16, // u32[nbufs]: free buffer indices
} as const;

/** Bytes needed for a pool of `nbufs` buffers. */
export function netQueueSize(nbufs: number): number {
  return F.stack + 4 * nbufs;
}

/** Accessors over the struct in guest RAM. */
export class NetQueueState {
  constructor(
    readonly mem: GuestMemory,
    readonly gpa: number,
    readonly nbufs: number,
  ) {}

  /** Put every buffer on the free stack (lowest index on top). */
  init(): void {
    for (let i = 0; i < this.nbufs; i++) this.mem.w32(this.gpa + F.stack + 4 * i, this.nbufs - 1 - i);
    this.mem.w32(this.gpa + F.freeTop, this.nbufs);
  }

  get next(): number {
    return this.mem.r32(this.gpa + F.next);
  }
  set next(v: number) {
    this.mem.w32(this.gpa + F.next, v);
  }
  get done(): number {
    return this.mem.r32(this.gpa + F.done);
  }
  set done(v: number) {
    this.mem.w32(this.gpa + F.done, v);
  }
  get stopped(): boolean {
    return this.mem.r32(this.gpa + F.stopped) !== 0;
  }
  set stopped(v: boolean) {
    this.mem.w32(this.gpa + F.stopped, v ? 1 : 0);
  }
  get freeCount(): number {
    return this.mem.r32(this.gpa + F.freeTop);
  }

  /** Take a free buffer index, or -1. */
  takeBuf(): number {
    const top = this.freeCount;
    if (top === 0) return -1;
    this.mem.w32(this.gpa + F.freeTop, top - 1);
    return this.mem.r32(this.gpa + F.stack + 4 * (top - 1));
  }

  /** Give a buffer index back (a buffer that could not be added goes back on top). */
  putBuf(i: number): void {
    const top = this.freeCount;
    this.mem.w32(this.gpa + F.stack + 4 * top, i);
    this.mem.w32(this.gpa + F.freeTop, top + 1);
  }
}
