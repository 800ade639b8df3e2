/** Numbers as the playground shows them: counts with separators, rates with SI prefixes. */

/** 2,000,000 */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1.23 M, 456 k, 78 (three significant digits). */
export function si(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (a >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (a >= 1e3) return `${(n / 1e3).toPrecision(3)} k`;
  if (a >= 10 || a === 0) return `${Math.round(n)}`;
  return n.toPrecision(2);
}

/** Bytes per second in decimal units: 12.3 MB/s. */
export function bytesRate(n: number): string {
  const s = si(n);
  return /[kMG]$/.test(s) ? `${s}B/s` : `${s} B/s`;
}

/** A ratio such as kicks per frame: 0.0123, 1.00, or – when unknown. */
export function ratio(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–';
  if (n === 0) return '0';
  return n < 0.01 ? n.toPrecision(2) : n.toFixed(n < 1 ? 3 : 2);
}

/** Seconds: 1.23 s, 45.6 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

/** A percentage of 0..1. */
export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
