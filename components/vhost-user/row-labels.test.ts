import { describe, expect, it } from 'vitest';
import { messageLabel, rowText, shortName } from './row-labels';
import type { MessageRow } from './sequence-model';

const kick: MessageRow = {
  kind: 'message', index: 6, step: 11, msg: 7, from: 'qemu', to: 'dpdk', request: 12, name: 'VHOST_USER_SET_VRING_KICK', flags: 1, size: 8, reply: false,
  hex: '', sendFds: [31], recvFds: [45], recvStep: 12, rejected: null, fault: null,
};

describe('row labels', () => {
  it('names a message as the brief’s example does, in each language', () => {
    expect(messageLabel(kick, 'en', 12)).toBe('Message 7: QEMU to DPDK, VHOST_USER_SET_VRING_KICK, fd 31 → 45');
    expect(messageLabel(kick, 'zh', 12)).toBe('消息 7：QEMU 发给 DPDK，VHOST_USER_SET_VRING_KICK，fd 31 → 45');
  });

  it('says when the receiver has not read the fd yet, and when DPDK refused the message', () => {
    const refused = { ...kick, rejected: { step: 13, error: 'fd-count', closes: true, nack: false } };
    expect(messageLabel(refused, 'en', 11)).toBe('Message 7: QEMU to DPDK, VHOST_USER_SET_VRING_KICK, fd 31 → not read yet');
    expect(messageLabel(refused, 'en', 13)).toBe('Message 7: QEMU to DPDK, VHOST_USER_SET_VRING_KICK, fd 31 → 45, rejected by DPDK');
  });

  it('draws short names with the fds on the arrow', () => {
    expect(shortName('VHOST_USER_GET_FEATURES')).toBe('GET_FEATURES');
    expect(rowText(kick)).toBe('SET_VRING_KICK [fd 31]');
    expect(rowText({ kind: 'status', index: 0, step: 1, value: 15 })).toBe('status 0xf (DRIVER_OK)');
  });
});
