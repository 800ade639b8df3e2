/**
 * The overview is drawn from engine data: every token a beat sends travels a
 * link of the world's topology, between nodes built from the world's own
 * threads, fds and memory, and a kick and a call each walk their whole path.
 */
import { describe, expect, it } from 'vitest';
import { runFlow } from '../testing/run';
import { activityOf } from './flows';

const RUNS = [{ packets: 6 }, { dir: 'rx', qsize: 8, packets: 6 }, { packets: 8, eventIdx: false, txhdr: 'separate', indirect: true }];

describe('activityOf', () => {
  for (const o of RUNS) {
    it(`every flow uses a link of the topology, and every acting node exists: ${JSON.stringify(o)}`, () => {
      const s = runFlow(o);
      const { topology } = s.world.info;
      const ids = new Set(topology.nodes.map((n) => n.id));
      const linked = (a: string, b: string) => topology.links.some((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a));
      let flows = 0;
      for (const e of s.trace) {
        const a = activityOf(e, s.world.info);
        expect(ids.has(a.node), `${e.type}: ${a.node}`).toBe(true);
        for (const f of a.flows) {
          expect(linked(f.from, f.to), `${e.type}: ${f.from} -> ${f.to}`).toBe(true);
          flows++;
        }
      }
      expect(flows).toBeGreaterThan(s.trace.length / 3);
    });
  }

  it('the fd nodes are the fds QEMU really holds, and a kick and a call walk their whole paths', () => {
    const s = runFlow({ packets: 4 });
    const info = s.world.info;
    const fdNodes = info.topology.nodes.filter((n) => n.role === 'kick-eventfd' || n.role === 'call-eventfd').map((n) => n.id);
    expect(fdNodes.sort()).toEqual([`fd:${info.fds.kick}`, `fd:${info.fds.call}`].sort());
    expect(s.world.live().fds.map((f) => f.fd)).toEqual(expect.arrayContaining([info.fds.kick, info.fds.call]));
    const hops = new Set(s.trace.flatMap((e) => activityOf(e, info).flows.map((f) => `${f.kind}:${f.from}>${f.to}`)));
    for (const hop of [
      'kick:vcpu0>ioeventfd',
      `kick:ioeventfd>fd:${info.fds.kick}`,
      `wake:fd:${info.fds.kick}>vhost`,
      `call:vhost>fd:${info.fds.call}`,
      `irq:fd:${info.fds.call}>irqfd`,
      'irq:irqfd>lapic',
      'irq:lapic>vcpu0',
      'copy:buffers>vhost',
      'copy:vhost>tap0',
      'desc-read:ring>vhost',
      'desc-write:vhost>ring',
    ])
      expect(hops, hop).toContain(hop);
  });
});
