/**
 * What every function of the modelled vhost library reaches: the one
 * registered socket (`struct vhost_user_socket`), its connection's device
 * (`struct virtio_net`, arena words), the process (ovs-vswitchd) whose fd
 * table and address space the library uses, the fdset of the vhost-events
 * thread, and the application's callbacks (`struct rte_vhost_device_ops`).
 * One DpdkVhost (engine/ovs/netdev-dpdk.ts) owns one of these per port.
 */
import { dpdkConfigLine, type DpdkEra, type DpdkLogLevel } from '../../abi/vhost-user-log';
import type { Arena } from '../../mem/arena';
import type { Process } from '../../os/fd-table';
import type { AddressSpace } from '../../os/memfd';
import type { UnixSockets } from '../../os/unix-socket';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';
import type { VuWire } from '../../vhost-user/wire';
import type { DeviceState } from './device';
import type { Fdset } from './fd-man';

/** struct rte_vhost_device_ops: the application's callbacks (OVS's virtio_net_device_ops). */
export interface VhostDeviceOps {
  newDevice(ctx: ActorContext, vid: number): Gen<number>;
  destroyDevice(ctx: ActorContext, vid: number): Gen<void>;
  vringStateChanged(ctx: ActorContext, vid: number, vring: number, enable: boolean): Gen<number>;
}

export interface VhostLib {
  era: VuEra;
  dpdkEra: DpdkEra;
  /** vsocket->path (dev->ifname). */
  path: string;
  /** RTE_VHOST_USER_CLIENT: connect (and reconnect) instead of listen. */
  client: boolean;
  /** vsocket->reconnect: client mode without RTE_VHOST_USER_NO_RECONNECT. */
  reconnect: boolean;
  net: UnixSockets;
  proc: Process;
  arena: Arena;
  wire: VuWire;
  dev: DeviceState;
  /** ovs-vswitchd's mmap area: where SET_MEM_TABLE maps the guest's memory files. */
  as: AddressSpace;
  fdset: Fdset;
  /** vsocket->features / protocol_features after the application's adjustments. */
  features: bigint;
  protocolFeatures: bigint;
  /** rte_vhost_driver_get_queue_num: VHOST_MAX_QUEUE_PAIRS (0x80) for the builtin net device. */
  queueNum: number;
  /** Set by rte_vhost_driver_callback_register. */
  ops: VhostDeviceOps | null;
  /** Registered (rte_vhost_driver_register ran and unregister did not). */
  registered: boolean;
}

/** Print one VHOST_CONFIG line as the era does; DEBUG lines are below DPDK's default level and print nothing. */
export function* dpdkLog(ctx: ActorContext, v: VhostLib, level: DpdkLogLevel, msg: string): Gen<void> {
  if (level === 'DEBUG') return;
  const line = dpdkConfigLine(v.dpdkEra, v.path, level, msg);
  if (ctx.tracing) yield ctx.ev('dpdk_log', { level, text: line.text });
}

/** A continuation line of a multi-line RTE_LOG (19.11 prints the memory-region block as one call): no prefix. */
export function* dpdkLogRaw(ctx: ActorContext, level: DpdkLogLevel, text: string): Gen<void> {
  if (ctx.tracing) yield ctx.ev('dpdk_log', { level, text });
}

/** strerror(3) of the errnos the socket code can meet. */
export function strerror(neg: number): string {
  switch (-neg) {
    case 2:
      return 'No such file or directory';
    case 98:
      return 'Address already in use';
    case 111:
      return 'Connection refused';
    case 11:
      return 'Resource temporarily unavailable';
    default:
      return `Unknown error ${-neg}`;
  }
}

/** 0x-hex of a number or bigint as PRIx64 prints it after a literal "0x". */
export function hex(v: number | bigint): string {
  return BigInt(v).toString(16);
}
