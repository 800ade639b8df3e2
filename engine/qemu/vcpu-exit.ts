/**
 * How a guest's access to a device register reaches QEMU's device model, under
 * KVM or under TCG (QEMU 7.2). Both end in the memory core's dispatch
 * (memory_region_dispatch_write → access_with_adjusted_size →
 * memory_region_write_accessor → the region's MemoryRegionOps), which is what
 * seed 000's two backtraces show below virtio_pci_common_write and
 * virtio_pci_config_write; what differs is how the vCPU thread gets there:
 *
 * - KVM: the access traps and KVM_RUN returns to QEMU on the vCPU thread:
 *   kvm_vcpu_thread_fn → kvm_cpu_exec → (KVM_EXIT_MMIO) address_space_rw, or
 *   (KVM_EXIT_IO) kvm_handle_io → address_space_rw. (A write that matches an
 *   ioeventfd never gets here: KVM signals the eventfd in the kernel, see
 *   engine/kvm/ioeventfd.ts.)
 * - TCG: the guest code is translated; a store to MMIO goes through the softmmu
 *   slow path (helper_le_stw_mmu → io_writex), a port access through
 *   helper_outw, on the vCPU thread's mttcg_cpu_thread_fn → tcg_cpus_exec →
 *   cpu_exec → cpu_loop_exec_tb → cpu_tb_exec.
 *
 * Configuration space is reached through the PC's mechanism #1 (the guest's
 * pci_conf1_read / pci_conf1_write): CONFIG_ADDRESS is written at 0xcf8, then the
 * data moves through 0xcfc; the beat shows the data access, which is the one that
 * reaches the device (pci_host_data_write → pci_data_write →
 * pci_host_config_write_common → the device's config_write).
 */
import type { FrameId } from '../trace/frames';
import type { ActorContext, Gen } from '../sched/actor';
import type { AccessSize, PciFunctionAccess } from './pci-access';

/** Which accelerator runs the guest. */
export type Accel = 'kvm' | 'tcg';

/** The data port of configuration mechanism #1. */
export const PCI_CONFIG_DATA_PORT = 0xcfc;

/** Where each BAR of the function was placed by the firmware (guest-physical address or I/O port) and whether it is an I/O BAR. */
export interface BarPlacement {
  base: number;
  io: boolean;
}

/** Enter `frames` in order (outermost first), then run `body` inside the innermost. */
export function* within<T>(ctx: ActorContext, frames: readonly FrameId[], body: () => Gen<T>): Gen<T> {
  if (frames.length === 0) return yield* body();
  const [first, ...rest] = frames;
  return yield* ctx.call(first!, within(ctx, rest, body));
}

const STORE_HELPER: Record<AccessSize, FrameId> = { 1: 'helper_ret_stb_mmu', 2: 'helper_le_stw_mmu', 4: 'helper_le_stl_mmu' };
const LOAD_HELPER: Record<AccessSize, FrameId> = { 1: 'helper_ret_ldub_mmu', 2: 'helper_le_lduw_mmu', 4: 'helper_le_ldul_mmu' };
const OUT_HELPER: Record<AccessSize, FrameId> = { 1: 'helper_outb', 2: 'helper_outw', 4: 'helper_outl' };
const IN_HELPER: Record<AccessSize, FrameId> = { 1: 'helper_inb', 2: 'helper_inw', 4: 'helper_inl' };

/** The frames from the vCPU thread's entry down to the memory core, for one access. */
function entryFrames(accel: Accel, io: boolean, write: boolean, size: AccessSize): FrameId[] {
  if (accel === 'kvm') {
    const thread: FrameId[] = ['kvm_vcpu_thread_fn', 'kvm_cpu_exec'];
    const as: FrameId[] = write ? ['address_space_rw', 'address_space_write', 'flatview_write', 'flatview_write_continue'] : ['address_space_rw', 'address_space_read_full', 'flatview_read', 'flatview_read_continue'];
    return [...thread, ...(io ? (['kvm_handle_io'] as FrameId[]) : []), ...as];
  }
  const thread: FrameId[] = ['mttcg_cpu_thread_fn', 'tcg_cpus_exec', 'cpu_exec', 'cpu_loop_exec_tb', 'cpu_tb_exec'];
  if (io) return [...thread, write ? OUT_HELPER[size] : IN_HELPER[size]];
  return [...thread, write ? STORE_HELPER[size] : LOAD_HELPER[size], write ? 'io_writex' : 'io_readx'];
}

/** The memory core's dispatch of one access to a region's ops. */
function dispatchFrames(write: boolean): FrameId[] {
  return write
    ? ['memory_region_dispatch_write', 'access_with_adjusted_size', 'memory_region_write_accessor']
    : ['memory_region_dispatch_read', 'memory_region_dispatch_read1', 'access_with_adjusted_size', 'memory_region_read_accessor'];
}

function via(accel: Accel, io: boolean, write: boolean): 'KVM_EXIT_MMIO' | 'KVM_EXIT_IO' | 'io_writex' | 'io_readx' | 'helper_out' | 'helper_in' {
  if (accel === 'kvm') return io ? 'KVM_EXIT_IO' : 'KVM_EXIT_MMIO';
  if (io) return write ? 'helper_out' : 'helper_in';
  return write ? 'io_writex' : 'io_readx';
}

/**
 * The function as the guest reaches it through `accel`: every access is one
 * exit beat, the device's own beats inside the memory core's frames, and a
 * beat when the vCPU goes back to the guest.
 */
export function vcpuExitAccess(dev: PciFunctionAccess, accel: Accel, bars: ReadonlyMap<number, BarPlacement>): PciFunctionAccess {
  function* access<T extends number | void>(
    ctx: ActorContext,
    target: { kind: 'bar'; bar: number; io: boolean } | { kind: 'config' },
    off: number,
    size: AccessSize,
    value: number | null,
    run: () => Gen<T>,
  ): Gen<T> {
    const write = value !== null;
    const io = target.kind === 'config' || target.io;
    const addr = target.kind === 'config' ? PCI_CONFIG_DATA_PORT + (off & 3) : (bars.get(target.bar)?.base ?? 0) + off;
    const frames = entryFrames(accel, io, write, size);
    const hostFrames: FrameId[] =
      target.kind === 'config'
        ? [...dispatchFrames(write), ...(write ? (['pci_host_data_write', 'pci_data_write', 'pci_host_config_write_common'] as FrameId[]) : (['pci_host_data_read', 'pci_data_read', 'pci_host_config_read_common'] as FrameId[]))]
        : dispatchFrames(write);
    return yield* within(ctx, frames, function* () {
      if (ctx.tracing) yield ctx.ev('vcpu_io_exit', { accel, target, addr, off, size, write, value, via: via(accel, io, write) });
      const result = yield* within(ctx, hostFrames, run);
      if (ctx.tracing) yield ctx.ev('vcpu_io_done', { accel, write, value: write ? value! : (result as number) });
      return result;
    });
  }

  return {
    configRead: (ctx, off, size) => access(ctx, { kind: 'config' }, off, size, null, () => dev.configRead(ctx, off, size)),
    configWrite: (ctx, off, value, size) => access(ctx, { kind: 'config' }, off, size, value, () => dev.configWrite(ctx, off, value, size)),
    barRead: (ctx, bar, off, size) => access(ctx, { kind: 'bar', bar, io: bars.get(bar)?.io ?? false }, off, size, null, () => dev.barRead(ctx, bar, off, size)),
    barWrite: (ctx, bar, off, value, size) => access(ctx, { kind: 'bar', bar, io: bars.get(bar)?.io ?? false }, off, size, value, () => dev.barWrite(ctx, bar, off, value, size)),
  };
}
