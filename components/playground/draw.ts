/**
 * Canvas drawing for the live view: a time-series line with a filled area,
 * and the descriptor heat map. Called imperatively from the animation-frame
 * loop (React never re-renders for a chart); each call redraws the whole
 * canvas, sized for the device pixel ratio.
 */
import type { Series } from './sampler';

/** Colours, read once from the page's CSS variables. */
export interface Palette {
  ink: string;
  ink3: string;
  line: string;
  accent: string;
  host: string;
  panel: string;
  font: string;
}

/** The palette from the document's custom properties (with the light theme's values as fallbacks). */
export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1d2330'),
    ink3: v('--ink-3', '#7a8496'),
    line: v('--line', '#e2e6ec'),
    accent: v('--accent', '#2457c5'),
    host: v('--host', '#7a4bc2'),
    panel: v('--panel', '#ffffff'),
    font: v('--font-mono', 'monospace'),
  };
}

/** Make the canvas's backing store match its CSS size; returns a context scaled to CSS pixels and that size. */
function fit(canvas: HTMLCanvasElement, cssHeight?: number): { g: CanvasRenderingContext2D; w: number; h: number } | null {
  const g = canvas.getContext('2d');
  if (!g) return null;
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const w = canvas.clientWidth;
  const h = cssHeight ?? canvas.clientHeight;
  if (cssHeight !== undefined && canvas.style.height !== `${cssHeight}px`) canvas.style.height = `${cssHeight}px`;
  const bw = Math.round(w * dpr);
  const bh = Math.round(h * dpr);
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
  }
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  return { g, w, h };
}

/** A round upper bound for an axis: 1, 2 or 5 × 10^k at or above `x`. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Draw the last `horizonMs` of a series ending at `now`, y from 0 to `yMax` (a nice bound over the data when omitted). */
export function drawSeries(
  canvas: HTMLCanvasElement,
  s: Series,
  now: number,
  p: Palette,
  opts: { color: string; yMax?: number; label: (v: number) => string; horizonMs?: number; under?: Series; nowLabel?: string },
): void {
  const f = fit(canvas);
  if (!f) return;
  const { g, w, h } = f;
  const horizon = opts.horizonMs ?? s.horizonMs;
  const padL = 52;
  const padR = 6;
  const padT = 6;
  const padB = 16;
  const cw = w - padL - padR;
  const ch = h - padT - padB;
  const yMax = opts.yMax ?? niceCeil(Math.max(s.max(), opts.under?.max() ?? 0) * 1.1);
  const x = (t: number) => padL + ((t - (now - horizon)) / horizon) * cw;
  const y = (v: number) => padT + ch - (Math.min(v, yMax) / yMax) * ch;

  // Grid: four horizontal lines with labels, and a tick per 2 s.
  g.font = `10px ${p.font}`;
  g.textBaseline = 'middle';
  g.textAlign = 'right';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const yy = Math.round(y(v)) + 0.5;
    g.strokeStyle = p.line;
    g.beginPath();
    g.moveTo(padL, yy);
    g.lineTo(w - padR, yy);
    g.stroke();
    g.fillStyle = p.ink3;
    g.fillText(opts.label(v), padL - 6, yy);
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (let sec = 0; sec <= horizon / 1000; sec += 2) {
    const xx = padL + cw - (sec * 1000 * cw) / horizon;
    g.fillStyle = p.ink3;
    g.fillText(sec === 0 ? (opts.nowLabel ?? 'now') : `−${sec}s`, Math.min(Math.max(xx, padL + 10), w - padR - 12), padT + ch + 3);
  }

  const from = s.first;
  const n = s.length;
  if (n - from < 2) return;
  g.save();
  g.beginPath();
  g.rect(padL, padT, cw, ch + 1);
  g.clip();
  const area = (series: Series, alpha: number) => {
    const a = series.first;
    const b = series.length;
    if (b - a < 2) return;
    g.beginPath();
    g.moveTo(x(series.t[a]!), y(0));
    for (let i = a; i < b; i++) g.lineTo(x(series.t[i]!), y(series.v[i]!));
    g.lineTo(x(series.t[b - 1]!), y(0));
    g.closePath();
    g.globalAlpha = alpha;
    g.fillStyle = opts.color;
    g.fill();
    g.globalAlpha = 1;
  };
  // The raw samples as a faint area under the line, when given; then the series' own area and line.
  if (opts.under) area(opts.under, 0.16);
  area(s, opts.under ? 0.1 : 0.14);
  g.beginPath();
  for (let i = from; i < n; i++) {
    const xx = x(s.t[i]!);
    const yy = y(s.v[i]!);
    if (i === from) g.moveTo(xx, yy);
    else g.lineTo(xx, yy);
  }
  g.strokeStyle = opts.color;
  g.lineWidth = 1.5;
  g.lineJoin = 'round';
  g.stroke();
  g.restore();
}

/** Columns of the heat map for a queue of `num` descriptors (a wide, short grid). */
export function heatColumns(num: number): number {
  if (num <= 16) return num;
  if (num <= 64) return 16;
  if (num <= 256) return 32;
  if (num <= 1024) return 64;
  return 128;
}

/** Height in CSS pixels the heat map wants at width `w`. */
export function heatHeight(num: number, w: number): number {
  const cols = heatColumns(num);
  const rows = Math.ceil(num / cols);
  const cell = Math.min(28, w / cols);
  return Math.ceil(rows * cell);
}

/** Draw one cell per descriptor; darker = more often in flight (square-root scale, so rare slots still show). */
export function drawHeat(canvas: HTMLCanvasElement, heat: Float64Array, max: number, p: Palette): void {
  const num = heat.length;
  const width = canvas.clientWidth;
  const f = fit(canvas, heatHeight(num, width));
  if (!f) return;
  const { g, w } = f;
  const cols = heatColumns(num);
  const cell = Math.min(28, w / cols);
  const gap = cell >= 8 ? 1 : 0;
  const norm = max > 0 ? 1 / Math.sqrt(max) : 0;
  g.fillStyle = p.line;
  for (let i = 0; i < num; i++) {
    const cx = (i % cols) * cell;
    const cy = Math.floor(i / cols) * cell;
    const v = heat[i]!;
    if (v <= 0) {
      g.globalAlpha = 0.55;
      g.fillStyle = p.line;
    } else {
      g.globalAlpha = 0.12 + 0.88 * Math.sqrt(v) * norm;
      g.fillStyle = p.accent;
    }
    g.fillRect(cx + gap, cy + gap, cell - 2 * gap, cell - 2 * gap);
  }
  g.globalAlpha = 1;
}
