/** The DPDK back-end against the QEMU front-end model (engine/qemu/vhost-user): both eras, both topologies, one and two queue pairs. */
import { describe, expect, it } from 'vitest';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import type { ArenaLayout } from '../../mem/arena';
import { Bench, GUEST_ACKED, runActors, SOCK } from '../../qemu/vhost-user/test-peer';
import { DpdkVhost } from '../../ovs/netdev-dpdk';
import { seed000LogTail } from './test-peer';

function boot(era: VuEra, qemuRole: 'server' | 'client', pairs: number) {
  const b = new Bench(era, qemuRole, pairs);
  // The guest acks only what the device offers, and QEMU offers only what the back-end does: OVS withholds VIRTIO_NET_F_CSUM.
  (b.q as unknown as { cfg: { ackedFeatures: () => bigint } }).cfg.ackedFeatures = () => GUEST_ACKED & ~1n;
  const layout = (b as unknown as { layout: ArenaLayout }).layout;
  const dpdk = new DpdkVhost({ era, client: qemuRole === 'server', sockPath: SOCK, net: b.net, proc: b.dpdk, wire: b.wire, arena: b.arena, layout, maxVrings: 2 * pairs, clockSlot: b.clock });
  const initDone = b.slot();
  const stop = b.slot();
  const rets: { init?: number; start?: number } = {};
  const events = runActors(
    b.arena,
    b.clock,
    [
      { id: 'ovs-main', body: (ctx: ActorContext) => wrap(dpdk.addPort(ctx)) },
      { id: 'vhost-events', body: (ctx: ActorContext) => dpdk.eventsThread(ctx, stop) },
      { id: 'vhost_reconn', body: (ctx: ActorContext) => dpdk.reconnectThread(ctx, stop) },
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
          // OVS does not offer VIRTIO_NET_F_CSUM, so the guest cannot ack it.
          yield* b.q.setFeatures(ctx, GUEST_ACKED & ~1n);
          b.driverOk = true;
          rets.start = yield* b.q.start(ctx);
        },
      },
    ],
    6,
  );
  return { b, dpdk, events, rets };
}

/** The runner's actors return nothing; addPort returns its status. */
function* wrap(g: Gen<number>): Gen<void> {
  yield* g;
}

const lines = (ev: Array<{ type: string; f: unknown }>) => ev.filter((e) => e.type === 'dpdk_log').map((e) => (e.f as { text: string }).text);

describe('DPDK back-end with the QEMU front-end', () => {
  for (const era of ['seed', 'modern'] as const)
    for (const role of ['server', 'client'] as const)
      for (const pairs of [1, 2])
        it(`${era}, QEMU ${role}, ${pairs} queue pair(s): negotiates to a running device`, () => {
          const r = boot(era, role, pairs);
          expect(r.rets).toEqual({ init: 0, start: 0 });
          expect(r.events.filter((e) => e.type === 'vu_reject')).toEqual([]);
          const v = r.dpdk.view();
          expect(v.flags & 1).toBe(1);
          expect(v.vrings).toHaveLength(2 * pairs);
          expect(lines(r.events).filter((l) => l.endsWith('virtio is now ready for processing.'))).toHaveLength(1);
          // Every message QEMU wrote was read by DPDK under the same id.
          const sent = r.events.filter((e) => e.type === 'vu_send' && (e.f as { from: string }).from === 'qemu').map((e) => (e.f as { msg: number }).msg);
          const read = r.events.filter((e) => e.type === 'vu_recv' && (e.f as { by: string }).by === 'dpdk').map((e) => (e.f as { msg: number }).msg);
          expect(read).toEqual(sent);
          if (era === 'seed' && pairs === 1) {
            // The tail of seed 000's real VHOST_CONFIG log, with this run's fd numbers.
            const vq = v.vrings;
            expect(lines(r.events).slice(-11)).toEqual(seed000LogTail(vq[1]!.kickfd, vq[1]!.callfd));
          }
          if (era === 'modern') expect(lines(r.events).at(-1)).toBe(`VHOST_CONFIG: (${SOCK}) virtio is now ready for processing.`);
        });
});
