/**
 * The phases of the vhost-user negotiation walkthrough (seed 001 for QEMU's
 * order, seed 000 for DPDK's handlers and log): the socket, vhost_dev_init,
 * the guest's probe, vhost_dev_start, the back-end's readiness, traffic, a
 * malformed message, and a disconnect with its reconnect.
 *
 * QEMU's beats are placed by the function they run in. DPDK's vhost-events
 * thread always runs the same stack (fdset_event_dispatch →
 * vhost_user_read_cb → vhost_user_msg_handler), so its beats are placed by
 * the message they handle, in the phase where QEMU sends that message.
 */
import type { EventFields, TraceEvent } from '@/engine/trace/events';
import { FRAMES } from '@/engine/trace/frames';
import type { PhaseId, PhaseProse } from '../types';

type Beat = Pick<TraceEvent, 'type' | 'f' | 'stack'>;

const has = (e: Pick<TraceEvent, 'stack'>, names: readonly string[]) => (e.stack as readonly string[]).some((f) => names.includes(f));

/** The guest probing its NIC, and QEMU's virtio-net reacting to its feature writes (peer_attach sends SET_VRING_ENABLE). */
const PROBE_FNS = ['virtio_pci_probe', 'virtio_dev_probe', 'virtnet_probe', 'virtnet_open', 'virtio_net_set_features', 'virtio_net_set_queue_pairs', 'virtio_net_set_multiqueue', 'peer_attach'] as const;
/** QEMU starting the back-end at DRIVER_OK (or again when the link comes back). */
const START_FNS = ['vhost_net_start', 'vhost_net_start_one', 'vhost_dev_start', 'vhost_virtqueue_start', 'vhost_user_dev_start'] as const;
/** QEMU setting the back-end up once the socket is connected. */
const INIT_FNS = ['vhost_user_start', 'vhost_net_init', 'vhost_dev_init', 'vhost_user_backend_init', 'vhost_virtqueue_init', 'vhost_setup_slave_channel'] as const;
/** Either side taking the connection down, or bringing it back. */
const RECONNECT_FNS = [
  'rte_vhost_driver_unregister',
  'netdev_dpdk_vhost_destruct',
  'vhost_user_client_reconnect',
  'vhost_user_reconnect_init',
  'chr_closed_bh',
  'net_vhost_user_watch',
  'vhost_user_stop',
  'vhost_net_stop',
  'vhost_net_stop_one',
  'vhost_dev_stop',
  'vhost_virtqueue_stop',
  'tcp_chr_disconnect',
  'tcp_chr_accept',
  'tcp_chr_hup',
  'qemu_chr_socket_restart_timer',
  'socket_reconnect_timeout',
  'qemu_chr_socket_connected',
] as const;
/** Setting up the socket: QEMU's chardev, OVS registering the port with DPDK. */
const CONNECT_FNS = [
  'qmp_chardev_open_socket',
  'tcp_chr_accept_server_sync',
  'tcp_chr_wait_connected',
  'qemu_chr_fe_wait_connected',
  'net_vhost_user_init',
  'net_vhost_user_event',
  'rte_vhost_driver_register',
  'rte_vhost_driver_start',
  'vhost_user_start_server',
  'vhost_user_start_client',
  'vhost_user_create_server',
  'vhost_user_create_client',
  'vhost_user_server_new_connection',
  'vhost_user_add_connection',
  'netdev_dpdk_vhost_client_reconfigure',
] as const;
/** DPDK's handler that runs when QEMU stops a ring (its destroy_device belongs to the stop, not to a fault). */
const STOP_HANDLER = ['vhost_user_get_vring_base@dpdk', 'vhost_user_get_vring_base'] as const;
/** DPDK's read callback: a close or destroy inside it, outside any handler, follows a refused message. */
const READ_CB = ['vhost_user_read_cb'] as const;

/** The phase in which QEMU sends each request (VhostUserRequest numbers), for DPDK's beats that handle it. */
const PHASE_OF_REQUEST: Readonly<Record<number, PhaseId>> = {
  1: 'init', // GET_FEATURES
  2: 'start', // SET_FEATURES
  3: 'init', // SET_OWNER
  4: 'reconnect', // RESET_OWNER
  5: 'start', // SET_MEM_TABLE
  6: 'start', // SET_LOG_BASE
  7: 'start', // SET_LOG_FD
  8: 'start', // SET_VRING_NUM
  9: 'start', // SET_VRING_ADDR
  10: 'start', // SET_VRING_BASE
  11: 'reconnect', // GET_VRING_BASE: the stop
  12: 'start', // SET_VRING_KICK
  13: 'start', // SET_VRING_CALL (also at init, with the masked notifier; the start is where it matters to DPDK)
  14: 'init', // SET_VRING_ERR
  15: 'init', // GET_PROTOCOL_FEATURES
  16: 'init', // SET_PROTOCOL_FEATURES
  17: 'init', // GET_QUEUE_NUM
  18: 'start', // SET_VRING_ENABLE
  20: 'start', // NET_SET_MTU
  21: 'init', // SET_SLAVE_REQ_FD
  36: 'init', // GET_MAX_MEM_SLOTS
  39: 'start', // SET_STATUS
  40: 'start', // GET_STATUS
};

/** DPDK's log lines that are not about one message: the socket, readiness, the connection going. */
function logPhase(text: string): PhaseId | undefined {
  if (/virtio is now ready for processing|dequeue zero copy/.test(text)) return 'ready';
  if (/vhost peer closed|reconnecting|free connfd|vring base idx:\d+ file:/.test(text)) return 'reconnect';
  if (/socket created|bind to|binding succeeded|new vhost user connection|new device, handle is|: connected|\) connected|^VHOST_CONFIG: connected/.test(text)) return 'connect';
  if (/negotiated Vhost-user protocol features/.test(text)) return 'init';
  if (/negotiated Virtio features|guest memory region|vring (kick|call|base) idx|set queue enable|new device status|\t-/.test(text)) return 'start';
  const read = /read message VHOST_USER_(\w+)/.exec(text);
  if (read) return READ_NAMES[read[1]!];
  return undefined;
}

/** "read message VHOST_USER_<name>" by name, from the request table above. */
const READ_NAMES: Readonly<Record<string, PhaseId>> = {
  GET_FEATURES: 'init',
  SET_FEATURES: 'start',
  SET_OWNER: 'init',
  RESET_OWNER: 'reconnect',
  SET_MEM_TABLE: 'start',
  SET_LOG_BASE: 'start',
  SET_LOG_FD: 'start',
  SET_VRING_NUM: 'start',
  SET_VRING_ADDR: 'start',
  SET_VRING_BASE: 'start',
  GET_VRING_BASE: 'reconnect',
  SET_VRING_KICK: 'start',
  SET_VRING_CALL: 'start',
  SET_VRING_ERR: 'init',
  GET_PROTOCOL_FEATURES: 'init',
  SET_PROTOCOL_FEATURES: 'init',
  GET_QUEUE_NUM: 'init',
  SET_VRING_ENABLE: 'start',
  NET_SET_MTU: 'start',
  SET_SLAVE_REQ_FD: 'init',
  GET_MAX_MEM_SLOTS: 'init',
  SET_STATUS: 'start',
  GET_STATUS: 'start',
};

/** DPDK's side, which its stack does not place: by the message, the callback or the log line. */
function backendPhase(e: Beat): PhaseId | undefined {
  switch (e.type) {
    case 'vu_recv': {
      const f = e.f as EventFields['vu_recv'];
      return f.by === 'dpdk' ? PHASE_OF_REQUEST[f.request] : undefined;
    }
    case 'vu_send': {
      const f = e.f as EventFields['vu_send'];
      return f.from === 'dpdk' && f.reply ? PHASE_OF_REQUEST[f.request] : undefined;
    }
    case 'vu_apply': {
      const f = e.f as EventFields['vu_apply'];
      // The call fd replaces nothing at init (the masked notifier is the first); at start it replaces that one.
      if (f.what === 'vring-call' && f.closed === null) return 'init';
      return PHASE_OF_REQUEST[f.request];
    }
    case 'vu_notify_app': {
      const f = e.f as EventFields['vu_notify_app'];
      if (f.op === 'new_device') return 'ready';
      if (f.op === 'vring_state_changed') return 'start';
      if (has(e, STOP_HANDLER)) return 'reconnect';
      return has(e, READ_CB) ? 'fault' : 'reconnect';
    }
    case 'dpdk_log': {
      const p = logPhase((e.f as EventFields['dpdk_log']).text);
      // The socket lines printed inside vhost_user_read_cb are the client starting over after a refused message.
      return p === 'connect' && has(e, READ_CB) ? 'reconnect' : p;
    }
  }
  return undefined;
}

/** Socket beats and QEMU's records that say where they belong by themselves. */
function selfPlaced(e: Beat): PhaseId | undefined {
  if (e.type === 'vu_socket') {
    const f = e.f as EventFields['vu_socket'];
    if (f.op === 'close' || f.op === 'hup') return has(e, READ_CB) && !has(e, STOP_HANDLER) ? 'fault' : 'reconnect';
    // vhost_user_read_cb connects again right after closing (DPDK as the client, reconnect on).
    return has(e, READ_CB) || has(e, RECONNECT_FNS) ? 'reconnect' : undefined;
  }
  if (e.type === 'vu_qemu_state') {
    const w = (e.f as EventFields['vu_qemu_state']).what;
    if (w === 'chr-opened') return has(e, RECONNECT_FNS) ? 'reconnect' : 'connect';
    if (w === 'chr-closed' || w === 'stopped' || w === 'vring-base') return 'reconnect';
    if (w === 'started') return 'start';
    return 'init';
  }
  return undefined;
}

/** Where the table alone cannot tell: fields first, then the function the beat runs in, then the message. */
export function vhostUserRefine(e: Beat): PhaseId | undefined {
  if (e.type === 'vu_fault_injected' || e.type === 'vu_reject') return 'fault';
  if (e.type === 'dpdk_log' && (e.f as EventFields['dpdk_log']).level === 'ERR') return 'fault';
  if (e.type === 'dpdk_dequeue' || e.type === 'dpdk_enqueue' || e.type === 'dpdk_vring_call') return 'traffic';
  const self = selfPlaced(e);
  if (self) return self;
  // QEMU's functions, most specific first: the DRIVER_OK write that starts the back-end runs inside the guest's probe.
  if (has(e, START_FNS)) return 'start';
  if (has(e, INIT_FNS)) return 'init';
  if (has(e, RECONNECT_FNS)) return 'reconnect';
  if (has(e, PROBE_FNS)) return 'probe';
  const dpdk = backendPhase(e);
  if (dpdk) return dpdk;
  if (has(e, CONNECT_FNS)) return 'connect';
  return undefined;
}

/** What is left with a stack is the guest's traffic: its transmit and receive paths, KVM's kick and interrupt, the PMD. */
export function vhostUserFallback(e: Pick<TraceEvent, 'stack'>): PhaseId | undefined {
  const inner = e.stack[e.stack.length - 1];
  if (!inner) return undefined;
  const space = FRAMES[inner]?.space;
  if (space === 'guest' || space === 'host-kernel') return 'traffic';
  return has(e, ['pmd_thread_main', 'netdev_dpdk_vhost_rxq_recv', 'netdev_dpdk_vhost_send', 'rte_vhost_dequeue_burst', 'rte_vhost_enqueue_burst']) ? 'traffic' : undefined;
}

export const VHOST_USER_PHASES: Partial<Record<PhaseId, PhaseProse>> = {
  connect: {
    title: { en: 'The socket', zh: '建立 socket 连接' },
    body: {
      en: "vhost-user moves a virtio device's data plane out of QEMU into another process, here OVS-DPDK; QEMU stays the front-end and the back-end does the rings. The two talk over a unix domain socket: one side listens, the other connects. In the seed's set-up QEMU is the server (-chardev socket,server): net_vhost_user_init blocks in tcp_chr_accept_server_sync until OVS, which added the port as type=dpdkvhostuserclient, connects from rte_vhost_driver_start. With the DPDK server topology it is the other way round: OVS's dpdkvhostuser port binds the socket and QEMU connects. Either way the chardev reports CHR_EVENT_OPENED and net_vhost_user_event goes on to set the device up, while DPDK's vhost-events thread polls its fdset for the connection (seeds 001 and 000).",
      zh: 'vhost-user 把 virtio 设备的数据面从 QEMU 卸载到另一个进程，这里是 OVS-DPDK；QEMU 仍是前端，vring 由后端来处理。双方通过一个 unix domain socket 通信：一方监听，另一方连接。在 seed 的配置里 QEMU 是服务端（-chardev socket,server）：net_vhost_user_init 在 tcp_chr_accept_server_sync 里阻塞，直到 OVS 连上来；OVS 把端口加成 type=dpdkvhostuserclient，由 rte_vhost_driver_start 发起连接。选 DPDK 作服务端时正好反过来：OVS 的 dpdkvhostuser 端口绑定 socket，QEMU 去连。无论哪种，字符设备都会报告 CHR_EVENT_OPENED，net_vhost_user_event 接着建立设备；DPDK 这边则由 vhost-events 线程轮询它的 fdset，等待这条连接上的消息（seed 001 与 000）。',
    },
  },
  init: {
    title: { en: 'vhost_dev_init: what both sides can do', zh: 'vhost_dev_init：双方各能做什么' },
    body: {
      en: "vhost_user_start builds a vhost_net per queue pair, and vhost_dev_init talks to the back-end before the guest has even booted. GET_FEATURES asks for the virtio feature bits; bit 30 says the back-end speaks protocol features, so GET_PROTOCOL_FEATURES and SET_PROTOCOL_FEATURES settle the extensions both use (MQ, REPLY_ACK, SLAVE_REQ and, in the modern era, STATUS). Then GET_QUEUE_NUM, SET_SLAVE_REQ_FD with one end of a socketpair for the back-end's own requests, SET_OWNER (these three only for the first queue pair), GET_FEATURES again, and for each virtqueue vhost_virtqueue_init's SET_VRING_CALL with the masked notifier (QEMU 7.2 adds SET_VRING_ERR). Every message is a VhostUserMsg, a 12-byte header (request, flags, size) and a payload union; eventfds travel beside it as SCM_RIGHTS and arrive under new numbers. With REPLY_ACK, QEMU sets NEED_REPLY where it must know a request took effect and waits for DPDK's u64 ack. Seed 001's first backtrace stops in vhost_user_set_vring_call under vhost_virtqueue_init.",
      zh: 'vhost_user_start 为每个队列对建一个 vhost_net，vhost_dev_init 在客户机还没启动时就开始和后端对话。GET_FEATURES 询问 virtio 特性位；其中第 30 位表示后端支持协议特性，于是用 GET_PROTOCOL_FEATURES 和 SET_PROTOCOL_FEATURES 商定双方都用的扩展（MQ、REPLY_ACK、SLAVE_REQ，新版本还有 STATUS）。接着是 GET_QUEUE_NUM，带着一个 socketpair 一端、供后端自己发请求用的 SET_SLAVE_REQ_FD，SET_OWNER（这三条只有第一个队列对才发），再一次 GET_FEATURES，然后对每个 virtqueue，vhost_virtqueue_init 用 masked notifier 发一条 SET_VRING_CALL（QEMU 7.2 还会发 SET_VRING_ERR）。每条消息都是一个 VhostUserMsg：12 字节的消息头（request、flags、size）加一个负载联合体；eventfd 以 SCM_RIGHTS 随消息传过去，到对方那里换成新的编号。协商了 REPLY_ACK 后，QEMU 在必须确认生效的请求上置 NEED_REPLY，并等待 DPDK 回一个 u64 确认。seed 001 的第一个调用栈就停在 vhost_virtqueue_init 下的 vhost_user_set_vring_call。',
    },
  },
  probe: {
    title: { en: 'The guest probes its NIC', zh: '客户机探测网卡' },
    body: {
      en: "Only the guest's driver gives the rings a meaning. Its virtio_net probe walks the status byte through ACKNOWLEDGE, DRIVER and FEATURES_OK and lays out its rings in guest memory; each access is a vCPU exit into QEMU's virtio-pci handlers. When the features tell virtio-net how many queue pairs the guest uses, it attaches them (peer_attach), which for a vhost-user peer already sends SET_VRING_ENABLE, before a single ring has been described to the back-end. The probe ends with the DRIVER_OK write, and inside that write QEMU starts the back-end: virtio_net_set_status → vhost_net_start, as in seed 001's second backtrace.",
      zh: 'vring 的含义要由客户机驱动来赋予。它的 virtio_net 探测过程让状态字节依次经过 ACKNOWLEDGE、DRIVER、FEATURES_OK，并在客户机内存里布置好各个 vring；每次访问都是一次 vCPU 退出，落到 QEMU 的 virtio-pci 处理函数里。特性一旦告诉 virtio-net 客户机要用几个队列对，它就逐个挂接（peer_attach），对 vhost-user 后端来说这一步就会发出 SET_VRING_ENABLE，而此时还没有任何 vring 被描述给后端。探测以写入 DRIVER_OK 结束，QEMU 正是在这次写操作里启动后端：virtio_net_set_status → vhost_net_start，就是 seed 001 第二个调用栈里的路径。',
    },
  },
  start: {
    title: { en: 'vhost_dev_start: the memory and the rings', zh: 'vhost_dev_start：内存与 vring' },
    body: {
      en: "vhost_net_start first binds the guest notifiers (one call eventfd per queue, on a KVM irqfd), then each queue pair's vhost_dev_start sends SET_FEATURES, the bits the guest acked plus bit 30, and SET_MEM_TABLE (sent once, with the first pair): the memory table, one region per piece of guest RAM, each with an fd the back-end mmaps, since a separate process cannot read QEMU's memory any other way. Then for each ring vhost_virtqueue_start sends SET_VRING_NUM, SET_VRING_BASE (the vring base: where the back-end takes the next buffer), SET_VRING_ADDR (QEMU's virtual addresses, which DPDK translates through the memory table), SET_VRING_KICK with the host notifier and SET_VRING_CALL with the guest notifier. The eras differ: QEMU 5.0 restores SET_VRING_ENABLE after each pair's rings; QEMU 7.2 sends it before them, and with STATUS adds FEATURES_OK after SET_FEATURES and ACKNOWLEDGE | DRIVER | DRIVER_OK with SET_STATUS after the last pair (seeds 001 and 000).",
      zh: 'vhost_net_start 先绑定 guest notifier（每个队列一个 call eventfd，接到 KVM 的 irqfd 上），然后每个队列对的 vhost_dev_start 发出 SET_FEATURES（客户机确认过的特性位加上第 30 位）和 SET_MEM_TABLE（只随第一个队列对发一次）：也就是内存表，客户机内存的每一块对应一个区域，每个区域带一个 fd 让后端去 mmap，因为独立的进程没有别的办法读到 QEMU 的内存。接着对每个 vring，vhost_virtqueue_start 依次发出 SET_VRING_NUM、SET_VRING_BASE（vring base：后端下一个要取的缓冲区位置）、SET_VRING_ADDR（QEMU 的虚拟地址，DPDK 通过内存表换算）、带 host notifier 的 SET_VRING_KICK 和带 guest notifier 的 SET_VRING_CALL。两个年代在这里不同：QEMU 5.0 在每个队列对的 vring 都设置好之后才恢复 SET_VRING_ENABLE；QEMU 7.2 则在此之前就发，而且协商了 STATUS 时，会在 SET_FEATURES 之后补上 FEATURES_OK，并在最后一个队列对之后用 SET_STATUS 写入 ACKNOWLEDGE | DRIVER | DRIVER_OK（seed 001 与 000）。',
    },
  },
  ready: {
    title: { en: 'The back-end calls itself ready', zh: '后端宣布就绪' },
    body: {
      en: "No message says “go”: after every message vhost_user_msg_handler asks virtio_is_ready, and the first time it holds DPDK calls the application's new_device. DPDK 19.11 only wants every ring to have its addresses and its kick and call fds, so in seed 000's log “virtio is now ready for processing.” follows the last ring's kick, before QEMU has even sent that ring's call. DPDK 22.11 also wants the rings enabled and, when STATUS was negotiated, the guest's DRIVER_OK, which QEMU 7.2 sends with SET_STATUS as its last message. OVS then hands the device to a PMD thread.",
      zh: '没有哪条消息说“开始”：vhost_user_msg_handler 每处理完一条消息就问一次 virtio_is_ready，第一次成立时，DPDK 调用应用的 new_device。DPDK 19.11 只要求每个 vring 都有地址以及 kick 和 call fd，所以在 seed 000 的日志里，“virtio is now ready for processing.” 紧跟在最后一个 vring 的 kick 之后，那时 QEMU 甚至还没发这个 vring 的 call。DPDK 22.11 还要求 vring 已使能；协商了 STATUS 时还要等客户机的 DRIVER_OK，QEMU 7.2 把它作为最后一条消息用 SET_STATUS 发出。随后 OVS 把设备交给一个 PMD 线程。',
    },
  },
  traffic: {
    title: { en: 'Traffic: no more messages', zh: '数据流量：不再有消息' },
    body: {
      en: "From here nothing crosses the socket. The guest puts a frame in its TX ring and, unless the ring tells it not to, kicks; OVS's PMD (poll-mode driver) thread never waits for the kick but polls: rte_vhost_dequeue_burst reads the buffer straight from guest RAM through the memory table, OVS sends the frame back out of the same port, rte_vhost_enqueue_burst copies it into one of the guest's receive buffers and publishes the used index, and vhost_vring_call_split decides whether the guest wants an interrupt: with EVENT_IDX by vhost_need_event, otherwise by VRING_AVAIL_F_NO_INTERRUPT. If it does, DPDK writes the call eventfd and KVM's irqfd interrupts the guest without QEMU (seed 000).",
      zh: '从这里开始，socket 上不再有任何往来。客户机把一帧放进 TX 环，只要 vring 没说不必通知，就 kick；OVS 的 PMD（轮询模式驱动）线程从不等 kick，而是一直轮询：rte_vhost_dequeue_burst 通过内存表直接从客户机内存里读出缓冲区，OVS 把这帧从同一个端口原样发回，rte_vhost_enqueue_burst 把它拷进客户机的一个接收缓冲区并发布 used 索引，然后 vhost_vring_call_split 判断客户机要不要中断：协商了 EVENT_IDX 时看 vhost_need_event，否则看 VRING_AVAIL_F_NO_INTERRUPT。要的话，DPDK 写 call eventfd，KVM 的 irqfd 直接给客户机注入中断，不经过 QEMU（seed 000）。',
    },
  },
  fault: {
    title: { en: 'A malformed message', zh: '一条畸形消息' },
    body: {
      en: "The fault switch plays a broken front-end: one message leaves QEMU malformed. DPDK checks what it reads before it acts on any of it: the header and its size (no more than its 632-byte payload union), a vring index below VHOST_MAX_VRING, that a handler exists, the number of fds (validate_msg_fds), at most eight memory regions. A message that fails is refused whole. Without NEED_REPLY, vhost_user_msg_handler returns -1, and vhost_user_read_cb closes the socket, destroys the device and, if DPDK is the client, starts reconnecting; QEMU sees the hang-up. Had QEMU asked for an ack, DPDK would only have answered with a failure. Seed 000 shows this code.",
      zh: '故障开关扮演一个有问题的前端：QEMU 发出的某一条消息被弄坏了。DPDK 在根据消息做任何事之前，先检查读到的内容：消息头及其 size（不能超过 632 字节的负载联合体）、vring 序号小于 VHOST_MAX_VRING、有对应的处理函数、fd 个数（validate_msg_fds）、内存区域不超过 8 个。不合格的消息整条被拒绝。没有 NEED_REPLY 时，vhost_user_msg_handler 返回 -1，vhost_user_read_cb 随即关闭 socket、销毁设备；如果 DPDK 是客户端，还会开始重连；QEMU 这边看到的是对端挂断。假如 QEMU 要求了确认，DPDK 只会回一个失败码。seed 000 列出了这段代码。',
    },
  },
  reconnect: {
    title: { en: 'Disconnect and reconnect', zh: '断开与重连' },
    body: {
      en: "The back-end goes away: OVS deletes the port and adds it back (the disconnect switch), or DPDK dropped the connection after a malformed message. On unregister, rte_vhost_driver_unregister closes the connection and destroy_device takes the rings from the PMD; QEMU's chardev sees the hang-up, chr_closed_bh sets the link down and the vhost device stops. GET_VRING_BASE is how QEMU learns where each ring got to; with the socket already gone it cannot ask, so vhost_virtqueue_stop falls back to the ring's used index. Then the client reconnects: DPDK's vhost-reconnect thread when OVS is the dpdkvhostuserclient, QEMU's chardev when DPDK is the server. On the new connection QEMU negotiates from the beginning, and SET_VRING_BASE carries the saved vring base, so the rings resume where they stopped and no buffer is lost.",
      zh: '后端消失了：要么是 OVS 删除端口后又把它加回来（断开开关），要么是 DPDK 因一条畸形消息断开了连接。注销时，rte_vhost_driver_unregister 关闭连接，destroy_device 让 PMD 放开这些 vring；QEMU 的字符设备看到对端挂断，chr_closed_bh 把链路置为断开，vhost 设备随之停止。QEMU 本来靠 GET_VRING_BASE 得知每个 vring 处理到了哪里；socket 已经没了，问不成，vhost_virtqueue_stop 就退而用 vring 的 used 索引。接着由客户端重连：OVS 用 dpdkvhostuserclient 时是 DPDK 的 vhost-reconnect 线程，DPDK 作服务端时是 QEMU 的字符设备。在新连接上 QEMU 从头协商一遍，SET_VRING_BASE 带上保存下来的 vring base，于是 vring 从停下的地方继续，一个缓冲区也不丢。',
    },
  },
};
