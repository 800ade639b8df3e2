/**
 * What a beat does to the picture of the whole path: which component acts,
 * and which tokens travel along which links (a kick, a call, a descriptor
 * read or write, a data copy, a wakeup). Node ids come from the world's
 * topology, which the scenario builds from its real objects (its threads,
 * its fds, its memory), and from the event's own fields (an eventfd beat
 * names its fd), so the overview is drawn from engine data, not from a
 * script; a later scenario adds its event types here and its nodes there.
 */
import type { WorldInfoBase, VirtqueueInfo } from '../scenarios/world';
import type { TraceEvent } from './events';

/** What moves along a link. */
export type FlowKind = 'kick' | 'call' | 'wake' | 'irq' | 'desc-write' | 'desc-read' | 'copy' | 'setup';

/** One token on one link, from node to node. */
export interface Flow {
  from: string;
  to: string;
  kind: FlowKind;
}

/** The beat in the overview: the node that acts, and what travels. */
export interface Activity {
  node: string;
  flows: Flow[];
}

/** The activity of `e` in the world `info` (only links the topology has are kept). */
export function activityOf(e: TraceEvent, info: Pick<WorldInfoBase, 'topology'> & { fds?: VirtqueueInfo['fds'] }): Activity {
  const has = (id: string): boolean => info.topology.nodes.some((n) => n.id === id);
  const kick = `fd:${info.fds?.kick ?? -1}`;
  const call = `fd:${info.fds?.call ?? -1}`;
  const f = (from: string, to: string, kind: FlowKind): Flow => ({ from, to, kind });
  let node = e.actor;
  let flows: Flow[] = [];
  switch (e.type) {
    case 'vring_create':
      flows = [f('vcpu0', 'ring', 'desc-write')];
      break;
    case 'vhost_vring_setup':
      node = 'qemu';
      flows = [f('vcpu0', 'qemu', 'setup'), f('qemu', 'vhost', 'setup')];
      break;
    case 'vhost_net_set_backend':
      node = 'qemu';
      flows = [f('qemu', 'tap0', 'setup')];
      break;
    case 'virtnet_buf_prepare':
      flows = e.f.dir === 'tx' ? [f('vcpu0', 'buffers', 'copy')] : [];
      break;
    case 'virtqueue_add_indirect':
    case 'virtqueue_add_desc':
    case 'virtqueue_add_last':
    case 'virtqueue_add_avail':
    case 'virtqueue_publish_avail':
    case 'virtqueue_disable_cb':
    case 'virtqueue_enable_cb':
      flows = [f('vcpu0', 'ring', 'desc-write')];
      break;
    case 'virtqueue_kick_prepare':
    case 'virtqueue_poll':
    case 'virtqueue_get_buf':
    case 'detach_buf':
    case 'virtqueue_get_buf_done':
      flows = [f('ring', 'vcpu0', 'desc-read')];
      break;
    case 'vp_notify':
      flows = [f('vcpu0', 'ioeventfd', 'kick')];
      break;
    case 'eventfd_signal':
      if (e.f.role === 'kick') {
        node = 'ioeventfd';
        flows = [f('ioeventfd', kick, 'kick')];
      } else {
        node = `fd:${e.f.fd}`;
        flows = [f('vhost', call, 'call')];
      }
      break;
    case 'vhost_poll_wakeup': {
      const from = e.stack.includes('tun_net_xmit') ? 'tap0' : e.stack.includes('ioeventfd_write') ? kick : 'qemu';
      node = 'vhost';
      flows = [f(from, 'vhost', 'wake')];
      break;
    }
    case 'kvm_apic_set_irq':
      node = 'lapic';
      flows = [f(call, 'irqfd', 'irq'), f('irqfd', 'lapic', 'irq')];
      break;
    case 'vring_interrupt':
      flows = [f('lapic', 'vcpu0', 'irq')];
      break;
    case 'receive_buf':
      flows = [f('buffers', 'vcpu0', 'copy')];
      break;
    case 'tun_net_xmit':
      node = 'tap0';
      flows = [f('hoststack', 'tap0', 'copy')];
      break;
    case 'vhost_get_avail_idx':
    case 'vhost_get_avail_head':
    case 'vhost_desc_read':
    case 'vhost_get_indirect':
    case 'vhost_notify':
      flows = [f('ring', 'vhost', 'desc-read')];
      break;
    case 'vhost_disable_notify':
    case 'vhost_enable_notify':
    case 'vhost_add_used':
    case 'vhost_publish_used':
      flows = [f('vhost', 'ring', 'desc-write')];
      break;
    case 'vhost_net_build_xdp':
      flows = [f('buffers', 'vhost', 'copy')];
      break;
    case 'tun_sendmsg':
      flows = [f('vhost', 'tap0', 'copy')];
      break;
    case 'tun_recvmsg':
      flows = e.f.discarded ? [] : [f('tap0', 'buffers', 'copy')];
      break;
    case 'vhost_net_rx_peek_head_len':
      flows = [f('tap0', 'vhost', 'desc-read')];
      break;
    default:
      break;
  }
  const keep = flows.filter((x) => has(x.from) && has(x.to));
  return { node: has(node) ? node : e.actor, flows: keep };
}
