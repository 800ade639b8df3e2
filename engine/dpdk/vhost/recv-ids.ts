/**
 * Which message id the back-end is reading. Both sides number their
 * messages from the one VuWire counter once they are in the socket, and a
 * stream delivers the front-end's messages in order, so the next message
 * read is the next id the back-end did not hand out to one of its own
 * replies. When the back-end closes a connection, whatever the front-end
 * had sent on it and was not read is gone, so numbering starts after
 * every id handed out so far (the front-end's writes to the dead socket
 * fail and take no id). The last id read and the back-end's own recent ids
 * are arena words, so seeking restores them; the front-end needs no help.
 */
import type { Arena, ArenaLayout } from '../../mem/arena';
import type { VuWire } from '../../vhost-user/wire';

const OWN = 32;
const W_LAST = 0;
const W_HEAD = 1;
const W_TAIL = 2;

export class VuRecvIds {
  private readonly base: number;

  constructor(
    private readonly arena: Arena,
    layout: ArenaLayout,
    private readonly wire: VuWire,
  ) {
    this.base = layout.take((3 + OWN) * 4, 8) / 4;
    this.closed();
  }

  private get(w: number): number {
    return this.arena.aLoad(this.base + w);
  }
  private set(w: number, v: number): void {
    this.arena.aStore(this.base + w, v);
  }

  /** The back-end closed its connection: unread messages are lost, the next connection's come after every id so far. */
  closed(): void {
    this.set(W_LAST, this.wire.count());
    this.set(W_HEAD, this.get(W_TAIL));
  }

  /** The back-end sent message `id` (a reply). */
  sent(id: number): void {
    const t = this.get(W_TAIL);
    if (t - this.get(W_HEAD) >= OWN) this.set(W_HEAD, this.get(W_HEAD) + 1);
    this.set(3 + (t % OWN), id);
    this.set(W_TAIL, t + 1);
  }

  /** The back-end read the next front-end message: its id. */
  next(): number {
    let id = this.get(W_LAST) + 1;
    for (;;) {
      const h = this.get(W_HEAD);
      if (h === this.get(W_TAIL)) break;
      const own = this.get(3 + (h % OWN));
      if (own < id) {
        this.set(W_HEAD, h + 1);
        continue;
      }
      if (own !== id) break;
      this.set(W_HEAD, h + 1);
      id++;
    }
    this.set(W_LAST, id);
    return id;
  }
}
