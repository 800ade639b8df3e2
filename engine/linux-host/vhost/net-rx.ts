/**
 * vhost-net's receive path in Linux 6.12 (drivers/vhost/net.c). handle_rx
 * runs as handle_rx_kick (the guest added buffers) or handle_rx_net (a frame
 * arrived on tap0). It stops polling the socket while it works
 * (vhost_net_disable_vq), and for each frame waiting on tap0 takes enough
 * heads (get_rx_bufs: one, or with MRG_RXBUF as many as the frame needs),
 * lets tun copy the header and frame into them (tun_recvmsg), writes
 * num_buffers, and collects the heads for a batched vhost_net_signal_used.
 * When the ring runs out of buffers it leaves the socket unpolled and waits
 * for the guest's kick; only a drained socket is polled again.
 */
import type { ActorContext, Gen } from '../../sched/actor';
import type { UsedElem } from '../../trace/events';
import {
  UIO_MAXIOV,
  VHOST_NET_BATCH,
  doneIdx,
  exceedsWeight,
  headsOf,
  setDoneIdx,
  setHead,
  vhostNetBusyPoll,
  vhostNetPoll,
  vhostNetSignalUsed,
  type VhostNet,
} from './net';
import { EINVAL, iovLength, type Iov } from './vhost';
import { WORK_KICK, WORK_NET, vhostWorkerQueue } from './worker';

/** sizeof(struct virtio_net_hdr): what tun writes; num_buffers (at this offset) is vhost's to fill. */
const VIRTIO_NET_HDR_LEN = 10;

/** vhost_net_rx_peek_head_len: the next frame's length on tap0; with busyloop_timeout, flush and busy-poll once before saying 0. */
function* peekHeadLen(ctx: ActorContext, n: VhostNet): Gen<{ len: number; busyloopIntr: boolean }> {
  return yield* ctx.call(
    'vhost_net_rx_peek_head_len',
    (function* () {
      let len = n.tap.peekLenForGuest();
      let busyloopIntr = false;
      if (!len && n.vq.busyloopTimeout) {
        // "Flush batched heads first"
        yield* vhostNetSignalUsed(ctx, n);
        busyloopIntr = yield* vhostNetBusyPoll(ctx, n);
        len = n.tap.peekLenForGuest();
      }
      if (ctx.tracing) yield ctx.ev('vhost_net_rx_peek_head_len', { len, queued: n.tap.pendingForGuest() });
      return { len, busyloopIntr };
    })(),
  );
}

/**
 * get_rx_bufs: heads for `datalen` bytes, at most `quota` of them (1 without
 * MRG_RXBUF). Returns the head count and their iovecs; 0 when the ring ran
 * out; UIO_MAXIOV + 1 when the frame does not fit in `quota` heads; -errno
 * on a bad chain. On every failure the heads taken so far are given back.
 */
function* getRxBufs(ctx: ActorContext, n: VhostNet, datalen: number, quota: number): Gen<{ headcount: number; iovs: Iov[] }> {
  return yield* ctx.call(
    'get_rx_bufs',
    (function* () {
      const base = doneIdx(n);
      const iovs: Iov[] = [];
      const heads: UsedElem[] = [];
      let left = datalen;
      let len = 0;
      let r = 0;
      const fail = function* (ret: number, result: 'empty' | 'overrun' | null): Gen<{ headcount: number; iovs: Iov[] }> {
        if (ctx.tracing && result) yield ctx.ev('get_rx_bufs', { datalen, heads, quota, result });
        if (heads.length) yield* n.vq.discardVqDesc(ctx, heads.length);
        return { headcount: ret, iovs: [] };
      };
      while (left > 0 && heads.length < quota) {
        const c = yield* n.vq.getVqDesc(ctx);
        if (typeof c === 'number') {
          if (c < 0) {
                    return yield* fail(c, null);
          }
          return yield* fail(0, 'empty');
        }
        if (c.out.length || c.in.length <= 0) {
                r = yield* n.vq.vqErr(ctx, 'unexpected-format', `unexpected descriptor format for RX: out ${c.out.length}, in ${c.in.length}`, c.head, EINVAL);
          return yield* fail(r, null);
        }
        len = iovLength(c.in);
        heads.push({ id: c.head, len });
        iovs.push(...c.in);
        left -= len;
      }
      // The last head reports only what the frame fills of it.
      heads[heads.length - 1]!.len = len + left;
      // "Detect overrun"
      if (left > 0) return yield* fail(UIO_MAXIOV + 1, 'overrun');
      for (let k = 0; k < heads.length; k++) setHead(n, base + k, heads[k]!.id, heads[k]!.len);
      if (ctx.tracing) yield ctx.ev('get_rx_bufs', { datalen, heads, quota, result: 'ok' });
      return { headcount: heads.length, iovs };
    })(),
  );
}

/** handle_rx: move every frame waiting on tap0 into the guest's buffers, batching the used heads. */
export function* handleRx(ctx: ActorContext, n: VhostNet): Gen {
  yield* n.vq.disableNotify(ctx);
  yield* vhostNetPoll(ctx, n, false, () => null);
  const quota = n.mergeable ? UIO_MAXIOV : 1;
  let recvPkts = 0;
  let totalLen = 0;
  let sockLen = 0;
  let busyloopIntr = false;
  // `out` is the kernel's label: leave without re-arming the socket poll.
  let out = false;
  for (;;) {
    const peek = yield* peekHeadLen(ctx, n);
    busyloopIntr ||= peek.busyloopIntr;
    sockLen = peek.len;
    if (!sockLen) break;
    sockLen += n.sockHlen;
    const vhostLen = sockLen + n.vhostHlen;
    const { headcount, iovs } = yield* getRxBufs(ctx, n, vhostLen, quota);
    // "On error, stop handling until the next kick."
    if (headcount < 0) {
      out = true;
      break;
    }
    // "OK, now we need to know about added descriptors."
    if (headcount === 0) {
      if (busyloopIntr) vhostWorkerQueue(n.arena, n.workSlot, WORK_KICK);
      else if (yield* n.vq.enableNotify(ctx)) {
        // "They have slipped one in as we were doing that: check again."
        yield* n.vq.disableNotify(ctx);
        if (yield* exceedsWeight(ctx, n, ++recvPkts, totalLen)) break;
        continue;
      }
      // "Nothing new?  Wait for eventfd to tell us they refilled." The socket stays unpolled.
      out = true;
      break;
    }
    busyloopIntr = false;
    if (headcount > UIO_MAXIOV) {
      // "On overrun, truncate and discard": recvmsg of one byte with MSG_TRUNC drops the frame.
      const pkt = n.tap.discardForGuest();
      n.counters.add('framesDropped');
      if (ctx.tracing) yield ctx.ev('tun_recvmsg', { pkt, bytes: sockLen - n.sockHlen, hdrLen: n.sockHlen, discarded: true }, 'tun_recvmsg');
      if (yield* exceedsWeight(ctx, n, ++recvPkts, totalLen)) break;
      continue;
    }
    // tun_recvmsg (IFF_VNET_HDR): tun writes the virtio_net_hdr and the frame; num_buffers is left to vhost.
    const { pkt, bytes } = n.tap.recvIntoGuest(n.arena, iovs);
    if (ctx.tracing) yield ctx.ev('tun_recvmsg', { pkt, bytes, hdrLen: n.sockHlen, discarded: false }, 'tun_recvmsg');
    // "Header came from socket; we'll need to patch ->num_buffers over if VIRTIO_NET_F_MRG_RXBUF"
    let numBuffers: number | null = null;
    if (n.mergeable) {
      writeAt(n, iovs, VIRTIO_NET_HDR_LEN, headcount);
      numBuffers = headcount;
    }
    const k = doneIdx(n) + headcount;
    setDoneIdx(n, k);
    if (ctx.tracing) yield ctx.ev('vhost_net_heads', { dir: 'rx', heads: headsOf(n, k - headcount, headcount), doneIdx: k, numBuffers });
    if (k > VHOST_NET_BATCH) yield* vhostNetSignalUsed(ctx, n);
    totalLen += vhostLen;
    if (yield* exceedsWeight(ctx, n, ++recvPkts, totalLen)) break;
  }
  if (!out) {
    if (busyloopIntr) vhostWorkerQueue(n.arena, n.workSlot, WORK_KICK);
    // A drained socket is polled again (vhost_net_enable_vq); if a frame slipped in meanwhile, the poll queues handle_rx_net at once.
    else if (!sockLen) yield* vhostNetPoll(ctx, n, true, () => (n.tap.pendingForGuest() > 0 ? WORK_NET : null));
  }
  yield* vhostNetSignalUsed(ctx, n);
}

/** copy_to_iter of a little-endian u16 at byte `offset` of the iovecs (num_buffers). */
function writeAt(n: VhostNet, iovs: readonly Iov[], offset: number, v: number): void {
  let o = offset;
  for (const io of iovs) {
    if (o + 2 <= io.len) {
      n.arena.w16(io.arenaOff + o, v);
      return;
    }
    o -= io.len;
  }
}
