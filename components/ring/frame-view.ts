/**
 * Decode one frame into plain, immutable data the views render: the ring
 * header, windowed rows of the three ring parts, the indirect table in play,
 * the chips (chains in flight), what the beat touched, and a few bytes of
 * guest memory. It runs once per frame when the worker's reply arrives, not
 * in render; with a shared arena that is also the only moment the bytes are
 * guaranteed to belong to this step.
 */
import { VRING_DESC_F_INDIRECT } from '@/engine/abi/virtio-ring';
import type { Snapshot, VirtqueueInfo, VirtqueueLive } from '@/engine/scenarios/world';
import { readAvailEntry, readDesc, readGuestBytes, readRingHeader, readUsedEntry, type RingHeader } from '@/engine/session/ring-view';
import type { TraceEvent } from '@/engine/trace/events';
import { fingerprint } from '../format';
import { chainIndexOf, chainsAt, type ChainStage } from './chains';
import type { RangeLabel } from '@/content/labels';
import { touchedBy, type GpaRange, type Touch } from './touched';

/** One descriptor as decoded from memory. */
export interface DescRow {
  i: number;
  addr: number;
  len: number;
  flags: number;
  next: number;
}

/** avail->ring[i]. */
export interface AvailSlot {
  i: number;
  head: number;
}

/** used->ring[i]. */
export interface UsedSlot {
  i: number;
  id: number;
  len: number;
}

/** A list of rows with runs of hidden entries between them (big queues). */
export type Windowed<T> = ReadonlyArray<{ kind: 'row'; row: T } | { kind: 'gap'; from: number; to: number }>;

/** A chain drawn as a chip at the place it currently belongs to. */
export interface Chip {
  key: number;
  head: number;
  pkt: number | null;
  stage: ChainStage;
  place: 'desc' | 'avail' | 'used';
  index: number;
}

/** A few bytes of guest memory at the range the beat touched. */
export interface HexDump {
  gpa: number;
  label: RangeLabel;
  bytes: readonly number[];
  /** Length of the whole range (the dump shows at most HEXDUMP_MAX bytes). */
  total: number;
}

/** What every frame has, whatever the scenario's kind (components/frame/decode.ts). */
export interface FrameBase {
  step: number;
  total: number;
  /** The event being shown (trace[step-1]); null at step 0. */
  event: TraceEvent | null;
  /** A short hash of everything the kind's main view draws: equal views, equal fingerprints. */
  fingerprint: string;
}

/** Everything the virtqueue views show at one step. */
export interface VirtqueueFrame extends FrameBase {
  kind: 'virtqueue';
  snapshot: Snapshot<VirtqueueLive>;
  header: RingHeader;
  desc: Windowed<DescRow>;
  avail: Windowed<AvailSlot>;
  used: Windowed<UsedSlot>;
  indirect: { table: number; rows: readonly DescRow[] } | null;
  chips: readonly Chip[];
  touch: Touch;
  /** Guest memory ranges this beat touched (buffers of a moved chain resolved). */
  ranges: readonly GpaRange[];
  hexdump: HexDump | null;
}

/** Queues up to this size are drawn whole; bigger ones as windows. */
export const FULL_RING_MAX = 32;
const WINDOW_RADIUS = 2;
const WINDOW_MAX_ROWS = 40;
const HEXDUMP_MAX = 64;

/** The indices to draw of a `num`-entry ring, around the `focus` indices. */
export function windowIndices(num: number, focus: readonly number[]): Array<{ kind: 'row'; i: number } | { kind: 'gap'; from: number; to: number }> {
  if (num <= FULL_RING_MAX) return Array.from({ length: num }, (_, i) => ({ kind: 'row' as const, i }));
  const keep = new Set<number>();
  for (const f of focus.length ? focus : [0]) {
    if (f < 0 || f >= num) continue;
    for (let d = -WINDOW_RADIUS; d <= WINDOW_RADIUS; d++) {
      if (keep.size >= WINDOW_MAX_ROWS) break;
      keep.add((f + d + num) % num);
    }
  }
  const sorted = [...keep].sort((a, b) => a - b);
  const out: Array<{ kind: 'row'; i: number } | { kind: 'gap'; from: number; to: number }> = [];
  let prev = -1;
  for (const i of sorted) {
    if (i > prev + 1) out.push({ kind: 'gap', from: prev + 1, to: i - 1 });
    out.push({ kind: 'row', i });
    prev = i;
  }
  if (prev < num - 1) out.push({ kind: 'gap', from: prev + 1, to: num - 1 });
  return out;
}

function windowed<T>(num: number, focus: readonly number[], read: (i: number) => T): Windowed<T> {
  return windowIndices(num, focus).map((w) => (w.kind === 'row' ? { kind: 'row' as const, row: read(w.i) } : w));
}

function descRow(bytes: Uint8Array, info: VirtqueueInfo, i: number, table?: number): DescRow {
  const d = readDesc(bytes, info, i, table);
  return d ? { i, ...d } : { i, addr: 0, len: 0, flags: 0, next: 0 };
}

/** Decode the virtqueue frame at `snapshot.step` from `bytes` (the arena: a live shared view or the frame's copy). */
export function decodeFrame(info: VirtqueueInfo, trace: readonly TraceEvent[], snapshot: Snapshot<VirtqueueLive>, bytes: Uint8Array): VirtqueueFrame {
  const { num } = info.ring;
  const step = snapshot.step;
  const event = step > 0 ? (trace[step - 1] ?? null) : null;
  const walk = chainsAt(chainIndexOf(trace, num), step);
  const touch = touchedBy(event, info, walk);
  const header = readRingHeader(bytes, info);
  const { driver, device } = snapshot;

  const chips: Chip[] = walk.chains.map((c) => {
    const base = { key: c.key, head: c.head, pkt: c.pkt, stage: c.stage };
    if (c.stage === 'used' && c.usedSlot !== null) return { ...base, place: 'used', index: c.usedSlot };
    if ((c.stage === 'avail' || c.stage === 'device' || c.stage === 'rejected') && c.availSlot !== null)
      return { ...base, place: 'avail', index: c.availSlot };
    // Building, or done but not yet returned (its head waits in vhost-net's vq->heads): drawn at its descriptor.
    return { ...base, place: 'desc', index: c.head };
  });

  const mask = num - 1;
  const chipsAt = (place: Chip['place']) => chips.filter((c) => c.place === place).map((c) => c.index);
  const descFocus = [...touch.desc, ...chipsAt('desc'), ...walk.chains.flatMap((c) => c.descs), driver.freeHead];
  const availFocus = [...touch.avail, ...chipsAt('avail'), header.availIdx & mask, device.lastAvailIdx & mask];
  const usedFocus = [...touch.used, ...chipsAt('used'), header.usedIdx & mask, driver.lastUsedIdx & mask];

  const ranges: GpaRange[] = [...touch.mem];
  if (touch.chainBuffers !== null && walk.current) {
    for (const d of walk.current.descs) {
      const row = descRow(bytes, info, d);
      if (row.flags & VRING_DESC_F_INDIRECT) {
        for (let j = 0; j < row.len / 16 && j < 64; j++) {
          const r = descRow(bytes, info, j, row.addr);
          ranges.push({ gpa: r.addr, len: r.len, label: { what: 'desc-buffer', desc: j, indirect: true } });
        }
      } else ranges.push({ gpa: row.addr, len: row.len, label: { what: 'desc-buffer', desc: d, indirect: false } });
    }
  }
  const first = ranges.find((r) => r.len > 0);
  const dumpLen = first ? Math.min(first.len, HEXDUMP_MAX) : 0;
  const dumpBytes = first ? readGuestBytes(bytes, info, first.gpa, dumpLen) : new Uint8Array(0);

  const desc = windowed(num, descFocus, (i) => descRow(bytes, info, i));
  const avail = windowed(num, availFocus, (i) => ({ i, head: readAvailEntry(bytes, info, i) }));
  const used = windowed(num, usedFocus, (i) => ({ i, ...readUsedEntry(bytes, info, i) }));
  const indirect = walk.indirect
    ? {
        table: walk.indirect.table,
        rows: Array.from({ length: Math.min(walk.indirect.count, 64) }, (_, j) => descRow(bytes, info, j, walk.indirect!.table)),
      }
    : null;

  return {
    kind: 'virtqueue',
    step,
    total: trace.length,
    event,
    snapshot,
    header,
    desc,
    avail,
    used,
    indirect,
    chips,
    touch,
    ranges,
    hexdump: first && dumpBytes.length ? { gpa: first.gpa, label: first.label, bytes: [...dumpBytes], total: first.len } : null,
    fingerprint: fingerprint(JSON.stringify([header, desc, avail, used, indirect, chips, touch])),
  };
}
