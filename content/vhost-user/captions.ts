/**
 * Captions for the vhost-user walkthrough's beats (seed 001 for QEMU's side
 * of the negotiation, seed 000 for DPDK's handlers, its log and the call
 * decision): the socket, each message written and read, DPDK applying it,
 * the application callbacks, and the PMD on the rings.
 */
import type { CaptionPart } from '../caption-types';

const sideEn = (s: 'qemu' | 'dpdk') => (s === 'qemu' ? 'QEMU' : 'the DPDK back-end');
const sideZh = (s: 'qemu' | 'dpdk') => (s === 'qemu' ? 'QEMU' : 'DPDK 后端');
const fdsEn = (fds: readonly number[]) => (fds.length === 1 ? `fd ${fds[0]}` : `fds ${fds.join(', ')}`);

const APPLY_EN: Record<string, string> = {
  features: 'records the virtio features both sides agreed on',
  'protocol-features': 'records the vhost-user protocol features it may use',
  owner: 'marks the device as owned by this front-end',
  'reset-owner': 'drops the owner and resets the device',
  'mem-table': 'maps every guest memory region from the passed fds and builds its guest-physical to host-virtual table',
  'vring-num': 'stores the ring size',
  'vring-addr': "translates the ring's three addresses from QEMU's virtual addresses to its own",
  'vring-base': 'sets where the ring starts (last_avail_idx)',
  'vring-kick': 'installs the kick eventfd, closing the one it had',
  'vring-call': 'installs the call eventfd, closing the one it had',
  'vring-err': 'installs the error eventfd',
  'vring-enable': 'enables or disables the ring',
  'vring-stop': "stops the ring and hands back its last_avail_idx",
  'queue-num': 'reports how many queues it supports',
  'backend-req-fd': 'keeps the socket for requests of its own to QEMU',
  mtu: 'records the MTU',
  status: 'records the device status byte',
  'log-base': 'maps the dirty-page log',
};
const APPLY_ZH: Record<string, string> = {
  features: '记下双方协商好的 virtio 特性',
  'protocol-features': '记下可以使用的 vhost-user 协议特性',
  owner: '把设备标记为归这个前端所有',
  'reset-owner': '撤销所有者并重置设备',
  'mem-table': '用传过来的 fd 映射客户机的每个内存区，建立客户机物理地址到自身虚拟地址的转换表',
  'vring-num': '记下 vring 的大小',
  'vring-addr': '把 vring 的三个地址从 QEMU 的虚拟地址转换成自己的地址',
  'vring-base': '设定 vring 的起点（last_avail_idx）',
  'vring-kick': '装上 kick eventfd，并关掉原来那个',
  'vring-call': '装上 call eventfd，并关掉原来那个',
  'vring-err': '装上 error eventfd',
  'vring-enable': '启用或停用这个 vring',
  'vring-stop': '停下这个 vring，并交回它的 last_avail_idx',
  'queue-num': '报告它支持多少个队列',
  'backend-req-fd': '留下这个 socket，用来向 QEMU 发它自己的请求',
  mtu: '记下 MTU',
  status: '记下设备状态字节',
  'log-base': '映射脏页日志',
};

export const VHOST_USER_CAPTIONS = {
  vu_socket: {
    en: (f) => {
      const who = sideEn(f.who);
      switch (f.op) {
        case 'listen':
          return `${who} binds the unix socket ${f.path} and listens on it (fd ${f.fd}): it is the server and waits for the other side to connect.`;
        case 'connect':
          return `${who} connects to ${f.path} (fd ${f.fd}): the control channel is up.`;
        case 'connect-failed':
          return `${who} tries to connect to ${f.path} but nobody is listening yet (errno ${f.errno}); as a client it will try again.`;
        case 'accept':
          return `${who} accepts the connection on ${f.path}: fd ${f.fd} is its end of the control channel.`;
        case 'close':
          return `${who} closes its end of the control channel (fd ${f.fd}).`;
        case 'hup':
          return `${who}'s poll sees the peer hang up on fd ${f.fd}: the other process closed its end.`;
      }
    },
    zh: (f) => {
      const who = sideZh(f.who);
      switch (f.op) {
        case 'listen':
          return `${who} 绑定 unix socket ${f.path} 并开始监听（fd ${f.fd}）：它是服务端，等对方来连接。`;
        case 'connect':
          return `${who} 连上 ${f.path}（fd ${f.fd}）：控制通道建立了。`;
        case 'connect-failed':
          return `${who} 去连 ${f.path}，但还没有人在监听（errno ${f.errno}）；作为客户端，它之后会重试。`;
        case 'accept':
          return `${who} 在 ${f.path} 上接受连接：fd ${f.fd} 是它这一端的控制通道。`;
        case 'close':
          return `${who} 关闭自己这一端的控制通道（fd ${f.fd}）。`;
        case 'hup':
          return `${who} 的 poll 发现 fd ${f.fd} 上对端挂断了：另一个进程关闭了它那一端。`;
      }
    },
  },
  vu_send: {
    en: (f) =>
      `${sideEn(f.from)} writes ${f.reply ? 'the reply to ' : ''}${f.name}: a 12-byte header (request ${f.request}, flags 0x${f.flags.toString(16)}, size ${f.size}) and ${f.size} bytes of payload${f.fds.length ? `, with ${fdsEn(f.fds)} attached as SCM_RIGHTS` : ''}.`,
    zh: (f) =>
      `${sideZh(f.from)} 写出${f.reply ? ' ' + f.name + ' 的回复' : ' ' + f.name}：12 字节的消息头（request ${f.request}，flags 0x${f.flags.toString(16)}，size ${f.size}），加上 ${f.size} 字节负载${f.fds.length ? `，并以 SCM_RIGHTS 附带 ${f.fds.length === 1 ? `fd ${f.fds[0]}` : `fd ${f.fds.join('、')}`}` : ''}。`,
  },
  vu_recv: {
    en: (f) =>
      `${sideEn(f.by)} reads ${f.reply ? 'the reply to ' : ''}${f.name}${f.fds.length ? `; the kernel installs the passed descriptors in its own table as ${fdsEn(f.fds)}, new numbers for the same open files` : ''}.`,
    zh: (f) =>
      `${sideZh(f.by)} 读到${f.reply ? ' ' + f.name + ' 的回复' : ' ' + f.name}${f.fds.length ? `；内核把传过来的描述符装进它自己的 fd 表，编号是 ${f.fds.join('、')}：号码换了，指向的还是同一个打开的文件` : ''}。`,
  },
  vu_fault_injected: {
    en: (f) => {
      const what = {
        'fd-count': 'it claims an fd but carries none',
        'vring-index': 'it names a vring index far past the last one',
        'size-too-large': "its header's size is larger than any payload DPDK knows",
        'unhandled-request': 'its request number is one DPDK has no handler for',
        'too-many-regions': 'its memory table lists more regions than the eight a message can hold',
      }[f.fault];
      return `The walkthrough's fault switch spoils QEMU's ${f.name} on its way out: ${what}. Real QEMU never sends this; a buggy or hostile front-end could, and the back-end must survive it.`;
    },
    zh: (f) => {
      const what = {
        'fd-count': '声称带了 fd，实际一个也没带',
        'vring-index': '给出的 vring 序号远超最后一个',
        'size-too-large': '消息头里的 size 比 DPDK 认识的任何负载都大',
        'unhandled-request': '请求号是 DPDK 没有处理函数的那种',
        'too-many-regions': '内存表列出的区域超过一条消息最多能带的 8 个',
      }[f.fault];
      return `演示的故障开关在 QEMU 的 ${f.name} 发出时把它弄坏了：${what}。真正的 QEMU 不会发这样的消息；但有缺陷或恶意的前端可能会，后端必须扛得住。`;
    },
  },
  vu_reject: {
    en: (f) =>
      `DPDK refuses ${f.name} (${f.error}). ${f.closes ? 'vhost_user_msg_handler returns an error, so vhost_user_read_cb closes the connection and destroys the device: nothing of the message is applied.' : f.nack ? 'The sender asked for a reply (NEED_REPLY), so DPDK answers with a failure code instead of closing.' : 'It is ignored.'}`,
    zh: (f) =>
      `DPDK 拒绝了 ${f.name}（${f.error}）。${f.closes ? 'vhost_user_msg_handler 返回错误，于是 vhost_user_read_cb 关闭连接并销毁设备：这条消息的内容一点也没有生效。' : f.nack ? '发送方要求回复（NEED_REPLY），所以 DPDK 回一个失败码，而不是关连接。' : '它被忽略了。'}`,
  },
  dpdk_log: {
    en: (f) => `DPDK logs: “${f.text.trim()}”.`,
    zh: (f) => `DPDK 打印日志：“${f.text.trim()}”。`,
  },
  qemu_log: {
    en: (f) => `QEMU prints: “${f.text}”.`,
    zh: (f) => `QEMU 打印：“${f.text}”。`,
  },
  vu_apply: {
    en: (f) => `DPDK's handler for ${f.name} ${APPLY_EN[f.what] ?? f.what}${f.vring === null ? '' : ` (vring ${f.vring})`}: ${f.value}.`,
    zh: (f) => `DPDK 处理 ${f.name} 的函数${APPLY_ZH[f.what] ?? f.what}${f.vring === null ? '' : `（vring ${f.vring}）`}：${f.value}。`,
  },
  vu_qemu_state: {
    en: (f) => `QEMU's vhost device for queue pair ${f.queuePair} records ${f.what}${f.vring === null ? '' : ` of virtqueue ${f.vring}`}: ${f.value}.`,
    zh: (f) => `QEMU 里队列对 ${f.queuePair} 的 vhost 设备记下 ${f.what}${f.vring === null ? '' : `（virtqueue ${f.vring}）`}：${f.value}。`,
  },
  vu_notify_app: {
    en: (f) =>
      f.op === 'new_device'
        ? `Every ring is ready, so DPDK calls the application's new_device (vid ${f.vid}): OVS can now start polling the rings from its PMD threads.`
        : f.op === 'destroy_device'
          ? `DPDK calls the application's destroy_device (vid ${f.vid}): OVS stops polling the rings before the device goes away.`
          : `DPDK calls vring_state_changed: vring ${f.vring} is now ${f.enable ? 'enabled' : 'disabled'}.`,
    zh: (f) =>
      f.op === 'new_device'
        ? `所有 vring 都就绪了，DPDK 调用应用的 new_device（vid ${f.vid}）：OVS 的 PMD 线程从此可以轮询这些 vring。`
        : f.op === 'destroy_device'
          ? `DPDK 调用应用的 destroy_device（vid ${f.vid}）：在设备消失前，OVS 停止轮询它的 vring。`
          : `DPDK 调用 vring_state_changed：vring ${f.vring} 现在${f.enable ? '启用' : '停用'}了。`,
  },
  dpdk_dequeue: {
    en: (f) => `The PMD polls TX vring ${f.vring} without waiting for a kick and takes ${f.count} buffer(s) (heads ${f.heads.join(', ')}); last_avail_idx is now ${f.lastAvail}.`,
    zh: (f) => `PMD 不等 kick，直接轮询发送 vring ${f.vring}，取走 ${f.count} 个缓冲区（head ${f.heads.join('、')}）；last_avail_idx 变成 ${f.lastAvail}。`,
  },
  dpdk_enqueue: {
    en: (f) => `The PMD copies ${f.count} frame(s) into the guest's receive buffers on vring ${f.vring} (heads ${f.heads.join(', ')}) and publishes used->idx ${f.lastUsed}.`,
    zh: (f) => `PMD 把 ${f.count} 个帧拷进客户机在 vring ${f.vring} 上的接收缓冲区（head ${f.heads.join('、')}），并发布 used->idx ${f.lastUsed}。`,
  },
  dpdk_vring_call: {
    en: (f) =>
      f.reason === 'event-idx'
        ? `vhost_vring_call_split asks vhost_need_event(used_event ${f.usedEvent}, new ${f.newUsed}, old ${f.oldUsed}): ${f.signal ? `the guest wants to hear about this, so DPDK writes the call eventfd (its fd ${f.fd})` : 'the guest does not want an interrupt yet, so no call'}.`
        : `vhost_vring_call_split looks at the avail ring's flags: ${f.signal ? `no VRING_AVAIL_F_NO_INTERRUPT, so DPDK writes the call eventfd (its fd ${f.fd})` : 'VRING_AVAIL_F_NO_INTERRUPT is set, so no call'}.`,
    zh: (f) =>
      f.reason === 'event-idx'
        ? `vhost_vring_call_split 计算 vhost_need_event(used_event ${f.usedEvent}, new ${f.newUsed}, old ${f.oldUsed})：${f.signal ? `客户机想知道这次更新，于是 DPDK 写 call eventfd（它这边的 fd ${f.fd}）` : '客户机暂时不要中断，所以不 call'}。`
        : `vhost_vring_call_split 查看 avail 环的 flags：${f.signal ? `没有 VRING_AVAIL_F_NO_INTERRUPT，于是 DPDK 写 call eventfd（它这边的 fd ${f.fd}）` : '置了 VRING_AVAIL_F_NO_INTERRUPT，所以不 call'}。`,
  },
} satisfies CaptionPart;
