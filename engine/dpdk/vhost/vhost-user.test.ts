/** DPDK's vhost-user back-end against a scripted QEMU-style front-end, per era. */
import { describe, expect, it } from 'vitest';
import { ActorContext, type Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import { DpdkVhost } from '../../ovs/netdev-dpdk';
import { qemuInit, qemuStart, type QemuFds } from './scripted-qemu';
import { dpdkLines, runActors, ScriptedFrontEnd, testHost, type TestHost } from './test-peer';

const PATH = '/tmp/vhost-user0.sock';

/** QEMU as server (the seeds' topology), OVS's port in client mode; returns the pieces. */
function setup(era: VuEra, h: TestHost = testHost()) {
  const lfd = h.net.socket(h.qemu);
  expect(h.net.bind(h.qemu, lfd, PATH)).toBe(0);
  expect(h.net.listen(h.qemu, lfd, 1)).toBe(0);
  const fds: QemuFds = {
    slave: h.net.socketpair(h.qemu) as unknown as number,
    masked: [h.eventfd('masked 0', 'call'), h.eventfd('masked 1', 'call')],
    kick: [h.eventfd('kick 0', 'kick'), h.eventfd('kick 1', 'kick')],
    call: [h.eventfd('call 0', 'call'), h.eventfd('call 1', 'call')],
    ram: h.ramFd,
  };
  const pair = h.net.socketpair(h.qemu) as [number, number];
  fds.slave = pair[1];
  const dpdk = new DpdkVhost({ era, client: true, sockPath: PATH, net: h.net, proc: h.ovs, wire: h.wire, arena: h.arena, slot: h.slot, layout: h.layout, maxVrings: 4, inflight: h.inflight });
  const fe = new ScriptedFrontEnd(h);
  const stop = h.slot();
  return { h, lfd, fds, dpdk, fe, stop };
}

function negotiate(era: VuEra) {
  const s = setup(era);
  const acks: bigint[] = [];
  let init: Awaited<ReturnType<typeof qemuInit>> extends Gen<infer R> ? R : never;
  const ev = runActors(s.h.arena, [
    {
      id: 'ovs-main',
      body: (ctx) => s.dpdk.addPort(ctx),
    },
    {
      id: 'qemu',
      body: function* (ctx: ActorContext) {
        s.fe.fd = yield* s.h.net.acceptWait(ctx, s.h.qemu, s.lfd);
        init = yield* qemuInit(ctx, s.fe, era, s.fds);
        acks.push(...init.acks);
        yield* qemuStart(ctx, s.fe, era, s.fds, acks);
      },
    },
    { id: 'vhost-events', body: (ctx) => s.dpdk.eventsThread(ctx, s.stop) },
  ]);
  return { ...s, ev, acks, init: init! };
}

describe('DPDK 19.11 (seed era)', () => {
  it('prints the seed 000 log: kick of the last ring, then ready, then the call and the enables', () => {
    const r = negotiate('seed');
    const lines = dpdkLines(r.ev);
    const vq = r.dpdk.view().vrings;
    const i = lines.indexOf(`VHOST_CONFIG: vring kick idx:1 file:${vq[1]!.kickfd}`);
    expect(i).toBeGreaterThan(0);
    expect(lines.slice(i - 3, i + 7)).toEqual([
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_BASE',
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ADDR',
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK',
      `VHOST_CONFIG: vring kick idx:1 file:${vq[1]!.kickfd}`,
      'VHOST_CONFIG: virtio is now ready for processing.',
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_CALL',
      `VHOST_CONFIG: vring call idx:1 file:${vq[1]!.callfd}`,
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ENABLE',
      'VHOST_CONFIG: set queue enable: 1 to qp idx: 0',
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ENABLE',
    ]);
    expect(lines.at(-1)).toBe('VHOST_CONFIG: set queue enable: 1 to qp idx: 1');
    // new_device right after the last ring's kick, before its CALL is read.
    const ready = r.ev.findIndex((e) => e.type === 'vu_notify_app' && e.f.op === 'new_device');
    const call1 = r.ev.findIndex((e) => e.type === 'dpdk_log' && e.f.text === `VHOST_CONFIG: vring call idx:1 file:${vq[1]!.callfd}`);
    expect(ready).toBeGreaterThan(0);
    expect(ready).toBeLessThan(call1);
    console.log(lines.join('\n'));
  });
});

describe('DPDK 22.11 (modern era)', () => {
  it('waits for DRIVER_OK with F_STATUS, prints the status dump and the path prefix', () => {
    const r = negotiate('modern');
    const lines = dpdkLines(r.ev);
    console.log(lines.join('\n'));
    expect(lines.every((l) => l.startsWith(`VHOST_CONFIG: (${PATH}) `))).toBe(true);
    const readyAt = lines.indexOf(`VHOST_CONFIG: (${PATH}) virtio is now ready for processing.`);
    expect(readyAt).toBe(lines.length - 1);
    expect(lines[readyAt - 3]).toBe(`VHOST_CONFIG: (${PATH}) \t-DRIVER_OK: 1`);
    expect(r.dpdk.view().flags & 1).toBe(1);
  });
});
