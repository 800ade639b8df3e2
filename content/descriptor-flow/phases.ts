/**
 * The phases of the descriptor-flow walkthrough: which phase each beat
 * belongs to, and a narrative per phase that explains the why. The English
 * and Chinese of each phase sit side by side so a translator sees both.
 */
import type { EventType } from '@/engine/trace/events';
import type { Bilingual, PhaseId } from '../types';

/** The phase of every event type; `satisfies` makes a missing type a compile error. */
export const PHASE_OF = {
  vring_create: 'setup',
  vhost_vring_setup: 'setup',
  virtnet_buf_prepare: 'add',
  virtqueue_add_no_room: 'add',
  virtqueue_add_indirect: 'add',
  virtqueue_add_desc: 'add',
  virtqueue_add_avail: 'add',
  virtqueue_publish_avail: 'add',
  virtqueue_kick_prepare: 'kick',
  vp_notify: 'kick',
  tun_net_xmit: 'kick',
  vhost_worker_wake: 'kick',
  vhost_disable_notify: 'pop',
  vhost_get_avail_idx: 'pop',
  vhost_get_avail_head: 'pop',
  vhost_desc_read: 'pop',
  vhost_get_indirect: 'pop',
  vhost_copy: 'pop',
  vhost_add_used: 'give-back',
  vhost_publish_used: 'give-back',
  vhost_notify: 'give-back',
  vhost_signal: 'give-back',
  vring_interrupt: 'reclaim',
  virtqueue_disable_cb: 'reclaim',
  virtqueue_get_buf: 'reclaim',
  detach_buf: 'reclaim',
  virtnet_buf_done: 'reclaim',
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
} as const satisfies Record<EventType, PhaseId>;

/** Title and narrative of one phase. */
export interface PhaseProse {
  title: Bilingual;
  body: Bilingual;
}

/** Every phase, in the order a reader meets them. */
export const PHASES = {
  setup: {
    title: { en: 'Setting up the ring', zh: '建立 vring' },
    body: {
      en: "Before any frame moves, both sides must agree on where the ring lives. The guest's virtio-net driver carves one split virtqueue out of its own RAM: a descriptor table, the avail ring that only the driver writes, and the used ring that only the device writes. Writing DRIVER_OK makes the vCPU exit to QEMU, whose vhost_net_start → vhost_virtqueue_start passes the ring to the host kernel: VHOST_SET_VRING_NUM and VHOST_SET_VRING_BASE, then VHOST_SET_VRING_ADDR with the three addresses translated into QEMU's own address space, then VHOST_SET_VRING_KICK with the host-notifier eventfd and VHOST_SET_VRING_CALL with the guest-notifier eventfd. Seed 000 walks through this exact sequence, and shows DPDK receiving the same two fds over vhost-user as vq->kickfd and vq->callfd.",
      zh: '在任何一帧开始流动之前，双方必须先就 vring 放在哪里达成一致。客户机的 virtio-net 驱动在自己的内存里划出一个 split virtqueue：描述符表、只由驱动写的 avail 环，以及只由设备写的 used 环。驱动写入 DRIVER_OK 时 vCPU 退出到 QEMU，QEMU 经 vhost_net_start → vhost_virtqueue_start 把这个 vring 交给宿主机内核：先是 VHOST_SET_VRING_NUM 和 VHOST_SET_VRING_BASE，再用 VHOST_SET_VRING_ADDR 传入换算成 QEMU 自身地址空间的三个地址，最后用 VHOST_SET_VRING_KICK 传入 host notifier 的 eventfd、用 VHOST_SET_VRING_CALL 传入 guest notifier 的 eventfd。seed 000 逐步梳理了这一流程，还展示了 DPDK 通过 vhost-user 收到同样的两个 fd，存进 vq->kickfd 和 vq->callfd。',
    },
  },
  add: {
    title: { en: 'Adding a buffer', zh: '添加缓冲区' },
    body: {
      en: 'To give the device a buffer, the driver describes it with descriptors: each holds a guest-physical address, a length and flags. NEXT chains to another descriptor; WRITE marks memory the device writes (receive); no WRITE means the device only reads it (transmit). A virtio-net buffer has two pieces, the 12-byte virtio_net_hdr and the frame, so it takes two descriptors, or, with indirect descriptors, one descriptor pointing at a small separate table. virtqueue_add_split takes descriptors from the free list, writes the chain\'s head into avail->ring[avail_idx & (num − 1)], and only after a write barrier bumps avail->idx. That store is the moment of publication; before it the device cannot see the buffer. avail->idx is a free-running u16: it wraps at 65536, not at the queue size.',
      zh: '要把缓冲区交给设备，驱动用描述符来描述它：每个描述符记录一个 GPA（客户机物理地址）、一个长度和若干标志。NEXT 表示链到下一个描述符；WRITE 表示这块内存由设备写入（接收）；不带 WRITE 则设备只读（发送）。一个 virtio-net 缓冲区分两段：12 字节的 virtio_net_hdr 和帧本身，所以要占两个描述符；启用间接描述符时只占一个，由它指向一张小的独立表。virtqueue_add_split 从空闲链表取出描述符，把链头写进 avail->ring[avail_idx & (num − 1)]，执行写屏障之后才递增 avail->idx。这次写入才是真正的发布时刻，在此之前设备看不到这个缓冲区。avail->idx 是自由递增的 u16：它在 65536 处回绕，而不是在队列大小处。',
    },
  },
  kick: {
    title: { en: 'Kicking the device', zh: 'kick 后端' },
    body: {
      en: 'After publishing, the driver asks whether the device wants to hear about it (virtqueue_kick_prepare_split). With EVENT_IDX the device has left avail_event at the end of the used ring, and the driver kicks only if vring_need_event(avail_event, new, old) holds: the index the device named lies among those just published. Without EVENT_IDX the driver kicks unless the device set VRING_USED_F_NO_NOTIFY in used->flags. A kick is vp_notify writing the queue number to the notify register. KVM\'s ioeventfd matches that MMIO write inside the host kernel, so QEMU never runs, and signals the kick eventfd that seed 000 calls the host notifier; vhost_poll_wakeup then queues work for the vhost worker. For receive, a frame arriving on tap0 wakes the worker the same way, through the socket\'s wait queue.',
      zh: '发布之后，驱动要判断设备是否想知道这件事（virtqueue_kick_prepare_split）。协商了 EVENT_IDX 时，设备在 used 环末尾留下了 avail_event，只有 vring_need_event(avail_event, new, old) 成立，也就是设备点名的索引落在刚发布的范围内，驱动才 kick。没有 EVENT_IDX 时，只要设备没有在 used->flags 中置上 VRING_USED_F_NO_NOTIFY，驱动就 kick。kick 的动作是 vp_notify 把队列号写进通知寄存器。KVM 的 ioeventfd 在宿主机内核里就匹配到这次 MMIO 写，QEMU 根本不用运行，随即触发 kick eventfd，也就是 seed 000 所说的 host notifier；接着 vhost_poll_wakeup 给 vhost worker 排上工作。接收方向上，tap0 收到帧时也以同样的方式，经 socket 的等待队列唤醒 worker。',
    },
  },
  pop: {
    title: { en: 'vhost takes the buffer', zh: 'vhost 取出缓冲区' },
    body: {
      en: "Once awake, the vhost worker first asks the guest to stop kicking (vhost_disable_notify): it will poll the ring until it runs dry, so kicks meanwhile would be wasted exits. vhost_get_vq_desc compares avail->idx with its private last_avail_idx to see how many chains are new, reads the head from avail->ring[last_avail_idx % num], and walks the chain. Every buffer address is translated through the memory table from guest-physical to QEMU's virtual address space (translate_desc), because the worker runs in the QEMU process's address space and copies with copy_from_user and copy_to_user. Every field is checked on the way; what happens to a chain that fails is the fault phase. For transmit, tun_sendmsg hands the frame to tap0; for receive, tun_recvmsg writes a frame into the guest's buffers.",
      zh: '被唤醒后，vhost worker 先请客户机别再 kick（vhost_disable_notify）：它会一直轮询 vring 直到取空，这期间的 kick 只是白白多出来的 VM exit。vhost_get_vq_desc 拿 avail->idx 和自己私有的 last_avail_idx 比较，算出有多少条新链，再从 avail->ring[last_avail_idx % num] 读出链头，沿链逐个读取描述符。每个缓冲区地址都要通过内存表从 GPA 转换成 QEMU 地址空间里的 HVA（translate_desc），因为 worker 运行在 QEMU 进程的地址空间里，用 copy_from_user 和 copy_to_user 拷贝数据。沿途每个字段都要检查，检查不通过的链如何处理见"错误"阶段。发送方向上，tun_sendmsg 把帧交给 tap0；接收方向上，tun_recvmsg 把帧写进客户机的缓冲区。',
    },
  },
  'give-back': {
    title: { en: 'Returning the buffer and calling', zh: '归还缓冲区并 call' },
    body: {
      en: "vhost returns a buffer by writing {id = head, len = bytes written} into used->ring[last_used_idx % num] and, after a write barrier, bumping used->idx. Transmit buffers report len 0: the device wrote nothing into them. Then vhost_notify decides whether the guest wants an interrupt. Without EVENT_IDX: yes, unless VRING_AVAIL_F_NO_INTERRUPT is set in avail->flags. With EVENT_IDX: only if vring_need_event(used_event, new, signalled_used) finds the guest's used_event among the entries published since the last signal. This is the decision seed 000 steps through in DPDK's vhost_vring_call_split; Linux's vhost_notify makes the same test on the same fields. To call, vhost_signal writes the call eventfd and KVM's irqfd injects the interrupt from inside the kernel. Seed 000 shows how QEMU wires that irqfd (kvm_virtio_pci_irqfd_use) and the slower path through QEMU's main loop without it.",
      zh: 'vhost 归还缓冲区的做法是：把 {id = 链头, len = 写入的字节数} 写进 used->ring[last_used_idx % num]，执行写屏障后再递增 used->idx。发送缓冲区的 len 为 0，因为设备没往里写东西。随后 vhost_notify 判断客户机是否需要中断。没有 EVENT_IDX 时：除非 avail->flags 中置了 VRING_AVAIL_F_NO_INTERRUPT，否则就要。有 EVENT_IDX 时：只有 vring_need_event(used_event, new, signalled_used) 发现客户机的 used_event 落在上次通知以来发布的条目之中才要。这正是 seed 000 在 DPDK 的 vhost_vring_call_split 里单步跟踪的判断；Linux 的 vhost_notify 对同样的字段做同样的检查。需要 call 时，vhost_signal 写 call eventfd，KVM 的 irqfd 在内核里直接注入中断。seed 000 还梳理了 QEMU 如何接通这个 irqfd（kvm_virtio_pci_irqfd_use），以及没有 irqfd 时经由 QEMU 主循环的那条较慢的路径。',
    },
  },
  reclaim: {
    title: { en: 'Reclaiming used buffers', zh: '回收已用缓冲区' },
    body: {
      en: "The interrupt lands in vring_interrupt, which checks that used->idx has moved past the driver's last_used_idx and runs the queue's callback, skb_xmit_done or skb_recv_done. The callback turns further interrupts off with virtqueue_disable_cb (VRING_AVAIL_F_NO_INTERRUPT in avail->flags; with EVENT_IDX only in the driver's shadow, leaving used_event behind) and schedules NAPI. The poll loop then takes used entries one at a time: virtqueue_get_buf_ctx_split reads {id, len} at used->ring[last_used_idx & (num − 1)], detach_buf_split puts that chain's descriptors back on the free list, and last_used_idx advances. Transmit frees the skb; receive passes the frame up the stack and refills the ring. The transmit path also reclaims in start_xmit before queueing each new frame, which is why an interrupt sometimes finds nothing left to do.",
      zh: '中断到达 vring_interrupt，它检查 used->idx 是否已越过驱动的 last_used_idx，然后调用该队列的回调 skb_xmit_done 或 skb_recv_done。回调先用 virtqueue_disable_cb 关掉后续中断（在 avail->flags 中置 VRING_AVAIL_F_NO_INTERRUPT；有 EVENT_IDX 时只改驱动的影子变量，让 used_event 停在原处），再调度 NAPI。轮询循环随后逐个取回 used 条目：virtqueue_get_buf_ctx_split 从 used->ring[last_used_idx & (num − 1)] 读出 {id, len}，detach_buf_split 把这条链的描述符放回空闲链表，last_used_idx 随之前进。发送方向释放 skb；接收方向把帧交给协议栈，并重新补充 vring。发送路径在 start_xmit 排入新帧之前也会顺手回收，所以有时中断来了却发现已无事可做。',
    },
  },
  idle: {
    title: { en: 'Re-arming and going to sleep', zh: '重新开启通知，进入睡眠' },
    body: {
      en: 'Neither side may simply stop when the ring looks empty: the other might publish just after it looked, while notifications were still off, and then both would wait forever. So each side re-enables notifications first, then looks once more. The guest\'s virtqueue_enable_cb clears NO_INTERRUPT and writes used_event = last_used_idx ("interrupt me for the next one"); virtqueue_poll then re-reads used->idx. vhost_enable_notify clears NO_NOTIFY, or with EVENT_IDX writes avail_event = the last avail index it saw, then re-reads avail->idx. A full memory barrier sits between the store and the re-read on both sides. Only if nothing slipped in does the worker sleep in schedule() and the vCPU halt in HLT until KVM injects an interrupt; if something did, notifications go off again and the work goes on.',
      zh: 'vring 看起来空了，双方都不能就此停下：对方可能恰好在自己查看之后、通知还关着的时候发布了新条目，那样双方就会永远互相等待。所以每一方都先重新开启通知，再看一眼。客户机的 virtqueue_enable_cb 清除 NO_INTERRUPT，写入 used_event = last_used_idx（"下一个用完就中断我"），然后 virtqueue_poll 重读 used->idx。vhost_enable_notify 清除 NO_NOTIFY，有 EVENT_IDX 时则写入 avail_event = 它看到的最后一个 avail 索引，然后重读 avail->idx。两边在写入和重读之间都有一道完整的内存屏障。只有确实没有漏网的条目，worker 才在 schedule() 里睡眠，vCPU 才在 HLT 中停下等 KVM 注入中断；如果有，就再次关闭通知，继续干活。',
    },
  },
  fault: {
    title: { en: 'A malformed chain', zh: '非法描述符链' },
    body: {
      en: "The ring lives in guest memory, so the host treats every field in it as hostile. Here a faulty guest corrupts its ring. Before touching any data, vhost_get_vq_desc and get_indirect check that avail->idx has not jumped more than a ring ahead, that head and next indices are below num, that no chain outgrows the table (loop detection), that every buffer translates through the memory table, that readable buffers precede writable ones, and that indirect tables are whole and not nested. A failure is reported with vq_err (a pr_debug line, plus the error eventfd if QEMU set one) and the worker stops. The buffer never comes back; for the checks inside vhost_get_vq_desc its head stays at the front of the ring, so the queue stalls, as in real Linux, until the guest resets the device. The driver guards itself too: an impossible used entry makes it mark the ring broken (BAD_RING).",
      zh: 'vring 放在客户机内存里，所以宿主机必须把其中每个字段都当作不可信的输入。这里一个出了毛病的客户机把自己的 vring 改坏了。在碰任何数据之前，vhost_get_vq_desc 和 get_indirect 会检查：avail->idx 没有超前一整圈以上，head 和 next 下标都小于 num，链长不超过描述符表（环检测），每个缓冲区都能通过内存表转换，只读缓冲区排在可写缓冲区之前，间接表长度完整且没有嵌套。任何一项不通过，就用 vq_err 报告（一行 pr_debug，如果 QEMU 设置了 error eventfd 还会触发它），worker 随即停下。这个缓冲区再也不会归还；对于 vhost_get_vq_desc 内部的检查，坏 head 甚至一直停在 vring 的最前面，于是队列停滞，真实的 Linux 也是如此，直到客户机重置设备。驱动一侧同样自保：若 used 环里出现不可能的条目，驱动会把 vring 标记为 broken（BAD_RING）。',
    },
  },
  done: {
    title: { en: 'Every buffer is back', zh: '全部归还' },
    body: {
      en: 'The run ends when every buffer the guest made available has come back through the used ring and been reclaimed. The counters tell the story of notification suppression: compare kicks and calls with the number of frames. A busy vhost worker keeps polling without kicks, and a guest already polling in NAPI takes no further interrupts; EVENT_IDX sharpens this so that each side is notified only when the other crosses the index it named. Rerun with suppress off (a teaching mode: real vhost always suppresses kicks while its worker runs) or with EVENT_IDX off to see what each mechanism saves. Every kick is a trapped MMIO write and every call an injected interrupt, both paid for in vCPU time.',
      zh: '当客户机放出的每个缓冲区都经 used 环归还并被回收，这一轮就结束了。计数器讲述了通知抑制的效果：把 kick 和 call 的次数与帧数比一比。忙碌的 vhost worker 一直在轮询，不需要 kick；已经在 NAPI 中轮询的客户机也不再需要中断。EVENT_IDX 把这一点做得更精细：只有对方越过了自己点名的索引，才通知自己。把 suppress 关掉（这是教学模式：真实的 vhost 在 worker 运行期间总会抑制 kick），或者关掉 EVENT_IDX，重新运行，就能看出每种机制省下了什么。每次 kick 都是一次被截获的 MMIO 写，每次 call 都是一次中断注入，代价都由 vCPU 的时间来付。',
    },
  },
} as const satisfies Record<PhaseId, PhaseProse>;
