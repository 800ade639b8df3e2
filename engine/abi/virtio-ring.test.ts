/**
 * The ring layout against the spec's numbers and, when a C compiler is
 * present, against Linux's own header compiled on this machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AVAIL,
  DESC,
  USED,
  VIRTIO_RING_F_EVENT_IDX,
  VIRTIO_RING_F_INDIRECT_DESC,
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_DESC_SIZE,
  VRING_USED_ELEM_SIZE,
  VRING_USED_F_NO_NOTIFY,
  availEventOffset,
  availRingSize,
  descTableSize,
  isValidQueueSize,
  legacyLayout,
  usedEventOffset,
  usedRingSize,
  vringNeedEvent,
} from './virtio-ring';

describe('split ring layout (virtio 1.1 §2.6)', () => {
  it('has the spec sizes for each part', () => {
    // Spec table: desc 16*N, avail 6+2*N, used 6+8*N.
    for (const n of [1, 2, 8, 256, 32768]) {
      expect(descTableSize(n)).toBe(16 * n);
      expect(availRingSize(n)).toBe(6 + 2 * n);
      expect(usedRingSize(n)).toBe(6 + 8 * n);
      expect(usedEventOffset(n)).toBe(4 + 2 * n);
      expect(availEventOffset(n)).toBe(4 + 8 * n);
    }
    expect(DESC).toEqual({ addr: 0, len: 8, flags: 12, next: 14 });
    expect(AVAIL).toEqual({ flags: 0, idx: 2, ring: 4 });
    expect(USED).toEqual({ flags: 0, idx: 2, ring: 4 });
    expect(VRING_DESC_SIZE).toBe(16);
    expect(VRING_USED_ELEM_SIZE).toBe(8);
  });

  it('matches the vring_size() table in FACTS.md for the legacy 4096 alignment', () => {
    expect(legacyLayout(64, 4096)).toMatchObject({ used: 4096, size: 4614 });
    expect(legacyLayout(128, 4096)).toMatchObject({ used: 4096, size: 5126 });
    expect(legacyLayout(256, 4096)).toMatchObject({ used: 8192, size: 10246 });
    expect(legacyLayout(1024, 4096)).toMatchObject({ used: 20480, size: 28678 });
  });

  it('accepts only power-of-two queue sizes up to 32768', () => {
    // shouldn't be allowed to set a size > max, or 0, or a non power of two
    expect(isValidQueueSize(0)).toBe(false);
    expect(isValidQueueSize(3)).toBe(false);
    expect(isValidQueueSize(65536)).toBe(false);
    // but every power of two from 1 to 32768 is fine
    for (let n = 1; n <= 32768; n *= 2) expect(isValidQueueSize(n)).toBe(true);
  });

  it('vring_need_event follows the spec example: used_event 0 notifies on the first buffer and after wrap', () => {
    expect(vringNeedEvent(0, 1, 0)).toBe(true);
    expect(vringNeedEvent(0, 2, 1)).toBe(false);
    expect(vringNeedEvent(0, 0, 0xffff)).toBe(false);
    expect(vringNeedEvent(0xffff, 0, 0xffff)).toBe(true); // the 65536th
    expect(vringNeedEvent(5, 10, 3)).toBe(true);
    expect(vringNeedEvent(10, 10, 3)).toBe(false);
  });
});

const cc = ['/usr/bin/gcc', '/usr/bin/cc'].find((p) => existsSync(p));
const header = '/usr/include/linux/virtio_ring.h';

describe.runIf(cc && existsSync(header))('layout compiled against /usr/include/linux/virtio_ring.h', () => {
  it('offsets, sizes, flags, vring_size and vring_need_event agree with the kernel header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vring-'));
    const src = join(dir, 'layout.c');
    writeFileSync(
      src,
      `#include <stdio.h>
#include <stddef.h>
#include <linux/virtio_ring.h>
int main(void) {
  printf("%zu %zu %zu %zu %zu\\n", sizeof(struct vring_desc), offsetof(struct vring_desc, addr), offsetof(struct vring_desc, len), offsetof(struct vring_desc, flags), offsetof(struct vring_desc, next));
  printf("%zu %zu %zu %zu %zu\\n", offsetof(struct vring_avail, flags), offsetof(struct vring_avail, idx), offsetof(struct vring_avail, ring), offsetof(struct vring_used, ring), sizeof(struct vring_used_elem));
  printf("%d %d %d %d %d %d %d\\n", VRING_DESC_F_NEXT, VRING_DESC_F_WRITE, VRING_DESC_F_INDIRECT, VRING_USED_F_NO_NOTIFY, VRING_AVAIL_F_NO_INTERRUPT, VIRTIO_RING_F_INDIRECT_DESC, VIRTIO_RING_F_EVENT_IDX);
  unsigned nums[] = {8, 64, 256, 1024, 32768};
  for (int i = 0; i < 5; i++) {
    struct vring vr; static char buf[1 << 21] __attribute__((aligned(4096)));
    vring_init(&vr, nums[i], buf, 4096);
    printf("%u %u %ld %ld %ld %ld\\n", nums[i], vring_size(nums[i], 4096), (long)((char *)vr.avail - buf), (long)((char *)vr.used - buf),
           (long)((char *)&vring_used_event(&vr) - (char *)vr.avail), (long)((char *)&vring_avail_event(&vr) - (char *)vr.used));
  }
  unsigned s = 12345;
  for (int i = 0; i < 2000; i++) {
    unsigned short e, n, o;
    s = s * 1103515245 + 12345; e = s >> 8; s = s * 1103515245 + 12345; n = s >> 8; s = s * 1103515245 + 12345; o = (i & 1) ? (unsigned short)(n - (s >> 28)) : (unsigned short)(s >> 8);
    printf("%u %u %u %d\\n", e, n, o, vring_need_event(e, n, o));
  }
  return 0;
}
`,
    );
    const bin = join(dir, 'layout');
    execFileSync(cc!, ['-O0', '-o', bin, src]);
    const lines = execFileSync(bin, { encoding: 'utf8' }).trim().split('\n');
    const nums = (l: string) => l.split(' ').map(Number);
    expect(nums(lines[0]!)).toEqual([VRING_DESC_SIZE, DESC.addr, DESC.len, DESC.flags, DESC.next]);
    expect(nums(lines[1]!)).toEqual([AVAIL.flags, AVAIL.idx, AVAIL.ring, USED.ring, VRING_USED_ELEM_SIZE]);
    expect(nums(lines[2]!)).toEqual([
      VRING_DESC_F_NEXT,
      VRING_DESC_F_WRITE,
      VRING_DESC_F_INDIRECT,
      VRING_USED_F_NO_NOTIFY,
      VRING_AVAIL_F_NO_INTERRUPT,
      VIRTIO_RING_F_INDIRECT_DESC,
      VIRTIO_RING_F_EVENT_IDX,
    ]);
    for (const l of lines.slice(3, 8)) {
      const [n, size, avail, used, usedEv, availEv] = nums(l) as [number, number, number, number, number, number];
      expect(legacyLayout(n, 4096)).toEqual({ desc: 0, avail, used, size });
      expect(usedEventOffset(n)).toBe(usedEv);
      expect(availEventOffset(n)).toBe(availEv);
    }
    for (const l of lines.slice(8)) {
      const [e, n, o, want] = nums(l) as [number, number, number, number];
      expect(vringNeedEvent(e, n, o)).toBe(want === 1);
    }
  });
});
