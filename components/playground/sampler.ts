/**
 * The live view's sampler: called once per animation frame, it reads the
 * shared counters, the ring header and the in-flight avail entries straight
 * from the run's SharedArrayBuffer (no message per buffer, no copy) and keeps
 * what the charts draw: rates over a short window, the last ten seconds of
 * throughput and ring occupancy, a heat count per descriptor, and each
 * thread's CPU share from its blocked time. Pure data; drawing is elsewhere.
 */
import { DESC, VRING_DESC_F_NEXT, VRING_DESC_SIZE, availRingSlot } from '@/engine/abi/virtio-ring';
import { readCounters, type FreeRunConfig } from '@/engine/freerun/run';
import type { VirtqueueInfo } from '@/engine/scenarios/world';
import { PAUSE, type FreeRunControl } from '@/engine/sched/free-run';
import { gpaToArena, readRingHeader } from '@/engine/session/ring-view';
import type { CounterName } from '@/engine/trace/counters';

/** What the sampler reads: a FreeRun, or anything shaped like one (tests). */
export interface SampleSource {
  buffer: SharedArrayBuffer;
  cfg: FreeRunConfig;
  info: VirtqueueInfo;
  ctl: FreeRunControl;
  actors: readonly string[];
}

/** Time constant of the smoothed occupancy line. */
const OCCUPANCY_TAU_MS = 200;

/** Longest chain the heat map follows (the scenario's chains are 1 or 2 long; a racy read must not loop). */
const MAX_CHAIN = 16;

/** A growing series that forgets points older than a horizon. */
export class Series {
  readonly t: number[] = [];
  readonly v: number[] = [];
  private start = 0;

  constructor(readonly horizonMs: number) {}

  push(t: number, v: number): void {
    this.t.push(t);
    this.v.push(v);
    while (this.start < this.t.length && this.t[this.start]! < t - this.horizonMs) this.start++;
    // Compact now and then rather than shifting every frame.
    if (this.start > 512) {
      this.t.splice(0, this.start);
      this.v.splice(0, this.start);
      this.start = 0;
    }
  }

  /** Index of the first point still inside the horizon. */
  get first(): number {
    return this.start;
  }

  get length(): number {
    return this.t.length;
  }

  /** Largest value inside the horizon (0 when empty). */
  max(): number {
    let m = 0;
    for (let i = this.start; i < this.v.length; i++) if (this.v[i]! > m) m = this.v[i]!;
    return m;
  }
}

/** Counter values at one moment, widened to plain numbers. */
interface Point {
  t: number;
  frames: number;
  bytes: number; // accumulated from wrap-safe deltas (the 32-bit counter wraps past 4 GiB)
  kicks: number;
  calls: number;
  interrupts: number;
  blocked: number[]; // µs, accumulated from wrap-safe deltas
}

/** One thread's share of a CPU. */
export interface ThreadShare {
  id: string;
  name: string;
  where: string;
  /** 0..1, or null before there is a window to measure. */
  share: number | null;
}

/** What the stats line shows (a small object; the page re-renders it a few times a second). */
export interface LiveStats {
  t: number;
  counters: Record<CounterName, number>;
  frames: number;
  total: number;
  bytes: number;
  framesPerSec: number;
  bytesPerSec: number;
  kicksPerSec: number;
  callsPerSec: number;
  interruptsPerSec: number;
  kicksPerFrame: number | null;
  callsPerFrame: number | null;
  occupancy: number;
  occupancyAvg: number;
  paused: boolean;
  threads: ThreadShare[];
}

/** Samples one run. */
export class LiveSampler {
  readonly throughput: Series;
  readonly occupancy: Series;
  /** Occupancy smoothed (exponential, OCCUPANCY_TAU_MS), drawn over the raw samples. */
  readonly occupancyAvg: Series;
  /** Most buffers the driver can have in flight: a ring's worth of chains (or fewer frames). */
  readonly maxInFlight: number;
  /** How often each descriptor index was seen in an in-flight chain. */
  readonly heat: Float64Array;
  heatSamples = 0;
  heatMax = 0;
  readonly num: number;
  private readonly u8: Uint8Array;
  private readonly dv: DataView;
  private readonly availOff: number;
  private readonly descOff: number;
  private readonly window: Point[] = [];
  private last: Point | null = null;
  private lastCounters: Record<CounterName, number> | null = null;
  private lastOccupancy = 0;
  private occAvg = 0;
  /** The raw 32-bit values of the last sample (deltas from them are wrap-safe). */
  private lastBytesRaw = 0;
  private lastBlockedRaw: number[] = [];

  constructor(
    readonly src: SampleSource,
    /** Rates are measured over this much time. */
    readonly rateWindowMs = 500,
    historyMs = 10_000,
  ) {
    this.num = src.info.ring.num;
    this.u8 = new Uint8Array(src.buffer);
    this.dv = new DataView(src.buffer);
    this.availOff = gpaToArena(src.info, src.info.ring.avail);
    this.descOff = gpaToArena(src.info, src.info.ring.desc, this.num * VRING_DESC_SIZE);
    this.heat = new Float64Array(this.num);
    this.throughput = new Series(historyMs);
    this.occupancy = new Series(historyMs);
    this.occupancyAvg = new Series(historyMs);
    this.maxInFlight = Math.max(1, Math.min(src.info.frames, src.info.ring.indirect ? this.num : Math.floor(this.num / 2)));
  }

  /** Take one sample at `now` (performance.now()). */
  sample(now: number): void {
    const c = readCounters(this.src.buffer, this.src.cfg);
    this.lastCounters = c;
    const prev = this.last;
    const blockedRaw = this.src.actors.map((_, i) => this.src.ctl.blockedUs(i));
    const p: Point = {
      t: now,
      frames: c.framesDelivered >>> 0,
      bytes: prev ? prev.bytes + ((c.bytes - this.lastBytesRaw) >>> 0) : c.bytes >>> 0,
      kicks: c.kicks >>> 0,
      calls: c.calls >>> 0,
      interrupts: c.interrupts >>> 0,
      blocked: prev ? blockedRaw.map((b, i) => prev.blocked[i]! + ((b - this.lastBlockedRaw[i]!) >>> 0)) : blockedRaw,
    };
    this.lastBytesRaw = c.bytes;
    this.lastBlockedRaw = blockedRaw;
    this.last = p;
    this.window.push(p);
    while (this.window.length > 2 && this.window[1]!.t <= now - this.rateWindowMs) this.window.shift();

    this.lastOccupancy = this.sampleRing();
    const k = prev ? 1 - Math.exp(-(now - prev.t) / OCCUPANCY_TAU_MS) : 1;
    this.occAvg += (this.lastOccupancy - this.occAvg) * k;
    this.throughput.push(now, this.rate('frames'));
    this.occupancy.push(now, this.lastOccupancy);
    this.occupancyAvg.push(now, this.occAvg);
  }

  /** Read the ring header and walk the chains between used->idx and avail->idx; returns the occupancy. */
  private sampleRing(): number {
    const { num, dv } = this;
    const h = readRingHeader(this.u8, this.src.info);
    // The threads keep writing while we read: clamp what a torn read could claim.
    const inFlight = Math.min((h.availIdx - h.usedIdx) & 0xffff, num);
    const mask = num - 1;
    for (let k = 0; k < inFlight; k++) {
      let d = dv.getUint16(this.availOff + availRingSlot((h.usedIdx + k) & mask), true);
      for (let n = 0; n < MAX_CHAIN && d < num; n++) {
        const v = ++this.heat[d]!;
        if (v > this.heatMax) this.heatMax = v;
        const at = this.descOff + d * VRING_DESC_SIZE;
        if (!(dv.getUint16(at + DESC.flags, true) & VRING_DESC_F_NEXT)) break;
        d = dv.getUint16(at + DESC.next, true);
      }
    }
    this.heatSamples++;
    return inFlight;
  }

  /** Per second over the window. */
  private rate(key: 'frames' | 'bytes' | 'kicks' | 'calls' | 'interrupts'): number {
    const a = this.window[0];
    const b = this.window[this.window.length - 1];
    if (!a || !b || b.t - a.t < 1) return 0;
    return ((b[key] - a[key]) * 1000) / (b.t - a.t);
  }

  /** The numbers for the stats line, as of the last sample. */
  stats(): LiveStats | null {
    const p = this.last;
    const c = this.lastCounters;
    if (!p || !c) return null;
    const a = this.window[0]!;
    const dt = p.t - a.t;
    const dFrames = p.frames - a.frames;
    const paused = this.src.ctl.state === PAUSE;
    return {
      t: p.t,
      counters: c,
      frames: p.frames,
      total: this.src.info.frames,
      bytes: p.bytes,
      framesPerSec: this.rate('frames'),
      bytesPerSec: this.rate('bytes'),
      kicksPerSec: this.rate('kicks'),
      callsPerSec: this.rate('calls'),
      interruptsPerSec: this.rate('interrupts'),
      kicksPerFrame: dFrames > 0 ? (p.kicks - a.kicks) / dFrames : null,
      callsPerFrame: dFrames > 0 ? (p.calls - a.calls) / dFrames : null,
      occupancy: this.lastOccupancy,
      occupancyAvg: this.occAvg,
      paused,
      threads: this.src.info.threads.map((th, i) => ({
        ...th,
        share: dt >= 50 ? Math.min(1, Math.max(0, 1 - (p.blocked[i]! - a.blocked[i]!) / 1000 / dt)) : null,
      })),
    };
  }

  /** The stats as averages over the whole run (`ms` of active time): what a finished run shows. */
  runAverages(ms: number): LiveStats | null {
    const s = this.stats();
    const p = this.last;
    if (!s || !p || ms <= 0) return s;
    const perSec = (n: number) => (n * 1000) / ms;
    return {
      ...s,
      framesPerSec: perSec(p.frames),
      bytesPerSec: perSec(p.bytes),
      kicksPerSec: perSec(p.kicks),
      callsPerSec: perSec(p.calls),
      interruptsPerSec: perSec(p.interrupts),
      kicksPerFrame: p.frames > 0 ? p.kicks / p.frames : null,
      callsPerFrame: p.frames > 0 ? p.calls / p.frames : null,
      threads: this.runShares(ms),
    };
  }

  /** Whole-run shares: 1 − blocked / `ms` (the run's active time). */
  runShares(ms: number): ThreadShare[] {
    return this.src.info.threads.map((th, i) => ({
      ...th,
      share: ms > 0 ? Math.min(1, Math.max(0, 1 - this.src.ctl.blockedUs(i) / 1000 / ms)) : null,
    }));
  }
}
