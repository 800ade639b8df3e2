/**
 * The tap device on the host side of vhost-net (drivers/net/tun.c), reduced to
 * a frame queue in each direction. Frames for the guest are queued by the host
 * network stack (tun_net_xmit) and taken by vhost (tun_recvmsg); frames from
 * the guest arrive through tun_sendmsg and are checked and counted here.
 * Its queue positions live in the arena so they rewind with everything else.
 */
import type { Arena } from '../mem/arena';
import { VIRTIO_NET_HDR_V1_SIZE } from '../abi/virtio-net';
import { checkFrame, fillFrame } from '../net/frame';
import type { ActorContext, Gen } from '../sched/actor';
import type { Counters } from '../trace/counters';

/** Frames tap0 queues for the guest before it stops its queue (txqueuelen's default is 1000). */
export const TUN_QUEUE_LEN = 1000;

/** The tap device: queue indices in two arena slots, plus a per-frame arrival count. */
export class Tap {
  constructor(
    readonly arena: Arena,
    /** Int32 slot: frames queued for the guest so far. */
    readonly queuedSlot: number,
    /** Int32 slot: frames vhost has taken for the guest so far. */
    readonly takenSlot: number,
    /** Arena offset of one u8 per frame: how many times it arrived (must end at exactly 1). */
    readonly arrivals: number,
    /** Frames with a per-frame arrival count (0 in long free runs: the checksum counters cover them). */
    readonly tracked: number,
    readonly frames: number,
    readonly frameLen: number,
    readonly seed: number,
    readonly counters: Counters,
    /** The socket's poll callback: vhost_poll_wakeup for handle_rx_net. */
    readonly onReadable: () => boolean,
  ) {
    this.rxBytes = new Uint8Array(VIRTIO_NET_HDR_V1_SIZE + frameLen);
    this.rxBytes[10] = 1; // num_buffers (le16 at offset 10)
  }

  // One receive buffer, reused: a frame is copied into the guest before the next is taken.
  private readonly rxBytes: Uint8Array;

  pendingForGuest(): number {
    return this.arena.aLoad(this.queuedSlot) - this.arena.aLoad(this.takenSlot);
  }

  /**
   * tun_recvmsg with IFF_VNET_HDR: the next frame for the guest, behind its
   * virtio_net_hdr (no offloads, GSO_NONE; num_buffers = 1, spec §5.1.6.4: one
   * chain without MRG_RXBUF). The bytes are valid until the next call.
   */
  takeForGuest(): { seq: number; bytes: Uint8Array } {
    const seq = this.arena.aAdd(this.takenSlot, 1);
    // A sender held back by a full queue may go on.
    this.arena.aNotify(this.takenSlot);
    fillFrame(this.rxBytes.subarray(VIRTIO_NET_HDR_V1_SIZE), seq, 'rx', this.seed);
    return { seq, bytes: this.rxBytes };
  }

  /** tun_sendmsg: a frame from the guest; checks it and counts its arrival. */
  deliverFromGuest(frame: Uint8Array): { seq: number; ok: boolean } {
    const r = checkFrame(frame, 'tx', this.seed);
    this.arrive(r.seq, r.ok, frame.length);
    return r;
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

/** The host network stack sending `frames` frames to the guest through the tap, one per beat (continuing from what is already queued). */
export function* hostStack(ctx: ActorContext, tap: Tap): Gen {
  for (let pkt = tap.arena.aLoad(tap.queuedSlot); pkt < tap.frames; pkt++) {
    yield ctx.safe();
    // tun's queue holds TUN_QUEUE_LEN frames; when the guest does not keep up, the device queue stops and the sender waits.
    while (tap.pendingForGuest() >= TUN_QUEUE_LEN) yield ctx.wait(tap.takenSlot, tap.arena.aLoad(tap.takenSlot), 'room in the tap queue');
    tap.arena.aAdd(tap.queuedSlot, 1);
    const woke = tap.onReadable();
    if (ctx.tracing) yield ctx.ev('tun_net_xmit', { pkt, len: tap.frameLen, wokeWorker: woke }, 'tun_net_xmit', 'vhost_poll_wakeup');
  }
}
