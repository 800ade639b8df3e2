/**
 * What a written vhost-user message says, read back from its bytes (vu_send's
 * `hex`) with the engine's codec, so a caption can name the values on the
 * wire rather than repeat the header. Which member of the payload union to
 * read follows the direction: a front-end request, a back-end request on the
 * backend channel, or a reply (a body for GET_* requests, else a u64 ack).
 */
import {
  VHOST_USER_HDR_SIZE,
  VHOST_USER_REQUESTS,
  VHOST_USER_SLAVE_REQUESTS,
  parseVhostUserPayload,
  vhostUserPayloadKind,
  type VhostUserPayload,
  type VhostUserPayloadKind,
} from '@/engine/abi/vhost-user';
import { VIRTIO_CONFIG_S_ACKNOWLEDGE, VIRTIO_CONFIG_S_DRIVER, VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_FAILED, VIRTIO_CONFIG_S_FEATURES_OK, VIRTIO_CONFIG_S_NEEDS_RESET } from '@/engine/abi/virtio-pci';
import { fromHex } from '@/engine/vhost-user/wire';

/** The fields of a written message a caption reads its payload from. */
export interface SentMessage {
  from: 'qemu' | 'dpdk';
  request: number;
  size: number;
  hex: string;
  reply: boolean;
}

/** The payload kind of a message in its direction. */
function kindOf(m: SentMessage): VhostUserPayloadKind {
  if (m.reply) {
    // A reply carries the request's body (GET_FEATURES: u64, GET_VRING_BASE: state) or, for the rest, the REPLY_ACK u64.
    const table = m.from === 'dpdk' ? VHOST_USER_REQUESTS : VHOST_USER_SLAVE_REQUESTS;
    return table.get(m.request)?.replyPayload ?? 'u64';
  }
  if (m.from === 'dpdk') return VHOST_USER_SLAVE_REQUESTS.get(m.request)?.payload ?? 'raw';
  return vhostUserPayloadKind(m.request);
}

/** The payload as sent, or null when the bytes are not a whole header (a caption then says less, never something wrong). */
export function sentPayload(m: SentMessage): VhostUserPayload | null {
  const bytes = fromHex(m.hex);
  if (!bytes || bytes.length < VHOST_USER_HDR_SIZE) return null;
  const body = bytes.subarray(VHOST_USER_HDR_SIZE, VHOST_USER_HDR_SIZE + m.size);
  if (body.length < m.size) return null;
  return parseVhostUserPayload(kindOf(m), body);
}

/** A u64 as C prints it with %#llx. */
export function hex64(v: bigint | number): string {
  const n = BigInt(v);
  return n === 0n ? '0' : `0x${n.toString(16)}`;
}

/** Whether feature bit `bit` is set in `v`. */
export function hasBit(v: bigint, bit: number): boolean {
  return ((v >> BigInt(bit)) & 1n) === 1n;
}

/** The virtio device status bits (VIRTIO_CONFIG_S_*), lowest first. */
const STATUS_NAMES: Array<[number, string]> = [
  [VIRTIO_CONFIG_S_ACKNOWLEDGE, 'ACKNOWLEDGE'],
  [VIRTIO_CONFIG_S_DRIVER, 'DRIVER'],
  [VIRTIO_CONFIG_S_DRIVER_OK, 'DRIVER_OK'],
  [VIRTIO_CONFIG_S_FEATURES_OK, 'FEATURES_OK'],
  [VIRTIO_CONFIG_S_NEEDS_RESET, 'DEVICE_NEEDS_RESET'],
  [VIRTIO_CONFIG_S_FAILED, 'FAILED'],
];

/** A status byte as names joined with |, or "0 (reset)". */
export function statusNames(v: number): string {
  if (v === 0) return '0';
  return STATUS_NAMES.filter(([bit]) => v & bit)
    .map(([, name]) => name)
    .join(' | ');
}
