/**
 * The driver's per-queue bookkeeping (the parts of virtio_net.c's struct
 * send_queue / receive_queue and their napi_struct this model needs): how
 * many frames went out or came in, whether the TX queue is stopped, whether
 * NAPI is scheduled, the receive EWMA of packet lengths, and a stack of free
 * buffer slots. It lives in guest RAM like the rest of the driver's state, so
 * a paused free run can be continued in step mode, and step mode rewinds it.
 */
import type { GuestMemory } from '../mem/guest-memory';

const F = {
  next: 0, // u32: TX frames handed to start_xmit
  done: 4, // u32: TX frames reclaimed, or RX frames received (or dropped)
  stopped: 8, // u32: netif_tx_stop_queue is in effect (TX)
  napi: 12, // u32: NAPI_STATE_SCHED: the poll is scheduled and will run in softirq context
  opened: 16, // u32: virtnet_open has filled the receive ring (RX)
  ewma: 20, // u32: rq->mrg_avg_pkt_len, DECLARE_EWMA(pkt_len, 0, 64)'s internal value
  freeTop: 24, // u32: number of entries on the free-slot stack
  stack: 28, // u32[nslots]: free buffer slots
} as const;

/** Bytes needed for a pool of `nslots` buffer slots. */
export function netQueueSize(nslots: number): number {
  return F.stack + 4 * nslots;
}

/** Accessors over the struct in guest RAM. */
export class NetQueueState {
  constructor(
    readonly mem: GuestMemory,
    readonly gpa: number,
    readonly nslots: number,
  ) {}

  /** Put every slot on the free stack (lowest index on top). */
  init(): void {
    for (let i = 0; i < this.nslots; i++) this.mem.w32(this.gpa + F.stack + 4 * i, this.nslots - 1 - i);
    this.mem.w32(this.gpa + F.freeTop, this.nslots);
  }

  private get(field: number): number {
    return this.mem.r32(this.gpa + field);
  }
  private set(field: number, v: number): void {
    this.mem.w32(this.gpa + field, v);
  }

  get next(): number {
    return this.get(F.next);
  }
  set next(v: number) {
    this.set(F.next, v);
  }
  get done(): number {
    return this.get(F.done);
  }
  set done(v: number) {
    this.set(F.done, v);
  }
  get stopped(): boolean {
    return this.get(F.stopped) !== 0;
  }
  set stopped(v: boolean) {
    this.set(F.stopped, v ? 1 : 0);
  }
  get napiScheduled(): boolean {
    return this.get(F.napi) !== 0;
  }
  set napiScheduled(v: boolean) {
    this.set(F.napi, v ? 1 : 0);
  }
  get opened(): boolean {
    return this.get(F.opened) !== 0;
  }
  set opened(v: boolean) {
    this.set(F.opened, v ? 1 : 0);
  }
  get freeCount(): number {
    return this.get(F.freeTop);
  }

  /** ewma_pkt_len_read: the average receive packet length (precision 0, so the internal value itself). */
  get avgPktLen(): number {
    return this.get(F.ewma);
  }
  /** ewma_pkt_len_add: weight 1/64, precision 0, as DECLARE_EWMA(pkt_len, 0, 64) computes it. */
  addPktLen(len: number): void {
    const internal = this.get(F.ewma);
    this.set(F.ewma, internal ? ((internal << 6) - internal + len) >>> 6 : len);
  }

  /** Take a free slot, or -1. */
  takeSlot(): number {
    const top = this.freeCount;
    if (top === 0) return -1;
    this.set(F.freeTop, top - 1);
    return this.get(F.stack + 4 * (top - 1));
  }

  /** Give a slot back. */
  putSlot(i: number): void {
    const top = this.freeCount;
    this.set(F.stack + 4 * top, i);
    this.set(F.freeTop, top + 1);
  }
}
