/**
 * How the prose cites each source document: a title per language and a
 * one-line note on what the walkthrough takes from it. Seed titles stay as
 * their authors wrote them; the spec is cited by version and section.
 */
import type { DocId } from '@/engine/trace/docs';
import type { Bilingual } from './types';

/** Citation of one source document. */
export interface DocCitation {
  title: Bilingual;
  note: Bilingual;
}

/** Every document a beat can cite; `satisfies` makes a missing one a compile error. */
export const DOC_CITATIONS = {
  'seed-000': {
    title: { en: 'qemu + dpdk vq->callfd', zh: 'qemu + dpdk vq->callfd' },
    note: {
      en: 'Chinese notes with QEMU and DPDK code: how vhost_virtqueue_start passes the kick fd (host notifier) and call fd (guest notifier), how irqfd and ioeventfd are wired in KVM, struct vring and VRING_AVAIL_F_NO_INTERRUPT, and the call decision in DPDK\'s vhost_vring_call_split with and without EVENT_IDX.',
      zh: '一篇附带 QEMU 与 DPDK 代码的中文笔记：vhost_virtqueue_start 如何传递 kick fd（host notifier）和 call fd（guest notifier），KVM 中 irqfd 与 ioeventfd 如何接通，struct vring 与 VRING_AVAIL_F_NO_INTERRUPT，以及 DPDK 的 vhost_vring_call_split 在有无 EVENT_IDX 时如何决定是否 call。',
    },
  },
  'virtio-spec': {
    title: { en: 'Virtual I/O Device (VIRTIO) Version 1.1, §2.6', zh: 'VIRTIO 1.1 规范 §2.6 Split Virtqueues' },
    note: {
      en: 'The split virtqueue as the OASIS standard defines it: descriptor table, available ring, used ring, indirect descriptors (§2.6.5.3) and notification suppression with flags or event indices (§2.6.7).',
      zh: 'OASIS 标准对 split virtqueue 的定义：描述符表、avail 环、used 环、间接描述符（§2.6.5.3），以及用 flags 或事件索引实现的通知抑制（§2.6.7）。',
    },
  },
} as const satisfies Record<DocId, DocCitation>;
