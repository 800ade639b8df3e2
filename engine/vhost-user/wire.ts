/**
 * Message ids for the trace: every vhost-user message written gets the next
 * number, and its `vu_send` and `vu_recv` beats carry it, so the sequence
 * diagram can draw one arrow per message whichever side sent it. The counter
 * is an arena word, so seeking restores it with everything else.
 */
import type { Arena } from '../mem/arena';

export class VuWire {
  constructor(
    private readonly arena: Arena,
    /** An Int32 slot of the arena (an index, as Arena.aLoad takes). */
    private readonly slot: number,
  ) {}

  /** Allocate the next message id (1, 2, …). */
  next(): number {
    return this.arena.aAdd(this.slot, 1) + 1;
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
