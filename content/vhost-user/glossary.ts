/**
 * The vhost-user walkthrough's terms (shared/refs/TERMS.md: one rendering
 * per term; identifiers stay in English in both languages). The first name
 * in `en` / `zh`, before any comma or bracket, is the word the phase prose
 * uses, so a reader meets each term there first (vhost-user.test.ts checks).
 */
import type { GlossaryEntry } from '../glossary';

export const VHOST_USER_GLOSSARY: GlossaryEntry[] = [
  {
    en: 'vhost-user',
    zh: 'vhost-user',
    note: {
      en: "A protocol that moves a virtio device's data plane out of QEMU into another user-space process: QEMU describes guest memory and the rings over a unix socket, and the other process serves the rings itself.",
      zh: '把 virtio 设备的数据面从 QEMU 卸载到另一个用户态进程的协议：QEMU 通过 unix socket 描述客户机内存和各个 vring，由那个进程自己处理 vring。',
    },
  },
  {
    en: 'front-end, back-end (master, slave)',
    zh: '前端，后端（主、从）',
    note: {
      en: 'The front-end (QEMU) owns the device the guest sees and sends the requests; the back-end (here DPDK inside OVS) serves the rings. Older texts, seed 001 among them, say master and slave; the protocol renamed them, and DPDK 23.03 followed.',
      zh: '前端（QEMU）拥有客户机看到的设备并发出请求；后端（这里是 OVS 里的 DPDK）处理 vring。较早的资料（包括 seed 001）称之为 master 和 slave（主、从）；协议后来改了名，DPDK 从 23.03 起也跟着改了。',
    },
  },
  {
    en: 'unix domain socket',
    zh: 'unix domain socket（unix 域套接字）',
    note: {
      en: 'An AF_UNIX stream socket named by a file path. One side binds and listens, the other connects; unlike TCP it can carry open file descriptors from one process to another.',
      zh: '以文件路径命名的 AF_UNIX 流式套接字。一方绑定并监听，另一方连接；和 TCP 不同，它能把打开的文件描述符从一个进程传给另一个进程。',
    },
  },
  {
    en: 'SCM_RIGHTS',
    zh: 'SCM_RIGHTS',
    note: {
      en: "The ancillary-data type of sendmsg that passes fds. The kernel installs each in the receiver's fd table under a new number; both numbers refer to the same open file, such as an eventfd or guest memory.",
      zh: 'sendmsg 用来传递 fd 的辅助数据类型。内核把每个 fd 以新的编号装进接收方的 fd 表；两个编号指向同一个打开的文件，例如一个 eventfd 或一块客户机内存。',
    },
  },
  {
    en: 'VhostUserMsg',
    zh: 'VhostUserMsg',
    note: {
      en: 'One vhost-user message: a 12-byte header (request, flags, size of the payload) and a payload union whose member the request decides (u64, vring state, vring address, memory table, …). Fds ride beside it as SCM_RIGHTS.',
      zh: '一条 vhost-user 消息：12 字节的消息头（request、flags、负载大小），加一个由请求类型决定用哪个成员的负载联合体（u64、vring 状态、vring 地址、内存表……）。fd 以 SCM_RIGHTS 随消息一起传递。',
    },
  },
  {
    en: 'protocol features',
    zh: '协议特性',
    note: {
      en: 'vhost-user extensions, negotiated apart from the virtio feature bits with GET/SET_PROTOCOL_FEATURES, and only if the back-end set bit 30 of its features: MQ, REPLY_ACK, SLAVE_REQ, STATUS and others.',
      zh: 'vhost-user 的扩展能力，与 virtio 特性位分开、用 GET/SET_PROTOCOL_FEATURES 协商，前提是后端的特性里置了第 30 位：MQ、REPLY_ACK、SLAVE_REQ、STATUS 等。',
    },
  },
  {
    en: 'REPLY_ACK, NEED_REPLY',
    zh: 'REPLY_ACK，NEED_REPLY',
    note: {
      en: 'With the REPLY_ACK protocol feature the front-end may set NEED_REPLY (flags bit 3) on any request; the back-end then answers with a u64, 0 for success. A back-end that fails such a request acks the failure instead of closing the connection.',
      zh: '协商了 REPLY_ACK 协议特性后，前端可以在任何请求上置 NEED_REPLY（flags 第 3 位）；后端随后回一个 u64，0 表示成功。这样的请求处理失败时，后端回复失败，而不是关闭连接。',
    },
  },
  {
    en: 'vring base',
    zh: 'vring base',
    note: {
      en: "The ring's last_avail_idx as SET_VRING_BASE sets it and GET_VRING_BASE returns it: where the back-end takes the next buffer. QEMU saves it when a ring stops and sends it back on the next start, so a reconnected back-end resumes where the old one stopped.",
      zh: 'SET_VRING_BASE 设置、GET_VRING_BASE 取回的 last_avail_idx：后端下一个要取的缓冲区位置。vring 停下时 QEMU 把它存起来，下次启动时再发回去，于是重连后的后端能从旧后端停下的地方接着做。',
    },
  },
  {
    en: 'PMD (poll-mode driver)',
    zh: 'PMD（轮询模式驱动）',
    note: {
      en: "DPDK's way of doing I/O: a thread pinned to a core polls the rings in a loop instead of sleeping until a notification, so the guest's kicks are never read. OVS runs one such thread per core it is given.",
      zh: 'DPDK 的 I/O 方式：一个绑在某个核上的线程循环轮询各个 vring，而不是睡眠等通知，所以客户机的 kick 从来不会被读取。OVS 在分给它的每个核上各跑一个这样的线程。',
    },
  },
  {
    en: 'OVS-DPDK',
    zh: 'OVS-DPDK',
    note: {
      en: "Open vSwitch with its datapath in user space on DPDK (datapath_type=netdev). Its vhost-user ports use DPDK's vhost library, which is the back-end this walkthrough shows.",
      zh: '数据通路运行在用户态 DPDK 上的 Open vSwitch（datapath_type=netdev）。它的 vhost-user 端口使用 DPDK 的 vhost 库，也就是这个演示里的后端。',
    },
  },
  {
    en: 'dpdkvhostuserclient',
    zh: 'dpdkvhostuserclient',
    note: {
      en: 'The OVS port type whose vhost-user socket is a client: QEMU owns and listens on the socket (options:vhost-server-path), and OVS connects and reconnects. The older dpdkvhostuser type has OVS listen instead.',
      zh: 'socket 处于客户端模式的 OVS 端口类型：socket 由 QEMU 创建并监听（options:vhost-server-path），OVS 去连接、断了再重连。较早的 dpdkvhostuser 类型则由 OVS 监听。',
    },
  },
  {
    en: 'reconnect',
    zh: '重连',
    note: {
      en: 'When the connection drops, the side in client mode connects again (DPDK: its vhost-reconnect thread; QEMU: chardev reconnect=), and QEMU negotiates from the start, restoring each ring from its vring base.',
      zh: '连接断开后，处于客户端模式的一方重新连接（DPDK 靠它的 vhost-reconnect 线程；QEMU 靠字符设备的 reconnect= 选项），QEMU 从头协商一遍，并用各 vring 的 vring base 恢复它们。',
    },
  },
];
