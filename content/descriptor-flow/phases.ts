/**
 * The phases of the descriptor-flow walkthrough: which phase each beat
 * belongs to, and a narrative per phase that explains the why. The English
 * and Chinese of each phase sit side by side so a translator sees both.
 */
import type { EventType } from '@/engine/trace/events';
import type { PhaseId, PhaseProse } from '../types';

/** The phase of every event type this walkthrough emits (a test checks that every beat of its runs has one). */
export const PHASE_OF = {
  vring_create: 'setup',
  vhost_vring_setup: 'setup',
  vhost_net_set_backend: 'setup',
  virtnet_buf_prepare: 'add',
  virtqueue_add_enospc: 'add',
  netif_tx_stop_queue: 'add',
  virtqueue_add_indirect: 'add',
  virtqueue_add_desc: 'add',
  virtqueue_add_last: 'add',
  virtqueue_add_avail: 'add',
  virtqueue_publish_avail: 'add',
  virtqueue_kick_prepare: 'kick',
  vp_notify: 'kick',
  eventfd_signal: 'kick', // a call's eventfd_signal belongs to give-back: see phaseOfEvent
  vhost_poll_wakeup: 'kick',
  tun_net_xmit: 'kick',
  vhost_worker_wake: 'kick',
  vhost_disable_notify: 'pop',
  vhost_net_poll: 'pop',
  vhost_get_avail_idx: 'pop',
  vhost_get_avail_head: 'pop',
  vhost_desc_read: 'pop',
  vhost_get_indirect: 'pop',
  vhost_discard_vq_desc: 'pop',
  vhost_net_rx_peek_head_len: 'pop',
  get_rx_bufs: 'pop',
  vhost_net_build_xdp: 'pop',
  tun_recvmsg: 'pop',
  vhost_net_heads: 'pop',
  vhost_exceeds_weight: 'pop',
  tun_sendmsg: 'give-back',
  vhost_add_used: 'give-back',
  vhost_publish_used: 'give-back',
  vhost_notify: 'give-back',
  kvm_apic_set_irq: 'give-back',
  vring_interrupt: 'reclaim',
  napi_schedule: 'reclaim',
  virtqueue_disable_cb: 'reclaim',
  virtqueue_get_buf: 'reclaim',
  detach_buf: 'reclaim',
  virtqueue_get_buf_done: 'reclaim',
  virtnet_tx_done: 'reclaim',
  receive_buf: 'reclaim',
  netif_tx_wake_queue: 'reclaim',
  virtqueue_enable_cb: 'idle',
  virtqueue_poll: 'idle',
  vhost_enable_notify: 'idle',
  vhost_worker_sleep: 'idle',
  vhost_busy_poll: 'idle',
  guest_halt: 'idle',
  guest_corrupt: 'fault',
  vq_err: 'fault',
  vring_bad_ring: 'fault',
  scenario_done: 'done',
} as const satisfies Partial<Record<EventType, PhaseId>>;


/** Every phase, in the order a reader meets them. */
export const PHASES = {
  setup: {
    title: { en: 'Setting up the ring', zh: '建立 vring' },
    body: {
      en: "Before any frame moves, both sides must agree on where the ring lives. At probe, the guest's virtio-net driver asks the transport for its queues (virtio_find_vqs → vp_find_vqs): each gets a split virtqueue in guest RAM (a descriptor table, the avail ring only the driver writes, the used ring only the device writes) and, with enough MSI-X vectors, a vector of its own whose handler is vring_interrupt itself (seed 003 walks this fallback ladder). Writing DRIVER_OK makes the vCPU exit to QEMU, whose vhost_net_start → vhost_dev_start → vhost_virtqueue_start passes each ring to the host kernel's vhost-net with VHOST_SET_VRING_NUM, _BASE, _ADDR (QEMU's own addresses for the three parts) and _KICK (the host notifier eventfd, which KVM's ioeventfd signals). The call eventfd went in earlier, when QEMU bound the guest notifiers to KVM's irqfd; then VHOST_NET_SET_BACKEND attaches tap0 and vhost starts polling its socket. Seed 000 follows this sequence in QEMU; seed 002 shows the kernel side: vhost_net_open sets up one poll per kick eventfd (handle_tx_kick, handle_rx_kick) and one per socket direction (handle_tx_net, handle_rx_net).",
      zh: '在任何一帧开始流动之前，双方必须先就 vring 放在哪里达成一致。探测（probe）时，客户机的 virtio-net 驱动向传输层要它的队列（virtio_find_vqs → vp_find_vqs）：每个队列在客户机内存里得到一个 split virtqueue（描述符表、只由驱动写的 avail 环、只由设备写的 used 环），中断向量够用时还各得一个自己的 MSI-X 向量，处理函数就是 vring_interrupt 本身（seed 003 逐级分析了这套回退策略）。驱动写入 DRIVER_OK 时 vCPU 退出到 QEMU，QEMU 经 vhost_net_start → vhost_dev_start → vhost_virtqueue_start 把每个 vring 交给宿主机内核里的 vhost-net：VHOST_SET_VRING_NUM、_BASE、_ADDR（三部分在 QEMU 自身地址空间里的地址）和 _KICK（host notifier eventfd，由 KVM 的 ioeventfd 触发）。call eventfd 更早就传进去了，是 QEMU 把 guest notifier 绑定到 KVM 的 irqfd 时设置的；随后 VHOST_NET_SET_BACKEND 挂上 tap0，vhost 开始轮询它的 socket。seed 000 在 QEMU 里跟踪了这一流程；seed 002 展示了内核一侧：vhost_net_open 为每个 kick eventfd 准备一个 poll（handle_tx_kick、handle_rx_kick），为 socket 的每个方向也各准备一个（handle_tx_net、handle_rx_net）。',
    },
  },
  add: {
    title: { en: 'Adding a buffer', zh: '添加缓冲区' },
    body: {
      en: "To give the device a buffer, the driver describes it with descriptors: each holds a guest-physical address, a length and flags. NEXT chains to another descriptor; WRITE marks memory the device writes (receive); no WRITE means the device only reads it (transmit). With a VERSION_1 device, xmit_skb pushes the 12-byte virtio_net_hdr into the skb's headroom, so a linear frame and its header are one descriptor; receive buffers are mergeable, one descriptor each, carved from page fragments. (Older layouts, a header in its own descriptor or 19-entry big receive buffers, are options.) virtqueue_add_split takes descriptors from the free list, writes each with NEXT and clears it on the last, puts the chain's head in avail->ring[avail_idx & (num − 1)], and only after a write barrier bumps avail->idx. That store is the moment of publication. The transmit side stops its queue when fewer than 2 + MAX_SKB_FRAGS = 19 descriptors are free, the most one skb could need.",
      zh: '要把缓冲区交给设备，驱动用描述符来描述它：每个描述符记录一个 GPA（客户机物理地址）、一个长度和若干标志。NEXT 表示链到下一个描述符；WRITE 表示这块内存由设备写入（接收）；不带 WRITE 则设备只读（发送）。对 VERSION_1 设备，xmit_skb 把 12 字节的 virtio_net_hdr 压进 skb 的 headroom，线性帧连同头只占一个描述符；接收缓冲区是 mergeable 的，每个一个描述符，从页片段里切出来。（更老的布局，头单独占一个描述符，或 19 项的 big 接收缓冲区，可以在选项里切换。）virtqueue_add_split 从空闲链表取出描述符，每一项都先带着 NEXT 写入，再清掉最后一项的 NEXT，把链头写进 avail->ring[avail_idx & (num − 1)]，执行写屏障之后才递增 avail->idx。这次写入才是真正的发布时刻。发送方向上，空闲描述符少于 2 + MAX_SKB_FRAGS = 19 个（一个 skb 最多可能需要的数目）时，驱动就停掉发送队列。',
    },
  },
  kick: {
    title: { en: 'Kicking the device', zh: 'kick 后端' },
    body: {
      en: "start_xmit kicks only for the last frame of a burst (xmit_more tells it more are coming), and then only if the device wants to hear about it (virtqueue_kick_prepare_split). With EVENT_IDX the device has left avail_event at the end of the used ring, and the driver kicks only if vring_need_event(avail_event, new, old) holds; without EVENT_IDX it kicks unless the device set VRING_USED_F_NO_NOTIFY. A kick is vp_notify writing the queue number to the queue's notify address. The write exits to KVM, whose ioeventfd matches it inside the host kernel (QEMU never runs) and signals the kick eventfd that seed 000 calls the host notifier. Its wait queue runs vhost_poll_wakeup, which puts handle_tx_kick or handle_rx_kick on the vhost worker's work_list and wakes it (seed 002). For receive, a frame arriving on tap0 does the same through the socket's wait queue, queuing handle_rx_net, as long as vhost is polling the socket.",
      zh: 'start_xmit 只在一批帧的最后一帧才 kick（xmit_more 告诉它后面还有），而且还要看设备是否想知道（virtqueue_kick_prepare_split）。协商了 EVENT_IDX 时，设备在 used 环末尾留下了 avail_event，只有 vring_need_event(avail_event, new, old) 成立驱动才 kick；没有 EVENT_IDX 时，只要设备没有置上 VRING_USED_F_NO_NOTIFY 就 kick。kick 的动作是 vp_notify 把队列号写到该队列的通知地址。这次写退出到 KVM，KVM 的 ioeventfd 在宿主机内核里就匹配到它（QEMU 根本不运行），触发 seed 000 所说的 host notifier，即 kick eventfd。它的等待队列调用 vhost_poll_wakeup，把 handle_tx_kick 或 handle_rx_kick 挂到 vhost worker 的 work_list 上并唤醒 worker（seed 002）。接收方向上，只要 vhost 在轮询 tap0 的 socket，帧到达时也以同样的方式经 socket 的等待队列挂上 handle_rx_net。',
    },
  },
  pop: {
    title: { en: 'vhost takes the buffer', zh: 'vhost 取出缓冲区' },
    body: {
      en: "The worker is a vhost_task, a thread of the QEMU process named vhost-<pid> (seed 002 shows the older kthread, vhost_worker); it runs vhost_run_work_list. handle_tx and handle_rx first ask the guest to stop kicking (vhost_disable_notify) and stop polling the tap socket (vhost_net_disable_vq): the worker will read the ring until it runs dry. vhost_get_vq_desc compares avail->idx with last_avail_idx, reads the head from avail->ring, and walks the chain, translating every buffer from guest-physical to QEMU's virtual addresses through the memory table (translate_desc) and checking every field. On transmit, vhost_net_build_xdp copies the header and the frame out of guest memory into a page-fragment buffer: with tap and IFF_VNET_HDR vhost keeps no header of its own (vhost_hlen 0) and the socket takes the 12-byte header (sock_hlen 12), which tun parses. On receive, vhost_net_rx_peek_head_len sizes the next frame, get_rx_bufs takes enough heads for it (several with mergeable buffers, or it discards a frame that does not fit), tun_recvmsg writes header and frame into the guest's buffers, and vhost patches num_buffers. Either way the finished heads wait in vq->heads.",
      zh: 'worker 是一个 vhost_task，即 QEMU 进程里名为 vhost-<pid> 的线程（seed 002 展示的是更早的内核线程 vhost_worker）；它运行 vhost_run_work_list。handle_tx 和 handle_rx 先请客户机别再 kick（vhost_disable_notify），并停止轮询 tap 的 socket（vhost_net_disable_vq）：worker 会一直读 vring 直到取空。vhost_get_vq_desc 拿 avail->idx 和 last_avail_idx 比较，从 avail->ring 读出链头，沿链逐个读取描述符，每个缓冲区地址都通过内存表从 GPA 转换成 QEMU 的 HVA（translate_desc），沿途每个字段都要检查。发送方向上，vhost_net_build_xdp 把头和帧从客户机内存拷进一个页片段缓冲区：tap 开了 IFF_VNET_HDR，vhost 自己不处理头（vhost_hlen 为 0），12 字节的头交给 socket（sock_hlen 为 12），由 tun 解析。接收方向上，vhost_net_rx_peek_head_len 量出下一帧的长度，get_rx_bufs 为它取够 head（mergeable 缓冲区可以取好几个；装不下的帧则被丢弃），tun_recvmsg 把头和帧写进客户机的缓冲区，vhost 再补上 num_buffers。无论哪个方向，处理完的 head 都先放在 vq->heads 里等着。',
    },
  },
  'give-back': {
    title: { en: 'Returning buffers and calling', zh: '归还缓冲区并 call' },
    body: {
      en: "vhost-net returns buffers in batches. When the ring runs dry, when a pass ends, or after VHOST_NET_BATCH = 64 of them, vhost_tx_batch hands the batched frames to tun in one sendmsg, and vhost_net_signal_used calls vhost_add_used_and_signal_n: __vhost_add_used_n writes every collected {id, len} into the used ring in one copy, and after a write barrier vhost_add_used_n stores used->idx once for the whole batch. Transmit buffers report len 0: the device wrote nothing into them. Then vhost_signal asks vhost_notify whether the guest wants an interrupt, once per batch. Without EVENT_IDX: yes, unless VRING_AVAIL_F_NO_INTERRUPT is set. With EVENT_IDX: only if vring_need_event(used_event, new, signalled_used) finds the guest's used_event in the batch. This is the decision seed 000 steps through in DPDK's vhost_vring_call_split. To call, vhost_signal signals the call eventfd; KVM's irqfd_wakeup, waiting on it, injects the MSI into the vCPU's local APIC from inside the kernel (kvm_apic_set_irq).",
      zh: 'vhost-net 成批归还缓冲区。vring 取空时、一趟处理结束时，或者攒满 VHOST_NET_BATCH = 64 个时，vhost_tx_batch 用一次 sendmsg 把攒下的帧交给 tun，vhost_net_signal_used 调用 vhost_add_used_and_signal_n：__vhost_add_used_n 一次把收集到的全部 {id, len} 写进 used 环，执行写屏障后，vhost_add_used_n 为整批只写一次 used->idx。发送缓冲区的 len 为 0，因为设备没往里写东西。然后 vhost_signal 让 vhost_notify 判断客户机是否需要中断，每批一次。没有 EVENT_IDX 时：除非置了 VRING_AVAIL_F_NO_INTERRUPT，否则就要。有 EVENT_IDX 时：只有 vring_need_event(used_event, new, signalled_used) 发现客户机的 used_event 落在这一批里才要。这正是 seed 000 在 DPDK 的 vhost_vring_call_split 里单步跟踪的判断。需要 call 时，vhost_signal 触发 call eventfd；等在上面的 KVM irqfd_wakeup 直接在内核里把 MSI 注入 vCPU 的本地 APIC（kvm_apic_set_irq）。',
    },
  },
  reclaim: {
    title: { en: 'Reclaiming used buffers', zh: '回收已用缓冲区' },
    body: {
      en: "The interrupt enters through common_interrupt to the vector's handler: with a vector per queue that is vring_interrupt itself; with one shared vector it is vp_vring_interrupt, which calls vring_interrupt for every queue (seed 003). vring_interrupt checks that used->idx has moved past last_used_idx and runs the queue's callback, skb_xmit_done or skb_recv_done, which turns further interrupts off and schedules NAPI. The poll runs in softirq context on the way out (net_rx_action → virtnet_poll_tx or virtnet_poll). It takes used entries back one at a time: virtqueue_get_buf_ctx_split reads {id, len}; detach_buf_split puts the chain back on the free list, finding its end by the NEXT flags in the shared descriptor table; and virtqueue_get_buf_ctx_split advances last_used_idx and, with callbacks on, stores used_event. Transmit frees the skbs (free_old_xmit; older kernels: free_old_xmit_skbs) and wakes a stopped queue once 19 descriptors are free; start_xmit also frees old buffers before each frame. Receive passes frames up (receive_mergeable gathers num_buffers buffers) and refills the ring once more than half a budget is free.",
      zh: '中断经 common_interrupt 进入该向量的处理函数：每个队列一个向量时就是 vring_interrupt 本身；所有队列共用一个向量时是 vp_vring_interrupt，由它为每个队列调用 vring_interrupt（seed 003）。vring_interrupt 检查 used->idx 是否已越过 last_used_idx，然后调用该队列的回调 skb_xmit_done 或 skb_recv_done，回调关掉后续中断并调度 NAPI。轮询在退出中断时的软中断上下文里运行（net_rx_action → virtnet_poll_tx 或 virtnet_poll）。它逐个取回 used 条目：virtqueue_get_buf_ctx_split 读出 {id, len}；detach_buf_split 把链放回空闲链表，靠共享描述符表里的 NEXT 标志找到链尾；virtqueue_get_buf_ctx_split 再推进 last_used_idx，回调开着时还写入 used_event。发送方向释放 skb（free_old_xmit；老内核叫 free_old_xmit_skbs），空闲描述符回到 19 个时唤醒停掉的队列；start_xmit 在每一帧之前也会顺手回收。接收方向把帧交给协议栈（receive_mergeable 按 num_buffers 拼起多个缓冲区），空闲描述符超过半个配额时重新补充 vring。',
    },
  },
  idle: {
    title: { en: 'Re-arming and going to sleep', zh: '重新开启通知，进入睡眠' },
    body: {
      en: "Neither side may simply stop when the ring looks empty: the other might publish just after it looked, while notifications were still off, and then both would wait forever. So each side re-enables notifications first, then looks once more. The guest's virtqueue_enable_cb_prepare clears NO_INTERRUPT and writes used_event = last_used_idx; virtqueue_enable_cb_delayed, used after transmitting, asks instead for an interrupt three quarters of the way through what is still out, so one interrupt covers many buffers; virtqueue_poll then re-reads used->idx. vhost_enable_notify clears NO_NOTIFY, or with EVENT_IDX writes avail_event, then re-reads avail->idx. With busyloop_timeout set, vhost first spins in vhost_net_busy_poll for that many microseconds before giving up. Only if nothing slipped in does the worker sleep in schedule() and the vCPU halt until KVM injects an interrupt. One asymmetry: when handle_rx stops because the ring has no room, it leaves the tap socket unpolled, so frames wait on tap0 until the guest refills the ring and kicks.",
      zh: 'vring 看起来空了，双方都不能就此停下：对方可能恰好在自己查看之后、通知还关着的时候发布了新条目，那样双方就会永远互相等待。所以每一方都先重新开启通知，再看一眼。客户机的 virtqueue_enable_cb_prepare 清除 NO_INTERRUPT，写入 used_event = last_used_idx；发送之后用的 virtqueue_enable_cb_delayed 则把中断推迟到未完成缓冲区的四分之三处，一次中断覆盖多个缓冲区；然后 virtqueue_poll 重读 used->idx。vhost_enable_notify 清除 NO_NOTIFY，有 EVENT_IDX 时则写入 avail_event，再重读 avail->idx。设置了 busyloop_timeout 时，vhost 放弃之前先在 vhost_net_busy_poll 里空转那么多微秒。只有确实没有漏网的条目，worker 才在 schedule() 里睡眠，vCPU 才停下等 KVM 注入中断。有一处不对称：handle_rx 因为 vring 没有空位而停下时，不再轮询 tap 的 socket，帧就在 tap0 上等着，直到客户机补充缓冲区并 kick。',
    },
  },
  fault: {
    title: { en: 'A malformed chain', zh: '非法描述符链' },
    body: {
      en: "The ring lives in guest memory, so the host treats every field in it as hostile; here a faulty guest corrupts its ring (fault injection, not Linux code). Before touching any data, vhost_get_vq_desc and get_indirect check the avail index, every head and next index, chain length (loop detection), that every buffer translates through the memory table, that readable buffers precede writable ones, and that indirect tables are whole and not nested (a bad table is reported twice: by get_indirect, then \"Failure detected in indirect descriptor\"). vq_err reports the failure and the worker stops. For the checks inside vhost_get_vq_desc the bad head stays at the front of the ring, so the queue stalls, as in real Linux, until the guest resets the device. A bad avail index is stored before it is checked, so it stays cached. vhost-net's own checks (a writable transmit buffer, nothing after the header) come after a successful walk: that chain stays consumed, and the next kick carries on past it. The driver guards itself too: an impossible used entry marks the ring broken (BAD_RING).",
      zh: 'vring 放在客户机内存里，所以宿主机必须把其中每个字段都当作不可信的输入。这里一个出了毛病的客户机把自己的 vring 改坏了（故障注入，不是 Linux 的代码）。在碰任何数据之前，vhost_get_vq_desc 和 get_indirect 会检查 avail 索引、每个 head 和 next 下标、链长（环检测）、每个缓冲区能否通过内存表转换、只读缓冲区是否排在可写缓冲区之前，以及间接表是否完整、有无嵌套（坏间接表会报两次：先是 get_indirect，再是 "Failure detected in indirect descriptor"）。任何一项不通过，就用 vq_err 报告，worker 随即停下。对于 vhost_get_vq_desc 内部的检查，坏 head 一直停在 vring 的最前面，于是队列停滞，真实的 Linux 也是如此，直到客户机重置设备。错误的 avail 索引是先存后查的，所以会一直留在缓存里。vhost-net 自己的检查（发送队列上出现可写缓冲区、去掉头后什么也不剩）发生在描述符链已经走通之后：那条链仍算已消费，下一次 kick 会越过它继续处理。驱动一侧同样自保：若 used 环里出现不可能的条目，驱动会把 vring 标记为 broken（BAD_RING）。',
    },
  },
  done: {
    title: { en: 'Every frame through', zh: '全部完成' },
    body: {
      en: "The run ends when every frame has made its way: transmitted frames reached tap0 and their buffers came back; received frames reached the guest's stack (the receive ring stays full of empty buffers, as on a real guest). The counters tell the story of notification suppression and batching: compare kicks and calls with the number of frames. A busy vhost worker reads the ring without kicks, a guest polling in NAPI takes no interrupts, vhost returns used buffers in batches with one call each, and EVENT_IDX sharpens all of it so that each side is notified only when the other crosses the index it named. Rerun with EVENT_IDX off, or with suppress off (a what-if: real Linux always suppresses), to see what each mechanism saves. Every kick is a trapped MMIO write and every call an injected interrupt, both paid for in vCPU time.",
      zh: '当每一帧都走完了自己的路，这一轮就结束了：发送的帧到达 tap0，缓冲区也都归还；接收的帧到达客户机协议栈（接收 vring 里仍满是空缓冲区，真实的客户机也是这样）。计数器讲述了通知抑制和批处理的效果：把 kick 和 call 的次数与帧数比一比。忙碌的 vhost worker 不需要 kick 就在读 vring，在 NAPI 中轮询的客户机不需要中断，vhost 成批归还 used 缓冲区、每批只 call 一次，EVENT_IDX 又把这一切做得更精细：只有对方越过了自己点名的索引，才通知自己。关掉 EVENT_IDX，或者关掉 suppress（这只是假设：真实的 Linux 总会抑制通知），重新运行，就能看出每种机制省下了什么。每次 kick 都是一次被截获的 MMIO 写，每次 call 都是一次中断注入，代价都由 vCPU 的时间来付。',
    },
  },
} as const satisfies Partial<Record<PhaseId, PhaseProse>>;
