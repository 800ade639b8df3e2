/** Memory files and the back-end's mmap view of them (SET_MEM_TABLE's translation). */
import { describe, expect, it } from 'vitest';
import { Arena, allocBacking } from '../mem/arena';
import { AddressSpace, EINVAL, MemFd, PAGE_SIZE } from './memfd';

describe('memfd', () => {
  it('two processes mapping the same file reach the same arena bytes', () => {
    const arena = new Arena(allocBacking(0x20000, false));
    const ram = new MemFd('/memfd:pc.ram (deleted)', 0x4000, 0x8000);
    const qemu = new AddressSpace('qemu', 0x7f12_0000_0000);
    const dpdk = new AddressSpace('dpdk', 0x7f40_0000_0000);
    const qva = qemu.mmap(ram, ram.size);
    const dva = dpdk.mmap(ram, ram.size);
    expect(qva).not.toBe(dva);
    const q = qemu.translate(qva + 0x123);
    const d = dpdk.translate(dva + 0x123);
    expect(q).toEqual({ arenaOff: 0x4123 });
    expect(d).toEqual(q);
    arena.w32(0x4123, 0xdeadbeef);
    expect(arena.r32((d as { arenaOff: number }).arenaOff)).toBe(0xdeadbeef);
  });

  it("DPDK's region translation: guest address → mmap_addr + mmap_offset + (gpa - guest_phys_addr)", () => {
    // A region whose user address starts 0x1000 into the file (mmap_offset), as QEMU sends for a RAM block split.
    const ram = new MemFd('/dev/hugepages/qemu_back_mem.pc.ram', 0, 0x20000);
    const be = new AddressSpace('dpdk');
    const guestPhys = 0x10_0000;
    const mmapOffset = 0x1000;
    const regionSize = 0x8000;
    const mmapAddr = be.mmap(ram, regionSize + mmapOffset, 0); // vhost_user_mmap_region maps from file offset 0
    const hostUserAddr = mmapAddr + mmapOffset;
    const gpa = guestPhys + 0x2345;
    expect(be.translate(hostUserAddr + (gpa - guestPhys))).toEqual({ arenaOff: mmapOffset + 0x2345 });
  });

  it('mmap rounds to pages, rejects unaligned offsets and zero length; faults are SIGSEGV / SIGBUS', () => {
    const f = new MemFd('f', 0, PAGE_SIZE + 10);
    const as = new AddressSpace('p', 0x1000_0000);
    expect(as.mmap(f, 0)).toBe(EINVAL);
    expect(as.mmap(f, 100, 123)).toBe(EINVAL);
    const va = as.mmap(f, 3 * PAGE_SIZE);
    expect(as.find(va)!.length).toBe(3 * PAGE_SIZE);
    expect(as.translate(va + PAGE_SIZE + 9)).toEqual({ arenaOff: PAGE_SIZE + 9 });
    // Mapped, but past the end of the file.
    expect(as.translate(va + PAGE_SIZE + 10)).toEqual({ fault: 'SIGBUS' });
    expect(as.translate(va + 3 * PAGE_SIZE)).toEqual({ fault: 'SIGSEGV' });
    // A mapping at an offset.
    const va2 = as.mmap(f, PAGE_SIZE, PAGE_SIZE);
    expect(as.translate(va2 + 4)).toEqual({ arenaOff: PAGE_SIZE + 4 });
    expect(as.munmap(va)).toBe(0);
    expect(as.translate(va)).toEqual({ fault: 'SIGSEGV' });
    expect(as.munmap(va)).toBe(EINVAL);
  });
});
