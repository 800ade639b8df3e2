/**
 * Where each buffer chain is at a step, read from the trace prefix: the
 * driver builds it in the descriptor table, publishes it in the avail ring,
 * vhost pops it, pushes it to the used ring, and the driver reclaims it.
 * Ring memory is never cleared, so "whose is this entry now" comes from the
 * events, not from the bytes.
 */
import type { TraceEvent } from '@/engine/trace/events';

/** The stages of a chain's life, in order. */
export type ChainStage = 'building' | 'avail' | 'device' | 'rejected' | 'used' | 'reclaiming';

/** One buffer chain in flight. */
export interface Chain {
  /** Unique per buffer lifetime (a reused head gets a new key): the animation identity. */
  key: number;
  /** Head descriptor index (the id the used ring returns). */
  head: number;
  /** Main-table descriptors of the chain, in order (one when indirect). */
  descs: number[];
  /** The indirect table behind the head, if any. */
  indirect: { table: number; count: number } | null;
  /** Frame (TX) or buffer/frame number (RX) the chain carries, when known. */
  pkt: number | null;
  stage: ChainStage;
  availSlot: number | null;
  usedSlot: number | null;
}

/** What the walk knows after the prefix: live chains and the context of the last event. */
export interface ChainWalk {
  chains: Chain[];
  /** The chain the last event concerned (before that event removed it, for detach_buf). */
  current: Chain | null;
  /** The indirect table the last event concerned, if any. */
  indirect: { table: number; count: number } | null;
}

/** Walk `trace[0..step)` (queue of `num` entries) and say where every chain is. */
export function walkChains(trace: readonly TraceEvent[], step: number, num: number): ChainWalk {
  const mask = num - 1;
  const live = new Map<number, Chain>();
  let nextKey = 0;
  let building: Chain | null = null;
  let pendingPkt: number | null = null;
  let deviceIndirect: { table: number; count: number } | null = null;
  let current: Chain | null = null;
  let indirect: { table: number; count: number } | null = null;
  const end = Math.min(step, trace.length);

  const startBuilding = (head: number): Chain => {
    building = { key: nextKey++, head, descs: [], indirect: null, pkt: pendingPkt, stage: 'building', availSlot: null, usedSlot: null };
    return building;
  };

  for (let i = 0; i < end; i++) {
    const e = trace[i]!;
    const last = i === end - 1;
    let cur: Chain | null = null;
    let ind: { table: number; count: number } | null = null;
    switch (e.type) {
      case 'virtnet_buf_prepare':
        pendingPkt = e.f.pkt;
        break;
      case 'virtqueue_add_indirect': {
        const c: Chain = building ?? startBuilding(e.f.head);
        c.indirect = { table: e.f.table, count: e.f.count };
        cur = c;
        ind = c.indirect;
        break;
      }
      case 'virtqueue_add_desc': {
        const c: Chain = building ?? startBuilding(e.f.desc);
        if (e.f.indirect) ind = c.indirect;
        else {
          if (c.descs.length === 0) c.head = e.f.desc;
          c.descs.push(e.f.desc);
        }
        cur = c;
        break;
      }
      case 'virtqueue_add_avail': {
        const c: Chain = building ?? startBuilding(e.f.head);
        c.head = e.f.head;
        if (c.descs.length === 0) c.descs.push(e.f.head);
        c.stage = 'avail';
        c.availSlot = e.f.slot & mask;
        live.set(c.head, c);
        building = null;
        pendingPkt = null;
        cur = c;
        break;
      }
      case 'vhost_get_avail_head': {
        const c = live.get(e.f.head);
        if (c) c.stage = 'device';
        cur = c ?? null;
        deviceIndirect = null;
        break;
      }
      case 'vhost_get_indirect':
        deviceIndirect = { table: e.f.table, count: e.f.count };
        ind = deviceIndirect;
        break;
      case 'vhost_desc_read':
        if (e.f.indirect) ind = deviceIndirect;
        break;
      case 'vhost_copy': {
        const c = live.get(e.f.head);
        if (c) c.pkt = e.f.pkt;
        cur = c ?? null;
        break;
      }
      case 'vq_err': {
        const c = live.get(e.f.head);
        if (c) c.stage = 'rejected';
        cur = c ?? null;
        break;
      }
      case 'vhost_add_used': {
        const c = live.get(e.f.id);
        if (c) {
          c.stage = 'used';
          c.usedSlot = e.f.slot & mask;
        }
        cur = c ?? null;
        break;
      }
      case 'virtqueue_get_buf': {
        const c = live.get(e.f.id);
        if (c) c.stage = 'reclaiming';
        cur = c ?? null;
        break;
      }
      case 'detach_buf': {
        const c = live.get(e.f.head);
        live.delete(e.f.head);
        cur = c ?? null;
        break;
      }
      default:
        break;
    }
    if (last) {
      current = cur ? { ...cur, descs: [...cur.descs] } : null;
      indirect = ind;
    }
  }
  const chains = [...live.values()];
  const b = building as Chain | null;
  if (b) chains.push(b);
  return { chains: chains.map((c) => ({ ...c, descs: [...c.descs] })), current, indirect };
}
