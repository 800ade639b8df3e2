/**
 * The source documents a beat illustrates. The seeds are the notes the project
 * grew from (../shared/seeds); the others are public specifications and code.
 */
export const DOCS = {
  'seed-000': {
    title: 'qemu + dpdk vq->callfd',
    lang: 'zh',
    note: 'struct vring avail/used, VRING_AVAIL_F_NO_INTERRUPT, vhost_vring_call_split with EVENT_IDX, guest and host notifiers',
  },
  'virtio-spec': {
    title: 'Virtual I/O Device (VIRTIO) Version 1.1, §2.6 Split Virtqueues',
    lang: 'en',
    note: 'descriptor table, available ring, used ring, event suppression (§2.6.7), indirect descriptors (§2.6.5.3)',
  },
} as const;

/** Identifier of a source document. */
export type DocId = keyof typeof DOCS;
