// Why: results are reported as median and spread over repeated runs, never as a single number.
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}

/** Median and min–max of finite values; undefined when there are none. */
export function spread(xs: number[]): Spread | undefined {
  const v = xs.filter((x) => Number.isFinite(x));
  if (v.length === 0) return undefined;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length };
}

/** Ratios a[i]/b[i] paired by repetition (runs of the same rep ran back to back). */
export function pairedRatios(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (b[i]! > 0 && Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) out.push(a[i]! / b[i]!);
  return out;
}
