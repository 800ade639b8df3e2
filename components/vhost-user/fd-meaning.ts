/**
 * What each fd riding on a vhost-user message refers to, read from the
 * message itself (the vhost-user spec says which requests carry fds and in
 * what order): SET_MEM_TABLE sends one memory fd per region in region order,
 * SET_VRING_KICK / CALL / ERR one eventfd for the vring in the u64's low
 * byte, and so on. The UI words for each kind are in the i18n table.
 */
import {
  VHOST_USER_HDR,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_VRING_IDX_MASK,
  VRING_AREA,
} from '@/engine/abi/vhost-user';
import type { MessageDirection } from './field-map';

/** What one passed fd is. */
export interface FdMeaning {
  what: 'region' | 'kick' | 'call' | 'err' | 'log' | 'log-fd' | 'backend-channel' | 'inflight' | 'gpu-socket' | 'host-notifier' | 'userfaultfd' | 'unknown';
  /** The memory region or vring it belongs to, when there is one. */
  index: number | null;
}

/** The meaning of each of the `count` fds sent with the message `bytes`, written by `dir.from`. */
export function fdMeanings(bytes: Uint8Array, count: number, dir: MessageDirection): FdMeaning[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const request = bytes.length >= 4 ? dv.getUint32(VHOST_USER_HDR.request, true) : -1;
  const low = (at: number) => (bytes.length > at ? bytes[at]! & VHOST_USER_VRING_IDX_MASK : null);
  const vring = low(VHOST_USER_HDR_SIZE);
  const each = (what: FdMeaning['what'], index: (i: number) => number | null): FdMeaning[] => Array.from({ length: count }, (_, i) => ({ what, index: index(i) }));
  if (dir.from === 'dpdk' && dir.reply) {
    // GET_INFLIGHT_FD and POSTCOPY_ADVISE answer with an fd.
    if (request === 31) return each('inflight', () => null);
    if (request === 28) return each('userfaultfd', () => null);
    return each('unknown', () => null);
  }
  if (dir.from === 'dpdk') {
    // VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG: the page to map for the vring in area.u64.
    if (request === 3) return each('host-notifier', () => low(VHOST_USER_HDR_SIZE + VRING_AREA.u64));
    return each('unknown', () => null);
  }
  if (dir.reply) return each('unknown', () => null);
  switch (request) {
    case 5:
      return each('region', (i) => i);
    case 6:
      return each('log', () => null);
    case 7:
      return each('log-fd', () => null);
    case 12:
      return each('kick', () => vring);
    case 13:
      return each('call', () => vring);
    case 14:
      return each('err', () => vring);
    case 21:
      return each('backend-channel', () => null);
    case 32:
      return each('inflight', () => null);
    case 33:
      return each('gpu-socket', () => null);
    case 37:
      return each('region', () => null);
    default:
      return each('unknown', () => null);
  }
}
