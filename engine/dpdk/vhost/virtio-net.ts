/**
 * virtio_net.c (split ring): rte_vhost_dequeue_burst takes frames the
 * guest posted on a TX vring, rte_vhost_enqueue_burst copies frames into
 * the buffers it posted on an RX vring, and vhost_vring_call_split
 * (vhost.h) decides whether to interrupt the guest. Every ring and buffer
 * access goes through DPDK's own translation (gpa_to_vva over the memory
 * table, then the mapping of the memory file). The library never sets
 * VRING_USED_F_NO_NOTIFY by itself: only rte_vhost_enable_guest_notification
 * does, when an application calls it.
 */
import { VRING_AVAIL_F_NO_INTERRUPT, VRING_DESC_F_NEXT, VIRTIO_RING_F_EVENT_IDX } from '../../abi/virtio-ring';
import { eventfdWrite, type EventFd } from '../../os/eventfd';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VhostLib } from './context';

/** VIRTIO_NET_F_MRG_RXBUF: a frame may span several posted buffers. */
const VIRTIO_NET_F_MRG_RXBUF = 15;
import { gpaToVva, vvaToArena } from './mem-table';

/** Arena offset of a back-end address, or -1. */
function at(v: VhostLib, vva: number): number {
  return vva ? vvaToArena(v.as, vva) : -1;
}

/** vhost_need_event. */
export function vhostNeedEvent(eventIdx: number, newIdx: number, old: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - old) & 0xffff);
}

/** rte_vhost_dequeue_burst → virtio_dev_tx_split: up to `max` frames (virtio-net header stripped). */
export function* rteVhostDequeueBurst(ctx: ActorContext, v: VhostLib, vring: number, max: number): Gen<Uint8Array[]> {
  return yield* ctx.call(
    'rte_vhost_dequeue_burst',
    (function* (): Gen<Uint8Array[]> {
      const dev = v.dev;
      const vq = dev.vq(vring);
      const a = v.arena;
      const avail = at(v, vq.avail);
      const used = at(v, vq.used);
      if (!vq.enabled || !vq.accessOk || avail < 0 || used < 0 || vq.size === 0) return [];
      const availIdx = a.aLoad16(avail + 2);
      const count = Math.min(max, (availIdx - vq.lastAvailIdx) & 0xffff);
      if (count === 0) return [];
      const frames: Uint8Array[] = [];
      const heads: number[] = [];
      const hlen = dev.vhostHlen;
      for (let i = 0; i < count; i++) {
        const slot = (vq.lastAvailIdx + i) % vq.size;
        const head = a.r16(avail + 4 + 2 * slot);
        const chunks = descChain(v, vring, head)
          .bufs.filter((b) => b.at >= 0)
          .map((b) => a.readBytes(b.at, b.len));
        const total = chunks.reduce((s, c) => s + c.length, 0);
        const all = new Uint8Array(total);
        let o = 0;
        for (const c of chunks) {
          all.set(c, o);
          o += c.length;
        }
        frames.push(all.slice(hlen));
        heads.push(head);
        // The used element of a TX buffer carries length 0.
        const uslot = (vq.lastUsedIdx + i) % vq.size;
        a.w32(used + 4 + 8 * uslot, head);
        a.w32(used + 8 + 8 * uslot, 0);
      }
      vq.lastAvailIdx = vq.lastAvailIdx + count;
      vq.lastUsedIdx = vq.lastUsedIdx + count;
      a.aStore16(used + 2, vq.lastUsedIdx);
      if (ctx.tracing) yield ctx.ev('dpdk_dequeue', { vring, count, heads, lastAvail: vq.lastAvailIdx, availIdx });
      yield* vhostVringCallSplit(ctx, v, vring);
      return frames;
    })(),
  );
}

/**
 * rte_vhost_enqueue_burst → virtio_dev_rx_split: for each frame,
 * reserve_avail_buf_split takes posted buffers until header + frame fit
 * (one chain unless VIRTIO_NET_F_MRG_RXBUF, then as many as needed; a frame
 * that does not fit stops the burst and is dropped), copy_mbuf_to_desc
 * writes the header (num_buffers with MRG_RXBUF) and the frame across them,
 * and each buffer gets a used element with the bytes it holds.
 */
export function* rteVhostEnqueueBurst(ctx: ActorContext, v: VhostLib, vring: number, frames: readonly Uint8Array[]): Gen<number> {
  return yield* ctx.call(
    'rte_vhost_enqueue_burst',
    (function* (): Gen<number> {
      const dev = v.dev;
      const vq = dev.vq(vring);
      const a = v.arena;
      const avail = at(v, vq.avail);
      const used = at(v, vq.used);
      if (!vq.enabled || !vq.accessOk || avail < 0 || used < 0 || vq.size === 0) return 0;
      const hlen = dev.vhostHlen;
      const mergeable = dev.hasFeature(VIRTIO_NET_F_MRG_RXBUF);
      const maxTries = mergeable ? vq.size - 1 : 1;
      const heads: number[] = [];
      let done = 0;
      for (const frame of frames) {
        const availHead = a.aLoad16(avail + 2);
        // reserve_avail_buf_split: whole chains until the frame and its header fit.
        const taken: Array<{ head: number; bufs: Array<{ at: number; len: number }>; len: number }> = [];
        let size = hlen + frame.length;
        let cur = vq.lastAvailIdx;
        while (size > 0) {
          if (cur === availHead || taken.length >= maxTries) break;
          const head = a.r16(avail + 4 + 2 * (cur % vq.size));
          const chain = descChain(v, vring, head);
          const len = Math.min(chain.len, size);
          taken.push({ head, bufs: chain.bufs, len });
          size -= len;
          cur = (cur + 1) & 0xffff;
        }
        if (size > 0) break; // no room: this frame and the rest of the burst are not enqueued
        const data = new Uint8Array(hlen + frame.length);
        if (mergeable) new DataView(data.buffer).setUint16(10, taken.length, true);
        data.set(frame, hlen);
        let off = 0;
        for (const t of taken) {
          let left = t.len;
          for (const b of t.bufs) {
            if (left === 0) break;
            const n = Math.min(b.len, left);
            if (b.at >= 0) a.writeBytes(b.at, data.subarray(off, off + n));
            off += n;
            left -= n;
          }
          const uslot = vq.lastUsedIdx % vq.size;
          a.w32(used + 4 + 8 * uslot, t.head);
          a.w32(used + 8 + 8 * uslot, t.len);
          vq.lastUsedIdx = vq.lastUsedIdx + 1;
          heads.push(t.head);
        }
        vq.lastAvailIdx = vq.lastAvailIdx + taken.length;
        done++;
      }
      if (done === 0) return 0;
      a.aStore16(used + 2, vq.lastUsedIdx);
      if (ctx.tracing) yield ctx.ev('dpdk_enqueue', { vring, count: done, heads, lastUsed: vq.lastUsedIdx });
      yield* vhostVringCallSplit(ctx, v, vring);
      return done;
    })(),
  );
}

/** fill_vec_buf_split: a chain's buffers (through gpa_to_vva and the mapping, -1 if unmapped) and its total length. */
function descChain(v: VhostLib, vring: number, head: number): { bufs: Array<{ at: number; len: number }>; len: number } {
  const a = v.arena;
  const dev = v.dev;
  const vq = dev.vq(vring);
  const bufs: Array<{ at: number; len: number }> = [];
  let len = 0;
  let d = head;
  // A chain longer than the ring is a loop: stop there, as the C code's vec index limit does.
  for (let n = 0; n < vq.size; n++) {
    const desc = at(v, vq.desc + 16 * d);
    if (desc < 0) break;
    const dlen = a.r32(desc + 8);
    bufs.push({ at: at(v, gpaToVva(dev, a.r64(desc), dlen)), len: dlen });
    len += dlen;
    if (!(a.r16(desc + 12) & VRING_DESC_F_NEXT)) break;
    d = a.r16(desc + 14);
  }
  return { bufs, len };
}

/** vhost_vring_call_split: interrupt the guest through the call eventfd if it asked for it. */
export function* vhostVringCallSplit(ctx: ActorContext, v: VhostLib, vring: number): Gen<boolean> {
  return yield* ctx.call(
    'vhost_vring_call_split',
    (function* (): Gen<boolean> {
      const dev = v.dev;
      const vq = dev.vq(vring);
      const a = v.arena;
      let signal: boolean;
      let usedEvent: number | null = null;
      const newUsed = vq.lastUsedIdx;
      let old = newUsed;
      const avail = at(v, vq.avail);
      if (dev.hasFeature(VIRTIO_RING_F_EVENT_IDX)) {
        old = vq.signalledUsed;
        const valid = vq.signalledUsedValid;
        vq.signalledUsed = newUsed;
        vq.signalledUsedValid = true;
        usedEvent = a.aLoad16(avail + 4 + 2 * vq.size);
        signal = (vhostNeedEvent(usedEvent, newUsed, old) && vq.callfd >= 0) || !valid;
      } else {
        signal = !(a.aLoad16(avail) & VRING_AVAIL_F_NO_INTERRUPT) && vq.callfd >= 0;
      }
      if (ctx.tracing) yield ctx.ev('dpdk_vring_call', { vring, fd: vq.callfd, signal, reason: usedEvent === null ? 'flags' : 'event-idx', oldUsed: old, newUsed, usedEvent });
      if (signal && vq.callfd >= 0) {
        const f = v.proc.get(vq.callfd) as { efd?: EventFd } | undefined;
        if (f?.efd) yield* eventfdWrite(ctx, f.efd, vq.callfd, 'call');
      }
      return signal;
    })(),
  );
}
