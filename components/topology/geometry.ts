/**
 * The shapes links are drawn with: chains of cubic Bézier segments, their
 * SVG path data, and a walk along them by arc length, for the tokens that
 * travel a link (sampled once per link, then looked up per animation frame).
 */

/** A point in the overview's coordinates (SVG user units). */
export interface Point {
  x: number;
  y: number;
}

/** One cubic Bézier segment. */
export interface Cubic {
  from: Point;
  c1: Point;
  c2: Point;
  to: Point;
}

/** A link's shape sampled by arc length: points and the distance walked to each. */
export interface Samples {
  points: readonly Point[];
  /** Cumulative length at each point; the last is the whole length. */
  lengths: readonly number[];
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** SVG path data of a chain of segments. */
export function pathData(segments: readonly Cubic[]): string {
  if (segments.length === 0) return '';
  const p = (q: Point) => `${round(q.x)} ${round(q.y)}`;
  return `M${p(segments[0]!.from)}` + segments.map((s) => ` C${p(s.c1)} ${p(s.c2)} ${p(s.to)}`).join('');
}

/** The same chain walked the other way. */
export function reversed(segments: readonly Cubic[]): Cubic[] {
  return segments.map((s) => ({ from: s.to, c1: s.c2, c2: s.c1, to: s.from })).reverse();
}

/** The point at parameter `t` (0..1) of one segment. */
export function cubicAt(s: Cubic, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * s.from.x + b * s.c1.x + c * s.c2.x + d * s.to.x, y: a * s.from.y + b * s.c1.y + c * s.c2.y + d * s.to.y };
}

/** Sample a chain `perSegment` times per segment, with the arc length walked to each sample. */
export function sample(segments: readonly Cubic[], perSegment = 16): Samples {
  const points: Point[] = [];
  const lengths: number[] = [];
  for (const s of segments) {
    for (let i = points.length === 0 ? 0 : 1; i <= perSegment; i++) {
      const q = cubicAt(s, i / perSegment);
      const prev = points[points.length - 1];
      lengths.push(prev ? lengths[lengths.length - 1]! + Math.hypot(q.x - prev.x, q.y - prev.y) : 0);
      points.push(q);
    }
  }
  return { points, lengths };
}

/** The point a fraction `p` (0..1) of the way along the sampled chain, by arc length. */
export function pointAt(s: Samples, p: number): Point {
  const { points, lengths } = s;
  const n = points.length;
  if (n === 0) return { x: 0, y: 0 };
  const total = lengths[n - 1]!;
  if (p <= 0 || total === 0) return points[0]!;
  if (p >= 1) return points[n - 1]!;
  const want = p * total;
  // Binary search for the first sample at or past `want`.
  let lo = 1;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lengths[mid]! < want) lo = mid + 1;
    else hi = mid;
  }
  const a = points[lo - 1]!;
  const b = points[lo]!;
  const span = lengths[lo]! - lengths[lo - 1]!;
  const f = span === 0 ? 0 : (want - lengths[lo - 1]!) / span;
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** Sine in-out: slow off the mark, slow into the destination. */
export const easeInOut = (t: number): number => 0.5 - 0.5 * Math.cos(Math.PI * t);

/**
 * `count + 1` points along the chain at equal steps of time, for keyframes
 * played linearly: spacing them by `ease` of the time gives the motion its
 * easing, and spacing by arc length keeps the speed even along curves.
 */
export function keyframesAlong(s: Samples, count = 24, ease: (t: number) => number = easeInOut): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i <= count; i++) {
    const p = pointAt(s, ease(i / count));
    x.push(Math.round(p.x * 10) / 10);
    y.push(Math.round(p.y * 10) / 10);
  }
  return { x, y };
}
