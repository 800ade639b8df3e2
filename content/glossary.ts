/**
 * The terms this walkthrough uses, named the way the field names them in each
 * language (shared/refs/TERMS.md: one rendering per term). Identifiers such as
 * kick, call, vring, eventfd and irqfd stay in English in Chinese prose.
 */

import { VHOST_USER_GLOSSARY } from './vhost-user/glossary';

/** One glossary entry. */
export interface GlossaryEntry {
  en: string;
  zh: string;
  note: { en: string; zh: string };
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    en: 'virtqueue (split)',
    zh: 'virtqueue（split 布局）',
    note: {
      en: 'One queue of buffers shared by driver and device, laid out as three parts in guest memory: descriptor table, avail ring, used ring.',
      zh: '驱动与设备共享的一条缓冲区队列，在客户机内存中分三部分：描述符表、avail 环、used 环。',
    },
  },
  {
    en: 'vring',
    zh: 'vring',
    note: {
      en: "The ring structure itself (Linux's struct vring: num, desc, avail, used); often used as a synonym for the split virtqueue's memory.",
      zh: 'vring 结构本身（Linux 的 struct vring：num、desc、avail、used），常用来指 split virtqueue 的那块内存。',
    },
  },
  {
    en: 'descriptor, descriptor table',
    zh: '描述符，描述符表',
    note: {
      en: 'A 16-byte struct vring_desc: addr (GPA), len, flags, next. The table has num of them; free ones sit on the driver\'s free list.',
      zh: '16 字节的 struct vring_desc：addr（GPA）、len、flags、next。描述符表共 num 项，空闲的挂在驱动的空闲链表上。',
    },
  },
  {
    en: 'descriptor chain, head',
    zh: '描述符链，链头（head）',
    note: {
      en: 'Descriptors linked by VRING_DESC_F_NEXT make one buffer; the index of the first one, the head, is what the rings carry.',
      zh: '用 VRING_DESC_F_NEXT 连起来的若干描述符组成一个缓冲区；第一个描述符的下标即链头，avail 环和 used 环里传递的就是它。',
    },
  },
  {
    en: 'indirect descriptor',
    zh: '间接描述符',
    note: {
      en: 'With VIRTIO_RING_F_INDIRECT_DESC, one descriptor flagged VRING_DESC_F_INDIRECT points at a separate table holding the whole chain; the spec allows only one level.',
      zh: '协商 VIRTIO_RING_F_INDIRECT_DESC 后，一个带 VRING_DESC_F_INDIRECT 的描述符指向一张独立的表，整条链都放在表里；规范只允许一层间接。',
    },
  },
  {
    en: 'available ring (avail ring)',
    zh: 'avail 环（可用环）',
    note: {
      en: 'Written only by the driver: flags, idx, ring[num] of heads, and used_event. avail->idx counts heads ever published, as a free-running u16.',
      zh: '只由驱动写：flags、idx、存放链头的 ring[num]，以及 used_event。avail->idx 是已发布链头的累计数，按 u16 自由递增。',
    },
  },
  {
    en: 'used ring',
    zh: 'used 环（已用环）',
    note: {
      en: 'Written only by the device: flags, idx, ring[num] of {id, len}, and avail_event. len is the number of bytes the device wrote into the buffer.',
      zh: '只由设备写：flags、idx、存放 {id, len} 的 ring[num]，以及 avail_event。len 是设备写进该缓冲区的字节数。',
    },
  },
  {
    en: 'last_avail_idx, last_used_idx',
    zh: 'last_avail_idx，last_used_idx',
    note: {
      en: "Private counters, not in the ring: vhost's last_avail_idx is how far it has consumed avail->idx; the driver's last_used_idx is how far it has reclaimed used->idx.",
      zh: '私有计数器，不在 vring 里：vhost 的 last_avail_idx 表示它消费 avail->idx 到了哪里；驱动的 last_used_idx 表示它回收 used->idx 到了哪里。',
    },
  },
  {
    en: 'kick',
    zh: 'kick（通知后端）',
    note: {
      en: 'Driver → device notification: vp_notify writes the queue index to the notify register; KVM turns it into a kick eventfd signal.',
      zh: '驱动 → 设备的通知：vp_notify 把队列号写入通知寄存器，KVM 把它变成 kick eventfd 上的一次信号。',
    },
  },
  {
    en: 'call',
    zh: 'call（通知前端，中断）',
    note: {
      en: 'Device → driver notification: vhost writes the call eventfd and KVM injects an interrupt into the guest.',
      zh: '设备 → 驱动的通知：vhost 写 call eventfd，KVM 向客户机注入中断。',
    },
  },
  {
    en: 'notification suppression',
    zh: '通知抑制',
    note: {
      en: 'Each side telling the other when not to notify it: by flags (VRING_USED_F_NO_NOTIFY, VRING_AVAIL_F_NO_INTERRUPT) or, with EVENT_IDX, by naming the index it wants to hear about.',
      zh: '双方互相告知何时不必通知自己：用标志位（VRING_USED_F_NO_NOTIFY、VRING_AVAIL_F_NO_INTERRUPT），或在协商 EVENT_IDX 后点名自己想被通知的索引。',
    },
  },
  {
    en: 'VRING_USED_F_NO_NOTIFY',
    zh: 'VRING_USED_F_NO_NOTIFY',
    note: {
      en: 'Value 1 (bit 0) of used->flags, set by the device: "do not kick me". Ignored when EVENT_IDX is negotiated.',
      zh: 'used->flags 的第 0 位（值为 1），由设备设置，意为"别 kick 我"。协商 EVENT_IDX 后对方不再理会它。',
    },
  },
  {
    en: 'VRING_AVAIL_F_NO_INTERRUPT',
    zh: 'VRING_AVAIL_F_NO_INTERRUPT',
    note: {
      en: 'Value 1 (bit 0) of avail->flags, set by the driver: "do not interrupt me". Ignored when EVENT_IDX is negotiated.',
      zh: 'avail->flags 的第 0 位（值为 1），由驱动设置，意为"别给我发中断"。协商 EVENT_IDX 后对方不再理会它。',
    },
  },
  {
    en: 'EVENT_IDX: used_event, avail_event',
    zh: 'EVENT_IDX：used_event，avail_event',
    note: {
      en: 'VIRTIO_RING_F_EVENT_IDX (bit 29). used_event, after the avail ring, is written by the driver; avail_event, after the used ring, by the device. Each names the index whose publication should notify its writer.',
      zh: 'VIRTIO_RING_F_EVENT_IDX（第 29 位）。used_event 位于 avail 环之后，由驱动写；avail_event 位于 used 环之后，由设备写。各自点名一个索引：该索引被发布时才通知写它的一方。',
    },
  },
  {
    en: 'vring_need_event',
    zh: 'vring_need_event',
    note: {
      en: 'vring_need_event(event, new, old) is (u16)(new − event − 1) < (u16)(new − old): true when event lies in [old, new), the indices just published.',
      zh: 'vring_need_event(event, new, old) 即 (u16)(new − event − 1) < (u16)(new − old)：当 event 落在刚发布的 [old, new) 区间内时为真。',
    },
  },
  {
    en: 'eventfd',
    zh: 'eventfd',
    note: {
      en: 'A kernel counter with a file descriptor; writing adds to it and wakes its waiters. QEMU creates one per direction per queue (event_notifier_init).',
      zh: '带文件描述符的内核计数器，写入会累加计数并唤醒等待者。QEMU 为每个队列的每个方向各建一个（event_notifier_init）。',
    },
  },
  {
    en: 'host notifier, guest notifier',
    zh: 'host notifier，guest notifier',
    note: {
      en: "QEMU's names for a queue's kick eventfd (passed with VHOST_SET_VRING_KICK) and call eventfd (passed with VHOST_SET_VRING_CALL).",
      zh: 'QEMU 对队列 kick eventfd（通过 VHOST_SET_VRING_KICK 传递）和 call eventfd（通过 VHOST_SET_VRING_CALL 传递）的称呼。',
    },
  },
  {
    en: 'ioeventfd',
    zh: 'ioeventfd',
    note: {
      en: 'KVM_IOEVENTFD: KVM signals an eventfd when the guest writes a given MMIO or PIO address, inside the kernel, without exiting to QEMU.',
      zh: 'KVM_IOEVENTFD：客户机写某个 MMIO 或 PIO 地址时，KVM 在内核里直接触发一个 eventfd，不退出到 QEMU。',
    },
  },
  {
    en: 'irqfd',
    zh: 'irqfd',
    note: {
      en: 'KVM_IRQFD: when an eventfd is signalled, KVM injects a given interrupt into the guest from inside the kernel.',
      zh: 'KVM_IRQFD：某个 eventfd 被触发时，KVM 在内核里直接向客户机注入指定的中断。',
    },
  },
  {
    en: 'interrupt, interrupt injection, vector',
    zh: '中断，中断注入，中断向量',
    note: {
      en: 'KVM marks a vector pending in the vCPU\'s local APIC and wakes the vCPU; the guest then runs vring_interrupt (vp_vring_interrupt for a shared vector).',
      zh: 'KVM 在 vCPU 的本地 APIC 中把某个中断向量标记为待处理并唤醒 vCPU，客户机随即执行 vring_interrupt（共享向量时是 vp_vring_interrupt）。',
    },
  },
  {
    en: 'vhost-net, vhost worker',
    zh: 'vhost-net，vhost worker',
    note: {
      en: "The host kernel's virtio-net back end (/dev/vhost-net). Its worker thread (named vhost-<QEMU pid>) runs handle_tx and handle_rx when kicks or tap frames queue work.",
      zh: '宿主机内核里的 virtio-net 后端（/dev/vhost-net）。它的 worker 线程（名为 vhost-<QEMU pid>）在 kick 或 tap 上的帧带来工作时运行 handle_tx 和 handle_rx。',
    },
  },
  {
    en: 'vhost_task, work_list',
    zh: 'vhost_task，work_list',
    note: {
      en: "How Linux 6.12 runs the vhost worker: a vhost_task, a thread forked from QEMU itself, loops in vhost_task_fn. vhost_poll_queue pushes a work item onto the worker's lock-free work_list and wakes it; vhost_run_work_list takes the whole list, puts it back in queueing order and runs each item. Older kernels, and the seeds, used a kthread and speak of a work queue.",
      zh: 'Linux 6.12 里 vhost worker 的运行方式：一个 vhost_task，即从 QEMU 进程本身派生出来的线程，在 vhost_task_fn 里循环。vhost_poll_queue 把一项工作压进 worker 的无锁链表 work_list 并唤醒它；vhost_run_work_list 一次取走整条链表，恢复成入队的先后顺序，逐项执行。老内核（以及种子文档）用的是 kthread，说法也是"工作队列"。',
    },
  },
  {
    en: 'used-ring batching (vq->heads)',
    zh: 'used 环批量回写（vq->heads）',
    note: {
      en: "vhost does not write each used entry as it finishes a buffer: it collects them in vq->heads and vhost_net_signal_used writes them with one vhost_add_used_n, then decides once whether to call. TX and RX both flush once about VHOST_NET_BATCH (64) are pending, and whatever is left when the handler stops.",
      zh: 'vhost 并不是每处理完一个缓冲区就写一个 used 条目，而是先攒在 vq->heads 里，由 vhost_net_signal_used 用一次 vhost_add_used_n 写进去，再统一判断要不要 call。TX 和 RX 都在攒到 VHOST_NET_BATCH（64）个左右时刷一次，处理函数退出时再把剩下的刷掉。',
    },
  },
  {
    en: 'mergeable receive buffers (MRG_RXBUF)',
    zh: '可合并接收缓冲区（MRG_RXBUF）',
    note: {
      en: "With VIRTIO_NET_F_MRG_RXBUF each receive buffer is a single descriptor, a slice of a page frag sized from the average packet length (at least mergeable_min_buf_len). A frame that does not fit spreads over several buffers, and num_buffers in the header tells the guest how many to gather.",
      zh: '协商了 VIRTIO_NET_F_MRG_RXBUF 后，每个接收缓冲区只占一个描述符，是从 page frag 上切下的一块，大小按平均包长估算（不小于 mergeable_min_buf_len）。放不下的帧会摊到几个缓冲区里，包头里的 num_buffers 告诉客户机要收拢几个。',
    },
  },
  {
    en: 'xmit_more',
    zh: 'xmit_more',
    note: {
      en: "The stack's hint that more frames follow right away (netdev_xmit_more() in Linux 6.12; older kernels had skb->xmit_more). virtio-net's start_xmit then adds the frame without kicking; the last frame of the burst, or a queue that has to stop, kicks.",
      zh: '协议栈给驱动的提示：后面马上还有帧（Linux 6.12 里是 netdev_xmit_more()，老内核是 skb->xmit_more）。virtio-net 的 start_xmit 于是只把帧加进 vring 而不 kick，等到这一批的最后一帧，或者队列要停下时，才 kick。',
    },
  },
  {
    en: 'TX queue stop (2 + MAX_SKB_FRAGS)',
    zh: 'TX 队列停止（2 + MAX_SKB_FRAGS）',
    note: {
      en: "After adding a frame, start_xmit checks the free descriptors: below 2 + MAX_SKB_FRAGS (19), the largest frame might not fit, so check_sq_full_and_disable stops the queue and asks for an interrupt. It wakes when freeing used buffers brings the count back to 19.",
      zh: 'start_xmit 加完一帧会检查空闲描述符：少于 2 + MAX_SKB_FRAGS（19）个时，最大的帧可能放不下，于是 check_sq_full_and_disable 停住队列，并请求一次中断。回收 used 缓冲区让空闲数回到 19 个时，队列才被唤醒。',
    },
  },
  {
    en: 'vhost_hlen, sock_hlen',
    zh: 'vhost_hlen，sock_hlen',
    note: {
      en: "Who handles virtio_net_hdr, set by vhost_net_set_features. QEMU normally leaves it to the tap (IFF_VNET_HDR): sock_hlen is the header size (12 bytes with VERSION_1 or MRG_RXBUF) and vhost_hlen is 0. Only with VHOST_NET_F_VIRTIO_NET_HDR does vhost strip and add the header itself.",
      zh: '由谁处理 virtio_net_hdr，在 vhost_net_set_features 里决定。QEMU 通常交给 tap（IFF_VNET_HDR）：sock_hlen 是包头长度（协商了 VERSION_1 或 MRG_RXBUF 时为 12 字节），vhost_hlen 为 0。只有协商了 VHOST_NET_F_VIRTIO_NET_HDR，vhost 才自己去掉和加上包头。',
    },
  },
  {
    en: 'busyloop_timeout (busy polling)',
    zh: 'busyloop_timeout（忙轮询）',
    note: {
      en: "VHOST_SET_VRING_BUSYLOOP_TIMEOUT (QEMU: the tap netdev's poll-us). When a handler runs out of work, vhost_net_busy_poll keeps notifications off and spins for up to that many microseconds, watching the avail ring and the socket, before it re-enables notifications and sleeps.",
      zh: 'VHOST_SET_VRING_BUSYLOOP_TIMEOUT（在 QEMU 里是 tap netdev 的 poll-us）。处理函数没活可干时，vhost_net_busy_poll 保持通知关闭，最多空转这么多微秒，盯着 avail 环和 socket，之后才重新打开通知去睡眠。',
    },
  },
  {
    en: 'per-queue vs shared MSI-X vector',
    zh: '每队列独占与共享的 MSI-X 向量',
    note: {
      en: "virtio-pci first tries one vector per virtqueue, whose handler is vring_interrupt for that queue. When the device gets fewer vectors, all queues share one, and its handler vp_vring_interrupt calls vring_interrupt on every queue in turn.",
      zh: 'virtio-pci 先尝试给每个 virtqueue 一个向量，处理函数就是该队列的 vring_interrupt。设备拿到的向量不够时，所有队列共用一个，处理函数 vp_vring_interrupt 依次对每个队列调用 vring_interrupt。',
    },
  },
  {
    en: 'memory table, GPA, HVA',
    zh: '内存表，GPA，HVA',
    note: {
      en: 'VHOST_SET_MEM_TABLE gives vhost the regions of guest RAM: each maps a guest physical address (GPA) range to a host virtual address (HVA) range in QEMU. Over vhost-user the table travels as VHOST_USER_SET_MEM_TABLE with one fd per region, which the back-end mmaps to reach the same memory.',
      zh: 'VHOST_SET_MEM_TABLE 把客户机内存的各个区域告诉 vhost：每个区域把一段 GPA（客户机物理地址）映射到 QEMU 中的一段 HVA（宿主机虚拟地址）。在 vhost-user 里，这张表以 VHOST_USER_SET_MEM_TABLE 发送，每个区域附带一个 fd，后端把它 mmap 进来，才能访问同一块内存。',
    },
  },
  {
    en: 'NAPI',
    zh: 'NAPI',
    note: {
      en: "Linux's interrupt-then-poll scheme: the interrupt handler disables further interrupts and schedules a poll that drains the queue, then re-enables them.",
      zh: 'Linux 的"先中断、后轮询"机制：中断处理函数关掉后续中断并调度轮询，把队列处理干净后再重新开启中断。',
    },
  },
  {
    en: 'vq_err',
    zh: 'vq_err',
    note: {
      en: "vhost's report of a malformed ring: a pr_debug message plus a signal on the queue's error eventfd if one was set; the offending chain is refused.",
      zh: 'vhost 对非法 vring 的报告：一条 pr_debug 消息，若设置了该队列的 error eventfd 还会触发它；出问题的链被拒绝。',
    },
  },
  {
    en: 'BAD_RING, broken',
    zh: 'BAD_RING，broken',
    note: {
      en: 'The guest driver\'s reaction to an impossible used entry (an id out of range or not a head): it marks the virtqueue broken and stops using it.',
      zh: '客户机驱动对不可能出现的 used 条目（id 越界或不是链头）的反应：把 virtqueue 标记为 broken，不再使用。',
    },
  },
  {
    en: 'tap',
    zh: 'tap',
    note: {
      en: 'The host network device (tap0) vhost-net sends guest frames to (tun_sendmsg) and takes frames for the guest from (tun_recvmsg).',
      zh: '宿主机上的网络设备（tap0）：vhost-net 把客户机的帧发给它（tun_sendmsg），也从它那里取发给客户机的帧（tun_recvmsg）。',
    },
  },
  ...VHOST_USER_GLOSSARY,
];
