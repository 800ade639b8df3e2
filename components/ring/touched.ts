/**
 * What one trace event touched, as places the views can light up: rows of
 * the descriptor table, slots of the avail and used rings, header fields,
 * guest memory ranges and file descriptors. One switch over the catalog,
 * with an exhaustiveness check, so a new event type must say what it touches.
 */
import type { RangeLabel } from '@/content/labels';
import type { VirtqueueInfo } from '@/engine/scenarios/world';
import type { TraceEvent } from '@/engine/trace/events';
import type { ChainWalk } from './chains';

/** The ring header fields a beat can read or write. */
export type RingField = 'availFlags' | 'availIdx' | 'usedEvent' | 'usedFlags' | 'usedIdx' | 'availEvent';

/** A guest-physical range, labelled for the memory map. */
export interface GpaRange {
  gpa: number;
  len: number;
  label: RangeLabel;
}

/** Everything one beat touched. */
export interface Touch {
  desc: number[];
  /** Rows of the indirect table in view that this beat touched. */
  indirectRows: number[];
  avail: number[];
  used: number[];
  fields: RingField[];
  mem: GpaRange[];
  /** A file descriptor signalled by this beat, and which way. */
  fd: { fd: number; kind: 'kick' | 'call' } | null;
  /** Head of the chain whose buffers this beat moved (the memory view resolves its ranges). */
  chainBuffers: number | null;
  /** Whether this beat concerns an error (vq_err, BAD_RING, a corrupted chain). */
  error: boolean;
}

/** A Touch with nothing in it. */
export function emptyTouch(): Touch {
  return { desc: [], indirectRows: [], avail: [], used: [], fields: [], mem: [], fd: null, chainBuffers: null, error: false };
}

/** What `e` touched; `walk` is the chain walk up to and including `e`. */
export function touchedBy(e: TraceEvent | null, info: VirtqueueInfo, walk: ChainWalk): Touch {
  const t = emptyTouch();
  if (!e) return t;
  const mask = info.ring.num - 1;
  switch (e.type) {
    case 'vring_create':
      t.fields.push('availFlags', 'availIdx', 'usedFlags', 'usedIdx');
      t.mem.push({ gpa: e.f.desc, len: e.f.used - e.f.desc, label: { what: 'vring' } });
      break;
    case 'vhost_vring_setup':
    case 'vhost_net_set_backend':
      break;
    case 'virtnet_buf_prepare':
      for (const sg of e.f.sgs.slice(0, 4)) t.mem.push({ gpa: sg.addr, len: sg.len, label: { what: sg.addr === e.f.hdr && sg.len === e.f.hdrLen ? 'virtio_net_hdr' : e.f.dir === 'tx' ? 'frame' : 'rx-buffer' } });
      break;
    case 'virtqueue_add_enospc':
    case 'netif_tx_stop_queue':
    case 'netif_tx_wake_queue':
      break;
    case 'virtqueue_add_indirect':
      t.desc.push(e.f.head);
      t.mem.push({ gpa: e.f.table, len: e.f.count * 16, label: { what: 'indirect-table' } });
      break;
    case 'virtqueue_add_desc':
      if (e.f.indirect) t.indirectRows.push(e.f.desc);
      else t.desc.push(e.f.desc);
      t.mem.push({ gpa: e.f.addr, len: e.f.len, label: { what: 'desc-buffer', desc: e.f.desc, indirect: e.f.indirect } });
      break;
    case 'virtqueue_add_last':
      if (e.f.indirect) t.indirectRows.push(e.f.desc);
      else t.desc.push(e.f.desc);
      break;
    case 'virtqueue_add_avail':
      t.avail.push(e.f.slot & mask);
      break;
    case 'virtqueue_publish_avail':
      t.fields.push('availIdx');
      break;
    case 'virtqueue_kick_prepare':
      t.fields.push(e.f.reason === 'event-idx' ? 'availEvent' : 'usedFlags');
      break;
    case 'vp_notify':
      break;
    case 'eventfd_signal':
      t.fd = { fd: e.f.fd, kind: e.f.role };
      break;
    case 'vhost_poll_wakeup':
    case 'kvm_apic_set_irq':
    case 'napi_schedule':
      break;
    case 'virtqueue_disable_cb':
      if (e.f.wrote === 'flags') t.fields.push('availFlags');
      if (e.f.wrote === 'used_event') t.fields.push('usedEvent');
      break;
    case 'virtqueue_enable_cb':
      t.fields.push(info.ring.eventIdx ? 'usedEvent' : 'availFlags');
      break;
    case 'virtqueue_poll':
      t.fields.push('usedIdx');
      break;
    case 'virtqueue_get_buf':
      t.used.push(e.f.slot & mask);
      break;
    case 'detach_buf':
      t.desc.push(...(walk.current?.descs ?? [e.f.head]));
      break;
    case 'virtqueue_get_buf_done':
      if (e.f.usedEvent !== null) t.fields.push('usedEvent');
      break;
    case 'vring_bad_ring':
      t.error = true;
      break;
    case 'virtnet_tx_done':
      break;
    case 'receive_buf':
      t.error = !e.f.ok;
      break;
    case 'vring_interrupt':
    case 'guest_halt':
      break;
    case 'guest_corrupt':
      if (e.f.desc >= 0) t.desc.push(e.f.desc);
      else t.fields.push('availIdx');
      t.error = true;
      break;
    case 'tun_net_xmit':
    case 'vhost_worker_wake':
    case 'vhost_worker_sleep':
    case 'vhost_exceeds_weight':
    case 'vhost_net_poll':
      break;
    case 'vhost_busy_poll':
      t.fields.push('availIdx');
      break;
    case 'vhost_disable_notify':
      if (!e.f.eventIdx) t.fields.push('usedFlags');
      break;
    case 'vhost_enable_notify':
      t.fields.push(info.ring.eventIdx ? 'availEvent' : 'usedFlags');
      break;
    case 'vhost_get_avail_idx':
      t.fields.push('availIdx');
      break;
    case 'vhost_get_avail_head':
      t.avail.push(e.f.slot & mask);
      break;
    case 'vhost_desc_read':
      if (e.f.indirect) t.indirectRows.push(e.f.desc);
      else t.desc.push(e.f.desc);
      if (e.f.hva >= 0) t.mem.push({ gpa: e.f.addr, len: e.f.len, label: { what: 'desc-buffer', desc: e.f.desc, indirect: e.f.indirect } });
      break;
    case 'vhost_get_indirect':
      t.desc.push(e.f.desc);
      t.mem.push({ gpa: e.f.table, len: e.f.count * 16, label: { what: 'indirect-table' } });
      break;
    case 'vhost_discard_vq_desc':
    case 'vhost_net_rx_peek_head_len':
      break;
    case 'vhost_net_build_xdp':
      t.chainBuffers = e.f.head;
      t.desc.push(...(walk.current?.descs ?? [e.f.head]));
      break;
    case 'get_rx_bufs':
      t.desc.push(...e.f.heads.map((h) => h.id));
      break;
    case 'tun_recvmsg':
      if (walk.current) {
        t.chainBuffers = walk.current.head;
        t.desc.push(...walk.current.descs);
      }
      break;
    case 'vhost_net_heads':
      t.desc.push(...e.f.heads.map((h) => h.id));
      break;
    case 'tun_sendmsg':
      break;
    case 'vhost_add_used':
      for (let k = 0; k < e.f.entries.length; k++) t.used.push((e.f.slot + k) & mask);
      break;
    case 'vhost_publish_used':
      t.fields.push('usedIdx');
      break;
    case 'vhost_notify':
      t.fields.push(e.f.reason === 'flags' ? 'availFlags' : 'usedEvent');
      break;
    case 'vq_err':
      if (e.f.head >= 0) t.desc.push(e.f.head);
      t.error = true;
      break;
    default:
      // Every other beat (the end marker, register accesses, interrupt routing) touches no part of the ring.
      break;
  }
  return t;
}
