/**
 * What each option of the PCI walkthroughs (MSI-X vectors, kick and call)
 * does, in both languages, and the sentences for their rules across options
 * (engine/scenarios/msix-vectors.ts, kick-call.ts).
 */
import type { kickCallOptions } from '@/engine/scenarios/kick-call';
import type { msixVectorsOptions } from '@/engine/scenarios/msix-vectors';
import type { Bilingual } from '../types';

type Params = Record<string, string | number>;

export const MSIX_OPTION_HELP = {
  device: { en: "virtio-net-pci, or virtio-balloon-pci with five queues (seed 003's example)", zh: 'virtio-net-pci，或者带五个队列的 virtio-balloon-pci（seed 003 的例子）' },
  queues: { en: "virtio-net queue pairs (QEMU's queues=)", zh: 'virtio-net 的队列对数（QEMU 的 queues=）' },
  ctrl: { en: 'whether virtio-net offers the control queue (ctrl_vq); multiqueue needs it', zh: 'virtio-net 是否提供控制队列（ctrl_vq）；多队列离不开它' },
  vectors: {
    en: "the MSI-X table size (QEMU's vectors=): 0 means no MSI-X capability; -1 means QEMU 7.2's default (virtio-net-pci: 2 × queue pairs + 2; virtio-balloon-pci has no MSI-X at all, so a table there is a what-if)",
    zh: 'MSI-X 表的大小（QEMU 的 vectors=）：0 表示没有 MSI-X capability；-1 表示用 QEMU 7.2 的默认值（virtio-net-pci 为 2 × 队列对数 + 2；virtio-balloon-pci 根本没有 MSI-X，给它一张表只是一种假设）',
  },
  irq: { en: 'msix: as Linux boots by default; intx: the guest booted with pci=nomsi', zh: 'msix：Linux 默认的启动方式；intx：客户机用 pci=nomsi 启动' },
  accel: { en: "kvm: an irqfd injects each call in the host kernel; tcg: QEMU's main loop reads the call eventfds and sends the MSI itself", zh: 'kvm：每次 call 由 irqfd 在宿主机内核里注入；tcg：由 QEMU 主循环读取 call eventfd，自己发出 MSI' },
  mask: { en: 'an MSI-X entry the guest masks while the interrupts fire, then unmasks (-1: none)', zh: '在中断发生期间被客户机屏蔽、之后再解除屏蔽的 MSI-X 表项（-1：不屏蔽）' },
  seed: { en: 'seed of the thread interleaving', zh: '线程交错的随机种子' },
} satisfies Record<keyof typeof msixVectorsOptions, Bilingual>;

export const KICK_CALL_OPTION_HELP = {
  accel: { en: "kvm: ioeventfd and irqfd in the host kernel; tcg: no KVM, QEMU emulates the CPU and its main loop carries the call", zh: 'kvm：ioeventfd 和 irqfd 在宿主机内核里完成；tcg：没有 KVM，由 QEMU 模拟 CPU，call 由它的主循环转交' },
  backend: { en: 'the netdev: vhost-net (in the host kernel) or vhost-user (a separate process such as OVS-DPDK)', zh: '网络后端：vhost-net（宿主机内核）或 vhost-user（OVS-DPDK 之类的独立进程）' },
  irq: { en: 'msix: as Linux boots by default; intx: the guest booted with pci=nomsi', zh: 'msix：Linux 默认的启动方式；intx：客户机用 pci=nomsi 启动' },
  transport: {
    en: "modern: the guest drives the common-config window in BAR 4; legacy: it booted with virtio_pci.force_legacy=1 and drives I/O BAR 0 (seed 000's first backtrace writes the status at I/O offset 18)",
    zh: 'modern：客户机通过 BAR 4 里的 common config 窗口驱动设备；legacy：客户机用 virtio_pci.force_legacy=1 启动，通过 I/O BAR 0 驱动（seed 000 的第一个回溯就是在 I/O 偏移 18 写状态）',
  },
  ctrl: { en: 'whether virtio-net offers the control queue (ctrl_vq); multiqueue needs it', zh: 'virtio-net 是否提供控制队列（ctrl_vq）；多队列离不开它' },
  queues: { en: "virtio-net queue pairs (QEMU's queues=); the kick and the call use the first transmit queue", zh: 'virtio-net 的队列对数（QEMU 的 queues=）；kick 和 call 走第一个发送队列' },
  vectors: { en: "the MSI-X table size (QEMU's vectors=): 0 means no MSI-X capability; -1 means QEMU 7.2's default (2 × queue pairs + 2)", zh: 'MSI-X 表的大小（QEMU 的 vectors=）：0 表示没有 MSI-X capability；-1 表示用 QEMU 7.2 的默认值（2 × 队列对数 + 2）' },
  seed: { en: 'seed of the thread interleaving', zh: '线程交错的随机种子' },
} satisfies Record<keyof typeof kickCallOptions, Bilingual>;

export const PCI_RULES: Record<string, (p: Params) => Bilingual> = {
  'step-only': () => ({ en: 'this walkthrough runs in step mode only', zh: '这个演示只能单步运行' }),
  'net-only': (p) => ({ en: `${p.option} is a virtio-net property`, zh: `${p.option} 是 virtio-net 的属性` }),
  'mq-needs-ctrl': () => ({ en: 'virtio-net multiqueue (VIRTIO_NET_F_MQ) needs the control queue', zh: 'virtio-net 的多队列（VIRTIO_NET_F_MQ）需要控制队列' }),
  'max-vectors': (p) => ({ en: `this walkthrough shows at most ${p.max} MSI-X entries`, zh: `这个演示最多展示 ${p.max} 个 MSI-X 表项` }),
  'mask-needs-msix': () => ({ en: 'with pci=nomsi there is no MSI-X entry to mask', zh: '用 pci=nomsi 启动时没有 MSI-X 表项可以屏蔽' }),
  'mask-in-table': (p) => ({ en: `the MSI-X table has ${p.entries} entries (0..${Number(p.entries) - 1})`, zh: `MSI-X 表只有 ${p.entries} 项（0..${Number(p.entries) - 1}）` }),
};
