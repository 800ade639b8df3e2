/**
 * Captions for a guest register access that leaves the guest: the exit into
 * QEMU under KVM, or TCG's softmmu / port helper, and the return to the guest
 * (engine/qemu/vcpu-exit.ts). Seed 000's two backtraces show both roads ending
 * in memory_region_dispatch_write.
 */
import type { EventFields } from '@/engine/trace/events';
import type { CaptionPart } from '../caption-types';
import { hex } from '../fmt';

type Exit = EventFields['vcpu_io_exit'];

const sizeWord = (size: 1 | 2 | 4): string => (size === 1 ? 'byte' : size === 2 ? '16-bit' : '32-bit');
const sizeZh = (size: 1 | 2 | 4): string => (size === 1 ? '1 字节' : size === 2 ? '16 位' : '32 位');

function whereEn(f: Exit): string {
  if (f.target.kind === 'config') return `configuration space offset ${hex(f.off)} (through the data port ${hex(f.addr)}, after CONFIG_ADDRESS was written at 0xcf8)`;
  return `BAR ${f.target.bar} offset ${hex(f.off)} (${f.target.io ? 'I/O port' : 'guest-physical'} ${hex(f.addr)})`;
}

function whereZh(f: Exit): string {
  if (f.target.kind === 'config') return `配置空间偏移 ${hex(f.off)}（先在 0xcf8 写 CONFIG_ADDRESS，再经数据端口 ${hex(f.addr)} 访问）`;
  return `BAR ${f.target.bar} 偏移 ${hex(f.off)}（${f.target.io ? 'I/O 端口' : '客户机物理地址'} ${hex(f.addr)}）`;
}

function howEn(f: Exit): string {
  switch (f.via) {
    case 'KVM_EXIT_MMIO':
      return 'the store faults in the EPT, KVM finds no ioeventfd for it, and KVM_RUN returns to QEMU with KVM_EXIT_MMIO; kvm_cpu_exec hands it to address_space_rw on this same vCPU thread';
    case 'KVM_EXIT_IO':
      return 'the port instruction exits and KVM_RUN returns to QEMU with KVM_EXIT_IO; kvm_cpu_exec calls kvm_handle_io, which hands it to address_space_rw on this same vCPU thread';
    case 'io_writex':
    case 'io_readx':
      return `under TCG there is no exit: the translated code's softmmu helper finds an I/O page in the TLB and calls ${f.via}, still inside cpu_tb_exec`;
    case 'helper_out':
    case 'helper_in':
      return `under TCG the port instruction was translated into a call of ${f.write ? 'helper_out' : 'helper_in'}${f.size === 1 ? 'b' : f.size === 2 ? 'w' : 'l'}, still inside cpu_tb_exec`;
  }
}

function howZh(f: Exit): string {
  switch (f.via) {
    case 'KVM_EXIT_MMIO':
      return '这次写在 EPT 中触发异常，KVM 没找到对应的 ioeventfd，于是 KVM_RUN 带着 KVM_EXIT_MMIO 返回 QEMU；kvm_cpu_exec 在同一个 vCPU 线程上把它交给 address_space_rw';
    case 'KVM_EXIT_IO':
      return '端口指令触发退出，KVM_RUN 带着 KVM_EXIT_IO 返回 QEMU；kvm_cpu_exec 调用 kvm_handle_io，在同一个 vCPU 线程上交给 address_space_rw';
    case 'io_writex':
    case 'io_readx':
      return `TCG 下没有“退出”：翻译后代码里的 softmmu 辅助函数在 TLB 中发现这是 I/O 页，于是调用 ${f.via}，仍然在 cpu_tb_exec 之内`;
    case 'helper_out':
    case 'helper_in':
      return `TCG 把这条端口指令翻译成了对 ${f.write ? 'helper_out' : 'helper_in'}${f.size === 1 ? 'b' : f.size === 2 ? 'w' : 'l'} 的调用，仍然在 cpu_tb_exec 之内`;
  }
}

export const VCPU_EXIT_CAPTIONS = {
  vcpu_io_exit: {
    en: (f) =>
      `The guest ${f.write ? `writes ${hex(f.value ?? 0)} (${sizeWord(f.size)})` : `reads ${sizeWord(f.size)}`} at ${whereEn(f)}: ${howEn(f)}. The memory core then dispatches it to the region's handler (memory_region_dispatch_${f.write ? 'write' : 'read'}), the frames seed 000's backtraces show.`,
    zh: (f) =>
      `客户机在${whereZh(f)}${f.write ? `写入 ${hex(f.value ?? 0)}（${sizeZh(f.size)}）` : `读取 ${sizeZh(f.size)}`}：${howZh(f)}。随后内存核心把它分派给该区域的处理函数（memory_region_dispatch_${f.write ? 'write' : 'read'}），也就是 seed 000 的回溯中看到的那几层。`,
  },
  vcpu_io_done: {
    en: (f) =>
      f.write
        ? `QEMU's handler returned; ${f.accel === 'kvm' ? 'kvm_cpu_exec loops back into KVM_RUN' : 'the translated block goes on'} and the guest continues after its store.`
        : `QEMU's handler returned ${hex(f.value)}; ${f.accel === 'kvm' ? 'KVM completes the guest instruction with it when kvm_cpu_exec re-enters KVM_RUN' : 'the helper returns it to the translated code'}.`,
    zh: (f) =>
      f.write
        ? `QEMU 的处理函数返回了；${f.accel === 'kvm' ? 'kvm_cpu_exec 重新进入 KVM_RUN' : '翻译块继续执行'}，客户机从这条写指令之后接着运行。`
        : `QEMU 的处理函数返回 ${hex(f.value)}；${f.accel === 'kvm' ? 'kvm_cpu_exec 再次进入 KVM_RUN 时，KVM 用这个值完成客户机的那条指令' : '辅助函数把它交回翻译后的代码'}。`,
  },
} satisfies CaptionPart;
