/**
 * One line of text per event, for the command line and for logs: the actor,
 * the innermost real function of the beat's stack and what happened, in the
 * terse style of a kernel trace. A beat that is a call of that function shows
 * it as `name()`; a beat that is a moment inside it shows `name › what`.
 * The prose panel says the same things in sentences.
 */
import { descFlagNames } from '../abi/virtio-ring';
import { EVENT_INFO, type EventInfo, type TraceEvent, type UsedElem } from './events';
import { FRAMES, frameName, type FrameId } from './frames';

const hex = (n: number): string => `0x${n.toString(16)}`;
const elems = (es: readonly UsedElem[]): string => es.map((e) => `{${e.id},${e.len}}`).join(' ');

/** The innermost frame of a beat's stack (every beat but the engine's own has one). */
export function innermost(e: Pick<TraceEvent, 'stack'>): FrameId | undefined {
  return e.stack[e.stack.length - 1];
}

/** Whether the beat is a call of its innermost function (otherwise it is a moment inside it). */
export function isCall(e: TraceEvent): boolean {
  const info: EventInfo = EVENT_INFO[e.type];
  return info.fn !== undefined && info.fn === innermost(e);
}

/** A short description of the event's fields. */
export function describe(e: TraceEvent): string {
  switch (e.type) {
    case 'vring_create':
      return `queue ${e.f.queue} num ${e.f.num}: desc ${hex(e.f.desc)} avail ${hex(e.f.avail)} used ${hex(e.f.used)}, event_idx ${+e.f.eventIdx} indirect ${+e.f.indirect}; MSI-X entry ${e.f.msixEntry} "${e.f.irqName}" -> ${e.f.handler}`;
    case 'vhost_vring_setup':
      return `VHOST_SET_VRING_NUM ${e.f.num}, _BASE 0, _ADDR desc ${hex(e.f.descHva)}, _KICK fd ${e.f.kickFd} (call fd ${e.f.callFd} set earlier)`;
    case 'vhost_net_set_backend':
      return `VHOST_NET_SET_BACKEND vq ${e.f.queue} fd ${e.f.tapFd}: poll tap0 for ${e.f.mask}${e.f.queued ? `, ready: ${e.f.queued} queued` : ''}`;
    case 'virtnet_buf_prepare':
      return `${e.f.dir} ${e.f.layout} buffer ${e.f.pkt}: ${e.f.sgs.map((s) => `[${hex(s.addr)}+${s.len}]`).join(' ')}`;
    case 'virtqueue_add_enospc':
      return `Can't add buf len ${e.f.needed} - avail = ${e.f.numFree}: -ENOSPC${e.f.notified ? ', notify anyway' : ''}`;
    case 'netif_tx_stop_queue':
      return `num_free ${e.f.numFree} < ${e.f.threshold}: netif_tx_stop_queue`;
    case 'netif_tx_wake_queue':
      return `num_free ${e.f.numFree} >= ${e.f.threshold}: netif_tx_wake_queue`;
    case 'virtqueue_add_indirect':
      return `head ${e.f.head}: indirect table ${hex(e.f.table)}, ${e.f.count} entries`;
    case 'virtqueue_add_desc':
      return `${e.f.indirect ? 'indirect ' : ''}desc[${e.f.desc}] = { addr ${hex(e.f.addr)}, len ${e.f.len}, flags ${descFlagNames(e.f.flags)}, next ${e.f.next} }`;
    case 'virtqueue_add_last':
      return `${e.f.indirect ? 'indirect ' : ''}desc[${e.f.desc}].flags = ${descFlagNames(e.f.flags)} (last one doesn't continue)${e.f.extraFlags === null ? '' : `; desc_extra keeps ${descFlagNames(e.f.extraFlags)}`}`;
    case 'virtqueue_add_avail':
      return `avail->ring[${e.f.slot}] = ${e.f.head} (num_free ${e.f.numFree}, free_head ${e.f.freeHead})`;
    case 'virtqueue_publish_avail':
      return `virtio_wmb; avail->idx ${e.f.old} -> ${e.f.new}`;
    case 'virtqueue_kick_prepare':
      return e.f.reason === 'event-idx'
        ? `vring_need_event(avail_event ${e.f.availEvent}, new ${e.f.new}, old ${e.f.old}) = ${e.f.needsKick}`
        : `used->flags ${hex(e.f.usedFlags)}: ${e.f.needsKick ? 'kick' : 'NO_NOTIFY, no kick'}`;
    case 'vp_notify':
      return `iowrite16(${e.f.queue}, ${hex(e.f.addr)}): ${e.f.accel === 'tcg' ? 'TCG softmmu store (io_writex)' : 'EPT misconfig exit'}`;
    case 'eventfd_signal':
      return `${e.f.role} eventfd (QEMU fd ${e.f.fd}) count ${e.f.count}${e.f.woke ? `, wakes ${e.f.woke}` : ', nobody waits'}`;
    case 'vhost_poll_wakeup':
      return e.f.queued ? `${e.f.work} on the work_list, vhost_task_wake` : `${e.f.work} already queued`;
    case 'kvm_apic_set_irq':
      return `MSI from call fd ${e.f.fd}: vector ${hex(e.f.vector)} pending in the LAPIC, vCPU kicked`;
    case 'virtqueue_disable_cb':
      return `avail->flags ${hex(e.f.availFlags)} used_event ${e.f.usedEvent} (wrote ${e.f.wrote})`;
    case 'virtqueue_enable_cb':
      return e.f.delayed
        ? `used_event = ${e.f.usedEvent} (last_used + ${e.f.bufs}); used->idx ${e.f.usedIdx}: ${e.f.ok ? 'ok' : 'more already used'}`
        : `used_event = ${e.f.usedEvent}, avail->flags ${hex(e.f.availFlags)}`;
    case 'virtqueue_poll':
      return `last_used_idx ${e.f.lastUsed} used->idx ${e.f.usedIdx}: ${e.f.more ? 'more' : 'empty'}`;
    case 'napi_schedule':
      return e.f.already ? 'NAPI already scheduled' : 'napi_schedule_prep, __napi_schedule';
    case 'virtqueue_get_buf':
      return `used->ring[${e.f.slot}] = { id ${e.f.id}, len ${e.f.len} }`;
    case 'detach_buf':
      return `head ${e.f.head} (${e.f.count} desc${e.f.indirect ? ' + indirect table' : ''}) back on the free list: num_free ${e.f.numFree}`;
    case 'virtqueue_get_buf_done':
      return `last_used_idx = ${e.f.lastUsed}${e.f.usedEvent === null ? ' (callbacks off: used_event untouched)' : `, used_event = ${e.f.usedEvent}`}`;
    case 'vring_bad_ring':
      return `BAD_RING: ${e.f.message}`;
    case 'virtnet_tx_done':
      return `frame ${e.f.pkt} sent: skb freed`;
    case 'receive_buf':
      return e.f.dropped ? `dropped: ${e.f.dropped}` : `frame ${e.f.pkt}, ${e.f.len} B in ${e.f.numBuffers} buffer(s), ${e.f.ok ? 'intact' : 'CORRUPT'}`;
    case 'vring_interrupt':
      return `vector ${hex(e.f.vector)} (${e.f.handler}): ${e.f.more ? 'used entries waiting' : 'no work, IRQ_NONE'}`;
    case 'guest_halt':
      return 'hlt: waiting for an interrupt';
    case 'guest_corrupt':
      return `fault injected at head ${e.f.desc}: ${e.f.what}`;
    case 'tun_net_xmit':
      return `frame ${e.f.pkt} (${e.f.len} B) on tap0's ring (${e.f.queued} queued)`;
    case 'vhost_worker_wake':
      return `work_list: ${e.f.works.join(', ')}`;
    case 'vhost_worker_sleep':
      return 'work_list empty: schedule()';
    case 'vhost_exceeds_weight':
      return `${e.f.pkts} packets / ${e.f.bytes} bytes: requeue and yield`;
    case 'vhost_busy_poll':
      return e.f.found === 'timeout' ? `busyloop_timeout ${e.f.timeout} µs spent: give up` : `pass ${e.f.pass}/${e.f.timeout}: ${e.f.found === 'nothing' ? 'nothing yet' : `found ${e.f.found}`}`;
    case 'vhost_disable_notify':
      return e.f.eventIdx ? 'NO_NOTIFY in the shadow only (EVENT_IDX)' : `used->flags = ${hex(e.f.usedFlags)}`;
    case 'vhost_enable_notify':
      return e.f.eventIdx ? `avail_event = ${e.f.availEvent}` : `used->flags = ${hex(e.f.usedFlags)}`;
    case 'vhost_net_poll':
      return `${e.f.enable ? 'poll' : 'stop polling'} tap0 (${e.f.dir === 'rx' ? 'handle_rx_net' : 'handle_tx_net'})`;
    case 'vhost_get_avail_idx':
      return `avail->idx ${e.f.availIdx} last_avail_idx ${e.f.lastAvail}: ${e.f.pending} new`;
    case 'vhost_get_avail_head':
      return `avail->ring[${e.f.slot}] = head ${e.f.head}`;
    case 'vhost_desc_read':
      return `${e.f.indirect ? 'indirect ' : ''}desc[${e.f.desc}] { addr ${hex(e.f.addr)}, len ${e.f.len}, flags ${descFlagNames(e.f.flags)}, next ${e.f.next} }${e.f.hva >= 0 ? ` -> hva ${hex(e.f.hva)}` : ''}`;
    case 'vhost_get_indirect':
      return `desc[${e.f.desc}] -> indirect table ${hex(e.f.table)}, ${e.f.count} entries`;
    case 'vhost_discard_vq_desc':
      return `last_avail_idx -= ${e.f.n} -> ${e.f.lastAvail}`;
    case 'vhost_net_build_xdp':
      return `head ${e.f.head}: ${e.f.hdrLen} B header + frame ${e.f.pkt} (${e.f.bytes} B) copied, batched_xdp ${e.f.batched}`;
    case 'vhost_net_heads':
      return `heads ${elems(e.f.heads)}, done_idx ${e.f.doneIdx}${e.f.numBuffers === null ? '' : `; num_buffers = ${e.f.numBuffers}`}`;
    case 'vhost_net_rx_peek_head_len':
      return e.f.len ? `next frame ${e.f.len} B (${e.f.queued} on tap0)` : 'tap0 empty';
    case 'get_rx_bufs':
      return `${e.f.datalen} B: ${e.f.result === 'ok' ? `heads ${elems(e.f.heads)}` : e.f.result === 'empty' ? `ring ran out after ${e.f.heads.length} head(s)` : `${e.f.heads.length} head(s) too small: overrun`}`;
    case 'tun_sendmsg':
      return `TUN_MSG_PTR: ${e.f.count} frame(s) ${e.f.pkts.join(',')} to tap0${e.f.ok ? '' : ' (BAD)'}`;
    case 'tun_recvmsg':
      return e.f.discarded ? `Discarded rx packet: len ${e.f.bytes + e.f.hdrLen}` : `${e.f.hdrLen} B header + frame ${e.f.pkt} (${e.f.bytes} B) into the guest's buffers`;
    case 'vhost_add_used':
      return `used->ring[${e.f.slot}..] = ${elems(e.f.entries)}`;
    case 'vhost_publish_used':
      return `smp_wmb; used->idx ${e.f.old} -> ${e.f.new}`;
    case 'vhost_notify':
      return e.f.reason === 'flags'
        ? `avail->flags ${hex(e.f.availFlags)}: ${e.f.notify ? 'interrupt' : 'NO_INTERRUPT, none'}`
        : e.f.reason === 'first'
          ? 'first signal (signalled_used not valid yet): interrupt'
          : `vring_need_event(used_event ${e.f.usedEvent}, new ${e.f.new}, old ${e.f.old}) = ${e.f.notify}`;
    case 'vq_err':
      return `vq_err: ${e.f.message} (${e.f.ret})`;
    case 'scenario_done':
      return `all ${e.f.packets} frames through: ${e.f.kicks} kick(s), ${e.f.calls} call(s)`;
    case 'vcpu_io_exit': {
      const where = e.f.target.kind === 'config' ? `config ${hex(e.f.off)}` : `BAR${e.f.target.bar}+${hex(e.f.off)}`;
      return `${e.f.via}: ${e.f.write ? `write${e.f.size * 8} ${hex(e.f.value ?? 0)} ->` : `read${e.f.size * 8}`} ${where} (${e.f.target.kind === 'bar' && !e.f.target.io ? 'gpa' : 'port'} ${hex(e.f.addr)})`;
    }
    case 'vcpu_io_done':
      return e.f.write ? `back to the guest` : `back to the guest with ${hex(e.f.value)}`;
    case 'intx_line':
      return `GSI ${e.f.gsi} level ${e.f.level} (${e.f.accel === 'kvm' ? "KVM's IOAPIC" : "QEMU's IOAPIC"})`;
    case 'tcg_apic_set_irq':
      return `apic_set_irq vector ${hex(e.f.vector)}${e.f.coalesced ? ' (coalesced)' : ''}: CPU_INTERRUPT_HARD`;
    case 'guest_irq_entry':
      return `vector ${hex(e.f.vector)} IRR -> ISR: ${e.f.entry === null ? 'INTx' : `MSI-X entry ${e.f.entry}`}`;
    case 'guest_irq_done':
      return `vector ${hex(e.f.vector)}: ${e.f.ret}, EOI`;
    case 'guest_msix_mask':
      return `MSI-X entry ${e.f.entry} vector_ctrl = ${e.f.mask ? 1 : 0} (${e.f.mask ? 'mask' : 'unmask'})`;
    case 'vhost_signal_call':
      return `queue ${e.f.queue} call fd ${e.f.fd} -> ${e.f.to}`;
    case 'qmp_set_link':
      return `set_link ${e.f.up ? 'on' : 'off'}: virtio_notify_config`;
    case 'qmp_balloon':
      return `balloon ${e.f.targetMiB} MiB: virtio_notify_config`;
    case 'virtio_notify_stimulus':
      return `virtio_notify ${e.f.name} (queue ${e.f.queue})`;
    case 'eventfd_write':
      return `write(2) ${e.f.role} eventfd (QEMU fd ${e.f.fd}) count ${e.f.count}${e.f.woke ? `, wakes ${e.f.woke}` : ', nobody waits'}`;
    case 'host_notifier_assign':
      return `${e.f.via === 'KVM_IOEVENTFD' ? 'KVM_IOEVENTFD' : 'memory region eventfd'} fd ${e.f.fd} at ${hex(e.f.addr)} (queue ${e.f.queue})`;
    case 'vhost_set_vring_kick':
      return `${e.f.backend === 'vhost-net' ? 'VHOST_SET_VRING_KICK' : 'VHOST_USER_SET_VRING_KICK'} queue ${e.f.queue} fd ${e.f.fd}`;
    case 'backend_elsewhere':
      return `the vhost-user back-end's side is another walkthrough`;
  }
}

/** The function column: `name()` for a call, `name ›` for a moment inside it, `(walkthrough)` for the engine's own marker. */
export function functionColumn(e: TraceEvent): string {
  const fn = innermost(e);
  if (!fn) return '(walkthrough)';
  return isCall(e) ? `${frameName(fn)}()` : `${frameName(fn)} ›`;
}

/** One text line: seq, thread, innermost function, what happened. */
export function formatLine(e: TraceEvent): string {
  return `${String(e.seq).padStart(5)} ${e.actor.padEnd(9)} ${functionColumn(e)} ${describe(e)}`;
}

/** The source file of the beat's innermost function. */
export function fileOf(e: TraceEvent): string | undefined {
  const fn = innermost(e);
  return fn ? FRAMES[fn].file : undefined;
}
