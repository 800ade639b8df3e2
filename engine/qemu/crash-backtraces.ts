/**
 * The two QEMU crashes seed 000 quotes (Red Hat bugs 1380703 and 1410716),
 * as data: gdb's `bt`, innermost first, frame names exactly as printed (with
 * `??` for frames gdb could not name), and how each name maps to QEMU 7.2,
 * the version the engine models. Both are TCG guests with a vhost-user NIC and
 * MSI-X enabled: the guest's DRIVER_OK write starts vhost, and
 * kvm_virtio_pci_irqfd_use dereferences the NULL proxy->vector_irqfd.
 */

/** One quoted crash. */
export interface SeedBacktrace {
  bug: string;
  title: string;
  /** The QEMU version in the debug paths (/usr/src/debug/qemu-X). */
  qemuVersion: string;
  /** Frame names, #0 first. */
  frames: readonly string[];
}

/** Red Hat bug 1380703 (QEMU 2.3.0, qemu-kvm-rhev): legacy virtio-pci, the status write is an I/O port write (cpu_outb) from translated code. */
export const BZ1380703: SeedBacktrace = {
  bug: 'https://bugzilla.redhat.com/show_bug.cgi?id=1380703',
  title: 'qemu-kvm segfault in kvm packstack aio + ovs-dpdk',
  qemuVersion: '2.3.0',
  frames: [
    'kvm_virtio_pci_irqfd_use',
    'virtio_pci_vq_vector_unmask',
    'virtio_pci_vector_unmask',
    'msix_set_notifier_for_vector',
    'msix_set_vector_notifiers',
    'virtio_pci_set_guest_notifiers',
    'vhost_net_start',
    'virtio_net_vhost_status',
    'virtio_net_set_status',
    'virtio_set_status',
    'virtio_ioport_write',
    'virtio_pci_config_write',
    'memory_region_write_accessor',
    'access_with_adjusted_size',
    'memory_region_dispatch_write',
    'address_space_rw',
    'address_space_write',
    'cpu_outb',
    '??',
    '??',
    '??',
  ],
};

/** Red Hat bug 1410716 (QEMU 2.7.0): "Qemu segfault when using TCG acceleration with vhost-user netdev"; modern virtio-pci (virtio_pci_common_write). */
export const BZ1410716: SeedBacktrace = {
  bug: 'https://bugzilla.redhat.com/show_bug.cgi?id=1410716',
  title: 'Qemu segfault when using TCG acceleration with vhost-user netdev',
  qemuVersion: '2.7.0',
  frames: [
    'kvm_virtio_pci_irqfd_use',
    'virtio_pci_vq_vector_unmask',
    'virtio_pci_vector_unmask',
    'msix_set_notifier_for_vector',
    'msix_set_vector_notifiers',
    'virtio_pci_set_guest_notifiers',
    'vhost_net_start',
    'virtio_net_vhost_status',
    'virtio_net_set_status',
    'virtio_set_status',
    'virtio_pci_common_write',
    'memory_region_write_accessor',
    'access_with_adjusted_size',
    'memory_region_dispatch_write',
    'code_gen_buffer',
    'cpu_tb_exec',
    'cpu_loop_exec_tb',
    'cpu_exec',
    'qemu_tcg_cpu_thread_fn',
    'start_thread',
    'clone',
  ],
};

/**
 * How a seed frame reads in QEMU 7.2: a new name, or null when the engine
 * has no frame for it (not a QEMU function: JIT code, glibc; or a path the
 * engine does not take). Names not listed are unchanged in 7.2.
 */
export const QEMU_72_RENAMES: Readonly<Record<string, string | null>> = {
  // 2.7's cpus.c thread function; 7.2 splits TCG's into accel/tcg/tcg-accel-ops-mttcg.c (mttcg_cpu_thread_fn, the x86 default
  // with a TCG that supports MTTCG) and tcg-accel-ops-rr.c (rr_cpu_thread_fn, -accel tcg,thread=single).
  qemu_tcg_cpu_thread_fn: 'mttcg_cpu_thread_fn',
  // Translated guest code: a buffer, not a function (gdb names the region's symbol).
  code_gen_buffer: null,
  // glibc: the engine's threads start at their QEMU entry.
  start_thread: null,
  clone: null,
  // Bug 1380703's unnamed frames (the translated code calling the I/O helper).
  '??': null,
};

/**
 * Frames QEMU 7.2 has that the seed's backtraces do not show: tcg_cpus_exec
 * (accel/tcg/tcg-accel-ops.c) wraps cpu_exec between the thread function and
 * the execution loop since QEMU 6.0; and the softmmu store helper the
 * translated code calls for an I/O page (helper_ret_stb_mmu → io_writex),
 * which the seed's optimized 2.x builds show as code_gen_buffer calling
 * memory_region_dispatch_write directly.
 */
export const QEMU_72_ADDED: readonly string[] = ['tcg_cpus_exec', 'helper_ret_stb_mmu', 'io_writex'];

/** A seed backtrace as QEMU 7.2 would print it, minus frames the engine does not simulate (see QEMU_72_RENAMES). */
export function seedFramesIn72(bt: SeedBacktrace): string[] {
  const out: string[] = [];
  for (const f of bt.frames) {
    const r = f in QEMU_72_RENAMES ? QEMU_72_RENAMES[f] : f;
    if (r) out.push(r);
  }
  return out;
}

/** An engine backtrace with 7.2's added frames removed, to compare with seedFramesIn72. */
export function withoutAdded72(frames: readonly string[]): string[] {
  return frames.filter((f) => !QEMU_72_ADDED.includes(f));
}
