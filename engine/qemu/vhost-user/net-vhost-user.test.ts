/** QEMU's vhost-user front-end against a scripted back-end: message order per era, topology and queue count, fds, replies, reconnect. */
import { describe, expect, it } from 'vitest';
import { VHOST_USER_REQUESTS, type VhostUserMsg } from '../../abi/vhost-user';
import type { EventFd } from '../../os/eventfd';
import type { ActorContext } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import { Bench, GUEST_ACKED, RAM, ringOf, runActors, type PeerOpts, type Rec } from './test-peer';

const short = (r: number) => (VHOST_USER_REQUESTS.get(r)?.name ?? `${r}`).replace(/^VHOST_USER_/, '');

/** A message as "NAME" or "NAME(index[,num])" for vring messages, "+R" when NEED_REPLY is set. */
function label(m: VhostUserMsg): string {
  const p = m.payload;
  let arg = '';
  if (p.kind === 'state') arg = `(${p.index},${p.num})`;
  else if (p.kind === 'addr') arg = `(${p.index})`;
  else if (p.kind === 'u64' && [12, 13, 14].includes(m.request)) arg = `(${Number(p.u64 & 0xffn)}${p.u64 & 0x100n ? ',nofd' : ''})`;
  else if (p.kind === 'u64' && [39].includes(m.request)) arg = `(${p.u64})`;
  return `${short(m.request)}${arg}${m.flags & 8 ? '+R' : ''}`;
}

/** Boot: QEMU's main thread (init, then its main loop), the guest's vCPU (features, then DRIVER_OK), and the peer. */
function boot(era: VuEra, qemuRole: 'server' | 'client', pairs: number, peerOpts: Partial<PeerOpts> | ((b: Bench) => Partial<PeerOpts>) = {}, opts: { stop?: boolean; maxTicks?: number; guestStop?: boolean } = {}) {
  const b = new Bench(era, qemuRole, pairs);
  const peer = typeof peerOpts === 'function' ? peerOpts(b) : peerOpts;
  const initDone = b.slot();
  const stop = b.slot();
  const rets: { init?: number; start?: number } = {};
  const events = runActors(
    b.arena,
    b.clock,
    [
      // The back-end first: OVS is up before QEMU starts.
      { id: 'peer', body: (ctx: ActorContext) => b.peer(ctx, { role: qemuRole === 'server' ? 'client' : 'server', era, ...peer }) },
      {
        id: 'qemu-main',
        body: function* (ctx: ActorContext) {
          rets.init = yield* b.q.init(ctx);
          b.arena.aStore(initDone, 1);
          yield* b.q.serve(ctx, stop);
        },
      },
      {
        id: 'vcpu',
        body: function* (ctx: ActorContext) {
          yield ctx.wait(initDone, 0, 'boot');
          if (rets.init !== 0) return;
          yield* b.q.setFeatures(ctx, GUEST_ACKED);
          b.driverOk = true;
          rets.start = yield* b.q.start(ctx);
          if (opts.guestStop) {
            b.driverOk = false;
            yield* b.q.stop(ctx);
          }
          if (opts.stop) {
            b.arena.aStore(stop, 1);
            b.q.kick();
          }
        },
      },
    ],
    opts.maxTicks ?? 6,
  );
  return { b, events, rets, labels: b.received.map((r) => label(r.msg)) };
}

const qemuLogs = (ev: Rec[]) => ev.filter((e) => e.type === 'qemu_log').map((e) => (e.f as { text: string }).text);

// QEMU 7.2 with DPDK 22.11: STATUS negotiated (7.2's mask keeps bit 16), SET_VRING_ERR at init, enable before start_one.
const MODERN_INIT_PAIR0 = ['GET_FEATURES', 'GET_PROTOCOL_FEATURES', 'SET_PROTOCOL_FEATURES', 'GET_QUEUE_NUM', 'SET_SLAVE_REQ_FD+R', 'SET_OWNER', 'GET_FEATURES', 'SET_VRING_CALL(0)', 'SET_VRING_ERR(0)', 'SET_VRING_CALL(1)', 'SET_VRING_ERR(1)'];
const vqStart = (i: number) => [`SET_VRING_NUM(${i},256)`, `SET_VRING_BASE(${i},0)`, `SET_VRING_ADDR(${i})`, `SET_VRING_KICK(${i})`, `SET_VRING_CALL(${i})`];

describe('QEMU 7.2 front-end (modern)', () => {
  it('QEMU as client, one pair: init, the features write, then DRIVER_OK, in 7.2 order', () => {
    const { labels, rets } = boot('modern', 'client', 1);
    expect(rets).toEqual({ init: 0, start: 0 });
    expect(labels).toEqual([
      ...MODERN_INIT_PAIR0,
      // virtio_net_set_features → peer_attach → vhost_set_vring_enable(1)
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
      // vhost_net_start: the enable state first (7.2), then vhost_net_start_one
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
      'SET_FEATURES',
      'GET_STATUS',
      'SET_STATUS(8)',
      'SET_MEM_TABLE+R',
      ...vqStart(0),
      ...vqStart(1),
      // vhost_user_dev_start on the last pair: ACK | DRIVER | DRIVER_OK added to FEATURES_OK
      'GET_STATUS',
      'SET_STATUS(15)',
    ]);
  });

  it('queues=2: the second vhost_dev skips the one-time requests and the backend channel; STATUS only on the last pair', () => {
    const { labels, rets } = boot('modern', 'client', 2);
    expect(rets).toEqual({ init: 0, start: 0 });
    expect(labels).toEqual([
      ...MODERN_INIT_PAIR0,
      'GET_FEATURES',
      'GET_PROTOCOL_FEATURES',
      'SET_PROTOCOL_FEATURES',
      'GET_FEATURES',
      'SET_VRING_CALL(2)',
      'SET_VRING_ERR(2)',
      'SET_VRING_CALL(3)',
      'SET_VRING_ERR(3)',
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
      'SET_VRING_ENABLE(2,1)',
      'SET_VRING_ENABLE(3,1)',
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
      'SET_FEATURES',
      'GET_STATUS',
      'SET_STATUS(8)',
      'SET_MEM_TABLE+R',
      ...vqStart(0),
      ...vqStart(1),
      'SET_VRING_ENABLE(2,1)',
      'SET_VRING_ENABLE(3,1)',
      'SET_FEATURES',
      'GET_STATUS', // FEATURES_OK already set: no SET_STATUS
      ...vqStart(2),
      ...vqStart(3),
      'GET_STATUS',
      'SET_STATUS(15)',
    ]);
  });

  it('the bytes and fds: SET_FEATURES value, SET_MEM_TABLE with the RAM memfd, ADDR in QEMU virtual addresses, KICK/CALL eventfds', () => {
    const { b, events } = boot('modern', 'client', 1);
    const find = (name: string, i = 0) => b.received.filter((r) => short(r.msg.request) === name)[i]!;
    // SET_FEATURES: the guest's bits that vhost-user passes on, plus bit 30.
    const sf = find('SET_FEATURES');
    expect(sf.msg.payload).toEqual({ kind: 'u64', u64: (GUEST_ACKED & ~(1n << 17n) & ~(1n << 5n)) | (1n << 30n) });
    // SET_MEM_TABLE: one region, one fd; the peer's fd is a new number for the very same memfd.
    const mt = find('SET_MEM_TABLE');
    expect(mt.msg.size).toBe(8 + 32);
    expect(mt.msg.payload).toMatchObject({ kind: 'memory', nregions: 1, regions: [{ guestPhysAddr: 0n, memorySize: BigInt(RAM.size), userspaceAddr: BigInt(RAM.hva), mmapOffset: 0n }] });
    expect(mt.fds).toHaveLength(1);
    expect(mt.fds[0]).not.toBe(b.ramFd);
    expect(b.dpdk.get(mt.fds[0]!)).toBe(b.ram);
    // SET_VRING_ADDR: QEMU's mappings; log_guest_addr is the used ring's guest address.
    const ad = find('SET_VRING_ADDR', 1);
    const r1 = ringOf(1);
    expect(ad.msg.payload).toEqual({ kind: 'addr', index: 1, flags: 0, descUserAddr: BigInt(RAM.hva + r1.desc), usedUserAddr: BigInt(RAM.hva + r1.used), availUserAddr: BigInt(RAM.hva + r1.avail), logGuestAddr: BigInt(r1.used) });
    // KICK: the host notifier; CALL at start: the guest notifier; CALL at init: the masked notifier.
    const efdOf = (fd: number) => (b.dpdk.get(fd) as unknown as { efd: EventFd }).efd;
    const kick0 = find('SET_VRING_KICK');
    expect(kick0.fds).toHaveLength(1);
    expect(efdOf(kick0.fds[0]!)).toBe(b.vqs[0]!.kick.efd);
    expect(efdOf(find('SET_VRING_CALL', 0).fds[0]!)).toBe(b.vqs[0]!.masked.efd);
    const startCall = b.received.filter((r) => short(r.msg.request) === 'SET_VRING_CALL')[2]!;
    expect(efdOf(startCall.fds[0]!)).toBe(b.vqs[0]!.call.efd);
    // SET_SLAVE_REQ_FD passes one end of a socketpair.
    expect(find('SET_SLAVE_REQ_FD').fds).toHaveLength(1);
    // Every vu_send's hex is the bytes the peer got, with the sender's own fd numbers.
    const sends = events.filter((e) => e.type === 'vu_send');
    expect(sends).toHaveLength(b.received.length);
    sends.forEach((e, i) => expect((e.f as { hex: string }).hex).toBe(Buffer.from(b.received[i]!.bytes).toString('hex')));
    const kickSend = sends.find((e) => (e.f as { request: number }).request === 12)!;
    expect((kickSend.f as { fds: number[] }).fds).toEqual([b.vqs[0]!.kick.rfd]);
    // Replies are read by QEMU: one vu_recv each, all with flags 0x5.
    const recvs = events.filter((e) => e.type === 'vu_recv' && e.actor !== 'peer');
    expect(recvs.map((e) => short((e.f as { request: number }).request))).toEqual(['GET_FEATURES', 'GET_PROTOCOL_FEATURES', 'GET_QUEUE_NUM', 'SET_SLAVE_REQ_FD', 'GET_FEATURES', 'GET_STATUS', 'SET_MEM_TABLE', 'GET_STATUS']);
    // The view: connected, started.
    expect(b.q.view()).toMatchObject({ connected: true, started: true });
  });

  it('QEMU as client before the back-end listens: the error once, then the synchronous retry a tick later', () => {
    const { events, rets, labels } = boot('modern', 'client', 1, { delayTicks: 2 });
    expect(rets).toEqual({ init: 0, start: 0 });
    expect(qemuLogs(events)).toEqual(["Unable to connect character device charnet0: Failed to connect to '/tmp/vhost-user0.sock': No such file or directory"]);
    const ops = events.filter((e) => e.type === 'vu_socket').map((e) => (e.f as { op: string; errno: number | null }).op);
    expect(ops).toEqual(['connect-failed', 'connect-failed', 'connect-failed', 'connect']);
    expect(labels[0]).toBe('GET_FEATURES');
  });

  it('a reply with the wrong flags fails the way QEMU fails', () => {
    const { events, rets } = boot('modern', 'client', 1, { badReply: { to: 1, flags: 0x1 }, quitAfterBadReply: true }, { maxTicks: 2 });
    expect(rets.init).toBeUndefined(); // still waiting for a back-end: net_vhost_user_init loops until started
    expect(qemuLogs(events).slice(0, 3)).toEqual(['Failed to read msg header. Flags 0x1 instead of 0x5.', 'vhost_backend_init failed: Protocol error', 'failed to init vhost_net for queue 0']);
  });

  it('a reply to another request fails with "Received unexpected msg type"', () => {
    const { events } = boot('modern', 'client', 1, { badReply: { to: 1, request: 15 }, quitAfterBadReply: true }, { maxTicks: 2 });
    expect(qemuLogs(events).slice(0, 2)).toEqual(['Received unexpected msg type. Expected 1 received 15', 'vhost_backend_init failed: Protocol error']);
  });

  it('a failed ack (u64 1) on SET_MEM_TABLE fails vhost_dev_start: no ring is set up', () => {
    const { labels, events, rets, b } = boot('modern', 'client', 1, { nackTo: 5 });
    expect(rets.start).toBe(-5);
    expect(labels.slice(-2)).toEqual(['SET_STATUS(8)', 'SET_MEM_TABLE+R']);
    expect(qemuLogs(events)).toContain('vhost_set_mem_table failed: Input/output error (5)');
    expect(b.q.view().started).toBe(false);
  });

  it('more queue pairs than the back-end has: vhost_user_start refuses and QEMU drops the connection', () => {
    const { events, rets } = boot('modern', 'client', 2, { queueNum: 1n }, { maxTicks: 1 });
    expect(rets.init).toBeUndefined();
    expect(qemuLogs(events)).toContain('you are asking more queues than supported: 1');
    expect(events.some((e) => e.type === 'vu_socket' && (e.f as { op: string }).op === 'close')).toBe(true);
  });

  it('queues must be a positive integer', () => {
    expect(() => new Bench('modern', 'client', 0)).toThrow(/queues must be a positive integer/);
  });

  it('the guest stops the device: STATUS 0, then GET_VRING_BASE per vq, whose replies become last_avail_idx', () => {
    const { labels, events, b } = boot('modern', 'client', 1, (bb) => ((bb.vringBase = [12, 9]), {}), { guestStop: true });
    expect(labels.slice(-3)).toEqual(['SET_STATUS(0)', 'GET_VRING_BASE(0,0)', 'GET_VRING_BASE(1,0)']);
    expect(b.q.view()).toEqual({ connected: true, started: false, vrings: [{ index: 0, lastAvailIdx: 12 }, { index: 1, lastAvailIdx: 9 }] });
    const replies = events.filter((e) => e.type === 'vu_recv' && e.actor !== 'peer').slice(-2);
    expect(replies.map((e) => (e.f as { request: number }).request)).toEqual([11, 11]);
  });

  it('back-end hang-up: the vrings keep the used index, and after the reconnect SET_VRING_BASE carries it', () => {
    const started = 11 + 4 + 4 + 10 + 2; // init, enables, SET_FEATURES…SET_MEM_TABLE, the vrings, the last GET/SET_STATUS
    const run = boot('modern', 'client', 1, (b) => ({
      hangUpAfter: started,
      // What the PMD had done before it went away: the used indexes it published.
      onHangUp: () => {
        b.setUsedIdx(0, 7);
        b.setUsedIdx(1, 3);
      },
    }));
    const after = run.labels.slice(started);
    // Reconnect: a fresh init, then the restart from qmp_set_link(up) with the kept indexes.
    expect(after).toEqual([...MODERN_INIT_PAIR0, 'SET_VRING_ENABLE(0,1)', 'SET_VRING_ENABLE(1,1)', 'SET_FEATURES', 'GET_STATUS', 'SET_STATUS(8)', 'SET_MEM_TABLE+R', 'SET_VRING_NUM(0,256)', 'SET_VRING_BASE(0,7)', 'SET_VRING_ADDR(0)', 'SET_VRING_KICK(0)', 'SET_VRING_CALL(0)', 'SET_VRING_NUM(1,256)', 'SET_VRING_BASE(1,3)', 'SET_VRING_ADDR(1)', 'SET_VRING_KICK(1)', 'SET_VRING_CALL(1)', 'GET_STATUS', 'SET_STATUS(15)']);
    const logs = qemuLogs(run.events);
    expect(logs).toContain('vhost VQ 0 ring restore failed: -5: Input/output error (5)');
    expect(logs).toContain('vhost VQ 1 ring restore failed: -5: Input/output error (5)');
    expect(run.b.q.view()).toEqual({ connected: true, started: true, vrings: [{ index: 0, lastAvailIdx: 7 }, { index: 1, lastAvailIdx: 3 }] });
    // The main loop saw the hang-up, closed its end, and connected again after a reconnect tick.
    const ops = run.events.filter((e) => e.type === 'vu_socket').map((e) => (e.f as { op: string }).op);
    expect(ops).toEqual(['connect', 'hup', 'close', 'connect']);
    const hup = run.events.find((e) => e.type === 'vu_socket' && (e.f as { op: string }).op === 'hup')!;
    expect(hup.actor).toBe('qemu-main');
    expect(hup.stack).toEqual(['main_loop_wait', 'net_vhost_user_watch']);
  });
});

describe('QEMU 5.0 front-end (seed)', () => {
  it('QEMU as server (the seed): waits for the connection, then 5.0 order: no SET_VRING_ERR, no STATUS, enable after start_one', () => {
    const { labels, events, rets } = boot('seed', 'server', 1);
    expect(rets).toEqual({ init: 0, start: 0 });
    expect(qemuLogs(events)[0]).toBe('QEMU waiting for connection on: disconnected:unix:/tmp/vhost-user0.sock,server');
    expect(labels).toEqual([
      'GET_FEATURES',
      'GET_PROTOCOL_FEATURES',
      'SET_PROTOCOL_FEATURES',
      'GET_QUEUE_NUM',
      'SET_SLAVE_REQ_FD+R',
      'SET_OWNER',
      'GET_FEATURES',
      'SET_VRING_CALL(0)',
      'SET_VRING_CALL(1)',
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
      'SET_FEATURES',
      'SET_MEM_TABLE+R',
      ...vqStart(0),
      ...vqStart(1),
      'SET_VRING_ENABLE(0,1)',
      'SET_VRING_ENABLE(1,1)',
    ]);
    // The seed's stacks: SET_VRING_CALL at init under vhost_virtqueue_init ← vhost_dev_init ← vhost_net_init ← vhost_user_start ← net_vhost_user_event ← qemu_chr_fe_set_handlers ← net_vhost_user_init.
    const firstCall = events.find((e) => e.type === 'vu_send' && (e.f as { request: number }).request === 13)!;
    expect(firstCall.stack).toEqual(
      expect.arrayContaining(['net_init_vhost_user', 'net_vhost_user_init', 'qemu_chr_fe_set_handlers', 'net_vhost_user_event', 'vhost_user_start', 'vhost_net_init', 'vhost_dev_init', 'vhost_virtqueue_init', 'vhost_user_set_vring_call', 'vhost_user_write']),
    );
  });

  it('7.2 as server prints the waiting line with server=on', () => {
    const { events } = boot('modern', 'server', 1);
    expect(qemuLogs(events)[0]).toBe('QEMU waiting for connection on: disconnected:unix:/tmp/vhost-user0.sock,server=on');
  });

  it('QEMU server, back-end reconnects as client: QEMU accepts again and restarts with the kept indexes', () => {
    const started = 9 + 2 + 2 + 10 + 2; // init, enables, SET_FEATURES and SET_MEM_TABLE, the vrings, the enables
    const run = boot('seed', 'server', 1, (b) => ({
      hangUpAfter: started,
      onHangUp: () => {
        b.setUsedIdx(0, 5);
        b.setUsedIdx(1, 2);
      },
    }));
    const after = run.labels.slice(started);
    expect(after.slice(0, 9)).toEqual(['GET_FEATURES', 'GET_PROTOCOL_FEATURES', 'SET_PROTOCOL_FEATURES', 'GET_QUEUE_NUM', 'SET_SLAVE_REQ_FD+R', 'SET_OWNER', 'GET_FEATURES', 'SET_VRING_CALL(0)', 'SET_VRING_CALL(1)']);
    expect(after).toContain('SET_VRING_BASE(0,5)');
    expect(after).toContain('SET_VRING_BASE(1,2)');
    expect(qemuLogs(run.events)).toContain('vhost VQ 0 ring restore failed: -1: Input/output error (5)');
    const accepts = run.events.filter((e) => e.type === 'vu_socket' && (e.f as { op: string }).op === 'accept');
    expect(accepts).toHaveLength(2);
  });
});
