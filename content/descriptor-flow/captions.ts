/**
 * One caption per beat of the descriptor-flow walkthrough, in English and
 * Chinese, keyed by every event type in the engine's catalog. A caption says
 * what THIS beat did with its own numbers and, for every kick or call, why it
 * was or was not sent. The UI shows the source document and the real
 * functions and files from the event's stack, so captions name the function
 * doing the work but not its file.
 */
import { VRING_AVAIL_F_NO_INTERRUPT, VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@/engine/abi/virtio-ring';
import { VIRTIO_NET_HDR_V1_SIZE } from '@/engine/abi/virtio-net';
import type { EventFields, EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import { ERRORS } from '../errors';
import { descFlags, hex, plural, queueName, rangeEn, rangeZh, u16, wrapEn, wrapZh } from '../fmt';

/** What a caption may look at besides the fields: the thread and its call stack. */
export type CaptionCtx = Pick<TraceEvent, 'actor' | 'stack'>;

/** A caption table: for each event type, one function per language. */
export type CaptionTable = {
  [K in EventType]: { en: (f: EventFields[K], c: CaptionCtx) => string; zh: (f: EventFields[K], c: CaptionCtx) => string };
};

const HDR = VIRTIO_NET_HDR_V1_SIZE;

function inStack(c: CaptionCtx, fn: FrameId): boolean {
  return c.stack.includes(fn);
}

/** Flag names for prose: "NEXT|WRITE", or "0 (none)". */
const flagsEn = (flags: number): string => descFlags(flags) || '0 (none)';
const flagsZh = (flags: number): string => descFlags(flags) || '0（无）';

/** The kick handler vhost runs for a queue (even = receive, odd = transmit). */
const kickHandler = (queue: number): string => (queue % 2 === 0 ? 'handle_rx_kick' : 'handle_tx_kick');
/** The interrupt callback virtio-net registered for a queue. */
const irqCallback = (queue: number): string => (queue % 2 === 0 ? 'skb_recv_done' : 'skb_xmit_done');

/** The corruption a guest_corrupt beat wrote, in Chinese, by the error it should provoke. */
const CORRUPT_ZH: Record<EventFields['guest_corrupt']['kind'], string> = {
  'avail-idx-jump': '把 avail->idx 改成比 vhost 的 last_avail_idx 超前一整圈以上的值',
  'head-out-of-range': '在 avail 环里写入一个超出描述符表末尾的 head 索引',
  'desc-index-out-of-range': '让链头的 next 指向描述符表之外',
  loop: '让链的最后一个描述符带上 NEXT 并指回链头，形成环',
  'translation-failure': '把数据描述符的地址或长度改到客户机内存之外',
  'out-after-in': '让一个设备可写的描述符排在设备只读的描述符之前',
  'indirect-len': '把间接描述符的 len 改成不是 16 的倍数',
  'indirect-translation-failure': '让间接表本身或表中某个缓冲区的地址/长度超出客户机内存',
  'indirect-too-big': '把间接表的长度改得超过 65536 项',
  'indirect-loop': '给间接表的最后一项置上 NEXT',
  'nested-indirect': '给间接表里的一项再置上 INDIRECT',
  'indirect-out-after-in': '在间接表里让设备可写的项排在设备只读的项之前',
  'unexpected-format': '让链的读写方向与队列不符（发送链里出现可写缓冲区，或接收链里出现只读缓冲区）',
};

export const CAPTIONS = {
  vring_create: {
    en: (f) =>
      `vring_create_virtqueue_split lays out queue ${f.queue} (${queueName(f.queue)}) with ${f.num} entries in guest RAM: descriptor table at ${hex(f.desc)} (${16 * f.num} bytes), avail ring at ${hex(f.avail)}, used ring at ${hex(f.used)}. ` +
      `${f.eventIdx ? 'VIRTIO_RING_F_EVENT_IDX is negotiated, so used_event and avail_event decide notifications' : 'VIRTIO_RING_F_EVENT_IDX is not negotiated, so the flags fields decide notifications'}, and indirect descriptors are ${f.indirect ? 'on' : 'off'}. Every descriptor starts on the driver's free list.`,
    zh: (f) =>
      `vring_create_virtqueue_split 在客户机内存中为队列 ${f.queue}（${queueName(f.queue)}）布置 ${f.num} 项的 split virtqueue：描述符表位于 ${hex(f.desc)}（${16 * f.num} 字节），avail 环位于 ${hex(f.avail)}，used 环位于 ${hex(f.used)}。` +
      `${f.eventIdx ? '已协商 VIRTIO_RING_F_EVENT_IDX，是否通知由 used_event 和 avail_event 决定' : '未协商 VIRTIO_RING_F_EVENT_IDX，是否通知由两个 flags 字段决定'}，间接描述符${f.indirect ? '已启用' : '未启用'}。所有描述符一开始都挂在驱动的空闲链表上。`,
  },
  vhost_vring_setup: {
    en: (f) =>
      `The guest's DRIVER_OK write exits to QEMU, and vhost_virtqueue_start hands vq ${f.queue} to the vhost-net kernel driver: VHOST_SET_VRING_NUM ${f.num}, VHOST_SET_VRING_BASE 0, and VHOST_SET_VRING_ADDR with QEMU's virtual addresses desc ${hex(f.descHva)}, avail ${hex(f.availHva)}, used ${hex(f.usedHva)}. ` +
      `VHOST_SET_VRING_KICK passes fd ${f.kickFd} (the host notifier, which KVM's ioeventfd will signal) and VHOST_SET_VRING_CALL fd ${f.callFd} (the guest notifier, which KVM's irqfd listens on).`,
    zh: (f) =>
      `客户机写入 DRIVER_OK 后退出到 QEMU，vhost_virtqueue_start 把 vq ${f.queue} 交给内核里的 vhost-net：VHOST_SET_VRING_NUM ${f.num}，VHOST_SET_VRING_BASE 0，VHOST_SET_VRING_ADDR 传入 QEMU 进程中的地址 desc ${hex(f.descHva)}、avail ${hex(f.availHva)}、used ${hex(f.usedHva)}。` +
      `VHOST_SET_VRING_KICK 传入 fd ${f.kickFd}（host notifier，之后由 KVM 的 ioeventfd 触发），VHOST_SET_VRING_CALL 传入 fd ${f.callFd}（guest notifier，由 KVM 的 irqfd 监听）。`,
  },
  virtnet_buf_prepare: {
    en: (f) =>
      f.dir === 'tx'
        ? `start_xmit builds frame ${f.pkt}: a zeroed ${HDR}-byte virtio_net_hdr at ${hex(f.hdr)} (no checksum or segmentation offload) and the ${f.len}-byte Ethernet frame at ${hex(f.data)}. Both stay in guest RAM; the device will read them in place.`
        : `add_recvbuf_big sets aside receive buffer ${f.pkt}: ${HDR} bytes at ${hex(f.hdr)} for the virtio_net_hdr and ${f.len} bytes at ${hex(f.data)} for a frame. They are empty; the device will write into them.`,
    zh: (f) =>
      f.dir === 'tx'
        ? `start_xmit 构造第 ${f.pkt} 帧：${hex(f.hdr)} 处是清零的 ${HDR} 字节 virtio_net_hdr（不做校验和或分段卸载），${hex(f.data)} 处是 ${f.len} 字节的以太网帧。两者都留在客户机内存里，由设备原地读取。`
        : `add_recvbuf_big 准备第 ${f.pkt} 个接收缓冲区：${hex(f.hdr)} 处 ${HDR} 字节留给 virtio_net_hdr，${hex(f.data)} 处 ${f.len} 字节留给帧。它们现在是空的，由设备往里写。`,
  },
  virtqueue_add_no_room: {
    en: (f, c) =>
      inStack(c, 'virtqueue_add_split')
        ? `virtqueue_add_split finds only ${plural(f.numFree, 'free descriptor')}, fewer than the ${f.needed} this buffer needs, and returns -ENOSPC. The buffer waits until used chains are reclaimed onto the free list.`
        : inStack(c, 'start_xmit')
          ? `After this frame ${f.numFree === 0 ? 'no free descriptors remain' : `only ${plural(f.numFree, 'free descriptor')} remain${f.numFree === 1 ? 's' : ''}`}, fewer than the ${f.needed} the next frame needs, so start_xmit stops the transmit queue (netif_stop_subqueue). It is woken once reclaimed buffers refill the free list.`
          : `Only ${plural(f.numFree, 'free descriptor')} remain, fewer than the ${f.needed} a receive buffer needs, so try_fill_recv stops refilling until used buffers are reclaimed.`,
    zh: (f, c) =>
      inStack(c, 'virtqueue_add_split')
        ? `virtqueue_add_split 发现只剩 ${f.numFree} 个空闲描述符，不够这个缓冲区需要的 ${f.needed} 个，返回 -ENOSPC。要等 used 的链被回收到空闲链表后才能再加。`
        : inStack(c, 'start_xmit')
          ? `加完这一帧后只剩 ${f.numFree} 个空闲描述符，不够下一帧需要的 ${f.needed} 个，于是 start_xmit 停掉发送队列（netif_stop_subqueue），等回收的缓冲区补充空闲链表后再唤醒。`
          : `只剩 ${f.numFree} 个空闲描述符，不够一个接收缓冲区需要的 ${f.needed} 个，try_fill_recv 暂停补充，直到回收了 used 缓冲区。`,
  },
  virtqueue_add_indirect: {
    en: (f) =>
      `alloc_indirect_split: with VIRTIO_RING_F_INDIRECT_DESC this ${f.count}-piece buffer goes into a separate table at ${hex(f.table)} (${16 * f.count} bytes), so it costs one ring descriptor instead of ${f.count}: desc[${f.head}] will point at the table with VRING_DESC_F_INDIRECT.`,
    zh: (f) =>
      `alloc_indirect_split：协商了 VIRTIO_RING_F_INDIRECT_DESC，这个由 ${f.count} 段组成的缓冲区放进位于 ${hex(f.table)} 的独立表（${16 * f.count} 字节），只占描述符表中的 1 项而不是 ${f.count} 项：desc[${f.head}] 将带着 VRING_DESC_F_INDIRECT 指向这张表。`,
  },
  virtqueue_add_desc: {
    en: (f) => {
      const what = f.len === HDR ? ` (the ${HDR}-byte virtio_net_hdr)` : '';
      const role = f.flags & VRING_DESC_F_WRITE ? 'WRITE: the device will write into it' : 'no WRITE: the device only reads it';
      if (f.indirect)
        return `Entry ${f.desc} of the indirect table (at ${hex(f.at)}): addr ${hex(f.addr)}, len ${f.len}${what}, flags ${flagsEn(f.flags)}; ${role}. ${f.flags & VRING_DESC_F_NEXT ? `NEXT links it to entry ${f.next}.` : 'No NEXT: the table ends here.'}`;
      if (f.flags & VRING_DESC_F_INDIRECT)
        return `virtqueue_add_split writes desc[${f.desc}] at ${hex(f.at)}: addr ${hex(f.addr)}, len ${f.len} (${f.len % 16 === 0 ? `${f.len / 16} entries × 16 bytes` : `${f.len} bytes`}), flags INDIRECT. The whole buffer is behind this one descriptor; its next field (${f.next}) is only the free-list link, which the device ignores without NEXT.`;
      return `virtqueue_add_split writes desc[${f.desc}] at ${hex(f.at)}: addr ${hex(f.addr)}, len ${f.len}${what}, flags ${flagsEn(f.flags)}; ${role}. ${f.flags & VRING_DESC_F_NEXT ? `NEXT says the chain continues at desc[${f.next}].` : `No NEXT: the chain ends here, and next (${f.next}) merely keeps the free-list link.`}`;
    },
    zh: (f) => {
      const what = f.len === HDR ? `（${HDR} 字节的 virtio_net_hdr）` : '';
      const role = f.flags & VRING_DESC_F_WRITE ? '带 WRITE，表示由设备写入' : '不带 WRITE，表示设备只读';
      if (f.indirect)
        return `间接表第 ${f.desc} 项（位于 ${hex(f.at)}）：addr ${hex(f.addr)}，len ${f.len}${what}，flags ${flagsZh(f.flags)}，${role}。${f.flags & VRING_DESC_F_NEXT ? `NEXT 把它链到第 ${f.next} 项。` : '不带 NEXT：表到此结束。'}`;
      if (f.flags & VRING_DESC_F_INDIRECT)
        return `virtqueue_add_split 写入 desc[${f.desc}]（位于 ${hex(f.at)}）：addr ${hex(f.addr)}，len ${f.len}（${f.len % 16 === 0 ? `${f.len / 16} 项 × 16 字节` : `${f.len} 字节`}），flags INDIRECT。整个缓冲区都挂在这一个描述符后面；它的 next（${f.next}）只是空闲链表的链接，没有 NEXT 时设备不会理会。`;
      return `virtqueue_add_split 写入 desc[${f.desc}]（位于 ${hex(f.at)}）：addr ${hex(f.addr)}，len ${f.len}${what}，flags ${flagsZh(f.flags)}，${role}。${f.flags & VRING_DESC_F_NEXT ? `NEXT 表示链在 desc[${f.next}] 继续。` : `不带 NEXT：链到此结束，next（${f.next}）只是保留着空闲链表的链接。`}`;
    },
  },
  virtqueue_add_avail: {
    en: (f) =>
      `The chain's head, desc[${f.head}], goes into avail->ring[${f.slot}] (avail_idx_shadow & (num − 1)). num_free is now ${f.numFree} and free_head ${f.freeHead}. The device cannot see this entry yet: avail->idx has not moved.`,
    zh: (f) =>
      `链头 desc[${f.head}] 写入 avail->ring[${f.slot}]（槽位 = avail_idx_shadow & (num − 1)）。此时 num_free 为 ${f.numFree}，free_head 为 ${f.freeHead}。设备还看不到这一项，因为 avail->idx 还没有前进。`,
  },
  virtqueue_publish_avail: {
    en: (f) =>
      `After a write barrier (virtio_wmb) the driver stores avail->idx = ${f.new} (it was ${f.old})${wrapEn(f.old, f.new)}. That one store publishes the entry at ${rangeEn(f.old, f.new)}: from now on the device may read it and the chain behind it.`,
    zh: (f) =>
      `经过写屏障（virtio_wmb）后，驱动写入 avail->idx = ${f.new}（原为 ${f.old}）${wrapZh(f.old, f.new)}。正是这一次写入发布了${rangeZh(f.old, f.new)} 处的条目：从此设备可以读取它以及它背后的描述符链。`,
  },
  virtqueue_kick_prepare: {
    en: (f) => {
      if (f.reason === 'event-idx')
        return f.needsKick
          ? `virtqueue_kick_prepare_split: vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) is true. The device asked to be kicked when index ${f.availEvent} is published, and this publish covers ${rangeEn(f.old, f.new)}, so the driver kicks.`
          : `virtqueue_kick_prepare_split: vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) is false. The index the device asked about, ${f.availEvent}, is not among those just published (${rangeEn(f.old, f.new)}): vhost has not re-armed since, so it is still working and will find the entry itself. No kick.`;
      return f.needsKick
        ? `virtqueue_kick_prepare_split: without EVENT_IDX the driver reads used->flags = ${hex(f.usedFlags)}. VRING_USED_F_NO_NOTIFY is clear, so the device wants a kick.`
        : `virtqueue_kick_prepare_split: used->flags = ${hex(f.usedFlags)}. vhost set VRING_USED_F_NO_NOTIFY while its worker runs, so the driver skips the kick; the worker will read avail->idx ${f.new} on its own.`;
    },
    zh: (f) => {
      if (f.reason === 'event-idx')
        return f.needsKick
          ? `virtqueue_kick_prepare_split：vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) 为真。设备要求在索引 ${f.availEvent} 发布时被 kick，而这次发布覆盖了${rangeZh(f.old, f.new)}，所以驱动要 kick。`
          : `virtqueue_kick_prepare_split：vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) 为假。设备关心的索引 ${f.availEvent} 不在刚发布的${rangeZh(f.old, f.new)} 之内：vhost 之后还没有重新开启通知，说明它仍在干活，会自己发现这一项。不 kick。`;
      return f.needsKick
        ? `virtqueue_kick_prepare_split：未协商 EVENT_IDX，驱动读取 used->flags = ${hex(f.usedFlags)}。VRING_USED_F_NO_NOTIFY 未置位，说明设备需要 kick。`
        : `virtqueue_kick_prepare_split：used->flags = ${hex(f.usedFlags)}。vhost 在 worker 运行期间置上了 VRING_USED_F_NO_NOTIFY，驱动因此省掉 kick；worker 会自己读到 avail->idx ${f.new}。`;
    },
  },
  vp_notify: {
    en: (f) =>
      `Kick: vp_notify writes ${f.queue} to the queue's notify register. KVM's ioeventfd catches this MMIO write inside the host kernel, with no exit to QEMU, and signals eventfd ${f.fd} (its counter is now ${f.count}). ` +
      (f.wokeWorker
        ? `vhost_poll_wakeup queues ${kickHandler(f.queue)} and wakes the vhost worker.`
        : 'The worker already had a kick queued, so no new wakeup is needed.'),
    zh: (f) =>
      `kick：vp_notify 把 ${f.queue} 写入该队列的通知寄存器。KVM 的 ioeventfd 在宿主机内核里直接截获这次 MMIO 写，不退出到 QEMU，并触发 eventfd ${f.fd}（计数器现在为 ${f.count}）。` +
      (f.wokeWorker ? `vhost_poll_wakeup 把 ${kickHandler(f.queue)} 排入工作队列，并唤醒 vhost worker。` : 'worker 已经有一个待处理的 kick，无需再次唤醒。'),
  },
  virtqueue_disable_cb: {
    en: (f, c) => {
      const why = inStack(c, 'virtqueue_napi_complete')
        ? 'virtqueue_poll found more work, so NAPI keeps polling with interrupts off'
        : 'the interrupt callback hands the queue to NAPI, which will poll it';
      return f.availFlags & VRING_AVAIL_F_NO_INTERRUPT
        ? `virtqueue_disable_cb_split sets VRING_AVAIL_F_NO_INTERRUPT in avail->flags (now ${hex(f.availFlags)}): ${why}, and the device should not interrupt meanwhile. This is the flag seed 000 shows the back end testing before it writes callfd.`
        : inStack(c, 'virtqueue_napi_complete')
          ? `virtqueue_disable_cb_split: ${why}. With EVENT_IDX the device ignores avail->flags, so NO_INTERRUPT goes only into the driver's shadow, and the driver parks used_event at ${f.usedEvent} (its own comment calls this a hack): the device's vring_need_event test stays quiet until the driver re-arms.`
          : `virtqueue_disable_cb_split: ${why}. With EVENT_IDX the device ignores avail->flags, and having just interrupted it will not do so again until used_event moves, so the driver only notes NO_INTERRUPT in its shadow and writes nothing (used_event stays ${f.usedEvent}).`;
    },
    zh: (f, c) => {
      const why = inStack(c, 'virtqueue_napi_complete') ? 'virtqueue_poll 发现还有活，NAPI 关着中断继续轮询' : '中断回调把队列交给 NAPI 去轮询';
      return f.availFlags & VRING_AVAIL_F_NO_INTERRUPT
        ? `virtqueue_disable_cb_split 在 avail->flags 中置上 VRING_AVAIL_F_NO_INTERRUPT（现为 ${hex(f.availFlags)}）：${why}，这期间设备不应再发中断。seed 000 里后端写 callfd 之前检查的正是这个标志。`
        : inStack(c, 'virtqueue_napi_complete')
          ? `virtqueue_disable_cb_split：${why}。协商了 EVENT_IDX 时设备不看 avail->flags，NO_INTERRUPT 只记在驱动的影子变量里；驱动把 used_event 停在 ${f.usedEvent}（内核注释自己也说这是个 hack），在驱动重新开启之前，设备的 vring_need_event 判断不会再成立。`
          : `virtqueue_disable_cb_split：${why}。协商了 EVENT_IDX 时设备不看 avail->flags；设备刚发过中断，在 used_event 移动之前不会再发，所以驱动只在影子变量里记下 NO_INTERRUPT，不写 vring（used_event 仍是 ${f.usedEvent}）。`;
    },
  },
  virtqueue_enable_cb: {
    en: (f) =>
      f.delayed
        ? `virtqueue_enable_cb_delayed_split re-arms interrupts late on purpose: NO_INTERRUPT is cleared (avail->flags ${hex(f.availFlags)}) and used_event = ${f.usedEvent}, three quarters of the way through the outstanding buffers, so one interrupt covers most of them.`
        : `virtqueue_enable_cb_prepare_split re-arms interrupts: NO_INTERRUPT is cleared (avail->flags ${hex(f.availFlags)}) and used_event = ${f.usedEvent}, meaning "interrupt me when the entry at used index ${f.usedEvent} is published" (with EVENT_IDX the device reads used_event; without it, the cleared flag is what counts). The driver must now look at the used ring once more.`,
    zh: (f) =>
      f.delayed
        ? `virtqueue_enable_cb_delayed_split 有意推迟重新开启中断：清除 NO_INTERRUPT（avail->flags ${hex(f.availFlags)}），并把 used_event 设为 ${f.usedEvent}，即未完成缓冲区的四分之三处，这样一次中断就能覆盖其中大部分。`
        : `virtqueue_enable_cb_prepare_split 重新开启中断：清除 NO_INTERRUPT（avail->flags ${hex(f.availFlags)}），并写入 used_event = ${f.usedEvent}，意思是"used 索引 ${f.usedEvent} 处的条目发布时中断我"（协商了 EVENT_IDX 时设备看 used_event，否则看清掉的标志）。接下来驱动必须再检查一次 used 环。`,
  },
  virtqueue_poll: {
    en: (f) =>
      f.more
        ? `virtqueue_poll_split: used->idx ${f.usedIdx} differs from last_used_idx ${f.lastUsed}, so ${plural(u16(f.usedIdx - f.lastUsed), 'buffer')} came back while interrupts were being re-armed. NAPI goes round again instead of waiting for an interrupt that may never come.`
        : `virtqueue_poll_split: used->idx ${f.usedIdx} equals last_used_idx ${f.lastUsed}. Nothing slipped in, so NAPI completes and the driver can safely wait for the next interrupt.`,
    zh: (f) =>
      f.more
        ? `virtqueue_poll_split：used->idx ${f.usedIdx} 与 last_used_idx ${f.lastUsed} 不等，说明在重新开启中断的过程中又有 ${u16(f.usedIdx - f.lastUsed)} 个缓冲区被归还。NAPI 再轮询一轮，而不是去等一个可能永远不来的中断。`
        : `virtqueue_poll_split：used->idx ${f.usedIdx} 等于 last_used_idx ${f.lastUsed}，没有漏网的条目，NAPI 结束，驱动可以放心等待下一次中断。`,
  },
  virtqueue_get_buf: {
    en: (f) =>
      `virtqueue_get_buf_ctx_split reads used->ring[${f.slot}] (last_used_idx ${f.lastUsed} & (num − 1)): id ${f.id}, len ${f.len}. id is the head of the chain coming back; ` +
      (f.len === 0
        ? 'len 0 means the device wrote nothing into it, as expected for a transmit buffer.'
        : f.len > HDR
          ? `len says the device wrote ${f.len} bytes: the ${HDR}-byte header plus a ${f.len - HDR}-byte frame.`
          : `len says the device wrote ${f.len} bytes.`),
    zh: (f) =>
      `virtqueue_get_buf_ctx_split 读取 used->ring[${f.slot}]（last_used_idx ${f.lastUsed} & (num − 1)）：id ${f.id}，len ${f.len}。id 是归还回来的链头；` +
      (f.len === 0
        ? 'len 为 0 表示设备没有往里写任何东西，发送缓冲区本该如此。'
        : f.len > HDR
          ? `len 表示设备写入了 ${f.len} 字节：${HDR} 字节的头加上 ${f.len - HDR} 字节的帧。`
          : `len 表示设备写入了 ${f.len} 字节。`),
  },
  detach_buf: {
    en: (f) =>
      `detach_buf_split returns the ${plural(f.count, 'descriptor')} of chain ${f.head} to the free list (free_head ${f.freeHead}, num_free ${f.numFree}), and last_used_idx becomes ${f.lastUsed}. ` +
      (f.usedEvent === null
        ? 'Interrupts are off while NAPI polls, so used_event is left alone.'
        : `Interrupts are on, so virtqueue_get_buf_ctx_split also stores used_event = ${f.usedEvent}: the next entry the device uses should interrupt.`),
    zh: (f) =>
      `detach_buf_split 把链 ${f.head} 的 ${f.count} 个描述符还给空闲链表（free_head ${f.freeHead}，num_free ${f.numFree}），last_used_idx 变为 ${f.lastUsed}。` +
      (f.usedEvent === null
        ? 'NAPI 轮询期间中断是关着的，所以不动 used_event。'
        : `中断是开着的，所以 virtqueue_get_buf_ctx_split 顺带写入 used_event = ${f.usedEvent}：设备用掉下一项时应当发中断。`),
  },
  vring_bad_ring: {
    en: (f) =>
      `BAD_RING: the device returned something impossible (${f.message}). The driver marks the virtqueue broken and stops using it; every later add or get_buf on it fails.`,
    zh: (f) => `BAD_RING：设备归还了不可能出现的内容（${f.message}）。驱动把这个 virtqueue 标记为 broken，不再使用；之后对它的每次添加和 get_buf 都会失败。`,
  },
  virtnet_buf_done: {
    en: (f) => {
      const which = f.pkt >= 0 ? `frame ${f.pkt}` : 'an unrecognised frame';
      if (f.dir === 'tx') return `free_old_xmit_skbs: ${which} has left the guest, so its skb is freed and the buffer can be reused.`;
      return f.ok
        ? `receive_buf: ${which} arrived intact, ${f.len} bytes after the header, and goes up the guest's network stack.`
        : `receive_buf: the buffer holds ${f.len} bytes that are not the frame that was sent: it arrived corrupt.`;
    },
    zh: (f) => {
      const which = f.pkt >= 0 ? `第 ${f.pkt} 帧` : '一个无法识别的帧';
      if (f.dir === 'tx') return `free_old_xmit_skbs：${which}已经离开客户机，释放它的 skb，缓冲区可以复用。`;
      return f.ok
        ? `receive_buf：${which}完好到达，头之后有 ${f.len} 字节，交给客户机的网络协议栈。`
        : `receive_buf：缓冲区里的 ${f.len} 字节并不是发出的那一帧：数据已损坏。`;
    },
  },
  vring_interrupt: {
    en: (f) =>
      f.more
        ? `The injected interrupt (vector ${hex(f.vector)}) runs vp_vring_interrupt → vring_interrupt for queue ${f.queue}. used->idx has moved past last_used_idx, so it calls ${irqCallback(f.queue)} to schedule NAPI.`
        : `The injected interrupt (vector ${hex(f.vector)}) runs vp_vring_interrupt → vring_interrupt for queue ${f.queue}, but used->idx still equals last_used_idx: the buffers were already reclaimed on another path, so it returns IRQ_NONE ("virtqueue interrupt with no work").`,
    zh: (f) =>
      f.more
        ? `注入的中断（中断向量 ${hex(f.vector)}）经 vp_vring_interrupt 进入队列 ${f.queue} 的 vring_interrupt。used->idx 已经越过 last_used_idx，于是调用 ${irqCallback(f.queue)} 调度 NAPI。`
        : `注入的中断（中断向量 ${hex(f.vector)}）经 vp_vring_interrupt 进入队列 ${f.queue} 的 vring_interrupt，但 used->idx 仍等于 last_used_idx：缓冲区已经在别的路径上回收了，于是返回 IRQ_NONE（"virtqueue interrupt with no work"）。`,
  },
  guest_halt: {
    en: () =>
      'CPU 0 has nothing to do: the guest idles in HLT, and KVM parks the vCPU thread in kvm_vcpu_halt until an interrupt is injected for it.',
    zh: () => 'CPU 0 无事可做：客户机在 HLT 中空闲，KVM 让 vCPU 线程停在 kvm_vcpu_halt 里，直到有中断注入给它。',
  },
  guest_corrupt: {
    en: (f) =>
      f.kind === 'avail-idx-jump'
        ? `A misbehaving guest corrupts its own ring: it sets avail->idx to ${f.value}, more than a whole ring ahead of what it really published. vhost's checks should refuse this as "${f.kind}".`
        : `A misbehaving guest corrupts the chain at head ${f.desc} before vhost reads it: ${f.what}. vhost's checks should refuse it as "${f.kind}".`,
    zh: (f) =>
      f.kind === 'avail-idx-jump'
        ? `一个行为异常的客户机破坏了自己的 vring：把 avail->idx 写成 ${f.value}，比它真正发布的位置超前一整圈以上。vhost 的检查应当以 "${f.kind}" 拒绝它。`
        : `一个行为异常的客户机在 vhost 读取之前破坏了 head ${f.desc} 开头的描述符链：${CORRUPT_ZH[f.kind]}（写入的值为 ${hex(f.value)}）。vhost 的检查应当以 "${f.kind}" 拒绝它。`,
  },
  tun_net_xmit: {
    en: (f) =>
      `The host network stack queues frame ${f.pkt} (${f.len} bytes) for the guest on tap0 (tun_net_xmit). ` +
      (f.wokeWorker
        ? "The socket's wait queue runs vhost_poll_wakeup, which queues handle_rx_net and wakes the vhost worker."
        : 'The worker already has receive work queued, so no new wakeup is needed.'),
    zh: (f) =>
      `宿主机网络协议栈把发给客户机的第 ${f.pkt} 帧（${f.len} 字节）排到 tap0 上（tun_net_xmit）。` +
      (f.wokeWorker ? 'socket 的等待队列调用 vhost_poll_wakeup，把 handle_rx_net 排入工作队列并唤醒 vhost worker。' : 'worker 已经有待处理的接收工作，无需再次唤醒。'),
  },
  vhost_worker_wake: {
    en: (f) => {
      if (f.work === 'kick') return "The vhost worker thread wakes with a guest kick on its work list and runs the queue's kick handler, which calls handle_tx or handle_rx.";
      if (f.work === 'net') return 'The vhost worker thread wakes because tap0 has frames for the guest, and runs handle_rx_net → handle_rx.';
      return 'The vhost worker thread wakes with both a guest kick and frames on tap0 queued; one pass of handle_rx serves both.';
    },
    zh: (f) => {
      if (f.work === 'kick') return 'vhost worker 线程被唤醒，工作队列里有一个客户机 kick，于是运行该队列的 kick 处理函数，进入 handle_tx 或 handle_rx。';
      if (f.work === 'net') return 'vhost worker 线程被唤醒，因为 tap0 上有发给客户机的帧，于是运行 handle_rx_net → handle_rx。';
      return 'vhost worker 线程被唤醒，客户机 kick 和 tap0 上的帧都在排队；一趟 handle_rx 同时处理两者。';
    },
  },
  vhost_busy_poll: {
    en: (f) =>
      f.dir === 'tx'
        ? `Busy polling: instead of sleeping until a kick, the back-end looks at avail->idx again (${f.availIdx}, and it has consumed up to ${f.lastAvail}): nothing new yet, so it spins and looks again. This is how a DPDK PMD core runs; guest kicks stay switched off, and the cost is a CPU kept busy.`
        : `Busy polling: the back-end checks the tap socket (${f.tapPending} frame${f.tapPending === 1 ? '' : 's'} waiting) and the avail ring (idx ${f.availIdx}, consumed up to ${f.lastAvail}) without sleeping; there is nothing it can do yet, so it spins and looks again, as a DPDK PMD core does.`,
    zh: (f) =>
      f.dir === 'tx'
        ? `忙轮询：后端不再睡眠等 kick，而是反复查看 avail->idx（现为 ${f.availIdx}，已消费到 ${f.lastAvail}）：还没有新条目，于是空转后再看一次。DPDK 的 PMD 核就是这样运行的；客户机的 kick 一直关着，代价是一个 CPU 被占满。`
        : `忙轮询：后端不睡眠，反复检查 tap socket（有 ${f.tapPending} 帧等待）和 avail 环（idx ${f.availIdx}，已消费到 ${f.lastAvail}）；眼下还无事可做，于是空转后再看一次，和 DPDK 的 PMD 核一样。`,
  },
  vhost_worker_sleep: {
    en: () => "The vhost worker's work list is empty, so it calls schedule() and sleeps until a kick (or, for receive, a frame on tap0) queues work.",
    zh: () => 'vhost worker 的工作队列空了，于是调用 schedule() 睡眠，直到 kick（接收方向上也可以是 tap0 上的新帧）再次带来工作。',
  },
  vhost_disable_notify: {
    en: (f) =>
      f.eventIdx
        ? 'vhost_disable_notify: the worker will poll the ring anyway, so it wants no kicks meanwhile. With EVENT_IDX it sets NO_NOTIFY only in its private copy of used->flags and writes nothing to the ring: it simply stops moving avail_event forward, so once the guest\'s publishes have passed it they no longer kick.'
        : `vhost_disable_notify sets VRING_USED_F_NO_NOTIFY in used->flags (now ${hex(f.usedFlags)}): the worker will keep reading the ring while it runs, so the guest need not kick.`,
    zh: (f) =>
      f.eventIdx
        ? 'vhost_disable_notify：worker 反正要持续读 vring，这期间不需要 kick。协商了 EVENT_IDX 时，它只在自己私有的 used->flags 副本里置上 NO_NOTIFY，不往 vring 写任何东西：它只是不再推进 avail_event，客户机的发布一旦越过这个值，就不会再 kick。'
        : `vhost_disable_notify 在 used->flags 中置上 VRING_USED_F_NO_NOTIFY（现为 ${hex(f.usedFlags)}）：worker 运行期间会一直读 vring，客户机不必 kick。`,
  },
  vhost_enable_notify: {
    en: (f) =>
      (f.eventIdx
        ? `The ring looks empty, so vhost_enable_notify re-arms kicks: with EVENT_IDX it writes avail_event = ${f.availEvent}, so the guest kicks when it publishes that index. After a full barrier it re-reads avail->idx = ${f.availIdx}: `
        : `The ring looks empty, so vhost_enable_notify re-arms kicks: it clears VRING_USED_F_NO_NOTIFY (used->flags now ${hex(f.usedFlags)}). After a full barrier it re-reads avail->idx = ${f.availIdx}: `) +
      (f.more ? 'the guest slipped a buffer in meanwhile, so vhost disables notifications again and carries on.' : 'nothing new, so the worker can stop.'),
    zh: (f) =>
      (f.eventIdx
        ? `vring 看起来空了，vhost_enable_notify 重新开启 kick：协商了 EVENT_IDX，它写入 avail_event = ${f.availEvent}，让客户机在发布这个索引时 kick。经过完整的内存屏障后它再读一次 avail->idx = ${f.availIdx}：`
        : `vring 看起来空了，vhost_enable_notify 重新开启 kick：清除 VRING_USED_F_NO_NOTIFY（used->flags 现为 ${hex(f.usedFlags)}）。经过完整的内存屏障后它再读一次 avail->idx = ${f.availIdx}：`) +
      (f.more ? '客户机恰好在这期间塞进了新的缓冲区，于是 vhost 再次关闭通知，继续处理。' : '没有新条目，worker 可以停下。'),
  },
  vhost_get_avail_idx: {
    en: (f) =>
      f.pending === 0
        ? `vhost_get_vq_desc reads avail->idx = ${f.availIdx}, equal to its last_avail_idx: nothing new since it last looked, so it returns num to say the ring is empty.`
        : f.pending > f.num
          ? `vhost_get_vq_desc reads avail->idx = ${f.availIdx}; its last_avail_idx is ${f.lastAvail}, so the guest claims (u16)(${f.availIdx} − ${f.lastAvail}) = ${f.pending} new entries in a ring of only ${f.num}. That cannot be true, and vhost is about to say so.`
          : `vhost_get_vq_desc reads avail->idx = ${f.availIdx}; its last_avail_idx is ${f.lastAvail}, so the guest claims (u16)(${f.availIdx} − ${f.lastAvail}) = ${plural(f.pending, 'new entry', 'new entries')}. A read barrier (smp_rmb) comes before it reads those ring slots.`,
    zh: (f) =>
      f.pending === 0
        ? `vhost_get_vq_desc 读到 avail->idx = ${f.availIdx}，与自己的 last_avail_idx 相等：上次之后没有新条目，于是返回 num，表示 vring 为空。`
        : f.pending > f.num
          ? `vhost_get_vq_desc 读到 avail->idx = ${f.availIdx}，自己的 last_avail_idx 是 ${f.lastAvail}，客户机声称有 (u16)(${f.availIdx} − ${f.lastAvail}) = ${f.pending} 个新条目，而整个 vring 只有 ${f.num} 项。这不可能成立，vhost 马上就会报错。`
          : `vhost_get_vq_desc 读到 avail->idx = ${f.availIdx}，自己的 last_avail_idx 是 ${f.lastAvail}，所以客户机声称有 (u16)(${f.availIdx} − ${f.lastAvail}) = ${f.pending} 个新条目。读这些槽位之前先执行读屏障（smp_rmb）。`,
  },
  vhost_get_avail_head: {
    en: (f) => `vhost_get_vq_desc reads avail->ring[${f.slot}] (last_avail_idx mod num): the guest says the next chain starts at desc[${f.head}].`,
    zh: (f) => `vhost_get_vq_desc 读取 avail->ring[${f.slot}]（last_avail_idx 对 num 取模）：客户机说下一条链从 desc[${f.head}] 开始。`,
  },
  vhost_desc_read: {
    en: (f) => {
      const name = f.indirect ? `entry ${f.desc} of the indirect table` : `desc[${f.desc}]`;
      if (!f.indirect && f.flags & VRING_DESC_F_INDIRECT)
        return `vhost reads ${name}: flags ${flagsEn(f.flags)}, so addr ${hex(f.addr)} and len ${f.len} describe an indirect table (${f.len % 16 === 0 ? `${plural(f.len / 16, 'entry', 'entries')}` : `${f.len} bytes, not a whole number of 16-byte entries`}), which get_indirect opens next.${f.flags & VRING_DESC_F_NEXT ? ` The spec forbids INDIRECT together with NEXT; vhost does not check that, and after the table it follows next to ${f.next}.` : ''}`;
      const dir = f.flags & VRING_DESC_F_WRITE ? 'an "in" buffer vhost will write' : 'an "out" buffer vhost will read';
      const next = f.flags & VRING_DESC_F_NEXT ? ` NEXT: the chain continues at ${f.next}.` : ' No NEXT: the chain ends here.';
      return f.hva >= 0
        ? `vhost reads ${name}: ${f.len} bytes at GPA ${hex(f.addr)}, flags ${flagsEn(f.flags)}. translate_desc maps it through the memory table to HVA ${hex(f.hva)} in QEMU's address space, ${dir}.${next}`
        : `vhost reads ${name}: ${f.len} bytes at GPA ${hex(f.addr)}, flags ${flagsEn(f.flags)}. translate_desc finds no memory-table region holding that whole range, so the translation fails with -EFAULT.`;
    },
    zh: (f) => {
      const name = f.indirect ? `间接表第 ${f.desc} 项` : `desc[${f.desc}]`;
      if (!f.indirect && f.flags & VRING_DESC_F_INDIRECT)
        return `vhost 读取 ${name}：flags ${flagsZh(f.flags)}，所以 addr ${hex(f.addr)} 和 len ${f.len} 描述的是一张间接表（${f.len % 16 === 0 ? `${f.len / 16} 项` : `${f.len} 字节，不是 16 字节表项的整数倍`}），接下来由 get_indirect 打开它。${f.flags & VRING_DESC_F_NEXT ? `规范禁止 INDIRECT 与 NEXT 同时出现；vhost 并不检查这一点，读完这张表后还会沿 next 走到 ${f.next}。` : ''}`;
      const dir = f.flags & VRING_DESC_F_WRITE ? 'vhost 要写入的 "in" 缓冲区' : 'vhost 要读取的 "out" 缓冲区';
      const next = f.flags & VRING_DESC_F_NEXT ? `NEXT：链在 ${f.next} 继续。` : '不带 NEXT：链到此结束。';
      return f.hva >= 0
        ? `vhost 读取 ${name}：GPA ${hex(f.addr)} 处 ${f.len} 字节，flags ${flagsZh(f.flags)}。translate_desc 通过内存表把它映射到 QEMU 地址空间中的 HVA ${hex(f.hva)}，这是 ${dir}。${next}`
        : `vhost 读取 ${name}：GPA ${hex(f.addr)} 处 ${f.len} 字节，flags ${flagsZh(f.flags)}。translate_desc 在内存表中找不到能完整容纳该区间的区域，转换以 -EFAULT 失败。`;
    },
  },
  vhost_get_indirect: {
    en: (f) =>
      `get_indirect: desc[${f.desc}] is INDIRECT, and its table at GPA ${hex(f.table)} holds ${plural(f.count, 'descriptor')} (len / 16). vhost translates the table and reads it front to back; no entry in it may itself be INDIRECT.`,
    zh: (f) => `get_indirect：desc[${f.desc}] 带 INDIRECT，它指向 GPA ${hex(f.table)} 处的表，共 ${f.count} 个描述符（len / 16）。vhost 转换这张表的地址并从头到尾顺序读取；表里的任何一项都不能再带 INDIRECT。`,
  },
  vhost_copy: {
    en: (f) => {
      const which = f.pkt >= 0 ? `frame ${f.pkt}` : 'a frame';
      return f.dir === 'tx'
        ? `handle_tx gathers chain ${f.head}'s out buffers, skips the ${HDR}-byte virtio_net_hdr, and tun_sendmsg hands the ${f.bytes}-byte ${which} to tap0${f.ok ? '.' : ', but it is not the frame the guest built: it arrives corrupt.'}`
        : `handle_rx: tun_recvmsg copies ${which} (${f.bytes} bytes) from tap0 into chain ${f.head}'s in buffers, behind a ${HDR}-byte virtio_net_hdr with num_buffers = 1.${f.ok ? '' : ' The buffers are too small, so the frame is cut short.'}`;
    },
    zh: (f) => {
      const which = f.pkt >= 0 ? `第 ${f.pkt} 帧` : '一帧';
      return f.dir === 'tx'
        ? `handle_tx 收集链 ${f.head} 的 out 缓冲区，跳过 ${HDR} 字节的 virtio_net_hdr，由 tun_sendmsg 把 ${f.bytes} 字节的${which}交给 tap0${f.ok ? '。' : '，但它并不是客户机构造的那一帧：数据已损坏。'}`
        : `handle_rx：tun_recvmsg 把${which}（${f.bytes} 字节）从 tap0 拷进链 ${f.head} 的 in 缓冲区，前面加上 num_buffers = 1 的 ${HDR} 字节 virtio_net_hdr。${f.ok ? '' : '缓冲区太小，帧被截断。'}`;
    },
  },
  vhost_add_used: {
    en: (f) =>
      `vhost_add_used_n writes used->ring[${f.slot}] = { id ${f.id}, len ${f.len} }: chain ${f.id} is finished` +
      (f.len === 0 ? ', with 0 bytes written, since a transmit buffer is only read.' : f.len > HDR ? `, with ${f.len} bytes written (${HDR}-byte header + ${f.len - HDR}-byte frame).` : `, with ${f.len} bytes written.`) +
      ' The guest cannot see it until used->idx moves.',
    zh: (f) =>
      `vhost_add_used_n 写入 used->ring[${f.slot}] = { id ${f.id}, len ${f.len} }：链 ${f.id} 处理完毕，` +
      (f.len === 0 ? '写入 0 字节，因为发送缓冲区只读不写。' : f.len > HDR ? `写入 ${f.len} 字节（${HDR} 字节头 + ${f.len - HDR} 字节帧）。` : `写入 ${f.len} 字节。`) +
      '在 used->idx 前进之前，客户机还看不到它。',
  },
  vhost_publish_used: {
    en: (f) =>
      `After smp_wmb, vhost stores used->idx = ${f.new} (it was ${f.old})${wrapEn(f.old, f.new)}, publishing the entry at ${rangeEn(f.old, f.new)}. Only vhost writes used->idx; the guest's last_used_idx trails behind it.`,
    zh: (f) =>
      `经过 smp_wmb 之后，vhost 写入 used->idx = ${f.new}（原为 ${f.old}）${wrapZh(f.old, f.new)}，发布了${rangeZh(f.old, f.new)} 处的条目。used->idx 只由 vhost 写；客户机的 last_used_idx 跟在它后面。`,
  },
  vhost_notify: {
    en: (f) => {
      if (f.reason === 'first')
        return `vhost_notify: this is the first signal since the ring was set up (signalled_used_valid is false), so vhost interrupts the guest without testing used_event, and records signalled_used = ${f.new}.`;
      if (f.reason === 'flags')
        return f.notify
          ? `vhost_notify: without EVENT_IDX it reads avail->flags = ${hex(f.availFlags)}. VRING_AVAIL_F_NO_INTERRUPT is clear, so the guest wants an interrupt; seed 000 shows DPDK making the same test before eventfd_write(callfd).`
          : `vhost_notify: avail->flags = ${hex(f.availFlags)}. The guest set VRING_AVAIL_F_NO_INTERRUPT while it polls, so vhost sends no interrupt.`;
      return f.notify
        ? `vhost_notify: vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) is true. The guest asked for an interrupt when the entry at used index ${f.usedEvent} is published, and the entries since the last signal cover ${rangeEn(f.old, f.new)}. Seed 000 steps through this same test in DPDK's vhost_vring_call_split.`
        : `vhost_notify: vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) is false. Index ${f.usedEvent} is not among the entries since the last signal (${rangeEn(f.old, f.new)}): the guest has not re-armed since then, so it is still polling. No interrupt.`;
    },
    zh: (f) => {
      if (f.reason === 'first')
        return `vhost_notify：这是 vring 建立以来的第一次通知（signalled_used_valid 为假），vhost 不检查 used_event 直接中断客户机，并记下 signalled_used = ${f.new}。`;
      if (f.reason === 'flags')
        return f.notify
          ? `vhost_notify：未协商 EVENT_IDX，读取 avail->flags = ${hex(f.availFlags)}。VRING_AVAIL_F_NO_INTERRUPT 未置位，客户机需要中断；seed 000 中 DPDK 在 eventfd_write(callfd) 之前做的也是这个检查。`
          : `vhost_notify：avail->flags = ${hex(f.availFlags)}。客户机轮询期间置上了 VRING_AVAIL_F_NO_INTERRUPT，所以 vhost 不发中断。`;
      return f.notify
        ? `vhost_notify：vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) 为真。客户机要求 used 索引 ${f.usedEvent} 处的条目发布时中断它，而自上次通知以来发布的条目覆盖了${rangeZh(f.old, f.new)}。seed 000 在 DPDK 的 vhost_vring_call_split 中单步走过的就是同一个判断。`
        : `vhost_notify：vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) 为假。索引 ${f.usedEvent} 不在自上次通知以来发布的${rangeZh(f.old, f.new)} 之内：客户机此后还没有重新开启中断，说明它仍在轮询。不发中断。`;
    },
  },
  vhost_signal: {
    en: (f) =>
      f.injected
        ? `Call: vhost_signal writes the call eventfd (QEMU's fd ${f.fd}, the guest notifier). KVM's irqfd is waiting on it, and irqfd_wakeup injects vector ${hex(f.vector)} into CPU 0 straight from the host kernel, with no trip through QEMU.`
        : `Call: vhost_signal writes the call eventfd (fd ${f.fd}), but no irqfd is attached, so the count waits for QEMU's main loop to read it (virtio_queue_guest_notifier_read → virtio_irq), the slower path seed 000 describes.`,
    zh: (f) =>
      f.injected
        ? `call：vhost_signal 写 call eventfd（QEMU 的 fd ${f.fd}，即 guest notifier）。KVM 的 irqfd 正等在上面，irqfd_wakeup 直接在宿主机内核里把中断向量 ${hex(f.vector)} 注入 CPU 0，不经过 QEMU。`
        : `call：vhost_signal 写 call eventfd（fd ${f.fd}），但上面没有挂 irqfd，计数只能等 QEMU 主循环来读（virtio_queue_guest_notifier_read → virtio_irq），即 seed 000 描述的那条较慢的路径。`,
  },
  vq_err: {
    en: (f) =>
      `vq_err: "${f.message}": ${ERRORS[f.kind].brief.en}. ` +
      (f.kind === 'unexpected-format'
        ? `vhost-net refuses chain ${f.head} and stops handling the queue; the buffer never comes back on the used ring.`
        : f.head >= 0
          ? `Head ${f.head} is refused and last_avail_idx does not advance, so the same bad head blocks the queue: nothing behind it will be served.`
          : 'vhost_get_vq_desc returns an error and the worker stops serving the queue.'),
    zh: (f) =>
      `vq_err："${f.message}"：${ERRORS[f.kind].brief.zh}。` +
      (f.kind === 'unexpected-format'
        ? `vhost-net 拒绝链 ${f.head} 并停止处理该队列；这个缓冲区永远不会出现在 used 环上。`
        : f.head >= 0
          ? `head ${f.head} 被拒绝，last_avail_idx 不前进，同一个坏 head 堵住了队列：排在它后面的缓冲区都得不到处理。`
          : 'vhost_get_vq_desc 返回错误，worker 停止处理这个队列。'),
  },
  scenario_done: {
    en: (f) =>
      `Done: all ${f.packets} buffers went through the ring and came back. It took ${plural(f.kicks, 'kick')} and ${plural(f.calls, 'call')} for ${plural(f.packets, 'frame')}; with no notification suppression at all, each frame could cost one of each.`,
    zh: (f) =>
      `完成：全部 ${f.packets} 个缓冲区都走完了 vring 并被归还。${f.packets} 帧一共用了 ${f.kicks} 次 kick 和 ${f.calls} 次 call；如果完全没有通知抑制，每一帧都可能各花一次。`,
  },
} satisfies CaptionTable;
