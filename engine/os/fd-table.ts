/**
 * Per-process file descriptor tables. A number means something only inside
 * its process: QEMU's kick eventfd may be fd 30 in QEMU and fd 48 in a
 * vhost-user back-end that received it over SCM_RIGHTS.
 */

/** An object a descriptor can refer to. */
export interface FileObject {
  /** In English, for the command line. */
  label: string;
  /** What it is, as an id the page translates (content/labels.ts). */
  role: FdRole;
  /** The virtqueue an eventfd serves. */
  queue?: number;
}

/** The kinds of file the scenarios open. */
export type FdRole = 'tap' | 'vhost-net' | 'kick' | 'call' | 'masked-call' | 'unix-socket' | 'memfd';

/** One simulated process (or kernel thread group) with its own fd table. */
export class Process {
  private readonly fds = new Map<number, FileObject>();

  constructor(
    readonly pid: number,
    readonly name: string,
    /** Lowest number handed out; Linux starts at 0 but 0-2 are stdio, and a busy QEMU is well past them. */
    private readonly firstFd = 3,
  ) {}

  /** Install `obj` at the lowest free number (as the kernel's get_unused_fd_flags does). */
  install(obj: FileObject): number {
    let fd = this.firstFd;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, obj);
    return fd;
  }

  /** The object behind `fd`, or undefined (EBADF). */
  get(fd: number): FileObject | undefined {
    return this.fds.get(fd);
  }

  /** close(2). Returns false for a number that is not open (EBADF). */
  close(fd: number): boolean {
    return this.fds.delete(fd);
  }

  /** Open descriptors, lowest first. */
  entries(): Array<[number, FileObject]> {
    return [...this.fds.entries()].sort((a, b) => a[0] - b[0]);
  }
}
