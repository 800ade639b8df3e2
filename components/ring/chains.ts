/**
 * Where each buffer chain is at any step, from an index built once per run:
 * the driver builds a chain in the descriptor table, publishes it in the
 * avail ring, vhost takes it, keeps its head in vq->heads until a batch is
 * flushed, pushes it to the used ring, and the driver reclaims it. Ring
 * memory is never cleared, so "whose is this entry now" comes from the
 * events, not from the bytes; walking the events once and recording each
 * chain's life as intervals lets every frame find the answer without
 * walking the trace again.
 */
import type { TraceEvent } from '@/engine/trace/events';

/** The stages of a chain's life, in order. */
export type ChainStage = 'building' | 'avail' | 'device' | 'heads' | 'rejected' | 'used' | 'reclaiming';

/** One buffer chain in flight at a step. */
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

/** What a frame needs: live chains and the context of the step's event. */
export interface ChainWalk {
  chains: Chain[];
  /** The chain the event concerned (as it was at that step, even if the event removed it). */
  current: Chain | null;
  /** The indirect table the event concerned, if any. */
  indirect: { table: number; count: number } | null;
}

/** One change in a chain's life, effective from `step` on (the step after the event that made it). */
interface Change {
  step: number;
  stage: ChainStage;
  availSlot: number | null;
  usedSlot: number | null;
  pkt: number | null;
  descs: number;
}

/** A chain's whole life: born at `from`, gone after `to` (detach), with its changes. */
interface Life {
  key: number;
  head: number;
  descs: number[];
  indirect: { table: number; count: number } | null;
  from: number;
  to: number;
  changes: Change[];
}

/** The per-run index. */
export interface ChainIndex {
  lives: Life[];
  /** For each step (1-based; index 0 unused): the chain its event concerned, and the indirect table. */
  eventChain: Int32Array;
  eventIndirect: Array<{ table: number; count: number } | null>;
}

/** Build the index for a whole trace of a queue of `num` entries. */
export function buildChainIndex(trace: readonly TraceEvent[], num: number): ChainIndex {
  const mask = num - 1;
  const lives: Life[] = [];
  const live = new Map<number, Life>();
  const eventChain = new Int32Array(trace.length + 1).fill(-1);
  const eventIndirect: Array<{ table: number; count: number } | null> = new Array(trace.length + 1).fill(null);
  let building: Life | null = null;
  let pendingPkt: number | null = null;
  let deviceIndirect: { table: number; count: number } | null = null;
  /** Heads taken by the last get_rx_bufs (their frame is named by the tun_recvmsg that follows). */
  let rxHeads: number[] = [];

  const last = (l: Life): Change => l.changes[l.changes.length - 1]!;
  const change = (l: Life, step: number, patch: Partial<Omit<Change, 'step'>>): void => {
    const prev = last(l);
    const next: Change = { ...prev, ...patch, step, descs: l.descs.length };
    if (prev.step === step) l.changes[l.changes.length - 1] = next;
    else l.changes.push(next);
  };
  const startBuilding = (head: number, step: number): Life => {
    const l: Life = { key: lives.length, head, descs: [], indirect: null, from: step, to: Infinity, changes: [{ step, stage: 'building', availSlot: null, usedSlot: null, pkt: pendingPkt, descs: 0 }] };
    lives.push(l);
    building = l;
    return l;
  };

  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    const step = i + 1;
    let cur: Life | null = null;
    let ind: { table: number; count: number } | null = null;
    switch (e.type) {
      case 'virtnet_buf_prepare':
        pendingPkt = e.f.dir === 'tx' ? e.f.pkt : null;
        break;
      case 'virtqueue_add_indirect': {
        const l: Life = building ?? startBuilding(e.f.head, step);
        l.indirect = { table: e.f.table, count: e.f.count };
        cur = l;
        ind = l.indirect;
        break;
      }
      case 'virtqueue_add_desc': {
        const l: Life = building ?? startBuilding(e.f.desc, step);
        if (e.f.indirect) ind = l.indirect;
        else {
          if (l.descs.length === 0) l.head = e.f.desc;
          if (!l.descs.includes(e.f.desc)) l.descs.push(e.f.desc);
          change(l, step, {});
        }
        cur = l;
        break;
      }
      case 'virtqueue_add_last':
        cur = building;
        if (e.f.indirect && building) ind = (building as Life).indirect;
        break;
      case 'virtqueue_add_avail': {
        const l: Life = building ?? startBuilding(e.f.head, step);
        l.head = e.f.head;
        if (l.descs.length === 0) l.descs.push(e.f.head);
        change(l, step, { stage: 'avail', availSlot: e.f.slot & mask });
        live.set(l.head, l);
        building = null;
        pendingPkt = null;
        cur = l;
        break;
      }
      case 'vhost_get_avail_head': {
        const l = live.get(e.f.head);
        if (l) change(l, step, { stage: 'device' });
        cur = l ?? null;
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
      case 'vhost_net_build_xdp': {
        const l = live.get(e.f.head);
        if (l) change(l, step, { pkt: e.f.pkt });
        cur = l ?? null;
        break;
      }
      case 'get_rx_bufs':
        rxHeads = e.f.result === 'ok' ? e.f.heads.map((h) => h.id) : [];
        cur = live.get(e.f.heads[0]?.id ?? -1) ?? null;
        break;
      case 'vhost_discard_vq_desc':
        // The heads go back to the avail ring, to be taken again.
        for (const h of rxHeads) {
          const l = live.get(h);
          if (l) change(l, step, { stage: 'avail' });
        }
        rxHeads = [];
        break;
      case 'tun_recvmsg':
        if (!e.f.discarded)
          for (const h of rxHeads) {
            const l = live.get(h);
            if (l) change(l, step, { pkt: e.f.pkt });
          }
        cur = live.get(rxHeads[0] ?? -1) ?? null;
        break;
      case 'vhost_net_heads':
        for (const h of e.f.heads) {
          const l = live.get(h.id);
          if (l) change(l, step, { stage: 'heads' });
          cur ??= l ?? null;
        }
        break;
      case 'vq_err': {
        const l = live.get(e.f.head);
        if (l) change(l, step, { stage: 'rejected' });
        cur = l ?? null;
        break;
      }
      case 'vhost_add_used':
        e.f.entries.forEach((u, k) => {
          const l = live.get(u.id);
          if (l) change(l, step, { stage: 'used', usedSlot: (e.f.slot + k) & mask });
          cur ??= l ?? null;
        });
        break;
      case 'virtqueue_get_buf': {
        const l = live.get(e.f.id);
        if (l) change(l, step, { stage: 'reclaiming' });
        cur = l ?? null;
        break;
      }
      case 'detach_buf': {
        const l = live.get(e.f.head);
        if (l) {
          live.delete(e.f.head);
          // Still shown at the detach step itself (as the event's chain), gone after it.
          l.to = step - 1;
        }
        cur = l ?? null;
        break;
      }
      default:
        break;
    }
    if (cur) eventChain[step] = cur.key;
    eventIndirect[step] = ind;
  }
  return { lives, eventChain, eventIndirect };
}

/** A life as it stood at `step`. */
function chainAt(l: Life, step: number): Chain {
  let c = l.changes[0]!;
  for (const ch of l.changes) {
    if (ch.step > step) break;
    c = ch;
  }
  return { key: l.key, head: l.head, descs: l.descs.slice(0, Math.max(c.descs, 1)), indirect: l.indirect, pkt: c.pkt, stage: c.stage, availSlot: c.availSlot, usedSlot: c.usedSlot };
}

/** The chains alive at `step` and the context of that step's event. */
export function chainsAt(index: ChainIndex, step: number): ChainWalk {
  const chains: Chain[] = [];
  for (const l of index.lives) {
    // Lives are recorded in order of birth, so none after this one is born yet.
    if (l.from > step) break;
    if (step <= l.to) chains.push(chainAt(l, step));
  }
  const k = step > 0 && step < index.eventChain.length ? index.eventChain[step]! : -1;
  const current = k >= 0 ? chainAt(index.lives[k]!, step) : null;
  return { chains, current, indirect: step > 0 ? (index.eventIndirect[step] ?? null) : null };
}

// One index per trace: frames of the same run reuse it.
const cache = new WeakMap<readonly TraceEvent[], { num: number; index: ChainIndex }>();

/** The index of `trace`, built on first use. */
export function chainIndexOf(trace: readonly TraceEvent[], num: number): ChainIndex {
  const hit = cache.get(trace);
  if (hit && hit.num === num) return hit.index;
  const index = buildChainIndex(trace, num);
  cache.set(trace, { num, index });
  return index;
}
