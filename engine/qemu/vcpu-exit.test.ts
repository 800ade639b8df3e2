/** The roads a guest register access takes into QEMU, under KVM and TCG, as seed 000's backtraces show them. */
import { describe, expect, it } from 'vitest';
import { ActorContext, type Beat, type Emit, type Gen } from '../sched/actor';
import type { AccessSize, PciFunctionAccess } from './pci-access';
import { vcpuExitAccess, type BarPlacement } from './vcpu-exit';

/** Run a generator to its end, keeping the events it emits. */
function drain<T>(g: Gen<T>): { events: Emit[]; result: T } {
  const events: Emit[] = [];
  for (;;) {
    const r = g.next();
    if (r.done) return { events, result: r.value };
    const b: Beat = r.value;
    if (!b.wait && !b.safe) events.push(b);
  }
}

/** A device that records what reached it, and the call stack it was reached with. */
function recordingDevice(ctx: ActorContext) {
  const seen: Array<{ what: string; stack: string[] }> = [];
  const dev: PciFunctionAccess = {
    *configRead(_c, off: number, size: AccessSize) {
      seen.push({ what: `cfg-read ${off}/${size}`, stack: [...ctx.stack] });
      return 0x1af4;
    },
    *configWrite(_c, off: number, value: number) {
      seen.push({ what: `cfg-write ${off}=${value}`, stack: [...ctx.stack] });
    },
    *barRead(_c, bar: number, off: number) {
      seen.push({ what: `bar${bar}-read ${off}`, stack: [...ctx.stack] });
      return 7;
    },
    *barWrite(_c, bar: number, off: number, value: number) {
      seen.push({ what: `bar${bar}-write ${off}=${value}`, stack: [...ctx.stack] });
    },
  };
  return { dev, seen };
}

const BARS = new Map<number, BarPlacement>([
  [0, { base: 0xc040, io: true }],
  [4, { base: 0xfe000000, io: false }],
]);

describe('vcpuExitAccess', () => {
  it('under KVM a modern status write exits with KVM_EXIT_MMIO and reaches the device below the memory core (seed 000, second backtrace)', () => {
    const ctx = new ActorContext('vcpu0');
    const { dev, seen } = recordingDevice(ctx);
    const { events } = drain(vcpuExitAccess(dev, 'kvm', BARS).barWrite(ctx, 4, 20, 0xf, 1));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.what).toBe('bar4-write 20=15');
    expect(seen[0]!.stack).toEqual([
      'kvm_vcpu_thread_fn',
      'kvm_cpu_exec',
      'address_space_rw',
      'address_space_write',
      'flatview_write',
      'flatview_write_continue',
      'memory_region_dispatch_write',
      'access_with_adjusted_size',
      'memory_region_write_accessor',
    ]);
    const exit = events.find((e) => e.type === 'vcpu_io_exit');
    expect(exit?.f).toMatchObject({ via: 'KVM_EXIT_MMIO', addr: 0xfe000014, off: 20, size: 1, write: true, value: 0xf });
    expect(events.map((e) => e.type)).toEqual(['vcpu_io_exit', 'vcpu_io_done']);
    expect(ctx.stack).toEqual([]);
  });

  it('under TCG a legacy status write at I/O offset 18 goes through helper_outb, with no exit (seed 000, first backtrace)', () => {
    const ctx = new ActorContext('vcpu0');
    const { dev, seen } = recordingDevice(ctx);
    const { events } = drain(vcpuExitAccess(dev, 'tcg', BARS).barWrite(ctx, 0, 18, 7, 1));
    expect(seen[0]!.stack).toEqual(['mttcg_cpu_thread_fn', 'tcg_cpus_exec', 'cpu_exec', 'cpu_loop_exec_tb', 'cpu_tb_exec', 'helper_outb', 'memory_region_dispatch_write', 'access_with_adjusted_size', 'memory_region_write_accessor']);
    expect(events[0]!.f).toMatchObject({ via: 'helper_out', addr: 0xc040 + 18, target: { kind: 'bar', bar: 0, io: true } });
  });

  it('under TCG an MMIO store takes the softmmu slow path (io_writex); a read returns the device value to the guest', () => {
    const ctx = new ActorContext('vcpu0');
    const { dev, seen } = recordingDevice(ctx);
    drain(vcpuExitAccess(dev, 'tcg', BARS).barWrite(ctx, 4, 0x16, 1, 2));
    expect(seen[0]!.stack.slice(5, 7)).toEqual(['helper_le_stw_mmu', 'io_writex']);
    const { result, events } = drain(vcpuExitAccess(dev, 'tcg', BARS).barRead(ctx, 4, 0x18, 2));
    expect(result).toBe(7);
    expect(events.at(-1)).toMatchObject({ type: 'vcpu_io_done', f: { write: false, value: 7 } });
  });

  it('configuration space goes through the 0xcfc data port and pci_host_config_*_common, under KVM with KVM_EXIT_IO', () => {
    const ctx = new ActorContext('vcpu0');
    const { dev, seen } = recordingDevice(ctx);
    const { result, events } = drain(vcpuExitAccess(dev, 'kvm', BARS).configRead(ctx, 0x36, 2));
    expect(result).toBe(0x1af4);
    expect(seen[0]!.stack).toEqual([
      'kvm_vcpu_thread_fn',
      'kvm_cpu_exec',
      'kvm_handle_io',
      'address_space_rw',
      'address_space_read_full',
      'flatview_read',
      'flatview_read_continue',
      'memory_region_dispatch_read',
      'memory_region_dispatch_read1',
      'access_with_adjusted_size',
      'memory_region_read_accessor',
      'pci_host_data_read',
      'pci_data_read',
      'pci_host_config_read_common',
    ]);
    expect(events[0]!.f).toMatchObject({ via: 'KVM_EXIT_IO', addr: 0xcfe, target: { kind: 'config' } });
  });
});
