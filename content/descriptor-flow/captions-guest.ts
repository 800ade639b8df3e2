/**
 * Captions for the beats the guest vCPU runs (Linux 6.12's virtio_net.c,
 * virtio_ring.c, virtio_pci, and the QEMU code its DRIVER_OK write exits
 * into), in English and Chinese. A caption says what this beat did with its
 * own numbers and why; the UI shows the function and file from the stack.
 */
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@/engine/abi/virtio-ring';
import type { VqErrKind } from '@/engine/trace/events';
import { descFlags, hex, plural, queueName, rangeEn, rangeZh, u16, wrapEn, wrapZh } from '../fmt';
import { type CaptionCtx, type CaptionPart, inStack } from '../caption-types';

/** Flag names for prose: "NEXT|WRITE", or "0 (none)". */
const flagsEn = (flags: number): string => descFlags(flags) || '0 (none)';
const flagsZh = (flags: number): string => descFlags(flags) || '0（无）';

/** The interrupt callback virtio-net registered for a queue. */
const irqCallback = (queue: number): string => (queue % 2 === 0 ? 'skb_recv_done' : 'skb_xmit_done');

/** The corruption a guest_corrupt beat wrote, in Chinese, by the error it should provoke. */
const CORRUPT_ZH: Record<VqErrKind, string> = {
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
  'indirect-failure': '破坏间接表',
  'unexpected-format': '让链的读写方向与队列不符（发送链里出现可写缓冲区，或接收链里出现只读缓冲区）',
  'tx-header-len': '把发送链每个描述符的 len 都改成 0',
};

/** Where a disable/enable of callbacks happens, in words. */
function cbWhereEn(c: CaptionCtx): string {
  if (inStack(c, 'start_xmit')) return 'start_xmit frees finished transmit buffers with callbacks off';
  if (inStack(c, 'virtnet_poll_tx')) return 'virtnet_poll_tx frees finished transmit buffers with callbacks off';
  if (inStack(c, 'virtqueue_napi_schedule')) return 'NAPI is being scheduled, and polls with interrupts off';
  if (inStack(c, 'skb_xmit_done')) return 'the transmit interrupt callback suppresses further interrupts';
  return 'the driver wants no interrupts for now';
}
function cbWhereZh(c: CaptionCtx): string {
  if (inStack(c, 'start_xmit')) return 'start_xmit 关着回调回收已发送的缓冲区';
  if (inStack(c, 'virtnet_poll_tx')) return 'virtnet_poll_tx 关着回调回收已发送的缓冲区';
  if (inStack(c, 'virtqueue_napi_schedule')) return '正在调度 NAPI，它将关着中断轮询';
  if (inStack(c, 'skb_xmit_done')) return '发送中断回调先屏蔽后续中断';
  return '驱动暂时不想要中断';
}

export const GUEST_CAPTIONS = {
  vring_create: {
    en: (f) =>
      `find_vqs lays out queue ${f.queue} (${queueName(f.queue)}, "${f.irqName.replace(/^virtio0-/, '')}") with ${f.num} entries in guest RAM: descriptor table at ${hex(f.desc)} (${16 * f.num} bytes), avail ring at ${hex(f.avail)}, used ring at ${hex(f.used)}. ` +
      `${f.eventIdx ? 'VIRTIO_RING_F_EVENT_IDX is negotiated, so used_event and avail_event decide notifications' : 'VIRTIO_RING_F_EVENT_IDX is not negotiated, so the flags fields decide notifications'}; this queue ${f.indirect ? 'uses' : 'does not use'} indirect descriptors. ` +
      (f.handler === 'vring_interrupt'
        ? `With a vector per queue, vp_find_vqs_msix points MSI-X entry ${f.msixEntry} at it and registers vring_interrupt itself as the handler of "${f.irqName}".`
        : `With one vector shared by all queues, MSI-X entry ${f.msixEntry} is "${f.irqName}" and its handler is vp_vring_interrupt, which calls vring_interrupt for every queue.`),
    zh: (f) =>
      `find_vqs 在客户机内存中为队列 ${f.queue}（${queueName(f.queue)}，"${f.irqName.replace(/^virtio0-/, '')}"）布置 ${f.num} 项的 vring：描述符表位于 ${hex(f.desc)}（${16 * f.num} 字节），avail 环位于 ${hex(f.avail)}，used 环位于 ${hex(f.used)}。` +
      `${f.eventIdx ? '已协商 VIRTIO_RING_F_EVENT_IDX，是否通知由 used_event 和 avail_event 决定' : '未协商 VIRTIO_RING_F_EVENT_IDX，是否通知由两个 flags 字段决定'}；这个队列${f.indirect ? '使用' : '不使用'}间接描述符。` +
      (f.handler === 'vring_interrupt'
        ? `每个队列一个中断向量：vp_find_vqs_msix 让 MSI-X 表项 ${f.msixEntry} 指向它，并直接把 vring_interrupt 注册为 "${f.irqName}" 的处理函数。`
        : `所有队列共用一个中断向量：MSI-X 表项 ${f.msixEntry} 名为 "${f.irqName}"，处理函数是 vp_vring_interrupt，由它为每个队列调用 vring_interrupt。`),
  },
  virtnet_buf_prepare: {
    en: (f) => {
      if (f.dir === 'tx')
        return f.layout === 'pushed'
          ? `xmit_skb builds frame ${f.pkt}: virtio_net_hdr_from_skb fills a ${f.hdrLen}-byte virtio_net_hdr (all zero: no checksum or segmentation offload) and, since a VERSION_1 device accepts any layout, pushes it into the skb's headroom at ${hex(f.hdr)}, right before the ${f.len}-byte frame. Header and frame are one piece: one descriptor.`
          : `xmit_skb builds frame ${f.pkt}: the ${f.hdrLen}-byte virtio_net_hdr goes into the skb's control block at ${hex(f.hdr)}, apart from the ${f.len}-byte frame at ${hex(f.data)}: two pieces, two descriptors. A guest does this when it cannot push the header (a legacy device without ANY_LAYOUT, or an skb without headroom).`;
      if (f.layout === 'mergeable')
        return `add_recvbuf_mergeable carves receive buffer ${f.pkt} out of a 32 KiB page fragment: ${f.sgs[0]!.len} bytes at ${hex(f.hdr)}, sized from the running average of packet lengths (never below mergeable_min_buf_len) and rounded to a cache line. It is one descriptor; the device writes the ${f.hdrLen}-byte header at its start, and a large frame may spill into further buffers.`;
      if (f.layout === 'big')
        return `add_recvbuf_big posts receive buffer ${f.pkt} as ${f.sgs.length} pieces: the ${f.hdrLen}-byte header at ${hex(f.hdr)}, the rest of that page from ${hex(f.data)}, then ${f.sgs.length - 2} more whole pages, enough for a 64 KiB GSO frame. Without MRG_RXBUF the guest must post buffers that fit the largest frame.`;
      return `add_recvbuf_small posts receive buffer ${f.pkt}: ${f.hdrLen + f.len} bytes at ${hex(f.hdr)} (header plus GOOD_PACKET_LEN, ${f.len}), one descriptor, enough for one standard frame and no more.`;
    },
    zh: (f) => {
      if (f.dir === 'tx')
        return f.layout === 'pushed'
          ? `xmit_skb 构造第 ${f.pkt} 帧：virtio_net_hdr_from_skb 填好 ${f.hdrLen} 字节的 virtio_net_hdr（全零：不做校验和或分段卸载）。VERSION_1 设备接受任意布局，于是把头压进 skb 的 headroom，放在 ${hex(f.hdr)}，紧挨着 ${f.len} 字节的帧。头和帧连成一段，只占一个描述符。`
          : `xmit_skb 构造第 ${f.pkt} 帧：${f.hdrLen} 字节的 virtio_net_hdr 放在 skb 的控制块里（${hex(f.hdr)}），与 ${hex(f.data)} 处 ${f.len} 字节的帧分开：两段，两个描述符。客户机没法把头压进 headroom 时就这样做（没有 ANY_LAYOUT 的老设备，或 skb 没有 headroom）。`;
      if (f.layout === 'mergeable')
        return `add_recvbuf_mergeable 从一个 32 KiB 的页片段里切出第 ${f.pkt} 个接收缓冲区：${hex(f.hdr)} 处 ${f.sgs[0]!.len} 字节，大小取自报文长度的滑动平均（不小于 mergeable_min_buf_len），再按缓存行对齐。它只占一个描述符；设备把 ${f.hdrLen} 字节的头写在开头，大帧可以接着写进后面的缓冲区。`;
      if (f.layout === 'big')
        return `add_recvbuf_big 把第 ${f.pkt} 个接收缓冲区分成 ${f.sgs.length} 段提交：${hex(f.hdr)} 处 ${f.hdrLen} 字节的头，从 ${hex(f.data)} 起该页的其余部分，再加 ${f.sgs.length - 2} 个整页，足以装下 64 KiB 的 GSO 帧。没有 MRG_RXBUF 时，客户机提交的每个缓冲区都必须装得下最大的帧。`;
      return `add_recvbuf_small 提交第 ${f.pkt} 个接收缓冲区：${hex(f.hdr)} 处 ${f.hdrLen + f.len} 字节（头加 GOOD_PACKET_LEN 即 ${f.len}），一个描述符，刚好装一个标准帧。`;
    },
  },
  virtqueue_add_enospc: {
    en: (f) =>
      `virtqueue_add_split: only ${plural(f.numFree, 'free descriptor')}, fewer than the ${f.needed} this buffer needs, so it returns -ENOSPC ("Can't add buf"). ` +
      (f.notified ? 'Because the buffer has parts for the device to read, it notifies the device anyway ("for historical reasons"), so the host empties the ring sooner.' : 'The buffer is receive-only, so there is no notify; try_fill_recv stops here until used buffers come back.'),
    zh: (f) =>
      `virtqueue_add_split：只剩 ${f.numFree} 个空闲描述符，不够这个缓冲区需要的 ${f.needed} 个，返回 -ENOSPC（"Can't add buf"）。` +
      (f.notified ? '因为缓冲区里有设备要读的部分，它仍然通知设备一次（内核注释说是"历史原因"），好让宿主机尽快腾空 vring。' : '这是只写的接收缓冲区，不通知设备；try_fill_recv 到此为止，等 used 的缓冲区回来再说。'),
  },
  netif_tx_stop_queue: {
    en: (f) =>
      `check_sq_full_and_disable: only ${plural(f.numFree, 'free descriptor')} remain, fewer than 2 + MAX_SKB_FRAGS = ${f.threshold}, the most one skb could need, so the transmit queue stops (netif_tx_stop_queue). It re-arms the interrupt with virtqueue_enable_cb_delayed, so the poll that wakes the queue runs once most of the ring has come back.`,
    zh: (f) =>
      `check_sq_full_and_disable：只剩 ${f.numFree} 个空闲描述符，少于一个 skb 最多可能需要的 2 + MAX_SKB_FRAGS = ${f.threshold} 个，于是停掉发送队列（netif_tx_stop_queue），并用 virtqueue_enable_cb_delayed 重新开启中断，等 vring 大部分回来后再由轮询唤醒队列。`,
  },
  netif_tx_wake_queue: {
    en: (f) => `virtnet_poll_tx: ${plural(f.numFree, 'descriptor')} free again, at least ${f.threshold}, so the transmit queue wakes (netif_tx_wake_queue) and the stack may hand it frames again.`,
    zh: (f) => `virtnet_poll_tx：空闲描述符又有 ${f.numFree} 个，不少于 ${f.threshold}，于是唤醒发送队列（netif_tx_wake_queue），协议栈可以继续交帧了。`,
  },
  virtqueue_add_indirect: {
    en: (f) =>
      `alloc_indirect_split: with indirect descriptors this ${f.count}-piece buffer goes into a separate table at ${hex(f.table)} (${16 * f.count} bytes, each entry's next pre-set to the following one), so it costs one ring descriptor instead of ${f.count}: desc[${f.head}] will point at the table with VRING_DESC_F_INDIRECT.`,
    zh: (f) =>
      `alloc_indirect_split：启用间接描述符后，这个由 ${f.count} 段组成的缓冲区放进位于 ${hex(f.table)} 的独立表（${16 * f.count} 字节，每项的 next 预先指向下一项），只占描述符表中的 1 项而不是 ${f.count} 项：desc[${f.head}] 将带着 VRING_DESC_F_INDIRECT 指向这张表。`,
  },
  virtqueue_add_desc: {
    en: (f) => {
      const role = f.flags & VRING_DESC_F_WRITE ? 'WRITE: the device will write into it' : 'no WRITE: the device only reads it';
      if (f.flags & VRING_DESC_F_INDIRECT)
        return `virtqueue_add_desc_split writes desc[${f.desc}] at ${hex(f.at)}: addr ${hex(f.addr)}, len ${f.len} (${f.len % 16 === 0 ? `${f.len / 16} entries × 16 bytes` : `${f.len} bytes`}), flags INDIRECT. The whole buffer is behind this one descriptor; its next (${f.next}) is only the free-list link.`;
      const where = f.indirect ? `entry ${f.desc} of the indirect table (at ${hex(f.at)})` : `desc[${f.desc}] at ${hex(f.at)}`;
      return `virtqueue_add_desc_split writes ${where}: addr ${hex(f.addr)}, len ${f.len}, flags ${flagsEn(f.flags)}; ${role}. Every entry is written with NEXT, and next = ${f.next}${f.indirect ? '' : ', taken from the free list in desc_extra'}; the last one is fixed up once the chain is complete.`;
    },
    zh: (f) => {
      const role = f.flags & VRING_DESC_F_WRITE ? '带 WRITE，表示由设备写入' : '不带 WRITE，表示设备只读';
      if (f.flags & VRING_DESC_F_INDIRECT)
        return `virtqueue_add_desc_split 写入 desc[${f.desc}]（位于 ${hex(f.at)}）：addr ${hex(f.addr)}，len ${f.len}（${f.len % 16 === 0 ? `${f.len / 16} 项 × 16 字节` : `${f.len} 字节`}），flags INDIRECT。整个缓冲区都挂在这一个描述符后面；它的 next（${f.next}）只是空闲链表的链接。`;
      const where = f.indirect ? `间接表第 ${f.desc} 项（位于 ${hex(f.at)}）` : `desc[${f.desc}]（位于 ${hex(f.at)}）`;
      return `virtqueue_add_desc_split 写入${where}：addr ${hex(f.addr)}，len ${f.len}，flags ${flagsZh(f.flags)}，${role}。每一项写入时都带 NEXT，next = ${f.next}${f.indirect ? '' : '，取自 desc_extra 里的空闲链表'}；整条链写完后再修正最后一项。`;
    },
  },
  virtqueue_add_last: {
    en: (f) =>
      `"Last one doesn't continue": virtqueue_add_split clears NEXT on ${f.indirect ? `entry ${f.desc} of the indirect table` : `desc[${f.desc}]`}, whose flags are now ${flagsEn(f.flags)}, so the chain ends there. ` +
      (f.extraFlags !== null && f.extraFlags & VRING_DESC_F_NEXT
        ? "The driver's own copy in desc_extra keeps NEXT: without the DMA API (vq->do_unmap false) nothing needs it cleared. That is why detach_buf_split will find the chain's end in the shared descriptor table, not in desc_extra."
        : ''),
    zh: (f) =>
      `"最后一项不再延续"：virtqueue_add_split 清除${f.indirect ? `间接表第 ${f.desc} 项` : ` desc[${f.desc}] `}的 NEXT，flags 变为 ${flagsZh(f.flags)}，链到此结束。` +
      (f.extraFlags !== null && f.extraFlags & VRING_DESC_F_NEXT
        ? '驱动自己在 desc_extra 里的副本仍保留 NEXT：不走 DMA API（vq->do_unmap 为假）时没人需要清它。所以之后 detach_buf_split 是在共享的描述符表里找链尾，而不是在 desc_extra 里。'
        : ''),
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
          : `virtqueue_kick_prepare_split: vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) is false. The index the device asked about, ${f.availEvent}, is not among those just published (${rangeEn(f.old, f.new)}): vhost has not re-armed since, so it is still working, or will find the entries on its own. No kick.`;
      return f.needsKick
        ? `virtqueue_kick_prepare_split: without EVENT_IDX the driver reads used->flags = ${hex(f.usedFlags)}. VRING_USED_F_NO_NOTIFY is clear, so the device wants a kick.`
        : `virtqueue_kick_prepare_split: used->flags = ${hex(f.usedFlags)}. vhost set VRING_USED_F_NO_NOTIFY while its worker runs, so the driver skips the kick; the worker will read avail->idx ${f.new} on its own.`;
    },
    zh: (f) => {
      if (f.reason === 'event-idx')
        return f.needsKick
          ? `virtqueue_kick_prepare_split：vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) 为真。设备要求在索引 ${f.availEvent} 发布时被 kick，而这次发布覆盖了${rangeZh(f.old, f.new)}，所以驱动要 kick。`
          : `virtqueue_kick_prepare_split：vring_need_event(avail_event ${f.availEvent}, new ${f.new}, old ${f.old}) 为假。设备关心的索引 ${f.availEvent} 不在刚发布的${rangeZh(f.old, f.new)} 之内：vhost 之后还没有重新开启通知，说明它仍在干活，或者会自己发现这些条目。不 kick。`;
      return f.needsKick
        ? `virtqueue_kick_prepare_split：未协商 EVENT_IDX，驱动读取 used->flags = ${hex(f.usedFlags)}。VRING_USED_F_NO_NOTIFY 未置位，说明设备需要 kick。`
        : `virtqueue_kick_prepare_split：used->flags = ${hex(f.usedFlags)}。vhost 在 worker 运行期间置上了 VRING_USED_F_NO_NOTIFY，驱动因此省掉 kick；worker 会自己读到 avail->idx ${f.new}。`;
    },
  },
  vp_notify: {
    en: (f) =>
      f.pio
        ? `Kick: virtqueue_notify calls vp_notify, which writes the queue index ${f.queue} with iowrite16 to the legacy doorbell, I/O port ${hex(f.addr)} (BAR 0 + VIRTIO_PCI_QUEUE_NOTIFY). ${f.accel === 'tcg' ? "Under TCG the OUT becomes a call of helper_outw, and QEMU's memory core matches the port's eventfd (with the queue index as datamatch)" : 'The OUT instruction exits to KVM, whose PIO bus finds the ioeventfd QEMU registered for this port and queue index'} (seed 000: the host notifier).`
        : f.accel === 'tcg'
        ? `Kick: virtqueue_notify calls vp_notify, which writes the queue index ${f.queue} with iowrite16 to the queue's notify address ${hex(f.addr)}. Under TCG there is no trap: the translated store finds an I/O page and takes QEMU's softmmu slow path, where the memory core checks the region's eventfds (seed 000: the host notifier).`
        : `Kick: virtqueue_notify calls vp_notify, which writes the queue index ${f.queue} with iowrite16 to the queue's notify address ${hex(f.addr)} in the device's BAR. The guest's store traps: the page is set up so the write causes an EPT-misconfiguration exit into KVM (seed 000: the host notifier).`,
    zh: (f) =>
      f.pio
        ? `kick：virtqueue_notify 调用 vp_notify，用 iowrite16 把队列号 ${f.queue} 写到 legacy 门铃，即 I/O 端口 ${hex(f.addr)}（BAR 0 + VIRTIO_PCI_QUEUE_NOTIFY）。${f.accel === 'tcg' ? 'TCG 下这条 OUT 指令变成对 helper_outw 的调用，由 QEMU 的内存核心按端口和 datamatch（队列号）匹配 eventfd' : '这条 OUT 指令退出到 KVM，KVM 在 PIO 总线上找到 QEMU 为这个端口和队列号注册的 ioeventfd'}（seed 000 中的 host notifier）。`
        : f.accel === 'tcg'
        ? `kick：virtqueue_notify 调用 vp_notify，用 iowrite16 把队列号 ${f.queue} 写到该队列的通知地址 ${hex(f.addr)}。TCG 下不存在“陷入”：翻译后的这条写指令发现目标是 I/O 页，走 QEMU 的 softmmu 慢速路径，由内存核心检查这个区域上挂的 eventfd（seed 000 中的 host notifier）。`
        : `kick：virtqueue_notify 调用 vp_notify，用 iowrite16 把队列号 ${f.queue} 写到设备 BAR 中该队列的通知地址 ${hex(f.addr)}。客户机的这次写会陷入：那一页被设置成写入即触发 EPT misconfig，从而退出到 KVM（seed 000 中的 host notifier）。`,
  },
  virtqueue_disable_cb: {
    en: (f, c) => {
      const why = cbWhereEn(c);
      if (f.wrote === 'flags')
        return `virtqueue_disable_cb_split: ${why}, so it sets VRING_AVAIL_F_NO_INTERRUPT in avail->flags (now ${hex(f.availFlags)}). This is the flag seed 000 shows the back end testing before it writes callfd.`;
      if (f.wrote === 'used_event')
        return `virtqueue_disable_cb_split: ${why}. With EVENT_IDX the device ignores avail->flags, so NO_INTERRUPT goes only into the driver's shadow, and the driver parks used_event at ${f.usedEvent} (its own comment calls this a hack): the device's vring_need_event test stays quiet until the driver re-arms.`;
      return `virtqueue_disable_cb_split: ${why}. With EVENT_IDX the device ignores avail->flags, and having just interrupted it will not do so again until used_event moves, so the driver only notes NO_INTERRUPT in its shadow and writes nothing (used_event stays ${f.usedEvent}).`;
    },
    zh: (f, c) => {
      const why = cbWhereZh(c);
      if (f.wrote === 'flags')
        return `virtqueue_disable_cb_split：${why}，于是在 avail->flags 中置上 VRING_AVAIL_F_NO_INTERRUPT（现为 ${hex(f.availFlags)}）。seed 000 里后端写 callfd 之前检查的正是这个标志。`;
      if (f.wrote === 'used_event')
        return `virtqueue_disable_cb_split：${why}。协商了 EVENT_IDX 时设备不看 avail->flags，NO_INTERRUPT 只记在驱动的影子变量里；驱动把 used_event 停在 ${f.usedEvent}（内核注释自己也说这是个 hack），在驱动重新开启之前，设备的 vring_need_event 判断不会成立。`;
      return `virtqueue_disable_cb_split：${why}。协商了 EVENT_IDX 时设备不看 avail->flags；设备刚发过中断，在 used_event 移动之前不会再发，所以驱动只在影子变量里记下 NO_INTERRUPT，不写 vring（used_event 仍是 ${f.usedEvent}）。`;
    },
  },
  virtqueue_enable_cb: {
    en: (f) =>
      f.delayed
        ? `virtqueue_enable_cb_delayed_split re-arms interrupts late on purpose: NO_INTERRUPT is cleared (avail->flags ${hex(f.availFlags)}) and used_event = ${f.usedEvent}, last_used_idx plus ${f.bufs}, three quarters of the buffers still out, so one interrupt covers most of them. ` +
          (f.ok ? `used->idx is ${f.usedIdx}, not past that yet: the driver can wait.` : `But used->idx is already ${f.usedIdx}, past that point, so it returns false and the caller frees again.`)
        : `virtqueue_enable_cb_prepare_split re-arms interrupts: NO_INTERRUPT is cleared (avail->flags ${hex(f.availFlags)}) and used_event = ${f.usedEvent}, meaning "interrupt me when the entry at used index ${f.usedEvent} is published" (with EVENT_IDX the device reads used_event; without it, the cleared flag is what counts). The driver must now look at the used ring once more.`,
    zh: (f) =>
      f.delayed
        ? `virtqueue_enable_cb_delayed_split 有意推迟重新开启中断：清除 NO_INTERRUPT（avail->flags ${hex(f.availFlags)}），并把 used_event 设为 ${f.usedEvent}，即 last_used_idx 再加 ${f.bufs}，未完成缓冲区的四分之三处，这样一次中断就能覆盖其中大部分。` +
          (f.ok ? `used->idx 为 ${f.usedIdx}，还没到那里：驱动可以等。` : `但 used->idx 已经是 ${f.usedIdx}，越过了这一点，于是返回 false，由调用者再回收一轮。`)
        : `virtqueue_enable_cb_prepare_split 重新开启中断：清除 NO_INTERRUPT（avail->flags ${hex(f.availFlags)}），并写入 used_event = ${f.usedEvent}，意思是"used 索引 ${f.usedEvent} 处的条目发布时中断我"（协商了 EVENT_IDX 时设备看 used_event，否则看清掉的标志）。接下来驱动必须再检查一次 used 环。`,
  },
  virtqueue_poll: {
    en: (f) =>
      f.more
        ? `virtqueue_poll_split: used->idx ${f.usedIdx} differs from ${f.lastUsed}, so ${plural(u16(f.usedIdx - f.lastUsed), 'buffer')} came back while interrupts were being re-armed. NAPI is scheduled again instead of waiting for an interrupt that may never come.`
        : `virtqueue_poll_split: used->idx ${f.usedIdx} equals ${f.lastUsed}. Nothing slipped in, so NAPI is complete and the driver can safely wait for the next interrupt.`,
    zh: (f) =>
      f.more
        ? `virtqueue_poll_split：used->idx ${f.usedIdx} 与 ${f.lastUsed} 不等，说明在重新开启中断的过程中又有 ${u16(f.usedIdx - f.lastUsed)} 个缓冲区被归还。于是重新调度 NAPI，而不是去等一个可能永远不来的中断。`
        : `virtqueue_poll_split：used->idx ${f.usedIdx} 等于 ${f.lastUsed}，没有漏网的条目，NAPI 结束，驱动可以放心等待下一次中断。`,
  },
  napi_schedule: {
    en: (f, c) =>
      f.already
        ? 'NAPI is already scheduled; napi_schedule_prep fails and nothing more is needed.'
        : `napi_schedule_prep wins and __napi_schedule puts the queue's NAPI on this CPU's poll list. ${inStack(c, 'skb_xmit_done') || inStack(c, 'skb_recv_done') ? 'The interrupt returns at once; the poll runs in softirq context on the way out (net_rx_action).' : 'The poll runs again from net_rx_action.'}`,
    zh: (f, c) =>
      f.already
        ? 'NAPI 已经在调度中；napi_schedule_prep 失败，无需再做什么。'
        : `napi_schedule_prep 成功，__napi_schedule 把该队列的 NAPI 挂到本 CPU 的轮询链表上。${inStack(c, 'skb_xmit_done') || inStack(c, 'skb_recv_done') ? '中断处理随即返回；轮询在退出中断时的软中断上下文里运行（net_rx_action）。' : '轮询将再次从 net_rx_action 开始。'}`,
  },
  virtqueue_get_buf: {
    en: (f) =>
      `virtqueue_get_buf_ctx_split, after a read barrier, reads used->ring[${f.slot}] (last_used_idx ${f.lastUsed} & (num − 1)): id ${f.id}, len ${f.len}. id is the head of the chain coming back; ` +
      (f.len === 0 ? 'len 0 means the device wrote nothing into it, as expected for a transmit buffer.' : `len says the device wrote ${f.len} bytes into it, header included.`),
    zh: (f) =>
      `virtqueue_get_buf_ctx_split 执行读屏障后读取 used->ring[${f.slot}]（last_used_idx ${f.lastUsed} & (num − 1)）：id ${f.id}，len ${f.len}。id 是归还回来的链头；` +
      (f.len === 0 ? 'len 为 0 表示设备没有往里写任何东西，发送缓冲区本该如此。' : `len 表示设备往里写了 ${f.len} 字节（含头）。`),
  },
  detach_buf: {
    en: (f) =>
      `detach_buf_split (older kernels: detach_buf) puts chain ${f.head}'s ${plural(f.count, 'descriptor')} back on the free list: it follows NEXT in the shared descriptor table and the links in desc_extra, and makes the chain the new free_head (num_free ${f.numFree}).` +
      (f.indirect ? ' The indirect table behind it is freed too.' : ''),
    zh: (f) =>
      `detach_buf_split（老内核叫 detach_buf）把链 ${f.head} 的 ${f.count} 个描述符放回空闲链表：沿共享描述符表里的 NEXT 和 desc_extra 里的链接走到链尾，再把整条链挂成新的 free_head（num_free ${f.numFree}）。` +
      (f.indirect ? '它背后的间接表也一并释放。' : ''),
  },
  virtqueue_get_buf_done: {
    en: (f) =>
      `Back in virtqueue_get_buf_ctx_split: last_used_idx becomes ${f.lastUsed}. ` +
      (f.usedEvent === null
        ? 'Callbacks are off (NO_INTERRUPT in the shadow), so used_event is left alone.'
        : `Callbacks are on, so it also stores used_event = ${f.usedEvent} with a full barrier (virtio_store_mb): the next entry the device uses should interrupt.`),
    zh: (f) =>
      `回到 virtqueue_get_buf_ctx_split：last_used_idx 变为 ${f.lastUsed}。` +
      (f.usedEvent === null ? '回调是关着的（影子变量里有 NO_INTERRUPT），所以不动 used_event。' : `回调是开着的，所以它还用带完整屏障的写（virtio_store_mb）存入 used_event = ${f.usedEvent}：设备用掉下一项时应当发中断。`),
  },
  vring_bad_ring: {
    en: (f) => `BAD_RING: the device returned something impossible (${f.message}). The driver marks the virtqueue broken and stops using it; every later add or get_buf on it fails.`,
    zh: (f) => `BAD_RING：设备归还了不可能出现的内容（${f.message}）。驱动把这个 virtqueue 标记为 broken，不再使用；之后对它的每次添加和 get_buf 都会失败。`,
  },
  virtnet_tx_done: {
    en: (f) => `__free_old_xmit: ${f.pkt >= 0 ? `frame ${f.pkt}` : 'a frame'} has left the guest, so its skb is freed (napi_consume_skb) and the buffer can carry another frame. Older kernels call the loop free_old_xmit_skbs.`,
    zh: (f) => `__free_old_xmit：${f.pkt >= 0 ? `第 ${f.pkt} 帧` : '一帧'}已经离开客户机，释放它的 skb（napi_consume_skb），缓冲区可以装下一帧。老内核把这个循环叫 free_old_xmit_skbs。`,
  },
  receive_buf: {
    en: (f) => {
      if (f.dropped) return `receive_buf drops the buffer: ${f.dropped}.`;
      const which = f.pkt >= 0 ? `frame ${f.pkt}` : 'an unrecognised frame';
      const how = f.layout === 'mergeable' ? `receive_mergeable reads num_buffers = ${f.numBuffers} from the header and ${f.numBuffers > 1 ? `gathers the frame from ${f.numBuffers} buffers` : 'finds the whole frame in this one buffer'}` : f.layout === 'big' ? 'receive_big builds the skb from the buffer\'s pages' : 'receive_small copies the frame out of the one buffer';
      return f.ok ? `${how}: ${which}, ${f.len} bytes after the header, arrived intact and goes up the guest's network stack.` : `${how}, but its ${f.len} bytes are not the frame that was sent: it arrived corrupt.`;
    },
    zh: (f) => {
      if (f.dropped) return `receive_buf 丢弃这个缓冲区：${f.dropped}。`;
      const which = f.pkt >= 0 ? `第 ${f.pkt} 帧` : '一个无法识别的帧';
      const how = f.layout === 'mergeable' ? `receive_mergeable 从头里读出 num_buffers = ${f.numBuffers}，${f.numBuffers > 1 ? `从 ${f.numBuffers} 个缓冲区里拼出这一帧` : '整帧都在这一个缓冲区里'}` : f.layout === 'big' ? 'receive_big 用缓冲区的各页构造 skb' : 'receive_small 从这一个缓冲区里取出帧';
      return f.ok ? `${how}：${which}完好到达，头之后有 ${f.len} 字节，交给客户机的网络协议栈。` : `${how}，但这 ${f.len} 字节并不是发出的那一帧：数据已损坏。`;
    },
  },
  vring_interrupt: {
    en: (f) => {
      const path = f.handler === 'vring_interrupt' ? `vector ${hex(f.vector)} belongs to this queue alone, so its handler is vring_interrupt itself` : `vector ${hex(f.vector)} is shared, so its handler vp_vring_interrupt calls vring_interrupt for each queue (only this one is modelled here)`;
      return f.more
        ? `The injected interrupt arrives (common_interrupt → handle_edge_irq): ${path}. used->idx has moved past last_used_idx, so it calls ${irqCallback(f.queue)}.`
        : `The injected interrupt arrives: ${path}. But used->idx still equals last_used_idx: the buffers were already reclaimed on another path, so it returns IRQ_NONE ("virtqueue interrupt with no work").`;
    },
    zh: (f) => {
      const path = f.handler === 'vring_interrupt' ? `中断向量 ${hex(f.vector)} 只属于这个队列，处理函数就是 vring_interrupt 本身` : `中断向量 ${hex(f.vector)} 是共用的，处理函数 vp_vring_interrupt 为每个队列调用 vring_interrupt（这里只模拟这一个队列）`;
      return f.more
        ? `注入的中断到达（common_interrupt → handle_edge_irq）：${path}。used->idx 已经越过 last_used_idx，于是调用 ${irqCallback(f.queue)}。`
        : `注入的中断到达：${path}。但 used->idx 仍等于 last_used_idx：缓冲区已经在别的路径上回收了，于是返回 IRQ_NONE（"virtqueue interrupt with no work"）。`;
    },
  },
  guest_halt: {
    en: () => 'CPU 0 has nothing to do: the guest idles in HLT, and KVM parks the vCPU thread in kvm_vcpu_halt until an interrupt is injected for it.',
    zh: () => 'CPU 0 无事可做：客户机在 HLT 中空闲，KVM 让 vCPU 线程停在 kvm_vcpu_halt 里，直到有中断注入给它。',
  },
  guest_corrupt: {
    en: (f) =>
      f.kind === 'avail-idx-jump'
        ? `Fault injection (not Linux code): a misbehaving guest sets avail->idx to ${f.value}, more than a whole ring ahead of what it really published. vhost's checks should refuse this as "${f.kind}".`
        : `Fault injection (not Linux code): a misbehaving guest corrupts the chain at head ${f.desc} before vhost reads it: ${f.what}. vhost's checks should refuse it as "${f.kind}".`,
    zh: (f) =>
      f.kind === 'avail-idx-jump'
        ? `故障注入（不是 Linux 的代码）：一个行为异常的客户机把 avail->idx 写成 ${f.value}，比它真正发布的位置超前一整圈以上。vhost 的检查应当以 "${f.kind}" 拒绝它。`
        : `故障注入（不是 Linux 的代码）：一个行为异常的客户机在 vhost 读取之前${CORRUPT_ZH[f.kind]}（head ${f.desc}，写入的值为 ${hex(f.value)}）。vhost 的检查应当以 "${f.kind}" 拒绝它。`,
  },
  scenario_done: {
    en: (f) =>
      `The walkthrough ends: all ${plural(f.packets, 'frame')} made their way. It took ${plural(f.kicks, 'kick')} and ${plural(f.calls, 'call')}; with no notification suppression and no batching, each frame could cost one of each.`,
    zh: (f) => `演示结束：全部 ${f.packets} 帧都已走完。一共用了 ${f.kicks} 次 kick 和 ${f.calls} 次 call；如果既没有通知抑制也没有批处理，每一帧都可能各花一次。`,
  },
} satisfies CaptionPart;

