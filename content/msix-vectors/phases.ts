/**
 * The phases of the MSI-X vectors walkthrough (seed 003, with seed 000 for
 * QEMU's side): the probe, the vector ladder, QEMU routing the vectors at
 * DRIVER_OK, the interrupts themselves, and masking. A beat's phase comes
 * from the function it runs in where that decides (a table write during the
 * probe programs a vector; one under pci_msi_mask_irq masks it).
 */
import type { EventType, TraceEvent } from '@/engine/trace/events';
import type { FrameId } from '@/engine/trace/frames';
import type { PhaseId, PhaseProse } from '../types';

/** The phase of the event types that always belong to one phase. */
export const MSIX_PHASE_OF: Partial<Record<EventType, PhaseId>> = {
  pci_alloc_irq_vectors: 'vectors',
  request_irq: 'vectors',
  vp_find_vqs_fallback: 'vectors',
  vp_del_vqs: 'vectors',
  virtio_pci_set_guest_notifiers: 'routing',
  kvm_irqchip_add_msi_route: 'routing',
  kvm_irqchip_commit_routes: 'routing',
  kvm_set_irq_routing: 'routing',
  kvm_irqfd_assign: 'routing',
  kvm_irqchip_assign_irqfd: 'routing',
  virtio_pci_vq_vector_unmask: 'routing',
  vhost_signal_call: 'interrupts',
  virtio_notify_stimulus: 'interrupts',
  qmp_set_link: 'interrupts',
  qmp_balloon: 'interrupts',
  guest_irq_entry: 'interrupts',
  guest_irq_done: 'interrupts',
  guest_halt: 'interrupts',
  guest_msix_mask: 'masking',
  msix_set_pending: 'masking',
  msix_clr_pending: 'masking',
};

const has = (e: Pick<TraceEvent, 'stack'>, ...fs: FrameId[]) => e.stack.some((f) => fs.includes(f));

/** The function a beat runs in decides where the table does not. */
export function msixRefine(e: Pick<TraceEvent, 'type' | 'f' | 'stack'>): PhaseId | undefined {
  if (has(e, 'pci_msi_mask_irq', 'pci_msi_unmask_irq')) return 'masking';
  if (has(e, 'virtio_net_set_status')) return 'routing';
  if (has(e, 'vp_find_vqs', 'vp_modern_find_vqs')) return 'vectors';
  return undefined;
}

/** What runs outside the guest's probe (the stimuli, KVM's delivery, the handlers) is the interrupts themselves. */
export function msixFallback(e: Pick<TraceEvent, 'stack'>): PhaseId | undefined {
  return e.stack.length && !has(e, 'virtio_pci_probe') ? 'interrupts' : undefined;
}

export const MSIX_PHASES: Partial<Record<PhaseId, PhaseProse>> = {
  probe: {
    title: { en: 'Finding the device', zh: '找到设备' },
    body: {
      en: "Linux binds virtio_pci to the function at 00:03.0 and reads its configuration space: vp_modern_probe walks the capability list from offset 0x34 and finds the COMMON, NOTIFY, ISR and DEVICE windows in BAR 4 (QEMU added them, and the MSI-X capability, in an order the list reverses). Each read and write is a real register access: under KVM the vCPU exits to QEMU, which dispatches it to the proxy's handlers on the same thread. Then the status byte goes through ACKNOWLEDGE and DRIVER, the 64-bit features are read and written through the select registers, and FEATURES_OK is set and read back.",
      zh: 'Linux 把 virtio_pci 驱动绑定到 00:03.0 这个功能上，先读它的配置空间：vp_modern_probe 从偏移 0x34 开始遍历 capability 链表，在 BAR 4 里找到 COMMON、NOTIFY、ISR 和 DEVICE 几个窗口（QEMU 添加它们和 MSI-X capability 的顺序，在链表里是反过来的）。每一次读写都是真实的寄存器访问：KVM 下 vCPU 退出到 QEMU，QEMU 在同一个线程上把它分派给 proxy 的处理函数。接着状态字节依次置上 ACKNOWLEDGE、DRIVER，64 位特性通过 select 寄存器读出并写回，最后置 FEATURES_OK 并读回确认。',
    },
  },
  vectors: {
    title: { en: 'The vector ladder', zh: '向量分配的降级阶梯' },
    body: {
      en: "virtio_find_vqs ends in vp_find_vqs, which climbs down a ladder until a step works. First a vector per queue with a callback plus one for configuration changes; in Linux 6.12 then the same with slow-path queues sharing the config vector; then two vectors, one for config and one shared by every queue (virtio0-virtqueues, handled by vp_vring_interrupt); and finally the INTx line, one shared IRQ named virtio0 with vp_interrupt reading the ISR. pci_alloc_irq_vectors fails with -ENOSPC when the table is too small and -EINVAL when there is no table or the guest booted with pci=nomsi. Seed 003 walks the older three-step ladder.",
      zh: 'virtio_find_vqs 最终调用 vp_find_vqs，它沿着一架阶梯往下走，直到某一级成功。第一级：每个有回调的队列一个向量，再加一个给配置变更；Linux 6.12 接着多了一级，让慢路径队列和配置向量共用；再往下是两个向量，一个给配置，一个由所有队列共用（virtio0-virtqueues，处理函数是 vp_vring_interrupt）；最后是 INTx 线，一个名叫 virtio0 的共享 IRQ，由 vp_interrupt 读 ISR 来分辨。表太小时 pci_alloc_irq_vectors 返回 -ENOSPC；没有 MSI-X 表、或者客户机用 pci=nomsi 启动时返回 -EINVAL。seed 003 讲的是较老内核的三级阶梯。',
    },
  },
  routing: {
    title: { en: 'QEMU routes the vectors', zh: 'QEMU 为向量铺路' },
    body: {
      en: "Writing DRIVER_OK exits to QEMU, and virtio_set_status runs virtio-net's status handler, which starts vhost: vhost_net_start calls virtio_pci_set_guest_notifiers. For every queue it creates a call eventfd (the guest notifier). With MSI-X enabled under KVM it also adds a KVM GSI route per vector in use, holding the MSI address and data the guest wrote into the table, and binds each queue's eventfd to its route with KVM_IRQFD. Then msix_set_vector_notifiers unmasks each vector, which points vhost's call fd at the guest notifier. Without MSI-X the eventfds go to QEMU's main loop instead (seed 000).",
      zh: '写入 DRIVER_OK 会退出到 QEMU，virtio_set_status 调用 virtio-net 的状态处理函数，后者启动 vhost：vhost_net_start 调用 virtio_pci_set_guest_notifiers。它为每个队列创建一个 call eventfd（guest notifier）。KVM 下开启了 MSI-X 时，它还为每个在用的向量添加一条 KVM GSI 路由，里面是客户机写进表里的 MSI 地址和数据，再用 KVM_IRQFD 把每个队列的 eventfd 绑定到对应路由上。随后 msix_set_vector_notifiers 逐个 unmask 向量，让 vhost 的 call fd 指向 guest notifier。没有 MSI-X 时，这些 eventfd 改由 QEMU 主循环来处理（seed 000）。',
    },
  },
  interrupts: {
    title: { en: 'From call eventfd to handler', zh: '从 call eventfd 到处理函数' },
    body: {
      en: "Each queue's call eventfd fires once, as vhost_signal does after it adds used buffers, and the device's configuration changes once. Follow one: eventfd_signal runs the irqfd's wakeup in the signalling thread, KVM looks up the GSI route, decodes the MSI (destination APIC, vector) and sets the vector in the vCPU's IRR. The vCPU takes the highest pending vector, and the IRQ Linux requested for that MSI-X entry runs its handler: vring_interrupt for a queue of its own, vp_vring_interrupt for the shared vector, vp_config_changed for configuration. The handlers find no used buffers here, since this walkthrough isolates the route; the kick-and-call walkthrough completes one.",
      zh: '每个队列的 call eventfd 各触发一次（就像 vhost_signal 放完 used 缓冲区后那样），设备配置也变更一次。跟着其中一个走：eventfd_signal 在触发它的线程里执行 irqfd 的唤醒函数，KVM 查到 GSI 路由，解码 MSI（目标 APIC、向量），在 vCPU 的 IRR 里置上这个向量。vCPU 取走挂起的最高向量，Linux 为这个 MSI-X 表项申请的 IRQ 运行它的处理函数：独占向量的队列是 vring_interrupt，共用向量是 vp_vring_interrupt，配置变更是 vp_config_changed。这里的处理函数找不到 used 缓冲区，因为本演示只看中断的路径；kick 与 call 的演示会真正完成一个缓冲区。',
    },
  },
  masking: {
    title: { en: 'Masking and the pending bits', zh: '屏蔽与挂起位' },
    body: {
      en: "A masked MSI-X entry must not deliver, but the event must not be lost either. Where QEMU itself sends the message (msix_notify, as for the configuration change), it sets the entry's bit in the Pending Bit Array instead, and unmasking sends the message and clears the bit. A queue whose call goes through an irqfd never reaches msix_notify: when the guest masks the entry, QEMU points vhost's call fd at the queue's masked_notifier, the event waits there, and on unmask QEMU checks that notifier and re-signals the guest notifier, so the irqfd delivers it. The PBA shows a bit for such a queue only if someone reads it.",
      zh: '被屏蔽的 MSI-X 表项不能投递中断，但事件也不能丢。如果消息由 QEMU 自己发送（msix_notify，比如配置变更），它会改为在挂起位数组（PBA）里置上该表项的位，解除屏蔽时再发出消息并清掉这一位。经 irqfd 投递的队列中断根本不经过 msix_notify：客户机屏蔽表项时，QEMU 让 vhost 的 call fd 改指向该队列的 masked_notifier，事件就存在那里；解除屏蔽时 QEMU 检查这个 notifier，再触发一次 guest notifier，由 irqfd 投递。对这样的队列，只有有人去读 PBA，它上面才会出现挂起位。',
    },
  },
};
