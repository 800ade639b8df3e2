/**
 * Formatters the PCI / MSI-X / routing captions share: register names by
 * config-space offset, COMMAND and device-status bits by name, errno names,
 * the x86 reading of an MSI message, and the Chinese wording of the notes
 * QEMU's model attaches to a status or register write.
 */
import { hex } from '../fmt';

/** The standard header's registers (include/uapi/linux/pci_regs.h), by offset. */
const CFG_REGS: Readonly<Record<number, string>> = {
  0x00: 'PCI_VENDOR_ID',
  0x02: 'PCI_DEVICE_ID',
  0x04: 'PCI_COMMAND',
  0x06: 'PCI_STATUS',
  0x08: 'PCI_CLASS_REVISION',
  0x09: 'PCI_CLASS_PROG',
  0x0a: 'PCI_CLASS_DEVICE',
  0x0c: 'PCI_CACHE_LINE_SIZE',
  0x0d: 'PCI_LATENCY_TIMER',
  0x0e: 'PCI_HEADER_TYPE',
  0x10: 'PCI_BASE_ADDRESS_0',
  0x14: 'PCI_BASE_ADDRESS_1',
  0x18: 'PCI_BASE_ADDRESS_2',
  0x1c: 'PCI_BASE_ADDRESS_3',
  0x20: 'PCI_BASE_ADDRESS_4',
  0x24: 'PCI_BASE_ADDRESS_5',
  0x2c: 'PCI_SUBSYSTEM_VENDOR_ID',
  0x2e: 'PCI_SUBSYSTEM_ID',
  0x30: 'PCI_ROM_ADDRESS',
  0x34: 'PCI_CAPABILITY_LIST',
  0x3c: 'PCI_INTERRUPT_LINE',
  0x3d: 'PCI_INTERRUPT_PIN',
};

/** A config-space offset as a name: "PCI_COMMAND (0x4)", or "0x52" past the standard header. */
export function cfgReg(addr: number): string {
  const name = CFG_REGS[addr];
  return name ? `${name} (${hex(addr)})` : hex(addr);
}

/** Whether an offset is one of the six BAR registers. */
export function isBarReg(addr: number): boolean {
  return addr >= 0x10 && addr <= 0x24 && addr % 4 === 0;
}

/** PCI_COMMAND bits by name: "MEMORY|MASTER|INTX_DISABLE", or "0". */
export function commandBits(v: number): string {
  const names: string[] = [];
  if (v & 0x1) names.push('IO');
  if (v & 0x2) names.push('MEMORY');
  if (v & 0x4) names.push('MASTER');
  if (v & 0x400) names.push('INTX_DISABLE');
  return names.join('|') || '0';
}

/** PCI capability IDs (pci_regs.h PCI_CAP_ID_*) a virtio function carries. */
const CAP_IDS: Readonly<Record<number, string>> = { 0x01: 'Power Management', 0x05: 'MSI', 0x09: 'vendor-specific', 0x10: 'PCI Express', 0x11: 'MSI-X' };

/** A capability ID by name: "0x11 (MSI-X)". */
export function capId(id: number): string {
  const name = CAP_IDS[id];
  return name ? `${hex(id)} (${name})` : hex(id);
}

/** What each PCI_COMMAND bit that changed now does, in English. */
export function commandChangeEn(before: number, after: number): string {
  const ch = before ^ after;
  const out: string[] = [];
  const on = (bit: number) => (after & bit ? 'on' : 'off');
  if (ch & 0x3) out.push(`I/O and memory decoding ${commandBits(after & 0x3) === '0' ? 'off' : `now ${commandBits(after & 0x3)}`}, so the BARs are ${after & 0x3 ? 'mapped' : 'unmapped'}`);
  if (ch & 0x4) out.push(`bus mastering ${on(0x4)}: the device ${after & 0x4 ? 'may now' : 'may no longer'} do DMA or send MSI writes`);
  if (ch & 0x400) out.push(`INTX_DISABLE ${on(0x400)}: the INTx pin ${after & 0x400 ? 'no longer reaches' : 'reaches'} the interrupt controller`);
  if (!out.length) return 'No bit that matters here changed.';
  const s = `${out.join('; ')}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The same in Chinese. */
export function commandChangeZh(before: number, after: number): string {
  const ch = before ^ after;
  const out: string[] = [];
  if (ch & 0x3) out.push(after & 0x3 ? `打开 ${commandBits(after & 0x3)} 译码，BAR 映射进地址空间` : '关闭 I/O 和内存译码，BAR 从地址空间撤下');
  if (ch & 0x4) out.push(after & 0x4 ? '打开 Bus Master：设备此后可以做 DMA、发 MSI 写' : '关闭 Bus Master：设备不能再做 DMA 或发 MSI 写');
  if (ch & 0x400) out.push(after & 0x400 ? '置上 INTX_DISABLE：INTx 引脚不再送到中断控制器' : '清掉 INTX_DISABLE：INTx 引脚重新接到中断控制器');
  return out.length ? `${out.join('；')}。` : '没有要紧的位发生变化。';
}

/** Device status bits by name (virtio spec §2.1): "ACKNOWLEDGE|DRIVER|FEATURES_OK", or "0 (reset)". */
export function statusBits(s: number): string {
  const names: string[] = [];
  if (s & 0x1) names.push('ACKNOWLEDGE');
  if (s & 0x2) names.push('DRIVER');
  if (s & 0x8) names.push('FEATURES_OK');
  if (s & 0x4) names.push('DRIVER_OK');
  if (s & 0x40) names.push('DEVICE_NEEDS_RESET');
  if (s & 0x80) names.push('FAILED');
  const rest = s & 0x30;
  if (rest) names.push(hex(rest));
  return names.join('|') || '0';
}

const ERRNOS: Readonly<Record<number, string>> = { 3: 'ESRCH', 14: 'EFAULT', 16: 'EBUSY', 19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC', 38: 'ENOSYS' };

/** A return value as the kernel writes it: "0", "-EBUSY", or "-99" when unnamed. */
export function errnoOf(ret: number): string {
  if (ret >= 0) return String(ret);
  const name = ERRNOS[-ret];
  return name ? `-${name}` : String(ret);
}

/** VIRTIO_MSI_NO_VECTOR. */
export const NO_VECTOR = 0xffff;

/** A virtio vector register value: "vector 2", or "VIRTIO_MSI_NO_VECTOR (0xffff)". */
export function vec(v: number): string {
  return v === NO_VECTOR ? 'VIRTIO_MSI_NO_VECTOR (0xffff)' : `vector ${v}`;
}

/** The same in Chinese (the ASCII name with a leading space, to sit after a CJK word; trim it after punctuation). */
export function vecZh(v: number): string {
  return v === NO_VECTOR ? ' VIRTIO_MSI_NO_VECTOR（0xffff）' : `向量 ${v}`;
}

/** The x86 reading of an MSI message, when the address is in the 0xfeexxxxx window: destination APIC ID and vector. */
export function x86Msi(addressLo: number, data: number): { dest: number; vector: number } | null {
  if ((addressLo >>> 20) !== 0xfee) return null;
  return { dest: (addressLo >>> 12) & 0xff, vector: data & 0xff };
}

/** "(to APIC ID 0, vector 0x22)" or "". */
export function msiEn(addressLo: number, data: number): string {
  const m = x86Msi(addressLo, data);
  return m ? ` (on x86: LAPIC ID ${m.dest}, vector ${hex(m.vector)})` : '';
}

/** The same in Chinese. */
export function msiZh(addressLo: number, data: number): string {
  const m = x86Msi(addressLo, data);
  return m ? `（按 x86 格式：目标 LAPIC ID ${m.dest}，中断向量 ${hex(m.vector)}）` : '';
}

/** Which interrupt-vector bits are set in a PBA dword read at byte `offset`: the vector numbers. */
export function pendingVectors(offset: number, value: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < 32; b++) if ((value >>> b) & 1) out.push(offset * 8 + b);
  return out;
}

/** The four dwords of an MSI-X table entry. */
export const FIELD_OFF = { addr_lo: 0x0, addr_hi: 0x4, data: 0x8, vector_ctrl: 0xc } as const;

/** Their names in the spec (PCI Local Bus, MSI-X table entry). */
export const FIELD_EN = { addr_lo: 'Message Address', addr_hi: 'Message Upper Address', data: 'Message Data', vector_ctrl: 'Vector Control' } as const;

/** The same in Chinese writing (the field names stay in English, as Chinese PCI texts keep them). */
export const FIELD_ZH = { addr_lo: 'Message Address（低 32 位）', addr_hi: 'Message Upper Address（高 32 位）', data: 'Message Data', vector_ctrl: 'Vector Control' } as const;

/** virtio-pci capability cfg_type names (VIRTIO_PCI_CAP_*_CFG). */
export const CAP_TYPE_NAME = { common: 'VIRTIO_PCI_CAP_COMMON_CFG', notify: 'VIRTIO_PCI_CAP_NOTIFY_CFG', isr: 'VIRTIO_PCI_CAP_ISR_CFG', device: 'VIRTIO_PCI_CAP_DEVICE_CFG' } as const;

/** One spec rule QEMU let through (or the refusal) from virtio_set_status's `reason`, in Chinese. */
function reasonPartZh(part: string): string {
  if (part.startsWith('virtio_validate_features failed'))
    return 'virtio_validate_features 失败（设备提供了 IOMMU_PLATFORM，驱动没有 ack）：virtio_set_status 在写入之前就返回，所以驱动回读时 FEATURES_OK 是清零的（规范 §3.1.1 第 6 步）';
  const cleared = /^clears (0x[0-9a-f]+)/.exec(part);
  if (cleared) return `清掉了 ${cleared[1]}：规范 §2.1.2 规定驱动不得清除状态位，QEMU 照写不误`;
  if (part.startsWith('DRIVER_OK without FEATURES_OK')) return 'VERSION_1 设备上没有 FEATURES_OK 就置了 DRIVER_OK：规范 §3.1.1 禁止这样做，QEMU 不检查，照样启动设备（virtio_set_started）';
  if (part.startsWith('FEATURES_OK with features the device does not offer'))
    return '带着设备没有提供的特性位置 FEATURES_OK：规范 §2.2.2 允许设备拒绝，QEMU 却接受了，因为 virtio_set_features_nocheck 早已把不支持的位丢掉';
  if (part.startsWith('the driver set DEVICE_NEEDS_RESET')) return '驱动置了只能由设备置的 DEVICE_NEEDS_RESET（规范 §2.1），QEMU 照样存下';
  if (part.startsWith('legacy device')) return '传统（legacy）设备没有 DEVICE_NEEDS_RESET，virtio_error 只设置 vdev->broken';
  return `“${part}”`;
}

/** virtio_set_status's `reason` in Chinese, part by part. */
export function reasonZh(reason: string): string {
  return reason.split('; ').map(reasonPartZh).join('；');
}

/** What QEMU did with an odd common-config write (virtio_pci_common_write's `note`), in Chinese. */
export function noteZh(note: string): string {
  let m = /^driver_feature_select (\d+) > 1/.exec(note);
  if (m) return `driver_feature_select 为 ${m[1]}，大于 1：忽略这次写`;
  m = /^queue_select (\d+) ≥ VIRTIO_QUEUE_MAX/.exec(note);
  if (m) return `queue_select ${m[1]} 不小于 VIRTIO_QUEUE_MAX：忽略`;
  if (note.startsWith('no such queue: virtio_queue_set_num')) return '没有这个队列：virtio_queue_set_num 不会让它凭空出现';
  m = /^vector (\d+) ≥ nvectors (\d+)/.exec(note);
  if (m) return `向量 ${m[1]} 不小于 nvectors ${m[2]}：回读将得到 VIRTIO_MSI_NO_VECTOR`;
  m = /^wrong value for queue_enable ([0-9a-f]+)/.exec(note);
  if (m) return `queue_enable 写了错误的值 ${m[1]}：调用 virtio_error`;
  if (note.startsWith('no such queue: dropped')) return '没有这个队列：写入被丢弃（QEMU 存进 proxy->vqs[sel]，但不会再把它装进任何 vring）';
  if (note.startsWith('read-only or no register')) return '只读寄存器或此处没有寄存器：忽略';
  return `“${note}”`;
}
