/**
 * What each descriptor-flow option does, one line per option in each
 * language, and the sentences for the scenario's rules across options
 * (engine/scenarios/descriptor-flow.ts, validateDescriptorFlow). The engine
 * keeps its English help for the command line; the page reads these.
 */
import type { descriptorFlowOptions } from '@/engine/scenarios/descriptor-flow';
import type { Bilingual } from '../types';

type Params = Record<string, string | number>;

/** One line of help per option; `satisfies` makes a missing option a compile error. */
export const OPTION_HELP = {
  dir: {
    en: 'tx: the guest sends frames out through tap0; rx: tap0 delivers frames into buffers the guest posted',
    zh: 'tx：客户机经 tap0 把帧发出去；rx：tap0 把帧送进客户机事先挂好的缓冲区',
  },
  packets: {
    en: 'how many frames to move (step mode shows at most 1024)',
    zh: '要搬运的帧数（单步模式最多 1024 帧）',
  },
  size: {
    en: 'Ethernet frame size in bytes, not counting virtio_net_hdr (TX at most 1514; RX up to 9014, as from a jumbo-frame tap)',
    zh: '以太网帧的字节数，不含 virtio_net_hdr（TX 最多 1514；RX 最多 9014，相当于 tap 开了巨帧）',
  },
  qsize: {
    en: "queue size, a power of two up to QEMU's 1024 (TX needs at least 32)",
    zh: '队列大小，必须是 2 的幂，最大为 QEMU 允许的 1024（TX 至少要 32）',
  },
  eventIdx: {
    en: 'negotiate VIRTIO_RING_F_EVENT_IDX: the sides quiet each other with used_event / avail_event instead of the flags',
    zh: '协商 VIRTIO_RING_F_EVENT_IDX：双方用 used_event / avail_event 而不是 flags 来让对方少通知',
  },
  suppress: {
    en: 'notification suppression as Linux does it; off is a what-if in which neither side ever asks the other to stay quiet',
    zh: '按 Linux 的做法抑制通知；关掉是一种假设实验：双方都从不请对方少通知',
  },
  indirect: {
    en: 'negotiate VIRTIO_RING_F_INDIRECT_DESC (Linux uses it for buffers of two or more pieces)',
    zh: '协商 VIRTIO_RING_F_INDIRECT_DESC（Linux 只在缓冲区由两段以上组成时使用）',
  },
  txhdr: {
    en: 'TX header: pushed into the skb headroom and sent in one descriptor (VERSION_1), or separate in its own descriptor (a legacy device without ANY_LAYOUT, or an skb without headroom)',
    zh: 'TX 头部：pushed 表示塞进 skb 的头部空间，与数据共用一个描述符（VERSION_1）；separate 表示单独占一个描述符（没有 ANY_LAYOUT 的传统设备，或 skb 头部空间不够时）',
  },
  rxbuf: {
    en: 'RX buffers: mergeable (MRG_RXBUF, one descriptor each), big (no MRG_RXBUF but guest GSO, 19 entries each) or small (neither, one 1530-byte descriptor)',
    zh: 'RX 缓冲区：mergeable（协商了 MRG_RXBUF，每个一个描述符）、big（没有 MRG_RXBUF 但客户机开了 GSO，每个 19 项）或 small（两者都没有，一个 1530 字节的描述符）',
  },
  batch: {
    en: 'TX: frames the stack hands to the driver in one burst (xmit_more set on all but the last)',
    zh: 'TX：协议栈一次连续交给驱动的帧数（除最后一帧外都带 xmit_more）',
  },
  inflight: {
    en: 'TX: the sending application keeps at most this many frames outstanding, like a request-response app (0 = no limit)',
    zh: 'TX：发送方应用最多同时有这么多帧未完成，像一问一答式的应用（0 表示不限）',
  },
  busyloop: {
    en: "vhost's busyloop_timeout in µs (VHOST_SET_VRING_BUSYLOOP_TIMEOUT, QEMU's poll-us); 0 = off",
    zh: 'vhost 的 busyloop_timeout，单位微秒（VHOST_SET_VRING_BUSYLOOP_TIMEOUT，即 QEMU 的 poll-us）；0 表示关闭',
  },
  exitNs: {
    en: 'free-run: what each kick’s VM exit and re-entry cost the vCPU, in ns, spent as a busy loop (a real KVM took about 700 ns per doorbell write on the build machine); step mode spends no time; 0 = free',
    zh: '自由运行：每次 kick 引起的 VM exit 及重新进入要花掉 vCPU 多少纳秒，以忙等方式真的花掉（在构建这台机器上，真实的 KVM 每次门铃写约 700 纳秒）；单步模式不花时间；0 表示不计',
  },
  msix: {
    en: 'MSI-X vectors: one per queue (vring_interrupt handles it) or one shared by all queues (vp_vring_interrupt)',
    zh: 'MSI-X 向量：每个队列一个（由 vring_interrupt 处理），或所有队列共用一个（由 vp_vring_interrupt 处理）',
  },
  fault: {
    en: 'a misbehaving guest corrupts one chain, to watch vhost refuse it (vq_err)',
    zh: '让一个不守规矩的客户机破坏一条描述符链，看 vhost 如何拒绝它（vq_err）',
  },
  seed: {
    en: 'seed of the thread interleaving: another seed, another order of the same threads',
    zh: '线程交错的随机种子：换一个种子，同样的线程换一种先后次序',
  },
} satisfies Record<keyof typeof descriptorFlowOptions, Bilingual>;

/** The scenario's rules across options, by rule id, with the numbers the engine passes. */
export const RULES: Record<string, (p: Params) => Bilingual> = {
  'tx-max-frame': (p) => ({
    en: `the guest's MTU is 1500, so it sends frames of at most ${p.max} bytes`,
    zh: `客户机的 MTU 是 1500，发出的帧最多 ${p.max} 字节`,
  }),
  'tx-min-qsize': (p) => ({
    en: `virtio-net stops a TX queue when fewer than ${p.threshold} descriptors are free (2 + MAX_SKB_FRAGS) and wakes it only at ${p.threshold}, so a TX ring needs at least 32 entries`,
    zh: `virtio-net 在空闲描述符少于 ${p.threshold} 个（2 + MAX_SKB_FRAGS）时停住 TX 队列，要回到 ${p.threshold} 个才唤醒，所以 TX 环至少要 32 项`,
  }),
  'big-min-qsize': (p) => ({
    en: `a big receive buffer takes ${p.entries} descriptors; turn indirect on or use qsize ≥ 32`,
    zh: `一个 big 接收缓冲区要占 ${p.entries} 个描述符；请打开 indirect，或让 qsize ≥ 32`,
  }),
  'big-ram': () => ({
    en: 'big receive buffers take 72 KiB each; with indirect on, keep qsize ≤ 128',
    zh: '每个 big 接收缓冲区占 72 KiB；打开 indirect 时 qsize 请不超过 128',
  }),
  'tx-only-fault': (p) => ({
    en: `${p.fault} is a transmit fault: it needs dir=tx`,
    zh: `${p.fault} 是发送方向的故障，需要 dir=tx`,
  }),
  'needs-indirect': (p) => ({
    en: `${p.fault} needs an indirect table: indirect on, with txhdr=separate (TX) or rxbuf=big (RX)`,
    zh: `${p.fault} 需要间接描述符表：打开 indirect，并且 txhdr=separate（TX）或 rxbuf=big（RX）`,
  }),
  'needs-two-pieces': (p) => ({
    en: `${p.fault} needs buffers of two or more pieces: txhdr=separate (TX) or rxbuf=big (RX)`,
    zh: `${p.fault} 需要由两段以上组成的缓冲区：txhdr=separate（TX）或 rxbuf=big（RX）`,
  }),
  'step-max-packets': (p) => ({
    en: `step mode shows at most ${p.max} frames (free-run mode takes more)`,
    zh: `单步模式最多展示 ${p.max} 帧（自由运行模式可以更多）`,
  }),
  'free-frames-fit': () => ({
    en: 'these frames do not fit the receive buffers, so vhost would discard every one; a free run needs frames that arrive',
    zh: '这些帧放不进接收缓冲区，vhost 会把它们全部丢弃；自由运行需要能送达的帧',
  }),
};
