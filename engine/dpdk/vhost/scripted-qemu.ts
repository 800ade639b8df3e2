/**
 * Test support: the front-end's message sequence of a vhost-user net device
 * with one queue pair, in each era's order (QEMU 5.0: the seeds'; QEMU 7.2:
 * SET_VRING_ENABLE while the guest probes, STATUS around the start),
 * driven by a ScriptedFrontEnd. QEMU's own model lives in engine/qemu; this
 * script only has to be a faithful peer for the back-end's tests.
 */
import * as VU from '../../abi/vhost-user';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import { QEMU_HVA, QSIZE, RAM_GPA, RAM_SIZE, RINGS, type ScriptedFrontEnd } from './test-peer';

/** What the front-end acks of the back-end's virtio features: MRG_RXBUF, EVENT_IDX, PROTOCOL_FEATURES, VERSION_1. */
export const ACKED_FEATURES = (1n << 15n) | (1n << 29n) | (1n << 30n) | (1n << 32n);

export interface QemuFds {
  slave: number;
  masked: number[];
  kick: number[];
  call: number[];
  ram: number;
}

export interface ScriptResult {
  features: bigint;
  protocolFeatures: bigint;
  queueNum: bigint;
  acks: bigint[];
}

/** vhost_dev_init of each queue pair's vhost_dev: features, protocol features, queue number, backend channel (pair 0), owner, masked call fds. */
export function* qemuInit(ctx: ActorContext, fe: ScriptedFrontEnd, era: VuEra, fds: QemuFds, pairs = 1): Gen<ScriptResult> {
  let first: ScriptResult | null = null;
  for (let qp = 0; qp < pairs; qp++) {
    const r = yield* qemuInitPair(ctx, fe, era, fds, qp);
    first ??= r;
  }
  return first!;
}

function* qemuInitPair(ctx: ActorContext, fe: ScriptedFrontEnd, era: VuEra, fds: QemuFds, qp: number): Gen<ScriptResult> {
  const none: VU.VhostUserPayload = { kind: 'none' };
  const acks: bigint[] = [];
  fe.send(VU.VHOST_USER_GET_FEATURES, none);
  const features = (yield* fe.reply(ctx))!.u64;
  fe.send(VU.VHOST_USER_GET_PROTOCOL_FEATURES, none);
  const pf = (yield* fe.reply(ctx))!.u64;
  // QEMU 5.0 knows no STATUS bit; QEMU 7.2 acks everything it knows that the back-end offers.
  const acked = era === 'seed' ? pf & ~(1n << 16n) : pf;
  fe.send(VU.VHOST_USER_SET_PROTOCOL_FEATURES, { kind: 'u64', u64: acked });
  fe.send(VU.VHOST_USER_GET_QUEUE_NUM, none);
  const queueNum = (yield* fe.reply(ctx))!.u64;
  if (qp === 0) {
    fe.send(VU.VHOST_USER_SET_SLAVE_REQ_FD, none, [fds.slave], true);
    acks.push((yield* fe.reply(ctx))!.u64);
  }
  fe.send(VU.VHOST_USER_SET_OWNER, none);
  fe.send(VU.VHOST_USER_GET_FEATURES, none);
  yield* fe.reply(ctx);
  for (let i = 2 * qp; i < 2 * qp + 2; i++) fe.send(VU.VHOST_USER_SET_VRING_CALL, { kind: 'u64', u64: BigInt(i) }, [fds.masked[i]!]);
  return { features, protocolFeatures: acked, queueNum, acks };
}

function memTable(): VU.VhostUserPayload {
  return { kind: 'memory', nregions: 1, padding: 0, regions: [{ guestPhysAddr: BigInt(RAM_GPA), memorySize: BigInt(RAM_SIZE), userspaceAddr: BigInt(QEMU_HVA), mmapOffset: 0n }] };
}

/** One vring's start (vhost_virtqueue_start): NUM, BASE, ADDR, KICK, CALL. */
export function qemuVringStart(fe: ScriptedFrontEnd, i: number, base: number, fds: QemuFds): void {
  const r = RINGS[i]!;
  fe.send(VU.VHOST_USER_SET_VRING_NUM, { kind: 'state', index: i, num: QSIZE });
  fe.send(VU.VHOST_USER_SET_VRING_BASE, { kind: 'state', index: i, num: base });
  fe.send(VU.VHOST_USER_SET_VRING_ADDR, {
    kind: 'addr',
    index: i,
    flags: 0,
    descUserAddr: BigInt(QEMU_HVA + r.desc),
    usedUserAddr: BigInt(QEMU_HVA + r.used),
    availUserAddr: BigInt(QEMU_HVA + r.avail),
    logGuestAddr: 0n,
  });
  fe.send(VU.VHOST_USER_SET_VRING_KICK, { kind: 'u64', u64: BigInt(i) }, [fds.kick[i]!]);
  fe.send(VU.VHOST_USER_SET_VRING_CALL, { kind: 'u64', u64: BigInt(i) }, [fds.call[i]!]);
}

/** VIRTIO_NET_F_MQ, acked with more than one queue pair. */
export const MQ = 1n << 22n;

/** The guest's DRIVER_OK: vhost_net_start in the era's order, per queue pair. */
export function* qemuStart(ctx: ActorContext, fe: ScriptedFrontEnd, era: VuEra, fds: QemuFds, acks: bigint[], base = [0, 0, 0, 0], pairs = 1): Gen<void> {
  const features = pairs > 1 ? ACKED_FEATURES | MQ : ACKED_FEATURES;
  if (era === 'modern') {
    // QEMU 7.2 enables the rings while the guest probes (peer_attach), before the start.
    for (let i = 0; i < 2 * pairs; i++) fe.send(VU.VHOST_USER_SET_VRING_ENABLE, { kind: 'state', index: i, num: 1 });
  }
  for (let qp = 0; qp < pairs; qp++) {
    fe.send(VU.VHOST_USER_SET_FEATURES, { kind: 'u64', u64: features });
    if (era === 'modern') {
      fe.send(VU.VHOST_USER_GET_STATUS, { kind: 'none' });
      yield* fe.reply(ctx);
      fe.send(VU.VHOST_USER_SET_STATUS, { kind: 'u64', u64: 0xbn });
    }
    fe.send(VU.VHOST_USER_SET_MEM_TABLE, memTable(), [fds.ram], true);
    acks.push((yield* fe.reply(ctx))!.u64);
    for (let i = 2 * qp; i < 2 * qp + 2; i++) qemuVringStart(fe, i, base[i]!, fds);
    if (era === 'seed') {
      for (let i = 2 * qp; i < 2 * qp + 2; i++) fe.send(VU.VHOST_USER_SET_VRING_ENABLE, { kind: 'state', index: i, num: 1 });
    }
  }
  if (era === 'modern') {
    // vhost_user_dev_start for the last queue pair: DRIVER_OK.
    fe.send(VU.VHOST_USER_GET_STATUS, { kind: 'none' });
    yield* fe.reply(ctx);
    fe.send(VU.VHOST_USER_SET_STATUS, { kind: 'u64', u64: 0xfn });
  }
}
