/**
 * Small formatters the captions share, so every caption writes an address,
 * a flag set or an index range the same way in both languages.
 */
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@/engine/abi/virtio-ring';

/** An address or flag word in hex, as the kernel prints it: 0x1000002c0. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** u16 arithmetic, as avail->idx and used->idx wrap. */
export function u16(n: number): number {
  return n & 0xffff;
}

/** Names of the descriptor flags that are set ("NEXT|WRITE"), or "" for none. */
export function descFlags(flags: number): string {
  const names: string[] = [];
  if (flags & VRING_DESC_F_NEXT) names.push('NEXT');
  if (flags & VRING_DESC_F_WRITE) names.push('WRITE');
  if (flags & VRING_DESC_F_INDIRECT) names.push('INDIRECT');
  const rest = flags & ~(VRING_DESC_F_NEXT | VRING_DESC_F_WRITE | VRING_DESC_F_INDIRECT);
  if (rest) names.push(hex(rest));
  return names.join('|');
}

/** The indices a publish covered, [old, new) in u16: "index 3" or "indices 3..5". */
export function rangeEn(old: number, nw: number): string {
  const n = u16(nw - old);
  if (n === 0) return 'no index';
  if (n === 1) return `index ${old}`;
  return `indices ${old}..${u16(nw - 1)}`;
}

/** The same range in Chinese. */
export function rangeZh(old: number, nw: number): string {
  const n = u16(nw - old);
  if (n === 0) return '空区间';
  if (n === 1) return `索引 ${old}`;
  return `索引 ${old}..${u16(nw - 1)}`;
}

/** A note when an index step crossed the u16 wrap (65535 → 0). */
export function wrapEn(old: number, nw: number): string {
  return nw < old ? ' (the u16 index wrapped past 65535 back to 0)' : '';
}

/** The same note in Chinese. */
export function wrapZh(old: number, nw: number): string {
  return nw < old ? '（u16 索引越过 65535 回绕到 0）' : '';
}

/** Name of a virtio-net queue by index (spec §5.1.2: 2n = receiveq, 2n+1 = transmitq). */
export function queueName(q: number): string {
  return q % 2 === 0 ? `receiveq${q / 2 + 1}` : `transmitq${(q - 1) / 2 + 1}`;
}

/** English count: "1 descriptor", "2 descriptors" (or an irregular plural). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
