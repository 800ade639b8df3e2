/**
 * What each option of the vhost-user negotiation walkthrough does, in both
 * languages (engine/scenarios/vhost-user.ts declares them). The option names
 * are listed here rather than taken from the engine's table so this file
 * stands alone; content/options.test.ts checks them against the registered
 * scenario.
 */
import type { Bilingual } from '../types';

/** The options of the `vhost-user` scenario. */
export type VhostUserOptionName = 'era' | 'topology' | 'queues' | 'frames' | 'fault' | 'disconnect' | 'seed';

export const VHOST_USER_OPTION_HELP = {
  era: {
    en: "seed: QEMU 5.0 with DPDK 19.11, as the seeds show them (“virtio is now ready” right after the last ring's kick); modern: Debian 12's QEMU 7.2 with DPDK 22.11 (SET_VRING_ERR, the STATUS protocol feature, readiness at DRIVER_OK, the socket path in every log line)",
    zh: 'seed：QEMU 5.0 配 DPDK 19.11，即 seed 里看到的版本（最后一个 vring 的 kick 之后立刻“virtio is now ready”）；modern：Debian 12 的 QEMU 7.2 配 DPDK 22.11（有 SET_VRING_ERR、STATUS 协议特性，DRIVER_OK 之后才就绪，每行日志都带 socket 路径）',
  },
  topology: {
    en: "who listens on the unix socket: qemu-server is the seed's (QEMU's chardev is the server, OVS adds a dpdkvhostuserclient port); dpdk-server has OVS's dpdkvhostuser port listen and QEMU connect as the client",
    zh: '谁在 unix socket 上监听：qemu-server 是 seed 的配置（QEMU 的字符设备作服务端，OVS 添加 dpdkvhostuserclient 端口）；dpdk-server 则由 OVS 的 dpdkvhostuser 端口监听，QEMU 作为客户端去连接',
  },
  queues: {
    en: "queue pairs (QEMU's queues= with mq=on): each pair is one vhost device with its own vhost_dev_init and vhost_dev_start, and two rings",
    zh: '队列对数（QEMU 的 queues=，配合 mq=on）：每个队列对是一个 vhost 设备，各自走一遍 vhost_dev_init 和 vhost_dev_start，各有两个 vring',
  },
  frames: {
    en: "frames the guest sends once the device is ready; OVS's PMD takes each from the TX ring and sends it straight back into the guest's RX ring",
    zh: '设备就绪后客户机发送的帧数；OVS 的 PMD 从 TX 环取走每一帧，再原样送回客户机的 RX 环',
  },
  fault: {
    en: 'none, or a malformed message injected into QEMU\'s stream: fd-count (an fd missing), vring-index (an index past the last ring), size-too-large (a size beyond the payload union), unhandled-request (a request DPDK has no handler for), region-overflow (a memory region whose offset plus size wraps). DPDK refuses it and closes the connection, destroying the device, and the client side reconnects; a message sent with NEED_REPLY (SET_MEM_TABLE under REPLY_ACK) is refused with a failure reply instead, and QEMU gives up on vhost for the device',
    zh: 'none，或在 QEMU 的消息流里插入一条畸形消息：fd-count（少了一个 fd）、vring-index（vring 序号超过最后一个）、size-too-large（size 超出负载联合体）、unhandled-request（DPDK 没有处理函数的请求）、region-overflow（某个内存区域的偏移加大小发生回绕）。DPDK 拒绝它，关闭连接并销毁设备，客户端一方随后重连；若消息带了 NEED_REPLY（REPLY_ACK 下的 SET_MEM_TABLE），DPDK 改为回一个失败应答，QEMU 则放弃为这个设备启用 vhost',
  },
  disconnect: {
    en: 'after the traffic, OVS deletes the port and adds it back: the back-end goes away and returns, and the rings resume from the saved vring base',
    zh: '流量结束后，OVS 删除端口再加回来：后端消失又回来，vring 从保存的 vring base 处继续',
  },
  seed: { en: 'seed of the thread interleaving', zh: '线程交错的随机种子' },
} satisfies Record<VhostUserOptionName, Bilingual>;
