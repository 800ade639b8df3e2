/**
 * Names of the bits a vhost-user u64 can carry, for the byte inspector and the captions: the
 * virtio feature bits a net device and its transport negotiate (virtio spec
 * §5.1.3 and §6; VHOST_USER_F_PROTOCOL_FEATURES is bit 30 by the vhost-user
 * spec), and the protocol feature bits (VHOST_USER_PROTOCOL_F_*, from the
 * codec's own constants so the two never disagree).
 */
import * as abi from './vhost-user';

const VIRTIO_FEATURES: Readonly<Record<number, string>> = {
  0: 'VIRTIO_NET_F_CSUM',
  1: 'VIRTIO_NET_F_GUEST_CSUM',
  2: 'VIRTIO_NET_F_CTRL_GUEST_OFFLOADS',
  3: 'VIRTIO_NET_F_MTU',
  5: 'VIRTIO_NET_F_MAC',
  6: 'VIRTIO_NET_F_GSO',
  7: 'VIRTIO_NET_F_GUEST_TSO4',
  8: 'VIRTIO_NET_F_GUEST_TSO6',
  9: 'VIRTIO_NET_F_GUEST_ECN',
  10: 'VIRTIO_NET_F_GUEST_UFO',
  11: 'VIRTIO_NET_F_HOST_TSO4',
  12: 'VIRTIO_NET_F_HOST_TSO6',
  13: 'VIRTIO_NET_F_HOST_ECN',
  14: 'VIRTIO_NET_F_HOST_UFO',
  15: 'VIRTIO_NET_F_MRG_RXBUF',
  16: 'VIRTIO_NET_F_STATUS',
  17: 'VIRTIO_NET_F_CTRL_VQ',
  18: 'VIRTIO_NET_F_CTRL_RX',
  19: 'VIRTIO_NET_F_CTRL_VLAN',
  20: 'VIRTIO_NET_F_CTRL_RX_EXTRA',
  21: 'VIRTIO_NET_F_GUEST_ANNOUNCE',
  22: 'VIRTIO_NET_F_MQ',
  23: 'VIRTIO_NET_F_CTRL_MAC_ADDR',
  24: 'VIRTIO_F_NOTIFY_ON_EMPTY',
  27: 'VIRTIO_F_ANY_LAYOUT',
  28: 'VIRTIO_RING_F_INDIRECT_DESC',
  29: 'VIRTIO_RING_F_EVENT_IDX',
  30: 'VHOST_USER_F_PROTOCOL_FEATURES',
  32: 'VIRTIO_F_VERSION_1',
  33: 'VIRTIO_F_ACCESS_PLATFORM',
  34: 'VIRTIO_F_RING_PACKED',
  35: 'VIRTIO_F_IN_ORDER',
  36: 'VIRTIO_F_ORDER_PLATFORM',
  37: 'VIRTIO_F_SR_IOV',
  38: 'VIRTIO_F_NOTIFICATION_DATA',
  57: 'VIRTIO_NET_F_HASH_REPORT',
  60: 'VIRTIO_NET_F_RSS',
  61: 'VIRTIO_NET_F_RSC_EXT',
  62: 'VIRTIO_NET_F_STANDBY',
  63: 'VIRTIO_NET_F_SPEED_DUPLEX',
};

const PREFIX = 'VHOST_USER_PROTOCOL_F_';
// Every VHOST_USER_PROTOCOL_F_<NAME> = bit constant except the MAX sentinel; where the codec has an old and a new
// spelling for one bit (SLAVE_REQ / BACKEND_REQ) the first one declared wins, which is QEMU 7.2's.
const PROTOCOL_FEATURES: Readonly<Record<number, string>> = Object.entries(abi).reduce<Record<number, string>>((acc, [name, value]) => {
  if (name.startsWith(PREFIX) && name !== `${PREFIX}MAX` && typeof value === 'number' && !(value in acc)) acc[value] = name;
  return acc;
}, {});

function bitsOf(v: bigint, names: Readonly<Record<number, string>>): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 64; bit++) if ((v >> BigInt(bit)) & 1n) out.push(names[bit] ?? `bit ${bit}`);
  return out;
}

/** The virtio feature bits set in `v`, by name (unknown bits as "bit N"). */
export function virtioFeatureNames(v: bigint): string[] {
  return bitsOf(v, VIRTIO_FEATURES);
}

/** The vhost-user protocol feature bits set in `v`, by name; `short` drops the VHOST_USER_PROTOCOL_F_ prefix ("MQ", "REPLY_ACK"). */
export function protocolFeatureNames(v: bigint, short = false): string[] {
  const names = bitsOf(v, PROTOCOL_FEATURES);
  return short ? names.map((n) => n.replace(PREFIX, '')) : names;
}
