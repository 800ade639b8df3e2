/**
 * Captions for the vhost-user walkthrough's beats (seed 001 for QEMU's side
 * of the negotiation, seed 000 for DPDK's handlers, its log and the call
 * decision): the socket, each message written and read (what it means, with
 * the values decoded from its bytes: messages.ts), DPDK applying it, the
 * application callbacks, and the PMD on the rings. Each caption is one to
 * three sentences; the phase prose (phases.ts) tells the longer story.
 */
import type { CaptionCtx, CaptionPart } from '../caption-types';
import type { Bilingual } from '../types';
import type { VhostUserEventFields } from '@/engine/trace/events-vhost-user';
import { replyMeaning, requestMeaning, within } from './messages';
import { sentPayload } from './payload';

type F<K extends keyof VhostUserEventFields> = VhostUserEventFields[K];

const sideEn = (s: 'qemu' | 'dpdk') => (s === 'qemu' ? 'QEMU' : 'DPDK');
const sideZh = (s: 'qemu' | 'dpdk') => (s === 'qemu' ? 'QEMU' : 'DPDK');
const fdsEn = (fds: readonly number[]) => (fds.length === 1 ? `fd ${fds[0]}` : `fds ${fds.join(', ')}`);
const fdsZh = (fds: readonly number[]) => `fd ${fds.join('、')}`;
const flagsHex = (flags: number) => `0x${flags.toString(16)}`;
const NEED_REPLY = 0x8;

/** The header in words: request number, flags (with what they mean when not plain 0x1), payload size. */
function headerEn(f: F<'vu_send'>): string {
  const flags = f.reply ? `flags ${flagsHex(f.flags)} = version 1 | REPLY` : f.flags & NEED_REPLY ? `flags ${flagsHex(f.flags)} = version 1 | NEED_REPLY` : `flags ${flagsHex(f.flags)}`;
  return `request ${f.request}, ${flags}, ${f.size}-byte payload`;
}
function headerZh(f: F<'vu_send'>): string {
  const flags = f.reply ? `flags ${flagsHex(f.flags)}，即版本 1 | REPLY` : f.flags & NEED_REPLY ? `flags ${flagsHex(f.flags)}，即版本 1 | NEED_REPLY` : `flags ${flagsHex(f.flags)}`;
  return `request ${f.request}，${flags}，负载 ${f.size} 字节`;
}

/** What the message means, when there is a sentence for it. */
function meaningOf(f: F<'vu_send'>, c: CaptionCtx): Bilingual | null {
  const p = sentPayload(f);
  if (f.reply && f.from === 'dpdk') return replyMeaning(f.request, f.name, p);
  if (!f.reply && f.from === 'qemu') return requestMeaning(f.request, p, c);
  return null;
}

const SEND = {
  en: (f: F<'vu_send'>, c: CaptionCtx) => {
    const who = sideEn(f.from);
    const fds = f.fds.length ? ` with ${fdsEn(f.fds)} attached (SCM_RIGHTS)` : '';
    const lead = f.reply ? `${who} writes its reply to ${f.name} (${headerEn(f)})${fds}.` : `${who} writes ${f.name} (${headerEn(f)})${fds}.`;
    const m = meaningOf(f, c);
    if (m) return `${lead} ${m.en}`;
    return f.from === 'dpdk' && !f.reply ? `${lead} It goes on the backend channel QEMU handed over with SET_SLAVE_REQ_FD.` : lead;
  },
  zh: (f: F<'vu_send'>, c: CaptionCtx) => {
    const who = sideZh(f.from);
    const fds = f.fds.length ? `，并以 SCM_RIGHTS 附带 ${fdsZh(f.fds)}` : '';
    const lead = f.reply ? `${who} 写出对 ${f.name} 的答复（${headerZh(f)}）${fds}。` : `${who} 写出 ${f.name}（${headerZh(f)}）${fds}。`;
    const m = meaningOf(f, c);
    if (m) return `${lead}${m.zh}`;
    return f.from === 'dpdk' && !f.reply ? `${lead}它走的是 QEMU 用 SET_SLAVE_REQ_FD 交过来的后端通道。` : lead;
  },
};

const RECV = {
  en: (f: F<'vu_recv'>) => {
    if (f.by === 'dpdk') {
      const fds = f.fds.length ? `; the kernel installs the passed descriptors in the back-end's own table as ${fdsEn(f.fds)}, new numbers for the same open files` : '';
      return `DPDK's vhost-events thread reads ${f.name} from fd ${f.fd} (vhost_user_read_cb calls vhost_user_msg_handler)${fds}.`;
    }
    if (f.reply) return `QEMU reads the reply to ${f.name} in vhost_user_read: the flags must be exactly 0x5 (version 1 | REPLY) and the request the one it sent, or the call fails.`;
    return `QEMU reads ${f.name} from the backend channel${f.fds.length ? `, with ${fdsEn(f.fds)} now in its own table` : ''}.`;
  },
  zh: (f: F<'vu_recv'>) => {
    if (f.by === 'dpdk') {
      const fds = f.fds.length ? `；内核把传过来的描述符装进后端自己的 fd 表，编号是 ${f.fds.join('、')}：号码换了，指向的还是同一个打开的文件` : '';
      return `DPDK 的 vhost-events 线程从 fd ${f.fd} 读到 ${f.name}（vhost_user_read_cb 调用 vhost_user_msg_handler）${fds}。`;
    }
    if (f.reply) return `QEMU 在 vhost_user_read 里读到对 ${f.name} 的答复：flags 必须恰好是 0x5（版本 1 | REPLY），request 必须是它发出的那个，否则这次调用失败。`;
    return `QEMU 从后端通道读到 ${f.name}${f.fds.length ? `，${fdsZh(f.fds)} 已装进它自己的 fd 表` : ''}。`;
  },
};

const FAULT_EN: Record<F<'vu_fault_injected'>['fault'], string> = {
  'fd-count': 'it should carry an fd but carries none',
  'vring-index': 'it names a vring index far past the last one',
  'size-too-large': "its header's size is larger than any payload DPDK knows",
  'unhandled-request': 'its request number is one DPDK has no handler for',
  'region-overflow': "its memory table's first region has an mmap offset so large that offset plus size wraps past the end of the address space",
};
const FAULT_ZH: Record<F<'vu_fault_injected'>['fault'], string> = {
  'fd-count': '本该带一个 fd，实际一个也没带',
  'vring-index': '给出的 vring 序号远超最后一个',
  'size-too-large': '消息头里的 size 比 DPDK 认识的任何负载都大',
  'unhandled-request': '请求号是 DPDK 没有处理函数的那种',
  'region-overflow': '内存表第一个区域的 mmap 偏移大得离谱，偏移加大小越过了地址空间的末尾',
};

/** Why DPDK refuses, by the decoder's error code (engine/abi/vhost-user.ts VhostUserDecodeError). */
const REJECT_EN: Record<string, string> = {
  'peer-closed': 'recv returned 0: the peer closed the socket',
  'truncated-control': 'more fds came than the control buffer holds',
  'short-header': 'fewer than 12 header bytes arrived',
  'size-too-large': 'the header says more payload than sizeof(VhostUserMsg.payload), 632 bytes',
  'short-payload': 'fewer payload bytes arrived than the header says',
  'vring-index': 'the vring index is not below VHOST_MAX_VRING (256)',
  'unhandled-request': 'there is no handler for the request',
  'fd-count': 'validate_msg_fds finds the wrong number of fds for the request',
  'bad-size': 'the payload size does not fit the request',
  'too-many-regions': 'nregions is more than VHOST_MEMORY_MAX_NREGIONS (8)',
  'region-overflow': 'a region runs past the end of the address space',
  'bad-value': 'a value in the payload is out of range',
};
const REJECT_ZH: Record<string, string> = {
  'peer-closed': 'recv 返回 0：对端关闭了 socket',
  'truncated-control': '传来的 fd 比控制缓冲区装得下的多',
  'short-header': '收到的消息头不足 12 字节',
  'size-too-large': '消息头声明的负载超过 sizeof(VhostUserMsg.payload)，即 632 字节',
  'short-payload': '收到的负载比消息头声明的少',
  'vring-index': 'vring 序号不小于 VHOST_MAX_VRING（256）',
  'unhandled-request': '这个请求没有处理函数',
  'fd-count': 'validate_msg_fds 发现 fd 个数与请求不符',
  'bad-size': '负载大小与请求不符',
  'too-many-regions': 'nregions 超过了 VHOST_MEMORY_MAX_NREGIONS（8）',
  'region-overflow': '某个区域越过了地址空间的末尾',
  'bad-value': '负载里的某个值超出范围',
};

/** What each DPDK handler does to the device, given the beat's fields. */
const APPLY: Record<F<'vu_apply'>['what'], (f: F<'vu_apply'>) => Bilingual> = {
  features: (f) => ({ en: `records the features both sides use, ${f.value}`, zh: `记下双方使用的特性 ${f.value}` }),
  'protocol-features': (f) => ({ en: `records the protocol features it may use, ${f.value}`, zh: `记下可以使用的协议特性 ${f.value}` }),
  owner: () => ({ en: 'accepts QEMU as the owner; there is nothing to store', zh: '接受 QEMU 为所有者；没有什么需要保存' }),
  'reset-owner': () => ({ en: 'drops the owner and resets the device', zh: '撤销所有者并重置设备' }),
  'mem-table': (f) => ({
    en: `mmaps each region from its fd and builds the guest-physical to host-virtual table (${f.value})`,
    zh: `用各自的 fd 把每个内存区域 mmap 进来，建立客户机物理地址到自身虚拟地址的转换表（${f.value}）`,
  }),
  'vring-num': (f) => ({ en: `stores the ring size, ${f.value}`, zh: `记下 vring 大小 ${f.value}` }),
  'vring-addr': (f) => ({ en: `translates the ring's three addresses into its own through the memory table (${f.value})`, zh: `通过内存表把 vring 的三个地址换算成自己的地址（${f.value}）` }),
  'vring-base': (f) => ({ en: `sets last_avail_idx, where it takes the next buffer, to ${f.value}`, zh: `把 last_avail_idx（下一个要取的缓冲区位置）设为 ${f.value}` }),
  'vring-kick': (f) => ({ en: `keeps the kick eventfd (${f.value})`, zh: `保存 kick eventfd（${f.value}）` }),
  'vring-call': (f) => ({ en: `keeps the call eventfd it will write to interrupt the guest (${f.value})`, zh: `保存用来给客户机发中断的 call eventfd（${f.value}）` }),
  'vring-err': (f) => ({ en: `closes the error eventfd at once: DPDK does not report ring errors (${f.value})`, zh: `马上关掉 error eventfd：DPDK 并不报告 vring 错误（${f.value}）` }),
  'vring-enable': (f) => ({ en: `sets the ring's enabled flag (${f.value})`, zh: `设置 vring 的使能标志（${f.value}）` }),
  'vring-stop': (f) => ({ en: `stops the ring and hands back its last_avail_idx, ${f.value}`, zh: `停下这个 vring，交回它的 last_avail_idx：${f.value}` }),
  'queue-num': (f) => ({ en: `reports how many queue pairs it serves, ${f.value}`, zh: `报告它能服务的队列对数：${f.value}` }),
  'backend-req-fd': (f) => ({ en: `keeps the socket for its own requests to QEMU (${f.value})`, zh: `留下这个 socket，用来向 QEMU 发它自己的请求（${f.value}）` }),
  mtu: (f) => ({ en: `records the MTU, ${f.value}`, zh: `记下 MTU：${f.value}` }),
  status: (f) => ({ en: `records the device status byte, ${f.value}`, zh: `记下设备状态字节：${f.value}` }),
  'log-base': (f) => ({ en: `maps the dirty-page log (${f.value})`, zh: `映射脏页日志（${f.value}）` }),
};

/** What QEMU's vhost code records, by `what`. */
const QEMU_STATE: Record<F<'vu_qemu_state'>['what'], Bilingual> = {
  features: { en: "the back-end's virtio features (hdev->features)", zh: '后端的 virtio 特性（hdev->features）' },
  'protocol-features': { en: 'the protocol features both sides use (dev->protocol_features)', zh: '双方使用的协议特性（dev->protocol_features）' },
  'queue-num': { en: 'how many queue pairs the back-end serves (max_queues)', zh: '后端能服务的队列对数（max_queues）' },
  'max-mem-slots': { en: 'how many memory slots the back-end maps', zh: '后端能映射的内存槽数' },
  'vring-base': { en: 'the vring base it will restart the ring from (last_avail_idx)', zh: '重新启动时 vring 的起点，即 vring base（last_avail_idx）' },
  started: { en: 'that the vhost device is started', zh: 'vhost 设备已启动' },
  stopped: { en: 'that the vhost device is stopped', zh: 'vhost 设备已停止' },
  'chr-opened': { en: 'that the chardev connection is open (CHR_EVENT_OPENED): vhost_user_start can run', zh: '字符设备连接已打开（CHR_EVENT_OPENED）：可以执行 vhost_user_start 了' },
  'chr-closed': { en: 'that the chardev connection closed (CHR_EVENT_CLOSED): the back-end is gone', zh: '字符设备连接已关闭（CHR_EVENT_CLOSED）：后端不在了' },
};

/** A few of DPDK's lines deserve a word on what they tell the reader. */
function logNote(text: string): Bilingual | null {
  if (/virtio is now ready for processing/.test(text)) return { en: 'virtio_is_ready holds, so new_device comes next', zh: 'virtio_is_ready 成立了，接下来就是 new_device' };
  if (/read message /.test(text)) return { en: 'vhost_user_msg_handler prints this for every message it reads', zh: 'vhost_user_msg_handler 每读到一条消息都打印这一行' };
  if (/vring (kick|call) idx:/.test(text)) return { en: "file is DPDK's own number for the eventfd, not QEMU's", zh: 'file 是 DPDK 自己给这个 eventfd 的编号，不是 QEMU 的' };
  if (/vhost peer closed/.test(text)) return { en: 'recv returned 0: the other side closed the socket', zh: 'recv 返回 0：对端关闭了 socket' };
  if (/reconnecting/.test(text)) return { en: 'the client side keeps trying to connect', zh: '客户端一方在不断尝试重新连接' };
  return null;
}

/** 22.07 and later put the socket path in brackets after VHOST_CONFIG:, 19.11 does not. */
const isModernLog = (text: string) => /^VHOST_CONFIG: \(/.test(text);

export const VHOST_USER_CAPTIONS = {
  vu_socket: {
    en: (f) => {
      const who = sideEn(f.who);
      switch (f.op) {
        case 'listen':
          return `${who} binds the unix socket ${f.path} and listens on it (fd ${f.fd}): it is the server and waits for the other side to connect.`;
        case 'connect':
          return `${who} connects to ${f.path} (fd ${f.fd}): the control channel is up, and every message from here on travels over it.`;
        case 'connect-failed':
          return `${who} tries to connect to ${f.path} but nobody is listening (errno ${f.errno}); as the client it will try again.`;
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
          return `${who} 连上 ${f.path}（fd ${f.fd}）：控制通道建立了，此后的每条消息都走这里。`;
        case 'connect-failed':
          return `${who} 去连 ${f.path}，但没有人在监听（errno ${f.errno}）；作为客户端，它之后会重试。`;
        case 'accept':
          return `${who} 在 ${f.path} 上接受连接：fd ${f.fd} 是它这一端的控制通道。`;
        case 'close':
          return `${who} 关闭自己这一端的控制通道（fd ${f.fd}）。`;
        case 'hup':
          return `${who} 的 poll 发现 fd ${f.fd} 上对端挂断了：另一个进程关闭了它那一端。`;
      }
    },
  },
  vu_send: SEND,
  vu_recv: RECV,
  vu_fault_injected: {
    en: (f) =>
      `The walkthrough's fault switch spoils QEMU's ${f.name} (request ${f.request}) on its way out: ${FAULT_EN[f.fault]}. Real QEMU never sends this, but a buggy or hostile front-end could, and the back-end must survive it.`,
    zh: (f) => `演示的故障开关在 QEMU 的 ${f.name}（request ${f.request}）发出时把它弄坏了：${FAULT_ZH[f.fault]}。真正的 QEMU 不会发这样的消息；但有缺陷或恶意的前端可能会，后端必须扛得住。`,
  },
  vu_reject: {
    en: (f) => {
      const why = REJECT_EN[f.error] ?? f.error;
      const then = f.closes
        ? 'vhost_user_msg_handler returns -1, so vhost_user_read_cb closes the connection and destroys the device; nothing of the message is applied.'
        : f.nack
          ? 'QEMU asked for an ack (NEED_REPLY), so DPDK answers u64 1, a failure, and keeps the connection.'
          : 'DPDK ignores it.';
      return `DPDK refuses ${f.name} (${f.error}: ${why}). ${then}`;
    },
    zh: (f) => {
      const why = REJECT_ZH[f.error] ?? f.error;
      const then = f.closes
        ? 'vhost_user_msg_handler 返回 -1，于是 vhost_user_read_cb 关闭连接并销毁设备：这条消息的内容一点也没有生效。'
        : f.nack
          ? 'QEMU 要求确认（NEED_REPLY），所以 DPDK 回复 u64 1 表示失败，连接保持不断。'
          : 'DPDK 忽略了它。';
      return `DPDK 拒绝了 ${f.name}（${f.error}：${why}）。${then}`;
    },
  },
  dpdk_log: {
    en: (f) => {
      const what = f.level === 'ERR' ? 'an error' : 'a line';
      const where = isModernLog(f.text) ? ', the socket path in brackets as 22.07 and later print it' : '';
      const note = logNote(f.text);
      return `DPDK logs ${what}${where}: “${f.text.trim()}”${note ? ` (${note.en})` : ''}.`;
    },
    zh: (f) => {
      const what = f.level === 'ERR' ? '一条错误' : '一行日志';
      const where = isModernLog(f.text) ? '，按 22.07 及以后的格式在括号里带上 socket 路径' : '';
      const note = logNote(f.text);
      return `DPDK 打印${what}${where}：“${f.text.trim()}”${note ? `（${note.zh}）` : ''}。`;
    },
  },
  qemu_log: {
    en: (f) => `QEMU prints ${f.level === 'info' ? 'a notice' : `a ${f.level}`}: “${f.text}”.`,
    zh: (f) => `QEMU 打印${f.level === 'error' ? '错误' : f.level === 'warning' ? '警告' : '信息'}：“${f.text}”。`,
  },
  vu_apply: {
    en: (f) => {
      const s = APPLY[f.what](f).en;
      const vring = f.vring === null ? '' : ` for vring ${f.vring}`;
      const fd = f.fd === null ? '' : `; it holds the file as fd ${f.fd}`;
      const closed = f.closed === null ? '' : `, closing fd ${f.closed}, the one it had`;
      return `DPDK's handler for ${f.name} ${s}${vring}${fd}${closed}.`;
    },
    zh: (f) => {
      const s = APPLY[f.what](f).zh;
      const vring = f.vring === null ? '' : `（vring ${f.vring}）`;
      const fd = f.fd === null ? '' : `；它持有的是 fd ${f.fd}`;
      const closed = f.closed === null ? '' : `，并关掉原来的 fd ${f.closed}`;
      return `DPDK 处理 ${f.name} 的函数${vring}${s}${fd}${closed}。`;
    },
  },
  vu_qemu_state: {
    en: (f) => `QEMU's vhost device for queue pair ${f.queuePair} records ${QEMU_STATE[f.what].en}${f.vring === null ? '' : `, virtqueue ${f.vring}`}: ${f.value}.`,
    zh: (f) => `QEMU 中队列对 ${f.queuePair} 的 vhost 设备记下${QEMU_STATE[f.what].zh}${f.vring === null ? '' : `（virtqueue ${f.vring}）`}：${f.value}。`,
  },
  vu_notify_app: {
    en: (f, c) => {
      if (f.op === 'new_device')
        return `virtio_is_ready holds, so DPDK calls OVS's new_device (vid ${f.vid}) and OVS's PMD starts polling the rings. DPDK 19.11 needs every ring's addresses, kick and call; 22.11 also wants them enabled and, with STATUS, the guest's DRIVER_OK.`;
      if (f.op === 'destroy_device')
        return within(c, 'vhost_user_get_vring_base@dpdk', 'vhost_user_get_vring_base')
          ? `QEMU is stopping a ring, so DPDK calls OVS's destroy_device (vid ${f.vid}) first: the PMD stops polling before the ring changes hands.`
          : `DPDK calls OVS's destroy_device (vid ${f.vid}): the PMD stops polling the rings before the device goes away.`;
      return `DPDK calls OVS's vring_state_changed: vring ${f.vring} is now ${f.enable ? 'enabled' : 'disabled'}, and OVS polls only the enabled queues.`;
    },
    zh: (f, c) => {
      if (f.op === 'new_device')
        return `virtio_is_ready 成立，于是 DPDK 调用 OVS 的 new_device（vid ${f.vid}），OVS 的 PMD 开始轮询各个 vring。DPDK 19.11 要求每个 vring 都有地址、kick 和 call；22.11 还要求它们已使能，协商了 STATUS 时还要等客户机的 DRIVER_OK。`;
      if (f.op === 'destroy_device')
        return within(c, 'vhost_user_get_vring_base@dpdk', 'vhost_user_get_vring_base')
          ? `QEMU 要停下一个 vring，所以 DPDK 先调用 OVS 的 destroy_device（vid ${f.vid}）：在 vring 易手之前，PMD 先停止轮询。`
          : `DPDK 调用 OVS 的 destroy_device（vid ${f.vid}）：在设备消失前，PMD 停止轮询它的 vring。`;
      return `DPDK 调用 OVS 的 vring_state_changed：vring ${f.vring} 现在${f.enable ? '已使能' : '已停用'}，OVS 只轮询使能了的队列。`;
    },
  },
  dpdk_dequeue: {
    en: (f) => `The PMD polls TX vring ${f.vring} without waiting for a kick and takes ${f.count} buffer(s) (heads ${f.heads.join(', ')}); last_avail_idx is now ${f.lastAvail} of avail->idx ${f.availIdx}.`,
    zh: (f) => `PMD 不等 kick，直接轮询发送 vring ${f.vring}，取走 ${f.count} 个缓冲区（head ${f.heads.join('、')}）；last_avail_idx 现在是 ${f.lastAvail}，avail->idx 是 ${f.availIdx}。`,
  },
  dpdk_enqueue: {
    en: (f) => `OVS sends the frame(s) back: the PMD copies ${f.count} into the guest's receive buffers on vring ${f.vring} (heads ${f.heads.join(', ')}) and publishes used->idx ${f.lastUsed}.`,
    zh: (f) => `OVS 把帧原样送回：PMD 把 ${f.count} 个帧拷进客户机在 vring ${f.vring} 上的接收缓冲区（head ${f.heads.join('、')}），并发布 used->idx ${f.lastUsed}。`,
  },
  dpdk_vring_call: {
    en: (f) =>
      f.reason === 'event-idx'
        ? `vhost_vring_call_split on vring ${f.vring} asks vhost_need_event(used_event ${f.usedEvent}, new ${f.newUsed}, old ${f.oldUsed}): ${f.signal ? `the guest wants to hear about this, so DPDK writes the call eventfd (its fd ${f.fd})` : 'the guest does not want an interrupt yet, so no call'}.`
        : `vhost_vring_call_split on vring ${f.vring} looks at the avail ring's flags: ${f.signal ? `no VRING_AVAIL_F_NO_INTERRUPT, so DPDK writes the call eventfd (its fd ${f.fd})` : 'VRING_AVAIL_F_NO_INTERRUPT is set, so no call'}.`,
    zh: (f) =>
      f.reason === 'event-idx'
        ? `vhost_vring_call_split 为 vring ${f.vring} 计算 vhost_need_event(used_event ${f.usedEvent}, new ${f.newUsed}, old ${f.oldUsed})：${f.signal ? `客户机想知道这次更新，于是 DPDK 写 call eventfd（它这边的 fd ${f.fd}）` : '客户机暂时不要中断，所以不 call'}。`
        : `vhost_vring_call_split 查看 vring ${f.vring} 的 avail 环 flags：${f.signal ? `没有 VRING_AVAIL_F_NO_INTERRUPT，于是 DPDK 写 call eventfd（它这边的 fd ${f.fd}）` : '置了 VRING_AVAIL_F_NO_INTERRUPT，所以不 call'}。`,
  },
} satisfies CaptionPart;
