/**
 * Captions for QEMU 7.2's side of the PCI function (engine/qemu/pci-device.ts,
 * msix.ts, virtio-pci.ts): configuration space and BARs, INTx, the MSI-X
 * table, PBA and vector notifiers, the virtio-pci proxy's common-config and
 * legacy registers, and the device status byte. A caption says what this beat
 * did with its own numbers and why; the UI shows the function and file.
 */
import type { EventFields } from '@/engine/trace/events';
import { type CaptionCtx, type CaptionPart, inStack } from '../caption-types';
import { hex } from '../fmt';
import {
  FIELD_EN,
  FIELD_OFF,
  FIELD_ZH,
  NO_VECTOR,
  capId,
  cfgReg,
  commandBits,
  commandChangeEn,
  commandChangeZh,
  isBarReg,
  msiEn,
  msiZh,
  noteZh,
  pendingVectors,
  reasonZh,
  statusBits,
  vec,
  vecZh,
} from './fmt-pci';

/** Whether a config write is Linux writing the MSI-X Message Control word (enable / free of MSI-X vectors). */
const msixControlWrite = (addr: number, len: number, c: CaptionCtx): boolean =>
  addr >= 0x40 && len === 2 && (inStack(c, 'msix_capability_init') || inStack(c, 'pci_free_irq_vectors'));

/** Who in Linux is writing an MSI-X table entry, and why (from the stack). */
function tableWriterEn(c: CaptionCtx): string {
  if (inStack(c, 'msix_capability_init')) return ' msix_capability_init masks every entry before any is set up.';
  if (inStack(c, 'request_threaded_irq')) return ' request_irq is starting this vector: message first, then unmask.';
  if (inStack(c, 'pci_free_irq_vectors') || inStack(c, 'free_irq')) return ' The vector is being shut down, so Linux masks it again.';
  return '';
}
function tableWriterZh(c: CaptionCtx): string {
  if (inStack(c, 'msix_capability_init')) return 'msix_capability_init 在任何表项配置好之前先把它们全部屏蔽。';
  if (inStack(c, 'request_threaded_irq')) return 'request_irq 正在启用这个向量：先写消息，再解除屏蔽。';
  if (inStack(c, 'pci_free_irq_vectors') || inStack(c, 'free_irq')) return '这个向量正在关闭，Linux 重新把它屏蔽。';
  return '';
}

/** A BAR's size from its read-back after all-ones was written (memory BARs keep 4 flag bits, I/O BARs 2); 0 when the BAR is not implemented. */
const barSize = (after: number): number => (after === 0 ? 0 : ((~(after & (after & 1 ? ~0x3 : ~0xf)) >>> 0) + 1));

const pinName = (pin: number): string => `INT${'ABCD'[pin] ?? '?'}#`;

/** A BAR's kind for prose, from its number in virtio-pci's layout (QEMU 7.2: BAR0 legacy I/O, BAR1 MSI-X, BAR4 modern memory). */
const barRoleEn = (bar: number): string => (bar === 0 ? ' (the legacy I/O ports)' : bar === 1 ? ' (the MSI-X table and PBA)' : bar === 4 ? ' (the modern virtio registers)' : '');
const barRoleZh = (bar: number): string => (bar === 0 ? '（传统 I/O 端口）' : bar === 1 ? '（MSI-X 表和 PBA）' : bar === 4 ? '（modern virtio 寄存器）' : '');

type CommonWrite = EventFields['virtio_pci_common_write'];

/** What a common-config write means, by register. */
function commonWriteEn(f: CommonWrite): string {
  switch (f.reg) {
    case 'device_status':
      return f.value === 0 ? 'that is a reset, so virtio_set_status(0) and then virtio_pci_reset' : `device status ${statusBits(f.value)}, handed to virtio_set_status`;
    case 'config_msix_vector':
      return `the config-change interrupt goes to ${vec(f.value)}; QEMU drops its use of the old vector and takes msix_vector_use on the new one if the table has it`;
    case 'queue_msix_vector':
      return `queue ${f.queue}'s interrupt goes to ${vec(f.value)}; the old vector loses a user and the new one gains one (msix_vector_use)`;
    case 'queue_select':
      return `queue ${f.value} is now the one the queue_* registers show`;
    case 'queue_size':
      return `queue ${f.queue} gets ${f.value} entries (virtio_queue_set_num)`;
    case 'queue_enable':
      return `queue ${f.queue} goes live: QEMU copies the three ring addresses into the VirtQueue (virtio_queue_set_rings)`;
    case 'device_feature_select':
    case 'driver_feature_select':
      return `${f.reg === 'device_feature_select' ? 'device_feature' : 'driver_feature'} now shows bits ${32 * f.value}..${32 * f.value + 31}`;
    case 'driver_feature':
      return 'the driver\'s half of the feature word; QEMU masks it with what the device offers (virtio_set_features)';
    case 'queue_desc_lo':
    case 'queue_desc_hi':
    case 'queue_driver_lo':
    case 'queue_driver_hi':
    case 'queue_device_lo':
    case 'queue_device_hi':
      return `one half of queue ${f.queue}'s ${f.reg.includes('desc') ? 'descriptor table' : f.reg.includes('driver') ? 'driver area (avail ring)' : 'device area (used ring)'} address, kept in the proxy until queue_enable`;
    case 'queue_reset':
      return `queue ${f.queue} reset on its own (VIRTIO_F_RING_RESET)`;
    default:
      return 'a register the driver does not write';
  }
}

function commonWriteZh(f: CommonWrite): string {
  switch (f.reg) {
    case 'device_status':
      return f.value === 0 ? '这是复位，先 virtio_set_status(0)，再 virtio_pci_reset' : `设备状态 ${statusBits(f.value)}，交给 virtio_set_status`;
    case 'config_msix_vector':
      return `配置变更中断改走${vecZh(f.value)}；QEMU 先对旧向量 unuse，表里有这个新向量的话再对它 msix_vector_use`;
    case 'queue_msix_vector':
      return `队列 ${f.queue} 的中断改走${vecZh(f.value)}；旧向量少一个使用者，新向量多一个（msix_vector_use）`;
    case 'queue_select':
      return `此后 queue_* 寄存器显示的是队列 ${f.value}`;
    case 'queue_size':
      return `队列 ${f.queue} 设为 ${f.value} 项（virtio_queue_set_num）`;
    case 'queue_enable':
      return `队列 ${f.queue} 使能：QEMU 把三个 vring 地址拷进 VirtQueue（virtio_queue_set_rings）`;
    case 'device_feature_select':
    case 'driver_feature_select':
      return `此后 ${f.reg === 'device_feature_select' ? 'device_feature' : 'driver_feature'} 对应第 ${32 * f.value}..${32 * f.value + 31} 位`;
    case 'driver_feature':
      return '驱动写入的半个特性字；QEMU 会用设备提供的特性与它相与（virtio_set_features）';
    case 'queue_desc_lo':
    case 'queue_desc_hi':
    case 'queue_driver_lo':
    case 'queue_driver_hi':
    case 'queue_device_lo':
    case 'queue_device_hi':
      return `队列 ${f.queue} 的${f.reg.includes('desc') ? '描述符表' : f.reg.includes('driver') ? ' driver area（avail 环）' : ' device area（used 环）'}地址的一半，先存在 proxy 里，等 queue_enable 时才生效`;
    case 'queue_reset':
      return `单独复位队列 ${f.queue}（VIRTIO_F_RING_RESET）`;
    default:
      return '驱动不会写的寄存器';
  }
}

export const DEVICE_CAPTIONS = {
  pci_config_read: {
    en: (f, c) => {
      const head = `The guest reads ${f.len} byte${f.len === 1 ? '' : 's'} of ${f.dev}'s configuration space at ${cfgReg(f.addr)} and gets ${hex(f.value)}.`;
      const walking = inStack(c, 'pci_find_capability') || inStack(c, 'virtio_pci_find_capability');
      if (f.addr >= 0x40 && f.len === 2 && walking)
        return `${head} It is a capability header: ID ${capId(f.value & 0xff)}, ${f.value >> 8 ? `next capability at ${hex(f.value >> 8)}` : 'the last in the list'}.`;
      if (f.addr >= 0x40 && f.len === 2 && (inStack(c, '__pci_enable_msix_range') || inStack(c, 'msix_capability_init') || inStack(c, 'pci_free_irq_vectors')))
        return `${head} That is the MSI-X Message Control word: table size ${(f.value & 0x7ff) + 1} (QSIZE + 1), Enable ${(f.value >> 15) & 1}, Function Mask ${(f.value >> 14) & 1}.`;
      if (f.addr >= 0x40 && inStack(c, 'vp_modern_map_capability')) return `${head} A field of the virtio capability being mapped: its BAR, offset or length.`;
      if (f.addr >= 0x40 && f.len === 4 && inStack(c, 'vp_modern_probe')) return `${head} A field of the notify capability that vp_modern_probe reads itself: notify_off_multiplier, length or offset.`;
      if (f.addr >= 0x40 && walking) return `${head} A byte of a vendor capability (next pointer, cfg_type or BAR), as virtio_pci_find_capability looks for the structure it wants.`;
      if (f.addr === 0x34 && walking) return `${head} The capability list starts there.`;
      if (f.addr === 0x06 && f.value & 0x10) return `${head} PCI_STATUS_CAP_LIST is set: the function has a capability list to walk.`;
      return `${head}${f.addr >= 0x40 ? ' That is past the 64-byte standard header, in the capability list.' : ''}`;
    },
    zh: (f, c) => {
      const head = `客户机读取 ${f.dev} 配置空间 ${cfgReg(f.addr)} 处的 ${f.len} 字节，得到 ${hex(f.value)}。`;
      const walking = inStack(c, 'pci_find_capability') || inStack(c, 'virtio_pci_find_capability');
      if (f.addr >= 0x40 && f.len === 2 && walking)
        return `${head}这是一个 capability 头：ID ${capId(f.value & 0xff)}，${f.value >> 8 ? `下一个 capability 在 ${hex(f.value >> 8)}` : '链表到此为止'}。`;
      if (f.addr >= 0x40 && f.len === 2 && (inStack(c, '__pci_enable_msix_range') || inStack(c, 'msix_capability_init') || inStack(c, 'pci_free_irq_vectors')))
        return `${head}这是 MSI-X 的 Message Control：表大小 ${(f.value & 0x7ff) + 1}（QSIZE + 1），Enable ${(f.value >> 15) & 1}，Function Mask ${(f.value >> 14) & 1}。`;
      if (f.addr >= 0x40 && inStack(c, 'vp_modern_map_capability')) return `${head}这是正在映射的 virtio capability 的一个字段：BAR、偏移或长度。`;
      if (f.addr >= 0x40 && f.len === 4 && inStack(c, 'vp_modern_probe')) return `${head}这是 vp_modern_probe 亲自读取的 notify capability 字段：notify_off_multiplier、长度或偏移。`;
      if (f.addr >= 0x40 && walking) return `${head}这是 vendor capability 里的一个字节（next 指针、cfg_type 或 BAR），virtio_pci_find_capability 借此寻找它要的那个结构。`;
      if (f.addr === 0x34 && walking) return `${head}capability 链表从这里开始。`;
      if (f.addr === 0x06 && f.value & 0x10) return `${head}PCI_STATUS_CAP_LIST 置位：这个功能有 capability 链表可以遍历。`;
      return `${head}${f.addr >= 0x40 ? '这已越过 64 字节的标准头，位于 capability 链表中。' : ''}`;
    },
  },
  pci_config_write: {
    en: (f, c) => {
      const reg = cfgReg(f.addr);
      if (msixControlWrite(f.addr, f.len, c))
        return `Linux writes the MSI-X Message Control word at ${hex(f.addr)} of ${f.dev}: ${hex(f.before)} → ${hex(f.after)}, MSI-X Enable ${(f.after >> 15) & 1}, Function Mask ${(f.after >> 14) & 1}.${inStack(c, 'msix_capability_init') ? ' msix_capability_init turns MSI-X on with the whole function masked, and lifts the function mask once every entry is masked one by one.' : ' pci_free_irq_vectors turns MSI-X off; the device goes back to INTx.'}`;
      if (isBarReg(f.addr) && f.value === 0xffffffff)
        return `BAR sizing: the guest writes all-ones to ${reg} of ${f.dev}; only the bits wmask allows stick, so it reads back ${hex(f.after)} and learns the BAR's size from the low zero bits${barSize(f.after) ? `: ${hex(barSize(f.after))} bytes` : ' (0: no BAR here)'}.`;
      if (f.addr === 0x04 && f.len >= 2)
        return `The guest writes PCI_COMMAND = ${hex(f.value)}: ${commandBits(f.before)} → ${commandBits(f.after)}. ${commandChangeEn(f.before, f.after)}`;
      return `The guest writes ${hex(f.value)} (${f.len} byte${f.len === 1 ? '' : 's'}) at ${reg} of ${f.dev}; through wmask and the write-1-to-clear mask the bytes go from ${hex(f.before)} to ${hex(f.after)}${f.after === f.before ? ': nothing writable changed' : ''}.`;
    },
    zh: (f, c) => {
      const reg = cfgReg(f.addr);
      if (msixControlWrite(f.addr, f.len, c))
        return `Linux 写 ${f.dev} 位于 ${hex(f.addr)} 的 MSI-X Message Control：${hex(f.before)} → ${hex(f.after)}，MSI-X Enable ${(f.after >> 15) & 1}，Function Mask ${(f.after >> 14) & 1}。${inStack(c, 'msix_capability_init') ? 'msix_capability_init 先在整个功能被屏蔽的状态下打开 MSI-X，等逐个屏蔽完所有表项后再撤掉 Function Mask。' : 'pci_free_irq_vectors 关闭 MSI-X，设备退回 INTx。'}`;
      if (isBarReg(f.addr) && f.value === 0xffffffff)
        return `探测 BAR 大小：客户机向 ${f.dev} 的 ${reg} 写全 1；只有 wmask 允许的位能写进去，回读得到 ${hex(f.after)}，从低位的 0 就能算出 BAR 的大小${barSize(f.after) ? `：${hex(barSize(f.after))} 字节` : '（为 0：这里没有 BAR）'}。`;
      if (f.addr === 0x04 && f.len >= 2)
        return `客户机写 PCI_COMMAND = ${hex(f.value)}：${commandBits(f.before)} → ${commandBits(f.after)}。${commandChangeZh(f.before, f.after)}`;
      return `客户机在 ${f.dev} 的 ${reg} 写入 ${hex(f.value)}（${f.len} 字节）；经过 wmask 和写 1 清零掩码，这几个字节从 ${hex(f.before)} 变成 ${hex(f.after)}${f.after === f.before ? '，可写的位一个没变' : ''}。`;
    },
  },
  pci_intx_level: {
    en: (f) => {
      const line = `${f.dev}'s ${pinName(f.pin)} goes ${f.level ? 'high' : 'low'}; PCI_STATUS is ${hex(f.status)} (Interrupt Status ${f.status & 0x08 ? 'set' : 'clear'}).`;
      if (f.bus === null) return `${line} PCI_COMMAND has INTX_DISABLE, so the interrupt controller sees nothing: the pin's state is kept for when it is re-enabled.`;
      return `${line} The interrupt controller sees the line ${f.bus ? 'asserted: a level-triggered interrupt for the guest' : 'deasserted'}${f.disabled ? ' (INTX_DISABLE was just set)' : ''}.`;
    },
    zh: (f) => {
      const line = `${f.dev} 的 ${pinName(f.pin)} 电平变${f.level ? '高' : '低'}；PCI_STATUS 为 ${hex(f.status)}（Interrupt Status 位${f.status & 0x08 ? '置位' : '清零'}）。`;
      if (f.bus === null) return `${line}PCI_COMMAND 里置了 INTX_DISABLE，中断控制器什么也看不到；引脚状态先记下，等重新使能时再说。`;
      return `${line}中断控制器看到这根线${f.bus ? '拉高：给客户机一个电平触发的中断' : '回落'}${f.disabled ? '（刚刚置了 INTX_DISABLE）' : ''}。`;
    },
  },
  msix_write_config: {
    en: (f) =>
      `The guest wrote the MSI-X Message Control of ${f.dev}: MSI-X Enable ${+f.enabled}, Function Mask ${+f.masked} (QEMU's trace: "enabled ${+f.enabled} masked ${+f.masked}"). ${f.enabled ? `INTx is dropped while MSI-X is on${f.masked ? ', and with the function mask every vector counts as masked: messages wait as pending bits' : ''}.` : 'With MSI-X off every vector counts as masked, and the device falls back to INTx.'}`,
    zh: (f) =>
      `客户机写了 ${f.dev} 的 MSI-X Message Control：Enable ${+f.enabled}，Function Mask ${+f.masked}（QEMU 的 trace："enabled ${+f.enabled} masked ${+f.masked}"）。${f.enabled ? `MSI-X 打开时 INTx 被撤下${f.masked ? '；Function Mask 置位时所有向量都算被屏蔽，消息只能记成 pending 位' : ''}。` : 'MSI-X 关闭时所有向量都算被屏蔽，设备退回 INTx。'}`,
  },
  msix_table_write: {
    en: (f, c) => {
      const at = `entry ${f.entry} (table offset ${hex(f.entry * 16 + FIELD_OFF[f.field])})`;
      if (f.field !== 'vector_ctrl') return `The guest writes ${hex(f.value)} into the ${FIELD_EN[f.field]} of MSI-X ${at} of ${f.dev}. The vector is ${f.masked ? 'masked, as it stays while the driver fills in the message' : 'unmasked: the next message it sends carries this value'}.`;
      const change = f.wasMasked === f.masked ? `it stays ${f.masked ? 'masked' : 'unmasked'}` : f.masked ? 'the vector is now masked, and the device will only set its pending bit' : 'the vector is now unmasked, so msix_handle_mask_update tells the vector notifiers and delivers any pending message';
      return `The guest writes Vector Control = ${hex(f.value)} in MSI-X ${at}: the Mask bit is ${+f.maskBit}${!f.maskBit && f.masked ? ', yet the vector stays masked by the Function Mask or by MSI-X being off' : ''}; ${change}.${tableWriterEn(c)}`;
    },
    zh: (f, c) => {
      const at = `表项 ${f.entry}（表内偏移 ${hex(f.entry * 16 + FIELD_OFF[f.field])}）`;
      if (f.field !== 'vector_ctrl') return `客户机把 ${hex(f.value)} 写进 ${f.dev} MSI-X ${at}的 ${FIELD_ZH[f.field]}。该向量${f.masked ? '处于屏蔽状态，驱动填写消息期间它一直是屏蔽的' : '未屏蔽：它下一次发出的消息就带这个值'}。`;
      const change = f.wasMasked === f.masked ? (f.masked ? '仍处于屏蔽状态' : '仍未屏蔽') : f.masked ? '向量变为屏蔽，设备此后只会置它的 pending 位' : '向量解除屏蔽，msix_handle_mask_update 通知 vector notifier，有挂起的消息就投递';
      return `客户机在 MSI-X ${at}写 Vector Control = ${hex(f.value)}：Mask 位为 ${+f.maskBit}${!f.maskBit && f.masked ? '，但 Function Mask 或 MSI-X 未使能仍让它处于屏蔽状态' : ''}；${change}。${tableWriterZh(c)}`;
    },
  },
  msix_table_read: {
    en: (f) => `The guest reads the ${FIELD_EN[f.field]} of MSI-X entry ${f.entry} of ${f.dev}: ${hex(f.value)}.${f.field === 'vector_ctrl' ? ` The Mask bit is ${f.value & 1}.` : ''}`,
    zh: (f) => `客户机读取 ${f.dev} MSI-X 表项 ${f.entry} 的 ${FIELD_ZH[f.field]}：${hex(f.value)}。${f.field === 'vector_ctrl' ? `Mask 位为 ${f.value & 1}。` : ''}`,
  },
  msix_pba_read: {
    en: (f) => {
      const v = pendingVectors(f.offset, f.value);
      return `The guest reads the pending bit array of ${f.dev} at offset ${hex(f.offset)}: ${hex(f.value)}, ${v.length ? `vector${v.length > 1 ? 's' : ''} ${v.join(', ')} pending (raised while masked, not yet delivered)` : 'nothing pending'}.`;
    },
    zh: (f) => {
      const v = pendingVectors(f.offset, f.value);
      return `客户机读取 ${f.dev} 的 PBA（pending bit array）偏移 ${hex(f.offset)}：${hex(f.value)}，${v.length ? `向量 ${v.join('、')} 处于 pending（屏蔽期间触发、尚未投递）` : '没有挂起的向量'}。`;
    },
  },
  msix_mask_update: {
    en: (f) =>
      f.masked
        ? `Vector ${f.vector} of ${f.dev} goes from unmasked to masked. The release notifier (if virtio-pci installed one) hears of it; from now on a message for this vector only sets its pending bit.`
        : `Vector ${f.vector} of ${f.dev} goes from masked to unmasked. The use notifier (if installed) hears of it first${f.pending ? `; its pending bit is set, so the bit is cleared and the message that waited is sent now` : '; nothing was pending'}.`,
    zh: (f) =>
      f.masked
        ? `${f.dev} 的向量 ${f.vector} 从未屏蔽变为屏蔽。release notifier（如果 virtio-pci 装了）会收到通知；此后发给这个向量的消息只会置 pending 位。`
        : `${f.dev} 的向量 ${f.vector} 从屏蔽变为解除屏蔽。先通知 use notifier（如果装了）${f.pending ? '；它的 pending 位是置着的，于是清掉该位，把一直等着的消息现在发出去' : '；没有挂起的消息'}。`,
  },
  msix_notify: {
    en: (f) =>
      f.result === 'unused'
        ? `${f.dev} raises MSI-X vector ${f.vector}, but no one declared it with msix_vector_use (the driver never wrote it into a vector register), so msix_notify drops it.`
        : f.result === 'masked'
          ? `${f.dev} raises MSI-X vector ${f.vector} while it is masked: no message goes out; msix_set_pending records it in the PBA for when the guest unmasks it.`
          : `${f.dev} raises MSI-X vector ${f.vector}: it is in use and unmasked, so msix_notify reads the entry's address and data and sends the message.`,
    zh: (f) =>
      f.result === 'unused'
        ? `${f.dev} 触发 MSI-X 向量 ${f.vector}，但没人用 msix_vector_use 登记过它（驱动从没把它写进向量寄存器），msix_notify 直接丢弃。`
        : f.result === 'masked'
          ? `${f.dev} 触发 MSI-X 向量 ${f.vector}，但它正被屏蔽：消息不发出，msix_set_pending 在 PBA 里记一笔，等客户机解除屏蔽时再投递。`
          : `${f.dev} 触发 MSI-X 向量 ${f.vector}：它有使用者且未屏蔽，msix_notify 读出表项的地址和数据，把消息发出去。`,
  },
  msix_set_pending: {
    en: (f) => `Vector ${f.vector}'s pending bit is set: PBA byte ${f.pbaOffset} is now ${hex(f.pba)}. The interrupt is not lost, only held until the vector is unmasked.`,
    zh: (f) => `置位向量 ${f.vector} 的 pending 位：PBA 第 ${f.pbaOffset} 字节现为 ${hex(f.pba)}。中断没有丢，只是先压着，等向量解除屏蔽再发。`,
  },
  msix_clr_pending: {
    en: (f) => `Vector ${f.vector}'s pending bit is cleared: PBA byte ${f.pbaOffset} is now ${hex(f.pba)}${f.pba ? '' : ' (no vector of that byte pending)'}.`,
    zh: (f) => `清除向量 ${f.vector} 的 pending 位：PBA 第 ${f.pbaOffset} 字节现为 ${hex(f.pba)}${f.pba ? '' : '（这个字节里已没有挂起的向量）'}。`,
  },
  msi_send_message: {
    en: (f) =>
      `${f.dev} ${f.vector === null ? 'sends an MSI' : `sends vector ${f.vector}'s message`}: a 32-bit write of data ${hex(f.data)} to address ${hex(f.address)}${msiEn(f.address, f.data)}. ${f.delivered ? 'It goes out through the device\'s bus-master address space to the interrupt controller (under KVM: kvm_send_msi, the KVM_SIGNAL_MSI ioctl).' : 'Bus mastering is off in PCI_COMMAND (or nothing is behind msi_trigger), so the write goes nowhere and the interrupt is lost.'}`,
    zh: (f) =>
      `${f.dev} ${f.vector === null ? '发出一个 MSI' : `发出向量 ${f.vector} 的消息`}：向地址 ${hex(f.address)} 写 32 位数据 ${hex(f.data)}${msiZh(f.address, f.data)}。${f.delivered ? '这次写经设备的 bus-master 地址空间到达中断控制器（KVM 下是 kvm_send_msi，即 KVM_SIGNAL_MSI ioctl）。' : 'PCI_COMMAND 里 Bus Master 没开（或 msi_trigger 后面没人），这次写无处可去，中断丢失。'}`,
  },
  msix_vector_use: {
    en: (f) =>
      f.used
        ? `Vector ${f.vector} of ${f.dev} now has ${f.used} user${f.used === 1 ? '' : 's'}: virtio-pci declares it because the driver named it in a vector register. Only a used vector is ever delivered.`
        : `Vector ${f.vector} of ${f.dev} has no user left (msix_vector_unuse): its pending bit is cleared and msix_notify will drop it from now on.`,
    zh: (f) =>
      f.used
        ? `${f.dev} 的向量 ${f.vector} 现在有 ${f.used} 个使用者：驱动把它写进了向量寄存器，virtio-pci 于是登记它。只有被使用的向量才会被投递。`
        : `${f.dev} 的向量 ${f.vector} 已没有使用者（msix_vector_unuse）：清掉它的 pending 位，此后 msix_notify 会直接丢弃它。`,
  },
  msix_vector_notifier: {
    en: (f, c) =>
      f.kind === 'use'
        ? `Vector ${f.vector} is unmasked with message address ${hex(f.address ?? 0)}, data ${hex(f.data ?? 0)}, so its use notifier runs: virtio_pci_vector_unmask, frame #2 in both of seed 000's backtraces. ${inStack(c, 'msix_set_vector_notifiers') ? 'As there, it comes from msix_set_vector_notifiers, which visits every vector already unmasked when the notifiers are installed (frames #3 and #4).' : 'Here the guest has just unmasked it.'}`
        : f.kind === 'release'
          ? `Vector ${f.vector} is masked, so its release notifier runs: virtio_pci_vector_mask masks the queues on it (through the device, or by dropping the irqfd).`
          : `The guest is about to read the PBA from vector ${f.vector} on; the poll notifier (virtio_pci_vector_poll) first checks the masked vectors' guest notifiers and sets the pending bit of any that fired.`,
    zh: (f, c) =>
      f.kind === 'use'
        ? `向量 ${f.vector} 解除屏蔽，消息地址 ${hex(f.address ?? 0)}、数据 ${hex(f.data ?? 0)}，于是调用它的 use notifier：virtio_pci_vector_unmask，即 seed 000 两段回溯里的 #2 帧。${inStack(c, 'msix_set_vector_notifiers') ? '和那里一样，它来自 msix_set_vector_notifiers：安装 notifier 时，对每个已经解除屏蔽的向量都调用一次（#3、#4 帧）。' : '这里是客户机刚刚解除了它的屏蔽。'}`
        : f.kind === 'release'
          ? `向量 ${f.vector} 被屏蔽，于是调用 release notifier：virtio_pci_vector_mask 屏蔽挂在它上面的队列（经设备自己的屏蔽，或撤掉 irqfd）。`
          : `客户机要从向量 ${f.vector} 起读 PBA；poll notifier（virtio_pci_vector_poll）先检查被屏蔽向量的 guest notifier，已被 signal 的就置上 pending 位。`,
  },
  pci_update_mappings: {
    en: (f) =>
      f.addr === null
        ? `BAR ${f.bar}${barRoleEn(f.bar)} of ${f.dev} leaves the guest's address space (it was at ${hex(f.old ?? 0)}): its decoding was turned off or the BAR is being sized.`
        : f.old === null
          ? `BAR ${f.bar}${barRoleEn(f.bar)} of ${f.dev} appears at ${hex(f.addr)}, ${hex(f.size)} bytes: from now on guest accesses there reach its MemoryRegion.`
          : `BAR ${f.bar}${barRoleEn(f.bar)} of ${f.dev} moves from ${hex(f.old)} to ${hex(f.addr)} (${hex(f.size)} bytes).`,
    zh: (f) =>
      f.addr === null
        ? `${f.dev} 的 BAR ${f.bar}${barRoleZh(f.bar)}从客户机地址空间撤下（原在 ${hex(f.old ?? 0)}）：译码被关掉了，或者正在探测 BAR 大小。`
        : f.old === null
          ? `${f.dev} 的 BAR ${f.bar}${barRoleZh(f.bar)}映射到 ${hex(f.addr)}，大小 ${hex(f.size)} 字节：此后客户机对这段地址的访问都落到它的 MemoryRegion 上。`
          : `${f.dev} 的 BAR ${f.bar}${barRoleZh(f.bar)}从 ${hex(f.old)} 移到 ${hex(f.addr)}（${hex(f.size)} 字节）。`,
  },
  virtio_pci_common_read: {
    en: (f) =>
      f.reg
        ? `The guest reads ${f.reg} (common config offset ${hex(f.off)}, ${f.size} byte${f.size === 1 ? '' : 's'}) of ${f.dev}: ${f.reg === 'device_status' ? `${hex(f.value)} = ${statusBits(f.value)}` : f.reg.endsWith('msix_vector') ? vec(f.value) : hex(f.value)}${f.reg.startsWith('queue_') && f.reg !== 'queue_select' ? `, for queue ${f.queue}` : ''}.${f.reg.endsWith('msix_vector') && f.value === NO_VECTOR ? ' NO_VECTOR here tells the driver the device refused the vector.' : ''}`
        : `The guest reads common config offset ${hex(f.off)} of ${f.dev}, where no register starts: QEMU returns 0.`,
    zh: (f) =>
      f.reg
        ? `客户机读取 ${f.dev} 的 ${f.reg}（common config 偏移 ${hex(f.off)}，${f.size} 字节）：${f.reg === 'device_status' ? `${hex(f.value)} = ${statusBits(f.value)}` : f.reg.endsWith('msix_vector') ? vecZh(f.value).trim() : hex(f.value)}${f.reg.startsWith('queue_') && f.reg !== 'queue_select' ? `，对应队列 ${f.queue}` : ''}。${f.reg.endsWith('msix_vector') && f.value === NO_VECTOR ? '读到 NO_VECTOR，驱动就知道设备拒绝了这个向量。' : ''}`
        : `客户机读取 ${f.dev} common config 偏移 ${hex(f.off)}，这里不是任何寄存器的起点：QEMU 返回 0。`,
  },
  virtio_pci_common_write: {
    en: (f) =>
      f.note
        ? `The guest writes ${hex(f.value)} to ${f.reg || `offset ${hex(f.off)}`} (common config ${hex(f.off)}) of ${f.dev}, and QEMU does not take it as written (${f.note}).`
        : `The guest writes ${hex(f.value)} to ${f.reg || `offset ${hex(f.off)}`} (common config ${hex(f.off)}) of ${f.dev}: ${commonWriteEn(f)}.`,
    zh: (f) =>
      f.note
        ? `客户机向 ${f.dev} 的 ${f.reg || `偏移 ${hex(f.off)}`}（common config ${hex(f.off)}）写入 ${hex(f.value)}，QEMU 没有照单全收（${noteZh(f.note)}）。`
        : `客户机向 ${f.dev} 的 ${f.reg || `偏移 ${hex(f.off)}`}（common config ${hex(f.off)}）写入 ${hex(f.value)}：${commonWriteZh(f)}。`,
  },
  virtio_set_status: {
    en: (f) => {
      if (!f.accepted) return `The guest writes status ${hex(f.written)} (${statusBits(f.written)}), and virtio_set_status refuses it: ${f.reason ?? 'the old byte stays'}. The status stays ${hex(f.old)}.`;
      const started = f.new & 0x4 && !(f.old & 0x4);
      const head = f.new === 0 ? `Status ${hex(f.old)} → 0: the guest resets the device; virtio_pci_reset follows and clears queues, features and vectors.` : `Status ${hex(f.old)} → ${hex(f.new)} (${statusBits(f.new)}, stage ${f.state}).`;
      const why = !started
        ? ''
        : f.dev.startsWith('virtio-net')
          ? ' DRIVER_OK: virtio-net\'s set_status starts its back-end (virtio_net_vhost_status → vhost_net_start), the path both of seed 000\'s backtraces take (there once 7 through the legacy I/O port, once 15 through the common config).'
          : ' DRIVER_OK: the device is live and starts processing its queues.';
      return `${head}${why}${f.reason ? ` QEMU lets it through, though the spec objects: ${f.reason}.` : ''}`;
    },
    zh: (f) => {
      if (!f.accepted) return `客户机写入状态 ${hex(f.written)}（${statusBits(f.written)}），virtio_set_status 拒绝了：${f.reason ? reasonZh(f.reason) : '保留原值'}。状态仍为 ${hex(f.old)}。`;
      const started = f.new & 0x4 && !(f.old & 0x4);
      const head = f.new === 0 ? `状态 ${hex(f.old)} → 0：客户机复位设备，随后 virtio_pci_reset 清掉队列、特性和向量。` : `状态 ${hex(f.old)} → ${hex(f.new)}（${statusBits(f.new)}，阶段 ${f.state}）。`;
      const why = !started
        ? ''
        : f.dev.startsWith('virtio-net')
          ? '置上 DRIVER_OK：virtio-net 的 set_status 启动后端（virtio_net_vhost_status → vhost_net_start），seed 000 的两段回溯走的都是这条路（一次是经传统 I/O 端口写入 7，一次是经 common 配置写入 15）。'
          : '置上 DRIVER_OK：设备正式启用，开始处理各个队列。';
      return `${head}${why}${f.reason ? `QEMU 放过了一条规则：${reasonZh(f.reason)}。` : ''}`;
    },
  },
  virtio_error: {
    en: (f) =>
      `QEMU hits an error it cannot go on with: "${f.message}". ${f.new !== f.old ? `It sets DEVICE_NEEDS_RESET (status ${hex(f.old)} → ${hex(f.new)}) and sends a config-change interrupt so the driver notices;` : 'A legacy device has no DEVICE_NEEDS_RESET;'} the device is marked broken and ignores kicks until the guest resets it.`,
    zh: (f) =>
      `QEMU 遇到无法继续的错误："${f.message}"。${f.new !== f.old ? `它置上 DEVICE_NEEDS_RESET（状态 ${hex(f.old)} → ${hex(f.new)}），并发一个配置变更中断让驱动察觉；` : '传统设备没有 DEVICE_NEEDS_RESET；'}设备被标记为 broken，在客户机复位它之前不再理会任何 kick。`,
  },
  virtio_pci_isr_read: {
    en: (f) =>
      `The guest reads the ISR${f.legacy ? ' through the legacy port (VIRTIO_PCI_ISR, 0x13)' : ''} of ${f.dev}: ${hex(f.isr)}${f.isr & 1 ? ', bit 0 = a queue interrupt' : ''}${f.isr & 2 ? ', bit 1 = a configuration change' : ''}${f.isr ? '' : ', nothing'}. The read clears it, and the INTx line is deasserted.`,
    zh: (f) =>
      `客户机${f.legacy ? '经传统端口（VIRTIO_PCI_ISR，0x13）' : ''}读取 ${f.dev} 的 ISR：${hex(f.isr)}${f.isr & 1 ? '，bit 0 = 队列中断' : ''}${f.isr & 2 ? '，bit 1 = 配置变更' : ''}${f.isr ? '' : '，什么都没有'}。读即清零，INTx 线随之撤下。`,
  },
  virtio_pci_notify_write: {
    en: (f) =>
      `A kick for queue ${f.queue} reaches QEMU at notify offset ${hex(f.off)} (no ioeventfd consumed it in the kernel, as one would under KVM)${f.ignored ? `, and virtio_queue_notify drops it: ${f.ignored}.` : '; virtio_queue_notify runs the queue\'s handler.'}`,
    zh: (f) =>
      `队列 ${f.queue} 的 kick 在 notify 偏移 ${hex(f.off)} 处到达 QEMU（没有被内核里的 ioeventfd 截走；在 KVM 下它本会被截走）${f.ignored ? `，virtio_queue_notify 把它丢弃：${f.ignored === 'device broken' ? '设备已 broken' : 'vring.desc 还是 0，队列没有地址'}。` : '；virtio_queue_notify 调用该队列的处理函数。'}`,
  },
  virtio_ioport_access: {
    en: (f) =>
      `The guest ${f.write ? `writes ${hex(f.value)} to` : 'reads'} legacy I/O port offset ${f.off} (${f.reg || 'no register'}) of ${f.dev}${f.write ? '' : `: ${hex(f.value)}`}.${f.write && f.reg === 'VIRTIO_PCI_STATUS' ? ` Status ${statusBits(f.value)}: ${f.value === 7 ? 'seed 000\'s first backtrace starts with this very write' : 'a write like this starts seed 000\'s first backtrace'} (virtio_ioport_write addr=18 val=7).` : ''}${f.reg === 'device config' ? ' Past the header, the device-specific configuration.' : ''}`,
    zh: (f) =>
      `客户机${f.write ? `向 ${f.dev} 传统 I/O 端口偏移 ${f.off}（${f.reg || '无寄存器'}）写入 ${hex(f.value)}` : `读取 ${f.dev} 传统 I/O 端口偏移 ${f.off}（${f.reg || '无寄存器'}），得到 ${hex(f.value)}`}。${f.write && f.reg === 'VIRTIO_PCI_STATUS' ? `状态 ${statusBits(f.value)}：seed 000 的第一段回溯${f.value === 7 ? '正是从这样一次写开始的' : '就始于同类的一次写'}（virtio_ioport_write addr=18 val=7）。` : ''}${f.reg === 'device config' ? '越过头部之后就是设备自己的配置空间。' : ''}`,
  },
  virtio_pci_notify: {
    en: (f, c) =>
      f.path === 'msix'
        ? `${f.dev} notifies the guest: MSI-X is enabled, so virtio_pci_notify calls msix_notify for vector ${f.vector} (ISR ${hex(f.isr)} is set too, but an MSI-X driver does not read it).`
        : f.path === 'none'
          ? `${f.dev} has an interrupt to send but its vector is VIRTIO_MSI_NO_VECTOR: with MSI-X on, nothing is sent.`
          : inStack(c, 'virtio_reset')
            ? `The reset cleared the ISR, and without MSI-X virtio_pci_notify sets INTx to ISR bit 0: pci_set_irq(0), so the line drops if it was up.`
            : `${f.dev} notifies the guest without MSI-X: INTx follows ISR bit 0 (ISR ${hex(f.isr)}), so pci_set_irq(${f.isr & 1}).`,
    zh: (f, c) =>
      f.path === 'msix'
        ? `${f.dev} 通知客户机：MSI-X 已使能，virtio_pci_notify 对向量 ${f.vector} 调用 msix_notify（ISR ${hex(f.isr)} 也置了，但走 MSI-X 的驱动不读它）。`
        : f.path === 'none'
          ? `${f.dev} 要发中断，可向量是 VIRTIO_MSI_NO_VECTOR：MSI-X 打开时什么也不发。`
          : inStack(c, 'virtio_reset')
            ? '复位已清掉 ISR；没有 MSI-X 时 virtio_pci_notify 让 INTx 跟随 ISR bit 0：pci_set_irq(0)，原先拉高的线就此回落。'
            : `${f.dev} 在没有 MSI-X 的情况下通知客户机：INTx 电平跟随 ISR bit 0（ISR ${hex(f.isr)}），即 pci_set_irq(${f.isr & 1})。`,
  },
  virtio_pci_reset: {
    en: (f) =>
      `The guest wrote 0 to device_status, so ${f.dev} resets: virtio_reset clears the queues, the negotiated features, the ISR and every vector (VIRTIO_MSI_NO_VECTOR), and msix_unuse_all_vectors drops the MSI-X vectors' users and pending bits.`,
    zh: (f) =>
      `客户机向 device_status 写了 0，${f.dev} 复位：virtio_reset 清掉各队列、协商好的特性、ISR 和所有向量（置为 VIRTIO_MSI_NO_VECTOR），msix_unuse_all_vectors 清掉 MSI-X 向量的使用计数和 pending 位。`,
  },
} satisfies CaptionPart;
