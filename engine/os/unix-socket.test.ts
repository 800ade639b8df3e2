/** AF_UNIX stream sockets with SCM_RIGHTS, as the vhost-user front-end and back-end use them. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Arena, ArenaLayout, allocBacking } from '../mem/arena';
import { ActorContext, type Beat, type Gen } from '../sched/actor';
import { EventFd, eventfdWrite } from './eventfd';
import { Process } from './fd-table';
import { MemFd } from './memfd';
import {
  CMSG_SPACE,
  EADDRINUSE,
  EAGAIN,
  EBADF,
  ECONNREFUSED,
  ECONNRESET,
  EINVAL,
  ENOENT,
  EPIPE,
  MSG_CTRUNC,
  MSG_NOSIGNAL,
  POLLHUP,
  POLLIN,
  SCM_MAX_FD,
  type EventFdFile,
  UnixSockets,
} from './unix-socket';

const PATH = '/tmp/vhost-user0.sock';
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** A host with QEMU (client) and DPDK (server), DPDK listening on PATH. */
function host() {
  const arena = new Arena(allocBacking(1 << 18, false));
  const layout = new ArenaLayout(64, 1 << 18);
  const net = new UnixSockets(arena, layout, { inflightFds: 512, pollers: 2 });
  const qemu = new Process(4242, 'qemu-system-x86_64');
  const dpdk = new Process(5151, 'dpdk-testpmd');
  const lfd = net.socket(dpdk);
  expect(net.bind(dpdk, lfd, PATH)).toBe(0);
  expect(net.listen(dpdk, lfd, 128)).toBe(0);
  let slot = 8;
  const newEventFd = (p: Process, label: string): [number, EventFdFile] => {
    const f: EventFdFile = { label, role: 'kick', efd: new EventFd(arena, slot++, label) };
    return [p.install(f), f];
  };
  return { arena, layout, net, qemu, dpdk, lfd, newEventFd };
}

/** QEMU connects, DPDK accepts: returns both descriptors. */
function connected(h: ReturnType<typeof host>) {
  const cfd = h.net.socket(h.qemu);
  expect(h.net.connect(h.qemu, cfd, PATH)).toBe(0);
  const sfd = h.net.accept(h.dpdk, h.lfd);
  expect(sfd).toBeGreaterThan(h.lfd);
  return { cfd, sfd };
}

/** Drive a generator: returns its beats (waits included) until it returns or waits twice on an unchanged slot. */
function drive<T>(g: Gen<T>, arena: Arena, budget = 4): { beats: Beat[]; value?: T; blocked?: { slot: number; value: number } } {
  const beats: Beat[] = [];
  for (let i = 0; i < budget; i++) {
    const r = g.next();
    if (r.done) return { beats, value: r.value };
    beats.push(r.value);
    if (r.value.wait && arena.aLoad(r.value.slot) === r.value.value) return { beats, blocked: { slot: r.value.slot, value: r.value.value } };
  }
  return { beats };
}

describe('AF_UNIX stream sockets', () => {
  it('connect queues the server end on the listener; accept gives the server a new descriptor', () => {
    const h = host();
    const cfd = h.net.socket(h.qemu);
    expect(h.net.accept(h.dpdk, h.lfd)).toBe(EAGAIN);
    expect(h.net.poll(h.dpdk, h.lfd) & POLLIN).toBe(0);
    expect(h.net.connect(h.qemu, cfd, PATH)).toBe(0);
    // The client is connected before accept: it may already send.
    expect(h.net.sendmsg(h.qemu, cfd, enc('hi'))).toBe(2);
    expect(h.net.poll(h.dpdk, h.lfd) & POLLIN).toBe(POLLIN);
    const sfd = h.net.accept(h.dpdk, h.lfd);
    expect(sfd).toBe(h.lfd + 1);
    expect(h.dpdk.get(sfd)!.label).toMatch(/^socket:\[\d+\]$/);
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 64).bytes)).toBe('hi');
    expect(h.net.accept(h.dpdk, h.lfd)).toBe(EAGAIN);
  });

  it('bind/connect errors: path in use, no such path, nobody listening', () => {
    const h = host();
    const other = h.net.socket(h.dpdk);
    expect(h.net.bind(h.dpdk, other, PATH)).toBe(EADDRINUSE);
    const c = h.net.socket(h.qemu);
    expect(h.net.connect(h.qemu, c, '/tmp/nothing.sock')).toBe(ENOENT);
    expect(h.net.recvmsg(h.qemu, c, 8).ret).toBe(EINVAL); // not connected
    expect(h.net.recvmsg(h.qemu, 99, 8).ret).toBe(EBADF);
    // The server closes: the path stays (connect refused) until it is unlinked.
    expect(h.net.close(h.dpdk, h.lfd)).toBe(0);
    expect(h.net.connect(h.qemu, c, PATH)).toBe(ECONNREFUSED);
    expect(h.net.bind(h.dpdk, other, PATH)).toBe(EADDRINUSE);
    expect(h.net.unlink(PATH)).toBe(0);
    expect(h.net.connect(h.qemu, c, PATH)).toBe(ENOENT);
    expect(h.net.bind(h.dpdk, other, PATH)).toBe(0);
  });

  it('bytes arrive in order across several sends and partial reads', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    expect(h.net.sendmsg(h.qemu, cfd, enc('abc'))).toBe(3);
    expect(h.net.sendmsg(h.qemu, cfd, enc('defgh'))).toBe(5);
    expect(h.net.sendmsg(h.qemu, cfd, enc('ij'))).toBe(2);
    const s = h.net.sockIndex(h.dpdk, sfd);
    expect(dec(h.net.describe(s).queued)).toBe('abcdefghij');
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 2).bytes)).toBe('ab');
    // A read joins the rest of one send with the following ones.
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 5).bytes)).toBe('cdefg');
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 100).bytes)).toBe('hij');
    expect(h.net.recvmsg(h.dpdk, sfd, 100).ret).toBe(EAGAIN);
    expect(h.net.describe(s).skbs).toEqual([]);
  });

  it('the byte ring wraps without losing order', () => {
    const arena = new Arena(allocBacking(1 << 16, false));
    const net = new UnixSockets(arena, new ArenaLayout(0, 1 << 16), { bufBytes: 16, sockets: 4 });
    const a = new Process(1, 'a');
    const pair = net.socketpair(a) as [number, number];
    let sent = '';
    let got = '';
    for (let i = 0; i < 10; i++) {
      const m = `m${i}-xyz`;
      expect(net.sendmsg(a, pair[0], enc(m))).toBe(m.length);
      sent += m;
      got += dec(net.recvmsg(a, pair[1], 64).bytes);
    }
    expect(got).toBe(sent);
    // A message that does not fit is refused whole, nothing half-queued.
    expect(net.sendmsg(a, pair[0], enc('0123456789'))).toBe(10);
    expect(net.sendmsg(a, pair[0], enc('0123456789'))).toBe(EAGAIN);
    expect(dec(net.recvmsg(a, pair[1], 64).bytes)).toBe('0123456789');
  });

  it('a passed fd gets the receiver\'s lowest free number and names the same eventfd', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    // Fill QEMU's table up to 26 and DPDK's up to 47, so the kick eventfd is QEMU fd 27 and arrives as DPDK fd 48.
    while (h.qemu.install({ label: 'filler', role: 'tap' }) < 26);
    while (h.dpdk.install({ label: 'filler', role: 'tap' }) < 47);
    const [kickFd, kick] = h.newEventFd(h.qemu, 'eventfd: host notifier (kick) vq 0');
    expect(kickFd).toBe(27);
    expect(h.net.sendmsg(h.qemu, cfd, enc('SET_VRING_KICK'), [kickFd])).toBe(14);
    const r = h.net.recvmsg(h.dpdk, sfd, 64, CMSG_SPACE(8 * 4));
    expect(r.ret).toBe(14);
    expect(r.flags & MSG_CTRUNC).toBe(0);
    expect(r.fds).toEqual([48]);
    const got = h.dpdk.get(48) as EventFdFile;
    expect(got).toBe(kick);
    // A write on either end's descriptor is the same counter.
    got.efd.write(1);
    expect(kick.efd.count()).toBe(1);
    // The sender keeps its own descriptor; the file has two table references now.
    expect(h.qemu.get(27)).toBe(kick);
    expect(h.net.refs(kick)).toBe(2);
  });

  it('signalling through the received fd wakes a thread waiting on the sender\'s eventfd', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [callFd, call] = h.newEventFd(h.qemu, 'eventfd: guest notifier (call) vq 0');
    const qemuLoop = h.net.newPoller("QEMU's main loop");
    expect(qemuLoop.add(h.qemu, callFd)).toBe(0);
    const waiter = drive(qemuLoop.wait(new ActorContext('qemu-main')), h.arena);
    expect(waiter.blocked).toBeDefined();
    h.net.sendmsg(h.qemu, cfd, enc('SET_VRING_CALL'), [callFd]);
    const dpdkFd = h.net.recvmsg(h.dpdk, sfd, 64, CMSG_SPACE(4)).fds[0]!;
    // DPDK's vring call: eventfd_write on its own number.
    const ctx = new ActorContext('pmd');
    const beats = [...eventfdWrite(ctx, (h.dpdk.get(dpdkFd) as EventFdFile).efd, dpdkFd, 'call')];
    expect(beats[0]).toMatchObject({ type: 'eventfd_write', f: { fd: dpdkFd, count: 1, woke: 'pollwake' } });
    expect(h.arena.aLoad(waiter.blocked!.slot)).not.toBe(waiter.blocked!.value); // the waiter's slot moved
    const ready = drive(qemuLoop.wait(ctx), h.arena);
    expect(ready.value).toEqual([{ proc: h.qemu, fd: callFd, revents: expect.any(Number) }]);
    expect(call.efd.count()).toBe(1);
  });

  it('fds travel with the first byte of their message; a read stops after the skb that carried them', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [a] = h.newEventFd(h.qemu, 'a');
    const [b] = h.newEventFd(h.qemu, 'b');
    h.net.sendmsg(h.qemu, cfd, enc('head'));
    h.net.sendmsg(h.qemu, cfd, enc('WITHFD'), [a, b]);
    h.net.sendmsg(h.qemu, cfd, enc('tail'));
    const cs = CMSG_SPACE(8 * 4);
    // A read of 2 bytes of the plain message gets no fds.
    let r = h.net.recvmsg(h.dpdk, sfd, 2, cs);
    expect([dec(r.bytes), r.fds]).toEqual(['he', []]);
    // The next read reaches the message's first byte: it takes its fds and ends with that message.
    r = h.net.recvmsg(h.dpdk, sfd, 5, cs);
    expect(dec(r.bytes)).toBe('adWIT');
    expect(r.fds).toHaveLength(2);
    expect(r.fds.map((fd) => h.dpdk.get(fd)!.label)).toEqual(['a', 'b']);
    // The rest of that message brings no fds again; with its fds gone it joins the next send, as in Linux.
    r = h.net.recvmsg(h.dpdk, sfd, 100, cs);
    expect([dec(r.bytes), r.fds]).toEqual(['HFDtail', []]);
  });

  it('a read that takes a message with fds stops after that message', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [a] = h.newEventFd(h.qemu, 'a');
    h.net.sendmsg(h.qemu, cfd, enc('one'), [a]);
    h.net.sendmsg(h.qemu, cfd, enc('two'));
    const r = h.net.recvmsg(h.dpdk, sfd, 100, CMSG_SPACE(4));
    expect([dec(r.bytes), r.fds.length]).toEqual(['one', 1]);
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 100).bytes)).toBe('two');
  });

  it('MSG_CTRUNC: fds beyond the control buffer are closed, the bytes still arrive', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const fds = [0, 1, 2].map((i) => h.newEventFd(h.qemu, `region ${i}`));
    const before = h.dpdk.entries().length;
    h.net.sendmsg(h.qemu, cfd, enc('SET_MEM_TABLE'), fds.map(([fd]) => fd));
    // CMSG_SPACE(4) is 24 bytes: cmsg padding leaves room for two descriptors (scm_max_fds), not three.
    let r = h.net.recvmsg(h.dpdk, sfd, 100, CMSG_SPACE(4));
    expect(r.ret).toBe(13);
    expect(r.flags & MSG_CTRUNC).toBe(MSG_CTRUNC);
    expect(r.fds.map((fd) => h.dpdk.get(fd)!.label)).toEqual(['region 0', 'region 1']);
    expect(h.dpdk.entries().length).toBe(before + 2);
    // The dropped one lost its in-flight reference: only QEMU's table holds it.
    expect(h.net.refs(fds[2]![1])).toBe(1);
    expect(h.net.refs(fds[0]![1])).toBe(2);
    // CMSG_LEN(4) = 20 bytes holds exactly one.
    h.net.sendmsg(h.qemu, cfd, enc('y'), [fds[0]![0], fds[1]![0]]);
    r = h.net.recvmsg(h.dpdk, sfd, 100, 20);
    expect([r.fds.length, r.flags]).toEqual([1, MSG_CTRUNC]);
    // No control buffer at all: every fd dropped.
    h.net.sendmsg(h.qemu, cfd, enc('x'), [fds[0]![0]]);
    r = h.net.recvmsg(h.dpdk, sfd, 100, 0);
    expect([r.ret, r.fds, r.flags]).toEqual([1, [], MSG_CTRUNC]);
  });

  it('send limits: more than SCM_MAX_FD is EINVAL, a bad fd is EBADF, zero bytes carry no fds', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [fd] = h.newEventFd(h.qemu, 'e');
    expect(h.net.sendmsg(h.qemu, cfd, enc('x'), new Array<number>(SCM_MAX_FD + 1).fill(fd))).toBe(EINVAL);
    expect(h.net.sendmsg(h.qemu, cfd, enc('x'), [fd, 999])).toBe(EBADF);
    expect(h.net.sendmsg(h.qemu, cfd, new Uint8Array(0), [fd])).toBe(0);
    expect(h.net.recvmsg(h.dpdk, sfd, 10, CMSG_SPACE(4)).ret).toBe(EAGAIN);
    // SCM_MAX_FD itself is fine (the same file many times, as dup'd numbers would be).
    expect(h.net.sendmsg(h.qemu, cfd, enc('x'), new Array<number>(SCM_MAX_FD).fill(fd))).toBe(1);
    expect(h.net.recvmsg(h.dpdk, sfd, 10, CMSG_SPACE(SCM_MAX_FD * 4)).fds).toHaveLength(SCM_MAX_FD);
  });

  it('disconnect: the peer reads 0 bytes after the queued data; its send fails with EPIPE', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    h.net.sendmsg(h.qemu, cfd, enc('last words'));
    expect(h.net.close(h.qemu, cfd)).toBe(0);
    expect(h.net.poll(h.dpdk, sfd) & (POLLIN | POLLHUP)).toBe(POLLIN | POLLHUP);
    expect(dec(h.net.recvmsg(h.dpdk, sfd, 100).bytes)).toBe('last words');
    expect(h.net.recvmsg(h.dpdk, sfd, 100).ret).toBe(0);
    expect(h.net.recvmsg(h.dpdk, sfd, 100).ret).toBe(0);
    expect(h.net.sendmsg(h.dpdk, sfd, enc('reply'), [], MSG_NOSIGNAL)).toBe(EPIPE);
    expect(h.net.lastSigpipe).toBe(false);
    expect(h.net.sendmsg(h.dpdk, sfd, enc('reply'))).toBe(EPIPE);
    expect(h.net.lastSigpipe).toBe(true);
    expect(h.net.sendmsg(h.qemu, cfd, enc('x'))).toBe(EBADF);
  });

  it('closing with unread data resets the peer: ECONNRESET once, then end of file', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    h.net.sendmsg(h.dpdk, sfd, enc('unread reply'));
    h.net.close(h.qemu, cfd);
    expect(h.net.recvmsg(h.dpdk, sfd, 100).ret).toBe(ECONNRESET);
    expect(h.net.recvmsg(h.dpdk, sfd, 100).ret).toBe(0);
  });

  it('a blocked reader wakes on data and on the peer\'s close', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const reader = h.net.recvmsgWait(new ActorContext('vhost-events'), h.dpdk, sfd, 64, CMSG_SPACE(32));
    let step = drive(reader, h.arena);
    expect(step.blocked).toBeDefined();
    expect(step.beats[0]).toMatchObject({ wait: true, on: 'unix_socket' });
    h.net.sendmsg(h.qemu, cfd, enc('GET_FEATURES'));
    step = drive(reader, h.arena);
    expect(dec(step.value!.bytes)).toBe('GET_FEATURES');
    const again = h.net.recvmsgWait(new ActorContext('vhost-events'), h.dpdk, sfd, 64);
    expect(drive(again, h.arena).blocked).toBeDefined();
    h.net.close(h.qemu, cfd);
    expect(drive(again, h.arena).value!.ret).toBe(0);
  });

  it('reconnect: the client makes a new socket to the same path and the server accepts again', () => {
    const h = host();
    const first = connected(h);
    h.net.close(h.qemu, first.cfd);
    expect(h.net.recvmsg(h.dpdk, first.sfd, 10).ret).toBe(0);
    // DPDK closes the dead connection (vhost_user_read_cb → close) and keeps listening.
    h.net.close(h.dpdk, first.sfd);
    const second = connected(h);
    // Both tables reuse the lowest free numbers.
    expect(second.cfd).toBe(first.cfd);
    expect(second.sfd).toBe(first.sfd);
    expect(h.net.sendmsg(h.qemu, second.cfd, enc('GET_FEATURES'))).toBe(12);
    expect(dec(h.net.recvmsg(h.dpdk, second.sfd, 64).bytes)).toBe('GET_FEATURES');
    // Reconnecting a connected socket is refused; so is reusing the old one after its peer left.
    const c = h.net.socket(h.qemu);
    expect(h.net.connect(h.qemu, c, PATH)).toBe(0);
    expect(h.net.connect(h.qemu, c, PATH)).toBe(-106);
  });

  it('a listener closing with connections still queued resets their clients', () => {
    const h = host();
    const c = h.net.socket(h.qemu);
    h.net.connect(h.qemu, c, PATH);
    h.net.close(h.dpdk, h.lfd);
    expect(h.net.recvmsg(h.qemu, c, 10).ret).toBe(ECONNRESET);
    expect(h.net.recvmsg(h.qemu, c, 10).ret).toBe(0);
    expect(h.net.sendmsg(h.qemu, c, enc('x'), [], MSG_NOSIGNAL)).toBe(EPIPE);
  });

  it('one poller waits on many fds: the listener, several connections and an eventfd', () => {
    const h = host();
    const events = h.net.newPoller('vhost-events (fdset_event_dispatch)');
    expect(events.add(h.dpdk, h.lfd)).toBe(0);
    const a = connected(h);
    const b = connected(h);
    const [kfd] = h.newEventFd(h.dpdk, 'kick');
    events.add(h.dpdk, a.sfd);
    events.add(h.dpdk, b.sfd);
    events.add(h.dpdk, kfd);
    const ctx = new ActorContext('vhost-events');
    let w = drive(events.wait(ctx), h.arena);
    expect(w.blocked).toBeDefined();
    // Data on the second connection wakes the one waiter, and only that fd is ready.
    h.net.sendmsg(h.qemu, b.cfd, enc('x'));
    expect(h.arena.aLoad(w.blocked!.slot)).not.toBe(w.blocked!.value);
    w = drive(events.wait(ctx), h.arena);
    expect(w.value!.map((r) => r.fd)).toEqual([b.sfd]);
    h.net.recvmsg(h.dpdk, b.sfd, 10);
    // A new client makes the listener ready.
    const c = h.net.socket(h.qemu);
    h.net.connect(h.qemu, c, PATH);
    w = drive(events.wait(ctx), h.arena);
    expect(w.value!.map((r) => r.fd)).toEqual([h.lfd]);
    h.net.accept(h.dpdk, h.lfd);
    // A peer's close makes its connection ready with POLLHUP.
    h.net.close(h.qemu, a.cfd);
    w = drive(events.wait(ctx), h.arena);
    expect(w.value).toEqual([{ proc: h.dpdk, fd: a.sfd, revents: expect.any(Number) }]);
    expect(w.value![0]!.revents & POLLHUP).toBe(POLLHUP);
  });

  it('socket state lives in the arena: undoing the logged writes restores the queue exactly', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [fd] = h.newEventFd(h.qemu, 'kick');
    h.net.sendmsg(h.qemu, cfd, enc('abc'));
    const s = h.net.sockIndex(h.dpdk, sfd);
    const view0 = h.net.describe(s);
    const bytes0 = h.arena.readBytes(h.net.region.off, h.net.region.len);
    h.arena.startLog();
    h.net.sendmsg(h.qemu, cfd, enc('defg'), [fd]);
    h.net.recvmsg(h.dpdk, sfd, 2);
    const log = h.arena.takeLog();
    expect(h.net.describe(s).skbs).toEqual([
      { len: 3, consumed: 2, files: [], embryo: null },
      { len: 4, consumed: 0, files: ['kick'], embryo: null },
    ]);
    h.arena.undo(log);
    expect(h.arena.readBytes(h.net.region.off, h.net.region.len)).toEqual(bytes0);
    expect(h.net.describe(s)).toEqual(view0);
    h.arena.redo(log);
    expect(dec(h.net.describe(s).queued)).toBe('cdefg');
  });

  it('a memfd passed in SET_MEM_TABLE is the same memory file in the back-end', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const ram = new MemFd('/memfd:pc.ram (deleted)', 0x8000, 0x10000);
    const qfd = h.qemu.install(ram);
    h.net.sendmsg(h.qemu, cfd, enc('SET_MEM_TABLE'), [qfd]);
    const [dfd] = h.net.recvmsg(h.dpdk, sfd, 100, CMSG_SPACE(8 * 4)).fds;
    expect(h.dpdk.get(dfd!)).toBe(ram);
  });

  it('a passed socket end (SET_BACKEND_REQ_FD) stays open while in flight and in the receiver\'s table', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const pair = h.net.socketpair(h.qemu) as [number, number];
    h.net.sendmsg(h.qemu, cfd, enc('SET_BACKEND_REQ_FD'), [pair[1]]);
    // QEMU closes its copy at once, as vhost_setup_slave_channel does (QEMU 7.2's name; later renamed backend); the message still holds the file.
    h.net.close(h.qemu, pair[1]);
    expect(h.net.poll(h.qemu, pair[0]) & POLLHUP).toBe(0);
    const [reqFd] = h.net.recvmsg(h.dpdk, sfd, 64, CMSG_SPACE(8 * 4)).fds;
    // The back-end sends a request on it; QEMU's end reads it.
    expect(h.net.sendmsg(h.dpdk, reqFd!, enc('BACKEND_IOTLB_MSG'))).toBe(17);
    expect(dec(h.net.recvmsg(h.qemu, pair[0], 64).bytes)).toBe('BACKEND_IOTLB_MSG');
    // Only the back-end's close (the last reference) ends the connection.
    h.net.close(h.dpdk, reqFd!);
    expect(h.net.recvmsg(h.qemu, pair[0], 64).ret).toBe(0);
  });

  it('closing a socket with fds still queued drops their in-flight references', () => {
    const h = host();
    const { cfd, sfd } = connected(h);
    const [kfd, kick] = h.newEventFd(h.qemu, 'kick');
    h.net.sendmsg(h.qemu, cfd, enc('SET_VRING_KICK'), [kfd]);
    expect(h.net.refs(kick)).toBe(2);
    h.net.close(h.dpdk, sfd);
    expect(h.net.refs(kick)).toBe(1);
    expect(h.net.sendmsg(h.qemu, cfd, enc('x'), [], MSG_NOSIGNAL)).toBe(EPIPE);
  });

  it('a reader in another thread sleeps on the readiness slot until the send, and sees the bytes in the shared arena', async () => {
    const buffer = allocBacking(1 << 17, true) as SharedArrayBuffer;
    const arena = new Arena(buffer);
    const net = new UnixSockets(arena, new ArenaLayout(256, buffer.byteLength));
    const p = new Process(1, 'qemu');
    const [a, b] = net.socketpair(p) as [number, number];
    const worker = new Worker(new URL('../../unit/ts-worker-bootstrap.mjs', import.meta.url), {
      workerData: { buffer, layoutStart: 256, sock: net.sockIndex(p, b), __entry: new URL('../testing/unix-socket-blocker.worker.ts', import.meta.url).href },
    });
    const messages: Array<{ ready?: boolean; woke?: string; queued?: string }> = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m) => {
        messages.push(m);
        if (m.ready) setTimeout(() => net.sendmsg(p, a, enc('GET_FEATURES')), 100);
        else resolve();
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    expect(messages.at(-1)).toEqual({ woke: 'ok', queued: 'GET_FEATURES' });
  });
});
