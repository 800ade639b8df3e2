/**
 * QEMU's socket chardev (chardev/char-socket.c, chardev/char-fe.c) as the
 * vhost-user netdev uses it: `-chardev socket,id=charnet0,path=PATH,server`
 * (QEMU listens and, by default, blocks at start-up until the back-end
 * connects) or `-chardev socket,id=charnet0,path=PATH,reconnect=1` (QEMU
 * connects, and after a failed connect or a hang-up tries again a second
 * later). Messages go out with their fds (qemu_chr_fe_set_msgfds, then
 * tcp_chr_write's sendmsg with SCM_RIGHTS) and replies are read with
 * tcp_chr_sync_read, which keeps the fds that came along.
 *
 * State the page shows (the chardev's state, its connection fd) is in arena
 * words; the fds received with the last read are JS (only needed while the
 * read is being handled, like QEMU's s->read_msgfds).
 */
/* eslint-disable @typescript-eslint/no-this-alias -- generator bodies are nested function* expressions, so `this` is captured as `self` */
import type { Arena } from '../../mem/arena';
import { CMSG_SPACE, ENOENT, POLLERR, POLLHUP, type Poller, type UnixSockets } from '../../os/unix-socket';
import type { Process } from '../../os/fd-table';
import type { ActorContext, Gen } from '../../sched/actor';
import type { VuEra } from '../../vhost-user/era';

/** TCPChardevState. */
export const TCP_CHARDEV_STATE_DISCONNECTED = 0;
export const TCP_CHARDEV_STATE_CONNECTING = 1;
export const TCP_CHARDEV_STATE_CONNECTED = 2;

/** io/channel-socket.c SOCKET_MAX_FDS: the most fds QEMU's channel takes from one recvmsg. */
export const SOCKET_MAX_FDS = 16;

/** The chardev events the vhost-user netdev handles (QEMUChrEvent). */
export type ChrEvent = 'opened' | 'closed';

/** fd_event: the front-end's event callback (net_vhost_user_event). */
export type ChrEventHandler = (ctx: ActorContext, event: ChrEvent) => Gen<void>;

export interface CharSocketConfig {
  era: VuEra;
  /** server: QEMU listens (the seed's); client: QEMU connects with reconnect=1. */
  role: 'server' | 'client';
  path: string;
  /** The chardev id (-chardev …,id=charnet0). */
  label: string;
  net: UnixSockets;
  proc: Process;
  arena: Arena;
  slot: () => number;
  /** QEMU's main-loop poll set (the chardev's watches live there). */
  poller: Poller;
  /** An Int32 slot a clock bumps once per reconnect period; the reconnect timer waits for one tick. */
  timerSlot: number;
}

/** strerror for the errnos a unix connect can return. */
function strerror(errno: number): string {
  switch (errno) {
    case ENOENT:
      return 'No such file or directory';
    case -111:
      return 'Connection refused';
    case -11:
      return 'Resource temporarily unavailable';
    default:
      return `errno ${-errno}`;
  }
}

/** One socket chardev (SocketChardev) and its CharBackend. */
export class CharSocket {
  /** Arena words: TCPChardevState, the connection fd (-1), the listen fd (-1), connect_err_reported, and the reconnect timer (tick it was armed at, or -1). */
  private readonly sState: number;
  private readonly sConn: number;
  private readonly sListen: number;
  private readonly sReported: number;
  private readonly sTimer: number;
  /** fd_event; set by qemu_chr_fe_set_handlers. */
  private handler: ChrEventHandler | null = null;
  /** s->write_msgfds: the fds the next write carries. */
  private writeMsgfds: number[] = [];
  /** s->read_msgfds: the fds the last read brought. */
  private readMsgfds: number[] = [];

  constructor(readonly cfg: CharSocketConfig) {
    const a = cfg.arena;
    this.sState = cfg.slot();
    this.sConn = cfg.slot();
    this.sListen = cfg.slot();
    this.sReported = cfg.slot();
    this.sTimer = cfg.slot();
    a.aStore(this.sConn, -1);
    a.aStore(this.sListen, -1);
    a.aStore(this.sTimer, -1);
  }

  get state(): number {
    return this.cfg.arena.aLoad(this.sState);
  }
  get connFd(): number {
    return this.cfg.arena.aLoad(this.sConn);
  }
  get listenFd(): number {
    return this.cfg.arena.aLoad(this.sListen);
  }
  /** Whether the reconnect timer is armed (client after a failed connect or a hang-up). */
  get timerArmed(): boolean {
    return this.cfg.arena.aLoad(this.sTimer) >= 0;
  }
  /** The arena slot holding the tick the reconnect timer was armed at (-1: not armed), for a clock that waits for it to be armed. */
  get timerWord(): number {
    return this.sTimer;
  }
  /** Whether the armed reconnect timer has expired (the clock ticked since it was armed). */
  get timerExpired(): boolean {
    const at = this.cfg.arena.aLoad(this.sTimer);
    return at >= 0 && this.cfg.arena.aLoad(this.cfg.timerSlot) !== at;
  }

  /**
   * chr->filename as update_disconnected_filename / qemu_chr_compute_filename
   * write it: "disconnected:unix:PATH,server" (QEMU 5.0) or ",server=on" (QEMU 7.2,
   * where boolean options print as key=on).
   */
  filename(prefix = 'disconnected:'): string {
    const server = this.cfg.role === 'server' ? (this.cfg.era === 'seed' ? ',server' : ',server=on') : '';
    return `${prefix}unix:${this.cfg.path}${server}`;
  }

  /**
   * qmp_chardev_open_socket at start-up (qemu_create_early_backends → chardev_new):
   * a server binds and listens, then (wait is the default) blocks in
   * tcp_chr_accept_server_sync; a client with reconnect starts its first connect.
   * Returns 0 or -errno (a server that cannot bind).
   */
  *open(ctx: ActorContext): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'qmp_chardev_open_socket',
      (function* (): Gen<number> {
        if (self.cfg.role === 'server') {
          const r = yield* ctx.call('qmp_chardev_open_socket_server', self.listen(ctx));
          if (r < 0) return r;
          yield* ctx.call('qmp_chardev_open_socket_server', self.acceptServerSync(ctx));
          return 0;
        }
        yield* ctx.call('qmp_chardev_open_socket_client', self.connectClientAsync(ctx));
        return 0;
      })(),
    );
  }

  /** socket_listen via qio_net_listener_open_sync: socket, bind, listen. */
  private *listen(ctx: ActorContext): Gen<number> {
    const { net, proc, path } = this.cfg;
    const fd = net.socket(proc);
    if (fd < 0) return fd;
    let r = net.bind(proc, fd, path);
    if (r === 0) r = net.listen(proc, fd, 1);
    if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'qemu', op: 'listen', path, fd, errno: r < 0 ? -r : null });
    if (r < 0) {
      net.close(proc, fd);
      return r;
    }
    this.cfg.arena.aStore(this.sListen, fd);
    this.cfg.poller.add(proc, fd);
    return 0;
  }

  /** tcp_chr_accept_server_sync: print where QEMU waits, block in accept, take the client. */
  private *acceptServerSync(ctx: ActorContext): Gen<void> {
    const self = this;
    yield* ctx.call(
      'tcp_chr_accept_server_sync',
      (function* (): Gen<void> {
        if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'info', text: `QEMU waiting for connection on: ${self.filename()}` });
        self.cfg.arena.aStore(self.sState, TCP_CHARDEV_STATE_CONNECTING);
        const fd = yield* self.cfg.net.acceptWait(ctx, self.cfg.proc, self.listenFd);
        yield* self.newClient(ctx, fd);
      })(),
    );
  }

  /** tcp_chr_accept: the listener's main-loop callback once a client is queued (the server side after a hang-up). */
  *acceptFromMainLoop(ctx: ActorContext): Gen<boolean> {
    const self = this;
    return yield* ctx.call(
      'tcp_chr_accept',
      (function* (): Gen<boolean> {
        const fd = self.cfg.net.accept(self.cfg.proc, self.listenFd);
        if (fd < 0) return false;
        self.cfg.arena.aStore(self.sState, TCP_CHARDEV_STATE_CONNECTING);
        yield* self.newClient(ctx, fd);
        return true;
      })(),
    );
  }

  /** tcp_chr_new_client → tcp_chr_connect: the connection is up; CHR_EVENT_OPENED to whoever listens now. */
  private *newClient(ctx: ActorContext, fd: number): Gen<void> {
    const self = this;
    yield* ctx.call(
      'tcp_chr_new_client',
      (function* (): Gen<void> {
        self.cfg.arena.aStore(self.sConn, fd);
        self.cfg.poller.add(self.cfg.proc, fd);
        if (ctx.tracing && self.cfg.role === 'server') yield ctx.ev('vu_socket', { who: 'qemu', op: 'accept', path: self.cfg.path, fd, errno: null });
        yield* ctx.call(
          'tcp_chr_connect',
          (function* (): Gen<void> {
            self.cfg.arena.aStore(self.sState, TCP_CHARDEV_STATE_CONNECTED);
            yield* self.beEvent(ctx, 'opened');
          })(),
        );
      })(),
    );
  }

  /** qemu_chr_be_event: deliver to the front-end's fd_event, if one is set (at chardev open there is none yet). */
  private *beEvent(ctx: ActorContext, event: ChrEvent): Gen<void> {
    const h = this.handler;
    yield* ctx.call(
      'qemu_chr_be_event',
      (function* (): Gen<void> {
        if (h) yield* h(ctx, event);
      })(),
    );
  }

  /** One connect attempt: socket + connect; the fd, or -errno (the socket is closed again). */
  private *tryConnect(ctx: ActorContext): Gen<number> {
    const { net, proc, path } = this.cfg;
    const fd = net.socket(proc);
    if (fd < 0) return fd;
    const r = net.connect(proc, fd, path);
    if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'qemu', op: r < 0 ? 'connect-failed' : 'connect', path, fd, errno: r < 0 ? -r : null });
    if (r < 0) {
      net.close(proc, fd);
      return r;
    }
    return fd;
  }

  /**
   * tcp_chr_connect_client_async and its completion, qemu_chr_socket_connected
   * (QEMU runs the connect in a thread; here it completes at once): connected
   * → tcp_chr_new_client; refused → check_report_connect_error (reported once
   * until a connect succeeds) and the reconnect timer.
   */
  private *connectClientAsync(ctx: ActorContext): Gen<void> {
    const self = this;
    const a = this.cfg.arena;
    a.aStore(this.sState, TCP_CHARDEV_STATE_CONNECTING);
    yield* ctx.call(
      'tcp_chr_connect_client_async',
      (function* (): Gen<void> {
        const fd = yield* self.tryConnect(ctx);
        yield* ctx.call(
          'qemu_chr_socket_connected',
          (function* (): Gen<void> {
            if (fd < 0) {
              a.aStore(self.sState, TCP_CHARDEV_STATE_DISCONNECTED);
              yield* ctx.call(
                'check_report_connect_error',
                (function* (): Gen<void> {
                  if (!a.aLoad(self.sReported)) {
                    const text = `Unable to connect character device ${self.cfg.label}: Failed to connect to '${self.cfg.path}': ${strerror(fd)}`;
                    if (ctx.tracing) yield ctx.ev('qemu_log', { level: 'error', text });
                    a.aStore(self.sReported, 1);
                  }
                  self.restartTimer();
                })(),
              );
              return;
            }
            a.aStore(self.sReported, 0);
            yield* self.newClient(ctx, fd);
          })(),
        );
      })(),
    );
  }

  /** qemu_chr_socket_restart_timer: arm the reconnect timer (reconnect=1: one clock tick). */
  private restartTimer(): void {
    this.cfg.arena.aStore(this.sTimer, this.cfg.arena.aLoad(this.cfg.timerSlot));
  }

  /** socket_reconnect_timeout: the timer fired; try again unless already open. */
  *reconnectTimeout(ctx: ActorContext): Gen<void> {
    const self = this;
    yield* ctx.call(
      'socket_reconnect_timeout',
      (function* (): Gen<void> {
        self.cfg.arena.aStore(self.sTimer, -1);
        if (self.state === TCP_CHARDEV_STATE_CONNECTED) return;
        yield* self.connectClientAsync(ctx);
      })(),
    );
  }

  /**
   * qemu_chr_fe_wait_connected → tcp_chr_wait_connected: loop until connected;
   * a server accepts synchronously, a client connects synchronously and, with
   * reconnect set, sleeps a period (g_usleep: one clock tick) after a failure.
   */
  *waitConnected(ctx: ActorContext): Gen<number> {
    const self = this;
    return yield* ctx.call(
      'qemu_chr_fe_wait_connected',
      ctx.call(
        'tcp_chr_wait_connected',
        (function* (): Gen<number> {
          self.cfg.arena.aStore(self.sTimer, -1); // tcp_chr_reconn_timer_cancel
          while (self.state !== TCP_CHARDEV_STATE_CONNECTED) {
            if (self.cfg.role === 'server') {
              yield* self.acceptServerSync(ctx);
              continue;
            }
            const fd = yield* ctx.call('tcp_chr_connect_client_sync', self.tryConnect(ctx));
            if (fd >= 0) {
              yield* self.newClient(ctx, fd);
              continue;
            }
            // g_usleep(reconnect_time): the timer word marks the sleep too, so the scenario's clock knows a period must pass.
            const tick = self.cfg.arena.aLoad(self.cfg.timerSlot);
            self.cfg.arena.aStore(self.sTimer, tick);
            yield ctx.wait(self.cfg.timerSlot, tick, 'reconnect_timer');
            self.cfg.arena.aStore(self.sTimer, -1);
          }
          return 0;
        })(),
      ),
    );
  }

  /** qemu_chr_fe_set_handlers: install (or clear) fd_event; with set_open and a live connection, CHR_EVENT_OPENED at once. */
  *setHandlers(ctx: ActorContext, handler: ChrEventHandler | null, setOpen: boolean): Gen<void> {
    const self = this;
    yield* ctx.call(
      'qemu_chr_fe_set_handlers',
      (function* (): Gen<void> {
        self.handler = handler;
        if (handler && setOpen && self.state === TCP_CHARDEV_STATE_CONNECTED) yield* self.beEvent(ctx, 'opened');
      })(),
    );
  }

  /**
   * qemu_chr_fe_set_msgfds + qemu_chr_fe_write_all → tcp_chr_write: one sendmsg
   * with the fds as SCM_RIGHTS. Returns the bytes written or -1 (errno EIO when
   * not connected); a failed send with nothing left to read disconnects
   * (CHR_EVENT_CLOSED) before returning.
   */
  *writeAll(ctx: ActorContext, bytes: Uint8Array, fds: readonly number[]): Gen<{ ret: number; errno: number }> {
    const self = this;
    this.writeMsgfds = [...fds];
    return yield* ctx.call(
      'qemu_chr_fe_write_all',
      ctx.call(
        'tcp_chr_write',
        (function* (): Gen<{ ret: number; errno: number }> {
          const fdsOut = self.writeMsgfds;
          self.writeMsgfds = [];
          if (self.state !== TCP_CHARDEV_STATE_CONNECTED) return { ret: -1, errno: 5 };
          const r = self.cfg.net.sendmsg(self.cfg.proc, self.connFd, bytes, fdsOut);
          if (r >= 0) return { ret: r, errno: 0 };
          // tcp_chr_read_poll <= 0: vhost-user registers no reader, so the error disconnects.
          yield* self.disconnect(ctx);
          return { ret: -1, errno: -r };
        })(),
      ),
    );
  }

  /**
   * qemu_chr_fe_read_all → tcp_chr_sync_read: read exactly `n` bytes (or fewer
   * at end of file), blocking; the fds that come along replace read_msgfds.
   * End of file disconnects (CHR_EVENT_CLOSED) and returns what was read.
   */
  *readAll(ctx: ActorContext, n: number): Gen<{ ret: number; bytes: Uint8Array }> {
    const self = this;
    return yield* ctx.call(
      'qemu_chr_fe_read_all',
      ctx.call(
        'tcp_chr_sync_read',
        (function* (): Gen<{ ret: number; bytes: Uint8Array }> {
          const out = new Uint8Array(n);
          let got = 0;
          while (got < n) {
            if (self.state !== TCP_CHARDEV_STATE_CONNECTED) return { ret: got > 0 ? got : -1, bytes: out.slice(0, got) };
            const r = yield* self.cfg.net.recvmsgWait(ctx, self.cfg.proc, self.connFd, n - got, CMSG_SPACE(SOCKET_MAX_FDS * 4));
            if (r.fds.length) self.readMsgfds = r.fds;
            if (r.ret <= 0) {
              yield* self.disconnect(ctx);
              return { ret: got, bytes: out.slice(0, got) };
            }
            out.set(r.bytes, got);
            got += r.ret;
          }
          return { ret: got, bytes: out };
        })(),
      ),
    );
  }

  /** qemu_chr_fe_get_msgfds: take the fds the last read brought. */
  takeMsgfds(): number[] {
    const f = this.readMsgfds;
    this.readMsgfds = [];
    return f;
  }

  /** Whether the connection has hung up (G_IO_HUP / G_IO_ERR on it). */
  hungUp(): boolean {
    if (this.state !== TCP_CHARDEV_STATE_CONNECTED) return false;
    const r = this.cfg.net.poll(this.cfg.proc, this.connFd);
    return r < 0 || (r & (POLLHUP | POLLERR)) !== 0;
  }

  /**
   * qemu_chr_fe_disconnect → tcp_chr_disconnect: close the connection
   * (tcp_chr_free_connection), the listener accepts again, CHR_EVENT_CLOSED if
   * it was connected, and a client arms its reconnect timer.
   */
  *disconnect(ctx: ActorContext): Gen<void> {
    const self = this;
    const a = this.cfg.arena;
    yield* ctx.call(
      'tcp_chr_disconnect',
      (function* (): Gen<void> {
        const wasConnected = self.state === TCP_CHARDEV_STATE_CONNECTED;
        const fd = self.connFd;
        if (fd >= 0) {
          self.cfg.poller.remove(self.cfg.proc, fd);
          self.cfg.net.close(self.cfg.proc, fd);
          a.aStore(self.sConn, -1);
          if (ctx.tracing) yield ctx.ev('vu_socket', { who: 'qemu', op: 'close', path: self.cfg.path, fd, errno: null });
        }
        for (const m of self.readMsgfds) self.cfg.net.close(self.cfg.proc, m);
        self.readMsgfds = [];
        a.aStore(self.sState, TCP_CHARDEV_STATE_DISCONNECTED);
        if (wasConnected) yield* self.beEvent(ctx, 'closed');
        if (self.cfg.role === 'client' && !self.timerArmed) self.restartTimer();
      })(),
    );
  }
}
