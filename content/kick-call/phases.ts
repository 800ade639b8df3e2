/**
 * The phases of the kick-and-call walkthrough (seed 000): the probe, QEMU
 * wiring the notifiers at DRIVER_OK (where TCG + vhost-user + MSI-X dies), the
 * kick, and the call. A beat's phase comes from the function it runs in.
 */
import type { EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import type { PhaseId, PhaseProse } from '../types';

export const KICK_CALL_PHASE_OF: Partial<Record<EventType, PhaseId>> = {
  qemu_segfault: 'fault',
  vhost_signal_call: 'call',
  guest_irq_entry: 'call',
  guest_irq_done: 'call',
  guest_halt: 'call',
  aio_dispatch_handler: 'call',
  guest_notifier_read: 'call',
  virtqueue_add_desc: 'kick',
  virtqueue_publish_avail: 'kick',
  vp_notify: 'kick',
  vhost_worker_wake: 'kick',
  vhost_get_avail_head: 'kick',
  vhost_add_used: 'kick',
  vhost_publish_used: 'kick',
};

const has = (e: Pick<TraceEvent, 'stack'>, ...fs: FrameId[]) => e.stack.some((f) => fs.includes(f));

/** The set-up inside vhost_net_start is the notifiers phase; the fault ends it. */
export function kickCallRefine(e: Pick<TraceEvent, 'type' | 'stack'>): PhaseId | undefined {
  if (e.type === 'qemu_segfault') return 'fault';
  if (has(e, 'vhost_net_start')) return 'notifiers';
  if (has(e, 'start_xmit')) return 'kick';
  if (has(e, 'vhost_signal', 'common_interrupt')) return 'call';
  return undefined;
}

/** Outside the probe, what is left is the call's way back (QEMU's main loop, KVM's delivery). */
export function kickCallFallback(e: Pick<TraceEvent, 'stack'>): PhaseId | undefined {
  if (!e.stack.length) return undefined;
  if (has(e, 'vhost_task_fn')) return 'kick';
  return has(e, 'virtio_pci_probe') ? undefined : 'call';
}

export const KICK_CALL_PHASES: Partial<Record<PhaseId, PhaseProse>> = {
  probe: {
    title: { en: 'The guest finds its NIC', zh: '客户机找到网卡' },
    body: {
      en: "The guest's virtio_net driver probes the virtio-net-pci function: a walk of the capability list, the status byte through ACKNOWLEDGE, DRIVER and FEATURES_OK, the feature words, and find_vqs, which gets one MSI-X vector per queue unless the guest booted with pci=nomsi, in which case it settles on the INTx line. Every access is a vCPU exit under KVM, or a softmmu helper call under TCG, landing in QEMU's virtio-pci handlers; the last one, the DRIVER_OK write, is where QEMU starts the back-end.",
      zh: '客户机的 virtio_net 驱动探测 virtio-net-pci 功能：遍历 capability 链表，状态字节依次经过 ACKNOWLEDGE、DRIVER、FEATURES_OK，协商特性字，再调用 find_vqs，给每个队列分配一个 MSI-X 向量（如果客户机用 pci=nomsi 启动，就退到 INTx 线）。KVM 下每次访问都是一次 vCPU 退出，TCG 下则是一次 softmmu 辅助函数调用，最终都落到 QEMU 的 virtio-pci 处理函数里；最后那次写 DRIVER_OK，就是 QEMU 启动后端的时刻。',
    },
  },
  notifiers: {
    title: { en: 'QEMU wires the notifiers', zh: 'QEMU 接好两类 notifier' },
    body: {
      en: "Inside the DRIVER_OK write, vhost_net_start first binds the guest notifiers: a call eventfd per queue, attached to a KVM irqfd when MSI-X is on under KVM, or watched by QEMU's main loop otherwise. A vhost-user peer turns off use_guest_notifier_mask, and that is what kills QEMU under TCG with MSI-X: the vector notifiers still run, the unmask takes the irqfd branch, and kvm_virtio_pci_irqfd_use reads an irqfd table that was never allocated (seed 000, Red Hat bugs 1380703 and 1410716). Otherwise each queue's host notifier, the kick eventfd, goes to KVM_IOEVENTFD (or TCG's memory core) and to the back-end with VHOST_SET_VRING_KICK.",
      zh: '在这次 DRIVER_OK 写里，vhost_net_start 先绑定 guest notifier：每个队列一个 call eventfd，KVM 下开了 MSI-X 就接到 KVM 的 irqfd 上，否则交给 QEMU 主循环去监视。对 vhost-user 后端，它会关掉 use_guest_notifier_mask，而这正是 TCG 加 MSI-X 下 QEMU 崩溃的原因：向量 notifier 照样执行，unmask 走进了 irqfd 分支，kvm_virtio_pci_irqfd_use 去读一张从未分配的 irqfd 表（seed 000，Red Hat bug 1380703 与 1410716）。不崩溃时，每个队列的 host notifier，也就是 kick eventfd，会注册给 KVM_IOEVENTFD（或 TCG 的内存核心），并通过 VHOST_SET_VRING_KICK 交给后端。',
    },
  },
  kick: {
    title: { en: 'One kick', zh: '一次 kick' },
    body: {
      en: "The guest puts one frame in the TX ring, publishes avail->idx and writes the queue index to the doorbell. Under KVM the write faults in the EPT, kvm_io_bus_write finds the ioeventfd and signals the kick eventfd inside the host kernel, without QEMU running. Under TCG the translated store takes the softmmu slow path and QEMU's memory core finds the region's eventfd and writes it. Either way vhost's poll on that eventfd queues handle_tx_kick, and the vhost worker takes the buffer and puts it in the used ring (the descriptor-flow walkthrough follows that part in full).",
      zh: '客户机往 TX 环里放一帧，发布 avail->idx，再把队列号写到门铃地址。KVM 下这次写在 EPT 中触发异常，kvm_io_bus_write 找到 ioeventfd，在宿主机内核里直接触发 kick eventfd，QEMU 完全不用运行。TCG 下，翻译后的写指令走 softmmu 慢速路径，由 QEMU 的内存核心找到该区域的 eventfd 并写它。无论哪条路，vhost 挂在这个 eventfd 上的 poll 都会把 handle_tx_kick 放进工作队列，vhost 工作线程取走缓冲区并放进 used 环（描述符流转的演示完整地展示了这一段）。',
    },
  },
  call: {
    title: { en: 'One call', zh: '一次 call' },
    body: {
      en: "vhost_signal writes the queue's call eventfd. Under KVM with MSI-X the irqfd on it runs in the same thread: KVM looks up the GSI route, decodes the MSI and sets the vector in the vCPU's IRR, and vring_interrupt runs in the guest without QEMU ever waking. Without an irqfd, QEMU's main loop, polling the guest notifier, reads the count and calls virtio_irq → virtio_notify_vector → virtio_pci_notify, which sends the MSI-X message itself or, with INTx, sets ISR bit 0 and raises the line; the guest's vp_interrupt reads the ISR to clear it. Seed 000 compares the two roads.",
      zh: 'vhost_signal 写队列的 call eventfd。KVM 下开了 MSI-X 时，挂在上面的 irqfd 就在这个线程里执行：KVM 查 GSI 路由、解码 MSI、在 vCPU 的 IRR 里置上向量，客户机里 vring_interrupt 随之运行，QEMU 从头到尾都没被唤醒。没有 irqfd 时，QEMU 主循环轮询到 guest notifier，读出计数后调用 virtio_irq → virtio_notify_vector → virtio_pci_notify，由它自己发出 MSI-X 消息，或者在 INTx 下置上 ISR 第 0 位并拉高中断线；客户机的 vp_interrupt 读 ISR 把它清掉。seed 000 对比了这两条路。',
    },
  },
  fault: {
    title: { en: 'QEMU dies', zh: 'QEMU 崩溃' },
    body: {
      en: "Under TCG there is no KVM, so virtio_pci_set_guest_notifiers computes with_irqfd false and never allocates proxy->vector_irqfd. But virtio-net has a guest_notifier_mask, so the MSI-X vector notifiers are installed anyway; with the guest's MSI-X enabled, msix_set_vector_notifiers unmasks vector 1, and because vhost-user turned off use_guest_notifier_mask, virtio_pci_vq_vector_unmask takes the branch that binds an irqfd: kvm_virtio_pci_irqfd_use reads proxy->vector_irqfd[1].virq from a NULL table, address 0x28. The backtrace matches seed 000's. Booting the guest with pci=nomsi avoids it; under KVM the same code is correct.",
      zh: 'TCG 下没有 KVM，所以 virtio_pci_set_guest_notifiers 算出 with_irqfd 为假，根本不分配 proxy->vector_irqfd。但 virtio-net 有 guest_notifier_mask，MSI-X 向量 notifier 照样被安装；客户机开启了 MSI-X，msix_set_vector_notifiers 去 unmask 向量 1，又因为 vhost-user 关掉了 use_guest_notifier_mask，virtio_pci_vq_vector_unmask 走进了绑定 irqfd 的分支：kvm_virtio_pci_irqfd_use 从一张 NULL 表里读 proxy->vector_irqfd[1].virq，地址是 0x28。回溯与 seed 000 的一致。客户机用 pci=nomsi 启动可以避开它；在 KVM 下同一段代码是正确的。',
    },
  },
};
