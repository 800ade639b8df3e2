/** DPDK's vhost-user back-end (19.11 and 22.11) against a scripted QEMU-style front-end. */
import { describe, expect, it } from 'vitest';
import * as VU from '../../abi/vhost-user';
import type { EventFd } from '../../os/eventfd';
import type { ActorContext } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import { DpdkVhost } from '../../ovs/netdev-dpdk';
import { qemuInit, qemuStart, type QemuFds } from './scripted-qemu';
import { ActorRunner, dpdkLines, gw16, RINGS, ScriptedFrontEnd, seed000LogTail, testHost, type TestEvent } from './test-peer';

const PATH = '/tmp/vhost-user0.sock';

/**
 * Negotiated up to the guest's DRIVER_OK. qemu-server: QEMU listens (the seeds' topology) and
 * OVS's dpdkvhostuserclient port connects; dpdk-server: OVS's dpdkvhostuser port listens and QEMU connects.
 */
function negotiated(era: VuEra, topology: 'qemu-server' | 'dpdk-server' = 'qemu-server', pairs = 1) {
  const h = testHost();
  let lfd = -1;
  if (topology === 'qemu-server') {
    lfd = h.net.socket(h.qemu);
    expect(h.net.bind(h.qemu, lfd, PATH)).toBe(0);
    expect(h.net.listen(h.qemu, lfd, 1)).toBe(0);
  }
  const pair = h.net.socketpair(h.qemu) as [number, number];
  const efds = (what: string, role: 'kick' | 'call') => [0, 1, 2, 3].map((i) => h.eventfd(`${what} ${i}`, role));
  const fds: QemuFds = { slave: pair[1], masked: efds('masked', 'call'), kick: efds('kick', 'kick'), call: efds('call', 'call'), ram: h.ramFd };
  const client = topology === 'qemu-server';
  const dpdk = new DpdkVhost({ era, client, sockPath: PATH, net: h.net, proc: h.ovs, wire: h.wire, arena: h.arena, layout: h.layout, maxVrings: 4 });
  const fe = new ScriptedFrontEnd(h);
  const stop = h.slot();
  const acks: bigint[] = [];
  const runner = new ActorRunner(h.arena);
  runner.add('ovs-main', (ctx) => dpdk.addPort(ctx));
  runner.add('qemu', function* (ctx: ActorContext) {
    if (client) fe.fd = yield* h.net.acceptWait(ctx, h.qemu, lfd);
    else {
      // tcp_chr_connect_client_sync: QEMU's chardev connects to the back-end's socket.
      fe.fd = h.net.socket(h.qemu);
      expect(h.net.connect(h.qemu, fe.fd, PATH)).toBe(0);
    }
    const init = yield* qemuInit(ctx, fe, era, fds, pairs);
    acks.push(...init.acks);
    yield* qemuStart(ctx, fe, era, fds, acks, [0, 0, 0, 0], pairs);
  });
  runner.add('vhost-events', (ctx) => dpdk.eventsThread(ctx, stop));
  const ev = runner.run();
  return { h, lfd, fds, dpdk, fe, stop, acks, runner, ev };
}
type Negotiated = ReturnType<typeof negotiated>;

/** Send from the front-end and let the back-end handle it; collect replies too. */
function step(n: Negotiated, send: (fe: ScriptedFrontEnd) => void, replies = 0) {
  const got: Array<{ u64: bigint; state: { index: number; num: number } } | null> = [];
  n.runner.add('qemu-step', function* (ctx: ActorContext) {
    send(n.fe);
    for (let i = 0; i < replies; i++) got.push(yield* n.fe.reply(ctx));
  });
  return { ev: n.runner.run(), got };
}

const ofType = (ev: readonly TestEvent[], t: string) => ev.filter((e) => e.type === t);
const efdOf = (n: Negotiated, proc: 'qemu' | 'ovs', fd: number) => (n.h[proc].get(fd) as { efd?: EventFd } | undefined)?.efd;

describe('negotiation and readiness', () => {
  it('19.11 prints the seed 000 sequence: last ring kicked, ready, then its call and the enables', () => {
    const n = negotiated('seed');
    const lines = dpdkLines(n.ev);
    const vq = n.dpdk.view().vrings;
    const i = lines.indexOf(`VHOST_CONFIG: vring kick idx:1 file:${vq[1]!.kickfd}`);
    expect(lines.slice(0, 4)).toEqual([
      'VHOST_CONFIG: Linear buffers requested without external buffers, disabling host segmentation offloading support',
      'VHOST_CONFIG: vhost-user client: socket created, fd: 40',
      `VHOST_CONFIG: new device, handle is 0, path is ${PATH}`,
      'VHOST_CONFIG: read message VHOST_USER_GET_FEATURES',
    ]);
    expect(lines.slice(i - 3)).toEqual(seed000LogTail(vq[1]!.kickfd, vq[1]!.callfd));
    // The region block is one RTE_LOG: its continuation lines have no prefix.
    const m = lines.indexOf('VHOST_CONFIG: guest memory region 0, size: 0x10000');
    expect(lines.slice(m + 1, m + 3)).toEqual(['\t guest physical addr: 0x0', '\t guest virtual  addr: 0x7f1234000000']);
    // new_device comes before the last ring's CALL is even read.
    const nd = n.ev.findIndex((e) => e.type === 'vu_notify_app' && e.f.op === 'new_device');
    const call1 = n.ev.findIndex((e) => e.type === 'dpdk_log' && e.f.text === `VHOST_CONFIG: vring call idx:1 file:${vq[1]!.callfd}`);
    expect(nd).toBeGreaterThan(0);
    expect(nd).toBeLessThan(call1);
    expect(n.dpdk.view().flags & 3).toBe(3);
    // 19.11 tells OVS of each SET_VRING_ENABLE from the handler itself.
    const states = ofType(n.ev, 'vu_notify_app').filter((e) => e.f.op === 'vring_state_changed');
    expect(states.map((e) => [e.f.vring, e.f.enable])).toEqual([
      [0, true],
      [1, true],
    ]);
  });

  it('22.11 waits for DRIVER_OK (F_STATUS) and reports each ring to the application as it becomes ready', () => {
    const n = negotiated('modern');
    const lines = dpdkLines(n.ev);
    expect(lines.every((l) => l.startsWith(`VHOST_CONFIG: (${PATH}) `))).toBe(true);
    expect(lines.slice(-4)).toEqual([
      `VHOST_CONFIG: (${PATH}) \t-DRIVER_OK: 1`,
      `VHOST_CONFIG: (${PATH}) \t-DEVICE_NEED_RESET: 0`,
      `VHOST_CONFIG: (${PATH}) \t-FAILED: 0`,
      `VHOST_CONFIG: (${PATH}) virtio is now ready for processing.`,
    ]);
    expect(lines).toContain(`VHOST_CONFIG: (${PATH}) vring base idx:1 last_used_idx:0 last_avail_idx:0.`);
    const lastStatus = n.ev.map((e) => e.type === 'vu_recv' && e.f.request === VU.VHOST_USER_SET_STATUS).lastIndexOf(true);
    const nd = n.ev.findIndex((e) => e.type === 'vu_notify_app' && e.f.op === 'new_device');
    expect(nd).toBeGreaterThan(lastStatus);
    const states = ofType(n.ev, 'vu_notify_app').filter((e) => e.f.op === 'vring_state_changed');
    // A ring is ready once kicked (the masked call fd counts); its real CALL makes it not ready, then ready again.
    expect(states.map((e) => [e.f.vring, e.f.enable])).toEqual([
      [0, true],
      [0, false],
      [0, true],
      [1, true],
      [1, false],
      [1, true],
    ]);
    expect(n.dpdk.view().flags & 3).toBe(3);
  });

  it('pairs every vu_recv with its vu_send id, and replies carry REPLY and the version', () => {
    const n = negotiated('modern');
    // Every message the front-end sent is read under the id it was sent with, replies interleaved.
    const recv = ofType(n.ev, 'vu_recv').map((e) => e.f.msg);
    expect(recv).toEqual(n.fe.sent);
    const replies = ofType(n.ev, 'vu_send');
    const ids = [...recv, ...replies.map((e) => e.f.msg)].sort((x, y) => (x as number) - (y as number));
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i + 1));
    expect(replies.every((e) => e.f.from === 'dpdk' && e.f.reply === true && e.f.flags === 5)).toBe(true);
    // GET_FEATURES's reply: header (1, 5, 8) then the features.
    const gf = replies.find((e) => e.f.request === VU.VHOST_USER_GET_FEATURES)!;
    expect((gf.f.hex as string).slice(0, 24)).toBe('010000000500000008000000');
    // The two NEED_REPLY messages (SET_SLAVE_REQ_FD, SET_MEM_TABLE) were acked with 0.
    expect(n.acks).toEqual([0n, 0n]);
  });

  it('installs the received fds under its own numbers, leading to the same eventfds', () => {
    const n = negotiated('seed');
    const vq = n.dpdk.view().vrings;
    for (let i = 0; i < 2; i++) {
      expect(efdOf(n, 'ovs', vq[i]!.kickfd)).toBe(efdOf(n, 'qemu', n.fds.kick[i]!));
      expect(efdOf(n, 'ovs', vq[i]!.callfd)).toBe(efdOf(n, 'qemu', n.fds.call[i]!));
    }
    const kicks = ofType(n.ev, 'vu_apply').filter((e) => e.f.what === 'vring-kick');
    expect(kicks.map((e) => e.f.fd)).toEqual([vq[0]!.kickfd, vq[1]!.kickfd]);
    // The masked notifiers' fds were closed when the real call fds came.
    const calls = ofType(n.ev, 'vu_apply').filter((e) => e.f.what === 'vring-call');
    expect(calls.slice(2).map((e) => e.f.closed)).toEqual(calls.slice(0, 2).map((e) => e.f.fd));
    // The back-end translated the rings through its own mapping of guest RAM.
    expect(vq[1]!.desc).toBe(n.dpdk.view().regions[0]!.hostVa + 0x2000);
  });
});

describe('refusals', () => {
  const hdr = (request: number, flags: number, size: number) => {
    const b = new Uint8Array(12);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, request, true);
    dv.setUint32(4, flags, true);
    dv.setUint32(8, size, true);
    return b;
  };
  const cases: Array<{ label?: string; kind: string | Record<VuEra, string>; send: (n: Negotiated) => void }> = [
    { kind: 'short-header', send: (n) => n.fe.send(0, { kind: 'none' }, [], false, new Uint8Array([8, 0, 0, 0, 1])) },
    { kind: 'size-too-large', send: (n) => n.fe.send(0, { kind: 'none' }, [], false, hdr(VU.VHOST_USER_SET_FEATURES, 1, 4096)) },
    { kind: 'short-payload', send: (n) => n.fe.send(0, { kind: 'none' }, [], false, new Uint8Array([...hdr(VU.VHOST_USER_SET_FEATURES, 1, 8), 1, 2])) },
    { kind: 'vring-index', send: (n) => n.fe.send(VU.VHOST_USER_SET_VRING_NUM, { kind: 'state', index: 300, num: 256 }) },
    { kind: 'unhandled-request', send: (n) => n.fe.send(37, { kind: 'raw', bytes: new Uint8Array(40) }) },
    { kind: 'fd-count', send: (n) => n.fe.send(VU.VHOST_USER_SET_VRING_KICK, { kind: 'u64', u64: 0n }, []) },
    { kind: 'bad-value', send: (n) => n.fe.send(VU.VHOST_USER_SET_VRING_NUM, { kind: 'state', index: 0, num: 3 }) },
    { kind: 'bad-size', send: (n) => n.fe.send(VU.VHOST_USER_SET_LOG_BASE, { kind: 'raw', bytes: new Uint8Array(8) }, [n.fds.kick[0]!]) },
    {
      kind: 'region-overflow',
      send: (n) =>
        n.fe.send(VU.VHOST_USER_SET_MEM_TABLE, { kind: 'memory', nregions: 1, padding: 0, regions: [{ guestPhysAddr: 0n, memorySize: 0n, userspaceAddr: 0n, mmapOffset: 0n }] }, [n.fds.ram]),
    },
    // Nine fds: 19.11 fails the read on MSG_CTRUNC; 22.11 keeps eight and then counts them against the one KICK expects.
    { label: 'nine fds', kind: { seed: 'truncated-control', modern: 'fd-count' }, send: (n) => n.fe.send(VU.VHOST_USER_SET_VRING_KICK, { kind: 'u64', u64: 0n }, Array(9).fill(n.fds.kick[0]!)) },
  ];
  // (too-many-regions cannot come off the wire: more than 8 region fds fail the fd checks first.)

  for (const era of ['seed', 'modern'] as const) {
    for (const c of cases) {
      const kind = typeof c.kind === 'string' ? c.kind : c.kind[era];
      it(`${era}: ${c.label ? `${c.label} (${kind})` : kind} closes the connection with nothing applied, and the device is destroyed`, () => {
        const n = negotiated(era);
        const before = JSON.stringify(n.dpdk.view());
        const { ev } = step(n, (fe) => c.send({ ...n, fe }));
        const rej = ofType(ev, 'vu_reject');
        expect(rej.map((e) => e.f.error)).toEqual([kind]);
        expect(rej[0]!.f.closes).toBe(true);
        // Nothing applied between the read and the close.
        expect(ofType(ev, 'vu_apply')).toEqual([]);
        expect(ev.some((e) => e.type === 'vu_socket' && e.f.who === 'dpdk' && e.f.op === 'close')).toBe(true);
        expect(ev.some((e) => e.type === 'vu_notify_app' && e.f.op === 'destroy_device')).toBe(true);
        expect(before).toContain('"connected":true');
        expect(n.dpdk.view().connected || dpdkLines(ev).some((l) => l.includes('new device, handle is 0'))).toBe(true);
      });
    }
  }

  it('NEED_REPLY turns a handler failure into a nack and leaves the device as it was', () => {
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era);
      const before = JSON.stringify(n.dpdk.view());
      const { ev, got } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_VRING_NUM, { kind: 'state', index: 0, num: 3 }, [], true), 1);
      expect(got[0]!.u64).toBe(1n);
      expect(ofType(ev, 'vu_reject')[0]!.f).toMatchObject({ closes: false, nack: true, error: 'bad-value' });
      expect(JSON.stringify(n.dpdk.view())).toBe(before);
      expect(dpdkLines(ev).slice(-2)).toEqual([
        `VHOST_CONFIG: ${era === 'seed' ? '' : `(${PATH}) `}invalid virtqueue size 3`,
        `VHOST_CONFIG: ${era === 'seed' ? 'Processing' : `(${PATH}) processing`} VHOST_USER_SET_VRING_NUM failed.`,
      ]);
    }
  });

  it('an accepted message with NEED_REPLY is acked with 0', () => {
    const n = negotiated('modern');
    const { got } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_VRING_NUM, { kind: 'state', index: 0, num: 8 }, [], true), 1);
    expect(got[0]!.u64).toBe(0n);
  });

  it('SET_VRING_ADDR before any memory table is refused without a line of its own', () => {
    const h = testHost();
    const lfd = h.net.socket(h.qemu);
    h.net.bind(h.qemu, lfd, PATH);
    h.net.listen(h.qemu, lfd, 1);
    const dpdk = new DpdkVhost({ era: 'seed', client: true, sockPath: PATH, net: h.net, proc: h.ovs, wire: h.wire, arena: h.arena, layout: h.layout, maxVrings: 2 });
    const fe = new ScriptedFrontEnd(h);
    const r = new ActorRunner(h.arena);
    const stop = h.slot();
    r.add('ovs-main', (ctx) => dpdk.addPort(ctx));
    r.add('vhost-events', (ctx) => dpdk.eventsThread(ctx, stop));
    r.add('qemu', function* (ctx: ActorContext) {
      fe.fd = yield* h.net.acceptWait(ctx, h.qemu, lfd);
      fe.send(VU.VHOST_USER_SET_VRING_ADDR, { kind: 'addr', index: 0, flags: 0, descUserAddr: 1n, usedUserAddr: 2n, availUserAddr: 3n, logGuestAddr: 0n }, [], true);
      return yield* fe.reply(ctx);
    });
    const ev = r.run();
    expect(dpdkLines(ev).slice(-2)).toEqual(['VHOST_CONFIG: read message VHOST_USER_SET_VRING_ADDR', 'VHOST_CONFIG: Processing VHOST_USER_SET_VRING_ADDR failed.']);
    expect(ofType(ev, 'vu_send').at(-1)!.f.hex).toBe('0900000005000000080000000100000000000000');
    expect(dpdk.view().vrings[0]!.desc).toBe(0);
  });
});

describe('ring control', () => {
  it('GET_VRING_BASE stops the ring, replies last_avail_idx, closes its fds and tells OVS', () => {
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era);
      const vq = n.dpdk.view().vrings[1]!;
      const { ev, got } = step(n, (fe) => fe.send(VU.VHOST_USER_GET_VRING_BASE, { kind: 'state', index: 1, num: 0 }), 1);
      expect(got[0]!.state).toEqual({ index: 1, num: 0 });
      expect(dpdkLines(ev)).toContain(`VHOST_CONFIG: ${era === 'seed' ? '' : `(${PATH}) `}vring base idx:1 file:0`);
      expect(n.h.ovs.get(vq.kickfd)).toBeUndefined();
      expect(n.h.ovs.get(vq.callfd)).toBeUndefined();
      expect(n.dpdk.view().vrings[1]!.kickfd).toBe(-2);
      expect(ev.some((e) => e.type === 'vu_notify_app' && e.f.op === 'destroy_device')).toBe(true);
      expect(n.dpdk.view().flags & 3).toBe(0);
    }
  });

  it('a new KICK replaces the old fd and closes it', () => {
    const n = negotiated('seed');
    const old = n.dpdk.view().vrings[0]!.kickfd;
    const fresh = n.h.eventfd('kick 0 again', 'kick');
    const { ev } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_VRING_KICK, { kind: 'u64', u64: 0n }, [fresh]));
    const ap = ofType(ev, 'vu_apply')[0]!;
    expect(ap.f.closed).toBe(old);
    expect(n.dpdk.view().vrings[0]!.kickfd).toBe(ap.f.fd);
    expect(efdOf(n, 'ovs', ap.f.fd as number)).toBe(efdOf(n, 'qemu', fresh));
    // The new fd arrived while the old was still open; the handler then closed the old one.
    expect(ap.f.fd).not.toBe(old);
    expect(n.h.ovs.get(old)).toBeUndefined();
  });
});

describe('disconnect and reconnect (client mode)', () => {
  it('QEMU closes: peer closed, device destroyed, a new socket connects again; the rings come back from SET_VRING_BASE', () => {
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era);
      n.h.net.close(n.h.qemu, n.fe.fd);
      const ev = n.runner.run();
      const lines = dpdkLines(ev);
      const p = era === 'seed' ? 'VHOST_CONFIG: ' : `VHOST_CONFIG: (${PATH}) `;
      expect(lines).toEqual([
        `${p}vhost peer closed`,
        `${p}vhost-user client: socket created, fd: ${lines[1]!.match(/fd: (\d+)/)![1]}`,
        era === 'seed' ? `${p}new device, handle is 0, path is ${PATH}` : `${p}new device, handle is 0`,
      ]);
      expect(ev.filter((e) => e.type === 'vu_notify_app').map((e) => e.f.op)).toEqual(['destroy_device']);
      expect(n.dpdk.view().regions).toEqual([]);
      // QEMU accepts again and restarts the device with the saved bases; the used rings in guest memory agree with them.
      gw16(n.h, RINGS[0]!.used + 2, 5);
      gw16(n.h, RINGS[1]!.used + 2, 7);
      const acks: bigint[] = [];
      n.runner.add('qemu-again', function* (ctx: ActorContext) {
        n.fe.fd = yield* n.h.net.acceptWait(ctx, n.h.qemu, n.lfd);
        yield* qemuInit(ctx, n.fe, era, { ...n.fds, masked: [n.h.eventfd('m0', 'call'), n.h.eventfd('m1', 'call')] });
        yield* qemuStart(ctx, n.fe, era, n.fds, acks, [5, 7]);
      });
      const ev2 = n.runner.run();
      expect(dpdkLines(ev2).filter((l) => l.includes('vring kick idx:1'))).toHaveLength(1);
      expect(dpdkLines(ev2).filter((l) => l.includes('mismatches'))).toEqual([]);
      // The new connection's messages are paired with their ids too.
      const recv2 = ofType(ev2, 'vu_recv').map((e) => e.f.msg);
      expect(recv2).toEqual(n.fe.sent.slice(-recv2.length));
      const vr = n.dpdk.view().vrings;
      expect([vr[0]!.lastAvailIdx, vr[1]!.lastAvailIdx]).toEqual([5, 7]);
    }
  });

  it('with nobody listening, the client queues itself and the reconnect thread connects once QEMU listens', () => {
    const h = testHost();
    const dpdk = new DpdkVhost({ era: 'modern', client: true, sockPath: PATH, net: h.net, proc: h.ovs, wire: h.wire, arena: h.arena, layout: h.layout, maxVrings: 2, clockSlot: h.slot() });
    const stop = h.slot();
    const r = new ActorRunner(h.arena);
    r.add('ovs-main', (ctx) => dpdk.addPort(ctx));
    r.add('vhost-events', (ctx) => dpdk.eventsThread(ctx, stop));
    r.add('vhost_reconn', (ctx) => dpdk.reconnectThread(ctx, stop));
    expect(dpdkLines(r.run())).toEqual([
      `VHOST_CONFIG: (${PATH}) Linear buffers requested without external buffers,`,
      `VHOST_CONFIG: (${PATH}) disabling host segmentation offloading support`,
      `VHOST_CONFIG: (${PATH}) vhost-user client: socket created, fd: 40`,
      `VHOST_CONFIG: (${PATH}) failed to connect: No such file or directory`,
      `VHOST_CONFIG: (${PATH}) reconnecting...`,
    ]);
    const lfd = h.net.socket(h.qemu);
    h.net.bind(h.qemu, lfd, PATH);
    h.net.listen(h.qemu, lfd, 1);
    h.arena.aAdd(dpdk['cfg'].clockSlot!, 1); // a second passes
    expect(dpdkLines(r.run())).toEqual([`VHOST_CONFIG: (${PATH}) connected`, `VHOST_CONFIG: (${PATH}) new device, handle is 0`]);
    expect(dpdk.view().connected).toBe(true);
  });

  it('del-port closes the connection and destroys the device; add-port connects again', () => {
    const n = negotiated('seed');
    n.runner.add('ovs-del', (ctx) => n.dpdk.delPort(ctx));
    const ev = n.runner.run();
    expect(dpdkLines(ev)[0]).toMatch(/^VHOST_CONFIG: free connfd = \d+ for device '\/tmp\/vhost-user0.sock'$/);
    expect(ev.some((e) => e.type === 'vu_notify_app' && e.f.op === 'destroy_device')).toBe(true);
    expect(n.dpdk.view().connected).toBe(false);
    n.runner.add('ovs-add', (ctx) => n.dpdk.addPort(ctx));
    expect(dpdkLines(n.runner.run())).toContain(`VHOST_CONFIG: new device, handle is 0, path is ${PATH}`);
  });
});

describe('data path', () => {
  it('dequeues a TX frame, echoes it into a posted RX buffer, and calls the guest by event idx', async () => {
    const { gw32, gw64, gr16, gr32, QSIZE } = await import('./test-peer');
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era);
      const h = n.h;
      const [rx, tx] = [RINGS[0]!, RINGS[1]!];
      // The guest posts two RX buffers (write-only, 2 KiB each) and one TX frame: a 12-byte header then 60 bytes.
      for (let i = 0; i < 2; i++) {
        gw64(h, rx.desc + 16 * i, 0x8000 + 0x800 * i);
        gw32(h, rx.desc + 16 * i + 8, 0x800);
        gw16(h, rx.desc + 16 * i + 12, 2);
        gw16(h, rx.avail + 4 + 2 * i, i);
      }
      gw16(h, rx.avail + 2, 2);
      const frame = Uint8Array.from({ length: 60 }, (_, i) => (i * 7) & 0xff);
      const pkt = new Uint8Array([...new Uint8Array(12), ...frame]);
      h.arena.writeBytes(h.ramOff + 0x6000, pkt);
      gw64(h, tx.desc, 0x6000);
      gw32(h, tx.desc + 8, pkt.length);
      gw16(h, tx.avail + 4, 0);
      gw16(h, tx.avail + 2, 1);
      const callEfd = efdOf(n, 'qemu', n.fds.call[0]!)!;
      h.arena.aStore(n.stop, 1);
      n.runner.add('pmd', (ctx) => n.dpdk.pmdThread(ctx, n.stop));
      const ev = n.runner.run();
      expect(ofType(ev, 'dpdk_dequeue')[0]!.f).toMatchObject({ vring: 1, count: 1, heads: [0], lastAvail: 1, availIdx: 1 });
      expect(ofType(ev, 'dpdk_enqueue')[0]!.f).toMatchObject({ vring: 0, count: 1, heads: [0], lastUsed: 1 });
      expect(gr16(h, tx.used + 2)).toBe(1);
      expect(gr16(h, rx.used + 2)).toBe(1);
      expect(gr32(h, rx.used + 8)).toBe(72);
      const got = h.arena.readBytes(h.ramOff + 0x8000, 72);
      expect(got[10]).toBe(1); // num_buffers
      expect([...got.subarray(12)]).toEqual([...frame]);
      // First call on each ring: signalled_used was not valid yet, so both rings signal.
      const calls = ofType(ev, 'dpdk_vring_call');
      expect(calls.map((e) => [e.f.vring, e.f.signal, e.f.reason])).toEqual([
        [1, true, 'event-idx'],
        [0, true, 'event-idx'],
      ]);
      expect(callEfd.count()).toBe(1);
      expect(n.dpdk.forwarded()).toBe(1);
      // A second frame: used_event (0) is already passed, so no interrupt; then the guest asks for one at 1.
      gw16(h, tx.avail + 4 + 2, 0);
      gw16(h, tx.avail + 2, 2);
      gw16(h, rx.avail + 4 + 2 * QSIZE, 0);
      n.runner.add('pmd2', (ctx) => n.dpdk.pmdThread(ctx, n.stop));
      const ev2 = n.runner.run();
      expect(ofType(ev2, 'dpdk_vring_call').find((e) => e.f.vring === 0)!.f).toMatchObject({ signal: false, usedEvent: 0, oldUsed: 1, newUsed: 2 });
      expect(callEfd.count()).toBe(1);
    }
  });
});

describe('reconnect with a stale used index', () => {
  it('trusts the used ring over SET_VRING_BASE and says so (translate_ring_addresses)', () => {
    const n = negotiated('modern');
    n.h.net.close(n.h.qemu, n.fe.fd);
    n.runner.run();
    gw16(n.h, RINGS[1]!.used + 2, 3);
    n.runner.add('qemu-again', function* (ctx: ActorContext) {
      n.fe.fd = yield* n.h.net.acceptWait(ctx, n.h.qemu, n.lfd);
      yield* qemuInit(ctx, n.fe, 'modern', { ...n.fds, masked: [n.h.eventfd('m0', 'call'), n.h.eventfd('m1', 'call')] });
      yield* qemuStart(ctx, n.fe, 'modern', n.fds, [], [0, 7]);
    });
    const lines = dpdkLines(n.runner.run());
    expect(lines.filter((l) => l.includes('mismatches') || l.includes('resent'))).toEqual([
      `VHOST_CONFIG: (${PATH}) last_used_idx (7) and vq->used->idx (3) mismatches;`,
      `VHOST_CONFIG: (${PATH}) some packets maybe resent for Tx and dropped for Rx`,
    ]);
    expect(n.dpdk.view().vrings[1]!.lastAvailIdx).toBe(3);
  });
});

describe('topologies', () => {
  it('DPDK as server: bind, listen, accept on the vhost-events thread, then the same negotiation', () => {
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era, 'dpdk-server');
      const lines = dpdkLines(n.ev).filter((l) => !/Linear buffers|disabling host segmentation/.test(l));
      const p = era === 'seed' ? 'VHOST_CONFIG: ' : `VHOST_CONFIG: (${PATH}) `;
      expect(lines.slice(0, 4)).toEqual([
        `${p}vhost-user server: socket created, fd: 40`,
        era === 'seed' ? `${p}bind to ${PATH}` : `${p}binding succeeded`,
        `${p}new vhost user connection is 41`,
        era === 'seed' ? `${p}new device, handle is 0, path is ${PATH}` : `${p}new device, handle is 0`,
      ]);
      expect(n.ev.filter((e) => e.type === 'vu_socket').map((e) => e.f.op)).toEqual(['listen', 'accept']);
      expect(n.dpdk.view().flags & 1).toBe(1);
      // The accept ran on the vhost-events thread, inside fdset_event_dispatch.
      const acc = n.ev.find((e) => e.type === 'vu_socket' && e.f.op === 'accept')!;
      expect(acc.actor).toBe('vhost-events');
      expect(acc.stack.slice(0, 2)).toEqual(['fdset_event_dispatch', 'vhost_user_server_new_connection']);
    }
  });

  it('two queue pairs: 19.11 waits for all four vrings, 22.11 for the first two and DRIVER_OK', () => {
    const seed = negotiated('seed', 'qemu-server', 2);
    const sl = dpdkLines(seed.ev);
    const vq = seed.dpdk.view().vrings;
    expect(vq).toHaveLength(4);
    expect(sl[sl.indexOf('VHOST_CONFIG: virtio is now ready for processing.') - 1]).toBe(`VHOST_CONFIG: vring kick idx:3 file:${vq[3]!.kickfd}`);
    const modern = negotiated('modern', 'qemu-server', 2);
    const ml = dpdkLines(modern.ev);
    expect(ml.at(-1)).toBe(`VHOST_CONFIG: (${PATH}) virtio is now ready for processing.`);
    expect(modern.dpdk.view().vrings.map((v) => v.ready)).toEqual([true, true, true, true]);
    expect(modern.dpdk.view().features).toBe('0x160408000');
  });

  it('without MQ, SET_FEATURES drops every vring past the first pair', () => {
    const n = negotiated('seed', 'qemu-server', 2);
    expect(n.dpdk.view().vrings).toHaveLength(4);
    step(n, (fe) => fe.send(VU.VHOST_USER_GET_VRING_BASE, { kind: 'state', index: 0, num: 0 }), 1);
    const { ev } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_FEATURES, { kind: 'u64', u64: (1n << 30n) | (1n << 32n) }));
    expect(dpdkLines(ev)).toContain('VHOST_CONFIG: negotiated Virtio features: 0x140000000');
    expect(n.dpdk.view().vrings).toHaveLength(2);
  });
});

describe('memory table', () => {
  it('a table whose fd cannot be mapped is refused and the old table stays', () => {
    for (const era of ['seed', 'modern'] as const) {
      const n = negotiated(era);
      const before = JSON.stringify(n.dpdk.view().regions);
      const bad = n.h.eventfd('not memory', 'kick');
      const payload = { kind: 'memory' as const, nregions: 1, padding: 0, regions: [{ guestPhysAddr: 0n, memorySize: 0x20000n, userspaceAddr: 0x7f0000000000n, mmapOffset: 0n }] };
      const { ev, got } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_MEM_TABLE, payload, [bad], true), 1);
      expect(got[0]!.u64).toBe(1n);
      const p = era === 'seed' ? 'VHOST_CONFIG: ' : `VHOST_CONFIG: (${PATH}) `;
      expect(dpdkLines(ev).slice(1)).toEqual(
        era === 'seed'
          ? [`${p}mmap region 0 failed.`, `${p}Processing VHOST_USER_SET_MEM_TABLE failed.`]
          : [`${p}mmap failed (No such device).`, `${p}failed to mmap region 0`, `${p}processing VHOST_USER_SET_MEM_TABLE failed.`],
      );
      expect(JSON.stringify(n.dpdk.view().regions)).toBe(before);
    }
  });

  it('the same table again is not remapped', () => {
    const n = negotiated('seed');
    const payload = { kind: 'memory' as const, nregions: 1, padding: 0, regions: [{ guestPhysAddr: 0n, memorySize: 0x10000n, userspaceAddr: 0x7f1234000000n, mmapOffset: 0n }] };
    const { ev } = step(n, (fe) => fe.send(VU.VHOST_USER_SET_MEM_TABLE, payload, [n.fds.ram]));
    expect(dpdkLines(ev)).toEqual(['VHOST_CONFIG: read message VHOST_USER_SET_MEM_TABLE', 'VHOST_CONFIG: (0) memory regions not changed']);
  });
});

describe('PMD parking', () => {
  it('parks on the TX avail word when idle and runs again when the guest publishes', async () => {
    const { gw32, gw64 } = await import('./test-peer');
    const n = negotiated('modern');
    const h = n.h;
    n.runner.add('pmd', (ctx) => n.dpdk.pmdThread(ctx, n.stop));
    expect(ofType(n.runner.run(), 'dpdk_dequeue')).toEqual([]);
    const tx = RINGS[1]!;
    gw64(h, tx.desc, 0x6000);
    gw32(h, tx.desc + 8, 72);
    gw16(h, tx.avail + 4, 0);
    h.arena.aStore16(h.ramOff + tx.avail + 2, 1);
    const ev = n.runner.run();
    expect(ofType(ev, 'dpdk_dequeue').map((e) => e.f.count)).toEqual([1]);
    expect(ofType(ev, 'dpdk_dequeue')[0]!.stack.slice(0, 3)).toEqual(['pmd_thread_main', 'netdev_dpdk_vhost_rxq_recv', 'rte_vhost_dequeue_burst']);
  });
});

describe('vhost_vring_call_split without event idx', () => {
  it('follows VRING_AVAIL_F_NO_INTERRUPT', async () => {
    const { vhostVringCallSplit } = await import('./virtio-net');
    const n = negotiated('seed');
    const lib = n.dpdk.vhost;
    lib.dev.features = lib.dev.features & ~(1n << 29n);
    const calls: boolean[] = [];
    for (const flags of [1, 0]) {
      gw16(n.h, RINGS[0]!.avail, flags);
      n.runner.add(`call-${flags}`, function* (ctx: ActorContext) {
        calls.push(yield* vhostVringCallSplit(ctx, lib, 0));
      });
      const ev = n.runner.run();
      expect(ofType(ev, 'dpdk_vring_call')[0]!.f).toMatchObject({ reason: 'flags', usedEvent: null });
    }
    expect(calls).toEqual([false, true]);
    expect((n.h.qemu.get(n.fds.call[0]!) as unknown as { efd: EventFd }).efd.count()).toBe(1);
  });
});

describe('state in arena words', () => {
  it('undoing a message handling step restores the device exactly (step mode can seek)', () => {
    const n = negotiated('modern');
    const before = JSON.stringify(n.dpdk.view());
    n.h.arena.startLog();
    const fresh = n.h.eventfd('kick 1 again', 'kick');
    step(n, (fe) => {
      fe.send(VU.VHOST_USER_SET_VRING_KICK, { kind: 'u64', u64: 1n }, [fresh]);
      fe.send(VU.VHOST_USER_SET_VRING_BASE, { kind: 'state', index: 0, num: 9 });
    });
    const log = n.h.arena.takeLog();
    const after = JSON.stringify(n.dpdk.view());
    expect(after).not.toBe(before);
    n.h.arena.undo(log);
    expect(JSON.stringify(n.dpdk.view())).toBe(before);
    n.h.arena.redo(log);
    expect(JSON.stringify(n.dpdk.view())).toBe(after);
  });
});

describe('features offered', () => {
  it('GET_FEATURES answers the builtin net set less IOMMU, the linear-buffer offloads and what OVS disables', () => {
    const n = negotiated('seed');
    const gf = ofType(n.ev, 'vu_send').find((e) => e.f.request === VU.VHOST_USER_GET_FEATURES)!;
    const offered = new DataView(Uint8Array.from((gf.f.hex as string).match(/../g)!.map((x) => parseInt(x, 16))).buffer).getBigUint64(12, true);
    const bits = [...Array(64).keys()].filter((b) => (offered >> BigInt(b)) & 1n);
    // Not offered: CSUM 0, HOST_TSO4 11, HOST_TSO6 12, HOST_UFO 14, IOMMU_PLATFORM 33.
    expect(bits).toEqual([1, 3, 6, 7, 8, 9, 10, 13, 15, 17, 18, 21, 22, 26, 27, 28, 29, 30, 32, 34, 35]);
    // Protocol features: 19.11's set less PAGEFAULT.
    const gp = ofType(n.ev, 'vu_send').find((e) => e.f.request === VU.VHOST_USER_GET_PROTOCOL_FEATURES)!;
    expect((gp.f.hex as string).slice(24)).toBe('bf0c000000000000');
  });
});

describe('enqueue across buffers', () => {
  async function rig(mergeable: boolean) {
    const { gw32, gw64, gr32 } = await import('./test-peer');
    const { rteVhostEnqueueBurst } = await import('./virtio-net');
    const n = negotiated('seed');
    const lib = n.dpdk.vhost;
    if (!mergeable) lib.dev.features = lib.dev.features & ~(1n << 15n);
    const rx = RINGS[0]!;
    // Three posted buffers of 40 bytes each.
    for (let i = 0; i < 3; i++) {
      gw64(n.h, rx.desc + 16 * i, 0x8000 + 0x100 * i);
      gw32(n.h, rx.desc + 16 * i + 8, 40);
      gw16(n.h, rx.desc + 16 * i + 12, 2);
      gw16(n.h, rx.avail + 4 + 2 * i, i);
    }
    gw16(n.h, rx.avail + 2, 3);
    const frame = Uint8Array.from({ length: 60 }, (_, i) => i + 1);
    let count = -1;
    n.runner.add('enq', function* (ctx: ActorContext) {
      count = yield* rteVhostEnqueueBurst(ctx, lib, 0, [frame]);
    });
    const ev = n.runner.run();
    return { n, ev, count, frame, gr32, rx };
  }

  it('with MRG_RXBUF a frame spans buffers and num_buffers says how many', async () => {
    const { n, ev, count, frame, gr32, rx } = await rig(true);
    expect(count).toBe(1);
    expect(ofType(ev, 'dpdk_enqueue')[0]!.f).toMatchObject({ heads: [0, 1], lastUsed: 2 });
    expect([gr32(n.h, rx.used + 8), gr32(n.h, rx.used + 16)]).toEqual([40, 32]);
    const first = n.h.arena.readBytes(n.h.ramOff + 0x8000, 40);
    const second = n.h.arena.readBytes(n.h.ramOff + 0x8100, 32);
    expect(first[10]).toBe(2);
    expect([...first.subarray(12), ...second]).toEqual([...frame]);
    expect(n.dpdk.view().vrings[0]!.lastAvailIdx).toBe(2);
  });

  it('without MRG_RXBUF a frame must fit one chain, else it is not enqueued', async () => {
    const { n, ev, count } = await rig(false);
    expect(count).toBe(0);
    expect(ofType(ev, 'dpdk_enqueue')).toEqual([]);
    expect(n.dpdk.view().vrings[0]!.lastAvailIdx).toBe(0);
  });
});
