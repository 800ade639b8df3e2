/**
 * The vhost-user walkthrough end to end: QEMU's front-end and DPDK's back-end
 * (inside OVS) negotiate over the modelled socket in both eras and both
 * topologies, the guest's frames come back exactly once, faults are refused
 * without half-applying anything, and a port delete/re-add resumes the rings
 * from the saved vring base.
 */
import { describe, expect, it } from 'vitest';
import { decodeVhostUserMsg } from '../abi/vhost-user';
import type { Session } from '../session/session';
import { memoryHash, runScenario } from '../testing/run';
import type { TraceEvent } from '../trace/events';
import { fromHex } from '../vhost-user/wire';
import type { VhostUserLive } from './world';

function run(options: Record<string, unknown>): { s: Session; trace: TraceEvent[]; live: VhostUserLive } {
  const s = runScenario('vhost-user', options);
  return { s, trace: s.trace, live: s.snapshot() as unknown as VhostUserLive };
}
const sends = (t: TraceEvent[], from: 'qemu' | 'dpdk') => t.flatMap((e) => (e.type === 'vu_send' && e.f.from === from && !e.f.reply ? [e.f.name.replace('VHOST_USER_', '')] : []));
const logs = (t: TraceEvent[]) => t.flatMap((e) => (e.type === 'dpdk_log' ? [e.f.text] : []));

describe('vhost-user scenario', () => {
  for (const era of ['seed', 'modern'] as const)
    for (const topology of ['qemu-server', 'dpdk-server'] as const)
      for (const queues of [1, 2])
        it(`${era}, ${topology}, ${queues} pair(s): every frame the guest sends comes back exactly once`, () => {
          const { live, trace } = run({ era, topology, queues, frames: 3 });
          expect(live.traffic).toEqual({ sent: 3, forwarded: 3, received: 3 });
          expect(live.dpdk.flags & 1).toBe(1); // VIRTIO_DEV_RUNNING
          expect(live.dpdk.vrings.every((q) => q.ready)).toBe(true);
          expect(trace.filter((e) => e.type === 'vu_reject')).toEqual([]);
          // Every message written is read once, under its own id.
          const sent = trace.flatMap((e) => (e.type === 'vu_send' ? [e.f.msg] : []));
          const read = trace.flatMap((e) => (e.type === 'vu_recv' ? [e.f.msg] : []));
          expect([...read].sort((a, b) => a - b)).toEqual([...sent].sort((a, b) => a - b));
        });

  it('each era sends its own order: 7.2 adds SET_VRING_ERR and STATUS and enables the rings before vhost_net_start_one; 5.0 enables them after', () => {
    const seed = sends(run({}).trace, 'qemu');
    const modern = sends(run({ era: 'modern' }).trace, 'qemu');
    expect(seed.slice(0, 10)).toEqual(['GET_FEATURES', 'GET_PROTOCOL_FEATURES', 'SET_PROTOCOL_FEATURES', 'GET_QUEUE_NUM', 'SET_SLAVE_REQ_FD', 'SET_OWNER', 'GET_FEATURES', 'SET_VRING_CALL', 'SET_VRING_CALL', 'SET_VRING_ENABLE']);
    expect(seed).not.toContain('SET_VRING_ERR');
    expect(seed).not.toContain('SET_STATUS');
    expect(modern).toContain('SET_VRING_ERR');
    expect(modern.filter((n) => n === 'SET_STATUS').length).toBeGreaterThanOrEqual(2);
    const after = (list: string[], a: string) => list.slice(list.lastIndexOf(a) + 1);
    // 5.0: the last ring's CALL, then SET_VRING_ENABLE; 7.2: SET_VRING_ENABLE, then SET_FEATURES and the rings.
    expect(after(seed, 'SET_VRING_CALL')[0]).toBe('SET_VRING_ENABLE');
    expect(modern[modern.indexOf('SET_FEATURES') - 1]).toBe('SET_VRING_ENABLE');
  });

  it("19.11 says the device is ready right after the last ring's KICK (seed 000's log); 22.11 waits for DRIVER_OK and prefixes the socket path", () => {
    const seed = logs(run({}).trace);
    const i = seed.indexOf('VHOST_CONFIG: virtio is now ready for processing.');
    expect(i).toBeGreaterThan(0);
    expect(seed[i - 1]).toMatch(/^VHOST_CONFIG: vring kick idx:1 file:\d+$/);
    const modern = logs(run({ era: 'modern' }).trace);
    expect(modern.every((l) => l.startsWith('VHOST_CONFIG: (/var/run/openvswitch/vhost-user0) '))).toBe(true);
    const ready = modern.findIndex((l) => l.endsWith('virtio is now ready for processing.'));
    expect(modern.slice(0, ready).some((l) => l.endsWith('-DRIVER_OK: 1'))).toBe(true);
  });

  it('the bytes on the wire decode as the messages they claim to be, with one fd per region and per ring fd', () => {
    const { trace } = run({ era: 'modern' });
    for (const e of trace) {
      if (e.type !== 'vu_send' || e.f.from !== 'qemu') continue;
      const bytes = fromHex(e.f.hex)!;
      const d = decodeVhostUserMsg(bytes, e.f.fds, '22.11');
      expect(d.ok, e.f.name).toBe(true);
      if (d.ok) expect(d.msg.request).toBe(e.f.request);
    }
    const mem = trace.find((e) => e.type === 'vu_send' && e.f.name === 'VHOST_USER_SET_MEM_TABLE');
    expect(mem?.type === 'vu_send' && mem.f.fds.length).toBe(1);
  });

  for (const fault of ['fd-count', 'vring-index', 'size-too-large', 'unhandled-request'] as const)
    it(`a ${fault} message is refused, the connection closed and the device destroyed, and after the client reconnects the frames still flow`, () => {
      const { trace, live } = run({ era: 'modern', fault });
      const inj = trace.findIndex((e) => e.type === 'vu_fault_injected');
      const rej = trace.findIndex((e) => e.type === 'vu_reject');
      expect(inj).toBeGreaterThanOrEqual(0);
      expect(rej).toBeGreaterThan(inj);
      const r = trace[rej]!;
      expect(r.type === 'vu_reject' && r.f.closes).toBe(true);
      // QEMU finds the socket closed (a failed read or its hang-up watch), closes its end, and a new connection follows.
      const after = trace.slice(rej);
      const closed = after.findIndex((e) => e.type === 'vu_socket' && e.f.who === 'qemu' && (e.f.op === 'close' || e.f.op === 'hup'));
      expect(closed).toBeGreaterThan(0);
      expect(after.slice(closed).some((e) => e.type === 'vu_socket' && (e.f.op === 'accept' || e.f.op === 'connect'))).toBe(true);
      expect(live.traffic).toEqual({ sent: 2, forwarded: 2, received: 2 });
    });

  it('region-overflow goes out with NEED_REPLY (REPLY_ACK), so DPDK answers with a failure and keeps no memory table; QEMU gives up on vhost', () => {
    const { trace, live } = run({ era: 'modern', fault: 'region-overflow' });
    const r = trace.find((e) => e.type === 'vu_reject');
    expect(r?.type === 'vu_reject' && r.f.nack && !r.f.closes).toBe(true);
    expect(live.dpdk.regions).toEqual([]);
    expect(live.traffic.forwarded).toBe(0);
  });

  for (const topology of ['qemu-server', 'dpdk-server'] as const)
    it(`${topology}: OVS deletes and re-adds the port; the frame sent meanwhile waits in the ring and goes out after the reconnect`, () => {
      const { trace, live } = run({ era: 'modern', topology, disconnect: true, frames: 2 });
      expect(live.traffic).toEqual({ sent: 3, forwarded: 3, received: 3 });
      expect(trace.filter((e) => e.type === 'vu_notify_app' && e.f.op === 'new_device')).toHaveLength(2);
      // The second negotiation's SET_VRING_BASE for the TX ring carries the index the first one reached.
      const bases = trace.flatMap((e) => (e.type === 'vu_send' && e.f.name === 'VHOST_USER_SET_VRING_BASE' ? [fromHex(e.f.hex)!] : []));
      const txBases = bases.map((b) => new DataView(b.buffer).getUint32(12, true) === 1 ? new DataView(b.buffer).getUint32(16, true) : null).filter((v) => v !== null);
      expect(txBases).toEqual([0, 2]);
    });

  it('seeking back and forth lands on byte-identical memory', () => {
    const { s } = run({ era: 'modern', queues: 2, disconnect: true });
    const at = (n: number) => (s.seek(n), memoryHash(s));
    const mid = Math.floor(s.length / 2);
    const a = at(mid);
    at(0);
    at(s.length);
    expect(at(mid)).toBe(a);
  });
});
