/** Number formatting shared by the views: hex as the kernel prints it, sizes as people read them. */

/** `0x1a2b` (lower case, no padding), like printk's %#x. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Two hex digits of a byte. */
export function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** A byte count: 512 B, 4 KiB, 1.5 MiB. */
export function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** FNV-1a of a string, as 8 hex digits (a compact fingerprint for data attributes). */
export function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
