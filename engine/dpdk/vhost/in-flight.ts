/**
 * Which message id the reader of a vhost-user socket is reading. Each
 * direction of the stream is FIFO, so the sender pushes the id VuWire gave
 * its vu_send and the reader shifts it for its vu_recv. Both queues are
 * arena words, so seeking restores them.
 */
import type { Arena, ArenaLayout } from '../../mem/arena';

export type VuDirection = 'to-backend' | 'to-frontend';

const DEPTH = 64;

export class VuInFlight {
  private readonly base: number;

  constructor(
    private readonly arena: Arena,
    layout: ArenaLayout,
  ) {
    // Per direction: head, tail, then DEPTH ids.
    this.base = layout.take(2 * (2 + DEPTH) * 4, 8) / 4;
  }

  private slot(dir: VuDirection, w: number): number {
    return this.base + (dir === 'to-backend' ? 0 : 2 + DEPTH) + w;
  }

  /** The sender queued message `id`. */
  push(dir: VuDirection, id: number): void {
    const t = this.arena.aLoad(this.slot(dir, 1));
    this.arena.aStore(this.slot(dir, 2 + (t % DEPTH)), id);
    this.arena.aStore(this.slot(dir, 1), t + 1);
  }

  /** The reader took the oldest message: its id, or 0 when nothing was queued (a stray read). */
  shift(dir: VuDirection): number {
    const h = this.arena.aLoad(this.slot(dir, 0));
    if (h === this.arena.aLoad(this.slot(dir, 1))) return 0;
    this.arena.aStore(this.slot(dir, 0), h + 1);
    return this.arena.aLoad(this.slot(dir, 2 + (h % DEPTH)));
  }

  /** A connection closed: whatever was queued in either direction is gone. */
  drop(): void {
    for (const d of ['to-backend', 'to-frontend'] as const) this.arena.aStore(this.slot(d, 0), this.arena.aLoad(this.slot(d, 1)));
  }
}
