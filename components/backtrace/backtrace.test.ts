import { describe, expect, it } from 'vitest';
import { backtraceLines } from './backtrace';

describe('backtraceLines', () => {
  it('prints innermost first and marks the VM exit', () => {
    const lines = backtraceLines(['start_xmit', 'virtqueue_notify', 'vp_notify', 'handle_ept_misconfig', 'kvm_io_bus_write', 'ioeventfd_write']);
    expect(lines.map((l) => (l.kind === 'frame' ? `#${l.n} ${l.fn}` : `-- ${l.label}`))).toEqual([
      '#0 ioeventfd_write',
      '#1 kvm_io_bus_write',
      '#2 handle_ept_misconfig',
      '-- vmExit',
      '#3 vp_notify',
      '#4 virtqueue_notify',
      '#5 start_xmit',
    ]);
  });

  it('marks the exit to QEMU and the system call back into the kernel', () => {
    const lines = backtraceLines(['virtnet_probe', 'virtio_pci_common_write', 'vhost_kernel_call', 'vhost_net_ioctl']);
    expect(lines.filter((l) => l.kind === 'boundary').map((l) => l.label)).toEqual(['syscall', 'vmExitUser']);
  });
});
