/**
 * Captions for the Linux 6.12 guest's virtio-pci probe, its MSI-X vector
 * allocation and fallback, and its interrupt handlers
 * (engine/linux-guest/virtio-pci-modern.ts, virtio-pci-common.ts,
 * virtio-probe.ts). Seed 003 walks the same code in an older kernel: its
 * vp_find_vqs tries MSI-X twice (per_vq_vectors true, then false) before INTx;
 * 6.12 inserts SHARED_SLOW between the two.
 */
import type { EventFields } from '@/engine/trace/events';
import { type CaptionPart, inStack } from '../caption-types';
import { hex } from '../fmt';
import { CAP_TYPE_NAME, NO_VECTOR, errnoOf, statusBits, vec, vecZh } from './fmt-pci';

type Policy = EventFields['pci_alloc_irq_vectors']['policy'];

const POLICY_EN: Record<Policy, string> = {
  each: 'VP_VQ_VECTOR_POLICY_EACH (one vector for config changes, one per queue)',
  'shared-slow': 'VP_VQ_VECTOR_POLICY_SHARED_SLOW (config and slow-path queues share vector 0, one vector per other queue)',
  shared: 'VP_VQ_VECTOR_POLICY_SHARED (one vector for config changes, one shared by all queues)',
  intx: 'INTx (one shared legacy line)',
};

const POLICY_ZH: Record<Policy, string> = {
  each: 'VP_VQ_VECTOR_POLICY_EACH（配置变更一个向量，每个队列各一个）',
  'shared-slow': 'VP_VQ_VECTOR_POLICY_SHARED_SLOW（配置和慢路径队列共用向量 0，其余队列各一个）',
  shared: 'VP_VQ_VECTOR_POLICY_SHARED（配置变更一个向量，所有队列共用一个）',
  intx: 'INTx（一根共享的传统中断线）',
};

const SHORT: Record<Policy | 'give-up', string> = { each: 'EACH', 'shared-slow': 'SHARED_SLOW', shared: 'SHARED', intx: 'INTx', 'give-up': 'give up' };

/** The 64-bit feature word from its halves, in hex. */
const features = (lo: number, hi: number): string => `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`;

/** A few feature bits a reader looks for (VERSION_1 is bit 32: hi bit 0). */
function featureNotes(lo: number, hi: number): string[] {
  const out: string[] = [];
  if (hi & 0x1) out.push('VERSION_1');
  if (hi & 0x2) out.push('ACCESS_PLATFORM');
  if (hi & 0x4) out.push('RING_PACKED');
  if (lo & (1 << 28)) out.push('INDIRECT_DESC');
  if (lo & (1 << 29)) out.push('EVENT_IDX');
  if (lo & (1 << 15)) out.push('MRG_RXBUF (net)');
  if (lo & (1 << 22)) out.push('MQ (net)');
  return out;
}

export const GUEST_PCI_CAPTIONS = {
  virtio_pci_cap: {
    en: (f) =>
      `virtio_pci_find_capability found a vendor capability at config offset ${hex(f.pos)} with cfg_type ${f.cfgType} (${CAP_TYPE_NAME[f.typeName]}). It says the ${f.typeName} structure lives in BAR ${f.bar} at offset ${hex(f.offset)}; the driver maps ${hex(f.length)} bytes of it.`,
    zh: (f) =>
      `virtio_pci_find_capability 在配置空间偏移 ${hex(f.pos)} 处找到一个 vendor capability，cfg_type 为 ${f.cfgType}（${CAP_TYPE_NAME[f.typeName]}）。它指出 ${f.typeName} 结构位于 BAR ${f.bar} 偏移 ${hex(f.offset)}；驱动映射其中 ${hex(f.length)} 字节。`,
  },
  vp_modern_probe_done: {
    en: (f) =>
      `vp_modern_probe has common, ISR and notify mapped${f.deviceCfg ? ', and the device-specific config too' : ' (no device-specific config)'}. The doorbells are in BAR ${f.notifyBar} from offset ${hex(f.notifyOffset)} (${hex(f.notifyLength)} bytes), and notify_off_multiplier is ${f.notifyOffMultiplier}: queue n's doorbell is at that offset + queue_notify_off × ${f.notifyOffMultiplier}.`,
    zh: (f) =>
      `vp_modern_probe 已映射 common、ISR 和 notify${f.deviceCfg ? '，以及设备自己的配置区' : '（没有设备专用配置区）'}。门铃（doorbell）在 BAR ${f.notifyBar} 偏移 ${hex(f.notifyOffset)} 起（${hex(f.notifyLength)} 字节），notify_off_multiplier 为 ${f.notifyOffMultiplier}：队列 n 的门铃地址 = 该偏移 + queue_notify_off × ${f.notifyOffMultiplier}。`,
  },
  virtio_status: {
    en: (f) =>
      f.status === 0
        ? 'The driver writes 0 to device_status: a reset, the first step of initialization (spec §3.1.1) and the way out of a failed one.'
        : `The driver adds ${f.added} to device_status, which is now ${hex(f.status)} (${statusBits(f.status)}).${f.added === 'DRIVER_OK' ? ' The device is live; with a vhost back-end, this write is where QEMU starts it.' : f.added === 'FAILED' ? ' The driver gave up on the device.' : ''}`,
    zh: (f) =>
      f.status === 0
        ? '驱动向 device_status 写 0：复位，既是初始化的第一步（规范 §3.1.1），也是失败后的退路。'
        : `驱动在 device_status 中加上 ${f.added}，现为 ${hex(f.status)}（${statusBits(f.status)}）。${f.added === 'DRIVER_OK' ? '设备正式启用；有 vhost 后端时，QEMU 就在这次写里启动后端。' : f.added === 'FAILED' ? '驱动放弃了这个设备。' : ''}`,
  },
  vp_get_features: {
    en: (f, c) => {
      const n = featureNotes(f.lo, f.hi);
      if (inStack(c, 'vp_legacy_get_features')) return `The legacy driver reads the device's 32 feature bits from HOST_FEATURES (I/O offset 0): ${hex(f.lo)}${n.length ? `, including ${n.join(', ')}` : ''}. A legacy device has no second half, so VERSION_1 is never offered.`;
      return `The driver reads the device's features in two halves (device_feature_select 0, then 1): low ${hex(f.lo)}, high ${hex(f.hi)}, so ${features(f.lo, f.hi)}${n.length ? `, including ${n.join(', ')}` : ''}.`;
    },
    zh: (f, c) => {
      const n = featureNotes(f.lo, f.hi);
      if (inStack(c, 'vp_legacy_get_features')) return `legacy 驱动从 HOST_FEATURES（I/O 偏移 0）读出设备的 32 位特性：${hex(f.lo)}${n.length ? `，其中有 ${n.join('、')}` : ''}。legacy 设备没有高 32 位，所以永远不会提供 VERSION_1。`;
      return `驱动分两半读取设备特性（device_feature_select 先 0 后 1）：低 32 位 ${hex(f.lo)}，高 32 位 ${hex(f.hi)}，合起来是 ${features(f.lo, f.hi)}${n.length ? `，其中有 ${n.join('、')}` : ''}。`;
    },
  },
  vp_set_features: {
    en: (f, c) => {
      const n = featureNotes(f.lo, f.hi);
      if (inStack(c, 'vp_legacy_set_features')) return `The legacy driver writes the 32 bits it accepts to GUEST_FEATURES (I/O offset 4): ${hex(f.lo)}${n.length ? ` (${n.join(', ')})` : ''}. There is no FEATURES_OK step for a legacy device.`;
      return `The driver writes what it accepts, in two halves (driver_feature_select 0, then 1): ${features(f.lo, f.hi)}${n.length ? ` (${n.join(', ')})` : ''}, the subset of the device's offer it understands.`;
    },
    zh: (f, c) => {
      const n = featureNotes(f.lo, f.hi);
      if (inStack(c, 'vp_legacy_set_features')) return `legacy 驱动把自己接受的 32 位特性写到 GUEST_FEATURES（I/O 偏移 4）：${hex(f.lo)}${n.length ? `（${n.join('、')}）` : ''}。legacy 设备没有 FEATURES_OK 这一步。`;
      return `驱动分两半写入自己接受的特性（driver_feature_select 先 0 后 1）：${features(f.lo, f.hi)}${n.length ? `（${n.join('、')}）` : ''}，即设备提供的特性中它认识的那部分。`;
    },
  },
  virtio_features_ok: {
    en: (f) =>
      f.ok
        ? `The driver set FEATURES_OK and read device_status back: ${hex(f.status)}, the bit is still there, so the device accepts the features.`
        : `The driver set FEATURES_OK, but device_status reads back ${hex(f.status)} without it: the device refuses these features ("virtio: device refuses features"), and the probe fails with -ENODEV.`,
    zh: (f) =>
      f.ok
        ? `驱动置上 FEATURES_OK 后回读 device_status：${hex(f.status)}，该位还在，说明设备接受了这组特性。`
        : `驱动置上 FEATURES_OK，回读 device_status 却是 ${hex(f.status)}，没有这一位：设备拒绝了这组特性（"virtio: device refuses features"），probe 以 -ENODEV 失败。`,
  },
  pci_alloc_irq_vectors: {
    en: (f) =>
      f.result >= 0
        ? `Under ${POLICY_EN[f.policy]}, the driver asks for exactly ${f.vectors} MSI-X vectors; the table has ${f.tableSize}, so it gets them. MSI-X is enabled with every entry masked, and INTx is disabled.`
        : `Under ${POLICY_EN[f.policy]}, the driver asks for exactly ${f.vectors} MSI-X vectors and gets ${errnoOf(f.result)}: ${f.tableSize ? `the device's table has only ${f.tableSize} entr${f.tableSize === 1 ? 'y' : 'ies'}` : 'the function has no MSI-X capability'}.`,
    zh: (f) =>
      f.result >= 0
        ? `按 ${POLICY_ZH[f.policy]}，驱动要求恰好 ${f.vectors} 个 MSI-X 向量；MSI-X 表有 ${f.tableSize} 项，够用。MSI-X 使能、所有表项先屏蔽，INTx 关闭。`
        : `按 ${POLICY_ZH[f.policy]}，驱动要求恰好 ${f.vectors} 个 MSI-X 向量，结果是 ${errnoOf(f.result)}：${f.tableSize ? `设备的 MSI-X 表只有 ${f.tableSize} 项` : '这个 PCI 功能根本没有 MSI-X capability'}。`,
  },
  request_irq: {
    en: (f) => {
      const on = f.vector === null ? 'the shared INTx line' : `MSI-X vector ${f.vector}`;
      const what =
        f.handler === 'vp_config_changed'
          ? 'the config-change ("change") interrupt'
          : f.handler === 'vring_interrupt'
            ? 'this one queue\'s interrupt, handled by vring_interrupt directly'
            : f.handler === 'vp_vring_interrupt'
              ? 'the interrupt all queues share; vp_vring_interrupt checks each of them'
              : 'one handler for everything, since vp_interrupt reads the ISR to tell config changes from queue work';
      return `request_irq installs ${f.handler} on ${on} as "${f.name}" (the name /proc/interrupts shows): ${what}.${f.vector === null ? '' : ' Linux writes the entry\'s message and unmasks it.'}`;
    },
    zh: (f) => {
      const on = f.vector === null ? '共享的 INTx 中断线' : ` MSI-X 向量 ${f.vector} `;
      const what =
        f.handler === 'vp_config_changed'
          ? '配置变更中断（seed 003 所说的 change 中断）'
          : f.handler === 'vring_interrupt'
            ? '这一个队列的 vq 中断，直接由 vring_interrupt 处理'
            : f.handler === 'vp_vring_interrupt'
              ? '所有队列共用的 vq 中断，由 vp_vring_interrupt 逐个检查各队列'
              : '所有中断都归它，vp_interrupt 读 ISR 来区分配置变更和队列中断';
      return `request_irq 在${on}上注册 ${f.handler}，名为 "${f.name}"（/proc/interrupts 里看到的名字）：${what}。${f.vector === null ? '' : 'Linux 写好该表项的消息并解除屏蔽。'}`;
    },
  },
  vp_vector_write: {
    en: (f, c) => {
      const legacy = inStack(c, 'vp_legacy_config_vector') || inStack(c, 'vp_legacy_queue_vector');
      const reg = f.reg === 'msix_config' ? (legacy ? 'VIRTIO_MSI_CONFIG_VECTOR (I/O offset 20)' : 'msix_config') : legacy ? `VIRTIO_MSI_QUEUE_VECTOR (I/O offset 22) of queue ${f.queue}` : `queue_msix_vector of queue ${f.queue}`;
      const refused = f.vector !== NO_VECTOR && f.readBack === NO_VECTOR;
      return `The driver writes ${vec(f.vector)} to ${reg} and reads it back: ${vec(f.readBack)}. ${refused ? 'The device refused it (QEMU only accepts vectors below its vectors= property), so the driver fails this try with -EBUSY.' : f.vector === NO_VECTOR ? 'No interrupt for this one.' : 'The device took it.'}`;
    },
    zh: (f, c) => {
      const legacy = inStack(c, 'vp_legacy_config_vector') || inStack(c, 'vp_legacy_queue_vector');
      const reg = f.reg === 'msix_config' ? (legacy ? ' VIRTIO_MSI_CONFIG_VECTOR（I/O 偏移 20）' : ' msix_config ') : legacy ? `队列 ${f.queue} 的 VIRTIO_MSI_QUEUE_VECTOR（I/O 偏移 22）` : `队列 ${f.queue} 的 queue_msix_vector `;
      const refused = f.vector !== NO_VECTOR && f.readBack === NO_VECTOR;
      return `驱动向${reg}写入${vecZh(f.vector)}，回读得到${vecZh(f.readBack)}。${refused ? '设备拒绝了它（QEMU 只接受小于 vectors= 属性的向量），驱动这一轮尝试以 -EBUSY 失败。' : f.vector === NO_VECTOR ? '这里不要中断。' : '设备接受了。'}`;
    },
  },
  vp_setup_vq: {
    en: (f, c) =>
      inStack(c, 'setup_vq@legacy')
        ? `The legacy setup_vq brings up queue ${f.queue} ("${f.name}"): ${f.num} entries in one block aligned to 4096 (descriptor table at ${hex(f.desc)}, avail ring at ${hex(f.avail)}, used ring at ${hex(f.used)}), given to the device as one page frame number in QUEUE_PFN (I/O offset 8), from which it derives the three parts; ${f.vector === NO_VECTOR ? 'no MSI-X vector' : `interrupt on vector ${f.vector}`}; doorbell: I/O offset ${hex(f.notifyAddr)} (QUEUE_NOTIFY), written with the queue index.`
        : `setup_vq brings up queue ${f.queue} ("${f.name}"): ${f.num} entries, descriptor table at ${hex(f.desc)}, avail ring at ${hex(f.avail)}, used ring at ${hex(f.used)}, all written into queue_desc/driver/device; ${f.vector === NO_VECTOR ? (inStack(c, 'vp_find_vqs_intx') ? 'no MSI-X vector, since interrupts come on the INTx line' : 'no MSI-X vector, since the driver gave this queue no callback') : `interrupt on vector ${f.vector}`}; doorbell at offset ${hex(f.notifyAddr)} of the notify BAR.`,
    zh: (f, c) =>
      inStack(c, 'setup_vq@legacy')
        ? `legacy 的 setup_vq 建立队列 ${f.queue}（"${f.name}"）：${f.num} 项放在按 4096 对齐的一整块内存里（描述符表 ${hex(f.desc)}，avail 环 ${hex(f.avail)}，used 环 ${hex(f.used)}），只把页帧号写进 QUEUE_PFN（I/O 偏移 8），设备据此推算出三部分的位置；${f.vector === NO_VECTOR ? '不用 MSI-X 向量' : `中断走向量 ${f.vector}`}；门铃是 I/O 偏移 ${hex(f.notifyAddr)}（QUEUE_NOTIFY），写入队列号。`
        : `setup_vq 建立队列 ${f.queue}（"${f.name}"）：${f.num} 项，描述符表在 ${hex(f.desc)}，avail 环在 ${hex(f.avail)}，used 环在 ${hex(f.used)}，三个地址都写进 queue_desc/driver/device；${f.vector === NO_VECTOR ? (inStack(c, 'vp_find_vqs_intx') ? '不用 MSI-X 向量，中断走 INTx 线' : '不用 MSI-X 向量，因为驱动没给这个队列回调') : `中断走向量 ${f.vector}`}；门铃位于 notify BAR 内偏移 ${hex(f.notifyAddr)}。`,
  },
  vp_find_vqs_fallback: {
    en: (f) => {
      const head = `The ${SHORT[f.failed]} try failed with -${f.errno} (${f.err}); vp_find_vqs ${f.next === 'give-up' ? 'has no INTx line to fall back to and gives up ("If not give up")' : `falls back to ${SHORT[f.next]}`}.`;
      if (f.next === 'shared-slow')
        return `${head} SHARED_SLOW asks for as many vectors as EACH here, since only an admin queue is slow-path. The step is new: seed 003's older kernel goes straight from one vector per queue (per_vq_vectors true) to a shared one; 6.12 tries EACH → SHARED_SLOW → SHARED → INTx.`;
      if (f.next === 'shared') return `${head} That is the second try of seed 003's kernel: one vector for config changes, one shared by every queue.`;
      if (f.next === 'intx') return `${head} The last resort, as in seed 003: one INTx line, with vp_interrupt for everything.`;
      return head;
    },
    zh: (f) => {
      const head = `${SHORT[f.failed]} 这一轮以 -${f.errno}（${f.err}）失败；vp_find_vqs ${f.next === 'give-up' ? '没有 INTx 线可退，只好放弃（"If not give up"）' : `退而尝试 ${SHORT[f.next]}`}。`;
      if (f.next === 'shared-slow')
        return `${head}这里 SHARED_SLOW 要的向量数与 EACH 一样多，因为只有 admin 队列才算慢路径。这一步是新加的：seed 003 讲的老内核从每队列一个向量（per_vq_vectors 为 true）直接退到共享向量；6.12 的顺序是 EACH → SHARED_SLOW → SHARED → INTx。`;
      if (f.next === 'shared') return `${head}这就是 seed 003 里老内核的第二次尝试：配置变更一个向量，所有队列共用一个。`;
      if (f.next === 'intx') return `${head}最后的退路，与 seed 003 相同：一根 INTx 线，所有中断都交给 vp_interrupt。`;
      return head;
    },
  },
  vp_del_vqs: {
    en: (f) =>
      f.queues === 0 && f.irqsFreed === 0
        ? `The try failed before anything was set up, so vp_del_vqs has nothing to undo${f.msixDisabled ? ' but to turn MSI-X off again' : ''}; the next try starts clean.`
        : `vp_del_vqs undoes the failed try: ${f.queues} queue${f.queues === 1 ? '' : 's'} torn down (vectors back to NO_VECTOR), ${f.irqsFreed} IRQ${f.irqsFreed === 1 ? '' : 's'} freed${f.msixDisabled ? ', msix_config cleared and MSI-X disabled (pci_free_irq_vectors)' : ''}, so the next try starts from nothing.`,
    zh: (f) =>
      f.queues === 0 && f.irqsFreed === 0
        ? `这一轮在建立任何东西之前就失败了，vp_del_vqs ${f.msixDisabled ? '只需再把 MSI-X 关掉' : '无事可撤'}；下一轮干干净净地开始。`
        : `vp_del_vqs 撤销失败的这一轮：拆掉 ${f.queues} 个队列（向量复位为 NO_VECTOR），释放 ${f.irqsFreed} 个 IRQ${f.msixDisabled ? '，清掉 msix_config 并关闭 MSI-X（pci_free_irq_vectors）' : ''}，下一轮从零开始。`,
  },
  vp_queue_enable: {
    en: (f) => `The driver selects queue ${f.queue} and writes queue_enable = 1. Linux does this last, queue by queue, once every vector is in place: "once we do this, there's no way to go back except reset".`,
    zh: (f) => `驱动选中队列 ${f.queue}，写 queue_enable = 1。Linux 把这一步放在最后，等所有向量就位后逐个队列去做：内核注释说，一旦使能，除了复位就没有回头路。`,
  },
  vp_interrupt_isr: {
    en: (f) =>
      f.handled
        ? `vp_interrupt reads the ISR, which also clears it: ${hex(f.isr)}. ${[f.isr & 2 ? 'Bit 1 is a config change, so vp_config_changed runs' : '', f.isr & 1 ? 'bit 0 is queue work, so every queue is checked' : ''].filter(Boolean).join('; ').replace(/^b/, 'B')}.`
        : 'vp_interrupt reads the ISR: 0. "It\'s definitely not us": another device on the shared INTx line raised it, so IRQ_NONE.',
    zh: (f) =>
      f.handled
        ? `vp_interrupt 读 ISR（读即清零）：${hex(f.isr)}。${[f.isr & 2 ? 'bit 1 表示配置变更，调用 vp_config_changed' : '', f.isr & 1 ? 'bit 0 表示队列有活，逐个检查队列' : ''].filter(Boolean).join('；')}。`
        : 'vp_interrupt 读 ISR：0。"肯定不是我们"：是共享这根 INTx 线的别的设备触发的，返回 IRQ_NONE。',
  },
  vp_config_changed: {
    en: (f) =>
      `A configuration change reaches the driver ${f.via === 'msix' ? 'on its own MSI-X vector (the "-config" one)' : 'through ISR bit 1 on the INTx line'}: virtio_config_changed calls the driver's config_changed (virtio-net rereads link status). Seed 003 calls this the "change" interrupt, as opposed to vq interrupts.`,
    zh: (f) =>
      `配置变更${f.via === 'msix' ? '经它自己的 MSI-X 向量（名为 "-config" 的那个）' : '经 INTx 线上的 ISR bit 1'}到达驱动：virtio_config_changed 调用驱动的 config_changed（virtio-net 会重读链路状态）。seed 003 把它叫作 change 中断，与 vq 中断相对。`,
  },
  vring_interrupt_pci: {
    en: (f) =>
      `${f.via === 'vring_interrupt' ? 'Queue ' : f.via === 'vp_vring_interrupt' ? 'The shared vector\'s handler checks queue ' : 'The config vector\'s slow path checks queue '}${f.queue} ("${f.name}"): ${f.more ? 'the used ring has new entries, so the driver\'s callback runs' : 'no new used entries ("virtqueue interrupt with no work"), IRQ_NONE for this queue'}.`,
    zh: (f) =>
      `${f.via === 'vring_interrupt' ? '队列 ' : f.via === 'vp_vring_interrupt' ? '共享向量的处理函数检查队列 ' : '配置向量的慢路径检查队列 '}${f.queue}（"${f.name}"）：${f.more ? 'used 环里有新条目，调用驱动的回调' : '没有新的 used 条目（"virtqueue interrupt with no work"），该队列返回 IRQ_NONE'}。`,
  },
} satisfies CaptionPart;
