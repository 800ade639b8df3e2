/**
 * The guest's virtio-net driver as Linux 6.12 runs it, seen through whole
 * descriptor-flow runs: buffer layouts, start_xmit's free / re-arm loop, the
 * TX queue's stop and wake at 2 + MAX_SKB_FRAGS, which handler an interrupt
 * enters, and mergeable receive buffers. Each test names the 6.12 function it
 * was checked against.
 */
import { describe, expect, it } from 'vitest';
import { VRING_DESC_F_INDIRECT } from '../abi/virtio-ring';
import { eventsOf, runFlow } from '../testing/run';
import { BIG_BUF_ENTRIES, mergeableBufLen, mergeableMinBufLen } from './virtio-net-rx';
import { TX_STOP_THRESHOLD } from './virtio-net';

describe('virtio_net.c buffer layouts', () => {
  it('xmit_skb: a VERSION_1 guest pushes the 12-byte header into the headroom, so a linear frame is one descriptor', () => {
    const s = runFlow({ packets: 4 });
    const prep = eventsOf(s.trace, 'virtnet_buf_prepare');
    expect(prep.every((e) => e.f.layout === 'pushed' && e.f.sgs.length === 1)).toBe(true);
    // The header sits right before the frame: one piece of 12 + 64 bytes.
    expect(prep.every((e) => e.f.hdr === e.f.data - 12 && e.f.sgs[0]!.len === 76)).toBe(true);
    expect(eventsOf(s.trace, 'virtqueue_add_desc')).toHaveLength(4);
  });

  it('txhdr=separate: the header in skb->cb and the frame apart, two descriptors (no ANY_LAYOUT, or no headroom)', () => {
    const s = runFlow({ packets: 4, txhdr: 'separate' });
    const prep = eventsOf(s.trace, 'virtnet_buf_prepare');
    expect(prep.every((e) => e.f.sgs.length === 2 && e.f.sgs[0]!.len === 12)).toBe(true);
    expect(eventsOf(s.trace, 'virtqueue_add_desc')).toHaveLength(8);
  });

  it('add_recvbuf_mergeable: one descriptor per buffer, sized from mergeable_min_buf_len and cache-aligned', () => {
    const s = runFlow({ dir: 'rx', qsize: 64, packets: 2 });
    const prep = eventsOf(s.trace, 'virtnet_buf_prepare');
    expect(prep.length).toBeGreaterThanOrEqual(64); // virtnet_open fills the whole ring
    expect(prep.every((e) => e.f.layout === 'mergeable' && e.f.sgs.length === 1)).toBe(true);
    // 65565 / 64 - 12 is below GOOD_PACKET_LEN, so 12 + 1518 rounded up to 64: 1536 (the last in a page frag takes the hole).
    expect(mergeableBufLen(12, mergeableMinBufLen(12, 64), 0)).toBe(1536);
    expect(prep[0]!.f.sgs[0]!.len).toBe(1536);
    expect(prep.some((e) => e.f.sgs[0]!.len > 1536)).toBe(true);
  });

  it('add_recvbuf_big: 2 + MAX_SKB_FRAGS entries per buffer, or one indirect descriptor', () => {
    const direct = runFlow({ dir: 'rx', rxbuf: 'big', qsize: 64, packets: 2 });
    expect(eventsOf(direct.trace, 'virtnet_buf_prepare').every((e) => e.f.sgs.length === BIG_BUF_ENTRIES)).toBe(true);
    expect(BIG_BUF_ENTRIES).toBe(19);
    const ind = runFlow({ dir: 'rx', rxbuf: 'big', indirect: true, qsize: 8, packets: 2 });
    const main = eventsOf(ind.trace, 'virtqueue_add_desc').filter((e) => !e.f.indirect);
    expect(main.every((e) => e.f.flags === VRING_DESC_F_INDIRECT && e.f.len === 19 * 16)).toBe(true);
  });

  it('a mergeable receive queue does not use indirect descriptors, even when negotiated (it passes a context)', () => {
    const s = runFlow({ dir: 'rx', indirect: true, qsize: 8, packets: 2 });
    expect(s.world.info.ring.indirect).toBe(false);
    expect(eventsOf(s.trace, 'virtqueue_add_indirect')).toHaveLength(0);
  });
});

describe('start_xmit, check_sq_full_and_disable, virtnet_poll_tx', () => {
  it('frees old buffers with callbacks off, then re-arms with virtqueue_enable_cb_delayed: used_event 3/4 of what is outstanding ahead', () => {
    const s = runFlow({ packets: 24, batch: 4 });
    const delayed = eventsOf(s.trace, 'virtqueue_enable_cb').filter((e) => e.f.delayed);
    expect(delayed.length).toBeGreaterThan(0);
    expect(delayed.every((e) => e.stack.includes('start_xmit') || e.stack.includes('check_sq_full_and_disable'))).toBe(true);
    // Some re-arm asks for the interrupt more than one entry ahead: the delay is real.
    expect(delayed.some((e) => e.f.bufs >= 2)).toBe(true);
    // free_old_xmit runs inside start_xmit before each frame is added.
    expect(eventsOf(s.trace, 'virtqueue_get_buf').some((e) => e.stack.includes('start_xmit'))).toBe(true);
  });

  it('stops the TX queue when fewer than 2 + MAX_SKB_FRAGS descriptors are free, and NAPI wakes it again', () => {
    expect(TX_STOP_THRESHOLD).toBe(19);
    const s = runFlow({ packets: 40, qsize: 32, batch: 20 });
    const stops = eventsOf(s.trace, 'netif_tx_stop_queue');
    expect(stops.length).toBeGreaterThan(0);
    expect(stops.every((e) => e.f.numFree < 19)).toBe(true);
    const wakes = eventsOf(s.trace, 'netif_tx_wake_queue');
    expect(wakes.length).toBeGreaterThan(0);
    expect(wakes.every((e) => e.f.numFree >= 19 && e.stack.includes('virtnet_poll_tx'))).toBe(true);
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });

  it('refuses a TX ring that could never wake (fewer than 32 entries)', () => {
    expect(() => runFlow({ qsize: 16 })).toThrow(/at least 32/);
  });

  it('xmit_more: only the last frame of a burst kicks', () => {
    const s = runFlow({ packets: 16, batch: 8 });
    const kicks = eventsOf(s.trace, 'virtqueue_kick_prepare');
    expect(kicks).toHaveLength(2);
  });
});

describe('interrupt handlers', () => {
  it('with a vector per queue, the handler is vring_interrupt itself (virtio0-output.0)', () => {
    const s = runFlow({ packets: 4 });
    const irqs = eventsOf(s.trace, 'vring_interrupt');
    expect(irqs.length).toBeGreaterThan(0);
    expect(irqs.every((e) => !e.stack.includes('vp_vring_interrupt') && e.stack.at(-1) === 'vring_interrupt' && e.stack[0] === 'common_interrupt')).toBe(true);
    expect(s.world.info.irq).toMatchObject({ irqName: 'virtio0-output.0', handler: 'vring_interrupt', msixEntry: 2 });
  });

  it('with one shared vector, vp_vring_interrupt calls vring_interrupt (virtio0-virtqueues)', () => {
    const s = runFlow({ packets: 4, msix: 'shared' });
    const irqs = eventsOf(s.trace, 'vring_interrupt');
    expect(irqs.every((e) => e.stack.at(-2) === 'vp_vring_interrupt')).toBe(true);
    expect(s.world.info.irq).toMatchObject({ irqName: 'virtio0-virtqueues', handler: 'vp_vring_interrupt', msixEntry: 1 });
  });

  it('the callback schedules NAPI, and the poll runs in softirq context (net_rx_action → __napi_poll)', () => {
    const s = runFlow({ dir: 'rx', qsize: 8, packets: 6 });
    expect(eventsOf(s.trace, 'napi_schedule').every((e) => e.stack.includes('skb_recv_done') || e.stack.includes('virtqueue_napi_complete'))).toBe(true);
    const received = eventsOf(s.trace, 'receive_buf');
    expect(received.every((e) => e.stack.includes('__napi_poll') && e.stack.includes('virtnet_poll'))).toBe(true);
  });
});

describe('receive', () => {
  it('a jumbo frame spans several mergeable buffers, and num_buffers says how many', () => {
    const s = runFlow({ dir: 'rx', size: 9014, qsize: 32, packets: 2 });
    const r = eventsOf(s.trace, 'receive_buf');
    expect(r.map((e) => [e.f.numBuffers, e.f.ok])).toEqual([
      [5, true],
      [5, true],
    ]);
  });

  it('refills only once more than half a budget (or half the ring) is free, then kicks if the device asks', () => {
    const s = runFlow({ dir: 'rx', qsize: 8, packets: 20 });
    const fills = s.trace.filter((e) => e.type === 'virtnet_buf_prepare' && e.stack.includes('virtnet_receive'));
    expect(fills.length).toBeGreaterThan(0);
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });
});
