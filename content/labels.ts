/**
 * The names the memory map and the eventfd panel give to what the engine
 * built: guest allocations, QEMU's open files, and the ranges a beat
 * touched. The engine keeps an English label for the command line; the page
 * says them in the reader's language from the role and numbers here.
 * Identifiers (struct names, device paths, kick / call) stay as written.
 */
import type { AllocRole, GuestAlloc } from '@/engine/mem/guest-memory';
import type { FdRole } from '@/engine/os/fd-table';
import type { Bilingual, Lang } from './types';

type Args = GuestAlloc['args'];

/** Each allocation role in both languages; `satisfies` makes a missing role a compile error. */
const ALLOCS = {
  vring: (a) => ({ en: `vring ${a.queue} (desc, avail, used)`, zh: `vring ${a.queue}（描述符表、avail 环、used 环）` }),
  'vring-private': () => ({ en: 'struct vring_virtqueue (driver private)', zh: 'struct vring_virtqueue（驱动私有）' }),
  'queue-private': (a) => ({ en: `struct ${a.struct} (driver private)`, zh: `struct ${a.struct}（驱动私有）` }),
  'skb-cb': (a) => ({
    en: `struct sk_buff × ${a.n} (cb holds a header that is not pushed)`,
    zh: `struct sk_buff × ${a.n}（没塞进头部空间的包头放在 cb 里）`,
  }),
  'skb-data': (a) => ({ en: `skb data × ${a.n} (64 bytes of headroom, then the frame)`, zh: `skb 数据区 × ${a.n}（先是 64 字节头部空间，再是帧）` }),
  'indirect-tables': (a) => ({ en: `indirect tables × ${a.n}`, zh: `间接描述符表 × ${a.n}` }),
  'page-frag-state': () => ({ en: 'page_frag allocator (struct page refcounts)', zh: 'page_frag 分配器（struct page 引用计数）' }),
  'page-frags': (a) => ({ en: `receive page frags × ${a.n} (32 KiB)`, zh: `接收用 page frag × ${a.n}（每个 32 KiB）` }),
  'big-bufs': (a) => ({ en: `big receive buffers × ${a.n} (${a.pages} pages)`, zh: `big 接收缓冲区 × ${a.n}（每个 ${a.pages} 页）` }),
} satisfies Record<AllocRole, (a: Args) => Bilingual>;

/** A guest allocation's name on the memory map. */
export function allocLabel(a: Pick<GuestAlloc, 'role' | 'args'>, lang: Lang): string {
  return ALLOCS[a.role](a.args)[lang];
}

const FDS = {
  tap: () => ({ en: '/dev/net/tun (tap0)', zh: '/dev/net/tun（tap0）' }),
  'vhost-net': () => ({ en: '/dev/vhost-net', zh: '/dev/vhost-net' }),
  kick: (q) => ({ en: `eventfd: host notifier (kick) vq ${q}`, zh: `eventfd：host notifier（kick），vq ${q}` }),
  call: (q) => ({ en: `eventfd: guest notifier (call) vq ${q}`, zh: `eventfd：guest notifier（call），vq ${q}` }),
  'masked-call': (q) => ({ en: `eventfd: vhost's masked notifier vq ${q}`, zh: `eventfd：vhost 的 masked notifier，vq ${q}` }),
  'unix-socket': () => ({ en: 'socket: AF_UNIX stream (vhost-user)', zh: 'socket：AF_UNIX 流式套接字（vhost-user）' }),
  memfd: () => ({ en: 'memfd: guest RAM', zh: 'memfd：客户机内存' }),
} satisfies Record<FdRole, (queue: number | undefined) => Bilingual>;

/** What one of QEMU's descriptors refers to. */
export function fdLabel(f: { role: FdRole; queue?: number }, lang: Lang): string {
  return FDS[f.role](f.queue)[lang];
}

/** A guest range one beat touched, as the hex dump names it. */
export type RangeLabel =
  | { what: 'vring' | 'virtio_net_hdr' | 'frame' | 'rx-buffer' | 'indirect-table' }
  | { what: 'desc-buffer'; desc: number; indirect: boolean };

/** The name of a touched range. */
export function rangeLabel(l: RangeLabel, lang: Lang): string {
  const zh = lang === 'zh';
  switch (l.what) {
    case 'vring':
      return 'vring';
    case 'virtio_net_hdr':
      return 'virtio_net_hdr';
    case 'frame':
      return zh ? '帧' : 'frame';
    case 'rx-buffer':
      return zh ? '接收缓冲区' : 'receive buffer';
    case 'indirect-table':
      return zh ? '间接描述符表' : 'indirect table';
    case 'desc-buffer':
      return zh ? `${l.indirect ? '间接表 ' : ''}desc[${l.desc}] 的缓冲区` : `${l.indirect ? 'indirect ' : ''}desc[${l.desc}] buffer`;
  }
}

/** What a blocked thread waits for, by the id its wait gives. */
const WAITS: Record<string, Bilingual> = {
  interrupt: { en: 'an interrupt', zh: '中断' },
  work_list: { en: 'work on its work_list', zh: 'work_list 上有新工作' },
  'tap-room': { en: "room in tap0's queue", zh: 'tap0 的队列腾出空间' },
  'link-up': { en: 'the link to come up', zh: '链路就绪' },
  // vhost-user: OVS's PMD between polls, DPDK's vhost-events and vhost-reconnect threads, QEMU's chardev
  pmd_poll: { en: 'its next poll of the rings', zh: '下一轮轮询 vring' },
  unix_socket: { en: 'a message on the unix socket', zh: 'unix socket 上的消息' },
  poll: { en: 'one of its fds to become readable (poll)', zh: '某个 fd 变为可读（poll）' },
  accept: { en: 'a client to connect (accept)', zh: '客户端来连接（accept）' },
  reconnect: { en: 'the next reconnect attempt', zh: '下一次重连尝试' },
  qemu_poll_ns: { en: 'an fd of its main loop (qemu_poll_ns)', zh: '主循环里的某个 fd（qemu_poll_ns）' },
  bql: { en: "the big QEMU lock (another QEMU thread holds it)", zh: 'QEMU 大锁（另一个 QEMU 线程正持有它）' },
  reconnect_timer: { en: 'its reconnect timer (reconnect=1: one second)', zh: '重连定时器（reconnect=1：一秒）' },
  timer: { en: 'a timer to be armed', zh: '有定时器被启动' },
  vhost_user_start: { en: 'QEMU to finish setting up its vhost-user netdev', zh: 'QEMU 建好 vhost-user 网络后端' },
  'del-port': { en: 'OVS to delete the port', zh: 'OVS 删除这个端口' },
  traffic: { en: "the guest's traffic to finish", zh: '客户机的流量收发完毕' },
};

/** What a blocked thread waits for; an id this table does not know is shown as it is. */
export function waitLabel(on: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(WAITS, on) ? WAITS[on]![lang] : on;
}
