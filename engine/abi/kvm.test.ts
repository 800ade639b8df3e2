/**
 * KVM's ioctl numbers and structs against FACTS §7.2 and, when a C compiler
 * is present, against /usr/include/linux/kvm.h compiled on this machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Arena } from '../mem/arena';
import {
  KVM_IOEVENTFD,
  KVM_IOEVENTFD_FLAG_DATAMATCH,
  KVM_IOEVENTFD_FLAG_DEASSIGN,
  KVM_IOEVENTFD_FLAG_PIO,
  KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY,
  KVM_IOEVENTFD_LAYOUT,
  KVM_IRQCHIP_IOAPIC,
  KVM_IRQCHIP_PIC_MASTER,
  KVM_IRQCHIP_PIC_SLAVE,
  KVM_IRQFD,
  KVM_IRQFD_FLAG_DEASSIGN,
  KVM_IRQFD_FLAG_RESAMPLE,
  KVM_IRQFD_LAYOUT,
  KVM_IRQ_ROUTING,
  KVM_IRQ_ROUTING_ENTRY,
  KVM_IRQ_ROUTING_IRQCHIP,
  KVM_IRQ_ROUTING_MSI,
  KVM_IRQ_ROUTING_MSI_FIELDS,
  KVM_MSI_LAYOUT,
  KVM_MSI_VALID_DEVID,
  KVM_SET_GSI_ROUTING,
  KVM_SIGNAL_MSI,
  readKvmIrqRoutingEntry,
  writeKvmIrqRoutingEntry,
} from './kvm';

describe('KVM ioctls (FACTS §7.2)', () => {
  it('has the x86-64 encodings', () => {
    expect(KVM_IRQFD).toBe(0x4020ae76);
    expect(KVM_IOEVENTFD).toBe(0x4040ae79);
    expect(KVM_SET_GSI_ROUTING).toBe(0x4008ae6a);
    expect(KVM_SIGNAL_MSI).toBe(0x4020aea5);
  });

  it('has the struct sizes and offsets', () => {
    expect(KVM_IRQFD_LAYOUT).toMatchObject({ fd: 0, gsi: 4, flags: 8, resamplefd: 12, size: 32 });
    expect(KVM_IOEVENTFD_LAYOUT).toMatchObject({ datamatch: 0, addr: 8, len: 16, fd: 20, flags: 24, size: 64 });
    expect(KVM_MSI_LAYOUT).toMatchObject({ address_lo: 0, address_hi: 4, data: 8, flags: 12, devid: 16, size: 32 });
    expect(KVM_IRQ_ROUTING_ENTRY.size).toBe(48);
  });

  it('round-trips a routing entry through the arena in the UAPI layout', () => {
    const a = new Arena(new ArrayBuffer(256));
    writeKvmIrqRoutingEntry(a, 8, { gsi: 24, type: KVM_IRQ_ROUTING_MSI, flags: 0, msi: { addressLo: 0xfee01000, addressHi: 0, data: 0x4023, devid: 0 } });
    expect(a.r32(8)).toBe(24);
    expect(a.r32(8 + 4)).toBe(2);
    expect(a.r32(8 + 16)).toBe(0xfee01000);
    expect(a.r32(8 + 16 + 8)).toBe(0x4023);
    expect(readKvmIrqRoutingEntry(a, 8)).toEqual({ gsi: 24, type: 2, flags: 0, msi: { addressLo: 0xfee01000, addressHi: 0, data: 0x4023, devid: 0 } });
    writeKvmIrqRoutingEntry(a, 64, { gsi: 9, type: KVM_IRQ_ROUTING_IRQCHIP, flags: 0, irqchip: { irqchip: KVM_IRQCHIP_IOAPIC, pin: 9 } });
    expect(readKvmIrqRoutingEntry(a, 64)).toEqual({ gsi: 9, type: 1, flags: 0, irqchip: { irqchip: 2, pin: 9 } });
  });
});

const cc = ['/usr/bin/gcc', '/usr/bin/cc'].find((p) => existsSync(p));
const header = '/usr/include/linux/kvm.h';

describe.runIf(cc && existsSync(header))('compiled against /usr/include/linux/kvm.h', () => {
  it('ioctl numbers, flags, struct sizes and offsets agree with the kernel header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvm-'));
    const src = join(dir, 'kvm.c');
    writeFileSync(
      src,
      `#include <stdio.h>
#include <stddef.h>
#include <linux/kvm.h>
#define O(s, f) (unsigned long)offsetof(struct s, f)
int main(void) {
  printf("%lu %lu %lu %lu\\n", (unsigned long)KVM_IRQFD, (unsigned long)KVM_IOEVENTFD, (unsigned long)KVM_SET_GSI_ROUTING, (unsigned long)KVM_SIGNAL_MSI);
  printf("%d %d %d %d %d %d %d %d %d %d %d %d\\n", KVM_IRQ_ROUTING_IRQCHIP, KVM_IRQ_ROUTING_MSI, KVM_MSI_VALID_DEVID, KVM_IRQFD_FLAG_DEASSIGN, KVM_IRQFD_FLAG_RESAMPLE,
         KVM_IOEVENTFD_FLAG_DATAMATCH, KVM_IOEVENTFD_FLAG_PIO, KVM_IOEVENTFD_FLAG_DEASSIGN, KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY, KVM_IRQCHIP_PIC_MASTER, KVM_IRQCHIP_PIC_SLAVE, KVM_IRQCHIP_IOAPIC);
  printf("%lu %lu %lu %lu %lu %lu %lu %lu %lu %lu\\n", sizeof(struct kvm_irq_routing), O(kvm_irq_routing, nr), O(kvm_irq_routing, flags), O(kvm_irq_routing, entries),
         sizeof(struct kvm_irq_routing_entry), O(kvm_irq_routing_entry, gsi), O(kvm_irq_routing_entry, type), O(kvm_irq_routing_entry, flags), O(kvm_irq_routing_entry, pad), O(kvm_irq_routing_entry, u));
  printf("%lu %lu %lu %lu\\n", O(kvm_irq_routing_msi, address_lo), O(kvm_irq_routing_msi, address_hi), O(kvm_irq_routing_msi, data), O(kvm_irq_routing_msi, devid));
  printf("%lu %lu %lu %lu %lu %lu\\n", sizeof(struct kvm_irqfd), O(kvm_irqfd, fd), O(kvm_irqfd, gsi), O(kvm_irqfd, flags), O(kvm_irqfd, resamplefd), O(kvm_irqfd, pad));
  printf("%lu %lu %lu %lu %lu %lu %lu\\n", sizeof(struct kvm_ioeventfd), O(kvm_ioeventfd, datamatch), O(kvm_ioeventfd, addr), O(kvm_ioeventfd, len), O(kvm_ioeventfd, fd), O(kvm_ioeventfd, flags), O(kvm_ioeventfd, pad));
  printf("%lu %lu %lu %lu %lu %lu %lu\\n", sizeof(struct kvm_msi), O(kvm_msi, address_lo), O(kvm_msi, address_hi), O(kvm_msi, data), O(kvm_msi, flags), O(kvm_msi, devid), O(kvm_msi, pad));
  return 0;
}
`,
    );
    const bin = join(dir, 'kvm');
    execFileSync(cc!, ['-O0', '-o', bin, src]);
    const lines = execFileSync(bin, { encoding: 'utf8' }).trim().split('\n');
    const nums = (l: string) => l.split(' ').map(Number);
    expect(nums(lines[0]!)).toEqual([KVM_IRQFD, KVM_IOEVENTFD, KVM_SET_GSI_ROUTING, KVM_SIGNAL_MSI]);
    expect(nums(lines[1]!)).toEqual([
      KVM_IRQ_ROUTING_IRQCHIP,
      KVM_IRQ_ROUTING_MSI,
      KVM_MSI_VALID_DEVID,
      KVM_IRQFD_FLAG_DEASSIGN,
      KVM_IRQFD_FLAG_RESAMPLE,
      KVM_IOEVENTFD_FLAG_DATAMATCH,
      KVM_IOEVENTFD_FLAG_PIO,
      KVM_IOEVENTFD_FLAG_DEASSIGN,
      KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY,
      KVM_IRQCHIP_PIC_MASTER,
      KVM_IRQCHIP_PIC_SLAVE,
      KVM_IRQCHIP_IOAPIC,
    ]);
    const E = KVM_IRQ_ROUTING_ENTRY;
    expect(nums(lines[2]!)).toEqual([KVM_IRQ_ROUTING.size, KVM_IRQ_ROUTING.nr, KVM_IRQ_ROUTING.flags, KVM_IRQ_ROUTING.entries, E.size, E.gsi, E.type, E.flags, E.pad, E.u]);
    const M = KVM_IRQ_ROUTING_MSI_FIELDS;
    expect(nums(lines[3]!)).toEqual([M.address_lo, M.address_hi, M.data, M.devid]);
    const F = KVM_IRQFD_LAYOUT;
    expect(nums(lines[4]!)).toEqual([F.size, F.fd, F.gsi, F.flags, F.resamplefd, F.pad]);
    const I = KVM_IOEVENTFD_LAYOUT;
    expect(nums(lines[5]!)).toEqual([I.size, I.datamatch, I.addr, I.len, I.fd, I.flags, I.pad]);
    const S = KVM_MSI_LAYOUT;
    expect(nums(lines[6]!)).toEqual([S.size, S.address_lo, S.address_hi, S.data, S.flags, S.devid, S.pad]);
  });
});
