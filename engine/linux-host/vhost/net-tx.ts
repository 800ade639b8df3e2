/**
 * vhost-net's transmit path in Linux 6.12 (drivers/vhost/net.c), on a tap
 * whose sndbuf is unlimited (QEMU's default), so handle_tx takes the copy
 * path with XDP batching: handle_tx_copy copies each frame out of guest
 * memory (vhost_net_build_xdp), notes its head in vq->heads[], and every
 * VHOST_NET_BATCH frames, and when the ring runs dry, vhost_tx_batch hands
 * the batch to tun (tun_sendmsg with TUN_MSG_PTR) and returns the heads with
 * one vhost_add_used_and_signal_n.
 */
import type { ActorContext, Gen } from '../../sched/actor';
import { checkFrame, frameSeqAt } from '../../net/frame';
import {
  VHOST_NET_BATCH,
  XDP_BUF_SIZE,
  batchedXdp,
  doneIdx,
  exceedsWeight,
  setBatchedXdp,
  setDoneIdx,
  setHead,
  vhostNetBusyPoll,
  vhostNetPoll,
  vhostNetSignalUsed,
  type VhostNet,
} from './net';
import { EFAULT, iovLength, type DescChain } from './vhost';
import { WORK_KICK, vhostWorkerQueue } from './worker';

/** SKB_DATA_ALIGN(VHOST_NET_RX_PAD + sock_hlen): where vhost_net_build_xdp puts the frame in its buffer. */
const XDP_PAD = 128;
/** offsetof(struct tun_xdp_hdr, gso): the header goes right after the buffer length. */
const XDP_GSO_OFF = 4;

/**
 * get_tx_bufs' out-parameters, which the C passes by pointer (&len,
 * &busyloop_intr): one record per handle_tx_copy pass rather than a new
 * object per frame.
 */
interface TxBufsOut {
  len: number;
  busyloopIntr: boolean;
}

/** vhost_net_tx_get_vq_desc: the next chain; with busyloop_timeout set, flush and busy-poll once before giving up (out.busyloopIntr says whether work cut the poll short). */
function* txGetVqDesc(ctx: ActorContext, n: VhostNet, out: TxBufsOut): Gen<DescChain | number> {
  return yield* ctx.call(
    'vhost_net_tx_get_vq_desc',
    (function* () {
      let r = yield* n.vq.getVqDesc(ctx);
      if (r === n.vq.num && n.vq.busyloopTimeout) {
        // "Flush batched packets first"
        yield* vhostTxBatch(ctx, n);
        out.busyloopIntr = yield* vhostNetBusyPoll(ctx, n);
        r = yield* n.vq.getVqDesc(ctx);
      }
      return r;
    })(),
  );
}

/** get_tx_bufs: a chain of readable buffers only, longer than vhost's own header; returns it (its length in out.len), `num`, or -errno. */
function* getTxBufs(ctx: ActorContext, n: VhostNet, out: TxBufsOut): Gen<DescChain | number> {
  const r = yield* txGetVqDesc(ctx, n, out);
  if (typeof r === 'number') return r;
  if (r.in.length) return yield* n.vq.vqErr(ctx, 'unexpected-format', `Unexpected descriptor format for TX: out ${r.out.length}, int ${r.in.length}`, r.head, EFAULT);
  // init_iov_iter: skip vhost's header (none with tap: vhost_hlen is 0), count the rest.
  const len = Math.max(0, iovLength(r.out) - n.vhostHlen);
  if (len === 0) return yield* n.vq.vqErr(ctx, 'tx-header-len', `Unexpected header len for TX: ${len} expected ${n.vhostHlen}`, r.head, EFAULT);
  out.len = len;
  return r;
}

/**
 * vhost_net_build_xdp: copy the socket's header (sock_hlen bytes: tap takes
 * the virtio_net_hdr) and the frame out of the chain into a page-frag buffer
 * of nvq->xdp[]. Returns 0 or -EFAULT (a chain shorter than the header).
 */
function* buildXdp(ctx: ActorContext, n: VhostNet, chain: DescChain, len: number): Gen<number> {
  return yield* ctx.call(
    'vhost_net_build_xdp',
    (function* () {
      if (len < n.sockHlen) return EFAULT;
      const a = n.arena;
      const k = batchedXdp(n);
      const buf = n.xdp + k * XDP_BUF_SIZE;
      // copy_from_iter: header to tun_xdp_hdr.gso, frame to buf + pad.
      let at = 0;
      for (const v of chain.out) {
        for (let o = 0; o < v.len; ) {
          const dst = at < n.sockHlen ? buf + XDP_GSO_OFF + at : buf + XDP_PAD + (at - n.sockHlen);
          const room = at < n.sockHlen ? n.sockHlen - at : v.len - o;
          const m = Math.min(room, v.len - o);
          a.copy(dst, v.arenaOff + o, m);
          o += m;
          at += m;
        }
      }
      a.w32(buf, len + XDP_PAD); // hdr->buflen (the model's: the kernel adds the aligned skb_shared_info too)
      setBatchedXdp(n, k + 1);
      const frame = a.u8.subarray(buf + XDP_PAD, buf + XDP_PAD + len - n.sockHlen);
      if (ctx.tracing) yield ctx.ev('vhost_net_build_xdp', { pkt: checkFrame(frame, 'tx', n.tap.seed).seq, head: chain.head, bytes: len - n.sockHlen, hdrLen: n.sockHlen, batched: k + 1, ok: true });
      return 0;
    })(),
  );
}

/** vhost_tx_batch: send the batched frames to tun in one sendmsg, then return their heads (vhost_net_signal_used). */
function* vhostTxBatch(ctx: ActorContext, n: VhostNet): Gen {
  yield* ctx.call(
    'vhost_tx_batch',
    (function* () {
      const count = batchedXdp(n);
      if (count) {
        // sock->ops->sendmsg with TUN_MSG_PTR: tun_xdp_one builds an skb for each buffer and hands it to tap0's stack.
        const pkts: number[] = [];
        let ok = true;
        for (let k = 0; k < count; k++) {
          const buf = n.xdp + k * XDP_BUF_SIZE;
          const len = n.arena.r32(buf) - XDP_PAD - n.sockHlen;
          ok = n.tap.deliverFromGuest(buf + XDP_PAD, len) && ok;
          if (ctx.tracing) pkts.push(frameSeqAt(n.arena.u8, buf + XDP_PAD, len));
        }
        if (ctx.tracing) yield ctx.ev('tun_sendmsg', { count, pkts, ok }, 'tun_sendmsg');
      }
      yield* vhostNetSignalUsed(ctx, n);
      setBatchedXdp(n, 0);
    })(),
  );
}

/** handle_tx_copy: take chains until the ring is empty, an error, or the pass's weight; batch frames and heads. */
function* handleTxCopy(ctx: ActorContext, n: VhostNet): Gen {
  let sentPkts = 0;
  let totalLen = 0;
  const out: TxBufsOut = { len: 0, busyloopIntr: false };
  for (;;) {
    if (doneIdx(n) === VHOST_NET_BATCH) yield* vhostTxBatch(ctx, n);
    out.busyloopIntr = false;
    const r = yield* ctx.call('get_tx_bufs', getTxBufs(ctx, n, out));
    const busyloopIntr = out.busyloopIntr;
    // "On error, stop handling until the next kick."
    if (typeof r === 'number' && r < 0) break;
    // "Nothing new?  Wait for eventfd to tell us they refilled."
    if (typeof r === 'number') {
      if (busyloopIntr) {
        vhostWorkerQueue(n.arena, n.workSlot, WORK_KICK);
        break;
      }
      if (yield* n.vq.enableNotify(ctx)) {
        yield* n.vq.disableNotify(ctx);
        if (yield* exceedsWeight(ctx, n, ++sentPkts, totalLen)) break;
        continue;
      }
      break;
    }
    totalLen += out.len;
    if (yield* buildXdp(ctx, n, r, out.len)) {
      // Not a frame tun can take: flush, give the head back and wait for the socket (vhost_net_enable_vq).
      yield* vhostTxBatch(ctx, n);
      yield* n.vq.discardVqDesc(ctx, 1);
      break;
    }
    const k = doneIdx(n);
    setHead(n, k, r.head, 0);
    setDoneIdx(n, k + 1);
    if (ctx.tracing) yield ctx.ev('vhost_net_heads', { dir: 'tx', heads: [{ id: r.head, len: 0 }], doneIdx: k + 1, numBuffers: null });
    if (yield* exceedsWeight(ctx, n, ++sentPkts, totalLen)) break;
  }
  yield* vhostTxBatch(ctx, n);
}

/** handle_tx: stop guest kicks and the socket's write poll, then run the copy path. */
export function* handleTx(ctx: ActorContext, n: VhostNet): Gen {
  yield* n.vq.disableNotify(ctx);
  // vhost_net_disable_vq: the socket's EPOLLOUT poll goes quiet until a send hits a full queue.
  yield* vhostNetPoll(ctx, n, false, () => null);
  yield* ctx.call('handle_tx_copy', handleTxCopy(ctx, n));
}
