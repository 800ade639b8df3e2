// Why: plain-text tables for the terminal (the JSON has every number; the table shows medians and spreads).
import type { Spread } from './stats';

/** `align`: one letter per column, l or r (default: first column left, the rest right). */
export function table(head: string[], rows: string[][], align?: string): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => (align ? align[i] === 'l' : i === 0);
  const line = (cells: string[]) => cells.map((c, i) => (left(i) ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/** "median [min–max]" with `d` decimals, or "—". */
export function fmtSpread(s: Spread | undefined, d = 2): string {
  if (!s) return '—';
  if (s.n === 1) return s.median.toFixed(d);
  return `${s.median.toFixed(d)} [${s.min.toFixed(d)}–${s.max.toFixed(d)}]`;
}

export const fmtInt = (n: number) => n.toLocaleString('en-US');
