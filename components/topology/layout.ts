/**
 * Where each component of a topology goes: a layered drawing (after
 * Sugiyama) whose layers are the topology's groups in a fixed order, guest |
 * guest RAM | KVM | host kernel | host user, as columns on a wide screen or
 * as bands stacked top to bottom on a narrow one. Nothing here knows a
 * scenario: it reads groups and links only, so a later scenario's topology
 * (vhost-user, vDPA) is drawn by the same code.
 *
 * 1. Layers. A group is one layer, or two when its own nodes link to each
 *    other (vhost → call eventfd inside the host kernel): those links are
 *    2-coloured so each crosses from one sub-layer to the next instead of
 *    running along a column through its neighbours.
 * 2. A link that skips layers gets a waypoint in every layer it crosses, so
 *    it passes between the nodes there, never through one.
 * 3. Order within a layer: barycenter sweeps plus neighbour swaps, keeping
 *    the order with the fewest crossings (ties keep the topology's order).
 * 4. Position along a layer: each node and waypoint is pulled toward the
 *    mean of its neighbours, under minimum gaps (an isotonic regression,
 *    solved exactly by pool-adjacent-violators), a few sweeps each way.
 * 5. Links are drawn straight through a layer and as S-curves across the
 *    gaps between layers, where no node is; ports spread along a node's side
 *    in the order of what they lead to.
 *
 * Pure and deterministic: the same topology and sizes give the same layout.
 * It runs once per run (and language and orientation), never per step.
 */
import type { TopoGroup, TopoNode, Topology } from '@/engine/scenarios/world';
import type { Cubic, Point } from './geometry';

/** Groups as columns left to right, or as bands top to bottom. */
export type Orientation = 'columns' | 'bands';

/** A width and a height. */
export interface Size {
  w: number;
  h: number;
}

/** The groups in the order they are drawn: the guest first, host processes last. */
export const GROUP_ORDER = ['guest', 'guest-ram', 'kvm', 'host-kernel', 'host-user'] as const satisfies readonly TopoGroup[];

// Every group has a place in the order (a group added to the engine fails to compile here).
const GROUP_RANK: Record<TopoGroup, number> = Object.fromEntries(GROUP_ORDER.map((g, i) => [g, i])) as Record<(typeof GROUP_ORDER)[number], number>;

/** A node with its box. */
export interface PlacedNode {
  node: TopoNode;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Its layer (0 = the first sub-layer of the first group). */
  layer: number;
}

/** A group's background box, and where its label goes (top left of the box). */
export interface PlacedGroup {
  group: TopoGroup;
  x: number;
  y: number;
  w: number;
  h: number;
  label: Point;
}

/** A link as drawn, from its `from` node to its `to` node. */
export interface PlacedLink {
  from: string;
  to: string;
  segments: Cubic[];
}

/** The whole picture. */
export interface TopoLayout {
  orientation: Orientation;
  width: number;
  height: number;
  nodes: PlacedNode[];
  groups: PlacedGroup[];
  links: PlacedLink[];
}

/** What the layout needs to know besides the topology. */
export interface LayoutInput {
  topology: Topology;
  orientation: Orientation;
  /** A node's box (its words decide it). */
  nodeSize: (node: TopoNode) => Size;
  /** A group label's box. */
  labelSize: (group: TopoGroup) => Size;
}

/** Gaps, in SVG user units. */
export const SPACING = {
  margin: 6,
  /** Room between a group's box and the nodes in it. */
  groupPad: 10,
  /** Between two groups' boxes. */
  groupGap: 34,
  /** Between the sub-layers of one group. */
  layerGap: 46,
  /** Along a layer: node to node (room for the function label under a node), node to waypoint, waypoint to waypoint. */
  nodeGap: 30,
  nodeToWaypoint: 12,
  waypointGap: 9,
  /** Between a group's label and its first node. */
  labelGap: 6,
} as const;

/** A node or a waypoint of a link, in one layer. */
interface Item {
  id: string;
  layer: number;
  real: boolean;
  /** Extent along the layer (the order axis) and across it (the layer axis). */
  ext: number;
  depth: number;
}

/** A link as a chain of items, one per layer it touches. */
interface Chain {
  from: string;
  to: string;
  items: string[];
}

/** Lay out `input.topology`. */
export function layoutTopology(input: LayoutInput): TopoLayout {
  const { orientation } = input;
  const cols = orientation === 'columns';
  const nodes = uniqueNodes(input.topology.nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = uniqueLinks(input.topology.links, byId);

  // 1. Layers.
  const { layerOf, groupLayers } = assignLayers(nodes, links);
  const layerCount = Math.max(0, ...[...groupLayers.values()].map(([, last]) => last + 1));

  // 2. Items: nodes and the waypoints of links that skip layers.
  const items = new Map<string, Item>();
  for (const n of nodes) {
    const s = input.nodeSize(n);
    items.set(n.id, { id: n.id, layer: layerOf.get(n.id)!, real: true, ext: cols ? s.h : s.w, depth: cols ? s.w : s.h });
  }
  const chains: Chain[] = [];
  const sameLayer: Chain[] = [];
  links.forEach((l, k) => {
    const a = layerOf.get(l.from)!;
    const b = layerOf.get(l.to)!;
    const chain: Chain = { from: l.from, to: l.to, items: [l.from] };
    const step = Math.sign(b - a);
    for (let layer = a + step; step !== 0 && layer !== b; layer += step) {
      const id = `~${k}@${layer}`;
      items.set(id, { id, layer, real: false, ext: 0, depth: 0 });
      chain.items.push(id);
    }
    chain.items.push(l.to);
    (a === b ? sameLayer : chains).push(chain);
  });

  // Neighbours in the layer before and the layer after.
  const before = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  for (const id of items.keys()) {
    before.set(id, []);
    after.set(id, []);
  }
  for (const c of chains)
    for (let i = 0; i + 1 < c.items.length; i++) {
      const [u, v] = [c.items[i]!, c.items[i + 1]!];
      const [lo, hi] = items.get(u)!.layer < items.get(v)!.layer ? [u, v] : [v, u];
      after.get(lo)!.push(hi);
      before.get(hi)!.push(lo);
    }

  // 3. Order within each layer.
  const initial: string[][] = Array.from({ length: layerCount }, () => []);
  for (const it of items.values()) initial[it.layer]!.push(it.id); // nodes in topology order, then waypoints in link order
  const order = orderLayers(initial, before, after);

  // 4. Positions along the layers (the order axis).
  const depthOf = layerDepths(order, items, groupLayers, input.labelSize, cols);
  const centre = placeAlongLayers(order, items, before, after);

  // The layer axis: groups in order, each with its label (bands) and its sub-layers.
  const labels = new Map<TopoGroup, Size>([...groupLayers.keys()].map((g) => [g, input.labelSize(g)]));
  const labelBand = cols ? Math.max(0, ...[...labels.values()].map((s) => s.h)) + SPACING.labelGap : 0;
  const layerStart: number[] = [];
  const groupSpan = new Map<TopoGroup, [number, number]>();
  let cursor = SPACING.margin;
  let firstGroup = true;
  for (const [g, [first, last]] of groupLayers) {
    if (!firstGroup) cursor += SPACING.groupGap;
    firstGroup = false;
    const start = cursor;
    cursor += SPACING.groupPad + (cols ? 0 : labels.get(g)!.h + SPACING.labelGap);
    for (let l = first; l <= last; l++) {
      if (l > first) cursor += SPACING.layerGap;
      layerStart[l] = cursor;
      cursor += depthOf[l]!;
    }
    cursor += SPACING.groupPad;
    groupSpan.set(g, [start, cursor]);
  }
  const layerEnd = cursor + SPACING.margin + (layerCount === 1 && sameLayer.length > 0 ? SPACING.layerGap : 0);

  // The order axis: shift so the first item starts after the margin, the pad and (columns) the label band.
  const orderStart = SPACING.margin + SPACING.groupPad + labelBand;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const it of items.values()) {
    lowest = Math.min(lowest, centre.get(it.id)! - it.ext / 2);
    highest = Math.max(highest, centre.get(it.id)! + it.ext / 2);
  }
  if (items.size === 0) lowest = highest = 0;
  const shift = orderStart - lowest;
  for (const [id, c] of centre) centre.set(id, c + shift);
  let orderEnd = highest + shift + SPACING.groupPad + SPACING.margin;
  if (!cols) orderEnd = Math.max(orderEnd, ...[...labels.values()].map((s) => s.w + 2 * (SPACING.margin + SPACING.groupPad)));

  // From (layer axis, order axis) to (x, y).
  const xy = (along: number, across: number): Point => (cols ? { x: along, y: across } : { x: across, y: along });

  const placed: PlacedNode[] = nodes.map((n) => {
    const it = items.get(n.id)!;
    const start = layerStart[it.layer]! + (depthOf[it.layer]! - it.depth) / 2;
    const corner = xy(start, centre.get(n.id)! - it.ext / 2);
    return { node: n, x: corner.x, y: corner.y, w: cols ? it.depth : it.ext, h: cols ? it.ext : it.depth, layer: it.layer };
  });

  const groups: PlacedGroup[] = [...groupSpan].map(([g, [a, b]]) => {
    const corner = xy(a, SPACING.margin);
    const far = xy(b, orderEnd - SPACING.margin);
    return { group: g, x: corner.x, y: corner.y, w: far.x - corner.x, h: far.y - corner.y, label: { x: corner.x + SPACING.groupPad, y: corner.y + SPACING.groupPad / 2 } };
  });

  const geometry: Geometry = { items, layerStart, depthOf, centre, xy, layerCount };
  const ports = assignPorts([...chains, ...sameLayer], geometry);
  const drawn: PlacedLink[] = [
    ...chains.map((c) => ({ from: c.from, to: c.to, segments: routeChain(c, ports, geometry) })),
    ...sameLayer.map((c) => ({ from: c.from, to: c.to, segments: routeSameLayer(c, ports, geometry) })),
  ];
  // Keep the topology's link order (tests and the DOM read better that way).
  const index = new Map(links.map((l, i) => [`${l.from}|${l.to}`, i]));
  drawn.sort((p, q) => index.get(`${p.from}|${p.to}`)! - index.get(`${q.from}|${q.to}`)!);

  const size = xy(layerEnd, orderEnd);
  return { orientation, width: Math.ceil(size.x), height: Math.ceil(size.y), nodes: placed, groups, links: drawn };
}

/** The first node of each id (a malformed topology must not break the page). */
function uniqueNodes(nodes: readonly TopoNode[]): TopoNode[] {
  const seen = new Set<string>();
  return nodes.filter((n) => !seen.has(n.id) && GROUP_RANK[n.group] !== undefined && seen.add(n.id));
}

/** Links between known, different nodes, each pair once. */
function uniqueLinks(links: Topology['links'], byId: ReadonlyMap<string, TopoNode>): Topology['links'] {
  const seen = new Set<string>();
  return links.filter((l) => {
    if (l.from === l.to || !byId.has(l.from) || !byId.has(l.to)) return false;
    const key = [l.from, l.to].sort().join('|');
    return !seen.has(key) && !!seen.add(key);
  });
}

/**
 * Each node's layer, and each group's first and last layer. A group's own
 * links are 2-coloured (breadth first); a component's colour with more links
 * toward earlier groups goes first. A link that closes an odd cycle stays
 * inside one layer (drawn as a bulge beside it).
 */
function assignLayers(nodes: readonly TopoNode[], links: Topology['links']) {
  const group = new Map(nodes.map((n) => [n.id, n.group]));
  const inGroup = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const lean = new Map<string, number>(nodes.map((n) => [n.id, 0])); // links to earlier groups minus links to later ones
  for (const l of links) {
    const [a, b] = [GROUP_RANK[group.get(l.from)!], GROUP_RANK[group.get(l.to)!]];
    if (a === b) {
      inGroup.get(l.from)!.push(l.to);
      inGroup.get(l.to)!.push(l.from);
    } else {
      lean.set(l.from, lean.get(l.from)! + (b < a ? 1 : -1));
      lean.set(l.to, lean.get(l.to)! + (a < b ? 1 : -1));
    }
  }

  const sub = new Map<string, number>();
  for (const n of nodes) {
    if (sub.has(n.id) || inGroup.get(n.id)!.length === 0) continue;
    const colour = new Map<string, number>([[n.id, 0]]);
    const queue = [n.id];
    while (queue.length) {
      const u = queue.shift()!;
      for (const v of inGroup.get(u)!)
        if (!colour.has(v)) {
          colour.set(v, 1 - colour.get(u)!);
          queue.push(v);
        }
    }
    const score = [0, 0];
    for (const [id, c] of colour) score[c]! += lean.get(id)!;
    const flip = score[1]! > score[0]! ? 1 : 0;
    for (const [id, c] of colour) sub.set(id, c ^ flip);
  }

  const layerOf = new Map<string, number>();
  const groupLayers = new Map<TopoGroup, [number, number]>();
  let base = 0;
  for (const g of GROUP_ORDER) {
    const members = nodes.filter((n) => n.group === g);
    if (members.length === 0) continue;
    const two = members.some((n) => sub.get(n.id) === 1);
    for (const n of members) {
      // A node with no link inside its group sits on the side where more of its links go.
      const s = sub.get(n.id) ?? (two && lean.get(n.id)! < 0 ? 1 : 0);
      layerOf.set(n.id, base + s);
    }
    groupLayers.set(g, [base, base + (two ? 1 : 0)]);
    base += two ? 2 : 1;
  }
  return { layerOf, groupLayers };
}

/** Crossings between layer `l` and layer `l + 1`. */
function crossingsBetween(upper: readonly string[], lower: readonly string[], after: ReadonlyMap<string, string[]>): number {
  const at = new Map(lower.map((id, i) => [id, i]));
  const edges: Array<[number, number]> = [];
  upper.forEach((u, i) => {
    for (const v of after.get(u)!) edges.push([i, at.get(v)!]);
  });
  let n = 0;
  for (let i = 0; i < edges.length; i++)
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = edges[i]!;
      const [c, d] = edges[j]!;
      if ((a - c) * (b - d) < 0) n++;
    }
  return n;
}

function crossings(order: readonly string[][], after: ReadonlyMap<string, string[]>): number {
  let n = 0;
  for (let l = 0; l + 1 < order.length; l++) n += crossingsBetween(order[l]!, order[l + 1]!, after);
  return n;
}

/** Sort `layer` by the mean position of each item's neighbours in `ref` (items without any keep their place). */
function byBarycenter(layer: readonly string[], ref: readonly string[], neighbours: ReadonlyMap<string, string[]>): string[] {
  const at = new Map(ref.map((id, i) => [id, i]));
  const key = new Map(
    layer.map((id, i) => {
      const ns = neighbours.get(id)!;
      return [id, ns.length ? ns.reduce((s, v) => s + at.get(v)!, 0) / ns.length : i];
    }),
  );
  return layer
    .map((id, i) => ({ id, i }))
    .sort((p, q) => key.get(p.id)! - key.get(q.id)! || p.i - q.i)
    .map((p) => p.id);
}

/** Swap neighbours in a layer while that removes crossings. */
function transpose(order: string[][], after: ReadonlyMap<string, string[]>): void {
  const local = (l: number) =>
    (l > 0 ? crossingsBetween(order[l - 1]!, order[l]!, after) : 0) + (l + 1 < order.length ? crossingsBetween(order[l]!, order[l + 1]!, after) : 0);
  for (let pass = 0, improved = true; improved && pass < 4; pass++) {
    improved = false;
    for (let l = 0; l < order.length; l++) {
      const layer = order[l]!;
      for (let i = 0; i + 1 < layer.length; i++) {
        const was = local(l);
        [layer[i], layer[i + 1]] = [layer[i + 1]!, layer[i]!];
        if (local(l) < was) improved = true;
        else [layer[i], layer[i + 1]] = [layer[i + 1]!, layer[i]!];
      }
    }
  }
}

const SWEEPS = 8;

/** The order of items in each layer with the fewest crossings found. */
function orderLayers(initial: readonly string[][], before: ReadonlyMap<string, string[]>, after: ReadonlyMap<string, string[]>): string[][] {
  let order = initial.map((l) => [...l]);
  let best = order.map((l) => [...l]);
  let fewest = crossings(order, after);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    const down = sweep % 2 === 0;
    if (down) for (let l = 1; l < order.length; l++) order[l] = byBarycenter(order[l]!, order[l - 1]!, before);
    else for (let l = order.length - 2; l >= 0; l--) order[l] = byBarycenter(order[l]!, order[l + 1]!, after);
    transpose(order, after);
    const n = crossings(order, after);
    if (n < fewest) {
      fewest = n;
      best = order.map((l) => [...l]);
    }
  }
  order = best;
  return order;
}

/** Each layer's depth: its widest node, widened so a group (columns) is at least as wide as its label. */
function layerDepths(
  order: readonly string[][],
  items: ReadonlyMap<string, Item>,
  groupLayers: ReadonlyMap<TopoGroup, [number, number]>,
  labelSize: (g: TopoGroup) => Size,
  cols: boolean,
): number[] {
  const depth = order.map((layer) => Math.max(0, ...layer.map((id) => items.get(id)!.depth)));
  if (!cols) return depth;
  for (const [g, [first, last]] of groupLayers) {
    const span = depth.slice(first, last + 1).reduce((s, d) => s + d, 0) + (last - first) * SPACING.layerGap;
    const short = labelSize(g).w - span;
    if (short > 0) for (let l = first; l <= last; l++) depth[l]! += short / (last - first + 1);
  }
  return depth;
}

/** The least gap between the centres of two neighbours along a layer. */
function separation(a: Item, b: Item): number {
  const gap = a.real && b.real ? SPACING.nodeGap : a.real || b.real ? SPACING.nodeToWaypoint : SPACING.waypointGap;
  return a.ext / 2 + b.ext / 2 + gap;
}

/**
 * The positions nearest to `want` (weighted least squares) that keep the
 * items in order and at least `sep[i]` apart: with q[i] = p[i] - offset[i]
 * the gaps become q non-decreasing, an isotonic regression, which
 * pool-adjacent-violators solves exactly.
 */
export function fitInOrder(want: readonly number[], weight: readonly number[], sep: readonly number[]): number[] {
  const offset = [0];
  for (let i = 1; i < want.length; i++) offset.push(offset[i - 1]! + sep[i - 1]!);
  const blocks: Array<{ sum: number; w: number; n: number }> = [];
  want.forEach((d, i) => {
    blocks.push({ sum: weight[i]! * (d - offset[i]!), w: weight[i]!, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.w <= b.sum / b.w) break;
      blocks.splice(-2, 2, { sum: a.sum + b.sum, w: a.w + b.w, n: a.n + b.n });
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) out.push(b.sum / b.w + offset[out.length]!);
  return out;
}

const PLACEMENT_SWEEPS = 6;

/** The centre of every item along its layer. */
function placeAlongLayers(
  order: readonly string[][],
  items: ReadonlyMap<string, Item>,
  before: ReadonlyMap<string, string[]>,
  after: ReadonlyMap<string, string[]>,
): Map<string, number> {
  const centre = new Map<string, number>();
  for (const layer of order) {
    let p = 0;
    layer.forEach((id, i) => {
      if (i > 0) p += separation(items.get(layer[i - 1]!)!, items.get(id)!);
      centre.set(id, p);
    });
    for (const id of layer) centre.set(id, centre.get(id)! - p / 2); // each layer centred on 0
  }
  const fit = (l: number, sides: ReadonlyArray<ReadonlyMap<string, string[]>>) => {
    const layer = order[l]!;
    const want = layer.map((id) => {
      const ns = sides.flatMap((s) => s.get(id)!);
      return ns.length ? ns.reduce((s, v) => s + centre.get(v)!, 0) / ns.length : centre.get(id)!;
    });
    // Nodes hold their ground more than waypoints do: a bent link costs less than a displaced box.
    const weight = layer.map((id) => (items.get(id)!.real ? 2 : 1));
    const sep = layer.slice(1).map((id, i) => separation(items.get(layer[i]!)!, items.get(id)!));
    fitInOrder(want, weight, sep).forEach((p, i) => centre.set(layer[i]!, p));
  };
  for (let sweep = 0; sweep < PLACEMENT_SWEEPS; sweep++) {
    const both = sweep >= PLACEMENT_SWEEPS - 2;
    for (let l = 1; l < order.length; l++) fit(l, both ? [before, after] : [before]);
    for (let l = order.length - 2; l >= 0; l--) fit(l, both ? [before, after] : [after]);
  }
  return centre;
}

interface Geometry {
  items: ReadonlyMap<string, Item>;
  layerStart: readonly number[];
  depthOf: readonly number[];
  centre: ReadonlyMap<string, number>;
  xy: (along: number, across: number) => Point;
  layerCount: number;
}

/** The side a link inside one layer bulges out to: the gap after the layer, or before the last one (a lone layer: after, in room kept for it). */
function bulgeSide(layer: number, g: Geometry): 1 | -1 {
  return layer + 1 < g.layerCount || layer === 0 ? 1 : -1;
}

/** Where each link end meets its node along the order axis, keyed `node>next item`. */
function assignPorts(chains: readonly Chain[], g: Geometry): Map<string, number> {
  // Ends grouped by node and side (toward earlier or later layers), with the item each leads to.
  const sides = new Map<string, Array<{ key: string; toward: number }>>();
  const add = (node: string, next: string, sameLayer: boolean) => {
    const a = g.items.get(node)!;
    const b = g.items.get(next)!;
    const side = (sameLayer ? bulgeSide(a.layer, g) > 0 : b.layer > a.layer) ? 'after' : 'before';
    const list = sides.get(`${node}/${side}`) ?? [];
    list.push({ key: `${node}>${next}`, toward: g.centre.get(next)! });
    sides.set(`${node}/${side}`, list);
  };
  for (const c of chains) {
    const same = c.items.length === 2 && g.items.get(c.from)!.layer === g.items.get(c.to)!.layer;
    add(c.from, c.items[1]!, same);
    add(c.to, c.items[c.items.length - 2]!, same);
  }
  const ports = new Map<string, number>();
  for (const [k, ends] of sides) {
    const node = g.items.get(k.slice(0, k.lastIndexOf('/')))!;
    ends.sort((p, q) => p.toward - q.toward);
    const spacing = ends.length > 1 ? Math.min(12, (node.ext * 0.6) / (ends.length - 1)) : 0;
    ends.forEach((e, i) => ports.set(e.key, g.centre.get(node.id)! + (i - (ends.length - 1) / 2) * spacing));
  }
  return ports;
}

/** A straight segment. */
function line(a: Point, b: Point): Cubic {
  return { from: a, c1: a, c2: b, to: b };
}

/** Where `item` meets its layer's edge (`side` +1: the far edge, -1: the near one), and its own box edge. */
function edges(item: Item, side: number, g: Geometry): { layerEdge: number; boxEdge: number } {
  const start = g.layerStart[item.layer]!;
  const depth = g.depthOf[item.layer]!;
  const layerEdge = side > 0 ? start + depth : start;
  const inset = (depth - item.depth) / 2;
  return { layerEdge, boxEdge: side > 0 ? start + depth - inset : start + inset };
}

/** A link across layers: out of its node to the layer's edge, S-curves across gaps, straight through waypoints' layers. */
function routeChain(c: Chain, ports: ReadonlyMap<string, number>, g: Geometry): Cubic[] {
  // Points along the way as (layer axis, order axis).
  const pts: Array<[number, number]> = [];
  const n = c.items.length;
  const dir = Math.sign(g.items.get(c.to)!.layer - g.items.get(c.from)!.layer);
  c.items.forEach((id, i) => {
    const it = g.items.get(id)!;
    if (it.real) {
      const next = i === 0 ? c.items[1]! : c.items[n - 2]!;
      const across = ports.get(`${id}>${next}`)!;
      const side = i === 0 ? dir : -dir;
      const e = edges(it, side, g);
      if (i === 0) pts.push([e.boxEdge, across], [e.layerEdge, across]);
      else pts.push([e.layerEdge, across], [e.boxEdge, across]);
    } else {
      pts.push([edges(it, -dir, g).layerEdge, g.centre.get(id)!], [edges(it, dir, g).layerEdge, g.centre.get(id)!]);
    }
  });
  const segments: Cubic[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const [a0, a1] = pts[i]!;
    const [b0, b1] = pts[i + 1]!;
    if (a0 === b0 && a1 === b1) continue;
    if (a1 === b1) segments.push(line(g.xy(a0, a1), g.xy(b0, b1)));
    else {
      const mid = (a0 + b0) / 2;
      segments.push({ from: g.xy(a0, a1), c1: g.xy(mid, a1), c2: g.xy(mid, b1), to: g.xy(b0, b1) });
    }
  }
  return segments;
}

/** A link inside one layer: out to the layer's far edge on both ends, joined by a bulge into the gap beyond. */
function routeSameLayer(c: Chain, ports: ReadonlyMap<string, number>, g: Geometry): Cubic[] {
  const a = g.items.get(c.from)!;
  const b = g.items.get(c.to)!;
  const pa = ports.get(`${c.from}>${c.to}`)!;
  const pb = ports.get(`${c.to}>${c.from}`)!;
  const side = bulgeSide(a.layer, g);
  const ea = edges(a, side, g);
  const eb = edges(b, side, g);
  const bulge = ea.layerEdge + side * SPACING.layerGap * 0.6;
  return [
    line(g.xy(ea.boxEdge, pa), g.xy(ea.layerEdge, pa)),
    { from: g.xy(ea.layerEdge, pa), c1: g.xy(bulge, pa), c2: g.xy(bulge, pb), to: g.xy(eb.layerEdge, pb) },
    line(g.xy(eb.layerEdge, pb), g.xy(eb.boxEdge, pb)),
  ].filter((s) => s.from.x !== s.to.x || s.from.y !== s.to.y);
}
