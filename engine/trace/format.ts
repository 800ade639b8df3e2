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
      return `iowrite16(${e.f.queue}, ${e.f.pio ? 'port ' : ''}${hex(e.f.addr)}): ${e.f.pio ? (e.f.accel === 'tcg' ? 'TCG helper_outw' : 'I/O exit (PIO bus)') : e.f.accel === 'tcg' ? 'TCG softmmu store (io_writex)' : 'EPT misconfig exit'}`;
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
      return `write(2) ${e.f.role} eventfd (${e.actor === 'pmd' ? 'DPDK' : 'QEMU'} fd ${e.f.fd}) count ${e.f.count}${e.f.woke ? `, wakes ${e.f.woke}` : ', nobody waits'}`;
    case 'host_notifier_assign':
      return `${e.f.via === 'KVM_IOEVENTFD' ? 'KVM_IOEVENTFD' : 'memory region eventfd'} fd ${e.f.fd} at ${e.f.pio ? `port ${hex(e.f.addr)} datamatch ${e.f.pio.datamatch}` : hex(e.f.addr)} (queue ${e.f.queue})`;
    case 'vhost_set_vring_kick':
      return `${e.f.backend === 'vhost-net' ? 'VHOST_SET_VRING_KICK' : 'VHOST_USER_SET_VRING_KICK'} queue ${e.f.queue} fd ${e.f.fd}`;
    case 'backend_elsewhere':
      return `the vhost-user back-end's side is another walkthrough`;
    // QEMU: PCI configuration space, BARs, INTx, MSI-X
    case 'pci_config_read':
      return `${e.f.dev} config[${hex(e.f.addr)}] len ${e.f.len} -> ${hex(e.f.value)}`;
    case 'pci_config_write':
      return `${e.f.dev} config[${hex(e.f.addr)}] len ${e.f.len} = ${hex(e.f.value)}: ${hex(e.f.before)} -> ${hex(e.f.after)}`;
    case 'pci_intx_level':
      return `${e.f.dev} INT${'ABCD'[e.f.pin] ?? '?'}# level ${e.f.level}, PCI_STATUS ${hex(e.f.status)}${e.f.bus === null ? ' (INTX_DISABLE: bus unchanged)' : `, bus ${e.f.bus}`}`;
    case 'msix_write_config':
      return `dev ${e.f.dev} enabled ${+e.f.enabled} masked ${+e.f.masked}`;
    case 'msix_table_write':
      return `${e.f.dev} entry ${e.f.entry} ${e.f.field} = ${hex(e.f.value)}${e.f.field === 'vector_ctrl' ? `, mask bit ${+e.f.maskBit}` : ''}; masked ${+e.f.wasMasked} -> ${+e.f.masked}`;
    case 'msix_table_read':
      return `${e.f.dev} entry ${e.f.entry} ${e.f.field} -> ${hex(e.f.value)}`;
    case 'msix_pba_read':
      return `${e.f.dev} PBA[${hex(e.f.offset)}] -> ${hex(e.f.value)}`;
    case 'msix_mask_update':
      return `${e.f.dev} vector ${e.f.vector} masked ${+e.f.wasMasked} -> ${+e.f.masked}${e.f.pending ? ', pending' : ''}`;
    case 'msix_notify':
      return `${e.f.dev} vector ${e.f.vector}: ${e.f.result === 'unused' ? 'not used, dropped' : e.f.result === 'masked' ? 'masked, set pending' : 'send'}`;
    case 'msix_set_pending':
      return `${e.f.dev} vector ${e.f.vector} pending: PBA[${e.f.pbaOffset}] = ${hex(e.f.pba)}`;
    case 'msix_clr_pending':
      return `${e.f.dev} vector ${e.f.vector} clear pending: PBA[${e.f.pbaOffset}] = ${hex(e.f.pba)}`;
    case 'msi_send_message':
      return `${e.f.dev}${e.f.vector === null ? '' : ` vector ${e.f.vector}`}: write ${hex(e.f.data)} to ${hex(e.f.address)}${e.f.delivered ? '' : ' (bus master off: dropped)'}`;
    case 'msix_vector_use':
      return `${e.f.dev} vector ${e.f.vector} users ${e.f.used}`;
    case 'msix_vector_notifier':
      return `${e.f.dev} vector ${e.f.vector}: ${e.f.kind === 'use' ? `use notifier (addr ${hex(e.f.address ?? 0)} data ${hex(e.f.data ?? 0)})` : e.f.kind === 'release' ? 'release notifier' : 'poll notifier'}`;
    case 'pci_update_mappings':
      return `${e.f.dev} BAR${e.f.bar} ${e.f.old === null ? '-' : hex(e.f.old)} -> ${e.f.addr === null ? '-' : hex(e.f.addr)} size ${hex(e.f.size)}`;
    // QEMU: the virtio-pci proxy and the device status
    case 'virtio_pci_common_read':
      return `${e.f.dev} ${e.f.reg || 'hole'} @${hex(e.f.off)} size ${e.f.size} -> ${hex(e.f.value)}${e.f.reg.startsWith('queue_') && e.f.reg !== 'queue_select' ? ` (queue ${e.f.queue})` : ''}`;
    case 'virtio_pci_common_write':
      return `${e.f.dev} ${e.f.reg || 'hole'} @${hex(e.f.off)} size ${e.f.size} = ${hex(e.f.value)}${e.f.reg.startsWith('queue_') && e.f.reg !== 'queue_select' ? ` (queue ${e.f.queue})` : ''}${e.f.note ? `: ${e.f.note}` : ''}`;
    case 'virtio_set_status':
      return `${e.f.dev} status ${hex(e.f.old)} -> ${hex(e.f.new)}${e.f.accepted ? '' : ` (wrote ${hex(e.f.written)}: refused)`} [${e.f.state}]${e.f.reason ? `: ${e.f.reason}` : ''}`;
    case 'virtio_error':
      return `${e.f.dev} "${e.f.message}": status ${hex(e.f.old)} -> ${hex(e.f.new)}, broken`;
    case 'virtio_pci_isr_read':
      return `${e.f.dev} ISR${e.f.legacy ? ' (legacy port)' : ''} -> ${hex(e.f.isr)}, cleared; INTx deasserted`;
    case 'virtio_pci_notify_write':
      return `${e.f.dev} notify @${hex(e.f.off)} queue ${e.f.queue}${e.f.ignored ? `: ignored (${e.f.ignored})` : ''}`;
    case 'virtio_ioport_access':
      return `${e.f.dev} ${e.f.write ? 'out' : 'in'} ${e.f.reg || 'hole'} @${e.f.off} size ${e.f.size} ${e.f.write ? '=' : '->'} ${hex(e.f.value)}`;
    case 'virtio_pci_notify':
      return `${e.f.dev} vector ${e.f.vector === 0xffff ? 'NO_VECTOR' : e.f.vector} ISR ${hex(e.f.isr)}: ${e.f.path === 'msix' ? 'msix_notify' : e.f.path === 'intx' ? `pci_set_irq(${e.f.isr & 1})` : 'nothing'}`;
    case 'virtio_pci_reset':
      return `${e.f.dev}: queues, features, ISR and vectors cleared`;
    // Guest: the virtio-pci probe, vectors and handlers
    case 'virtio_pci_cap':
      return `cap @${hex(e.f.pos)} cfg_type ${e.f.cfgType} (${e.f.typeName}): BAR${e.f.bar}+${hex(e.f.offset)} len ${hex(e.f.length)}`;
    case 'vp_modern_probe_done':
      return `notify BAR${e.f.notifyBar}+${hex(e.f.notifyOffset)} len ${hex(e.f.notifyLength)}, notify_off_multiplier ${e.f.notifyOffMultiplier}${e.f.deviceCfg ? ', device cfg' : ''}`;
    case 'virtio_status':
      return e.f.status === 0 ? 'device_status = 0 (reset)' : `device_status = ${hex(e.f.status)} (+${e.f.added})`;
    case 'vp_get_features':
      return `device_feature -> ${hex(e.f.hi)}:${hex(e.f.lo)}`;
    case 'vp_set_features':
      return `driver_feature = ${hex(e.f.hi)}:${hex(e.f.lo)}`;
    case 'virtio_features_ok':
      return `device_status -> ${hex(e.f.status)}: ${e.f.ok ? 'FEATURES_OK kept' : 'device refuses features'}`;
    case 'pci_alloc_irq_vectors':
      return `${e.f.policy}: ${e.f.vectors} MSI-X vectors (table ${e.f.tableSize}) -> ${e.f.result}`;
    case 'request_irq':
      return `${e.f.vector === null ? 'INTx' : `MSI-X vector ${e.f.vector}`} "${e.f.name}" -> ${e.f.handler}`;
    case 'vp_vector_write':
      return `${e.f.reg}${e.f.queue === null ? '' : ` (queue ${e.f.queue})`} = ${hex(e.f.vector)}, read back ${hex(e.f.readBack)}${e.f.vector !== 0xffff && e.f.readBack === 0xffff ? ': -EBUSY' : ''}`;
    case 'vp_setup_vq':
      return `queue ${e.f.queue} "${e.f.name}" num ${e.f.num}: desc ${hex(e.f.desc)} avail ${hex(e.f.avail)} used ${hex(e.f.used)}, vector ${hex(e.f.vector)}, notify @${hex(e.f.notifyAddr)}`;
    case 'vp_find_vqs_fallback':
      return `${e.f.failed} failed: -${e.f.errno} (${e.f.err}) -> ${e.f.next}`;
    case 'vp_del_vqs':
      return `${e.f.queues} queue(s) deleted, ${e.f.irqsFreed} IRQ(s) freed${e.f.msixDisabled ? ', MSI-X disabled' : ''}`;
    case 'vp_queue_enable':
      return `queue_select ${e.f.queue}, queue_enable = 1`;
    case 'vp_interrupt_isr':
      return `ISR -> ${hex(e.f.isr)}: ${e.f.handled ? 'IRQ_HANDLED' : 'IRQ_NONE'}`;
    case 'vp_config_changed':
      return `config change (${e.f.via === 'msix' ? 'MSI-X config vector' : 'INTx, ISR bit 1'})`;
    case 'vring_interrupt_pci':
      return `queue ${e.f.queue} "${e.f.name}" via ${e.f.via}: ${e.f.more ? 'callback' : 'no work, IRQ_NONE'}`;
    // KVM routing and irqfd; QEMU's notifiers, main loop and the segfault
    case 'kvm_set_irq_routing':
      return `KVM_SET_GSI_ROUTING nr ${e.f.nr} -> ${e.f.ret}`;
    case 'kvm_irqfd_assign':
      return `KVM_IRQFD fd ${e.f.fd} gsi ${e.f.gsi} -> ${e.f.ret}${e.f.pending ? ' (already signalled: inject now)' : ''}`;
    case 'irqfd_wakeup':
      return `fd ${e.f.fd} gsi ${e.f.gsi}: ${e.f.routed ? 'MSI route, inject' : 'no route'}`;
    case 'kvm_msi_set_irq':
      return `gsi ${e.f.gsi} addr ${hex(e.f.addressHi)}:${hex(e.f.addressLo)} data ${hex(e.f.data)}: dst ${e.f.destId} vec ${e.f.vector} (${['Fixed', 'LowPrio', 'SMI', '3', 'NMI', 'INIT', '6', 'ExtINT'][e.f.deliveryMode & 7]}|${e.f.destLogical ? 'logical' : 'physical'}|${e.f.triggerLevel ? 'level' : 'edge'}${e.f.redirHint ? '|rh' : ''})`;
    case 'kvm_apic_accept_irq':
      return `apicid ${hex(e.f.apicId)} vec ${e.f.vector} (Fixed|${e.f.triggerLevel ? 'level' : 'edge'})${e.f.coalesced ? ' (coalesced)' : ''}`;
    case 'kvm_irqchip_add_msi_route':
      return `vector ${e.f.vector} virq ${e.f.virq}: addr ${hex(e.f.addressHi)}:${hex(e.f.addressLo)} data ${hex(e.f.data)}`;
    case 'kvm_irqchip_update_msi_route':
      return `virq ${e.f.virq}: addr ${hex(e.f.addressHi)}:${hex(e.f.addressLo)} data ${hex(e.f.data)}`;
    case 'kvm_irqchip_commit_routes':
      return `KVM_SET_GSI_ROUTING, ${e.f.nr} route(s)`;
    case 'kvm_irqchip_assign_irqfd':
      return `KVM_IRQFD fd ${e.f.fd} virq ${e.f.virq} -> ${e.f.ret}`;
    case 'event_notifier_init':
      return `eventfd(0, EFD_NONBLOCK|EFD_CLOEXEC) -> fd ${e.f.fd}: ${e.f.role === 'kick' ? 'host' : 'guest'} notifier vq ${e.f.queue}${e.f.active ? ', set' : ''}`;
    case 'guest_notifier_fd_handler':
      return `vq ${e.f.queue} call fd ${e.f.fd}: ${e.f.handler ?? 'no handler (irqfd)'}`;
    case 'virtio_pci_set_guest_notifiers':
      return `nvqs ${e.f.nvqs} assign ${+e.f.assign}: msix ${+e.f.msix} with_irqfd ${+e.f.withIrqfd} use_guest_notifier_mask ${+e.f.useGuestNotifierMask}, vector notifiers ${+e.f.vectorNotifiers}`;
    case 'virtio_pci_vq_vector_unmask':
      return `vq ${e.f.queue} vector ${e.f.vector}: ${e.f.path === 'irqfd' ? 'kvm_virtio_pci_irqfd_use' : 'guest_notifier_mask(unmask)'}`;
    case 'vhost_virtqueue_mask':
      return `vq ${e.f.queue} ${e.f.mask ? 'mask' : 'unmask'}: VHOST_SET_VRING_CALL fd ${e.f.fd}`;
    case 'main_loop_poll':
      return `poll [${e.f.fds.join(',')}] -> ready [${e.f.ready.join(',')}]`;
    case 'aio_dispatch_handler':
      return `fd ${e.f.fd} -> ${e.f.handler}`;
    case 'guest_notifier_read':
      return `vq ${e.f.queue} call fd ${e.f.fd}: test_and_clear -> ${e.f.count}`;
    case 'host_notifier_read':
      return `vq ${e.f.queue} kick fd ${e.f.fd}: test_and_clear -> ${e.f.count}`;
    case 'virtio_irq':
      return `vq ${e.f.queue}: isr |= 1 -> ${hex(e.f.isr)}, notify vector ${e.f.vector === 0xffff ? 'NO_VECTOR' : e.f.vector}`;
    case 'virtio_pci_notify_irq':
      return e.f.msix ? `msix_notify(${e.f.vector})` : `pci_set_irq(${e.f.level})`;
    case 'qemu_segfault':
      return `SIGSEGV in ${e.f.frame}: ${e.f.expr} (addr ${hex(e.f.addr)}), QEMU ${e.f.version}, ${e.f.backtrace.length} frames`;
    case 'vu_socket':
      return `${e.f.who} ${e.f.op} ${e.f.path} fd ${e.f.fd}${e.f.errno === null ? '' : ` errno ${e.f.errno}`}`;
    case 'vu_send':
      return `${e.f.from} -> #${e.f.msg} ${e.f.name}${e.f.reply ? ' (reply)' : ''} flags ${hex(e.f.flags)} size ${e.f.size}${e.f.fds.length ? ` fds [${e.f.fds.join(',')}]` : ''} on fd ${e.f.fd}`;
    case 'vu_recv':
      return `${e.f.by} <- #${e.f.msg} ${e.f.name}${e.f.reply ? ' (reply)' : ''} size ${e.f.size}${e.f.fds.length ? `, fds arrive as [${e.f.fds.join(',')}]` : ''} on fd ${e.f.fd}`;
    case 'vu_fault_injected':
      return `fault injected into ${e.f.name}: ${e.f.fault}`;
    case 'vu_reject':
      return `#${e.f.msg} ${e.f.name} refused (${e.f.error}): ${e.f.closes ? 'connection closed, device destroyed' : e.f.nack ? 'replied failure' : 'ignored'}`;
    case 'dpdk_log':
      return e.f.text;
    case 'qemu_log':
      return `qemu-system-x86_64: ${e.f.text}`;
    case 'vu_apply':
      return `${e.f.name}: ${e.f.what}${e.f.vring === null ? '' : ` vring ${e.f.vring}`} = ${e.f.value}${e.f.fd === null ? '' : ` (fd ${e.f.fd}${e.f.closed === null ? '' : `, closed ${e.f.closed}`})`}`;
    case 'vu_qemu_state':
      return `pair ${e.f.queuePair}${e.f.vring === null ? '' : ` vq ${e.f.vring}`}: ${e.f.what} ${e.f.value}`;
    case 'vu_notify_app':
      return `${e.f.op}(vid ${e.f.vid}${e.f.vring === null ? '' : `, vring ${e.f.vring}, ${e.f.enable ? 'enabled' : 'disabled'}`})`;
    case 'dpdk_dequeue':
      return `vring ${e.f.vring}: ${e.f.count} buffer(s) [${e.f.heads.join(',')}], last_avail_idx -> ${e.f.lastAvail} (avail idx ${e.f.availIdx})`;
    case 'dpdk_enqueue':
      return `vring ${e.f.vring}: ${e.f.count} frame(s) into [${e.f.heads.join(',')}], used idx -> ${e.f.lastUsed}`;
    case 'dpdk_vring_call':
      return `vring ${e.f.vring}: ${e.f.reason === 'event-idx' ? `vhost_need_event(used_event ${e.f.usedEvent}, new ${e.f.newUsed}, old ${e.f.oldUsed})` : 'avail flags'} -> ${e.f.signal ? `eventfd_write(callfd ${e.f.fd})` : 'no call'}`;
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
