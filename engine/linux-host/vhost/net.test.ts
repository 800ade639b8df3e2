/**
 * vhost-net as Linux 6.12 runs it (drivers/vhost/net.c, vhost.c), seen
 * through whole descriptor-flow runs: batched used updates and calls, the
 * header split between vhost and tun, the receive path's discard and its
 * socket poll, the busy loop's timeout, the worker's work items, weights.
 */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFlow } from '../../testing/run';
import { VHOST_NET_BATCH } from './net';

describe('batched used buffers (vhost_net_signal_used → vhost_add_used_and_signal_n)', () => {
  it('TX: handle_tx_copy collects heads and returns them in one used->idx store with one vhost_notify', () => {
    // One burst of 8 with a single kick: vhost finds all 8 and flushes them together when the ring runs dry.
    const s = runFlow({ packets: 8, batch: 8 });
    const adds = eventsOf(s.trace, 'vhost_add_used');
    const publishes = eventsOf(s.trace, 'vhost_publish_used');
    expect(adds.some((e) => e.f.entries.length > 1)).toBe(true);
    expect(publishes.length).toBeLessThan(8);
    expect(eventsOf(s.trace, 'vhost_notify').length).toBe(publishes.length);
    // Each head waited in vq->heads first, with len 0 (TX), and the frames went to tun in batches too.
    const heads = eventsOf(s.trace, 'vhost_net_heads');
    expect(heads).toHaveLength(8);
    expect(heads.every((e) => e.f.heads[0]!.len === 0)).toBe(true);
    expect(eventsOf(s.trace, 'tun_sendmsg').some((e) => e.f.count > 1)).toBe(true);
    expect(eventsOf(s.trace, 'tun_sendmsg').every((e) => e.stack.includes('vhost_tx_batch'))).toBe(true);
  });

  it('TX: every VHOST_NET_BATCH (64) frames the batch is flushed, even while more are waiting', () => {
    const s = runFlow({ packets: 128, qsize: 256, batch: 64 });
    expect(VHOST_NET_BATCH).toBe(64);
    const adds = eventsOf(s.trace, 'vhost_add_used');
    expect(adds.some((e) => e.f.entries.length === 64)).toBe(true);
    expect(adds.every((e) => e.f.entries.length <= 64)).toBe(true);
  });

  it('RX: handle_rx batches too, flushing when done_idx passes VHOST_NET_BATCH and when the pass ends', () => {
    const s = runFlow({ dir: 'rx', qsize: 256, packets: 200 });
    const adds = eventsOf(s.trace, 'vhost_add_used');
    expect(adds.some((e) => e.f.entries.length > 1)).toBe(true);
    expect(eventsOf(s.trace, 'vhost_publish_used').length).toBeLessThan(200);
    expect(adds.every((e) => e.f.entries.length <= VHOST_NET_BATCH + 1)).toBe(true);
  });
});

describe('the virtio_net_hdr between vhost and tap', () => {
  it('with tap and IFF_VNET_HDR vhost_hlen is 0 and sock_hlen 12: vhost copies the header along and tun parses it', () => {
    const s = runFlow({ packets: 2 });
    const xdp = eventsOf(s.trace, 'vhost_net_build_xdp');
    expect(xdp.every((e) => e.f.hdrLen === 12 && e.f.bytes === 64)).toBe(true);
  });

  it('RX: tun writes the header, vhost patches num_buffers (mergeable), and the guest reads it at offset 10', () => {
    const s = runFlow({ dir: 'rx', qsize: 8, packets: 1 });
    const recv = eventsOf(s.trace, 'tun_recvmsg')[0]!;
    expect(recv.f).toMatchObject({ hdrLen: 12, bytes: 64, discarded: false });
    const heads = eventsOf(s.trace, 'vhost_net_heads')[0]!;
    expect(heads.f.numBuffers).toBe(1);
    expect(eventsOf(s.trace, 'receive_buf')[0]!.f).toMatchObject({ numBuffers: 1, ok: true });
  });
});

describe('handle_rx', () => {
  it('a frame larger than the posted buffers is discarded ("Discarded rx packet"), not truncated', () => {
    const s = runFlow({ dir: 'rx', rxbuf: 'small', size: 9014, qsize: 8, packets: 2 });
    const over = eventsOf(s.trace, 'get_rx_bufs').filter((e) => e.f.result === 'overrun');
    expect(over).toHaveLength(2);
    // The head goes back (vhost_discard_vq_desc) and the frame is dropped with a one-byte MSG_TRUNC read.
    expect(eventsOf(s.trace, 'vhost_discard_vq_desc').length).toBeGreaterThanOrEqual(2);
    expect(eventsOf(s.trace, 'tun_recvmsg').every((e) => e.f.discarded)).toBe(true);
    expect(eventsOf(s.trace, 'receive_buf')).toHaveLength(0);
    expect(s.world.live().counters.framesDropped).toBe(2);
    expect(s.world.live().counters.framesCorrupt).toBe(0);
  });

  it('handle_rx_kick and handle_rx_net are two work items on the worker', () => {
    const s = runFlow({ dir: 'rx', qsize: 8, packets: 40 });
    const works = eventsOf(s.trace, 'vhost_worker_wake').flatMap((e) => e.f.works);
    expect(works).toContain('handle_rx_kick');
    expect(works).toContain('handle_rx_net');
    expect(s.trace.some((e) => e.stack.includes('handle_rx_kick'))).toBe(true);
    expect(s.trace.some((e) => e.stack.includes('handle_rx_net'))).toBe(true);
  });

  it('while the ring has no room vhost leaves the socket unpolled (vhost_net_disable_vq), so arriving frames queue no work', () => {
    const s = runFlow({ dir: 'rx', qsize: 8, packets: 40 });
    // Replay the poll state: every frame queued while the socket was unpolled woke nobody.
    let polled = true;
    let wakesWhileUnpolled = 0;
    let framesWhileUnpolled = 0;
    for (let i = 0; i < s.trace.length; i++) {
      const e = s.trace[i]!;
      if (e.type === 'vhost_net_poll') polled = e.f.enable;
      if (e.type === 'tun_net_xmit' && !polled) {
        framesWhileUnpolled++;
        const next = s.trace.slice(i + 1).find((x) => x.actor === 'hoststack');
        if (next?.type === 'vhost_poll_wakeup') wakesWhileUnpolled++;
      }
    }
    expect(framesWhileUnpolled).toBeGreaterThan(0);
    expect(wakesWhileUnpolled).toBe(0);
    // And it runs out of buffers at least once, then waits for the guest's kick.
    expect(eventsOf(s.trace, 'get_rx_bufs').some((e) => e.f.result === 'empty')).toBe(true);
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });
});

describe('vhost_net_busy_poll', () => {
  it('spins for busyloop_timeout, then gives up and re-enables guest notifications (no endless poll)', () => {
    const s = runFlow({ packets: 3, busyloop: 4 });
    const passes = eventsOf(s.trace, 'vhost_busy_poll');
    expect(passes.length).toBeGreaterThan(0);
    expect(passes.every((e) => e.f.pass <= 5 && e.stack.includes('vhost_net_tx_get_vq_desc'))).toBe(true);
    const timeouts = passes.filter((e) => e.f.found === 'timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    // After a timeout the pass finds the ring empty once more and turns kicks back on.
    for (const t of timeouts) {
      const next = s.trace.slice(t.seq + 1).find((e) => e.actor === 'vhost' && e.type === 'vhost_enable_notify');
      expect(next).toBeDefined();
    }
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });

  it('without busyloop_timeout there is no busy loop at all', () => {
    expect(eventsOf(runFlow({ packets: 3 }).trace, 'vhost_busy_poll')).toHaveLength(0);
  });
});

describe('the worker', () => {
  it('runs as a vhost_task (vhost_task_fn → vhost_run_work_list) named vhost-<pid>', () => {
    const s = runFlow({ packets: 2 });
    expect(s.world.info.threads.find((t) => t.id === 'vhost')?.name).toBe('vhost-4242');
    const work = s.trace.filter((e) => e.actor === 'vhost' && e.type !== 'vhost_worker_sleep');
    expect(work.every((e) => e.stack[0] === 'vhost_task_fn' && e.stack[1] === 'vhost_run_work_list')).toBe(true);
  });

  it('attaching tap0 for TX queues handle_tx_net at once (the socket is writable), so the first pass is a _net one', () => {
    const s = runFlow({ packets: 2 });
    expect(eventsOf(s.trace, 'vhost_worker_wake')[0]!.f.works).toEqual(['handle_tx_net']);
  });

  it('a pass that handles 256 packets requeues itself (vhost_exceeds_weight)', () => {
    // RX: the host stack queues frames faster than one pass takes them, and the ring has room for all.
    const s = runFlow({ dir: 'rx', packets: 400, qsize: 512 });
    const weights = eventsOf(s.trace, 'vhost_exceeds_weight');
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.every((e) => e.f.pkts >= 256)).toBe(true);
    expect(eventsOf(s.trace, 'scenario_done')).toHaveLength(1);
  });
});

describe('errors as 6.12 reports them', () => {
  it('a zero-length TX chain: "Unexpected header len for TX: 0 expected 0" (vhost_hlen is 0 with tap)', () => {
    const s = runFlow({ packets: 3, fault: 'zero-len' });
    const err = eventsOf(s.trace, 'vq_err')[0]!;
    expect(err.f).toMatchObject({ kind: 'tx-header-len', message: 'Unexpected header len for TX: 0 expected 0', ret: -14 });
    expect(err.stack.at(-1)).toBe('get_tx_bufs');
  });
});
