/**
 * The walkthrough's fault switch: spoil one message on its way out of the
 * front-end, as a buggy or hostile front-end might write it, so the reader
 * sees how DPDK's back-end refuses it. QEMU never sends these; the beat that
 * announces the spoiling (vu_fault_injected) is labelled as the walkthrough's
 * own, not QEMU's.
 */
import { MEM_REGION, MEMORY, VHOST_USER_HDR, VHOST_USER_HDR_SIZE, VHOST_USER_SET_MEM_TABLE, VHOST_USER_SET_VRING_KICK, VHOST_USER_SET_VRING_NUM, VRING_STATE } from '../abi/vhost-user';

export type VuFault = 'fd-count' | 'vring-index' | 'size-too-large' | 'unhandled-request' | 'region-overflow';

/** Which request each fault spoils (the first one of that kind the front-end writes). */
export const FAULT_TARGET: Readonly<Record<VuFault, number>> = {
  'fd-count': VHOST_USER_SET_VRING_KICK,
  'vring-index': VHOST_USER_SET_VRING_NUM,
  'unhandled-request': VHOST_USER_SET_VRING_NUM,
  'size-too-large': VHOST_USER_SET_MEM_TABLE,
  'region-overflow': VHOST_USER_SET_MEM_TABLE,
};

/** A vring index past DPDK's VHOST_MAX_VRING (0x100). */
const BAD_VRING = 0x12c;
/** A request number neither DPDK 19.11 nor 22.11 handles (QEMU 7.2 reserves 35, VHOST_USER_VRING_KICK, for in-band kicks). */
const UNHANDLED_REQUEST = 35;
/** A header size no DPDK payload has (the union is 632 bytes). */
const OVERSIZE = 0x1000;

/** The spoiled bytes and fds of `bytes`/`fds` for `fault` (new arrays; the inputs are left as they were). */
export function spoil(fault: VuFault, bytes: Uint8Array, fds: readonly number[]): { bytes: Uint8Array; fds: number[] } {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  switch (fault) {
    case 'fd-count':
      // The u64 says "fd attached" (NOFD bit clear) but no SCM_RIGHTS data goes with it.
      return { bytes: out, fds: [] };
    case 'vring-index':
      v.setUint32(VHOST_USER_HDR_SIZE + VRING_STATE.index, BAD_VRING, true);
      return { bytes: out, fds: [...fds] };
    case 'unhandled-request':
      v.setUint32(VHOST_USER_HDR.request, UNHANDLED_REQUEST, true);
      return { bytes: out, fds: [...fds] };
    case 'size-too-large':
      v.setUint32(VHOST_USER_HDR.size, OVERSIZE, true);
      return { bytes: out, fds: [...fds] };
    case 'region-overflow':
      // Region 0's mmap_offset so large that offset + memory_size wraps past 2^64.
      v.setBigUint64(VHOST_USER_HDR_SIZE + MEMORY.regions + MEM_REGION.mmapOffset, 0xffff_ffff_ffff_f000n, true);
      return { bytes: out, fds: [...fds] };
  }
}
