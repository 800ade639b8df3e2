/** The x86 MSI format (FACTS §5.2) and KVM's decode of it. */
import { describe, expect, it } from 'vitest';
import { MSI_ADDR_BASE_LO, MSI_DATA_DELIVERY_FIXED, MSI_DATA_DELIVERY_LOWPRI, isMsiAddress, msiDecode, msiEncode, type X86Msi } from './msi';

const fixed = (destId: number, vector: number): X86Msi => ({ destId, destLogical: false, redirHint: false, vector, deliveryMode: MSI_DATA_DELIVERY_FIXED, level: false, triggerLevel: false });

describe('x86 MSI message', () => {
  it('encodes physical fixed delivery as 0xfee00000 | apic_id << 12 and data = vector', () => {
    expect(msiEncode(fixed(0, 0x22))).toEqual({ addressLo: 0xfee00000, addressHi: 0, data: 0x22 });
    expect(msiEncode(fixed(3, 0x41))).toEqual({ addressLo: 0xfee03000, addressHi: 0, data: 0x41 });
    expect(MSI_ADDR_BASE_LO).toBe(0xfee00000);
  });

  it('puts dest mode in bit 2, redirection hint in bit 3, delivery mode in data 10:8, level 14, trigger 15', () => {
    const m = msiEncode({ destId: 0xff, destLogical: true, redirHint: true, vector: 0xef, deliveryMode: MSI_DATA_DELIVERY_LOWPRI, level: true, triggerLevel: true });
    expect(m.addressLo).toBe((0xfee00000 | (0xff << 12) | 4 | 8) >>> 0);
    expect(m.data).toBe(0xef | (1 << 8) | (1 << 14) | (1 << 15));
  });

  it('decodes what it encodes, field by field', () => {
    for (const m of [
      fixed(0, 16),
      fixed(255, 255),
      { destId: 7, destLogical: true, redirHint: false, vector: 0x30, deliveryMode: 4, level: true, triggerLevel: false },
      { destId: 1, destLogical: false, redirHint: true, vector: 0x99, deliveryMode: 7, level: false, triggerLevel: true },
    ]) {
      expect(msiDecode(msiEncode(m))).toEqual(m);
    }
  });

  it('takes destination bits 31:8 from address_hi only in x2APIC format, as x86_msi_msg_get_destid does', () => {
    const m = fixed(0x1234, 0x50);
    const x2 = msiEncode(m, true);
    expect(x2).toEqual({ addressLo: (0xfee00000 | (0x34 << 12)) >>> 0, addressHi: 0x1200, data: 0x50 });
    expect(msiDecode(x2, true).destId).toBe(0x1234);
    // Without the format flag KVM ignores address_hi, and the classic 8 bits remain.
    expect(msiDecode(x2, false).destId).toBe(0x34);
    // The extended-ID bits 11:5 are not KVM's: QEMU moves them to address_hi first.
    expect(msiDecode({ addressLo: 0xfee00000 | (0x7f << 5), addressHi: 0, data: 0 }).destId).toBe(0);
  });

  it('recognises the LAPIC window', () => {
    expect(isMsiAddress(0xfee00000)).toBe(true);
    expect(isMsiAddress(0xfeeff00c)).toBe(true);
    expect(isMsiAddress(0xfed00000)).toBe(false);
    expect(isMsiAddress(0)).toBe(false);
  });
});
