/**
 * The overview's layout: every node placed once, inside its group, no two
 * boxes overlapping, groups in their fixed order, no link drawn through a
 * node it does not join, and the same picture every time. Checked on the
 * scenario's real topologies (TX and RX) in both orientations and in every
 * language mode, and on random topologies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TopoGroup, TopoNode, TopoRole, Topology } from '@/engine/scenarios/world';
import { runFlow } from '@/engine/testing/run';
import type { LangMode } from '../i18n/ui-text';
import { sample } from './geometry';
import { groupLabelSize, linesSize, nodeLines } from './label';
import { GROUP_ORDER, fitInOrder, layoutTopology, type Orientation, type TopoLayout } from './layout';

const ORIENTATIONS: readonly Orientation[] = ['columns', 'bands'];

function layout(topology: Topology, orientation: Orientation, mode: LangMode = 'en'): TopoLayout {
  return layoutTopology({
    topology,
    orientation,
    nodeSize: (n) => linesSize(nodeLines(n, mode)),
    labelSize: (g) => groupLabelSize(g, mode),
  });
}

type Box = { x: number; y: number; w: number; h: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, outer: Box) => a.x >= outer.x && a.y >= outer.y && a.x + a.w <= outer.x + outer.w && a.y + a.h <= outer.y + outer.h;
const strictlyIn = (p: { x: number; y: number }, b: Box) => p.x > b.x + 0.5 && p.x < b.x + b.w - 0.5 && p.y > b.y + 0.5 && p.y < b.y + b.h - 0.5;

/** Every property the view relies on. */
function expectSound(topology: Topology, l: TopoLayout): void {
  const ids = [...new Set(topology.nodes.map((n) => n.id))];
  // Every node placed, once.
  expect(l.nodes.map((p) => p.node.id).sort()).toEqual([...ids].sort());
  const frame = { x: 0, y: 0, w: l.width, h: l.height };
  for (const p of l.nodes) {
    expect(Number.isFinite(p.x + p.y + p.w + p.h), p.node.id).toBe(true);
    // Inside its group's box, and the group inside the picture.
    const g = l.groups.find((q) => q.group === p.node.group)!;
    expect(inside(p, g), `${p.node.id} in ${g.group}`).toBe(true);
    expect(inside(g, frame), g.group).toBe(true);
  }
  // No two nodes overlap, nor two groups.
  for (let i = 0; i < l.nodes.length; i++)
    for (let j = i + 1; j < l.nodes.length; j++) expect(overlap(l.nodes[i]!, l.nodes[j]!), `${l.nodes[i]!.node.id} / ${l.nodes[j]!.node.id}`).toBe(false);
  for (let i = 0; i < l.groups.length; i++) for (let j = i + 1; j < l.groups.length; j++) expect(overlap(l.groups[i]!, l.groups[j]!)).toBe(false);
  // Groups in their fixed order, left to right or top to bottom.
  const present = GROUP_ORDER.filter((g) => topology.nodes.some((n) => n.group === g));
  expect(l.groups.map((g) => g.group)).toEqual(present);
  for (let i = 1; i < l.groups.length; i++) {
    const [a, b] = [l.groups[i - 1]!, l.groups[i]!];
    if (l.orientation === 'columns') expect(a.x + a.w).toBeLessThan(b.x);
    else expect(a.y + a.h).toBeLessThan(b.y);
  }
  // Every link drawn, starting on its `from` node and ending on its `to` node, through no other node, inside the picture.
  for (const link of l.links) {
    const a = l.nodes.find((p) => p.node.id === link.from)!;
    const b = l.nodes.find((p) => p.node.id === link.to)!;
    const { points } = sample(link.segments, 12);
    const near = (p: { x: number; y: number }, box: Box) => p.x >= box.x - 0.5 && p.x <= box.x + box.w + 0.5 && p.y >= box.y - 0.5 && p.y <= box.y + box.h + 0.5;
    expect(near(points[0]!, a), `${link.from} → ${link.to} starts on ${link.from}`).toBe(true);
    expect(near(points[points.length - 1]!, b), `${link.from} → ${link.to} ends on ${link.to}`).toBe(true);
    for (const p of points) {
      expect(strictlyIn(p, frame), `${link.from} → ${link.to} inside the picture`).toBe(true);
      for (const other of l.nodes)
        if (other !== a && other !== b) expect(strictlyIn(p, other), `${link.from} → ${link.to} crosses ${other.node.id}`).toBe(false);
    }
  }
}

describe('layoutTopology on the scenario', () => {
  const tx = runFlow({ packets: 2 }).world.info.topology;
  const rx = runFlow({ dir: 'rx', qsize: 8, packets: 2 }).world.info.topology;

  for (const [name, topology] of [
    ['tx', tx],
    ['rx', rx],
  ] as const)
    for (const orientation of ORIENTATIONS)
      for (const mode of ['en', 'zh', 'both'] as const)
        it(`${name}, ${orientation}, ${mode}: every node placed, no overlaps, groups ordered, links clear of other nodes`, () => {
          const l = layout(topology, orientation, mode);
          expectSound(topology, l);
          expect(l.links).toHaveLength(topology.links.length);
        });

  it('is deterministic', () => {
    for (const o of ORIENTATIONS) expect(layout(tx, o)).toEqual(layout(structuredClone(tx), o));
  });

  it('splits a group whose nodes link to each other, so those links cross between sub-layers', () => {
    const l = layout(tx, 'columns');
    const layerOf = (id: string) => l.nodes.find((p) => p.node.id === id)!.layer;
    for (const link of tx.links) {
      const [a, b] = [tx.nodes.find((n) => n.id === link.from)!, tx.nodes.find((n) => n.id === link.to)!];
      if (a.group === b.group) expect(layerOf(a.id), `${a.id} / ${b.id}`).not.toBe(layerOf(b.id));
    }
  });

  it('columns are wider than tall, bands taller than wide', () => {
    const c = layout(tx, 'columns');
    const b = layout(tx, 'bands');
    expect(c.width).toBeGreaterThan(c.height);
    expect(b.height).toBeGreaterThan(b.width);
    // Narrow enough to stay legible on a phone (about 350 px of panel).
    expect(b.width).toBeLessThan(520);
  });
});

describe('layoutTopology on random topologies', () => {
  const ROLES: readonly TopoRole[] = ['vcpu', 'vring', 'buffers', 'ioeventfd', 'kick-eventfd', 'call-eventfd', 'irqfd', 'lapic', 'vhost-worker', 'tap', 'host-stack', 'qemu'];
  const topologies = fc
    .array(fc.record({ group: fc.constantFrom<TopoGroup>(...GROUP_ORDER), role: fc.constantFrom(...ROLES), name: fc.string({ maxLength: 20 }) }), { minLength: 1, maxLength: 14 })
    .chain((specs) => {
      const nodes: TopoNode[] = specs.map((s, i) => ({ id: `n${i}`, ...s, panel: null }));
      const pair = fc.tuple(fc.nat(nodes.length - 1), fc.nat(nodes.length - 1)).map(([a, b]) => ({ from: `n${a}`, to: `n${b}` }));
      return fc.array(pair, { maxLength: 24 }).map((links): Topology => ({ nodes, links }));
    });

  for (const orientation of ORIENTATIONS)
    it(`${orientation}: sound for any groups and links (self links, duplicates, odd cycles included)`, () => {
      fc.assert(
        fc.property(topologies, (topology) => {
          const l = layout(topology, orientation);
          expectSound(topology, l);
        }),
        { numRuns: 150, seed: 20241 },
      );
    });
});

describe('fitInOrder', () => {
  it('keeps order and gaps, and moves nothing that already fits', () => {
    expect(fitInOrder([0, 50, 100], [1, 1, 1], [10, 10])).toEqual([0, 50, 100]);
    const p = fitInOrder([10, 10, 10], [1, 1, 1], [20, 20]);
    expect(p).toEqual([-10, 10, 30]);
    const q = fitInOrder([0, 5, 100], [2, 1, 1], [30, 30]);
    expect(q[1]! - q[0]!).toBeGreaterThanOrEqual(30 - 1e-9);
    expect(q[2]).toBe(100);
  });
});
