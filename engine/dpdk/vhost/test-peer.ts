/**
 * Test support: a guest machine's memory, rings and eventfds as QEMU would
 * hold them, a scripted front-end that sends QEMU-style vhost-user
 * messages with real fds over the modelled socket, and a small round-robin
 * runner for the actors. Used by the back-end's tests only.
 */
import { stillBlocked } from '../../sched/step-scheduler';
import {
  encodeVhostUserMsg,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_VERSION,
  type VhostUserPayload,
} from '../../abi/vhost-user';
import { Arena, ArenaLayout, allocBacking } from '../../mem/arena';
import { EventFd } from '../../os/eventfd';
import { Process } from '../../os/fd-table';
import { MemFd } from '../../os/memfd';
import { CMSG_SPACE, UnixSockets, type EventFdFile } from '../../os/unix-socket';
import { ActorContext, type Gen } from '../../sched/actor';
import { VuWire } from '../../vhost-user/wire';

export const RAM_GPA = 0;
export const RAM_SIZE = 0x10000;
/** QEMU's virtual address of guest RAM (what SET_MEM_TABLE's userspace_addr and SET_VRING_ADDR carry). */
export const QEMU_HVA = 0x7f12_3400_0000;
export const QSIZE = 8;
/** Ring layout per vring (guest-physical). */
export const RINGS = [0, 1, 2, 3].map((i) => ({ desc: 0x1000 + i * 0x1000, avail: 0x1400 + i * 0x1000, used: 0x1800 + i * 0x1000 }));

export interface TestEvent {
  actor: string;
  type: string;
  f: Record<string, unknown>;
  stack: string[];
}

/** A host with QEMU and ovs-vswitchd, guest RAM as a memory file in QEMU's table, and its eventfds. */
export function testHost() {
  const arena = new Arena(allocBacking(1 << 20, false));
  const layout = new ArenaLayout(64, 1 << 20);
  const net = new UnixSockets(arena, layout, { pollers: 4, bufBytes: 16384, sockets: 12 });
  const qemu = new Process(4242, 'qemu-system-x86_64', 20);
  const ovs = new Process(5151, 'ovs-vswitchd', 40);
  const ramOff = layout.take(RAM_SIZE, 4096);
  const ram = new MemFd('/memfd:pc.ram (deleted)', ramOff, RAM_SIZE);
  const ramFd = qemu.install(ram);
  let next = layout.take(4 * 64, 8) / 4;
  const slot = () => next++;
  const wire = new VuWire(arena, slot());
  const eventfd = (label: string, role: 'kick' | 'call'): number => {
    const f: EventFdFile = { label: `eventfd: ${label}`, role, efd: new EventFd(arena, slot(), label) };
    return qemu.install(f);
  };
  return { arena, layout, net, qemu, ovs, ram, ramFd, ramOff, slot, wire, eventfd };
}
export type TestHost = ReturnType<typeof testHost>;

/** A u16 / u32 / u64 store into guest RAM at a guest-physical address. */
export function gw16(h: TestHost, gpa: number, v: number): void {
  h.arena.w16(h.ramOff + gpa, v);
}
export function gw32(h: TestHost, gpa: number, v: number): void {
  h.arena.w32(h.ramOff + gpa, v);
}
export function gw64(h: TestHost, gpa: number, v: number): void {
  h.arena.w64(h.ramOff + gpa, v);
}
export function gr16(h: TestHost, gpa: number): number {
  return h.arena.r16(h.ramOff + gpa);
}
export function gr32(h: TestHost, gpa: number): number {
  return h.arena.r32(h.ramOff + gpa);
}

/** The front-end's side of the channel: send a message (fds from QEMU's table), read a reply. */
export class ScriptedFrontEnd {
  fd = -1;
  /** The ids of the messages sent, in order. */
  sent: number[] = [];
  constructor(readonly h: TestHost) {}

  send(request: number, payload: VhostUserPayload, fds: number[] = [], needReply = false, raw?: Uint8Array): number {
    const { bytes } = raw ? { bytes: raw } : encodeVhostUserMsg({ request, flags: VHOST_USER_VERSION | (needReply ? VHOST_USER_NEED_REPLY_MASK : 0), payload });
    // Like QEMU's vhost_user_write: the id is taken once the bytes are in the socket.
    const r = this.h.net.sendmsg(this.h.qemu, this.fd, bytes, fds);
    if (r > 0) this.sent.push(this.h.wire.sent('to-backend'));
    return r;
  }

  /** Read one reply (header then payload), waiting for it. */
  *reply(ctx: ActorContext): Gen<{ request: number; flags: number; u64: bigint; state: { index: number; num: number } } | null> {
    const head = yield* this.h.net.recvmsgWait(ctx, this.h.qemu, this.fd, VHOST_USER_HDR_SIZE, CMSG_SPACE(32));
    if (head.ret <= 0) return null;
    this.h.wire.received('to-frontend');
    const dv = new DataView(head.bytes.buffer);
    const size = dv.getUint32(8, true);
    const body = size ? yield* this.h.net.recvmsgWait(ctx, this.h.qemu, this.fd, size, 0) : { bytes: new Uint8Array(0) };
    const b = new DataView(new Uint8Array([...body.bytes, ...new Uint8Array(8)]).buffer);
    return { request: dv.getUint32(0, true), flags: dv.getUint32(4, true), u64: b.getBigUint64(0, true), state: { index: b.getUint32(0, true), num: b.getUint32(4, true) } };
  }
}

/** Runs actors round-robin until none can run; actors may be added between runs (a scenario's later phases). */
export class ActorRunner {
  readonly events: TestEvent[] = [];
  private readonly running: Array<{ id: string; gen: Gen<unknown>; done: boolean; wait: null | { slot: number; value: number; also?: ReadonlyArray<readonly [number, number]> } }> = [];
  constructor(private readonly arena: Arena) {}

  add(id: string, body: (ctx: ActorContext) => Gen<unknown>): void {
    this.running.push({ id, gen: body(new ActorContext(id)), done: false, wait: null });
  }

  /** Run until every actor is done or blocked; returns the events of this run. */
  run(budget = 200000): TestEvent[] {
    const from = this.events.length;
    let steps = 0;
    for (;;) {
      let progressed = false;
      for (const r of this.running) {
        if (r.done) continue;
        if (r.wait && stillBlocked(this.arena, r.wait)) continue;
        r.wait = null;
        progressed = true;
        for (;;) {
          if (++steps > budget) throw new Error('ActorRunner: budget exhausted');
          const n = r.gen.next();
          if (n.done) {
            r.done = true;
            break;
          }
          const b = n.value;
          if (b.wait) {
            r.wait = { slot: b.slot, value: b.value, also: b.also };
            break;
          }
          if (b.safe) continue;
          this.events.push({ actor: r.id, type: b.type, f: b.f as Record<string, unknown>, stack: b.stack as string[] });
        }
      }
      if (!progressed) return this.events.slice(from);
    }
  }
}

/** Run actors round-robin until none can run; returns every event they emitted. */
export function runActors(arena: Arena, actors: Array<{ id: string; body: (ctx: ActorContext) => Gen<unknown> }>, budget = 200000): TestEvent[] {
  const r = new ActorRunner(arena);
  for (const a of actors) r.add(a.id, a.body);
  return r.run(budget);
}

/** The DPDK log lines among the events. */
/**
 * The last eleven lines of seed 000's VHOST_CONFIG log (DPDK 19.11, one queue
 * pair), with this run's fd numbers for ring 1: ready right after the last
 * ring's KICK, then its CALL and the two enables.
 */
export function seed000LogTail(kickfd1: number, callfd1: number): string[] {
  return [
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_BASE',
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ADDR',
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK',
    `VHOST_CONFIG: vring kick idx:1 file:${kickfd1}`,
    'VHOST_CONFIG: virtio is now ready for processing.',
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_CALL',
    `VHOST_CONFIG: vring call idx:1 file:${callfd1}`,
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ENABLE',
    'VHOST_CONFIG: set queue enable: 1 to qp idx: 0',
    'VHOST_CONFIG: read message VHOST_USER_SET_VRING_ENABLE',
    'VHOST_CONFIG: set queue enable: 1 to qp idx: 1',
  ];
}

export function dpdkLines(ev: readonly TestEvent[]): string[] {
  return ev.filter((e) => e.type === 'dpdk_log').map((e) => e.f.text as string);
}
