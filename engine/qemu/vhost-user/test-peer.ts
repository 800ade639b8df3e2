/**
 * Test support for the QEMU front-end: a small scripted vhost-user back-end
 * (it accepts or connects, reads each message with the codec's DPDK-style
 * decoder, answers GET_* with DPDK-like values and acks NEED_REPLY), a
 * QEMU-side host (arena, sockets, guest RAM in a memfd, notifiers), and a
 * round-robin runner that advances a clock whenever every thread is blocked
 * (the one-second ticks QEMU's reconnect timer and the peer's retry wait for).
 */
import { stillBlocked } from '../../sched/step-scheduler';
import {
  decodeVhostUserMsg,
  DPDK_19_11_PROTOCOL_FEATURES,
  DPDK_22_11_PROTOCOL_FEATURES,
  encodeVhostUserMsg,
  VHOST_USER_GET_FEATURES,
  VHOST_USER_GET_PROTOCOL_FEATURES,
  VHOST_USER_GET_QUEUE_NUM,
  VHOST_USER_GET_STATUS,
  VHOST_USER_GET_VRING_BASE,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_SET_STATUS,
  type VhostUserMsg,
  type VhostUserPayload,
} from '../../abi/vhost-user';
import { Arena, ArenaLayout, allocBacking } from '../../mem/arena';
import { EventFd } from '../../os/eventfd';
import { Process } from '../../os/fd-table';
import { MemFd } from '../../os/memfd';
import { CMSG_SPACE, UnixSockets } from '../../os/unix-socket';
import { ActorContext, type Beat, type Gen } from '../../sched/actor';
import type { EventFields, EventType } from '../../trace/events';
import type { FrameId } from '../../trace/frames';
import type { VuEra } from '../../vhost-user/era';
import { VuWire } from '../../vhost-user/wire';
import { EventNotifier, eventNotifierInit } from '../event-notifier';
import { QemuVhostUser, type QemuVhostUserConfig } from './net-vhost-user';

export const SOCK = '/tmp/vhost-user0.sock';
/** Guest RAM: 1 MiB at guest physical 0, mapped by QEMU at this address. */
export const RAM = { gpa: 0, size: 1 << 20, hva: 0x7f12_3400_0000 };
export const QUEUE_SIZE = 256;
/** Where vq i's rings sit in guest memory. */
export const ringOf = (i: number) => {
  const desc = 0x10000 + i * 0x4000;
  return { desc, avail: desc + 16 * QUEUE_SIZE, used: desc + 0x2000 };
};
/** The virtio-net features a DPDK vhost port offers (bit 30 PROTOCOL_FEATURES, VERSION_1, MRG_RXBUF, MQ, CTRL_VQ, …). */
export const DPDK_FEATURES = (1n << 30n) | (1n << 32n) | (1n << 15n) | (1n << 22n) | (1n << 17n) | (1n << 28n) | (1n << 29n) | (1n << 33n) | (1n << 0n) | (1n << 1n) | (1n << 21n) | (1n << 27n);
/** What a Linux guest acks of that: VERSION_1, MRG_RXBUF, MQ, EVENT_IDX, INDIRECT_DESC, CSUM, GUEST_CSUM, CTRL_VQ, MAC. */
export const GUEST_ACKED = (1n << 32n) | (1n << 15n) | (1n << 22n) | (1n << 29n) | (1n << 28n) | (1n << 0n) | (1n << 1n) | (1n << 17n) | (1n << 5n);

/** One message the peer read. */
export interface PeerMsg {
  msg: VhostUserMsg;
  /** The fds as the peer's table numbers them. */
  fds: number[];
  bytes: Uint8Array;
}

/** How the peer misbehaves, for the error tests. */
export interface PeerOpts {
  /** The peer's socket role (the opposite of QEMU's). */
  role: 'server' | 'client';
  era: VuEra;
  /** Reply to this request with these flags/request instead of the right ones. */
  badReply?: { to: number; flags?: number; request?: number };
  /** Close the connection after this many messages (once), then accept/connect again. */
  hangUpAfter?: number;
  /** Called once when the peer hangs up (to move the used indexes, as the PMD would have). */
  onHangUp?: () => void;
  /** Stop serving after the bad reply (the peer goes away for good). */
  quitAfterBadReply?: boolean;
  /** Ack this NEED_REPLY request with u64 1 (failure), as DPDK does when its handler fails. */
  nackTo?: number;
  /** GET_QUEUE_NUM's answer (default 0x80, DPDK's VHOST_MAX_QUEUE_PAIRS). */
  queueNum?: bigint;
  /** Clock ticks to wait before listening or connecting (the back-end starts late). */
  delayTicks?: number;
}

/** An event as the runner records it. */
export interface Rec {
  actor: string;
  type: EventType;
  f: EventFields[EventType];
  stack: FrameId[];
}

/** The QEMU-side host and the peer process. */
export class Bench {
  readonly arena = new Arena(allocBacking(1 << 22, false));
  private readonly layout = new ArenaLayout(64, 1 << 22);
  private nextSlot: number;
  readonly net: UnixSockets;
  readonly qemu = new Process(4242, 'qemu-system-x86_64', 25);
  readonly dpdk = new Process(5151, 'ovs-vswitchd', 40);
  readonly ram: MemFd;
  readonly ramFd: number;
  readonly clock: number;
  readonly wire: VuWire;
  readonly vqs: Array<{ kick: EventNotifier; call: EventNotifier; masked: EventNotifier; vector: number }>;
  readonly received: PeerMsg[] = [];
  driverOk = false;
  /** The device status the peer keeps (SET_STATUS / GET_STATUS). */
  status = 0;
  /** GET_VRING_BASE's answer per vring. */
  vringBase: number[] = [];
  readonly q: QemuVhostUser;

  constructor(
    readonly era: VuEra,
    readonly qemuRole: 'server' | 'client',
    readonly queuePairs: number,
  ) {
    const slotsAt = this.layout.take(4096, 4);
    this.nextSlot = slotsAt / 4;
    this.net = new UnixSockets(this.arena, this.layout, { sockets: 16, pollers: 4 });
    const ramOff = this.layout.take(RAM.size, 4096);
    this.ram = new MemFd('/memfd:pc.ram (deleted)', ramOff, RAM.size);
    this.ramFd = this.qemu.install(this.ram);
    this.clock = this.slot();
    this.wire = new VuWire(this.arena, this.slot());
    const quiet = new ActorContext('setup', false);
    const host = { proc: this.qemu, newEventFd: (label: string) => new EventFd(this.arena, this.slot(), label) };
    this.vqs = Array.from({ length: 2 * queuePairs }, (_, i) => {
      const kick = new EventNotifier('kick', i);
      const call = new EventNotifier('call', i);
      const masked = new EventNotifier('call', i, 'masked-call');
      for (const n of [kick, call, masked]) drain(eventNotifierInit(quiet, n, false, host));
      return { kick, call, masked, vector: i + 1 };
    });
    const cfg: QemuVhostUserConfig = {
      era,
      role: qemuRole,
      sockPath: SOCK,
      queuePairs,
      net: this.net,
      proc: this.qemu,
      wire: this.wire,
      arena: this.arena,
      slot: () => this.slot(),
      ram: { fd: this.ramFd, gpa: RAM.gpa, size: RAM.size, hva: RAM.hva },
      vq: (i) => ({ num: QUEUE_SIZE, ...ringOf(i), ...this.vqs[i]! }),
      ackedFeatures: () => GUEST_ACKED,
      deviceFeatures: DPDK_FEATURES | (1n << 5n),
      driverOk: () => this.driverOk,
      timerSlot: this.clock,
    };
    this.q = new QemuVhostUser(cfg);
  }

  slot(): number {
    return this.nextSlot++;
  }

  /** Write vq i's used->idx in guest memory (what the back-end published). */
  setUsedIdx(i: number, v: number): void {
    this.arena.w16(this.ram.arenaOff + ringOf(i).used + 2, v);
  }

  /** The scripted back-end. */
  *peer(ctx: ActorContext, o: PeerOpts): Gen<void> {
    const { net, dpdk } = this;
    let listenFd = -1;
    let hungUp = false;
    let badDone = false;
    for (let t = 0; t < (o.delayTicks ?? 0); t++) yield ctx.wait(this.clock, this.arena.aLoad(this.clock), 'clock');
    if (o.role === 'server') {
      listenFd = net.socket(dpdk);
      net.bind(dpdk, listenFd, SOCK);
      net.listen(dpdk, listenFd, 128);
    }
    for (;;) {
      let conn: number;
      if (o.role === 'server') {
        conn = yield* net.acceptWait(ctx, dpdk, listenFd);
      } else {
        for (;;) {
          const fd = net.socket(dpdk);
          if (net.connect(dpdk, fd, SOCK) === 0) {
            conn = fd;
            break;
          }
          net.close(dpdk, fd);
          yield ctx.wait(this.clock, this.arena.aLoad(this.clock), 'clock');
        }
      }
      this.status = 0; // a new connection is a new device (vhost_new_device)
      for (;;) {
        const h = yield* net.recvmsgWait(ctx, dpdk, conn, 12, CMSG_SPACE(8 * 4));
        if (h.ret <= 0) break;
        const size = new DataView(h.bytes.buffer).getUint32(8, true);
        let bytes = h.bytes;
        if (size) {
          const p = yield* net.recvmsgWait(ctx, dpdk, conn, size, 0);
          const all = new Uint8Array(12 + p.bytes.length);
          all.set(h.bytes);
          all.set(p.bytes, 12);
          bytes = all;
        }
        const d = decodeVhostUserMsg(bytes, h.fds, o.era === 'seed' ? '19.11' : '22.11', { sockPath: SOCK });
        if (!d.ok) throw new Error(`peer: QEMU sent a message DPDK refuses: ${d.error}`);
        this.received.push({ msg: d.msg, fds: d.fds, bytes });
        const reply = this.replyTo(d.msg, o);
        if (reply) {
          const bad = o.badReply && o.badReply.to === d.msg.request && !badDone;
          if (bad) {
            badDone = true;
            reply.flags = o.badReply!.flags ?? reply.flags;
            reply.request = o.badReply!.request ?? reply.request;
          }
          net.sendmsg(dpdk, conn, encodeVhostUserMsg(reply).bytes);
          if (bad && o.quitAfterBadReply) {
            net.close(dpdk, conn);
            if (listenFd >= 0) net.close(dpdk, listenFd);
            return;
          }
        }
        if (!hungUp && o.hangUpAfter !== undefined && this.received.length >= o.hangUpAfter) {
          hungUp = true;
          o.onHangUp?.();
          break;
        }
        yield ctx.ev('vu_recv', { by: 'dpdk', msg: 0, fd: conn, request: d.msg.request, name: '', flags: d.msg.flags, size: d.msg.size ?? 0, fds: d.fds, reply: false });
      }
      net.close(dpdk, conn);
      if (!o.hangUpAfter || this.received.length > o.hangUpAfter + 40) return;
    }
  }

  /** DPDK-like answers: GET_* always, a u64 0 ack for NEED_REPLY. */
  private replyTo(m: VhostUserMsg, o: PeerOpts): VhostUserMsg | null {
    const u64 = (v: bigint): VhostUserPayload => ({ kind: 'u64', u64: v });
    const r = (payload: VhostUserPayload): VhostUserMsg => ({ request: m.request, flags: 0x5, payload });
    switch (m.request) {
      case VHOST_USER_GET_FEATURES:
        return r(u64(DPDK_FEATURES));
      case VHOST_USER_GET_PROTOCOL_FEATURES:
        return r(u64(o.era === 'seed' ? DPDK_19_11_PROTOCOL_FEATURES : DPDK_22_11_PROTOCOL_FEATURES));
      case VHOST_USER_GET_QUEUE_NUM:
        return r(u64(o.queueNum ?? 0x80n));
      case VHOST_USER_GET_STATUS:
        return r(u64(BigInt(this.status)));
      case VHOST_USER_GET_VRING_BASE:
        // DPDK answers with the ring's last_avail_idx; here, what the test says the PMD reached.
        return r({ kind: 'state', index: m.payload.kind === 'state' ? m.payload.index : 0, num: m.payload.kind === 'state' ? (this.vringBase[m.payload.index] ?? 0) : 0 });
    }
    if (m.request === VHOST_USER_SET_STATUS && m.payload.kind === 'u64') this.status = Number(m.payload.u64);
    if (m.flags & VHOST_USER_NEED_REPLY_MASK) return r(u64(m.request === o.nackTo ? 1n : 0n));
    return null;
  }
}

function drain<T>(g: Gen<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

/** An actor for the runner. */
export interface TestActor {
  id: string;
  body: (ctx: ActorContext) => Gen<void>;
}

/**
 * Round-robin: each live actor advances one beat per round; when every actor
 * is blocked, the clock ticks (up to `maxTicks`). Returns the events.
 */
export function runActors(arena: Arena, clock: number, actors: TestActor[], maxTicks = 10): Rec[] {
  const live = actors.map((a) => {
    const ctx = new ActorContext(a.id);
    return { id: a.id, gen: a.body(ctx), done: false, wait: null as Extract<Beat, { wait: true }> | null };
  });
  const out: Rec[] = [];
  let ticks = 0;
  for (let guard = 0; guard < 200_000; guard++) {
    let progressed = false;
    for (const a of live) {
      if (a.done) continue;
      if (a.wait && stillBlocked(arena, a.wait)) continue;
      a.wait = null;
      const r = a.gen.next();
      progressed = true;
      if (r.done) {
        a.done = true;
        continue;
      }
      const b = r.value;
      if (b.wait) a.wait = b;
      else if (!b.safe) out.push({ actor: a.id, type: b.type, f: b.f, stack: b.stack });
    }
    if (!progressed) {
      if (live.every((a) => a.done) || ticks >= maxTicks) return out;
      ticks++;
      arena.aAdd(clock, 1);
    }
  }
  throw new Error('runActors: no end in sight');
}
