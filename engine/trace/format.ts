/**
 * One line of text per event, for the command line and for logs: the actor,
 * the innermost real function and what happened, in the terse style of a
 * kernel trace. The prose panel says the same things in sentences.
 */
import { descFlagNames } from '../abi/virtio-ring';
import type { TraceEvent } from './events';

const hex = (n: number): string => `0x${n.toString(16)}`;

/** A short description of the event's fields. */
export function describe(e: TraceEvent): string {
  switch (e.type) {
    case 'vring_create':
      return `queue ${e.f.queue} num ${e.f.num} desc ${hex(e.f.desc)} avail ${hex(e.f.avail)} used ${hex(e.f.used)} event_idx ${+e.f.eventIdx} indirect ${+e.f.indirect}`;
    case 'vhost_vring_setup':
      return `VHOST_SET_VRING_NUM/BASE/ADDR/KICK/CALL vq ${e.f.queue}: num ${e.f.num} desc ${hex(e.f.descHva)} kick fd ${e.f.kickFd} call fd ${e.f.callFd}`;
    case 'virtnet_buf_prepare':
      return `${e.f.dir} buffer ${e.f.pkt}: hdr ${hex(e.f.hdr)} data ${hex(e.f.data)} len ${e.f.len}`;
    case 'virtqueue_add_no_room':
      return `num_free ${e.f.numFree} < ${e.f.needed}: queue stopped`;
    case 'virtqueue_add_indirect':
      return `head ${e.f.head}: indirect table ${hex(e.f.table)} with ${e.f.count} entries`;
    case 'virtqueue_add_desc':
      return `${e.f.indirect ? 'indirect ' : ''}desc[${e.f.desc}] = { addr ${hex(e.f.addr)}, len ${e.f.len}, flags ${descFlagNames(e.f.flags)}, next ${e.f.next} }`;
    case 'virtqueue_add_avail':
      return `avail->ring[${e.f.slot}] = ${e.f.head} (num_free ${e.f.numFree}, free_head ${e.f.freeHead})`;
    case 'virtqueue_publish_avail':
      return `avail->idx ${e.f.old} -> ${e.f.new}`;
    case 'virtqueue_kick_prepare':
      return e.f.reason === 'event-idx'
        ? `vring_need_event(avail_event ${e.f.availEvent}, new ${e.f.new}, old ${e.f.old}) = ${e.f.needsKick}`
        : `used->flags ${hex(e.f.usedFlags)}: ${e.f.needsKick ? 'kick' : 'NO_NOTIFY, no kick'}`;
    case 'vp_notify':
      return `iowrite16(${e.f.queue}) -> ioeventfd -> eventfd fd ${e.f.fd} count ${e.f.count}${e.f.wokeWorker ? ', vhost worker woken' : ''}`;
    case 'virtqueue_disable_cb':
      return `avail->flags ${hex(e.f.availFlags)} used_event ${e.f.usedEvent}`;
    case 'virtqueue_enable_cb':
      return `avail->flags ${hex(e.f.availFlags)} used_event ${e.f.usedEvent}${e.f.delayed ? ' (delayed)' : ''}`;
    case 'virtqueue_poll':
      return `last_used_idx ${e.f.lastUsed} used->idx ${e.f.usedIdx}: ${e.f.more ? 'more' : 'empty'}`;
    case 'virtqueue_get_buf':
      return `used->ring[${e.f.slot}] = { id ${e.f.id}, len ${e.f.len} }`;
    case 'detach_buf':
      return `head ${e.f.head} (${e.f.count} desc) freed: num_free ${e.f.numFree} last_used_idx ${e.f.lastUsed}${e.f.usedEvent === null ? '' : ` used_event ${e.f.usedEvent}`}`;
    case 'vring_bad_ring':
      return `BAD_RING: ${e.f.message}`;
    case 'virtnet_buf_done':
      return `${e.f.dir} frame ${e.f.pkt} ${e.f.dir === 'rx' ? `received, len ${e.f.len}, ${e.f.ok ? 'intact' : 'CORRUPT'}` : 'completed, skb freed'}`;
    case 'vring_interrupt':
      return `vector ${hex(e.f.vector)} queue ${e.f.queue}`;
    case 'guest_halt':
      return 'hlt: waiting for an interrupt';
    case 'guest_corrupt':
      return `guest corrupts head ${e.f.desc}: ${e.f.what}`;
    case 'tun_net_xmit':
      return `frame ${e.f.pkt} (${e.f.len} B) queued on tap0${e.f.wokeWorker ? ', vhost worker woken' : ''}`;
    case 'vhost_worker_wake':
      return `work: ${e.f.work}`;
    case 'vhost_busy_poll':
      return `polling: avail->idx ${e.f.availIdx} last_avail_idx ${e.f.lastAvail}${e.f.dir === 'rx' ? `, tap0 has ${e.f.tapPending}` : ''}: nothing to do yet`;
    case 'vhost_worker_sleep':
      return 'work list empty: schedule()';
    case 'vhost_disable_notify':
      return e.f.eventIdx ? 'NO_NOTIFY in the shadow only (EVENT_IDX)' : `used->flags = ${hex(e.f.usedFlags)}`;
    case 'vhost_enable_notify':
      return `used->flags ${hex(e.f.usedFlags)} avail_event ${e.f.availEvent}; avail->idx ${e.f.availIdx}: ${e.f.more ? 'more arrived' : 'empty'}`;
    case 'vhost_get_avail_idx':
      return `avail->idx ${e.f.availIdx} last_avail_idx ${e.f.lastAvail}: ${e.f.pending} pending`;
    case 'vhost_get_avail_head':
      return `avail->ring[${e.f.slot}] = head ${e.f.head}`;
    case 'vhost_desc_read':
      return `${e.f.indirect ? 'indirect ' : ''}desc[${e.f.desc}] { addr ${hex(e.f.addr)}, len ${e.f.len}, flags ${descFlagNames(e.f.flags)}, next ${e.f.next} }${e.f.hva >= 0 ? ` -> hva ${hex(e.f.hva)}` : ''}`;
    case 'vhost_get_indirect':
      return `desc[${e.f.desc}] -> indirect table ${hex(e.f.table)}, ${e.f.count} entries`;
    case 'vhost_copy':
      return `${e.f.dir === 'tx' ? 'tun_sendmsg' : 'tun_recvmsg'}: frame ${e.f.pkt}, ${e.f.bytes} B, head ${e.f.head}${e.f.ok ? '' : ' (BAD)'}`;
    case 'vhost_add_used':
      return `used->ring[${e.f.slot}] = { id ${e.f.id}, len ${e.f.len} }`;
    case 'vhost_publish_used':
      return `used->idx ${e.f.old} -> ${e.f.new}`;
    case 'vhost_notify':
      return e.f.reason === 'flags'
        ? `avail->flags ${hex(e.f.availFlags)}: ${e.f.notify ? 'interrupt' : 'NO_INTERRUPT, none'}`
        : e.f.reason === 'first'
          ? 'first signal (signalled_used not valid yet): interrupt'
          : `vring_need_event(used_event ${e.f.usedEvent}, new ${e.f.new}, old ${e.f.old}) = ${e.f.notify}`;
    case 'vhost_signal':
      return `eventfd_signal(call fd ${e.f.fd}) -> irqfd -> vector ${hex(e.f.vector)}${e.f.injected ? ' injected' : ''}`;
    case 'vq_err':
      return `vq_err: ${e.f.message}`;
    case 'scenario_done':
      return `all ${e.f.packets} buffers used and reclaimed: ${e.f.kicks} kicks, ${e.f.calls} calls`;
  }
}

/** One text line: seq, thread, event type, description. */
export function formatLine(e: TraceEvent): string {
  return `${String(e.seq).padStart(5)} ${e.actor.padEnd(9)} ${e.type}: ${describe(e)}`;
}
