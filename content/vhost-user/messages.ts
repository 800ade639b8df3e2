/**
 * What each vhost-user message means, in both languages: the sentence a
 * vu_send caption builds on. A front-end request says what QEMU asks or
 * hands over and why (with the values decoded from its bytes); a reply says
 * what DPDK answered. Where the function QEMU sends from changes the meaning
 * (SET_VRING_CALL at init is the masked notifier, at start the guest
 * notifier), the caption reads the stack. Seeds 001 (QEMU's order) and 000
 * (DPDK's handlers and log).
 */
import type { VhostUserPayload } from '@/engine/abi/vhost-user';
import type { CaptionCtx } from '../caption-types';
import type { Bilingual } from '../types';
import { VHOST_USER_F_PROTOCOL_FEATURES } from '@/engine/abi/vhost-user';
import { protocolFeatureNames } from '@/engine/abi/vhost-user-names';
import { VIRTIO_CONFIG_S_DRIVER_OK } from '@/engine/abi/virtio-pci';
import { hasBit, hex64, statusNames } from './payload';

/** Whether the beat ran inside any of the real functions `names` (frame ids are the function names). */
export function within(c: Pick<CaptionCtx, 'stack'>, ...names: string[]): boolean {
  return (c.stack as readonly string[]).some((f) => names.includes(f));
}

const NOFD = 0x100n;
const IDX = 0xffn;

/** The vring index and "no fd" bit of a KICK / CALL / ERR u64. */
function vringFile(p: VhostUserPayload | null): { vring: number; nofd: boolean } | null {
  if (p?.kind !== 'u64') return null;
  return { vring: Number(p.u64 & IDX), nofd: (p.u64 & NOFD) !== 0n };
}

function u64Of(p: VhostUserPayload | null): bigint | null {
  return p?.kind === 'u64' ? p.u64 : null;
}

const zhList = (xs: readonly string[]) => xs.join('、');

/** A front-end request: what QEMU says with it, and why it says it here. */
export function requestMeaning(request: number, p: VhostUserPayload | null, c: CaptionCtx): Bilingual | null {
  switch (request) {
    case 1:
      return {
        en: 'QEMU asks which virtio feature bits the back-end offers. vhost_dev_init asks first, and again after SET_OWNER; what comes back limits the features the guest is offered.',
        zh: 'QEMU 询问后端提供哪些 virtio 特性位。vhost_dev_init 一开始就问，SET_OWNER 之后再问一次；答复限定了客户机能看到的特性。',
      };
    case 2: {
      const v = u64Of(p);
      const val = v === null ? '' : `: ${hex64(v)}`;
      return {
        en: `QEMU fixes the features in use${val}, the bits the guest acked plus bit 30 (VHOST_USER_F_PROTOCOL_FEATURES). vhost_dev_start sends it first; DPDK logs it as “negotiated Virtio features”.`,
        zh: `QEMU 确定实际使用的特性${val}：客户机确认过的特性位，再加上第 30 位（VHOST_USER_F_PROTOCOL_FEATURES）。vhost_dev_start 第一个发的就是它；DPDK 把它记为 “negotiated Virtio features”。`,
      };
    }
    case 3:
      return {
        en: "QEMU claims the back-end as its own. There is no payload and DPDK has nothing to record beyond accepting it; QEMU sends it once per connection (a second queue pair's vhost_dev skips it), before any ring is described.",
        zh: 'QEMU 声明这个后端归自己所有。它没有负载，DPDK 除了接受之外也没有什么要记的；每条连接上 QEMU 只发一次（第二个队列对的 vhost_dev 会跳过它），而且在描述任何 vring 之前。',
      };
    case 4:
      return {
        en: 'QEMU drops its ownership (deprecated): DPDK stops the device and forgets the rings.',
        zh: 'QEMU 放弃所有权（已废弃）：DPDK 停下设备，丢掉各个 vring 的设置。',
      };
    case 5: {
      const regions = p?.kind === 'memory' ? p.regions : [];
      const n = p?.kind === 'memory' ? p.nregions : regions.length;
      const r = regions[0];
      const firstEn = r ? `; the first starts at GPA ${hex64(r.guestPhysAddr)}, ${hex64(r.memorySize)} bytes, at ${hex64(r.userspaceAddr)} in QEMU` : '';
      const firstZh = r ? `；第一个区域从 GPA ${hex64(r.guestPhysAddr)} 开始，大小 ${hex64(r.memorySize)} 字节，在 QEMU 里的地址是 ${hex64(r.userspaceAddr)}` : '';
      return {
        en: `QEMU describes guest RAM: ${n} region${n === 1 ? '' : 's'}, each with its fd${firstEn}. The back-end is another process and cannot read QEMU's memory, so it mmaps each fd and from then on turns guest addresses into its own.`,
        zh: `QEMU 描述客户机内存：共 ${n} 个内存区域，每个带一个 fd${firstZh}。后端是另一个进程，读不到 QEMU 的内存，所以它把每个 fd 都 mmap 进来，此后自己完成客户机地址到自身地址的转换。`,
      };
    }
    case 6:
      return {
        en: 'QEMU hands over the dirty-page log for live migration: the back-end marks every page it writes.',
        zh: 'QEMU 交出热迁移用的脏页日志：后端写过的每一页都要在里面记一笔。',
      };
    case 7:
      return { en: 'QEMU passes the eventfd the back-end signals when it updates the dirty log.', zh: 'QEMU 传过去一个 eventfd，后端更新脏页日志时就触发它。' };
    case 8:
      if (p?.kind !== 'state') break;
      return {
        en: `vring ${p.index} has ${p.num} descriptors: the queue size, the first thing vhost_virtqueue_start tells the back-end about a ring.`,
        zh: `vring ${p.index} 有 ${p.num} 个描述符：这是队列大小，vhost_virtqueue_start 关于一个 vring 最先告诉后端的就是它。`,
      };
    case 9:
      if (p?.kind !== 'addr') break;
      return {
        en: `Where vring ${p.index} lives: descriptor table ${hex64(p.descUserAddr)}, avail ring ${hex64(p.availUserAddr)}, used ring ${hex64(p.usedUserAddr)}, as addresses in QEMU's own address space. The back-end looks them up in the memory table to reach the same bytes.`,
        zh: `vring ${p.index} 的位置：描述符表 ${hex64(p.descUserAddr)}、avail 环 ${hex64(p.availUserAddr)}、used 环 ${hex64(p.usedUserAddr)}，都是 QEMU 自己地址空间里的地址。后端拿它们去查内存表，才能找到同样的字节。`,
      };
    case 10:
      if (p?.kind !== 'state') break;
      return p.num === 0
        ? {
            en: `vring ${p.index} starts at avail index 0: the back-end's last_avail_idx, where it takes the next buffer. A fresh ring starts at 0.`,
            zh: `vring ${p.index} 从 avail 索引 0 开始：这是后端的 last_avail_idx，即下一个要取的缓冲区的位置。新的 vring 从 0 开始。`,
          }
        : {
            en: `vring ${p.index} starts at avail index ${p.num}, not 0: the vring base QEMU saved when the ring last stopped, so the back-end takes no buffer twice and skips none.`,
            zh: `vring ${p.index} 从 avail 索引 ${p.num} 开始，而不是 0：这是 vring 上次停下时 QEMU 保存的 vring base，所以后端既不会重复取缓冲区，也不会漏掉。`,
          };
    case 11:
      if (p?.kind !== 'state') break;
      return {
        en: `QEMU stops vring ${p.index} and asks where the back-end got to; it keeps the answer as the vring base for the next start.`,
        zh: `QEMU 停下 vring ${p.index}，并询问后端处理到了哪里；答复会作为 vring base 保存下来，留给下次启动。`,
      };
    case 12: {
      const v = vringFile(p);
      if (!v) break;
      return v.nofd
        ? {
            en: `No fd for vring ${v.vring} (the NOFD bit, 0x100): the back-end is to poll that ring.`,
            zh: `vring ${v.vring} 不带 fd（置了 NOFD 位 0x100）：后端要自己轮询这个 vring。`,
          }
        : {
            en: `The kick eventfd of vring ${v.vring}: QEMU's host notifier, which KVM signals (ioeventfd) when the guest writes the queue's doorbell. OVS's PMD polls instead of waiting on it, but DPDK counts a ring ready only once it has one.`,
            zh: `vring ${v.vring} 的 kick eventfd：也就是 QEMU 的 host notifier，客户机写这个队列的门铃时由 KVM（ioeventfd）触发它。OVS 的 PMD 靠轮询而不等它，但 DPDK 要等 vring 有了它才算就绪。`,
          };
    }
    case 13: {
      const v = vringFile(p);
      if (!v) break;
      if (v.nofd)
        return {
          en: `No call fd for vring ${v.vring} (NOFD): the queue has no MSI-X vector, so the back-end must not interrupt the guest for it.`,
          zh: `vring ${v.vring} 不带 call fd（NOFD）：这个队列没有 MSI-X 向量，后端不能为它给客户机发中断。`,
        };
      if (within(c, 'vhost_virtqueue_init'))
        return {
          en: `The call eventfd of vring ${v.vring}, for now QEMU's masked notifier: vhost_virtqueue_init gives the back-end somewhere to signal before the guest has interrupts. The real one comes at start.`,
          zh: `vring ${v.vring} 的 call eventfd，眼下还是 QEMU 的 masked notifier：vhost_virtqueue_init 先给后端一个可以触发的地方，那时客户机还没有中断。真正的 call fd 在启动时才给。`,
        };
      return {
        en: `The call eventfd of vring ${v.vring}: the guest notifier, which KVM's irqfd turns into the queue's interrupt. Every time DPDK writes it the guest is interrupted, with no QEMU in the way.`,
        zh: `vring ${v.vring} 的 call eventfd：也就是 guest notifier，KVM 的 irqfd 把它变成这个队列的中断。DPDK 每写一次，客户机就收到一次中断，中间不经过 QEMU。`,
      };
    }
    case 14: {
      const v = vringFile(p);
      if (!v) break;
      return {
        en: `The error eventfd of vring ${v.vring}: QEMU 7.2's vhost_virtqueue_init sends one so the back-end can report a broken ring. DPDK closes it at once; its handler is “not implemented”.`,
        zh: `vring ${v.vring} 的 error eventfd：QEMU 7.2 的 vhost_virtqueue_init 发它，好让后端报告坏掉的 vring。DPDK 收到后马上关掉，它的处理函数写着 “not implemented”。`,
      };
    }
    case 15:
      return {
        en: "QEMU asks which vhost-user protocol extensions the back-end speaks. It may ask only because GET_FEATURES's answer had bit 30 set.",
        zh: 'QEMU 询问后端支持哪些 vhost-user 协议特性。只有 GET_FEATURES 的答复里置了第 30 位，它才可以这样问。',
      };
    case 16: {
      const v = u64Of(p);
      if (v === null) break;
      const names = protocolFeatureNames(v, true);
      const statusEn = names.includes('STATUS') ? ' STATUS is among them, so the back-end will track the device status and wait for DRIVER_OK.' : '';
      const statusZh = names.includes('STATUS') ? '其中有 STATUS，后端因此会跟踪设备状态，等到 DRIVER_OK。' : '';
      return {
        en: `QEMU settles the protocol features both will use: ${hex64(v)} (${names.join(', ')}), what the back-end offered and QEMU supports.${statusEn}`,
        zh: `QEMU 确定双方要用的协议特性：${hex64(v)}（${zhList(names)}），即后端提供、QEMU 也支持的那些。${statusZh}`,
      };
    }
    case 17:
      return {
        en: 'QEMU asks how many queue pairs the back-end can serve (it asks because MQ was negotiated); queues= must not be more.',
        zh: 'QEMU 询问后端最多能服务多少个队列对（协商了 MQ 才会问）；queues= 不能超过它。',
      };
    case 18: {
      if (p?.kind !== 'state') break;
      const what = p.num ? { en: 'enables', zh: '使能' } : { en: 'disables', zh: '停用' };
      if (within(c, 'peer_attach', 'peer_detach', 'virtio_net_set_queue_pairs', 'virtio_net_set_multiqueue'))
        return {
          en: `QEMU ${what.en} vring ${p.index} while the guest is still negotiating: once the guest's features say how many queue pairs it uses, virtio-net attaches each one (peer_attach).`,
          zh: `客户机还在协商时，QEMU 就${what.zh}了 vring ${p.index}：客户机的特性一旦说明它用几个队列对，virtio-net 就逐个挂接（peer_attach）。`,
        };
      return {
        en: `QEMU ${what.en} vring ${p.index}: vhost_net_start restores the state the guest set (peer->vring_enable). A disabled ring is left alone even when it has buffers.`,
        zh: `QEMU ${what.zh} vring ${p.index}：vhost_net_start 恢复客户机设定的状态（peer->vring_enable）。被停用的 vring，即使有缓冲区后端也不碰。`,
      };
    }
    case 19:
      return { en: "After a migration the back-end is to broadcast a RARP for the guest's MAC, so switches learn where it is now.", zh: '热迁移之后，后端要替客户机的 MAC 广播一个 RARP，让交换机知道它现在在哪里。' };
    case 20: {
      const v = u64Of(p);
      return { en: `QEMU tells the back-end the MTU${v === null ? '' : ` (${v})`} the guest was offered.`, zh: `QEMU 把提供给客户机的 MTU${v === null ? '' : `（${v}）`}告诉后端。` };
    }
    case 21:
      return {
        en: 'QEMU passes one end of a socketpair: the back-end\'s own channel for requests to QEMU (IOTLB misses, config changes, host notifiers). Later releases call it SET_BACKEND_REQ_FD.',
        zh: 'QEMU 传过去一个 socketpair 的一端：这是后端向 QEMU 发请求的专用通道（IOTLB 缺失、配置变更、host notifier）。后来的版本把它改名为 SET_BACKEND_REQ_FD。',
      };
    case 36:
      return { en: 'QEMU asks how many memory slots the back-end can map (CONFIGURE_MEM_SLOTS).', zh: 'QEMU 询问后端能映射多少个内存槽（CONFIGURE_MEM_SLOTS）。' };
    case 39: {
      const v = u64Of(p);
      if (v === null) break;
      const s = Number(v & 0xffn);
      if (s === 0)
        return { en: 'QEMU resets the device status to 0: the device stops.', zh: 'QEMU 把设备状态清成 0：设备停止。' };
      if (s & VIRTIO_CONFIG_S_DRIVER_OK)
        return {
          en: `QEMU writes the device status ${statusNames(s)}: the guest's driver is running. With STATUS negotiated, DPDK 22.11 calls the device ready only after this.`,
          zh: `QEMU 写入设备状态 ${statusNames(s)}：客户机驱动已经在运行。协商了 STATUS 时，DPDK 22.11 要等到这一步才认为设备就绪。`,
        };
      return {
        en: `QEMU writes the device status ${statusNames(s)}: the features just set are accepted.`,
        zh: `QEMU 写入设备状态 ${statusNames(s)}：刚设置的特性被接受了。`,
      };
    }
    case 40:
      return {
        en: 'QEMU reads the device status first, so that it only adds bits to it (vhost_user_add_status).',
        zh: 'QEMU 先读设备状态，这样它只在原有基础上加位（vhost_user_add_status）。',
      };
  }
  return null;
}

/** A reply from the back-end: what DPDK answered. */
export function replyMeaning(request: number, name: string, p: VhostUserPayload | null): Bilingual | null {
  const v = u64Of(p);
  switch (request) {
    case 1:
      if (v === null) break;
      return hasBit(v, VHOST_USER_F_PROTOCOL_FEATURES)
        ? {
            en: `DPDK answers with the virtio features it supports: ${hex64(v)}. Bit 30 is set: it speaks protocol features, so QEMU goes on to ask for them.`,
            zh: `DPDK 答复它支持的 virtio 特性：${hex64(v)}。其中置了第 30 位：它支持协议特性，于是 QEMU 接着去问。`,
          }
        : { en: `DPDK answers with the virtio features it supports: ${hex64(v)}.`, zh: `DPDK 答复它支持的 virtio 特性：${hex64(v)}。` };
    case 15: {
      if (v === null) break;
      const names = protocolFeatureNames(v, true);
      const eraEn = names.includes('STATUS') ? " STATUS is there: DPDK 22.11 added it to 19.11's list." : '';
      const eraZh = names.includes('STATUS') ? '其中有 STATUS：这是 DPDK 22.11 在 19.11 的列表上新加的。' : '';
      return {
        en: `DPDK answers with the protocol features it speaks: ${hex64(v)} (${names.join(', ')}).${eraEn}`,
        zh: `DPDK 答复它支持的协议特性：${hex64(v)}（${zhList(names)}）。${eraZh}`,
      };
    }
    case 17:
      if (v === null) break;
      return { en: `DPDK answers that it serves up to ${v} queue pairs (VHOST_MAX_QUEUE_PAIRS).`, zh: `DPDK 答复它最多服务 ${v} 个队列对（VHOST_MAX_QUEUE_PAIRS）。` };
    case 11:
      if (p?.kind !== 'state') break;
      return {
        en: `DPDK answers that vring ${p.index} stopped at avail index ${p.num}. Before answering it told the application the device is going (destroy_device) and closed the ring's kick and call fds.`,
        zh: `DPDK 答复 vring ${p.index} 停在 avail 索引 ${p.num}。答复之前，它已通知应用设备要撤下（destroy_device），并关掉了这个 vring 的 kick 和 call fd。`,
      };
    case 36:
      if (v === null) break;
      return { en: `DPDK answers that it can map ${v} memory slots.`, zh: `DPDK 答复它能映射 ${v} 个内存槽。` };
    case 40:
      if (v === null) break;
      return { en: `DPDK answers with the device status it holds: ${statusNames(Number(v & 0xffn))}.`, zh: `DPDK 答复它记录的设备状态：${statusNames(Number(v & 0xffn))}。` };
    default:
      if (v === null) break;
      return v === 0n
        ? {
            en: `DPDK acks ${name} with u64 0: done. It answers only because QEMU set NEED_REPLY (REPLY_ACK was negotiated).`,
            zh: `DPDK 用 u64 0 确认 ${name}：已完成。它之所以答复，是因为 QEMU 置了 NEED_REPLY（协商过 REPLY_ACK）。`,
          }
        : {
            en: `DPDK acks ${name} with u64 ${v}: it failed. QEMU asked for the ack with NEED_REPLY, so DPDK reports the failure instead of closing the connection.`,
            zh: `DPDK 用 u64 ${v} 回复 ${name}：处理失败。QEMU 用 NEED_REPLY 要了确认，所以 DPDK 报告失败，而不是关掉连接。`,
          };
  }
  return null;
}
