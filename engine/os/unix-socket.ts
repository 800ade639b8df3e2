/**
 * AF_UNIX SOCK_STREAM sockets between simulated processes, with SCM_RIGHTS
 * descriptor passing (Linux 6.12 net/unix/af_unix.c, net/core/scm.c): the
 * vhost-user control channel. QEMU is the front-end (usually the client,
 * chardev socket,path=…), DPDK / OVS-DPDK the back-end (usually the server:
 * lib/vhost/socket.c binds, listen()s with MAX_VIRTIO_BACKLOG 128, accepts
 * from its vhost-events thread, fd_man.c's fdset_event_dispatch poll loop).
 *
 * Where the state lives (step mode seeks by replaying arena writes):
 * - every socket's state, its receive queue (bytes, message boundaries, the
 *   ids of the files in flight) and the files' reference counts are arena
 *   words, written through the Arena's logged accessors, so undo/redo restores
 *   them and two runs can be compared byte for byte (`region`, `describe`);
 * - sockets come from a pool laid out at build time; a socket is a pool index;
 * - JS state: the path names (interned, append-only: a path's id depends only
 *   on the order of first use), the registry of file objects (append-only:
 *   a file's id depends only on the order it first crossed a socket or was
 *   created here), the pollers' registrations (made at set-up), and the
 *   processes' fd tables (fd-table.ts, JS as before). A scenario that seeks
 *   must therefore make its socket calls in a fixed order from a fixed
 *   set-up, so that re-running to any step rebuilds the same ids; the
 *   arena then holds everything that changes between steps except the fd
 *   tables, which the scenario snapshots per step as it does for QEMU's.
 *
 * How a scenario uses it: make one UnixSockets over the host's arena section
 * at build time, and its Pollers; install eventfds as EventFdFile objects
 * (a FileObject with its `efd`) so a received descriptor leads to the same
 * EventFd; close sockets and passed files with `close` here (it keeps the
 * reference counts), not Process.close; block with recvmsgWait /
 * acceptWait / Poller.wait, which yield ctx.wait on arena slots (wait ids
 * 'unix_socket' and 'poll', for content/labels.ts).
 *
 * The readers' side in vhost-user: DPDK's read_fd_message (lib/vhost/socket.c)
 * reads the 12-byte header with a control buffer of
 * CMSG_SPACE(VHOST_MEMORY_MAX_NREGIONS * sizeof(int)), 8 descriptors, so the
 * message's fds come with that first read, then reads the payload with
 * read(); on MSG_CTRUNC 22.11 only logs "truncated control data", while
 * 19.11 (lib/librte_vhost/socket.c) treated MSG_TRUNC | MSG_CTRUNC as a
 * failed read. QEMU 7.2's libvhost-user uses the same 8-fd buffer
 * (VHOST_MEMORY_BASELINE_NREGIONS); QEMU's own channel (io/channel-socket.c)
 * takes up to SOCKET_MAX_FDS 16.
 *
 * Simplifications (documented, never reached by vhost-user's message sizes):
 * a send is one skb and all-or-nothing: when the receive queue has no room
 * it fails with -EAGAIN (Linux would block, or send part with MSG_DONTWAIT);
 * no MSG_PEEK, no credentials (SO_PASSCRED), no abstract names, no
 * garbage collection of in-flight cycles.
 */
import type { Arena, ArenaLayout } from '../mem/arena';
import type { ActorContext, Gen } from '../sched/actor';
import type { EventFd } from './eventfd';
import type { FdRole, FileObject, Process } from './fd-table';

// ---- ABI numbers (x86-64 Linux; include/linux/socket.h, include/uapi/asm-generic/errno*.h, include/net/scm.h)

/** Address family of these sockets. */
export const AF_UNIX = 1;
/** Socket type: a byte stream. */
export const SOCK_STREAM = 1;
/** cmsg_type of a control message carrying descriptors. */
export const SCM_RIGHTS = 1;
/** Most descriptors one message may carry (include/net/scm.h); more is -EINVAL. vhost-user sends at most 8 (VHOST_MEMORY_BASELINE_NREGIONS). */
export const SCM_MAX_FD = 253;
/** msg_flags: the control buffer was too small; the descriptors that did not fit were closed. */
export const MSG_CTRUNC = 0x8;
/** send flag: no SIGPIPE on a broken connection (DPDK's send_fd_message passes it). */
export const MSG_NOSIGNAL = 0x4000;
/** sizeof(struct cmsghdr) on x86-64. */
export const CMSGHDR_SIZE = 16;
/** CMSG_SPACE(len): a control buffer holding one cmsg of `len` data bytes. */
export function CMSG_SPACE(len: number): number {
  return CMSGHDR_SIZE + Math.ceil(len / 8) * 8;
}

/** errno values, negated as the syscalls return them. */
export const ENOENT = -2;
export const EBADF = -9;
export const EAGAIN = -11;
export const ENOMEM = -12;
export const EINVAL = -22;
export const EPIPE = -32;
export const ENOTSOCK = -88;
export const EADDRINUSE = -98;
export const ECONNRESET = -104;
export const EISCONN = -106;
export const ENOTCONN = -107;
export const ECONNREFUSED = -111;

/** poll(2) bits (include/uapi/asm-generic/poll.h). */
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLRDHUP = 0x2000;

/** sk_state values (include/net/tcp_states.h); 0 marks a free pool entry. */
export const TCP_ESTABLISHED = 1;
export const TCP_CLOSE = 7;
export const TCP_LISTEN = 10;
/** sk_shutdown bits. */
export const RCV_SHUTDOWN = 1;
export const SEND_SHUTDOWN = 2;
const SHUTDOWN_MASK = 3;

/** The file-table role of a socket (not yet one of fd-table's FdRole ids; the integrator adds it with its label). */
export const UNIX_SOCKET_ROLE: FdRole = 'unix-socket';

// ---- struct unix_sock, as Int32 words at the head of each pool entry
const W_STATE = 0;
const W_SHUT = 1;
/** Peer's pool index + 1 (0: none). */
const W_PEER = 2;
/** Pending sk_err (positive errno), reported once. */
const W_ERR = 3;
/** Readiness sequence: bumped on every change that may make the socket readable; readers wait on it. */
const W_SEQ = 4;
/** Byte ring: total bytes consumed / queued (wrapping u32 counters). */
const W_DHEAD = 5;
const W_DTAIL = 6;
/** skb ring: records consumed / queued. */
const W_SHEAD = 7;
const W_STAIL = 8;
/** In-flight file ring: ids consumed / queued. */
const W_FHEAD = 9;
const W_FTAIL = 10;
const W_BACKLOG = 11;
/** Bound path id + 1. */
const W_PATH = 12;
const HDR_WORDS = 16;
// ---- one skb record: the bytes it holds, how many were read, its files (unix_skb_parms' fp, consumed)
const S_LEN = 0;
const S_CONSUMED = 1;
const S_NFDS = 2;
/** For a listener: the embryo socket (pool index + 1) a connect() queued, as Linux queues it in an skb. */
const S_EMBRYO = 3;
const SKB_WORDS = 4;

/** Pool sizes; the defaults fit a vhost-user front-end and back-end with a reconnect or two. */
export interface UnixSocketSizes {
  /** Sockets in the pool (listeners, connected ends and not-yet-accepted embryos). */
  sockets?: number;
  /** Receive-queue bytes per socket (rounded up to a power of two). */
  bufBytes?: number;
  /** Queued messages per socket. */
  skbs?: number;
  /** In-flight descriptors per socket. */
  inflightFds?: number;
  /** Distinct files that may cross sockets or be sockets. */
  files?: number;
  /** Path names. */
  paths?: number;
  /** Pollers (poll/epoll sets). */
  pollers?: number;
}

/** A socket's struct file: the object a descriptor names. */
export class UnixSocketFile implements FileObject {
  readonly role: FdRole = UNIX_SOCKET_ROLE;
  constructor(
    readonly label: string,
    readonly net: UnixSockets,
    /** Pool index of its sock. */
    readonly sock: number,
  ) {}
}

/** An eventfd's struct file, so that a received descriptor leads to the very EventFd the sender has. */
export interface EventFdFile extends FileObject {
  efd: EventFd;
}

/** What recvmsg returns. */
export interface RecvResult {
  /** Bytes read (0: the peer closed), or a negated errno. */
  ret: number;
  bytes: Uint8Array;
  /** Descriptors installed in the receiver's table, in the order sent. */
  fds: number[];
  /** MSG_CTRUNC when descriptors were dropped. */
  flags: number;
}

/** One ready descriptor of a poll. */
export interface PollReady {
  proc: Process;
  fd: number;
  revents: number;
}

/** A socket's state as plain data (for comparisons and the page). */
export interface SockView {
  state: number;
  shutdown: number;
  peer: number | null;
  err: number;
  queued: Uint8Array;
  skbs: Array<{ len: number; consumed: number; files: string[]; embryo: number | null }>;
}

/**
 * The AF_UNIX family of one host: a pool of sockets in the arena and the
 * syscalls on them. Every method is guest-unreachable host code but still
 * never throws on bad input: it returns a negated errno as the syscall would.
 */
export class UnixSockets {
  /** The arena span all socket state lives in. */
  readonly region: { off: number; len: number };
  private readonly n: number;
  private readonly bufBytes: number;
  private readonly nSkbs: number;
  private readonly nInflight: number;
  private readonly nFiles: number;
  private readonly nPaths: number;
  private readonly sockBytes: number;
  private readonly sockBase: number;
  private readonly refBase: number;
  private readonly pathBase: number;
  private readonly pollerBase: number;
  private readonly nPollers: number;
  private pollersMade = 0;
  private readonly files: FileObject[] = [];
  private readonly fileIds = new Map<FileObject, number>();
  private readonly pathIds = new Map<string, number>();
  private readonly watchers = new Map<number, Poller[]>();
  /** Whether the last failed send would have raised SIGPIPE (no MSG_NOSIGNAL; QEMU ignores the signal, os-posix.c). */
  lastSigpipe = false;

  constructor(
    readonly arena: Arena,
    layout: ArenaLayout,
    sizes: UnixSocketSizes = {},
  ) {
    this.n = sizes.sockets ?? 8;
    // A power of two, so the wrapping u32 head/tail counters index the ring consistently.
    this.bufBytes = 1 << Math.ceil(Math.log2(Math.max(16, sizes.bufBytes ?? 4096)));
    this.nSkbs = sizes.skbs ?? 32;
    this.nInflight = sizes.inflightFds ?? 256;
    this.nFiles = sizes.files ?? 128;
    this.nPaths = sizes.paths ?? 8;
    this.nPollers = sizes.pollers ?? 4;
    this.sockBytes = (HDR_WORDS + this.nSkbs * SKB_WORDS + this.nInflight) * 4 + Math.ceil(this.bufBytes / 4) * 4;
    const len = this.n * this.sockBytes + (this.nFiles + this.nPaths + this.nPollers) * 4;
    const off = layout.take(len, 4);
    this.region = { off, len };
    this.sockBase = off;
    this.refBase = off + this.n * this.sockBytes;
    this.pathBase = this.refBase + this.nFiles * 4;
    this.pollerBase = this.pathBase + this.nPaths * 4;
  }

  // ---- arena accessors

  private w(s: number, word: number): number {
    return (this.sockBase + s * this.sockBytes) / 4 + word;
  }
  private get(s: number, word: number): number {
    return this.arena.aLoad(this.w(s, word));
  }
  private set(s: number, word: number, v: number): void {
    this.arena.aStore(this.w(s, word), v);
  }
  private skbWord(s: number, i: number, word: number): number {
    return this.w(s, HDR_WORDS + (i % this.nSkbs) * SKB_WORDS + word);
  }
  private fdWord(s: number, i: number): number {
    return this.w(s, HDR_WORDS + this.nSkbs * SKB_WORDS + (i % this.nInflight));
  }
  private bufOff(s: number): number {
    return this.sockBase + s * this.sockBytes + (HDR_WORDS + this.nSkbs * SKB_WORDS + this.nInflight) * 4;
  }
  private refSlot(id: number): number {
    return this.refBase / 4 + id;
  }

  /** The Int32 slot a reader of socket `s` waits on (ctx.wait(slot, seq, 'unix_socket')). */
  seqSlot(s: number): number {
    return this.w(s, W_SEQ);
  }

  /** Wake whoever waits for `s` to change: blocked readers and the pollers watching it (sk_data_ready / sk_state_change). */
  private wake(s: number): void {
    const slot = this.seqSlot(s);
    this.arena.aAdd(slot, 1);
    this.arena.aNotify(slot);
    for (const p of this.watchers.get(s) ?? []) p.kick();
  }

  // ---- files and their reference counts

  /** The registry id of `f` (assigned on first use), or -1 when the registry is full. */
  private fileId(f: FileObject): number {
    let id = this.fileIds.get(f);
    if (id !== undefined) return id;
    if (this.files.length >= this.nFiles) return -1;
    id = this.files.length;
    this.files.push(f);
    this.fileIds.set(f, id);
    return id;
  }

  /** References to `f` this family knows of: fd-table entries it made plus messages in flight. */
  refs(f: FileObject): number {
    const id = this.fileIds.get(f);
    return id === undefined ? 0 : this.arena.aLoad(this.refSlot(id));
  }

  private ref(id: number, d: number): void {
    const left = this.arena.aAdd(this.refSlot(id), d) + d;
    if (left <= 0) {
      const f = this.files[id];
      if (f instanceof UnixSocketFile && f.net === this) this.release(f.sock, false);
    }
  }

  /** Install `f` in `proc` at its lowest free number, counting the reference. */
  private installFile(proc: Process, f: FileObject): number {
    const id = this.fileId(f);
    if (id < 0) return ENOMEM;
    const fd = proc.install(f);
    this.ref(id, 1);
    return fd;
  }

  /** Make sure a file in some table (installed by other code) counts that table's reference before it travels. */
  private adopt(f: FileObject): number {
    const known = this.fileIds.has(f);
    const id = this.fileId(f);
    if (id >= 0 && !known) this.arena.aStore(this.refSlot(id), 1);
    return id;
  }

  private sockOf(proc: Process, fd: number): number {
    const f = proc.get(fd);
    if (!f) return EBADF;
    if (!(f instanceof UnixSocketFile) || f.net !== this) return ENOTSOCK;
    return f.sock;
  }

  private allocSock(state: number): number {
    for (let s = 0; s < this.n; s++) {
      if (this.get(s, W_STATE) === 0) {
        // Keep the readiness sequence: a waiter from the previous life must see a change, never a reset.
        for (let w = 0; w < HDR_WORDS; w++) if (w !== W_SEQ) this.set(s, w, 0);
        this.set(s, W_STATE, state);
        return s;
      }
    }
    return -1;
  }

  private newFile(s: number): UnixSocketFile {
    // A socket's /proc/<pid>/fd link reads socket:[inode]; the inode here is made from the registry id.
    return new UnixSocketFile(`socket:[${40000 + this.files.length}]`, this, s);
  }

  private pathId(path: string, create: boolean): number {
    let id = this.pathIds.get(path);
    if (id === undefined && create && this.pathIds.size < this.nPaths) {
      id = this.pathIds.size;
      this.pathIds.set(path, id);
    }
    return id ?? -1;
  }

  // ---- syscalls

  /** socket(AF_UNIX, SOCK_STREAM, 0): a new unconnected socket at the lowest free descriptor. */
  socket(proc: Process): number {
    const s = this.allocSock(TCP_CLOSE);
    if (s < 0) return ENOMEM;
    return this.installFile(proc, this.newFile(s));
  }

  /** socketpair(AF_UNIX, SOCK_STREAM): two connected sockets (what QEMU passes in SET_BACKEND_REQ_FD). */
  socketpair(proc: Process): [number, number] | number {
    const a = this.allocSock(TCP_ESTABLISHED);
    if (a < 0) return ENOMEM;
    const b = this.allocSock(TCP_ESTABLISHED);
    if (b < 0) {
      this.set(a, W_STATE, 0);
      return ENOMEM;
    }
    this.set(a, W_PEER, b + 1);
    this.set(b, W_PEER, a + 1);
    return [this.installFile(proc, this.newFile(a)), this.installFile(proc, this.newFile(b))];
  }

  /** bind(2) to a filesystem path: -EADDRINUSE while the path exists (even after its socket closed, until unlink). */
  bind(proc: Process, fd: number, path: string): number {
    const s = this.sockOf(proc, fd);
    if (s < 0) return s;
    if (this.get(s, W_STATE) !== TCP_CLOSE || this.get(s, W_PATH) !== 0) return EINVAL;
    const id = this.pathId(path, true);
    if (id < 0) return ENOMEM;
    if (this.arena.aLoad(this.pathBase / 4 + id) !== 0) return EADDRINUSE;
    this.arena.aStore(this.pathBase / 4 + id, s + 1);
    this.set(s, W_PATH, id + 1);
    return 0;
  }

  /** unlink(2) of a socket path: new connects get -ENOENT; accepted and queued connections are unaffected. */
  unlink(path: string): number {
    const id = this.pathId(path, false);
    if (id < 0 || this.arena.aLoad(this.pathBase / 4 + id) === 0) return ENOENT;
    this.arena.aStore(this.pathBase / 4 + id, 0);
    return 0;
  }

  /** listen(2): a bound socket starts queueing connections (-EINVAL unless bound; unix_listen). */
  listen(proc: Process, fd: number, backlog: number): number {
    const s = this.sockOf(proc, fd);
    if (s < 0) return s;
    const st = this.get(s, W_STATE);
    if (this.get(s, W_PATH) === 0 || (st !== TCP_CLOSE && st !== TCP_LISTEN)) return EINVAL;
    this.set(s, W_BACKLOG, Math.max(0, backlog | 0));
    this.set(s, W_STATE, TCP_LISTEN);
    return 0;
  }

  /**
   * connect(2) to a path (unix_stream_connect): creates the server-side
   * socket at once (the embryo) and queues it on the listener, which
   * becomes readable; the client is connected before accept() runs. Errors:
   * -ENOENT no such path, -ECONNREFUSED nobody listening there, -EAGAIN the
   * backlog is full (non-blocking), -EISCONN already connected.
   */
  connect(proc: Process, fd: number, path: string): number {
    const s = this.sockOf(proc, fd);
    if (s < 0) return s;
    const st = this.get(s, W_STATE);
    if (st === TCP_ESTABLISHED) return EISCONN;
    if (st !== TCP_CLOSE) return EINVAL;
    const id = this.pathId(path, false);
    const target = id < 0 ? 0 : this.arena.aLoad(this.pathBase / 4 + id);
    if (target === 0) return ENOENT;
    const l = target - 1;
    if (target < 0 || this.get(l, W_STATE) !== TCP_LISTEN) return ECONNREFUSED;
    // unix_recvq_full: more than sk_max_ack_backlog connections waiting.
    const waiting = (this.get(l, W_STAIL) - this.get(l, W_SHEAD)) | 0;
    if (waiting > this.get(l, W_BACKLOG) || waiting >= this.nSkbs) return EAGAIN;
    const e = this.allocSock(TCP_ESTABLISHED);
    if (e < 0) return ENOMEM;
    this.set(e, W_PEER, s + 1);
    this.set(s, W_PEER, e + 1);
    this.set(s, W_STATE, TCP_ESTABLISHED);
    const t = this.get(l, W_STAIL);
    this.arena.aStore(this.skbWord(l, t, S_LEN), 0);
    this.arena.aStore(this.skbWord(l, t, S_CONSUMED), 0);
    this.arena.aStore(this.skbWord(l, t, S_NFDS), 0);
    this.arena.aStore(this.skbWord(l, t, S_EMBRYO), e + 1);
    this.set(l, W_STAIL, t + 1);
    this.wake(l);
    return 0;
  }

  /** accept(2), non-blocking: the oldest queued connection as a new descriptor in `proc`, or -EAGAIN. */
  accept(proc: Process, fd: number): number {
    const l = this.sockOf(proc, fd);
    if (l < 0) return l;
    if (this.get(l, W_STATE) !== TCP_LISTEN) return EINVAL;
    const h = this.get(l, W_SHEAD);
    if (h === this.get(l, W_STAIL)) return EAGAIN;
    const e = this.arena.aLoad(this.skbWord(l, h, S_EMBRYO)) - 1;
    this.set(l, W_SHEAD, h + 1);
    return this.installFile(proc, this.newFile(e));
  }

  /**
   * sendmsg(2) of `data` with SCM_RIGHTS `fds` (descriptors in the sender's
   * table), as unix_stream_sendmsg: the files ride on the message's first
   * (here: only) skb. Returns the bytes sent or a negated errno: -EBADF for
   * a bad descriptor in the list, -EINVAL for more than SCM_MAX_FD, -ENOTCONN
   * when not connected, -EPIPE once the peer has closed (SIGPIPE unless
   * MSG_NOSIGNAL, see lastSigpipe), -EAGAIN when the peer's queue is full.
   * Zero bytes send nothing, not even the descriptors, as in Linux.
   */
  sendmsg(proc: Process, fd: number, data: Uint8Array, fds: readonly number[] = [], flags = 0): number {
    this.lastSigpipe = false;
    const s = this.sockOf(proc, fd);
    if (s < 0) return s;
    if (fds.length > SCM_MAX_FD) return EINVAL;
    const files: FileObject[] = [];
    for (const n of fds) {
      const f = proc.get(n);
      if (!f) return EBADF;
      files.push(f);
    }
    if (this.get(s, W_STATE) !== TCP_ESTABLISHED) return ENOTCONN;
    if (this.get(s, W_SHUT) & SEND_SHUTDOWN) return this.pipe(flags);
    const err = this.get(s, W_ERR);
    if (err) {
      this.set(s, W_ERR, 0);
      return -err;
    }
    const p = this.get(s, W_PEER) - 1;
    if (p < 0 || this.get(p, W_STATE) === 0 || this.get(p, W_SHUT) & RCV_SHUTDOWN) return this.pipe(flags);
    if (data.length === 0) return 0;
    const used = (this.get(p, W_DTAIL) - this.get(p, W_DHEAD)) >>> 0;
    const skbs = (this.get(p, W_STAIL) - this.get(p, W_SHEAD)) | 0;
    const inflight = (this.get(p, W_FTAIL) - this.get(p, W_FHEAD)) | 0;
    if (used + data.length > this.bufBytes || skbs >= this.nSkbs || inflight + files.length > this.nInflight) return EAGAIN;
    const ids = files.map((f) => this.adopt(f));
    if (ids.some((id) => id < 0)) return ENOMEM;
    // The bytes, wrapping around the ring.
    const tail = this.get(p, W_DTAIL) >>> 0;
    const at = tail % this.bufBytes;
    const first = Math.min(data.length, this.bufBytes - at);
    this.arena.writeBytes(this.bufOff(p) + at, data.subarray(0, first));
    if (first < data.length) this.arena.writeBytes(this.bufOff(p), data.subarray(first));
    this.set(p, W_DTAIL, (tail + data.length) | 0);
    // The files: each in-flight copy holds a reference, as the skb's scm_fp_list does.
    const ft = this.get(p, W_FTAIL);
    ids.forEach((id, i) => {
      this.arena.aStore(this.fdWord(p, ft + i), id);
      this.ref(id, 1);
    });
    this.set(p, W_FTAIL, ft + ids.length);
    const t = this.get(p, W_STAIL);
    this.arena.aStore(this.skbWord(p, t, S_LEN), data.length);
    this.arena.aStore(this.skbWord(p, t, S_CONSUMED), 0);
    this.arena.aStore(this.skbWord(p, t, S_NFDS), ids.length);
    this.arena.aStore(this.skbWord(p, t, S_EMBRYO), 0);
    this.set(p, W_STAIL, t + 1);
    this.wake(p);
    return data.length;
  }

  private pipe(flags: number): number {
    this.lastSigpipe = (flags & MSG_NOSIGNAL) === 0;
    return EPIPE;
  }

  /**
   * recvmsg(2), non-blocking, with a control buffer of `controllen` bytes
   * (CMSG_SPACE(n * 4) holds n descriptors), as unix_stream_read_generic and
   * scm_detach_fds do it:
   * - bytes of several sends are joined up to `maxBytes`, but a read stops
   *   after the skb whose files it took, and a part-read skb ends the read;
   * - a message's files come with the read that takes its first byte, and
   *   are installed at the receiver's lowest free numbers, the same files;
   * - files beyond the control buffer are closed and MSG_CTRUNC is set;
   * - empty queue: a pending -ECONNRESET once, then 0 if the peer closed
   *   (end of file), else -EAGAIN (wait on seqSlot and retry).
   */
  recvmsg(proc: Process, fd: number, maxBytes: number, controllen = 0): RecvResult {
    const out: RecvResult = { ret: 0, bytes: new Uint8Array(0), fds: [], flags: 0 };
    const s = this.sockOf(proc, fd);
    if (s < 0) return { ...out, ret: s };
    if (this.get(s, W_STATE) !== TCP_ESTABLISHED) return { ...out, ret: EINVAL };
    const chunks: Uint8Array[] = [];
    let copied = 0;
    let size = Math.max(0, maxBytes | 0);
    let taken: number[] | null = null;
    while (size > 0) {
      const h = this.get(s, W_SHEAD);
      if (h === this.get(s, W_STAIL)) {
        if (copied > 0) break;
        const err = this.get(s, W_ERR);
        if (err) {
          this.set(s, W_ERR, 0);
          return { ...out, ret: -err };
        }
        return { ...out, ret: this.get(s, W_SHUT) & RCV_SHUTDOWN ? 0 : EAGAIN };
      }
      const len = this.arena.aLoad(this.skbWord(s, h, S_LEN));
      const consumed = this.arena.aLoad(this.skbWord(s, h, S_CONSUMED));
      const chunk = Math.min(len - consumed, size);
      chunks.push(this.readRing(s, chunk));
      copied += chunk;
      size -= chunk;
      this.arena.aStore(this.skbWord(s, h, S_CONSUMED), consumed + chunk);
      const nfds = this.arena.aLoad(this.skbWord(s, h, S_NFDS));
      if (nfds > 0) {
        // unix_detach_fds: the files leave the skb with the first read of it.
        const fh = this.get(s, W_FHEAD);
        taken = [];
        for (let i = 0; i < nfds; i++) taken.push(this.arena.aLoad(this.fdWord(s, fh + i)));
        this.set(s, W_FHEAD, fh + nfds);
        this.arena.aStore(this.skbWord(s, h, S_NFDS), 0);
      }
      if (consumed + chunk < len) break;
      this.set(s, W_SHEAD, h + 1);
      if (taken) break;
    }
    const bytes = new Uint8Array(copied);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      o += c.length;
    }
    out.ret = copied;
    out.bytes = bytes;
    if (taken) {
      // scm_detach_fds: as many as the control buffer holds, the rest closed (__scm_destroy's fput).
      const fdmax = controllen <= CMSGHDR_SIZE ? 0 : Math.floor((controllen - CMSGHDR_SIZE) / 4);
      taken.forEach((id, i) => {
        if (i < fdmax) out.fds.push(proc.install(this.files[id]!)); // the in-flight reference moves to the table
        else this.ref(id, -1);
      });
      if (taken.length > fdmax) out.flags |= MSG_CTRUNC;
    }
    return out;
  }

  private readRing(s: number, n: number): Uint8Array {
    const head = this.get(s, W_DHEAD) >>> 0;
    const at = head % this.bufBytes;
    const first = Math.min(n, this.bufBytes - at);
    const out = new Uint8Array(n);
    out.set(this.arena.readBytes(this.bufOff(s) + at, first));
    if (first < n) out.set(this.arena.readBytes(this.bufOff(s), n - first), first);
    this.set(s, W_DHEAD, (head + n) | 0);
    return out;
  }

  /**
   * close(2) of any descriptor (use it, not Process.close, for files that
   * crossed a socket or are sockets): drops the table's reference; the last
   * reference to a socket releases it (unix_release_sock).
   */
  close(proc: Process, fd: number): number {
    const f = proc.get(fd);
    if (!f) return EBADF;
    proc.close(fd);
    const id = this.fileIds.get(f);
    if (id !== undefined) this.ref(id, -1);
    return 0;
  }

  /**
   * unix_release_sock: the peer gets SHUTDOWN_MASK (its reads hit end of
   * file, its sends -EPIPE) and -ECONNRESET if this side left data unread
   * or was never accepted; queued files are dropped; a listener releases the
   * connections still waiting, whose clients see them close; the path stays
   * until unlink.
   */
  private release(s: number, embryo: boolean): void {
    const state = this.get(s, W_STATE);
    if (state === 0) return;
    const p = this.get(s, W_PEER) - 1;
    const unread = this.get(s, W_SHEAD) !== this.get(s, W_STAIL);
    this.set(s, W_STATE, 0);
    this.set(s, W_SHUT, SHUTDOWN_MASK);
    this.set(s, W_PEER, 0);
    if (p >= 0 && this.get(p, W_STATE) !== 0) {
      this.set(p, W_SHUT, SHUTDOWN_MASK);
      if (unread || embryo) this.set(p, W_ERR, -ECONNRESET);
      this.set(p, W_PEER, 0);
      this.wake(p);
    }
    const path = this.get(s, W_PATH) - 1;
    if (path >= 0 && this.arena.aLoad(this.pathBase / 4 + path) === s + 1) this.arena.aStore(this.pathBase / 4 + path, -1);
    // Purge the receive queue: files in flight lose their reference; a listener's embryos die.
    for (let h = this.get(s, W_SHEAD); h !== this.get(s, W_STAIL); h++) {
      const e = this.arena.aLoad(this.skbWord(s, h, S_EMBRYO)) - 1;
      if (state === TCP_LISTEN && e >= 0) this.release(e, true);
      const nfds = this.arena.aLoad(this.skbWord(s, h, S_NFDS));
      const fh = this.get(s, W_FHEAD);
      for (let i = 0; i < nfds; i++) this.ref(this.arena.aLoad(this.fdWord(s, fh + i)), -1);
      this.set(s, W_FHEAD, fh + nfds);
    }
    this.set(s, W_SHEAD, this.get(s, W_STAIL));
    this.wake(s);
    this.watchers.delete(s);
  }

  /** unix_poll: the socket's readiness bits (POLLIN, POLLOUT, POLLHUP, POLLRDHUP, POLLERR). */
  pollSock(s: number): number {
    const st = this.get(s, W_STATE);
    if (st === 0) return POLLHUP;
    let mask = 0;
    const shut = this.get(s, W_SHUT);
    if (this.get(s, W_ERR)) mask |= POLLERR;
    if (shut === SHUTDOWN_MASK) mask |= POLLHUP;
    if (shut & RCV_SHUTDOWN) mask |= POLLRDHUP | POLLIN;
    if (this.get(s, W_SHEAD) !== this.get(s, W_STAIL)) mask |= POLLIN;
    if (st === TCP_CLOSE) mask |= POLLHUP;
    if (st !== TCP_LISTEN && !(shut & SEND_SHUTDOWN)) mask |= POLLOUT;
    return mask;
  }

  /** poll(2) on one descriptor: its readiness bits, or a negated errno. */
  poll(proc: Process, fd: number): number {
    const s = this.sockOf(proc, fd);
    return s < 0 ? s : this.pollSock(s);
  }

  /** The socket's readiness sequence now (pass it to wait() after a -EAGAIN). */
  seq(s: number): number {
    return this.get(s, W_SEQ);
  }

  /** recvmsg that blocks like a thread in read(): waits on the socket's sequence slot while the queue is empty. */
  *recvmsgWait(ctx: ActorContext, proc: Process, fd: number, maxBytes: number, controllen = 0): Gen<RecvResult> {
    const s = this.sockOf(proc, fd);
    for (;;) {
      const seen = s >= 0 ? this.seq(s) : 0;
      const r = this.recvmsg(proc, fd, maxBytes, controllen);
      if (r.ret !== EAGAIN || s < 0) return r;
      yield ctx.wait(this.seqSlot(s), seen, 'unix_socket');
    }
  }

  /** accept that blocks until a client connects. */
  *acceptWait(ctx: ActorContext, proc: Process, fd: number): Gen<number> {
    const s = this.sockOf(proc, fd);
    for (;;) {
      const seen = s >= 0 ? this.seq(s) : 0;
      const r = this.accept(proc, fd);
      if (r !== EAGAIN || s < 0) return r;
      yield ctx.wait(this.seqSlot(s), seen, 'unix_socket');
    }
  }

  /** A new poll set with its own wake slot (at most `pollers` of them, made at set-up). */
  newPoller(label: string): Poller {
    if (this.pollersMade >= this.nPollers) throw new Error(`unix sockets: more than ${this.nPollers} pollers (a layout error)`);
    return new Poller(this, this.pollerBase / 4 + this.pollersMade++, label);
  }

  /** Register `p` to be kicked whenever socket `s` changes (the poll table entry unix_poll adds). */
  watch(s: number, p: Poller): void {
    const list = this.watchers.get(s) ?? [];
    if (!list.includes(p)) list.push(p);
    this.watchers.set(s, list);
  }

  /** Stop kicking `p` for socket `s`. */
  unwatch(s: number, p: Poller): void {
    const list = this.watchers.get(s);
    if (list) this.watchers.set(s, list.filter((x) => x !== p));
  }

  /** A socket's state as plain data: its queue bytes, message boundaries and the files in flight. */
  describe(s: number): SockView {
    const skbs: SockView['skbs'] = [];
    let fh = this.get(s, W_FHEAD);
    const parts: Uint8Array[] = [];
    let dh = this.get(s, W_DHEAD) >>> 0;
    for (let h = this.get(s, W_SHEAD); h !== this.get(s, W_STAIL); h++) {
      const len = this.arena.aLoad(this.skbWord(s, h, S_LEN));
      const consumed = this.arena.aLoad(this.skbWord(s, h, S_CONSUMED));
      const nfds = this.arena.aLoad(this.skbWord(s, h, S_NFDS));
      const files: string[] = [];
      for (let i = 0; i < nfds; i++) files.push(this.files[this.arena.aLoad(this.fdWord(s, fh + i))]?.label ?? '?');
      fh += nfds;
      const e = this.arena.aLoad(this.skbWord(s, h, S_EMBRYO));
      skbs.push({ len, consumed, files, embryo: e ? e - 1 : null });
      const left = len - consumed;
      for (let i = 0; i < left; i++) parts.push(this.arena.readBytes(this.bufOff(s) + ((dh + i) % this.bufBytes), 1));
      dh += left;
    }
    const queued = new Uint8Array(parts.length);
    parts.forEach((b, i) => (queued[i] = b[0]!));
    const peer = this.get(s, W_PEER);
    return { state: this.get(s, W_STATE), shutdown: this.get(s, W_SHUT), peer: peer ? peer - 1 : null, err: this.get(s, W_ERR), queued, skbs };
  }

  /** The pool index of the socket behind `fd` in `proc`, or a negated errno. */
  sockIndex(proc: Process, fd: number): number {
    return this.sockOf(proc, fd);
  }
}

/**
 * A poll set (poll(2) over many fds, or an epoll instance): DPDK's
 * fdset_event_dispatch polls the listen socket, every connection and more
 * from one vhost-events thread; QEMU's main loop does the same. One Int32
 * slot is kicked by any registered socket's change and by eventfd writes
 * (through a 'pollwake' wait-queue entry), so one waiter sleeps on all of
 * them. Readiness is level-triggered and read afresh from the arena.
 */
export class Poller {
  private readonly entries: Array<{ proc: Process; fd: number }> = [];

  constructor(
    readonly net: UnixSockets,
    /** The Int32 slot the polling thread waits on. */
    readonly slot: number,
    readonly label: string,
  ) {}

  /** Add `fd` of `proc` (a socket of `net`, or an EventFdFile). Returns 0 or -EBADF. */
  add(proc: Process, fd: number): number {
    const f = proc.get(fd);
    if (!f) return EBADF;
    this.entries.push({ proc, fd });
    if (f instanceof UnixSocketFile) this.net.watch(f.sock, this);
    else if ('efd' in f) {
      const p = (f as EventFdFile).efd;
      if (!p.waiters.some((w) => w.func === 'pollwake' && (w as PollWakeEntry).poller === this)) {
        const entry: PollWakeEntry = {
          func: 'pollwake',
          poller: this,
          wake: function* () {
            entry.poller.kick();
          },
        };
        p.addWaitQueue(entry);
      }
    }
    return 0;
  }

  /** Remove a registration (the fd's own wake hooks stay, harmlessly over-waking). */
  remove(proc: Process, fd: number): void {
    const i = this.entries.findIndex((e) => e.proc === proc && e.fd === fd);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Wake the polling thread (pollwake). */
  kick(): void {
    this.net.arena.aAdd(this.slot, 1);
    this.net.arena.aNotify(this.slot);
  }

  /** The registered descriptors that are ready now; a closed descriptor reports POLLNVAL's stand-in POLLERR. */
  ready(): PollReady[] {
    const out: PollReady[] = [];
    for (const { proc, fd } of this.entries) {
      const f = proc.get(fd);
      let revents: number;
      if (!f) revents = POLLERR;
      else if (f instanceof UnixSocketFile) revents = this.net.pollSock(f.sock);
      else if ('efd' in f) revents = (f as EventFdFile).efd.count() > 0 ? POLLIN | POLLOUT : POLLOUT;
      else revents = 0;
      // Writability alone does not wake a reader's poll (vhost-user polls for POLLIN only).
      if (revents & ~POLLOUT) out.push({ proc, fd, revents });
    }
    return out;
  }

  /** poll()/epoll_wait() with no timeout: returns the ready descriptors, blocking on the slot while there are none. */
  *wait(ctx: ActorContext): Gen<PollReady[]> {
    for (;;) {
      const seen = this.net.arena.aLoad(this.slot);
      const r = this.ready();
      if (r.length) return r;
      yield ctx.wait(this.slot, seen, 'poll');
    }
  }
}

/** The wait-queue entry a Poller adds to an eventfd. */
interface PollWakeEntry {
  func: 'pollwake';
  poller: Poller;
  wake: (ctx: ActorContext) => Gen;
}
