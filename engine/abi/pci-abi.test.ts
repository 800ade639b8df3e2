/**
 * PCI and virtio-pci constants against the numbers of FACTS.md §4–§5 and the
 * virtio spec, and, when a C compiler is present, against the Linux UAPI
 * headers on this machine (pci_regs.h, virtio_pci.h, virtio_config.h,
 * virtio_ids.h), constants and struct offsets alike.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as P from './pci';
import * as V from './virtio-pci';

describe('PCI config header and capabilities (pci_regs.h, FACTS §5.1)', () => {
  it('has the header offsets the guest and QEMU both use', () => {
    expect([P.PCI_VENDOR_ID, P.PCI_DEVICE_ID, P.PCI_COMMAND, P.PCI_STATUS, P.PCI_REVISION_ID, P.PCI_CLASS_PROG, P.PCI_CLASS_DEVICE, P.PCI_HEADER_TYPE]).toEqual([
      0, 2, 4, 6, 8, 9, 0x0a, 0x0e,
    ]);
    expect([P.PCI_BASE_ADDRESS_0, P.PCI_BASE_ADDRESS_1, P.PCI_BASE_ADDRESS_2, P.PCI_BASE_ADDRESS_3, P.PCI_BASE_ADDRESS_4, P.PCI_BASE_ADDRESS_5]).toEqual([
      0x10, 0x14, 0x18, 0x1c, 0x20, 0x24,
    ]);
    for (let n = 0; n < 6; n++) expect(P.pciBarReg(n)).toBe(0x10 + 4 * n);
    expect([P.PCI_SUBSYSTEM_VENDOR_ID, P.PCI_SUBSYSTEM_ID, P.PCI_CAPABILITY_LIST, P.PCI_INTERRUPT_LINE, P.PCI_INTERRUPT_PIN]).toEqual([0x2c, 0x2e, 0x34, 0x3c, 0x3d]);
    expect([P.PCI_COMMAND_IO, P.PCI_COMMAND_MEMORY, P.PCI_COMMAND_MASTER, P.PCI_COMMAND_INTX_DISABLE]).toEqual([1, 2, 4, 0x400]);
    expect([P.PCI_STATUS_INTERRUPT, P.PCI_STATUS_CAP_LIST]).toEqual([0x08, 0x10]);
    expect([P.PCI_CAP_ID_VNDR, P.PCI_CAP_ID_MSIX, P.PCI_CAP_LIST_ID, P.PCI_CAP_LIST_NEXT]).toEqual([0x09, 0x11, 0, 1]);
  });

  it('has the MSI-X capability and table entry layout (12-byte cap, 16-byte entries)', () => {
    expect([P.PCI_MSIX_FLAGS, P.PCI_MSIX_TABLE, P.PCI_MSIX_PBA, P.PCI_CAP_MSIX_SIZEOF]).toEqual([2, 4, 8, 12]);
    expect([P.PCI_MSIX_FLAGS_QSIZE, P.PCI_MSIX_FLAGS_MASKALL, P.PCI_MSIX_FLAGS_ENABLE]).toEqual([0x7ff, 1 << 14, 1 << 15]);
    expect([P.PCI_MSIX_TABLE_BIR, P.PCI_MSIX_TABLE_OFFSET, P.PCI_MSIX_PBA_BIR, P.PCI_MSIX_PBA_OFFSET]).toEqual([7, 0xfffffff8, 7, 0xfffffff8]);
    expect([P.PCI_MSIX_ENTRY_SIZE, P.PCI_MSIX_ENTRY_LOWER_ADDR, P.PCI_MSIX_ENTRY_UPPER_ADDR, P.PCI_MSIX_ENTRY_DATA, P.PCI_MSIX_ENTRY_VECTOR_CTRL]).toEqual([16, 0, 4, 8, 12]);
    expect(P.PCI_MSIX_ENTRY_CTRL_MASKBIT).toBe(1);
    // Table size N is encoded as N-1 in QSIZE: 2048 vectors at most.
    expect(P.PCI_MSIX_FLAGS_QSIZE + 1).toBe(2048);
  });

  it('has the BAR type bits', () => {
    expect([P.PCI_BASE_ADDRESS_SPACE_IO, P.PCI_BASE_ADDRESS_SPACE_MEMORY, P.PCI_BASE_ADDRESS_MEM_TYPE_64, P.PCI_BASE_ADDRESS_MEM_PREFETCH]).toEqual([1, 0, 4, 8]);
    expect(P.PCI_BASE_ADDRESS_MEM_MASK).toBe(0xfffffff0);
    expect(P.PCI_BASE_ADDRESS_IO_MASK).toBe(0xfffffffc);
  });
});

describe('virtio-pci (virtio_pci.h, spec §4.1, FACTS §4)', () => {
  it('cfg types and the virtio_pci_cap layout (16 bytes; notify cap 20)', () => {
    expect([V.VIRTIO_PCI_CAP_COMMON_CFG, V.VIRTIO_PCI_CAP_NOTIFY_CFG, V.VIRTIO_PCI_CAP_ISR_CFG, V.VIRTIO_PCI_CAP_DEVICE_CFG, V.VIRTIO_PCI_CAP_PCI_CFG, V.VIRTIO_PCI_CAP_SHARED_MEMORY_CFG]).toEqual([1, 2, 3, 4, 5, 8]);
    expect([V.VIRTIO_PCI_CAP_VNDR, V.VIRTIO_PCI_CAP_NEXT, V.VIRTIO_PCI_CAP_LEN, V.VIRTIO_PCI_CAP_CFG_TYPE, V.VIRTIO_PCI_CAP_BAR, V.VIRTIO_PCI_CAP_ID, V.VIRTIO_PCI_CAP_OFFSET, V.VIRTIO_PCI_CAP_LENGTH]).toEqual([0, 1, 2, 3, 4, 5, 8, 12]);
    expect([V.VIRTIO_PCI_CAP_SIZEOF, V.VIRTIO_PCI_NOTIFY_CAP_MULT, V.VIRTIO_PCI_NOTIFY_CAP_SIZEOF, V.VIRTIO_PCI_CAP64_SIZEOF, V.VIRTIO_PCI_CFG_CAP_SIZEOF]).toEqual([16, 16, 20, 24, 20]);
  });

  it('common cfg offsets (FACTS §4.3): status at 20, queue_used_lo at 48, the 1.2 fields at 56/58', () => {
    expect([
      V.VIRTIO_PCI_COMMON_DFSELECT,
      V.VIRTIO_PCI_COMMON_DF,
      V.VIRTIO_PCI_COMMON_GFSELECT,
      V.VIRTIO_PCI_COMMON_GF,
      V.VIRTIO_PCI_COMMON_MSIX,
      V.VIRTIO_PCI_COMMON_NUMQ,
      V.VIRTIO_PCI_COMMON_STATUS,
      V.VIRTIO_PCI_COMMON_CFGGENERATION,
      V.VIRTIO_PCI_COMMON_Q_SELECT,
      V.VIRTIO_PCI_COMMON_Q_SIZE,
      V.VIRTIO_PCI_COMMON_Q_MSIX,
      V.VIRTIO_PCI_COMMON_Q_ENABLE,
      V.VIRTIO_PCI_COMMON_Q_NOFF,
      V.VIRTIO_PCI_COMMON_Q_DESCLO,
      V.VIRTIO_PCI_COMMON_Q_DESCHI,
      V.VIRTIO_PCI_COMMON_Q_AVAILLO,
      V.VIRTIO_PCI_COMMON_Q_AVAILHI,
      V.VIRTIO_PCI_COMMON_Q_USEDLO,
      V.VIRTIO_PCI_COMMON_Q_USEDHI,
      V.VIRTIO_PCI_COMMON_Q_NDATA,
      V.VIRTIO_PCI_COMMON_Q_RESET,
      V.VIRTIO_PCI_COMMON_ADM_Q_IDX,
      V.VIRTIO_PCI_COMMON_ADM_Q_NUM,
    ]).toEqual([0, 4, 8, 12, 16, 18, 20, 21, 22, 24, 26, 28, 30, 32, 36, 40, 44, 48, 52, 56, 58, 60, 62]);
    expect(V.VIRTIO_PCI_COMMON_CFG_SIZEOF).toBe(56);
    expect(V.VIRTIO_PCI_MODERN_COMMON_CFG_SIZEOF).toBe(64);
  });

  it('legacy BAR 0 layout (FACTS §4.7): status at 18, device config at 20 or 24', () => {
    expect([
      V.VIRTIO_PCI_HOST_FEATURES,
      V.VIRTIO_PCI_GUEST_FEATURES,
      V.VIRTIO_PCI_QUEUE_PFN,
      V.VIRTIO_PCI_QUEUE_NUM,
      V.VIRTIO_PCI_QUEUE_SEL,
      V.VIRTIO_PCI_QUEUE_NOTIFY,
      V.VIRTIO_PCI_STATUS,
      V.VIRTIO_PCI_ISR,
      V.VIRTIO_MSI_CONFIG_VECTOR,
      V.VIRTIO_MSI_QUEUE_VECTOR,
    ]).toEqual([0, 4, 8, 12, 14, 16, 18, 19, 20, 22]);
    expect(V.virtioPciConfigOff(false)).toBe(20);
    expect(V.virtioPciConfigOff(true)).toBe(24);
    expect(V.VIRTIO_PCI_QUEUE_ADDR_SHIFT).toBe(12);
    expect(V.VIRTIO_PCI_VRING_ALIGN).toBe(4096);
  });

  it('ISR bits, NO_VECTOR, status bits', () => {
    expect([V.VIRTIO_PCI_ISR_QUEUE, V.VIRTIO_PCI_ISR_CONFIG, V.VIRTIO_MSI_NO_VECTOR]).toEqual([1, 2, 0xffff]);
    expect([V.VIRTIO_CONFIG_S_ACKNOWLEDGE, V.VIRTIO_CONFIG_S_DRIVER, V.VIRTIO_CONFIG_S_DRIVER_OK, V.VIRTIO_CONFIG_S_FEATURES_OK, V.VIRTIO_CONFIG_S_NEEDS_RESET, V.VIRTIO_CONFIG_S_FAILED]).toEqual([
      1, 2, 4, 8, 0x40, 0x80,
    ]);
  });

  it('PCI ids (spec §4.1.2): vendor 0x1af4, net 0x1000 / 0x1041, balloon 0x1002 / 0x1045', () => {
    expect(V.PCI_VENDOR_ID_REDHAT_QUMRANET).toBe(0x1af4);
    expect([V.VIRTIO_ID_NET, V.VIRTIO_ID_BALLOON]).toEqual([1, 5]);
    expect([V.PCI_DEVICE_ID_VIRTIO_NET, V.PCI_DEVICE_ID_VIRTIO_BALLOON]).toEqual([0x1000, 0x1002]);
    expect(V.virtioPciModernDeviceId(V.VIRTIO_ID_NET)).toBe(0x1041);
    expect(V.virtioPciModernDeviceId(V.VIRTIO_ID_BALLOON)).toBe(0x1045);
    expect([V.PCI_CLASS_NETWORK_ETHERNET, V.PCI_CLASS_OTHERS]).toEqual([0x0200, 0xff]);
  });
});

const cc = ['/usr/bin/gcc', '/usr/bin/cc'].find((p) => existsSync(p));
const headers = ['pci_regs.h', 'virtio_pci.h', 'virtio_config.h', 'virtio_ids.h'].map((h) => `/usr/include/linux/${h}`);

describe.runIf(cc && headers.every((h) => existsSync(h)))('compiled against /usr/include/linux/{pci_regs,virtio_pci,virtio_config,virtio_ids}.h', () => {
  // Each line is "NAME value"; the test looks each name up in the two modules.
  const pciNames = Object.keys(P).filter((k) => /^PCI_[A-Z0-9_]+$/.test(k) && !['PCI_NUM_PINS', 'PCI_BAR_UNMAPPED'].includes(k));
  const virtioNames = Object.keys(V).filter((k) => /^VIRTIO_[A-Z0-9_]+$/.test(k) && !k.endsWith('_SIZEOF') && k !== 'VIRTIO_PCI_CAP_ID' && k !== 'VIRTIO_PCI_ISR_QUEUE');
  const guarded = (n: string) => `#ifdef ${n}\n  printf("${n} %lld\\n", (long long)(${n}));\n#else\n  printf("${n} missing\\n");\n#endif\n`;
  const off = (label: string, s: string, f: string) => `  printf("${label} %zu\\n", offsetof(struct ${s}, ${f}));\n`;
  const size = (label: string, s: string) => `  printf("${label} %zu\\n", sizeof(struct ${s}));\n`;

  it('every constant, virtio_pci_cap / notify_cap / common_cfg offsets and sizes agree with the headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pci-abi-'));
    const src = join(dir, 'abi.c');
    let body = '';
    for (const n of [...pciNames, ...virtioNames]) body += guarded(n);
    body += off('VIRTIO_PCI_CAP_ID', 'virtio_pci_cap', 'id');
    body += size('VIRTIO_PCI_CAP_SIZEOF', 'virtio_pci_cap');
    body += size('VIRTIO_PCI_NOTIFY_CAP_SIZEOF', 'virtio_pci_notify_cap');
    body += size('VIRTIO_PCI_CAP64_SIZEOF', 'virtio_pci_cap64');
    body += size('VIRTIO_PCI_CFG_CAP_SIZEOF', 'virtio_pci_cfg_cap');
    body += size('VIRTIO_PCI_COMMON_CFG_SIZEOF', 'virtio_pci_common_cfg');
    body += off('cap.cap_vndr', 'virtio_pci_cap', 'cap_vndr');
    body += off('cap.cap_next', 'virtio_pci_cap', 'cap_next');
    body += off('cap.cap_len', 'virtio_pci_cap', 'cap_len');
    body += off('cap.cfg_type', 'virtio_pci_cap', 'cfg_type');
    body += off('cap.bar', 'virtio_pci_cap', 'bar');
    body += off('cap.offset', 'virtio_pci_cap', 'offset');
    body += off('cap.length', 'virtio_pci_cap', 'length');
    body += off('notify.notify_off_multiplier', 'virtio_pci_notify_cap', 'notify_off_multiplier');
    const common: [string, string][] = [
      ['device_feature_select', 'VIRTIO_PCI_COMMON_DFSELECT'],
      ['device_feature', 'VIRTIO_PCI_COMMON_DF'],
      ['guest_feature_select', 'VIRTIO_PCI_COMMON_GFSELECT'],
      ['guest_feature', 'VIRTIO_PCI_COMMON_GF'],
      ['msix_config', 'VIRTIO_PCI_COMMON_MSIX'],
      ['num_queues', 'VIRTIO_PCI_COMMON_NUMQ'],
      ['device_status', 'VIRTIO_PCI_COMMON_STATUS'],
      ['config_generation', 'VIRTIO_PCI_COMMON_CFGGENERATION'],
      ['queue_select', 'VIRTIO_PCI_COMMON_Q_SELECT'],
      ['queue_size', 'VIRTIO_PCI_COMMON_Q_SIZE'],
      ['queue_msix_vector', 'VIRTIO_PCI_COMMON_Q_MSIX'],
      ['queue_enable', 'VIRTIO_PCI_COMMON_Q_ENABLE'],
      ['queue_notify_off', 'VIRTIO_PCI_COMMON_Q_NOFF'],
      ['queue_desc_lo', 'VIRTIO_PCI_COMMON_Q_DESCLO'],
      ['queue_desc_hi', 'VIRTIO_PCI_COMMON_Q_DESCHI'],
      ['queue_avail_lo', 'VIRTIO_PCI_COMMON_Q_AVAILLO'],
      ['queue_avail_hi', 'VIRTIO_PCI_COMMON_Q_AVAILHI'],
      ['queue_used_lo', 'VIRTIO_PCI_COMMON_Q_USEDLO'],
      ['queue_used_hi', 'VIRTIO_PCI_COMMON_Q_USEDHI'],
    ];
    for (const [f, n] of common) body += off(`common.${n}`, 'virtio_pci_common_cfg', f);
    writeFileSync(
      src,
      `#include <stdio.h>
#include <stddef.h>
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
int main(void) {
  printf("VIRTIO_PCI_CONFIG_OFF0 %d\\n", VIRTIO_PCI_CONFIG_OFF(0));
  printf("VIRTIO_PCI_CONFIG_OFF1 %d\\n", VIRTIO_PCI_CONFIG_OFF(1));
${body}  return 0;
}
`,
    );
    const bin = join(dir, 'abi');
    execFileSync(cc!, ['-O0', '-o', bin, src]);
    const got = new Map<string, string>();
    for (const l of execFileSync(bin, { encoding: 'utf8' }).trim().split('\n')) {
      const [k, v] = l.split(' ');
      got.set(k!, v!);
    }
    const mods = { ...P, ...V } as Record<string, unknown>;
    const seen: string[] = [];
    const missing: string[] = [];
    for (const n of [...pciNames, ...virtioNames]) {
      const v = got.get(n);
      if (v === 'missing') {
        missing.push(n);
        continue;
      }
      // Masks with the high bit set come out of C as unsigned 32-bit or as sign-extended unsigned long; compare the low 32 bits.
      expect([n, Number(BigInt(v!) & 0xffffffffn)]).toEqual([n, (mods[n] as number) >>> 0]);
      seen.push(n);
    }
    // An older header on a build machine may lack what 6.12 added (ADM_Q_*, PCI_HEADER_TYPE_MFD); everything the MSI-X and kick/call walkthroughs use must be there.
    if (process.env.PCI_ABI_DEBUG) console.log({ seen: seen.length, missing });
    expect(missing.filter((n) => !/ADM_Q|Q_NDATA|Q_RESET|SHARED_MEMORY|NEEDS_RESET|HEADER_TYPE_MFD/.test(n))).toEqual([]);
    expect(seen.length).toBeGreaterThan(80);
    for (const n of ['VIRTIO_PCI_CAP_ID', 'VIRTIO_PCI_CAP_SIZEOF', 'VIRTIO_PCI_NOTIFY_CAP_SIZEOF', 'VIRTIO_PCI_CAP64_SIZEOF', 'VIRTIO_PCI_CFG_CAP_SIZEOF', 'VIRTIO_PCI_COMMON_CFG_SIZEOF']) {
      expect([n, Number(got.get(n))]).toEqual([n, mods[n]]);
    }
    expect(Number(got.get('VIRTIO_PCI_CONFIG_OFF0'))).toBe(V.virtioPciConfigOff(false));
    expect(Number(got.get('VIRTIO_PCI_CONFIG_OFF1'))).toBe(V.virtioPciConfigOff(true));
    expect([0, 1, 2, 3, 4, 8, 12].map((_, i) => Number(got.get(['cap.cap_vndr', 'cap.cap_next', 'cap.cap_len', 'cap.cfg_type', 'cap.bar', 'cap.offset', 'cap.length'][i]!)))).toEqual([
      V.VIRTIO_PCI_CAP_VNDR,
      V.VIRTIO_PCI_CAP_NEXT,
      V.VIRTIO_PCI_CAP_LEN,
      V.VIRTIO_PCI_CAP_CFG_TYPE,
      V.VIRTIO_PCI_CAP_BAR,
      V.VIRTIO_PCI_CAP_OFFSET,
      V.VIRTIO_PCI_CAP_LENGTH,
    ]);
    expect(Number(got.get('notify.notify_off_multiplier'))).toBe(V.VIRTIO_PCI_NOTIFY_CAP_MULT);
    for (const [, n] of common) expect([n, Number(got.get(`common.${n}`))]).toEqual([n, mods[n]]);
  });
});
