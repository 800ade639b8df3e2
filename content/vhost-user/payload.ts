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

/** The protocol feature bits by number, as QEMU 7.2 and DPDK 22.11 name them (VHOST_USER_PROTOCOL_F_*). */
const PROTOCOL_FEATURE_NAMES = [
  'MQ',
  'LOG_SHMFD',
  'RARP',
  'REPLY_ACK',
  'NET_MTU',
  'SLAVE_REQ',
  'CROSS_ENDIAN',
  'CRYPTO_SESSION',
  'PAGEFAULT',
  'CONFIG',
  'SLAVE_SEND_FD',
  'HOST_NOTIFIER',
  'INFLIGHT_SHMFD',
  'RESET_DEVICE',
  'INBAND_NOTIFICATIONS',
  'CONFIGURE_MEM_SLOTS',
  'STATUS',
] as const;

/** The names of the protocol feature bits set in `v` (unknown bits as "bit n"). */
export function protocolFeatureNames(v: bigint): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if ((v >> BigInt(bit)) & 1n) out.push(PROTOCOL_FEATURE_NAMES[bit] ?? `bit ${bit}`);
  }
  return out;
}

/** VHOST_USER_F_PROTOCOL_FEATURES: bit 30 of the virtio feature word, the back-end's "I speak protocol features". */
export const VHOST_USER_F_PROTOCOL_FEATURES = 30;

/** Whether feature bit `bit` is set in `v`. */
export function hasBit(v: bigint, bit: number): boolean {
  return ((v >> BigInt(bit)) & 1n) === 1n;
}

/** The virtio device status bits (VIRTIO_CONFIG_S_*), lowest first. */
const STATUS_NAMES: Array<[number, string]> = [
  [0x01, 'ACKNOWLEDGE'],
  [0x02, 'DRIVER'],
  [0x04, 'DRIVER_OK'],
  [0x08, 'FEATURES_OK'],
  [0x40, 'DEVICE_NEEDS_RESET'],
  [0x80, 'FAILED'],
];

/** A status byte as names joined with |, or "0 (reset)". */
export function statusNames(v: number): string {
  if (v === 0) return '0';
  return STATUS_NAMES.filter(([bit]) => v & bit)
    .map(([, name]) => name)
    .join(' | ');
}

/** VIRTIO_CONFIG_S_DRIVER_OK. */
export const DRIVER_OK = 0x04;
