/**
 * Captions for the beats that run on the host: QEMU's vhost setup on the
 * vCPU thread, KVM's ioeventfd and irqfd, eventfd, the vhost worker and
 * vhost-net (Linux 6.12), and tap; in English and Chinese.
 */
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from '@/engine/abi/virtio-ring';
import type { UsedElem } from '@/engine/trace/events';
import { ERRORS } from '../errors';
import { descFlags, hex, plural, rangeEn, rangeZh, wrapEn, wrapZh } from '../fmt';
import { type CaptionPart, inStack } from '../caption-types';

const flagsEn = (flags: number): string => descFlags(flags) || '0 (none)';
const flagsZh = (flags: number): string => descFlags(flags) || '0（无）';
/** Used elements as prose: up to six, then a count of the rest. */
const elems = (es: readonly UsedElem[]): string =>
  es
    .slice(0, 6)
    .map((e) => `{ id ${e.id}, len ${e.len} }`)
    .join(', ') + (es.length > 6 ? ` … (${es.length - 6} more)` : '');

/** The handler a work item runs, in words. */
const workEn = (w: string): string =>
  w.endsWith('_kick') ? `${w} (a guest kick on the ${w.includes('tx') ? 'transmit' : 'receive'} queue)` : `${w} (the tap socket ${w.includes('tx') ? 'is writable' : 'has frames'})`;
const workZh = (w: string): string => (w.endsWith('_kick') ? `${w}（${w.includes('tx') ? '发送' : '接收'}队列上客户机的 kick）` : `${w}（tap socket ${w.includes('tx') ? '可写' : '有帧到达'}）`);

export const HOST_CAPTIONS = {
  vhost_vring_setup: {
    en: (f) =>
      `The guest's DRIVER_OK write exits to QEMU on this vCPU thread, and QEMU's virtio_net_set_status → vhost_net_start → vhost_dev_start reaches vhost_virtqueue_start for vq ${f.queue}, which hands the ring to the vhost-net kernel driver: VHOST_SET_VRING_NUM ${f.num}, VHOST_SET_VRING_BASE 0, VHOST_SET_VRING_ADDR with QEMU's own addresses (desc ${hex(f.descHva)}, avail ${hex(f.availHva)}, used ${hex(f.usedHva)}), and VHOST_SET_VRING_KICK with fd ${f.kickFd}, the host notifier KVM's ioeventfd signals. ` +
      `This beat stands for those four ioctls only. Other steps belong to other walkthroughs: VHOST_SET_OWNER, SET_FEATURES and SET_MEM_TABLE came earlier (vhost_dev_init, vhost_dev_start); the call fd ${f.callFd} went in before this, when set_guest_notifiers bound it to KVM_IRQFD and unmasked it (the masked notifier); KVM_IOEVENTFD was registered with the host notifier; and VHOST_NET_SET_BACKEND comes next.`,
    zh: (f) =>
      `客户机写入 DRIVER_OK 后在这个 vCPU 线程上退出到 QEMU，QEMU 经 virtio_net_set_status → vhost_net_start → vhost_dev_start 来到 vq ${f.queue} 的 vhost_virtqueue_start，把 vring 交给内核里的 vhost-net：VHOST_SET_VRING_NUM ${f.num}，VHOST_SET_VRING_BASE 0，VHOST_SET_VRING_ADDR 传入 QEMU 自己地址空间里的地址（desc ${hex(f.descHva)}、avail ${hex(f.availHva)}、used ${hex(f.usedHva)}），以及 VHOST_SET_VRING_KICK 传入 fd ${f.kickFd}，即 KVM 的 ioeventfd 会触发的 host notifier。` +
      `这一步只代表这四个 ioctl。其余步骤属于别的演示：VHOST_SET_OWNER、SET_FEATURES 和 SET_MEM_TABLE 更早就发了（vhost_dev_init、vhost_dev_start）；call fd ${f.callFd} 在这之前已经传入，是 set_guest_notifiers 把它绑定到 KVM_IRQFD 并解除屏蔽时设置的（masked notifier）；KVM_IOEVENTFD 随 host notifier 注册；VHOST_NET_SET_BACKEND 紧接着就来。`,
  },
  vhost_net_set_backend: {
    en: (f) =>
      `vhost_net_start_one attaches tap0 (QEMU's fd ${f.tapFd}) to vq ${f.queue} with VHOST_NET_SET_BACKEND. In the kernel, vhost_net_set_backend calls vhost_net_enable_vq, which starts polling the tap socket for ${f.mask}: vhost_poll_start puts vhost's wait-queue entry on it (seed 002: vhost_poll_init with handle_${f.mask === 'EPOLLIN' ? 'rx' : 'tx'}_net). ` +
      (f.queued
        ? `A tap is always writable, so vfs_poll already reports EPOLLOUT and ${f.queued} is queued at once: the worker's first pass will find the ring empty and re-enable kicks.`
        : 'No frame is waiting yet, so nothing is queued; tun_net_xmit will wake the poll when one arrives.'),
    zh: (f) =>
      `vhost_net_start_one 用 VHOST_NET_SET_BACKEND 把 tap0（QEMU 的 fd ${f.tapFd}）挂到 vq ${f.queue} 上。内核里 vhost_net_set_backend 调用 vhost_net_enable_vq，开始以 ${f.mask} 轮询 tap 的 socket：vhost_poll_start 把 vhost 的等待队列项挂上去（seed 002：vhost_poll_init 配的是 handle_${f.mask === 'EPOLLIN' ? 'rx' : 'tx'}_net）。` +
      (f.queued ? `tap 总是可写的，vfs_poll 当场就报告 EPOLLOUT，于是立刻排入 ${f.queued}：worker 第一趟会发现 vring 是空的，随即重新开启 kick。` : '现在还没有帧，所以什么也不排；等帧到达时 tun_net_xmit 会唤醒这个 poll。'),
  },
  eventfd_signal: {
    en: (f, c) => {
      if (f.role === 'kick')
        return `KVM's ioeventfd matches the write: handle_ept_misconfig → kvm_io_bus_write → ioeventfd_write, all in the host kernel on the vCPU thread, so QEMU never runs. It signals the kick eventfd (QEMU's fd ${f.fd}, the host notifier): eventfd_signal_mask raises its count to ${f.count} and wakes its wait queue${f.woke ? `, where vhost's ${f.woke} is waiting` : ', on which nobody waits'}.`;
      return `Call: ${inStack(c, 'vhost_signal') ? 'vhost_signal' : 'the device'} signals the call eventfd (QEMU's fd ${f.fd}, the guest notifier): eventfd_signal_mask raises its count to ${f.count} and wakes its wait queue${f.woke === 'pollwake' ? ", where QEMU's main loop sleeps in ppoll (pollwake): it will read the count and inject the interrupt itself, the slower path seed 000 describes" : f.woke ? `, where KVM's ${f.woke} is waiting` : ', on which nobody waits: the count stays for QEMU\'s main loop to read (the slower path seed 000 describes)'}.`;
    },
    zh: (f, c) => {
      if (f.role === 'kick')
        return `KVM 的 ioeventfd 匹配到这次写：handle_ept_misconfig → kvm_io_bus_write → ioeventfd_write，全在宿主机内核里、在 vCPU 线程上完成，QEMU 根本不用运行。它触发 kick eventfd（QEMU 的 fd ${f.fd}，即 host notifier）：eventfd_signal_mask 把计数加到 ${f.count}，并唤醒它的等待队列${f.woke ? `，vhost 的 ${f.woke} 正等在上面` : '，上面没有人在等'}。`;
      return `call：${inStack(c, 'vhost_signal') ? 'vhost_signal' : '设备'}触发 call eventfd（QEMU 的 fd ${f.fd}，即 guest notifier）：eventfd_signal_mask 把计数加到 ${f.count}，并唤醒它的等待队列${f.woke === 'pollwake' ? '，QEMU 主循环正睡在 ppoll 里（pollwake）：它会读出计数、自己注入中断，也就是 seed 000 描述的那条较慢的路径' : f.woke ? `，KVM 的 ${f.woke} 正等在上面` : '，上面没有人在等：计数只能留给 QEMU 主循环去读（seed 000 描述的那条较慢的路径）'}。`;
    },
  },
  vhost_poll_wakeup: {
    en: (f, c) =>
      `${inStack(c, 'tun_net_xmit') ? 'The tap socket woke its wait queue (sock_def_readable), and ' : ''}vhost_poll_wakeup calls vhost_poll_queue: ` +
      (f.queued ? `${f.work} goes on the worker's work_list and vhost_task_wake wakes the vhost-<pid> thread.` : `${f.work} is already on the work_list (VHOST_WORK_QUEUED), so nothing more happens.`),
    zh: (f, c) =>
      `${inStack(c, 'tun_net_xmit') ? 'tap socket 唤醒了它的等待队列（sock_def_readable），' : ''}vhost_poll_wakeup 调用 vhost_poll_queue：` +
      (f.queued ? `把 ${f.work} 挂到 worker 的 work_list 上，再由 vhost_task_wake 唤醒 vhost-<pid> 线程。` : `${f.work} 已经在 work_list 上了（VHOST_WORK_QUEUED），无需再做什么。`),
  },
  kvm_apic_set_irq: {
    en: (f) =>
      `irqfd_wakeup takes the count and injects straight from the host kernel: kvm_arch_set_irq_inatomic turns the MSI route into an APIC message and kvm_apic_set_irq marks vector ${hex(f.vector)} pending in CPU 0's local APIC, kicking the vCPU if it halted. No trip through QEMU: this is the irqfd path seed 000 shows QEMU setting up (kvm_virtio_pci_irqfd_use).`,
    zh: (f) =>
      `irqfd_wakeup 取走计数，直接在宿主机内核里注入中断：kvm_arch_set_irq_inatomic 把 MSI 路由转成 APIC 消息，kvm_apic_set_irq 在 CPU 0 的本地 APIC 中把中断向量 ${hex(f.vector)} 标为待处理，vCPU 若在 halt 中就把它唤醒。全程不经过 QEMU：这就是 seed 000 中 QEMU 设置的 irqfd 路径（kvm_virtio_pci_irqfd_use）。`,
  },
  tun_net_xmit: {
    en: (f) =>
      `A host sender hands frame ${f.pkt} (${f.len} bytes) to tap0: tun_net_xmit puts it on tap0's ring (${f.queued} now waiting for the guest) and calls sk_data_ready, which wakes whoever polls the socket. (Real tun drops a frame when the ring is full; this sender waits for room instead.)`,
    zh: (f) =>
      `宿主机上的发送方把第 ${f.pkt} 帧（${f.len} 字节）交给 tap0：tun_net_xmit 把它放进 tap0 的环（现有 ${f.queued} 帧等着送给客户机），再调用 sk_data_ready，唤醒轮询这个 socket 的一方。（真实的 tun 在环满时会丢帧；这里的发送方改为等待空位。）`,
  },
  vhost_worker_wake: {
    en: (f) =>
      `The vhost worker (a vhost_task since Linux 6.4; seed 002 shows the older kthread, vhost_worker) runs vhost_run_work_list: it takes the whole work_list at once (llist_del_all) and runs ${f.works.length === 1 ? workEn(f.works[0]!) : `${f.works.map(workEn).join(', then ')}, oldest first`}.`,
    zh: (f) =>
      `vhost worker（Linux 6.4 起是一个 vhost_task；seed 002 展示的是更早的内核线程 vhost_worker）运行 vhost_run_work_list：一次取走整个 work_list（llist_del_all），${f.works.length === 1 ? `执行 ${workZh(f.works[0]!)}` : `按入队顺序依次执行 ${f.works.map(workZh).join('，然后 ')}`}。`,
  },
  vhost_worker_sleep: {
    en: () => "vhost_task_fn: vhost_run_work_list found the work_list empty, so the thread calls schedule() and sleeps until vhost_poll_wakeup queues a work item.",
    zh: () => 'vhost_task_fn：vhost_run_work_list 发现 work_list 是空的，线程调用 schedule() 睡眠，直到 vhost_poll_wakeup 再挂上工作项。',
  },
  vhost_exceeds_weight: {
    en: (f) =>
      `vhost_exceeds_weight: this pass has handled ${f.pkts} packets (${f.bytes} bytes), reaching vhost-net's weight (256 packets or 0x80000 bytes). It requeues its own work (vhost_poll_queue) and returns, so other work on this thread gets a turn; the rest is handled on the next pass.`,
    zh: (f) =>
      `vhost_exceeds_weight：这一趟已经处理了 ${f.pkts} 个包（${f.bytes} 字节），达到了 vhost-net 的配额（256 个包或 0x80000 字节）。它把自己的工作重新入队（vhost_poll_queue）后返回，让这个线程上的其他工作也有机会运行；剩下的留到下一趟。`,
  },
  vhost_busy_poll: {
    en: (f) =>
      f.found === 'timeout'
        ? `vhost_net_busy_poll: busyloop_timeout (${f.timeout} µs, set with VHOST_SET_VRING_BUSYLOOP_TIMEOUT, QEMU's poll-us) has run out with nothing found. The spin ends; the caller looks once more and, finding nothing, re-enables guest notifications and sleeps. (An endless poll, never sleeping, is what a DPDK PMD does instead.)`
        : f.found === 'nothing'
          ? `vhost_net_busy_poll, pass ${f.pass} of up to ${f.timeout}: instead of sleeping at once, the worker spins with preemption off, checking ${f.dir === 'tx' ? 'the transmit ring for new entries' : 'the tap socket for data while the receive ring has room'}; nothing yet.`
          : `vhost_net_busy_poll, pass ${f.pass}: ${f.found === 'avail' ? 'the guest published new entries' : 'a frame is waiting and the ring has room'}, so the spin ends early and the pass goes on without any kick having been needed.`,
    zh: (f) =>
      f.found === 'timeout'
        ? `vhost_net_busy_poll：busyloop_timeout（${f.timeout} µs，由 VHOST_SET_VRING_BUSYLOOP_TIMEOUT 设置，对应 QEMU 的 poll-us）用完了，什么也没等到。空转结束；调用者再看一次，仍然没有，就重新开启客户机通知然后睡眠。（永不睡眠、一直轮询的是 DPDK 的 PMD。）`
        : f.found === 'nothing'
          ? `vhost_net_busy_poll，第 ${f.pass} 轮（最多 ${f.timeout} 轮）：worker 不立刻睡眠，而是关着抢占空转，检查${f.dir === 'tx' ? '发送 vring 有没有新条目' : 'tap socket 有没有数据、接收 vring 有没有空位'}；还没有。`
          : `vhost_net_busy_poll，第 ${f.pass} 轮：${f.found === 'avail' ? '客户机发布了新条目' : '有帧在等，vring 也有空位'}，于是提前结束空转，不需要任何 kick 就继续处理。`,
  },
  vhost_disable_notify: {
    en: (f) =>
      f.eventIdx
        ? "vhost_disable_notify: the worker will poll the ring anyway, so it wants no kicks meanwhile. With EVENT_IDX it sets NO_NOTIFY only in its private copy of used->flags and writes nothing to the ring: it simply stops moving avail_event forward, so once the guest's publishes have passed it they no longer kick."
        : `vhost_disable_notify sets VRING_USED_F_NO_NOTIFY in used->flags (now ${hex(f.usedFlags)}): the worker will keep reading the ring while it runs, so the guest need not kick.`,
    zh: (f) =>
      f.eventIdx
        ? 'vhost_disable_notify：worker 反正要持续读 vring，这期间不需要 kick。协商了 EVENT_IDX 时，它只在自己私有的 used->flags 副本里置上 NO_NOTIFY，不往 vring 写任何东西：它只是不再推进 avail_event，客户机的发布一旦越过这个值，就不会再 kick。'
        : `vhost_disable_notify 在 used->flags 中置上 VRING_USED_F_NO_NOTIFY（现为 ${hex(f.usedFlags)}）：worker 运行期间会一直读 vring，客户机不必 kick。`,
  },
  vhost_enable_notify: {
    en: (f) =>
      f.eventIdx
        ? `The ring looks empty, so vhost_enable_notify re-arms kicks: with EVENT_IDX it writes avail_event = ${f.availEvent} (its cached avail_idx), so the guest kicks when it publishes that index. Then, because "they could have slipped one in as we were doing that", it reads avail->idx again after a full barrier.`
        : `The ring looks empty, so vhost_enable_notify re-arms kicks: it clears VRING_USED_F_NO_NOTIFY (used->flags now ${hex(f.usedFlags)}). Then, because "they could have slipped one in as we were doing that", it reads avail->idx again after a full barrier.`,
    zh: (f) =>
      f.eventIdx
        ? `vring 看起来空了，vhost_enable_notify 重新开启 kick：协商了 EVENT_IDX，它写入 avail_event = ${f.availEvent}（即缓存的 avail_idx），让客户机在发布这个索引时 kick。接着，因为"对方可能恰好在这时塞进了一个"，它在完整的内存屏障之后再读一次 avail->idx。`
        : `vring 看起来空了，vhost_enable_notify 重新开启 kick：清除 VRING_USED_F_NO_NOTIFY（used->flags 现为 ${hex(f.usedFlags)}）。接着，因为"对方可能恰好在这时塞进了一个"，它在完整的内存屏障之后再读一次 avail->idx。`,
  },
  vhost_net_poll: {
    en: (f) =>
      f.enable
        ? `vhost_net_enable_vq: ${f.dir === 'rx' ? 'tap0 is drained, so vhost polls its socket again; the next frame to arrive queues handle_rx_net' : 'vhost polls the tap socket for room again'}.`
        : `vhost_net_disable_vq: while handle_${f.dir} runs, vhost stops polling the tap socket (vhost_poll_stop).${f.dir === 'rx' ? ' If this pass ends because the ring has no room, it leaves the socket unpolled: frames pile up on tap0 without waking anyone until the guest posts buffers and kicks.' : ''}`,
    zh: (f) =>
      f.enable
        ? `vhost_net_enable_vq：${f.dir === 'rx' ? 'tap0 已经取空，vhost 重新轮询它的 socket；下一帧到达时会排入 handle_rx_net' : 'vhost 重新轮询 tap socket 是否可写'}。`
        : `vhost_net_disable_vq：handle_${f.dir} 运行期间，vhost 不再轮询 tap socket（vhost_poll_stop）。${f.dir === 'rx' ? '如果这一趟因为 vring 没有空位而结束，socket 就一直不被轮询：帧在 tap0 上堆积，谁也不会被唤醒，直到客户机补充缓冲区并 kick。' : ''}`,
  },
  vhost_get_avail_idx: {
    en: (f) =>
      f.pending === 0
        ? `vhost_get_avail_idx reads avail->idx = ${f.availIdx} into vq->avail_idx: equal to last_avail_idx, nothing new since it last looked.`
        : f.pending > f.num
          ? `vhost_get_avail_idx reads avail->idx = ${f.availIdx} and stores it in vq->avail_idx before checking it: last_avail_idx is ${f.lastAvail}, so the guest claims (u16)(${f.availIdx} − ${f.lastAvail}) = ${f.pending} new entries in a ring of only ${f.num}. That cannot be true, and vhost is about to say so; the bad value stays cached.`
          : `vhost_get_avail_idx reads avail->idx = ${f.availIdx} into vq->avail_idx; last_avail_idx is ${f.lastAvail}, so there ${f.pending === 1 ? 'is 1 new entry' : `are ${f.pending} new entries`}. A read barrier (smp_rmb) comes before vhost reads those ring slots.`,
    zh: (f) =>
      f.pending === 0
        ? `vhost_get_avail_idx 把 avail->idx = ${f.availIdx} 读进 vq->avail_idx：与 last_avail_idx 相等，上次之后没有新条目。`
        : f.pending > f.num
          ? `vhost_get_avail_idx 读到 avail->idx = ${f.availIdx}，先存进 vq->avail_idx 再检查：last_avail_idx 是 ${f.lastAvail}，客户机声称有 (u16)(${f.availIdx} − ${f.lastAvail}) = ${f.pending} 个新条目，而整个 vring 只有 ${f.num} 项。这不可能成立，vhost 马上就会报错；这个错误的值留在了缓存里。`
          : `vhost_get_avail_idx 把 avail->idx = ${f.availIdx} 读进 vq->avail_idx；last_avail_idx 是 ${f.lastAvail}，所以有 ${f.pending} 个新条目。读这些槽位之前先执行读屏障（smp_rmb）。`,
  },
  vhost_get_avail_head: {
    en: (f) => `vhost_get_avail_head reads avail->ring[${f.slot}] (last_avail_idx & (num − 1)): the guest says the next chain starts at desc[${f.head}].`,
    zh: (f) => `vhost_get_avail_head 读取 avail->ring[${f.slot}]（last_avail_idx & (num − 1)）：客户机说下一条链从 desc[${f.head}] 开始。`,
  },
  vhost_desc_read: {
    en: (f) => {
      const name = f.indirect ? `entry ${f.desc} of the indirect table` : `desc[${f.desc}]`;
      if (!f.indirect && f.flags & VRING_DESC_F_INDIRECT)
        return `vhost_get_vq_desc reads ${name}: flags ${flagsEn(f.flags)}, so addr ${hex(f.addr)} and len ${f.len} describe an indirect table (${f.len % 16 === 0 ? plural(f.len / 16, 'entry', 'entries') : `${f.len} bytes, not a whole number of 16-byte entries`}), which get_indirect opens next.${f.flags & VRING_DESC_F_NEXT ? ` The spec forbids INDIRECT together with NEXT; vhost does not check that, and after the table it follows next to ${f.next}.` : ''}`;
      const dir = f.flags & VRING_DESC_F_WRITE ? 'an "in" buffer vhost will write' : 'an "out" buffer vhost will read';
      const next = f.flags & VRING_DESC_F_NEXT ? ` NEXT: the chain continues at ${f.next}.` : ' No NEXT: the chain ends here.';
      return f.hva >= 0
        ? `vhost reads ${name}: ${f.len} bytes at GPA ${hex(f.addr)}, flags ${flagsEn(f.flags)}. translate_desc maps it through the memory table to HVA ${hex(f.hva)} in QEMU's address space, ${dir}.${next}`
        : `vhost reads ${name}: ${f.len} bytes at GPA ${hex(f.addr)}, flags ${flagsEn(f.flags)}. translate_desc finds no memory-table region holding that whole range, so the translation fails with -EFAULT.`;
    },
    zh: (f) => {
      const name = f.indirect ? `间接表第 ${f.desc} 项` : `desc[${f.desc}]`;
      if (!f.indirect && f.flags & VRING_DESC_F_INDIRECT)
        return `vhost_get_vq_desc 读取 ${name}：flags ${flagsZh(f.flags)}，所以 addr ${hex(f.addr)} 和 len ${f.len} 描述的是一张间接表（${f.len % 16 === 0 ? `${f.len / 16} 项` : `${f.len} 字节，不是 16 字节表项的整数倍`}），接下来由 get_indirect 打开它。${f.flags & VRING_DESC_F_NEXT ? `规范禁止 INDIRECT 与 NEXT 同时出现；vhost 并不检查这一点，读完这张表后还会沿 next 走到 ${f.next}。` : ''}`;
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
  vhost_discard_vq_desc: {
    en: (f) =>
      `vhost_discard_vq_desc: last_avail_idx goes back by ${f.n} to ${f.lastAvail}, "reversing the effect of vhost_get_vq_desc": the ${f.n === 1 ? 'head goes' : 'heads go'} back to be taken again for the next frame.`,
    zh: (f) => `vhost_discard_vq_desc：last_avail_idx 回退 ${f.n}，变为 ${f.lastAvail}，"撤销 vhost_get_vq_desc 的效果"：这些 head 退回去，留给下一帧再用。`,
  },
  vhost_net_build_xdp: {
    en: (f) =>
      `vhost_net_build_xdp copies chain ${f.head} out of guest memory into a page-fragment buffer (copy_from_iter): first the ${f.hdrLen}-byte virtio_net_hdr, then frame ${f.pkt} (${f.bytes} bytes). vhost keeps no header of its own here (vhost_hlen is 0): with tap and IFF_VNET_HDR the socket takes the header (sock_hlen ${f.hdrLen}) and tun parses it. The frame waits in nvq->xdp[] (${f.batched} batched) to go to tun with the others.`,
    zh: (f) =>
      `vhost_net_build_xdp 把链 ${f.head} 从客户机内存拷进一个页片段缓冲区（copy_from_iter）：先是 ${f.hdrLen} 字节的 virtio_net_hdr，然后是第 ${f.pkt} 帧（${f.bytes} 字节）。这里 vhost 自己不处理头（vhost_hlen 为 0）：tap 开了 IFF_VNET_HDR，头交给 socket（sock_hlen ${f.hdrLen}），由 tun 解析。这一帧先留在 nvq->xdp[] 里（已攒 ${f.batched} 帧），和别的帧一起交给 tun。`,
  },
  vhost_net_heads: {
    en: (f) =>
      f.dir === 'tx'
        ? `handle_tx_copy notes the head in vq->heads[${f.doneIdx - 1}] = ${elems(f.heads)} (len 0: nothing was written into a transmit buffer) and increments done_idx to ${f.doneIdx}. The used ring is not touched yet: heads are returned in batches, when the ring runs dry or after VHOST_NET_BATCH (64) of them.`
        : `handle_rx ${f.numBuffers === null ? '' : `patches num_buffers = ${f.numBuffers} into the header (the socket left it alone), then `}adds ${plural(f.heads.length, 'head')} (${elems(f.heads)}) to vq->heads: done_idx is ${f.doneIdx}. They reach the used ring in a batch, when done_idx passes 64 or the pass ends.`,
    zh: (f) =>
      f.dir === 'tx'
        ? `handle_tx_copy 把 head 记进 vq->heads[${f.doneIdx - 1}] = ${elems(f.heads)}（len 为 0：发送缓冲区里什么也没写），done_idx 增到 ${f.doneIdx}。used 环还没动：head 是成批归还的，等 vring 取空或攒满 64 个时才归还。`
        : `handle_rx ${f.numBuffers === null ? '' : `先把 num_buffers = ${f.numBuffers} 写进头里（socket 没有动这个字段），再`}把 ${f.heads.length} 个 head（${elems(f.heads)}）加进 vq->heads：done_idx 为 ${f.doneIdx}。它们成批进入 used 环，等 done_idx 超过 64 或这一趟结束时。`,
  },
  vhost_net_rx_peek_head_len: {
    en: (f) =>
      f.len ? `vhost_net_rx_peek_head_len: the next frame on tap0 is ${f.len} bytes (${f.queued} waiting). With the 12-byte header it needs ${f.len + 12} bytes of receive buffers.` : 'vhost_net_rx_peek_head_len: tap0 has nothing for the guest; this pass of handle_rx is done.',
    zh: (f) => (f.len ? `vhost_net_rx_peek_head_len：tap0 上下一帧 ${f.len} 字节（共 ${f.queued} 帧在等）。加上 12 字节的头，需要 ${f.len + 12} 字节的接收缓冲区。` : 'vhost_net_rx_peek_head_len：tap0 上没有给客户机的帧；handle_rx 这一趟结束。'),
  },
  get_rx_bufs: {
    en: (f) =>
      f.result === 'ok'
        ? `get_rx_bufs has ${plural(f.heads.length, 'head')} for the ${f.datalen} bytes: ${elems(f.heads)}${f.heads.length > 1 ? ' (mergeable buffers: one frame across several)' : ''}. The last head's len is only what the frame fills of it.`
        : f.result === 'empty'
          ? `get_rx_bufs ran out of buffers after ${plural(f.heads.length, 'head')} (it needs ${f.datalen} bytes); it gives those back, and handle_rx waits for the guest to post more.`
          : `get_rx_bufs: the ${f.datalen}-byte frame does not fit in ${plural(f.quota, 'head')} (${elems(f.heads)}). Without mergeable buffers one buffer is all a frame may take, so this is an overrun: the head is given back and the frame will be discarded.`,
    zh: (f) =>
      f.result === 'ok'
        ? `get_rx_bufs 为这 ${f.datalen} 字节拿到了 ${f.heads.length} 个 head：${elems(f.heads)}${f.heads.length > 1 ? '（mergeable 缓冲区：一帧跨了好几个缓冲区）' : ''}。最后一个 head 的 len 只算帧实际占用的部分。`
        : f.result === 'empty'
          ? `get_rx_bufs 拿了 ${f.heads.length} 个 head 后缓冲区就用完了（需要 ${f.datalen} 字节）；它把这些 head 退回去，handle_rx 等客户机补充缓冲区。`
          : `get_rx_bufs：${f.datalen} 字节的帧装不进 ${f.quota} 个 head（${elems(f.heads)}）。没有 mergeable 缓冲区时一帧只能用一个缓冲区，这就是溢出：head 退回去，这一帧将被丢弃。`,
  },
  tun_sendmsg: {
    en: (f) =>
      `vhost_tx_batch hands the batch to tun in one sendmsg with TUN_MSG_PTR: tun_sendmsg runs tun_xdp_one on each of the ${plural(f.count, 'buffer')}, which parses the virtio_net_hdr and sends frame${f.count === 1 ? '' : 's'} ${f.pkts.join(', ')} on into tap0's stack${f.ok ? '.' : ', but something arrived that is not what the guest built.'}`,
    zh: (f) =>
      `vhost_tx_batch 用一次带 TUN_MSG_PTR 的 sendmsg 把这一批交给 tun：tun_sendmsg 对 ${f.count} 个缓冲区逐个调用 tun_xdp_one，解析 virtio_net_hdr，把第 ${f.pkts.join('、')} 帧送进 tap0 的协议栈${f.ok ? '。' : '，但到达的内容与客户机构造的不符。'}`,
  },
  tun_recvmsg: {
    en: (f) =>
      f.discarded
        ? `"On overrun, truncate and discard": handle_rx reads one byte of the frame with MSG_TRUNC, which drops it (pr_debug "Discarded rx packet: len ${f.bytes + f.hdrLen}"). The guest never sees a cut-down frame.`
        : `tun_recvmsg (tun_put_user) writes the virtio_net_hdr into the guest's buffers (its 10 bytes; num_buffers is left for vhost) and then frame ${f.pkt}, ${f.bytes} bytes, straight into guest memory through the translated iovecs.`,
    zh: (f) =>
      f.discarded
        ? `"溢出时截断并丢弃"：handle_rx 带 MSG_TRUNC 只读这一帧的 1 个字节，也就把它丢掉了（pr_debug "Discarded rx packet: len ${f.bytes + f.hdrLen}"）。客户机不会看到被截断的帧。`
        : `tun_recvmsg（tun_put_user）把 virtio_net_hdr 写进客户机的缓冲区（它的 10 个字节；num_buffers 留给 vhost），然后经由转换好的 iovec 把第 ${f.pkt} 帧的 ${f.bytes} 字节直接写进客户机内存。`,
  },
  vhost_add_used: {
    en: (f) =>
      `vhost_net_signal_used → vhost_add_used_and_signal_n: __vhost_add_used_n writes ${plural(f.entries.length, 'used element')} from used->ring[${f.slot}]: ${elems(f.entries)}, all in one copy. The guest cannot see ${f.entries.length === 1 ? 'it' : 'them'} until used->idx moves.`,
    zh: (f) =>
      `vhost_net_signal_used → vhost_add_used_and_signal_n：__vhost_add_used_n 从 used->ring[${f.slot}] 起一次写入 ${f.entries.length} 个 used 元素：${elems(f.entries)}。在 used->idx 前进之前，客户机还看不到它们。`,
  },
  vhost_publish_used: {
    en: (f) =>
      `After smp_wmb, vhost_add_used_n stores used->idx = ${f.new} (it was ${f.old})${wrapEn(f.old, f.new)}: one store publishes the whole batch at ${rangeEn(f.old, f.new)}. Only vhost writes used->idx; the guest's last_used_idx trails behind it.`,
    zh: (f) =>
      `经过 smp_wmb 之后，vhost_add_used_n 写入 used->idx = ${f.new}（原为 ${f.old}）${wrapZh(f.old, f.new)}：一次写入就发布了${rangeZh(f.old, f.new)} 处的整批条目。used->idx 只由 vhost 写；客户机的 last_used_idx 跟在它后面。`,
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
        ? `vhost_notify: vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) is true. The guest asked for an interrupt when the entry at used index ${f.usedEvent} is published, and the batch since the last signal covers ${rangeEn(f.old, f.new)}. Seed 000 steps through this same test in DPDK's vhost_vring_call_split.`
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
        ? `vhost_notify：vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) 为真。客户机要求 used 索引 ${f.usedEvent} 处的条目发布时中断它，而自上次通知以来的这一批覆盖了${rangeZh(f.old, f.new)}。seed 000 在 DPDK 的 vhost_vring_call_split 中单步走过的就是同一个判断。`
        : `vhost_notify：vring_need_event(used_event ${f.usedEvent}, new ${f.new}, old ${f.old}) 为假。索引 ${f.usedEvent} 不在自上次通知以来发布的${rangeZh(f.old, f.new)} 之内：客户机此后还没有重新开启中断，说明它仍在轮询。不发中断。`;
    },
  },
  vq_err: {
    en: (f) =>
      `vq_err: "${f.message}" (${f.ret}): ${ERRORS[f.kind].brief.en}. ` +
      (f.kind === 'indirect-failure'
        ? 'vhost_get_vq_desc adds its own line after get_indirect\'s and passes the error on.'
        : f.kind === 'unexpected-format' || f.kind === 'tx-header-len'
          ? `The walk itself succeeded, so chain ${f.head} stays consumed; vhost-net stops this pass ("On error, stop handling until the next kick"), and the buffer never comes back on the used ring.`
          : f.head >= 0
            ? `Head ${f.head} is refused and last_avail_idx does not advance, so the same bad head blocks the queue: nothing behind it will be served.`
            : 'vhost_get_vq_desc returns the error and the worker stops serving the queue.'),
    zh: (f) =>
      `vq_err："${f.message}"（${f.ret}）：${ERRORS[f.kind].brief.zh}。` +
      (f.kind === 'indirect-failure'
        ? 'vhost_get_vq_desc 在 get_indirect 的那一行之后再报一行，并把错误向上传。'
        : f.kind === 'unexpected-format' || f.kind === 'tx-header-len'
          ? `描述符链本身走通了，所以链 ${f.head} 仍算已消费；vhost-net 结束这一趟（"出错就停下，等下一次 kick"），这个缓冲区永远不会出现在 used 环上。`
          : f.head >= 0
            ? `head ${f.head} 被拒绝，last_avail_idx 不前进，同一个坏 head 堵住了队列：排在它后面的缓冲区都得不到处理。`
            : 'vhost_get_vq_desc 返回错误，worker 停止处理这个队列。'),
  },
} satisfies CaptionPart;
