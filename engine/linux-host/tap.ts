/**
 * The tap device on the host side of vhost-net (Linux 6.12 drivers/net/tun.c,
 * opened with IFF_TAP | IFF_VNET_HDR | IFF_NO_PI), reduced to what the data
 * path needs: the ring of frames queued for the guest (tun_net_xmit fills it,
 * vhost takes from it through tun_recvmsg), and the frames that arrive from
 * the guest (tun_sendmsg), which are checked and counted here. Its queue
 * positions live in the arena so they rewind with everything else.
 */
import type { Arena } from '../mem/arena';
import { fillFrame, frameIntactAt, frameSeqAt } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import type { Counters } from '../trace/counters';
import type { Iov } from './vhost/vhost';

/** TUN_READQ_SIZE: tun's default tx_queue_len, the size of each queue's ptr_ring. */
export const TUN_READQ_SIZE = 500;
/** sizeof(struct virtio_net_hdr): the part of the vnet header tun writes itself. */
const TUN_GSO_HDR_LEN = 10;

/** The tap device: queue indices in two arena slots, plus a per-frame arrival count. */
export class Tap {
  // One frame, reused: a frame is copied into the guest before the next is made.
  private readonly scratch: Uint8Array;

  constructor(
    readonly arena: Arena,
    /** Int32 slot: frames queued for the guest so far. */
    readonly queuedSlot: number,
    /** Int32 slot: frames vhost has taken (or discarded) for the guest so far. */
    readonly takenSlot: number,
    /** Arena offset of one u8 per frame: how many times it arrived (must end at exactly 1). */
    readonly arrivals: number,
    /** Frames with a per-frame arrival count (0 in long free runs: the checksum counters cover them). */
    readonly tracked: number,
    readonly frames: number,
    readonly frameLen: number,
    /** TUNSETVNETHDRSZ: the vnet header size tun reads and writes (12 with VERSION_1 or MRG_RXBUF). */
    readonly vnetHdrSz: number,
    readonly seed: number,
    readonly counters: Counters,
    /** The socket's wait queue: sk_data_ready → sock_def_readable wakes whoever polls it (vhost's handle_rx_net poll). */
    readonly readable: (ctx: ActorContext) => Gen,
  ) {
    this.scratch = new Uint8Array(frameLen);
  }

  pendingForGuest(): number {
    return this.arena.aLoad(this.queuedSlot) - this.arena.aLoad(this.takenSlot);
  }

  /** peek_head_len: the length of the next frame for the guest, 0 when none. */
  peekLenForGuest(): number {
    return this.pendingForGuest() > 0 ? this.frameLen : 0;
  }

  /** Take the next frame off the ring (the frame's sequence number), letting a sender held back by a full ring go on. */
  private take(): number {
    const seq = this.arena.aAdd(this.takenSlot, 1);
    this.arena.aNotify(this.takenSlot);
    return seq;
  }

  /**
   * tun_recvmsg → tun_put_user with IFF_VNET_HDR: write the virtio_net_hdr
   * (no offloads: all zero; tun writes its first 10 bytes and skips to
   * vnet_hdr_sz) and then the frame into `iovs`. Returns the frame's number
   * and length.
   */
  recvIntoGuest(arena: Arena, iovs: readonly Iov[]): { pkt: number; bytes: number } {
    const pkt = this.take();
    fillFrame(this.scratch, pkt, 'rx', this.seed);
    let io = 0;
    let o = 0;
    const put = (bytes: Uint8Array | null, n: number): void => {
      for (let done = 0; done < n; ) {
        const v = iovs[io]!;
        const m = Math.min(n - done, v.len - o);
        if (bytes) arena.writeBytes(v.arenaOff + o, bytes.subarray(done, done + m));
        done += m;
        o += m;
        if (o === v.len) {
          io++;
          o = 0;
        }
      }
    };
    put(ZERO_GSO, TUN_GSO_HDR_LEN);
    put(null, this.vnetHdrSz - TUN_GSO_HDR_LEN);
    put(this.scratch, this.frameLen);
    return { pkt, bytes: this.frameLen };
  }

  /** recvmsg of one byte with MSG_TRUNC: the frame is dropped. Returns its number. */
  discardForGuest(): number {
    return this.take();
  }

  /** tun_sendmsg / tun_xdp_one: the frame from the guest at arena offset `at`; checks it where it lies, counts its arrival, and says whether it was intact. */
  deliverFromGuest(at: number, len: number): boolean {
    const u8 = this.arena.u8;
    const seq = frameSeqAt(u8, at, len);
    const ok = seq >= 0 && frameIntactAt(u8, at, len, seq, 'tx', this.seed);
    this.arrive(seq, ok, len);
    return ok;
  }

  /** Count one arrival of frame `seq` at its destination (the guest for RX, the tap for TX). */
  arrive(seq: number, ok: boolean, len: number): void {
    if (ok && seq >= 0 && seq < this.frames) {
      if (seq < this.tracked) {
        const off = this.arrivals + seq;
        this.arena.w8(off, this.arena.r8(off) + 1);
      }
      this.counters.add('framesDelivered');
      this.counters.add('bytes', len);
      this.counters.add('frameHash', frameMix(seq));
    } else this.counters.add('framesCorrupt');
  }

  /** How many times frame `seq` arrived. */
  arrivalsOf(seq: number): number {
    return this.arena.r8(this.arrivals + seq);
  }
}

const ZERO_GSO = new Uint8Array(TUN_GSO_HDR_LEN);

/**
 * A 32-bit mix of a frame's sequence number. The sum of frameMix over the
 * frames that arrived equals expectedFrameHash(n) only when each of 0..n-1
 * arrived once: a lost frame or a duplicate changes the sum.
 */
export function frameMix(seq: number): number {
  let x = Math.imul(seq ^ 0x5bd1e995, 0x9e3779b1);
  x ^= x >>> 15;
  return Math.imul(x, 0x85ebca6b) | 0;
}

/** The frameHash counter after frames 0..n-1 each arrived exactly once. */
export function expectedFrameHash(n: number): number {
  let h = 0;
  for (let i = 0; i < n; i++) h = (h + frameMix(i)) | 0;
  return h;
}

/**
 * A traffic source on the host sending `frames` frames to the guest through
 * tap0 (tun_net_xmit). tun drops a frame when its ring is full
 * (SKB_DROP_REASON_FULL_RING); this source instead waits for room, so every
 * frame reaches vhost and the walkthrough can check each one arrives.
 */
export function* hostStack(ctx: ActorContext, tap: Tap): Gen {
  for (let pkt = tap.arena.aLoad(tap.queuedSlot); pkt < tap.frames; pkt++) {
    yield ctx.safe();
    while (tap.pendingForGuest() >= TUN_READQ_SIZE) yield ctx.wait(tap.takenSlot, tap.arena.aLoad(tap.takenSlot), 'tap-room');
    yield* ctx.call(
      'tun_net_xmit',
      (function* () {
        // ptr_ring_produce, then sk_data_ready: the socket's wait queue runs (vhost_poll_wakeup, if vhost polls it).
        tap.arena.aAdd(tap.queuedSlot, 1);
        if (ctx.tracing) yield ctx.ev('tun_net_xmit', { pkt, len: tap.frameLen, queued: tap.pendingForGuest() });
        yield* ctx.call('sock_def_readable', tap.readable(ctx));
      })(),
    );
  }
}
