import { describe, expect, it } from 'vitest';
import {
  encodeVhostUserMsg,
  VHOST_USER_GET_FEATURES,
  VHOST_USER_SET_MEM_TABLE,
  VHOST_USER_SET_PROTOCOL_FEATURES,
  VHOST_USER_SET_VRING_ADDR,
  VHOST_USER_SET_VRING_CALL,
  VHOST_USER_SET_VRING_ENABLE,
  VHOST_USER_SET_VRING_KICK,
  type VhostUserMsg,
} from '@/engine/abi/vhost-user';
import { fromHex, toHex } from '@/engine/vhost-user/wire';
import { fdMeanings } from './fd-meaning';
import { protocolFeatureNames, virtioFeatureNames } from '@/engine/abi/vhost-user-names';
import { messageFields, type MessageFields } from './field-map';

const bytesOf = (msg: VhostUserMsg) => encodeVhostUserMsg(msg).bytes;
const field = (m: MessageFields, key: string) => {
  const f = m.fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key} in ${m.fields.map((x) => x.key).join(', ')}`);
  return f;
};
const ownerKey = (m: MessageFields, byte: number) => m.fields[m.owner[byte]!]?.key ?? null;

describe('messageFields: the header', () => {
  it('names the request and decodes VERSION, REPLY and NEED_REPLY', () => {
    const req = messageFields(bytesOf({ request: VHOST_USER_SET_VRING_KICK, flags: 0x9, payload: { kind: 'u64', u64: 1n } }), { from: 'qemu', reply: false });
    expect(field(req, 'header.request').value).toBe('VHOST_USER_SET_VRING_KICK (12)');
    expect(field(req, 'header.flags').bits).toEqual(['VERSION 1', 'NEED_REPLY']);
    expect(field(req, 'header.size').value).toBe('8 bytes');
    const reply = messageFields(bytesOf({ request: VHOST_USER_GET_FEATURES, flags: 0x5, payload: { kind: 'u64', u64: 1n << 32n } }), { from: 'dpdk', reply: true });
    expect(field(reply, 'header.flags')).toMatchObject({ value: '0x5', bits: ['VERSION 1', 'REPLY'] });
  });

  it('owns every byte of a well-formed message, header bytes by their field', () => {
    const m = messageFields(bytesOf({ request: VHOST_USER_SET_VRING_ENABLE, flags: 1, payload: { kind: 'state', index: 1, num: 1 } }), { from: 'qemu', reply: false });
    expect(m.owner).toHaveLength(20);
    expect(m.owner.every((o) => o >= 0)).toBe(true);
    expect([0, 3, 4, 8, 12, 16].map((b) => ownerKey(m, b))).toEqual(['header.request', 'header.request', 'header.flags', 'header.size', 'payload.state.index', 'payload.state.num']);
    expect(field(m, 'payload.state.num').value).toBe('1 (enable)');
    expect(m.problems).toEqual([]);
  });
});

describe('messageFields: payloads by kind', () => {
  it('splits a KICK u64 into the vring index and the NOFD bit', () => {
    const withFd = messageFields(bytesOf({ request: VHOST_USER_SET_VRING_KICK, flags: 1, payload: { kind: 'u64', u64: 3n } }), { from: 'qemu', reply: false });
    expect(field(withFd, 'payload.u64.index')).toMatchObject({ start: 12, len: 1, value: 'vring 3' });
    expect(field(withFd, 'payload.u64.nofd')).toMatchObject({ start: 13, value: 'fd attached' });
    const noFd = messageFields(bytesOf({ request: VHOST_USER_SET_VRING_CALL, flags: 1, payload: { kind: 'u64', u64: 0x100n } }), { from: 'qemu', reply: false });
    expect(field(noFd, 'payload.u64.nofd').value).toBe('NOFD (no fd)');
  });

  it('reads a feature reply as a reply body, naming its bits', () => {
    const bits = (1n << 32n) | (1n << 30n) | (1n << 15n);
    const m = messageFields(bytesOf({ request: VHOST_USER_GET_FEATURES, flags: 5, payload: { kind: 'u64', u64: bits } }), { from: 'dpdk', reply: true });
    expect(m.payloadKind).toBe('u64');
    expect(field(m, 'payload.u64').bits).toEqual(['VIRTIO_NET_F_MRG_RXBUF', 'VHOST_USER_F_PROTOCOL_FEATURES', 'VIRTIO_F_VERSION_1']);
  });

  it('names protocol feature bits with the codec’s names', () => {
    const m = messageFields(bytesOf({ request: VHOST_USER_SET_PROTOCOL_FEATURES, flags: 1, payload: { kind: 'u64', u64: 0b1001n } }), { from: 'qemu', reply: false });
    expect(field(m, 'payload.u64').bits).toEqual(['VHOST_USER_PROTOCOL_F_MQ', 'VHOST_USER_PROTOCOL_F_REPLY_ACK']);
    expect(protocolFeatureNames(1n << 16n)).toEqual(['VHOST_USER_PROTOCOL_F_STATUS']);
    expect(virtioFeatureNames(1n << 4n)).toEqual(['bit 4']);
  });

  it('lays out SET_VRING_ADDR with used before avail, as struct vhost_vring_addr does', () => {
    const m = messageFields(
      bytesOf({ request: VHOST_USER_SET_VRING_ADDR, flags: 1, payload: { kind: 'addr', index: 1, flags: 0, descUserAddr: 0x1000n, usedUserAddr: 0x3000n, availUserAddr: 0x2000n, logGuestAddr: 0n } }),
      { from: 'qemu', reply: false },
    );
    expect(field(m, 'payload.addr.used_user_addr')).toMatchObject({ start: 12 + 16, len: 8, value: '0x3000' });
    expect(field(m, 'payload.addr.avail_user_addr')).toMatchObject({ start: 12 + 24, value: '0x2000' });
    expect(m.owner.every((o) => o >= 0)).toBe(true);
  });

  it('maps each region of a memory table to its bytes', () => {
    const region = (i: number) => ({ guestPhysAddr: BigInt(i) << 32n, memorySize: 0x1000n, userspaceAddr: 0x7f0000000000n + BigInt(i), mmapOffset: 0n });
    const m = messageFields(bytesOf({ request: VHOST_USER_SET_MEM_TABLE, flags: 1, payload: { kind: 'memory', nregions: 2, padding: 0, regions: [region(0), region(1)] } }), { from: 'qemu', reply: false });
    expect(field(m, 'payload.memory.nregions').value).toBe('2');
    expect(field(m, 'payload.memory.regions[1].userspace_addr')).toMatchObject({ start: 12 + 8 + 32 + 16, len: 8, value: '0x7f0000000001' });
    expect(ownerKey(m, 12 + 8 + 32)).toBe('payload.memory.regions[1].guest_phys_addr');
    expect(m.fields.filter((f) => f.key.startsWith('payload.memory.regions'))).toHaveLength(8);
  });
});

describe('messageFields: malformed bytes', () => {
  it('maps a short header as far as it goes', () => {
    const m = messageFields(Uint8Array.of(12, 0, 0, 0, 1), { from: 'qemu', reply: false });
    expect(m.problems).toEqual(['short-header']);
    expect(field(m, 'header.request').value).toBe('VHOST_USER_SET_VRING_KICK (12)');
    expect(field(m, 'header.flags')).toMatchObject({ len: 1, value: '… (1 of 4 bytes)' });
    expect(m.fields.some((f) => f.key === 'header.size')).toBe(false);
  });

  it('reports a size over the bytes sent and cuts the field short', () => {
    const full = bytesOf({ request: VHOST_USER_SET_VRING_KICK, flags: 1, payload: { kind: 'u64', u64: 1n } });
    const m = messageFields(full.subarray(0, 16), { from: 'qemu', reply: false });
    expect(m.problems).toEqual(['size-over-bytes']);
    expect(field(m, 'payload.u64.rest')).toMatchObject({ start: 14, len: 2, value: '… (2 of 6 bytes)' });
  });

  it('marks bytes past the header’s size as belonging to no payload field', () => {
    const m = messageFields(bytesOf({ request: VHOST_USER_SET_VRING_KICK, flags: 1, size: 0, payload: { kind: 'u64', u64: 1n } }), { from: 'qemu', reply: false });
    expect(m.problems).toEqual(['bytes-over-size']);
    expect(field(m, 'trailing')).toMatchObject({ start: 12, len: 8 });
  });

  it('shows an unknown request as raw bytes', () => {
    const m = messageFields(bytesOf({ request: 99, flags: 1, payload: { kind: 'raw', bytes: Uint8Array.of(1, 2, 3) } }), { from: 'qemu', reply: false });
    expect(m.problems).toEqual(['unknown-request']);
    expect(m.requestName).toBeNull();
    expect(field(m, 'payload.raw')).toMatchObject({ start: 12, len: 3 });
  });

  it('round-trips through the trace’s hex', () => {
    const b = bytesOf({ request: VHOST_USER_SET_VRING_CALL, flags: 1, payload: { kind: 'u64', u64: 2n } });
    const again = fromHex(toHex(b));
    expect(again && messageFields(again, { from: 'qemu', reply: false }).fields).toEqual(messageFields(b, { from: 'qemu', reply: false }).fields);
  });
});

describe('fdMeanings', () => {
  it('gives a memory table one region per fd and a vring fd its vring', () => {
    const region = { guestPhysAddr: 0n, memorySize: 0x1000n, userspaceAddr: 0n, mmapOffset: 0n };
    const table = bytesOf({ request: VHOST_USER_SET_MEM_TABLE, flags: 1, payload: { kind: 'memory', nregions: 2, padding: 0, regions: [region, region] } });
    expect(fdMeanings(table, 2, { from: 'qemu', reply: false })).toEqual([
      { what: 'region', index: 0 },
      { what: 'region', index: 1 },
    ]);
    const call = bytesOf({ request: VHOST_USER_SET_VRING_CALL, flags: 1, payload: { kind: 'u64', u64: 3n } });
    expect(fdMeanings(call, 1, { from: 'qemu', reply: false })).toEqual([{ what: 'call', index: 3 }]);
    // The same request number on the back-end's channel is another request.
    expect(fdMeanings(call, 1, { from: 'dpdk', reply: false })).toEqual([{ what: 'unknown', index: null }]);
  });
});
