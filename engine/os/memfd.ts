/**
 * A memory file (memfd_create(2), or a hugetlbfs file) whose pages are a
 * range of the arena, and a process's mmap view of such files.
 *
 * QEMU backs guest RAM with one (memory-backend-memfd, or a file on
 * hugetlbfs with share=on) and passes its fd in VHOST_USER_SET_MEM_TABLE, one
 * fd per region. The back-end maps each file and translates guest-physical
 * addresses through its own mapping: DPDK 22.11's vhost_user_mmap_region
 * (lib/vhost/vhost_user.c) maps `region size + mmap_offset`, rounded up to
 * the hugepage size, at file offset 0 with MAP_SHARED, and sets
 * host_user_addr = mmap_addr + mmap_offset. Both processes then see the same
 * bytes, which here are the same arena bytes.
 */
import type { FdRole, FileObject } from './fd-table';

/** PAGE_SIZE on x86-64: an mmap offset must be a multiple of it (else EINVAL). */
export const PAGE_SIZE = 4096;
/** errno EINVAL, negated as the kernel returns it. */
export const EINVAL = -22;
/** errno ENOMEM: no room left in the address space's mmap area. */
export const ENOMEM = -12;

/** The file-table role of a memory file (not yet one of fd-table's FdRole ids; the integrator adds it with its label). */
export const MEMFD_ROLE: FdRole = 'memfd';

/** One memory file: `size` bytes backed by the arena at `arenaOff` (a struct file on a shmem/hugetlbfs inode). */
export class MemFd implements FileObject {
  readonly role: FdRole = MEMFD_ROLE;
  constructor(
    /** As /proc/<pid>/fd shows it, e.g. "/memfd:pc.ram (deleted)". */
    readonly label: string,
    /** Where the file's byte 0 lives in the arena. */
    readonly arenaOff: number,
    /** The file's size (ftruncate'd length): pages past it fault with SIGBUS. */
    readonly size: number,
  ) {}
}

/** One mmap'd range of a memory file in a process. */
export interface Mapping {
  /** First user virtual address. */
  va: number;
  /** Length in bytes (page-rounded). */
  length: number;
  file: MemFd;
  /** File offset mapped at `va`. */
  offset: number;
}

/** Result of translating a user address: the arena byte, or the signal the access would raise. */
export type Translation = { arenaOff: number } | { fault: 'SIGSEGV' | 'SIGBUS' };

/**
 * A process's mmap area for memory files. Addresses are handed out upward
 * from `base` (page aligned); Linux picks them top-down, but the back-end
 * only needs them to be distinct and stable.
 */
export class AddressSpace {
  private readonly maps: Mapping[] = [];
  private next: number;

  constructor(
    readonly name: string,
    /** Lowest address handed out; the default looks like an x86-64 mmap area. */
    base = 0x7f00_0000_0000,
    /** One past the highest address. */
    private readonly limit = 0x7fff_0000_0000,
  ) {
    this.next = base;
  }

  /**
   * mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, offset): the
   * address, or -EINVAL for a zero length or an unaligned offset. Mapping
   * past the end of the file succeeds, as in Linux; touching those pages is
   * SIGBUS (see translate).
   */
  mmap(file: MemFd, length: number, offset = 0): number {
    if (length <= 0 || offset < 0 || offset % PAGE_SIZE !== 0) return EINVAL;
    const len = Math.ceil(length / PAGE_SIZE) * PAGE_SIZE;
    if (this.next + len > this.limit) return ENOMEM;
    const va = this.next;
    this.next += len;
    this.maps.push({ va, length: len, file, offset });
    return va;
  }

  /** munmap(2) of a whole mapping made by mmap; returns 0, or -EINVAL when `va` starts none. */
  munmap(va: number): number {
    const i = this.maps.findIndex((m) => m.va === va);
    if (i < 0) return EINVAL;
    this.maps.splice(i, 1);
    return 0;
  }

  /** The mapping containing `va`, if any. */
  find(va: number): Mapping | undefined {
    return this.maps.find((m) => va >= m.va && va < m.va + m.length);
  }

  /** A load or store at `va`: the arena byte it reaches, SIGSEGV when unmapped, SIGBUS past the file's end. */
  translate(va: number): Translation {
    const m = this.find(va);
    if (!m) return { fault: 'SIGSEGV' };
    const fileOff = m.offset + (va - m.va);
    if (fileOff >= m.file.size) return { fault: 'SIGBUS' };
    return { arenaOff: m.file.arenaOff + fileOff };
  }

  /** The mappings, lowest address first (what /proc/<pid>/maps lists). */
  mappings(): readonly Mapping[] {
    return this.maps;
  }
}
