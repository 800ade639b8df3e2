/**
 * What each vq_err kind means and why vhost refuses it. `brief` is the one
 * clause a caption adds after the kernel's message; `detail` is the full
 * explanation the UI shows for the error, quoting the format string the
 * kernel logs (drivers/vhost/vhost.c, drivers/vhost/net.c).
 */
import type { VqErrKind } from '@/engine/trace/events';
import type { Bilingual } from './types';

/** One error kind in prose. */
export interface ErrorProse {
  brief: Bilingual;
  detail: Bilingual;
}

/** Every vq_err kind; `satisfies` makes a missing kind a compile error. */
export const ERRORS = {
  'avail-idx-jump': {
    brief: {
      en: 'avail->idx is more than a whole ring ahead of last_avail_idx, which no honest driver can do',
      zh: 'avail->idx 比 last_avail_idx 超前了一整圈以上，正常的驱动不可能做到',
    },
    detail: {
      en: 'Kernel message "Invalid available index change from %u to %u" (older kernels: "Guest moved avail index from %u to %u", and before that "used index" by mistake). vhost computes (u16)(avail->idx − last_avail_idx), the number of new entries the guest claims. A ring of num slots cannot hold more than num unconsumed entries, so a larger value means the guest either wrote a garbage index or overwrote slots vhost has not read yet. vhost_get_avail_idx returns -EINVAL and this pass of the worker stops, consuming nothing. But in Linux 6.12 vhost_get_avail_idx stores the index in vq->avail_idx before it checks it, so the bad value stays cached: on the next kick vhost_get_vq_desc sees avail_idx differ from last_avail_idx, does not read the index again, and walks the slots as if they were new. Each head is still validated, so the host is safe; if a slot holds a stale head, the guest gets a used entry for a buffer it never posted, and its get_buf check ("id %u is not a head!") marks the ring broken.',
      zh: '内核日志格式为 "Invalid available index change from %u to %u"（老内核是 "Guest moved avail index from %u to %u"，更早的版本还误写成 "used index"）。vhost 计算 (u16)(avail->idx − last_avail_idx)，即客户机声称新增的条目数。num 个槽位的环最多只能容纳 num 个未消费的条目，超过这个数说明客户机要么写了一个垃圾索引，要么覆盖了 vhost 还没读过的槽位。vhost_get_avail_idx 返回 -EINVAL，worker 这一轮停下，什么也不消费。但在 Linux 6.12 中，vhost_get_avail_idx 是先把索引存进 vq->avail_idx 再检查的，所以这个错误的值留在了缓存里：下一次 kick 时，vhost_get_vq_desc 发现 avail_idx 与 last_avail_idx 不等，不再重读索引，直接把那些槽位当作新条目处理。每个 head 仍会被逐一校验，宿主机是安全的；如果某个槽位里是陈旧的 head，客户机就会收到一个它从未发布过的缓冲区的 used 条目，它在 get_buf 中的检查（"id %u is not a head!"）随即把这个 vring 标记为 broken。',
    },
  },
  'head-out-of-range': {
    brief: {
      en: 'the head index from the avail ring is not below num, so it names no descriptor in the table',
      zh: 'avail 环里的 head 索引不小于 num，描述符表中根本没有这一项',
    },
    detail: {
      en: 'Kernel message "Guest says index %u > %u is available". The avail ring entry is an index into the descriptor table, which has num entries. Following an index ≥ num would read past the end of the table into whatever guest memory lies beyond, so vhost_get_vq_desc refuses it with -EINVAL before reading any descriptor. last_avail_idx does not advance, so the same slot is met again on every retry and the queue stalls.',
      zh: '内核日志格式为 "Guest says index %u > %u is available"。avail 环的条目是描述符表的下标，而描述符表只有 num 项。按一个 ≥ num 的下标去读，就会越过表尾读到后面任意的客户机内存，所以 vhost_get_vq_desc 在读任何描述符之前就以 -EINVAL 拒绝它。last_avail_idx 不前进，每次重试都会碰到同一个槽位，队列因此停滞。',
    },
  },
  'desc-index-out-of-range': {
    brief: {
      en: 'a next field points outside the descriptor table',
      zh: '某个描述符的 next 字段指向了描述符表之外',
    },
    detail: {
      en: 'Kernel message "Desc index is %u > %u, head = %u". Inside a chain, a descriptor with VRING_DESC_F_NEXT names its successor by index; that index must be below num like any other. vhost checks each index before it reads the descriptor, so a bad link is caught without touching memory outside the table. The chain is refused with -EINVAL and its head is not consumed.',
      zh: '内核日志格式为 "Desc index is %u > %u, head = %u"。链中带 VRING_DESC_F_NEXT 的描述符用下标指明下一个描述符，这个下标和其他下标一样必须小于 num。vhost 在读每个描述符之前先检查下标，因此一个坏链接在访问表外内存之前就被发现。整条链以 -EINVAL 被拒绝，它的 head 不会被消费。',
    },
  },
  loop: {
    brief: {
      en: 'the chain visited more descriptors than the table holds, so it must loop',
      zh: '这条链经过的描述符数已超过描述符表的容量，必然成环',
    },
    detail: {
      en: 'Kernel message "Loop detected: last one at %u vq size %u head %u". A chain without repeats can have at most num descriptors, so vhost counts as it walks and gives up when the count passes num. Without this bound, a chain whose last NEXT points back into itself would keep a host kernel thread spinning forever on a guest\'s say-so. The chain is refused with -EINVAL and its head is not consumed.',
      zh: '内核日志格式为 "Loop detected: last one at %u vq size %u head %u"。一条不重复的链最多只有 num 个描述符，所以 vhost 边走边计数，计数超过 num 就放弃。没有这个上限的话，只要客户机让链尾的 NEXT 指回链中，就能让宿主机内核线程永远空转。整条链以 -EINVAL 被拒绝，head 不被消费。',
    },
  },
  'translation-failure': {
    brief: {
      en: 'a buffer\'s guest-physical range is not inside any region of the memory table',
      zh: '某个缓冲区的 GPA 区间不完整落在内存表的任何一个区域内',
    },
    detail: {
      en: 'Kernel message "Translation failure %d descriptor idx %d" (the %d is -EFAULT, -14). translate_desc maps [addr, addr + len) through the memory table QEMU gave with VHOST_SET_MEM_TABLE, from guest-physical to QEMU\'s virtual addresses. If no region holds the whole range (an address past the end of guest RAM, or a length that runs off it), vhost would be reading or writing host memory the guest does not own, so it refuses the chain. Its head is not consumed.',
      zh: '内核日志格式为 "Translation failure %d descriptor idx %d"（其中 %d 为 -EFAULT，即 -14）。translate_desc 通过 QEMU 用 VHOST_SET_MEM_TABLE 传来的内存表，把 [addr, addr + len) 从 GPA 映射到 QEMU 的 HVA。如果没有一个区域能装下整个区间（地址超出客户机内存，或长度越过了它的末尾），vhost 就会读写不属于客户机的宿主机内存，因此拒绝这条链，head 不被消费。',
    },
  },
  'out-after-in': {
    brief: {
      en: 'a device-readable buffer comes after a device-writable one',
      zh: '设备只读的缓冲区出现在了设备可写的缓冲区之后',
    },
    detail: {
      en: 'Kernel message "Descriptor has out after in: idx %d". The spec requires every device-readable ("out") descriptor of a chain to come before every device-writable ("in") one, and vhost builds its iovec on that order: outs first, then ins. A read-only buffer after a WRITE one breaks that shape, so vhost_get_vq_desc refuses the chain with -EINVAL. Its head is not consumed.',
      zh: '内核日志格式为 "Descriptor has out after in: idx %d"。规范要求一条链里所有设备只读（out）的描述符都排在设备可写（in）的描述符之前，vhost 也按这个顺序构造 iovec：先 out，后 in。带 WRITE 的缓冲区之后又出现只读缓冲区，就破坏了这个结构，所以 vhost_get_vq_desc 以 -EINVAL 拒绝这条链，head 不被消费。',
    },
  },
  'indirect-len': {
    brief: {
      en: 'the indirect table\'s length is not a whole number of 16-byte descriptors',
      zh: '间接表的长度不是 16 字节描述符的整数倍',
    },
    detail: {
      en: 'Kernel message "Invalid length in indirect descriptor: len 0x%llx not multiple of 0x%zx". A descriptor with VRING_DESC_F_INDIRECT describes a table of struct vring_desc, 16 bytes each, so its len must be a multiple of 16. Any other length means the driver and device would disagree on where entries start. get_indirect refuses it with -EINVAL before reading the table; the head is not consumed.',
      zh: '内核日志格式为 "Invalid length in indirect descriptor: len 0x%llx not multiple of 0x%zx"。带 VRING_DESC_F_INDIRECT 的描述符指向一张由 struct vring_desc 组成的表，每项 16 字节，所以 len 必须是 16 的倍数。其他长度意味着驱动和设备对表项的边界理解不一致。get_indirect 在读表之前就以 -EINVAL 拒绝它，head 不被消费。',
    },
  },
  'indirect-translation-failure': {
    brief: {
      en: 'the indirect table, or a buffer inside it, lies outside the memory table',
      zh: '间接表本身或表中的某个缓冲区不在内存表覆盖的范围内',
    },
    detail: {
      en: 'Kernel messages "Translation failure %d in indirect." (the table itself) and "Translation failure %d indirect idx %d" (an entry of it); %d is -EFAULT. Both the indirect table and every buffer it lists must translate through the memory table from guest-physical to QEMU virtual addresses, for the same reason as a direct descriptor: anything else would make vhost touch host memory the guest does not own. The chain is refused and its head is not consumed.',
      zh: '内核日志格式为 "Translation failure %d in indirect."（表本身）和 "Translation failure %d indirect idx %d"（表中某一项），%d 为 -EFAULT。间接表和它列出的每个缓冲区都必须能通过内存表从 GPA 转换成 QEMU 的 HVA，理由和直接描述符一样：否则 vhost 会访问不属于客户机的宿主机内存。整条链被拒绝，head 不被消费。',
    },
  },
  'indirect-too-big': {
    brief: {
      en: 'the indirect table has more entries than a 16-bit next field can address',
      zh: '间接表的项数超过了 16 位 next 字段能寻址的范围',
    },
    detail: {
      en: 'Kernel message "Indirect buffer length too big: %d". Descriptors link through a 16-bit next field, so a table can meaningfully hold at most 65536 entries. A longer len can only be an error or an attempt to make vhost walk an enormous table, so get_indirect refuses it with -E2BIG. The head is not consumed.',
      zh: '内核日志格式为 "Indirect buffer length too big: %d"。描述符之间靠 16 位的 next 字段链接，一张表最多只能有 65536 项有意义。更长的 len 要么是错误，要么是想让 vhost 去遍历一张巨大的表，所以 get_indirect 以 -E2BIG 拒绝，head 不被消费。',
    },
  },
  'indirect-loop': {
    brief: {
      en: 'the walk through the indirect table ran past its last entry',
      zh: '遍历间接表时越过了它的最后一项',
    },
    detail: {
      en: 'Kernel message "Loop detected: last one at %u indirect size %u". vhost reads an indirect table front to back and counts entries; the last one must end the chain (no VRING_DESC_F_NEXT). If the count passes len/16, the chain claims more entries than the table holds, so get_indirect refuses it with -EINVAL instead of reading beyond the table. The head is not consumed.',
      zh: '内核日志格式为 "Loop detected: last one at %u indirect size %u"。vhost 从头到尾顺序读取间接表并计数，最后一项必须结束这条链（不带 VRING_DESC_F_NEXT）。如果计数超过 len/16，说明这条链声称的项数比表里实际的还多，get_indirect 以 -EINVAL 拒绝，而不是读到表外去。head 不被消费。',
    },
  },
  'nested-indirect': {
    brief: {
      en: 'an entry inside an indirect table is itself INDIRECT, which the spec forbids',
      zh: '间接表里的某一项自己又带 INDIRECT，这是规范禁止的',
    },
    detail: {
      en: 'Kernel message "Nested indirect descriptor: idx %d, %zx". The spec allows one level of indirection only: a driver must not set VRING_DESC_F_INDIRECT on a descriptor inside an indirect table. Allowing it would let a guest build arbitrarily deep (or cyclic) trees of tables for the host to follow. get_indirect refuses the chain with -EINVAL; the head is not consumed.',
      zh: '内核日志格式为 "Nested indirect descriptor: idx %d, %zx"。规范只允许一层间接：驱动不得在间接表内的描述符上设置 VRING_DESC_F_INDIRECT。若允许嵌套，客户机就能构造任意深（甚至成环）的表结构让宿主机去追。get_indirect 以 -EINVAL 拒绝这条链，head 不被消费。',
    },
  },
  'indirect-out-after-in': {
    brief: {
      en: 'inside the indirect table, a device-readable entry follows a device-writable one',
      zh: '间接表内，设备只读的项出现在设备可写的项之后',
    },
    detail: {
      en: 'Kernel message "Indirect descriptor has out after in: idx %d". The ordering rule for direct chains holds inside an indirect table too: all device-readable ("out") entries first, then all device-writable ("in") ones, so vhost can split the iovec into an out part and an in part. get_indirect refuses the chain with -EINVAL; the head is not consumed.',
      zh: '内核日志格式为 "Indirect descriptor has out after in: idx %d"。直接链的顺序规则在间接表里同样成立：先是所有设备只读（out）的项，再是所有设备可写（in）的项，这样 vhost 才能把 iovec 分成 out 和 in 两段。get_indirect 以 -EINVAL 拒绝这条链，head 不被消费。',
    },
  },
  'indirect-failure': {
    brief: {
      en: 'get_indirect failed, and vhost_get_vq_desc reports the failure once more for the main descriptor',
      zh: 'get_indirect 失败了，vhost_get_vq_desc 再为主描述符报告一次',
    },
    detail: {
      en: 'Kernel message "Failure detected in indirect descriptor at idx %d". Whenever get_indirect returns an error (other than -EAGAIN, an IOTLB miss), vhost_get_vq_desc logs this second line naming the main-table descriptor that pointed at the bad table, and returns the same errno. The head is not consumed, so the queue stalls on it.',
      zh: '内核日志格式为 "Failure detected in indirect descriptor at idx %d"。只要 get_indirect 返回错误（-EAGAIN，即 IOTLB 未命中，除外），vhost_get_vq_desc 就再记一行，指出是主描述符表里哪一项指向了这张坏表，并返回同一个错误码。head 不被消费，队列停在它上面。',
    },
  },
  'tx-header-len': {
    brief: {
      en: 'after vhost\'s own header there is nothing left to send',
      zh: '去掉 vhost 自己的头之后，已经没有可发送的内容',
    },
    detail: {
      en: 'Kernel message "Unexpected header len for TX: %zd expected %zd". get_tx_bufs skips vhost_hlen bytes (0 with a tap that takes the virtio_net_hdr itself) and counts what remains; a chain whose out buffers add up to no more than that has nothing to send, so it returns -EFAULT. The walk succeeded, so the chain stays consumed and is never returned; handle_tx stops until the next kick.',
      zh: '内核日志格式为 "Unexpected header len for TX: %zd expected %zd"。get_tx_bufs 先跳过 vhost_hlen 字节（tap 自己接收 virtio_net_hdr 时为 0），再计算剩余长度；如果链上 out 缓冲区的总长度不超过这个值，就没有任何可发送的内容，于是返回 -EFAULT。描述符链本身走通了，所以这条链仍算已消费，永远不会归还；handle_tx 停下，等下一次 kick。',
    },
  },
  'unexpected-format': {
    brief: {
      en: 'the chain is well formed but has the wrong shape for this queue',
      zh: '这条链本身合法，但形状不符合这个队列的要求',
    },
    detail: {
      en: 'Kernel messages "Unexpected descriptor format for TX: out %d, int %d" (the "int" is a typo in drivers/vhost/net.c) and "unexpected descriptor format for RX: out %d, in %d". This check is vhost-net\'s own, made after vhost_get_vq_desc accepted the chain: a transmit buffer must be all device-readable (no in part), a receive buffer all device-writable with at least one in part. Sending a writable buffer to the tap, or writing a frame into a read-only one, makes no sense: vhost-net returns an error and stops this pass until the next kick. The chain stays consumed (on RX, get_rx_bufs gives back only the heads it had accepted before it for this frame), so this buffer never reaches the used ring, but the buffers after it are still served.',
      zh: '内核日志格式为 "Unexpected descriptor format for TX: out %d, int %d"（其中的 "int" 是 drivers/vhost/net.c 里的笔误）和 "unexpected descriptor format for RX: out %d, in %d"。这是 vhost-net 自己的检查，发生在 vhost_get_vq_desc 已经接受这条链之后：发送缓冲区必须全部设备只读（没有 in 部分），接收缓冲区必须全部设备可写且至少有一段 in。把可写缓冲区发往 tap，或把帧写进只读缓冲区，都没有意义：vhost-net 返回错误，这一趟停下，等下一次 kick。这条链仍算已消费（RX 方向上 get_rx_bufs 只退回这一帧在它之前已接受的 head），所以这个缓冲区永远不会进入 used 环，但排在它后面的缓冲区照常处理。',
    },
  },
} as const satisfies Record<VqErrKind, ErrorProse>;
