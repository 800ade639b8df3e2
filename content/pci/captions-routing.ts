/**
 * Captions for the interrupt plumbing between the device and the guest:
 * KVM's GSI routing, irqfd and LAPIC injection (engine/kvm), QEMU's side of
 * it (accel-kvm.ts, virtio-pci-irqfd.ts), its guest and host notifiers and
 * main loop (guest-notifier.ts, event-notifier.ts), and the TCG + vhost-user
 * segfault of seed 000. The seed's backtraces come from QEMU 2.3 and 2.7; the
 * walkthrough models QEMU 7.2, where the same branches still exist.
 */
import { type CaptionPart, inStack } from '../caption-types';
import { hex } from '../fmt';
import { NO_VECTOR, errnoOf, msiEn, msiZh } from './fmt-pci';

const DELIVERY: Readonly<Record<number, string>> = { 0: 'Fixed', 1: 'LowPrio', 2: 'SMI', 4: 'NMI', 5: 'INIT', 7: 'ExtINT' };
const delivery = (m: number): string => DELIVERY[m] ?? `mode ${m}`;

const fdList = (fds: readonly number[]): string => (fds.length ? fds.join(', ') : 'none');
const fdListZh = (fds: readonly number[]): string => (fds.length ? fds.join('、') : '无');

export const ROUTING_CAPTIONS = {
  kvm_set_irq_routing: {
    en: (f) =>
      f.ret === 0
        ? `KVM_SET_GSI_ROUTING arrives in the kernel with ${f.nr} route${f.nr === 1 ? '' : 's'}: kvm_set_irq_routing builds a new table, publishes it with rcu_assign_pointer and waits out readers of the old one (synchronize_srcu), so every irqfd looks its GSI up in the new table from now on.`
        : `KVM_SET_GSI_ROUTING with ${f.nr} route${f.nr === 1 ? '' : 's'} fails with ${errnoOf(f.ret)} (an entry KVM cannot accept); the old table stays in force.`,
    zh: (f) =>
      f.ret === 0
        ? `KVM_SET_GSI_ROUTING 带着 ${f.nr} 条路由进入内核：kvm_set_irq_routing 建一张新表，用 rcu_assign_pointer 发布，再等旧表的读者退出（synchronize_srcu），此后每个 irqfd 都按新表查自己的 GSI。`
        : `带 ${f.nr} 条路由的 KVM_SET_GSI_ROUTING 以 ${errnoOf(f.ret)} 失败（有一项 KVM 不接受）；旧表继续生效。`,
  },
  kvm_irqfd_assign: {
    en: (f) =>
      f.ret === 0
        ? `KVM_IRQFD binds QEMU's fd ${f.fd} to GSI ${f.gsi}: irqfd_wakeup now sits on that eventfd's wait queue, so a write to it injects the interrupt inside the kernel, without waking QEMU.${f.pending ? ' The counter was already non-zero, so the interrupt is injected at once.' : ''}`
        : `KVM_IRQFD for fd ${f.fd} → GSI ${f.gsi} fails with ${errnoOf(f.ret)}: that eventfd already carries an irqfd in this VM.`,
    zh: (f) =>
      f.ret === 0
        ? `KVM_IRQFD 把 QEMU 的 fd ${f.fd} 绑到 GSI ${f.gsi}：irqfd_wakeup 挂上这个 eventfd 的等待队列，此后往它写一次就在内核里完成中断注入，不必唤醒 QEMU。${f.pending ? '计数器本来就不为零，于是立即注入一次。' : ''}`
        : `fd ${f.fd} → GSI ${f.gsi} 的 KVM_IRQFD 以 ${errnoOf(f.ret)} 失败：这个 eventfd 在本虚拟机里已经挂着一个 irqfd。`,
  },
  irqfd_wakeup: {
    en: (f) =>
      f.routed
        ? `The call eventfd (QEMU's fd ${f.fd}) was signalled, and irqfd_wakeup runs in the signaller's context: it consumes the count and finds GSI ${f.gsi}'s MSI route, which it delivers at once (kvm_arch_set_irq_inatomic).`
        : `The call eventfd (fd ${f.fd}) was signalled, but GSI ${f.gsi} has no usable route: nothing is injected here.`,
    zh: (f) =>
      f.routed
        ? `call eventfd（QEMU 的 fd ${f.fd}）被 signal，irqfd_wakeup 在写者的上下文里运行：取走计数，查到 GSI ${f.gsi} 的 MSI 路由，当场投递（kvm_arch_set_irq_inatomic）。`
        : `call eventfd（fd ${f.fd}）被 signal，但 GSI ${f.gsi} 没有可用的路由：这里什么也不注入。`,
  },
  kvm_msi_set_irq: {
    en: (f) =>
      `kvm_set_msi_irq decodes GSI ${f.gsi}'s MSI (address ${hex(f.addressHi)}:${hex(f.addressLo)}, data ${hex(f.data)}): destination ${f.destId}, x86 vector ${hex(f.vector)}, ${delivery(f.deliveryMode)}, ${f.destLogical ? 'logical' : 'physical'} destination, ${f.triggerLevel ? 'level' : 'edge'}-triggered${f.redirHint ? ', redirection hint' : ''}.`,
    zh: (f) =>
      `kvm_set_msi_irq 解码 GSI ${f.gsi} 的 MSI（地址 ${hex(f.addressHi)}:${hex(f.addressLo)}，数据 ${hex(f.data)}）：目标 ${f.destId}，x86 中断向量 ${hex(f.vector)}，${delivery(f.deliveryMode)}，${f.destLogical ? '逻辑' : '物理'}目标模式，${f.triggerLevel ? '电平' : '边沿'}触发${f.redirHint ? '，带 redirection hint' : ''}。`,
  },
  kvm_apic_accept_irq: {
    en: (f) =>
      f.coalesced
        ? `Vector ${hex(f.vector)} was already pending in the IRR of LAPIC ${f.apicId}: the interrupt coalesces into the one waiting, and the guest will run its handler once.`
        : `__apic_accept_irq sets vector ${hex(f.vector)} in the IRR of LAPIC ${f.apicId} (${f.triggerLevel ? 'level' : 'edge'}) and kicks the vCPU, which takes the interrupt on its next entry into the guest.`,
    zh: (f) =>
      f.coalesced
        ? `向量 ${hex(f.vector)} 在 LAPIC ${f.apicId} 的 IRR 里本来就挂着：这次中断与之合并，客户机只会运行一次处理函数。`
        : `__apic_accept_irq 在 LAPIC ${f.apicId} 的 IRR 里置上向量 ${hex(f.vector)}（${f.triggerLevel ? '电平' : '边沿'}触发）并 kick 该 vCPU，vCPU 下次进入客户机时就会处理这个中断。`,
  },
  kvm_irqchip_add_msi_route: {
    en: (f) =>
      `QEMU allocates GSI ${f.virq} for MSI-X vector ${f.vector} and adds a route carrying the entry's current message: address ${hex(f.addressLo)}, data ${hex(f.data)}${msiEn(f.addressLo, f.data)}. It is only in QEMU's copy until the routes are committed.`,
    zh: (f) =>
      `QEMU 为 MSI-X 向量 ${f.vector} 分配 GSI ${f.virq}，添加一条路由，带上表项当前的消息：地址 ${hex(f.addressLo)}，数据 ${hex(f.data)}${msiZh(f.addressLo, f.data)}。在提交之前，它只存在于 QEMU 自己的副本里。`,
  },
  kvm_irqchip_update_msi_route: {
    en: (f) =>
      `The vector's message is now address ${hex(f.addressLo)}, data ${hex(f.data)}${msiEn(f.addressLo, f.data)}, so QEMU rewrites GSI ${f.virq}'s route (QEMU 7.2 never records the last message in irqfd->msg, so an unmask always rewrites and commits).`,
    zh: (f) =>
      `该向量的消息现在是地址 ${hex(f.addressLo)}、数据 ${hex(f.data)}${msiZh(f.addressLo, f.data)}，QEMU 重写 GSI ${f.virq} 的路由（QEMU 7.2 从不把上次的消息记进 irqfd->msg，所以每次 unmask 都会重写并提交）。`,
  },
  kvm_irqchip_commit_routes: {
    en: (f) => `QEMU hands its whole routing table, ${f.nr} entr${f.nr === 1 ? 'y' : 'ies'}, to KVM in one KVM_SET_GSI_ROUTING ioctl: KVM has no call to change a single route.`,
    zh: (f) => `QEMU 用一次 KVM_SET_GSI_ROUTING ioctl 把整张路由表（${f.nr} 项）交给 KVM：KVM 没有只改一条路由的接口。`,
  },
  kvm_irqchip_assign_irqfd: {
    en: (f) =>
      f.ret === 0
        ? `QEMU binds the guest notifier's fd ${f.fd} to GSI ${f.virq} with KVM_IRQFD: the end of the chain seed 000 spells out (virtio_pci_set_guest_notifiers → kvm_virtio_pci_vector_use → kvm_virtio_pci_irqfd_use → … → kvm_vm_ioctl). The back-end's call now reaches the guest without QEMU.`
        : `QEMU's KVM_IRQFD for fd ${f.fd} → GSI ${f.virq} returns ${errnoOf(f.ret)}; the notifier is not bound.`,
    zh: (f) =>
      f.ret === 0
        ? `QEMU 用 KVM_IRQFD 把 guest notifier 的 fd ${f.fd} 绑到 GSI ${f.virq}：这正是 seed 000 写出的那条调用链的终点（virtio_pci_set_guest_notifiers → kvm_virtio_pci_vector_use → kvm_virtio_pci_irqfd_use → … → kvm_vm_ioctl）。此后后端的 call 不经 QEMU 就能到达客户机。`
        : `QEMU 对 fd ${f.fd} → GSI ${f.virq} 的 KVM_IRQFD 返回 ${errnoOf(f.ret)}；notifier 没有绑上。`,
  },
  event_notifier_init: {
    en: (f, c) =>
      `event_notifier_init creates queue ${f.queue}'s ${f.role === 'kick' ? 'host notifier (the kick eventfd)' : inStack(c, 'virtio_pci_set_guest_notifier') ? 'guest notifier (the call eventfd)' : 'call-side eventfd'} with eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC): fd ${f.fd} in QEMU${f.active ? ', already signalled' : ''}. Seed 000 quotes this function, with its pipe fallback for hosts without eventfd.`,
    zh: (f, c) =>
      `event_notifier_init 用 eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC) 为队列 ${f.queue} 创建${f.role === 'kick' ? ' host notifier（kick eventfd）' : inStack(c, 'virtio_pci_set_guest_notifier') ? ' guest notifier（call eventfd）' : '一个 call 方向的 eventfd'}：QEMU 里的 fd ${f.fd}${f.active ? '，创建即处于 signal 状态' : ''}。seed 000 引用了这个函数，包括没有 eventfd 时退回 pipe 的分支。`,
  },
  guest_notifier_fd_handler: {
    en: (f) =>
      f.handler
        ? `No irqfd for queue ${f.queue}, so QEMU's main loop will poll its call fd ${f.fd} itself, with virtio_queue_guest_notifier_read as the handler: the slow path seed 000 describes.`
        : `Queue ${f.queue}'s call fd ${f.fd} gets no main-loop handler: KVM's irqfd will consume it (or the notifier is being torn down).`,
    zh: (f) =>
      f.handler
        ? `队列 ${f.queue} 没有 irqfd，QEMU 主循环要自己轮询它的 call fd ${f.fd}，处理函数是 virtio_queue_guest_notifier_read：即 seed 000 描述的慢路径。`
        : `队列 ${f.queue} 的 call fd ${f.fd} 不挂主循环处理函数：由 KVM 的 irqfd 来消费它（或者 notifier 正在拆除）。`,
  },
  virtio_pci_set_guest_notifiers: {
    en: (f) =>
      `vhost_net_start asks for ${f.nvqs} guest notifiers. with_irqfd = msix_enabled (${+f.msix}) && kvm_msi_via_irqfd_enabled → ${f.withIrqfd}. ${f.vectorNotifiers ? `MSI-X vector notifiers will be installed${f.withIrqfd ? '' : ' even without irqfd, because virtio-net has guest_notifier_mask'}` : 'No vector notifiers: the main loop will deliver'}; use_guest_notifier_mask is ${f.useGuestNotifierMask}${f.useGuestNotifierMask ? '' : ' (vhost_net_start clears it for a vhost-user peer)'}.${f.msix && !f.withIrqfd && f.vectorNotifiers && !f.useGuestNotifierMask ? ' This is the combination of seed 000\'s TCG crash.' : ''}${!f.msix && f.vectorNotifiers ? ' With MSI-X off no vector is unmasked, so none of them will run.' : ''}`,
    zh: (f) =>
      `vhost_net_start 要求建立 ${f.nvqs} 个 guest notifier。with_irqfd = msix_enabled（${+f.msix}）&& kvm_msi_via_irqfd_enabled → ${f.withIrqfd}。${f.vectorNotifiers ? `要安装 MSI-X vector notifier${f.withIrqfd ? '' : '；即使没有 irqfd 也装，因为 virtio-net 实现了 guest_notifier_mask'}` : '不装 vector notifier：由主循环投递中断'}；use_guest_notifier_mask 为 ${f.useGuestNotifierMask}${f.useGuestNotifierMask ? '' : '（对 vhost-user 对端，vhost_net_start 会把它清掉）'}。${f.msix && !f.withIrqfd && f.vectorNotifiers && !f.useGuestNotifierMask ? '这正是 seed 000 里 TCG 崩溃的那种组合。' : ''}${!f.msix && f.vectorNotifiers ? 'MSI-X 没开，没有哪个向量会解除屏蔽，这些 notifier 一个也不会被调用。' : ''}`,
  },
  virtio_pci_vq_vector_unmask: {
    en: (f) =>
      f.path === 'guest_notifier_mask'
        ? `Vector ${f.vector} is unmasked, and queue ${f.queue} is on it: the device masks its notifiers itself, so the back-end's call fd is pointed back at the guest notifier (vhost_virtqueue_mask).`
        : `Vector ${f.vector} is unmasked, and queue ${f.queue} is on it: use_guest_notifier_mask is off, so this is where QEMU binds the irqfd (kvm_virtio_pci_irqfd_use). Seed 000's frame #1 is this function (same name in QEMU 2.3, 2.7 and 7.2): under KVM the next frame binds the irqfd; under TCG proxy->vector_irqfd is NULL and the next frame faults.`,
    zh: (f) =>
      f.path === 'guest_notifier_mask'
        ? `向量 ${f.vector} 解除屏蔽，队列 ${f.queue} 挂在它上面：设备自己屏蔽 notifier，于是把后端的 call fd 指回 guest notifier（vhost_virtqueue_mask）。`
        : `向量 ${f.vector} 解除屏蔽，队列 ${f.queue} 挂在它上面：use_guest_notifier_mask 已关，所以 QEMU 就在这里绑定 irqfd（kvm_virtio_pci_irqfd_use）。seed 000 回溯的 #1 帧就是这个函数（QEMU 2.3、2.7 和 7.2 中同名）：KVM 下，下一帧绑定 irqfd；TCG 下 proxy->vector_irqfd 是 NULL，下一帧就出错。`,
  },
  vhost_virtqueue_mask: {
    en: (f) =>
      f.mask
        ? `Queue ${f.queue} is masked: QEMU points the back-end's call at the masked_notifier (fd ${f.fd}) with VHOST_SET_VRING_CALL, so a call while masked lands there and can become a pending bit instead of an interrupt.`
        : `Queue ${f.queue} is unmasked: VHOST_SET_VRING_CALL points the back-end's call back at the guest notifier (fd ${f.fd}), which the irqfd or the main loop turns into the guest's interrupt.`,
    zh: (f) =>
      f.mask
        ? `队列 ${f.queue} 被屏蔽：QEMU 用 VHOST_SET_VRING_CALL 把后端的 call 指向 masked_notifier（fd ${f.fd}），屏蔽期间的 call 落在这里，可以变成 pending 位而不是中断。`
        : `队列 ${f.queue} 解除屏蔽：VHOST_SET_VRING_CALL 把后端的 call 指回 guest notifier（fd ${f.fd}），由 irqfd 或主循环把它变成客户机的中断。`,
  },
  main_loop_poll: {
    en: (f) =>
      f.ready.length
        ? `QEMU's main loop returns from its poll: of fds ${fdList(f.fds)}, ${fdList(f.ready)} ${f.ready.length === 1 ? 'is readable, so its handler runs' : 'are readable, so their handlers run'} next.`
        : f.fds.length
          ? `QEMU's main loop polls fds ${fdList(f.fds)}; none is readable yet.`
          : 'QEMU\'s main loop has no fd of this walkthrough to watch: nothing to do here.',
    zh: (f) =>
      f.ready.length
        ? `QEMU 主循环从 poll 返回：在 fd ${fdListZh(f.fds)} 中，${fdListZh(f.ready)} 可读，接下来调用${f.ready.length === 1 ? '它的' : '各自的'}处理函数。`
        : f.fds.length
          ? `QEMU 主循环轮询 fd ${fdListZh(f.fds)}；还没有可读的。`
          : 'QEMU 主循环没有本场景关心的 fd 要监听：这一轮无事可做。',
  },
  aio_dispatch_handler: {
    en: (f) =>
      `fd ${f.fd} is ready, and the main loop runs its handler, ${f.handler}. Seed 000's QEMU walked a list of iohandlers (qemu_iohandler_poll → ioh->fd_read); 7.2 dispatches the same callback through the AioContext.`,
    zh: (f) => `fd ${f.fd} 就绪，主循环调用它的处理函数 ${f.handler}。seed 000 里较老的 QEMU 是遍历 iohandlers 链表（qemu_iohandler_poll → ioh->fd_read）；7.2 则经 AioContext 分派同一个回调。`,
  },
  guest_notifier_read: {
    en: (f) =>
      f.count
        ? `event_notifier_test_and_clear takes ${f.count} from queue ${f.queue}'s call eventfd (fd ${f.fd}): the back-end called, so virtio_irq follows and QEMU raises the interrupt itself.`
        : `Queue ${f.queue}'s call eventfd (fd ${f.fd}) reads 0: nothing to deliver.`,
    zh: (f) =>
      f.count
        ? `event_notifier_test_and_clear 从队列 ${f.queue} 的 call eventfd（fd ${f.fd}）取走 ${f.count}：后端发过 call，接下来 virtio_irq，由 QEMU 自己发中断。`
        : `队列 ${f.queue} 的 call eventfd（fd ${f.fd}）读到 0：没有要投递的。`,
  },
  host_notifier_read: {
    en: (f) =>
      f.count
        ? `QEMU reads ${f.count} from queue ${f.queue}'s kick eventfd (fd ${f.fd}): the guest kicked, and the queue's handler runs in the main loop (TCG's stand-in for KVM's ioeventfd).`
        : `Queue ${f.queue}'s kick eventfd (fd ${f.fd}) reads 0: no kick.`,
    zh: (f) =>
      f.count
        ? `QEMU 从队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）读到 ${f.count}：客户机 kick 过，在主循环里运行该队列的处理函数（TCG 下代替 KVM 的 ioeventfd）。`
        : `队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）读到 0：没有 kick。`,
  },
  virtio_irq: {
    en: (f) =>
      `virtio_irq sets ISR bit 0 (ISR now ${hex(f.isr)}) and notifies ${f.vector === NO_VECTOR ? `queue ${f.queue} (no MSI-X vector: the INTx line will carry it)` : `queue ${f.queue}'s vector ${f.vector}`} through the transport: virtio_notify_vector → virtio_pci_notify, the chain seed 000 lists.`,
    zh: (f) =>
      `virtio_irq 置上 ISR bit 0（ISR 现为 ${hex(f.isr)}），再经传输层通知${f.vector === NO_VECTOR ? `队列 ${f.queue}（没有 MSI-X 向量，由 INTx 线送达）` : `队列 ${f.queue} 的向量 ${f.vector}`}：virtio_notify_vector → virtio_pci_notify，即 seed 000 列出的那条调用链。`,
  },
  virtio_pci_notify_irq: {
    en: (f) =>
      f.msix
        ? `With MSI-X enabled, virtio_pci_notify calls msix_notify(${f.vector}).`
        : `Without MSI-X, virtio_pci_notify sets the INTx level to ISR bit 0: pci_set_irq(${f.level}).`,
    zh: (f) => (f.msix ? `MSI-X 已使能，virtio_pci_notify 调用 msix_notify(${f.vector})。` : `没有 MSI-X，virtio_pci_notify 让 INTx 电平跟随 ISR bit 0：pci_set_irq(${f.level})。`),
  },
  qemu_segfault: {
    en: (f) =>
      `QEMU ${f.version} dies with SIGSEGV in ${f.frame}: evaluating ${f.expr} reads address ${hex(f.addr)}, because proxy->vector_irqfd is NULL under TCG (it is allocated only with KVM irqfds). The backtrace, ${f.backtrace.length} frames from ${f.backtrace[0] ?? '??'} to ${f.backtrace[f.backtrace.length - 1] ?? '??'}, matches Red Hat bugs 1380703 and 1410716 in seed 000.`,
    zh: (f) =>
      `QEMU ${f.version} 在 ${f.frame} 中因 SIGSEGV 崩溃：求值 ${f.expr} 时读了地址 ${hex(f.addr)}，因为 TCG 下 proxy->vector_irqfd 是 NULL（只有用 KVM irqfd 时才分配）。调用栈共 ${f.backtrace.length} 帧，从 ${f.backtrace[0] ?? '??'} 到 ${f.backtrace[f.backtrace.length - 1] ?? '??'}，与 seed 000 中 Red Hat bug 1380703 和 1410716 的回溯一致。`,
  },
} satisfies CaptionPart;
