/**
 * The scenarios the site has or will have (DESIGN.md "Scenarios"). A scenario
 * with `runnable: true` has an engine scenario of the same id and a walkthrough;
 * catalogue.test.ts checks that `runnable` is true exactly for the ids the
 * engine registers (engine/scenarios/registry.ts SCENARIOS). The flag is
 * written out rather than computed so that pages listing the catalogue do not
 * import the engine's scenarios.
 */

/** One catalogue entry. */
export interface CatalogueEntry {
  id: string;
  runnable: boolean;
  title: { en: string; zh: string };
  blurb: { en: string; zh: string };
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'descriptor-flow',
    runnable: true,
    title: { en: 'Descriptor flow through a split virtqueue', zh: 'split virtqueue 中的描述符流转' },
    blurb: {
      en: 'The guest adds a chain, publishes avail, kicks (or not: NO_NOTIFY / EVENT_IDX); vhost pops it, copies, pushes used, calls; the guest reclaims. TX and RX.',
      zh: '客户机添加描述符链、发布 avail、kick (或因 NO_NOTIFY / EVENT_IDX 不 kick)；vhost 取出、拷贝、放回 used、call；客户机回收。TX 与 RX。',
    },
  },
  {
    id: 'kick-call',
    runnable: true,
    title: { en: 'Kick and call plumbing', zh: 'kick 与 call 的通路' },
    blurb: {
      en: 'ioeventfd and irqfd, host and guest notifiers, VHOST_SET_VRING_KICK / CALL, KVM vs TCG, and the callfd segfault next to the fixed path.',
      zh: 'ioeventfd 与 irqfd、host notifier 与 guest notifier、VHOST_SET_VRING_KICK / CALL、KVM 与 TCG，以及 callfd 段错误与修复后的路径。',
    },
  },
  {
    id: 'vhost-user',
    runnable: true,
    title: { en: 'vhost-user negotiation', zh: 'vhost-user 协商流程' },
    blurb: {
      en: 'QEMU and OVS-DPDK from chardev open through DRIVER_OK to SET_VRING_ENABLE; multiqueue; disconnect and reconnect.',
      zh: 'QEMU 与 OVS-DPDK 从字符设备打开、DRIVER_OK 到 SET_VRING_ENABLE；多队列；断开与重连。',
    },
  },
  {
    id: 'vhost-net-kernel',
    runnable: false,
    title: { en: 'vhost-net kernel backend', zh: 'vhost-net 内核后端' },
    blurb: {
      en: '/dev/vhost-net ioctls, VhostOps kernel vs user on one vhost_dev, handle_tx_kick / handle_rx_kick in the worker, tap.',
      zh: '/dev/vhost-net 的 ioctl、同一个 vhost_dev 上的内核与用户态 VhostOps、工作线程中的 handle_tx_kick / handle_rx_kick、tap。',
    },
  },
  {
    id: 'msix-vectors',
    runnable: true,
    title: { en: 'MSI-X vectors: how the guest gets its interrupts', zh: 'MSI-X 中断向量：客户机如何拿到它的中断' },
    blurb: {
      en: 'The guest’s vector allocation fallback, config vs queue interrupts, masking and the pending bit array, MSI address/data to a LAPIC vector.',
      zh: '客户机中断向量分配的降级策略、配置变更中断与队列中断、屏蔽与 pending 位、MSI 地址/数据到 LAPIC 向量。',
    },
  },
  {
    id: 'ifcvf-vdpa',
    runnable: false,
    title: { en: 'IFCVF vDPA', zh: 'IFCVF vDPA' },
    blurb: {
      en: 'Probe and capability walk, DMA map, VFIO_DEVICE_SET_IRQS, notify relay vs host notifier, the interrupt path, live migration with dirty-page logging.',
      zh: '探测与 capability 遍历、DMA 映射、VFIO_DEVICE_SET_IRQS、通知中继与 host notifier、中断路径、带脏页记录的热迁移。',
    },
  },
];

/** The free-run playground: not a scenario of its own, the descriptor-flow engine on real threads. */
export const PLAYGROUND = {
  href: '/playground',
  title: { en: 'Free-run playground', zh: '自由运行试验场' },
  blurb: {
    en: 'The same driver and vhost code on real threads (one Web Worker each) over shared memory: millions of frames, live throughput, kicks and calls per frame, ring occupancy, descriptor heat map, CPU share; pause and continue in step mode.',
    zh: '同样的驱动和 vhost 代码运行在共享内存上的真实线程里 (每个一个 Web Worker)：数百万帧，实时显示吞吐量、每帧的 kick 与 call、环占用、描述符热图、CPU 占用；可暂停并以单步模式继续。',
  },
} as const;
