/**
 * Message ids for the trace: every vhost-user message written gets the next
 * number, and its `vu_send` and `vu_recv` beats carry it, so the sequence
 * diagram can draw one arrow per message whichever side sent it. A stream
 * delivers each direction in order, so the reader takes the oldest id queued
 * in its direction; when the back-end closes the connection, what was not
 * read is gone with it. The counter is an arena word; the queues are only
 * consulted while the run is made (a seek replays the recorded beats).
 */
import type { Arena } from '../mem/arena';

/** Which way a message goes: front-end (QEMU) to back-end, or back. */
export type VuDirection = 'to-backend' | 'to-frontend';

export class VuWire {
  private readonly queued: Record<VuDirection, number[]> = { 'to-backend': [], 'to-frontend': [] };

  constructor(
    private readonly arena: Arena,
    /** An Int32 slot of the arena (an index, as Arena.aLoad takes). */
    private readonly slot: number,
  ) {}

  /** A message was written in direction `dir`: its id (1, 2, …), queued for the reader. */
  sent(dir: VuDirection): number {
    const id = this.arena.aAdd(this.slot, 1) + 1;
    this.queued[dir].push(id);
    return id;
  }

  /** The reader in direction `dir` read the next message: its id (0 for bytes nobody numbered). */
  received(dir: VuDirection): number {
    return this.queued[dir].shift() ?? 0;
  }

  /** The connection closed: messages written and not read are lost. */
  dropUnread(): void {
    this.queued['to-backend'].length = 0;
    this.queued['to-frontend'].length = 0;
  }

  /** Ids handed out so far. */
  count(): number {
    return this.arena.aLoad(this.slot);
  }
}

/** Bytes as lowercase hex without separators (vu_send's `hex`). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The inverse of toHex; odd or non-hex input yields null. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 || /[^0-9a-f]/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
