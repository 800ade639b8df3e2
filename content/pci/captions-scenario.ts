/**
 * Captions for the beats the PCI walkthroughs add around the device, KVM and
 * guest models: where an interrupt enters the guest and leaves it, the
 * stimuli (a queue's call, a monitor command), masking an MSI-X entry, the
 * kick's eventfd handed to KVM or to TCG's memory core, and the ends of the
 * paths. Seed 000 covers the notifiers and the irqfd/main-loop contrast; seed
 * 003 the handlers.
 */
import type { CaptionPart } from '../caption-types';
import { hex } from '../fmt';

const retEn = (r: 'IRQ_NONE' | 'IRQ_HANDLED') => (r === 'IRQ_HANDLED' ? 'a handler found work (IRQ_HANDLED)' : 'no handler found work (IRQ_NONE): nothing was in the used rings it looked at');
const retZh = (r: 'IRQ_NONE' | 'IRQ_HANDLED') => (r === 'IRQ_HANDLED' ? '有处理函数找到了要做的事（IRQ_HANDLED）' : '没有处理函数找到要做的事（IRQ_NONE）：它查看的 used 环里什么也没有');

export const SCENARIO_CAPTIONS = {
  intx_line: {
    en: (f) =>
      f.level
        ? `The function's INTx pin goes high and reaches GSI ${f.gsi} through the PIIX3 router; ${f.accel === 'kvm' ? "KVM_IRQ_LINE carries it into KVM's in-kernel IOAPIC" : "QEMU's own IOAPIC model takes it (TCG has no KVM)"}, which delivers the pin's vector to the vCPU. The line stays high until the guest reads the ISR.`
        : `The INTx line drops (GSI ${f.gsi}): the guest's read of the ISR cleared it, which is how a level-triggered virtio interrupt is acknowledged.`,
    zh: (f) =>
      f.level
        ? `设备的 INTx 引脚拉高，经 PIIX3 路由到达 GSI ${f.gsi}；${f.accel === 'kvm' ? '通过 KVM_IRQ_LINE 进入 KVM 内核里的 IOAPIC' : '由 QEMU 自己的 IOAPIC 模型接收（TCG 下没有 KVM）'}，再把这个引脚的向量投递给 vCPU。在客户机读 ISR 之前，这条线一直保持高电平。`
        : `INTx 线拉低（GSI ${f.gsi}）：客户机读 ISR 时把它清掉了，电平触发的 virtio 中断就是这样被确认的。`,
  },
  tcg_apic_set_irq: {
    en: (f) =>
      `Under TCG QEMU emulates the local APIC itself: apic_set_irq sets vector ${hex(f.vector)} in the IRR${f.coalesced ? ' (it was already pending, so the two merge into one)' : ''} and raises CPU_INTERRUPT_HARD, so the vCPU thread takes it at the next translated-block boundary.`,
    zh: (f) =>
      `TCG 下本地 APIC 由 QEMU 自己模拟：apic_set_irq 在 IRR 里置上向量 ${hex(f.vector)}${f.coalesced ? '（它本来就挂着，两次合成一次）' : ''}，并触发 CPU_INTERRUPT_HARD，vCPU 线程会在下一个翻译块的边界处理它。`,
  },
  guest_irq_entry: {
    en: (f) =>
      f.entry === null
        ? `The vCPU takes vector ${hex(f.vector)} (IRR → ISR). It is the INTx line's vector, so common_interrupt runs the shared line's handler, vp_interrupt.`
        : `The vCPU takes vector ${hex(f.vector)}, the highest one pending (IRR → ISR). Linux's vector table maps it back to the IRQ of MSI-X entry ${f.entry}, and common_interrupt runs the handler that was requested for that IRQ.`,
    zh: (f) =>
      f.entry === null
        ? `vCPU 取走向量 ${hex(f.vector)}（从 IRR 移到 ISR）。这是 INTx 线的向量，所以 common_interrupt 调用这条共享线上的处理函数 vp_interrupt。`
        : `vCPU 取走当前挂起的最高向量 ${hex(f.vector)}（从 IRR 移到 ISR）。Linux 的向量表把它映射回 MSI-X 表项 ${f.entry} 对应的 IRQ，common_interrupt 接着调用为这个 IRQ 注册的处理函数。`,
  },
  guest_irq_done: {
    en: (f) => `The handlers of vector ${hex(f.vector)} returned: ${retEn(f.ret)}. The guest writes EOI, which clears the vector from the ISR, and leaves the interrupt.`,
    zh: (f) => `向量 ${hex(f.vector)} 的处理函数返回了：${retZh(f.ret)}。客户机写 EOI，把这个向量从 ISR 里清掉，然后退出中断。`,
  },
  guest_msix_mask: {
    en: (f) =>
      f.mask
        ? `The guest masks MSI-X entry ${f.entry}: it sets bit 0 of the entry's Vector Control word, as Linux's irq_chip does when it masks this interrupt (pci_msi_mask_irq). The store is a BAR write, so it exits to QEMU, which must now hold back this vector's messages.`
        : `The guest unmasks MSI-X entry ${f.entry} (pci_msi_unmask_irq): Vector Control goes back to 0. Whatever QEMU held back while the entry was masked is delivered now.`,
    zh: (f) =>
      f.mask
        ? `客户机屏蔽 MSI-X 表项 ${f.entry}：把这一项 Vector Control 字的第 0 位置 1，就像 Linux 的 irq_chip 屏蔽这个中断时做的那样（pci_msi_mask_irq）。这是一次 BAR 写，会退出到 QEMU，此后 QEMU 必须先扣住这个向量的消息。`
        : `客户机解除对 MSI-X 表项 ${f.entry} 的屏蔽（pci_msi_unmask_irq）：Vector Control 变回 0。屏蔽期间被 QEMU 扣住的消息，现在会投递出去。`,
  },
  vhost_signal_call: {
    en: (f) => {
      const where =
        f.to === 'irqfd'
          ? "KVM's irqfd is on it, so the interrupt is injected right here in the host kernel, with no QEMU thread involved (seed 000's fast path)"
          : f.to === 'guest-notifier'
            ? "no irqfd is bound to it, so only QEMU's main loop, polling the guest notifier, will turn it into an interrupt (seed 000's slow path)"
            : f.to === 'masked-notifier'
              ? "the vector is masked, so QEMU has pointed vhost at the queue's masked_notifier: the event waits there, outside the guest's reach"
              : 'no call eventfd is set, so the signal goes nowhere';
      return `vhost_signal writes queue ${f.queue}'s call eventfd (QEMU's fd ${f.fd}), as it does after adding used buffers: ${where}.`;
    },
    zh: (f) => {
      const where =
        f.to === 'irqfd'
          ? '上面挂着 KVM 的 irqfd，所以中断就在宿主机内核里当场注入，不经过任何 QEMU 线程（seed 000 里的快速路径）'
          : f.to === 'guest-notifier'
            ? '上面没有绑定 irqfd，只能等 QEMU 主循环轮询到这个 guest notifier，再由它把事件变成中断（seed 000 里的慢速路径）'
            : f.to === 'masked-notifier'
              ? '这个向量被屏蔽了，QEMU 已经让 vhost 改用该队列的 masked_notifier：事件先存在那里，客户机看不到'
              : '还没有设置 call eventfd，这次通知没有去处';
      return `vhost_signal 写队列 ${f.queue} 的 call eventfd（QEMU 的 fd ${f.fd}），和它放完 used 缓冲区之后做的一样：${where}。`;
    },
  },
  qmp_set_link: {
    en: (f) =>
      `An operator runs the monitor command set_link … ${f.up ? 'on' : 'off'}: virtio-net changes the status field of its config space and calls virtio_notify_config, which sets ISR bit 1 and sends the configuration vector (virtio 1.1 §4.1.4.5).`,
    zh: (f) =>
      `管理员执行监控命令 set_link … ${f.up ? 'on' : 'off'}：virtio-net 修改配置空间里的 status 字段，并调用 virtio_notify_config，后者置上 ISR 的第 1 位，再发出配置变更向量（virtio 1.1 §4.1.4.5）。`,
  },
  qmp_balloon: {
    en: (f) => `An operator asks the balloon for a new target (${f.targetMiB} MiB): virtio_balloon_to_target updates num_pages in the config space and calls virtio_notify_config, which sends the configuration vector.`,
    zh: (f) => `管理员给气球设定新的目标（${f.targetMiB} MiB）：virtio_balloon_to_target 更新配置空间里的 num_pages，并调用 virtio_notify_config，发出配置变更向量。`,
  },
  virtio_notify_stimulus: {
    en: (f) => `virtio-balloon has no vhost back-end: QEMU serves its queues itself, and after using a buffer on ${f.name} (queue ${f.queue}) it calls virtio_notify, which raises that queue's vector through virtio_irq.`,
    zh: (f) => `virtio-balloon 没有 vhost 后端：它的队列由 QEMU 自己处理。在 ${f.name}（队列 ${f.queue}）上用完一个缓冲区后，QEMU 调用 virtio_notify，经 virtio_irq 触发这个队列的向量。`,
  },
  eventfd_write: {
    en: (f, c) =>
      `${c.actor === 'pmd' ? "DPDK (OVS's PMD thread, in vhost_vring_call_split)" : 'QEMU'} writes 1 to the ${f.role === 'kick' ? 'kick' : 'call'} eventfd (${c.actor === 'pmd' ? 'its ' : ''}fd ${f.fd}) with write(2): the kernel's eventfd_write raises the count to ${f.count} and wakes its wait queue${f.woke === 'irqfd_wakeup' ? ", where KVM's irqfd injects the interrupt at once" : f.woke === 'vhost_poll_wakeup' ? ", where vhost's poll queues the kick handler" : f.woke === 'pollwake' ? ", waking QEMU's own main loop" : ', on which nobody waits'}.`,
    zh: (f, c) =>
      `${c.actor === 'pmd' ? 'DPDK（OVS 的 PMD 线程，在 vhost_vring_call_split 里）' : 'QEMU'} 用 write(2) 往${f.role === 'kick' ? ' kick' : ' call'} eventfd（${c.actor === 'pmd' ? '它自己的 ' : ''}fd ${f.fd}）写 1：内核的 eventfd_write 把计数加到 ${f.count}，并唤醒它的等待队列${f.woke === 'irqfd_wakeup' ? '，KVM 的 irqfd 随即注入中断' : f.woke === 'vhost_poll_wakeup' ? '，vhost 的 poll 把 kick 处理函数挂上工作队列' : f.woke === 'pollwake' ? '，唤醒 QEMU 自己的主循环' : '，上面没有人在等'}。`,
  },
  host_notifier_assign: {
    en: (f) =>
      f.pio
        ? `The device is transitional, so queue ${f.queue}'s kick eventfd (fd ${f.fd}) is also registered on the legacy doorbell, I/O port ${hex(f.addr)}, with datamatch ${f.pio.datamatch} (the queue index a legacy driver writes there)${f.via === 'KVM_IOEVENTFD' ? ': KVM_IOEVENTFD on the PIO bus' : ", in the I/O region's own eventfd list"}.`
        : f.via === 'KVM_IOEVENTFD'
        ? `QEMU registers queue ${f.queue}'s kick eventfd (fd ${f.fd}) with KVM_IOEVENTFD on the doorbell address ${hex(f.addr)}: from now on a guest write there is matched inside KVM and signals the eventfd, without an exit to QEMU.`
        : `Under TCG there is no KVM to take the doorbell: memory_region_add_eventfd puts queue ${f.queue}'s kick eventfd (fd ${f.fd}) on the memory region's own list for ${hex(f.addr)}, and QEMU's memory core will signal it when the translated code stores there.`,
    zh: (f) =>
      f.pio
        ? `这是个过渡（transitional）设备，所以队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）也注册在 legacy 门铃上，即 I/O 端口 ${hex(f.addr)}，datamatch 为 ${f.pio.datamatch}（legacy 驱动往这里写的队列号）${f.via === 'KVM_IOEVENTFD' ? '：通过 KVM_IOEVENTFD 注册在 PIO 总线上' : '：挂在 I/O 区域自己的 eventfd 列表上'}。`
        : f.via === 'KVM_IOEVENTFD'
        ? `QEMU 用 KVM_IOEVENTFD 把队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）注册到门铃地址 ${hex(f.addr)}：此后客户机往这里写，会在 KVM 内部匹配并触发这个 eventfd，不必退出到 QEMU。`
        : `TCG 下没有 KVM 来接管门铃：memory_region_add_eventfd 把队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）挂到 ${hex(f.addr)} 所在内存区域自己的列表上，翻译后的代码往那里写时，由 QEMU 的内存核心来触发它。`,
  },
  vhost_set_vring_kick: {
    en: (f) =>
      f.backend === 'vhost-net'
        ? `vhost_virtqueue_start hands queue ${f.queue}'s kick eventfd (fd ${f.fd}) to the kernel with the VHOST_SET_VRING_KICK ioctl; vhost-net starts polling it, so a signal on it queues handle_${f.queue % 2 ? 'tx' : 'rx'}_kick on the worker (seed 002).`
        : `vhost_virtqueue_start sends queue ${f.queue}'s kick eventfd (fd ${f.fd}) to the back-end process in a VHOST_USER_SET_VRING_KICK message, the fd riding along as SCM_RIGHTS ancillary data (seed 000 shows DPDK receiving it).`,
    zh: (f) =>
      f.backend === 'vhost-net'
        ? `vhost_virtqueue_start 用 VHOST_SET_VRING_KICK ioctl 把队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）交给内核；vhost-net 开始轮询它，之后它一被触发，就会把 handle_${f.queue % 2 ? 'tx' : 'rx'}_kick 挂到工作线程上（seed 002）。`
        : `vhost_virtqueue_start 通过 VHOST_USER_SET_VRING_KICK 消息把队列 ${f.queue} 的 kick eventfd（fd ${f.fd}）发给后端进程，fd 作为 SCM_RIGHTS 辅助数据随消息传过去（seed 000 展示了 DPDK 接收它的过程）。`,
  },
  backend_elsewhere: {
    en: () => "QEMU's half of the set-up is done. With vhost-user the other half, the back-end process receiving these fds and serving the rings, is the subject of the vhost-user walkthrough, so this run stops here.",
    zh: () => 'QEMU 这一半的设置完成了。对 vhost-user 来说，另一半，也就是后端进程接收这些 fd 并处理 vring，属于 vhost-user 那个演示的内容，所以这次运行到此为止。',
  },
} satisfies CaptionPart;
