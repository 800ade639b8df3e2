import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as VU from './vhost-user';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DPDK_VHOST_USER_PAYLOAD_MAX,
  INFLIGHT,
  IOTLB,
  MEM_REGION,
  VHOST_USER_GET_FEATURES,
  VHOST_USER_GET_PROTOCOL_FEATURES,
  VHOST_USER_GET_QUEUE_NUM,
  VHOST_USER_GET_VRING_BASE,
  VHOST_USER_HDR_SIZE,
  VHOST_USER_MAX_FDS,
  VHOST_USER_NEED_REPLY_MASK,
  VHOST_USER_REPLY_MASK,
  VHOST_USER_REQUESTS,
  VHOST_USER_SET_FEATURES,
  VHOST_USER_SET_LOG_BASE,
  VHOST_USER_SET_MEM_TABLE,
  VHOST_USER_SET_OWNER,
  VHOST_USER_SET_PROTOCOL_FEATURES,
  VHOST_USER_SET_VRING_ADDR,
  VHOST_USER_SET_VRING_BASE,
  VHOST_USER_SET_VRING_CALL,
  VHOST_USER_SET_VRING_ENABLE,
  VHOST_USER_SET_VRING_KICK,
  VHOST_USER_SET_VRING_NUM,
  VHOST_USER_SLAVE_REQUESTS,
  DPDK_19_11_PROTOCOL_FEATURES,
  DPDK_22_11_PROTOCOL_FEATURES,
  VHOST_USER_VERSION,
  VHOST_USER_VERSION_MASK,
  VHOST_USER_VRING_IDX_MASK,
  VHOST_USER_VRING_NOFD_MASK,
  VRING_ADDR,
  VRING_STATE,
  decodeVhostUserMsg,
  encodeVhostUserMsg,
  parseVhostUserPayload,
  type DpdkEra,
  type VhostUserMsg,
  type VhostUserPayload,
  type VhostUserPayloadKind,
} from './vhost-user';

/** Little-endian bytes built by shifting, independent of the DataView code under test. */
function le(n: number | bigint, width: number): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}
const hdr = (req: number, flags: number, size: number) => [...le(req, 4), ...le(flags, 4), ...le(size, 4)];
const enc = (msg: VhostUserMsg, fds: number[] = []) => {
  const e = encodeVhostUserMsg(msg, fds);
  return { bytes: Array.from(e.bytes), fds: e.fds };
};
const V = VHOST_USER_VERSION;
const none: VhostUserPayload = { kind: 'none' };
const PATH = '/tmp/vhost-user0.sock';
const PFX: Record<DpdkEra, string> = { '19.11': 'VHOST_CONFIG: ', '22.11': `VHOST_CONFIG: (${PATH}) ` };

describe('vhost-user constants', () => {
  it('header flags, masks and limits have the values QEMU and DPDK define', () => {
    expect([VHOST_USER_HDR_SIZE, VHOST_USER_VERSION, VHOST_USER_VERSION_MASK, VHOST_USER_REPLY_MASK]).toEqual([12, 1, 3, 4]);
    expect([VHOST_USER_NEED_REPLY_MASK, VHOST_USER_VRING_IDX_MASK, VHOST_USER_VRING_NOFD_MASK]).toEqual([8, 0xff, 0x100]);
    expect(VHOST_USER_MAX_FDS).toBe(8);
    expect(DPDK_VHOST_USER_PAYLOAD_MAX).toBe(632);
  });

  it('request table covers QEMU 7.2 ids 1..40 except reserved 35, names match the ids, aliases carry the renames', () => {
    expect([...VHOST_USER_REQUESTS.keys()]).toEqual([...Array(40).keys()].map((i) => i + 1).filter((i) => i !== 35));
    expect(VHOST_USER_REQUESTS.get(VHOST_USER_SET_VRING_KICK)?.name).toBe('VHOST_USER_SET_VRING_KICK');
    expect(VHOST_USER_REQUESTS.get(21)?.aliases).toContain('VHOST_USER_SET_BACKEND_REQ_FD');
    expect(VHOST_USER_REQUESTS.get(26)?.aliases).toContain('VHOST_USER_CRYPTO_CREATE_SESS');
    expect(VHOST_USER_REQUESTS.get(VHOST_USER_SET_MEM_TABLE)?.fds).toEqual({ rule: 'nregions' });
    expect(VHOST_USER_REQUESTS.get(VHOST_USER_SET_VRING_CALL)?.fds).toEqual({ rule: 'vringNofd' });
    expect(VHOST_USER_REQUESTS.get(VHOST_USER_GET_VRING_BASE)?.reply).toBe('always');
    expect(VHOST_USER_REQUESTS.get(VHOST_USER_SET_VRING_ADDR)?.payload).toBe('addr');
    expect(VHOST_USER_SLAVE_REQUESTS.get(3)?.aliases).toContain('VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG');
  });
});

const region = (g: bigint, sz: bigint, u: bigint, off: bigint) => ({ guestPhysAddr: g, memorySize: sz, userspaceAddr: u, mmapOffset: off });
const r0 = region(0n, 0x80000000n, 0x7f0000000000n, 0n);
const r1 = region(0x100000000n, 0x40000000n, 0x7f0080000000n, 0x80000000n);
const regionBytes = (r: ReturnType<typeof region>) => [...le(r.guestPhysAddr, 8), ...le(r.memorySize, 8), ...le(r.userspaceAddr, 8), ...le(r.mmapOffset, 8)];

describe('golden bytes of front-end requests (QEMU sends VERSION = 0x1 in flags)', () => {
  it('requests without payload: GET_FEATURES, SET_OWNER, GET_PROTOCOL_FEATURES, GET_QUEUE_NUM', () => {
    expect(enc({ request: VHOST_USER_GET_FEATURES, flags: V, payload: none }).bytes).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(enc({ request: VHOST_USER_SET_OWNER, flags: V, payload: none }).bytes).toEqual([3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(enc({ request: VHOST_USER_GET_PROTOCOL_FEATURES, flags: V, payload: none }).bytes).toEqual([15, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(enc({ request: VHOST_USER_GET_QUEUE_NUM, flags: V, payload: none }).bytes).toEqual([17, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('u64 payloads: SET_FEATURES, SET_PROTOCOL_FEATURES', () => {
    // VERSION_1 | EVENT_IDX | bit 30 (VHOST_USER_F_PROTOCOL_FEATURES) | MRG_RXBUF
    const feats = (1n << 32n) | (1n << 29n) | (1n << 30n) | (1n << 15n);
    expect(enc({ request: VHOST_USER_SET_FEATURES, flags: V, payload: { kind: 'u64', u64: feats } }).bytes).toEqual([
      2, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0x00, 0x80, 0x00, 0x60, 0x01, 0x00, 0x00, 0x00,
    ]);
    expect(enc({ request: VHOST_USER_SET_PROTOCOL_FEATURES, flags: V, payload: { kind: 'u64', u64: 0x8bn } }).bytes).toEqual([
      16, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0x8b, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('vring state: SET_VRING_NUM, SET_VRING_BASE, GET_VRING_BASE, SET_VRING_ENABLE', () => {
    const st = (index: number, num: number): VhostUserPayload => ({ kind: 'state', index, num });
    expect(enc({ request: VHOST_USER_SET_VRING_NUM, flags: V, payload: st(1, 256) }).bytes).toEqual([8, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    expect(enc({ request: VHOST_USER_SET_VRING_BASE, flags: V, payload: st(0, 0x1234) }).bytes).toEqual([10, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0x34, 0x12, 0, 0]);
    expect(enc({ request: VHOST_USER_GET_VRING_BASE, flags: V, payload: st(1, 0) }).bytes).toEqual([11, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(enc({ request: VHOST_USER_SET_VRING_ENABLE, flags: V, payload: st(3, 1) }).bytes).toEqual([18, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('SET_VRING_ADDR puts desc @8, used @16, avail @24, log @32', () => {
    const e = enc({
      request: VHOST_USER_SET_VRING_ADDR,
      flags: V,
      payload: { kind: 'addr', index: 1, flags: 0, descUserAddr: 0x7f00000a0000n, usedUserAddr: 0x7f00000a2000n, availUserAddr: 0x7f00000a1000n, logGuestAddr: 0xa2000n },
    });
    expect(e.bytes).toEqual([
      ...hdr(9, 1, 40),
      1, 0, 0, 0, 0, 0, 0, 0,
      0x00, 0x00, 0x0a, 0x00, 0x00, 0x7f, 0, 0, // desc
      0x00, 0x20, 0x0a, 0x00, 0x00, 0x7f, 0, 0, // used
      0x00, 0x10, 0x0a, 0x00, 0x00, 0x7f, 0, 0, // avail
      0x00, 0x20, 0x0a, 0x00, 0x00, 0x00, 0, 0, // log
    ]);
  });

  it('SET_VRING_KICK / SET_VRING_CALL carry the index in the u64, NOFD as bit 8, and the fd beside', () => {
    const kick = enc({ request: VHOST_USER_SET_VRING_KICK, flags: V, payload: { kind: 'u64', u64: 1n } }, [42]);
    expect(kick.bytes).toEqual([12, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(kick.fds).toEqual([42]);
    const nofd = enc({ request: VHOST_USER_SET_VRING_KICK, flags: V, payload: { kind: 'u64', u64: 0x101n } });
    expect(nofd.bytes).toEqual([12, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(nofd.fds).toEqual([]);
    const call = enc({ request: VHOST_USER_SET_VRING_CALL, flags: V, payload: { kind: 'u64', u64: 0n } }, [43]);
    expect(call.bytes).toEqual([13, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('SET_MEM_TABLE with two regions: size 8 + 2*32 = 72, two fds in region order', () => {
    const e = enc({ request: VHOST_USER_SET_MEM_TABLE, flags: V, payload: { kind: 'memory', nregions: 2, padding: 0, regions: [r0, r1] } }, [20, 21]);
    expect(e.bytes).toEqual([...hdr(5, 1, 72), 2, 0, 0, 0, 0, 0, 0, 0, ...regionBytes(r0), ...regionBytes(r1)]);
    expect(e.bytes.length).toBe(12 + 72);
    expect(e.fds).toEqual([20, 21]);
  });

  it('a reply sets REPLY in flags (0x5, what QEMU demands) and echoes the request', () => {
    const e = enc({ request: VHOST_USER_GET_FEATURES, flags: V | VHOST_USER_REPLY_MASK, payload: { kind: 'u64', u64: 0x1_4000_0000n } });
    expect(e.bytes).toEqual([1, 0, 0, 0, 5, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 0, 0]);
  });
});

/** A sample payload of each kind, with non-trivial values in every field. */
function sample(kind: VhostUserPayloadKind): VhostUserPayload {
  switch (kind) {
    case 'none':
      return none;
    case 'u64':
      return { kind, u64: 0x0123_4567_89ab_cdefn };
    case 'state':
      return { kind, index: 1, num: 256 };
    case 'addr':
      return { kind, index: 0, flags: 1, descUserAddr: 0x1000n, usedUserAddr: 0x3000n, availUserAddr: 0x2000n, logGuestAddr: 0xfeed_0000n };
    case 'memory':
      return { kind, nregions: 2, padding: 0, regions: [r0, r1] };
    case 'memReg':
      return { kind, padding: 0n, region: r1 };
    case 'log':
      return { kind, mmapSize: 0x10000n, mmapOffset: 0x200n };
    case 'config':
      return { kind, offset: 0, size: 6, flags: 0, region: new Uint8Array([0x52, 0x54, 0, 0x12, 0x34, 0x56]) };
    case 'area':
      return { kind, u64: 1n, size: 4096n, offset: 0x3000n };
    case 'inflight':
      return { kind, mmapSize: 0x4000n, mmapOffset: 0n, numQueues: 2, queueSize: 256 };
    case 'iotlb':
      return { kind, iova: 0x1000n, size: 0x2000n, uaddr: 0x7f00_0000_1000n, perm: 3, type: 2 };
    case 'raw':
      return { kind, bytes: new Uint8Array([1, 2, 3, 4, 5]) };
  }
}

/** The fds a well-formed message of this request carries. */
function fdsFor(request: number, p: VhostUserPayload): number[] {
  const rule = VHOST_USER_REQUESTS.get(request)?.fds;
  if (!rule) return [];
  switch (rule.rule) {
    case 'zero':
      return [];
    case 'exactly':
    case 'atMost':
      return Array.from({ length: rule.n }, (_, i) => 30 + i);
    case 'nregions':
      return p.kind === 'memory' ? p.regions.map((_, i) => 20 + i) : [];
    case 'vringNofd':
      return p.kind === 'u64' && (p.u64 & 0x100n) !== 0n ? [] : [40];
  }
}

/** Requests each era's DPDK library handles itself. */
const HANDLED: Record<DpdkEra, number[]> = {
  '19.11': [...Array(22).keys()].map((i) => i + 1).concat([28, 29, 30, 31, 32]),
  '22.11': [...Array(22).keys()].map((i) => i + 1).concat([24, 25, 28, 29, 30, 31, 32, 39, 40]),
};

function validSample(request: number): VhostUserPayload {
  const kind = VHOST_USER_REQUESTS.get(request)!.payload;
  if (request === VHOST_USER_SET_VRING_KICK || request === VHOST_USER_SET_VRING_CALL || request === 14) return { kind: 'u64', u64: 1n };
  if (request === 20) return { kind: 'u64', u64: 1500n }; // NET_SET_MTU
  if (request === 39) return { kind: 'u64', u64: 0xfn }; // SET_STATUS
  return sample(kind);
}

describe('round trips', () => {
  it('every request: encode then parse gives the payload back', () => {
    for (const [id, s] of VHOST_USER_REQUESTS) {
      const p = sample(s.payload);
      const { bytes } = encodeVhostUserMsg({ request: id, flags: V, payload: p });
      const size = new DataView(bytes.buffer).getUint32(8, true);
      expect(bytes.length).toBe(12 + size);
      expect(parseVhostUserPayload(s.payload, bytes.slice(12)), s.name).toEqual(p);
    }
  });

  it('every request DPDK handles decodes OK in its era, with the message and fds intact', () => {
    for (const era of ['19.11', '22.11'] as DpdkEra[]) {
      for (const id of HANDLED[era]) {
        const p = validSample(id);
        const fds = fdsFor(id, p);
        const { bytes } = encodeVhostUserMsg({ request: id, flags: V, payload: p }, fds);
        const r = decodeVhostUserMsg(bytes, fds, era, { sockPath: PATH });
        expect(r.ok, `${era} ${id} ${r.ok ? '' : r.dpdkLog.join(' | ')}`).toBe(true);
        if (!r.ok) continue;
        expect(r.msg.request).toBe(id);
        expect(r.msg.payload).toEqual(p);
        expect(r.fds).toEqual(fds);
        expect(r.consumed).toBe(bytes.length);
      }
    }
  });

  it('the read line is the era-formatted "read message" (IOTLB_MSG only at DEBUG)', () => {
    const { bytes } = encodeVhostUserMsg({ request: VHOST_USER_SET_VRING_KICK, flags: V, payload: { kind: 'u64', u64: 0n } });
    const a = decodeVhostUserMsg(bytes, [9], '19.11');
    const b = decodeVhostUserMsg(bytes, [9], '22.11', { sockPath: PATH });
    expect(a.dpdkLog).toEqual(['VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK']);
    expect(b.dpdkLog).toEqual([`VHOST_CONFIG: (${PATH}) read message VHOST_USER_SET_VRING_KICK`]);
    const iotlb = encodeVhostUserMsg({ request: 22, flags: V | 8, payload: sample('iotlb') }).bytes;
    const c = decodeVhostUserMsg(iotlb, [], '22.11', { sockPath: PATH });
    expect(c.dpdkLog).toEqual([]);
    expect(c.dpdkLines).toEqual([{ level: 'DEBUG', text: `${PFX['22.11']}read message VHOST_USER_IOTLB_MSG` }]);
  });

  it('a stream read with the next message behind stops after 12 + size', () => {
    const a = encodeVhostUserMsg({ request: VHOST_USER_SET_VRING_NUM, flags: V, payload: { kind: 'state', index: 0, num: 256 } }).bytes;
    const b = encodeVhostUserMsg({ request: VHOST_USER_GET_FEATURES, flags: V, payload: none }).bytes;
    const r = decodeVhostUserMsg(new Uint8Array([...a, ...b]), [], '22.11');
    expect(r.ok && r.consumed).toBe(20);
  });
});

/** Build a message and decode it, returning the failure (asserting it is one). */
function reject(era: DpdkEra, bytes: Uint8Array | number[], fds: number[] = [], opts = {}) {
  const r = decodeVhostUserMsg(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), fds, era, { sockPath: PATH, ...opts });
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('accepted');
  expect('msg' in r).toBe(false);
  return r;
}
const msgBytes = (m: VhostUserMsg) => encodeVhostUserMsg(m).bytes;

describe('malformed messages are refused with the era\'s DPDK log lines', () => {
  it('nothing read: "vhost peer closed", connection closed', () => {
    for (const era of ['19.11', '22.11'] as DpdkEra[]) {
      const r = reject(era, []);
      expect(r).toMatchObject({ error: 'peer-closed', closes: true, dpdkLog: [`${PFX[era]}vhost peer closed`] });
    }
  });

  it('short header: "Unexpected header size read" then the read failure (22.11 names the request)', () => {
    const r19 = reject('19.11', [12, 0, 0, 0, 1, 0]);
    expect(r19.dpdkLog).toEqual(['VHOST_CONFIG: Unexpected header size read', 'VHOST_CONFIG: vhost read message failed']);
    expect(r19.closes).toBe(true);
    const r22 = reject('22.11', [12, 0, 0, 0, 1, 0]);
    expect(r22.dpdkLog).toEqual([`${PFX['22.11']}Unexpected header size read`, `${PFX['22.11']}vhost read message for VHOST_USER_SET_VRING_KICK failed`]);
    // id 23 is inside 22.11's table but has no entry: glibc prints "(null)"
    expect(reject('22.11', [23, 0, 0]).dpdkLog[1]).toBe(`${PFX['22.11']}vhost read message for (null) failed`);
    expect(reject('22.11', [99, 0, 0]).dpdkLog[1]).toBe(`${PFX['22.11']}vhost read message failed`);
  });

  it('size larger than the payload union (632): "invalid msg size", closed', () => {
    expect(reject('19.11', hdr(1, 1, 633)).dpdkLog).toEqual(['VHOST_CONFIG: invalid msg size: 633', 'VHOST_CONFIG: vhost read message failed']);
    const r = reject('22.11', hdr(1, 1, 0xffffffff));
    expect(r.error).toBe('size-too-large');
    expect(r.dpdkLog).toEqual([`${PFX['22.11']}invalid msg size: -1`, `${PFX['22.11']}vhost read message for VHOST_USER_GET_FEATURES failed`]);
    // exactly 632 is allowed through the read (then it is an ordinary unhandled-size question)
    const ok = decodeVhostUserMsg(new Uint8Array([...hdr(3, 1, 632), ...new Array(632).fill(0)]), [], '22.11');
    expect(ok.ok).toBe(true);
  });

  it('payload shorter than size: "read control message failed"; none at all reads as peer closed', () => {
    const r = reject('19.11', [...hdr(2, 1, 8), 1, 2, 3]);
    expect(r).toMatchObject({ error: 'short-payload', closes: true });
    expect(r.dpdkLog).toEqual(['VHOST_CONFIG: read control message failed', 'VHOST_CONFIG: vhost read message failed']);
    expect(reject('22.11', hdr(2, 1, 8)).dpdkLog).toEqual([`${PFX['22.11']}vhost peer closed`]);
  });

  it('unknown requests: 19.11 knows no GET_CONFIG (24); 22.11 does; 23 and 26 fall through as not handled', () => {
    const getConfig = msgBytes({ request: 24, flags: V, payload: sample('config') });
    const r = reject('19.11', getConfig);
    expect(r).toMatchObject({ error: 'unhandled-request', closes: true, nack: false });
    expect(r.dpdkLog).toEqual(['VHOST_CONFIG: vhost message (req: 24) was not handled.', 'VHOST_CONFIG: vhost message handling failed.']);
    expect(r.dpdkLines[0]).toEqual({ level: 'DEBUG', text: 'VHOST_CONFIG: External request 24' });
    expect(decodeVhostUserMsg(getConfig, [], '22.11').ok).toBe(true);
    const endian = reject('22.11', msgBytes({ request: 23, flags: V, payload: { kind: 'state', index: 0, num: 0 } }));
    expect(endian.dpdkLines[0]).toEqual({ level: 'DEBUG', text: `${PFX['22.11']}external request 23` });
    // 19.11 still names the crypto requests in its read line, then nobody handles them
    const crypto = reject('19.11', msgBytes({ request: 26, flags: V, payload: sample('raw') }));
    expect(crypto.dpdkLog[0]).toBe('VHOST_CONFIG: read message VHOST_USER_CRYPTO_CREATE_SESS');
  });

  it('with NEED_REPLY a handler failure is nacked (u64 1) instead of closing the connection', () => {
    const r = reject('22.11', msgBytes({ request: 99, flags: V | VHOST_USER_NEED_REPLY_MASK, payload: none }));
    expect(r).toMatchObject({ closes: false, nack: true });
    expect(r.dpdkLog).toEqual([`${PFX['22.11']}vhost message (req: 99) was not handled.`]);
  });

  it('wrong fd count: KICK without NOFD and no fd, KICK with NOFD and an fd, SET_FEATURES with an fd', () => {
    const kick = msgBytes({ request: VHOST_USER_SET_VRING_KICK, flags: V, payload: { kind: 'u64', u64: 1n } });
    expect(reject('19.11', kick, []).dpdkLog).toEqual([
      'VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK',
      'VHOST_CONFIG:  Expect 1 FDs for request VHOST_USER_SET_VRING_KICK, received 0',
      'VHOST_CONFIG: Processing VHOST_USER_SET_VRING_KICK failed.',
      'VHOST_CONFIG: vhost message handling failed.',
    ]);
    const kickNofd = msgBytes({ request: VHOST_USER_SET_VRING_KICK, flags: V, payload: { kind: 'u64', u64: 0x101n } });
    const r = reject('22.11', kickNofd, [7]);
    expect(r.error).toBe('fd-count');
    expect(r.dpdkLog).toEqual([
      `${PFX['22.11']}read message VHOST_USER_SET_VRING_KICK`,
      `${PFX['22.11']}expect 0 FDs for request VHOST_USER_SET_VRING_KICK, received 1`,
      `${PFX['22.11']}processing VHOST_USER_SET_VRING_KICK failed.`,
      `${PFX['22.11']}vhost message handling failed.`,
    ]);
    expect(decodeVhostUserMsg(kickNofd, [], '22.11').ok).toBe(true);
    const sf = reject('22.11', msgBytes({ request: VHOST_USER_SET_FEATURES, flags: V, payload: { kind: 'u64', u64: 1n } }), [5]);
    expect(sf.dpdkLog[1]).toBe(`${PFX['22.11']}expect 0 FDs for request VHOST_USER_SET_FEATURES, received 1`);
  });

  it('more than 8 fds: 19.11 fails the recvmsg ("truncated msg"); 22.11 logs and keeps 8', () => {
    const m = msgBytes({ request: VHOST_USER_SET_MEM_TABLE, flags: V, payload: { kind: 'memory', nregions: 8, padding: 0, regions: Array(8).fill(r0) } });
    const nine = [...Array(9).keys()].map((i) => 100 + i);
    expect(reject('19.11', m, nine).dpdkLog).toEqual(['VHOST_CONFIG: truncated msg', 'VHOST_CONFIG: vhost read message failed']);
    const ok = decodeVhostUserMsg(m, nine, '22.11', { sockPath: PATH, connFd: 55 });
    expect(ok.ok).toBe(true);
    expect(ok.dpdkLog[0]).toBe(`${PFX['22.11']}truncated control data (fd 55)`);
    expect(ok.ok && ok.fds).toEqual(nine.slice(0, 8));
  });

  it('vring index >= VHOST_MAX_VRING (256): "invalid vring index", closed even with NEED_REPLY', () => {
    for (const era of ['19.11', '22.11'] as DpdkEra[]) {
      const r = reject(era, msgBytes({ request: VHOST_USER_SET_VRING_NUM, flags: V | 8, payload: { kind: 'state', index: 256, num: 256 } }));
      expect(r).toMatchObject({ error: 'vring-index', closes: true, nack: false });
      expect(r.dpdkLog.slice(1)).toEqual([`${PFX[era]}invalid vring index: 256`, `${PFX[era]}failed to alloc queue`]);
    }
    // KICK masks the index to 8 bits, so it can never be out of range
    expect(decodeVhostUserMsg(msgBytes({ request: VHOST_USER_SET_VRING_CALL, flags: V, payload: { kind: 'u64', u64: 0xfffn } }), [], '22.11').ok).toBe(true);
    // SET_INFLIGHT_FD checks num_queues - 1: zero queues wraps to 4294967295
    const inf = msgBytes({ request: 32, flags: V, payload: { ...(sample('inflight') as Extract<VhostUserPayload, { kind: 'inflight' }>), numQueues: 0 } });
    expect(reject('22.11', inf, [3]).dpdkLog[1]).toBe(`${PFX['22.11']}invalid vring index: 4294967295`);
  });

  it('memory table: nregions 9 fails the fd count; a zero-size or wrapping region is refused', () => {
    const nine = msgBytes({ request: VHOST_USER_SET_MEM_TABLE, flags: V, size: 8, payload: { kind: 'memory', nregions: 9, padding: 0, regions: [] } });
    expect(reject('22.11', nine, [1, 2, 3, 4, 5, 6, 7, 8]).dpdkLog[1]).toBe(`${PFX['22.11']}expect 9 FDs for request VHOST_USER_SET_MEM_TABLE, received 8`);
    const zeroSize = msgBytes({ request: VHOST_USER_SET_MEM_TABLE, flags: V, payload: { kind: 'memory', nregions: 2, padding: 0, regions: [r0, region(0n, 0n, 0n, 0n)] } });
    const r22 = reject('22.11', zeroSize, [1, 2]);
    expect(r22.error).toBe('region-overflow');
    expect(r22.dpdkLog.slice(1, 4)).toEqual([
      `${PFX['22.11']}mmap_offset (0) and memory_size (0) overflow`,
      `${PFX['22.11']}failed to mmap region 1`,
      `${PFX['22.11']}processing VHOST_USER_SET_MEM_TABLE failed.`,
    ]);
    const wrap = msgBytes({ request: VHOST_USER_SET_MEM_TABLE, flags: V, payload: { kind: 'memory', nregions: 1, padding: 0, regions: [region(0n, 0x1000n, 0n, 0xfffffffffffff000n)] } });
    expect(reject('19.11', wrap, [1]).dpdkLog.slice(1, 3)).toEqual([
      'VHOST_CONFIG: mmap_offset (0xfffffffffffff000) and memory_size (0x1000) overflow',
      'VHOST_CONFIG: Processing VHOST_USER_SET_MEM_TABLE failed.',
    ]);
    // DPDK does not compare size with nregions: missing regions read as zeros here (stale stack there)
    const short = msgBytes({ request: VHOST_USER_SET_MEM_TABLE, flags: V, size: 40, payload: { kind: 'memory', nregions: 2, padding: 0, regions: [r0] } });
    expect(reject('22.11', short, [1, 2]).error).toBe('region-overflow');
  });

  it('sizes DPDK checks: SET_LOG_BASE must be 16, GET/SET_INFLIGHT_FD 24', () => {
    const lb = msgBytes({ request: VHOST_USER_SET_LOG_BASE, flags: V, payload: { kind: 'u64', u64: 0x1000n } });
    expect(reject('19.11', lb, [4]).dpdkLog[1]).toBe('VHOST_CONFIG: invalid log base msg size: 8 != 16');
    expect(decodeVhostUserMsg(msgBytes({ request: VHOST_USER_SET_LOG_BASE, flags: V, payload: sample('log') }), [4], '19.11').ok).toBe(true);
    const gi = msgBytes({ request: 31, flags: V, size: 20, payload: { kind: 'raw', bytes: new Uint8Array(20) } });
    expect(reject('22.11', gi).dpdkLog[1]).toBe(`${PFX['22.11']}invalid get_inflight_fd message size is 20`);
    const si = msgBytes({ request: 32, flags: V, size: 16, payload: { kind: 'raw', bytes: new Uint8Array([...le(0x4000, 8), ...le(0, 8)]) } });
    // num_queues reads as 0 here, so the vring-index check fires first, as in DPDK
    expect(reject('22.11', si, [3]).error).toBe('vring-index');
    const si2 = new Uint8Array([...hdr(32, 1, 26), ...le(0x4000, 8), ...le(0, 8), ...le(1, 2), ...le(256, 2), 0, 0, 0, 0, 0, 0]);
    expect(reject('19.11', si2, [3]).dpdkLog[1]).toBe('VHOST_CONFIG: invalid set_inflight_fd message size is 26,fd is 3');
    expect(INFLIGHT.size).toBe(24);
  });

  it('values DPDK checks without device state: vring num, MTU, status byte', () => {
    const num = (n: number) => msgBytes({ request: VHOST_USER_SET_VRING_NUM, flags: V, payload: { kind: 'state', index: 0, num: n } });
    expect(reject('22.11', num(300)).dpdkLog[1]).toBe(`${PFX['22.11']}invalid virtqueue size 300`);
    expect(decodeVhostUserMsg(num(300), [], '22.11', { packed: true }).ok).toBe(true);
    expect(reject('19.11', num(65536)).dpdkLog[1]).toBe('VHOST_CONFIG: invalid virtqueue size 65536');
    const mtu = msgBytes({ request: 20, flags: V, payload: { kind: 'u64', u64: 67n } });
    expect(reject('19.11', mtu).dpdkLog[1]).toBe('VHOST_CONFIG: Invalid MTU size (67)');
    expect(reject('22.11', mtu).dpdkLog[1]).toBe(`${PFX['22.11']}invalid MTU size (67)`);
    const st = msgBytes({ request: 39, flags: V, payload: { kind: 'u64', u64: 0x100n } });
    expect(reject('22.11', st).dpdkLog[1]).toBe(`${PFX['22.11']}invalid VHOST_USER_SET_STATUS payload 0x100`);
  });
});

/** mulberry32: small seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz', () => {
  it('random bytes and mutated valid messages: never throws, rejections carry no message, inputs untouched', () => {
    const rand = rng(0x5eed);
    const int = (n: number) => Math.floor(rand() * n);
    const seeds = [...VHOST_USER_REQUESTS.keys()].map((id) => {
      const p = validSample(id);
      return { bytes: encodeVhostUserMsg({ request: id, flags: V, payload: p }).bytes, fds: fdsFor(id, p) };
    });
    let accepted = 0;
    for (let i = 0; i < 6000; i++) {
      let bytes: Uint8Array;
      let fds: number[];
      if (i % 3 === 0) {
        bytes = new Uint8Array(int(80)).map(() => int(256));
        // small request ids and sizes now and then, so the deeper checks are reached
        if (bytes.length >= 12 && rand() < 0.7) {
          bytes[0] = int(45);
          bytes[1] = bytes[2] = bytes[3] = 0;
          bytes[8] = int(bytes.length - 11);
          bytes[9] = bytes[10] = bytes[11] = 0;
        }
        fds = Array.from({ length: int(11) }, () => int(1000));
      } else {
        const s = seeds[int(seeds.length)]!;
        bytes = s.bytes.slice();
        for (let k = 1 + int(4); k > 0; k--) {
          const op = int(4);
          if (op === 0 && bytes.length) bytes[int(bytes.length)] = int(256);
          else if (op === 1) bytes = bytes.slice(0, int(bytes.length + 1));
          else if (op === 2) bytes = new Uint8Array([...bytes, ...Array.from({ length: int(16) }, () => int(256))]);
          else if (bytes.length > 4) {
            // flip one header bit (flags or size)
            const j = 4 + int(Math.min(8, bytes.length - 4));
            bytes[j] = (bytes[j] ?? 0) ^ (1 << int(8));
          }
        }
        fds = rand() < 0.8 ? s.fds.slice() : Array.from({ length: int(10) }, (_, j) => j + 3);
      }
      const before = bytes.slice();
      const fdsBefore = fds.slice();
      const era: DpdkEra = i % 2 ? '19.11' : '22.11';
      let r;
      expect(() => (r = decodeVhostUserMsg(bytes, fds, era))).not.toThrow();
      r = r!;
      expect(bytes).toEqual(before);
      expect(fds).toEqual(fdsBefore);
      if (r.ok) {
        accepted++;
        expect(r.consumed).toBeLessThanOrEqual(bytes.length);
        expect(r.fds.length).toBeLessThanOrEqual(VHOST_USER_MAX_FDS);
      } else {
        expect('msg' in r).toBe(false);
        expect(r.dpdkLines.length).toBeGreaterThan(0);
        expect(r.closes || r.nack).toBe(true);
      }
    }
    // both outcomes are exercised
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(5800);
  });
});

const cc = ['/usr/bin/gcc', '/usr/bin/cc'].find((p) => existsSync(p));
const header = '/usr/include/linux/vhost_types.h';

describe.runIf(cc && existsSync(header))('layout compiled against /usr/include/linux/vhost_types.h', () => {
  it('vhost_vring_state, vhost_vring_addr, vhost_memory_region and vhost_iotlb_msg sizes and offsets agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vhost-user-'));
    const src = join(dir, 'layout.c');
    writeFileSync(
      src,
      `#include <stdio.h>
#include <stddef.h>
#include <linux/vhost_types.h>
int main(void) {
  printf("%zu %zu %zu\\n", sizeof(struct vhost_vring_state), offsetof(struct vhost_vring_state, index), offsetof(struct vhost_vring_state, num));
  printf("%zu %zu %zu %zu %zu %zu %zu\\n", sizeof(struct vhost_vring_addr), offsetof(struct vhost_vring_addr, index), offsetof(struct vhost_vring_addr, flags),
         offsetof(struct vhost_vring_addr, desc_user_addr), offsetof(struct vhost_vring_addr, used_user_addr), offsetof(struct vhost_vring_addr, avail_user_addr),
         offsetof(struct vhost_vring_addr, log_guest_addr));
  printf("%zu %zu %zu %zu\\n", sizeof(struct vhost_memory_region), offsetof(struct vhost_memory_region, guest_phys_addr),
         offsetof(struct vhost_memory_region, memory_size), offsetof(struct vhost_memory_region, userspace_addr));
  printf("%zu %zu %zu %zu %zu %zu\\n", sizeof(struct vhost_iotlb_msg), offsetof(struct vhost_iotlb_msg, iova), offsetof(struct vhost_iotlb_msg, size),
         offsetof(struct vhost_iotlb_msg, uaddr), offsetof(struct vhost_iotlb_msg, perm), offsetof(struct vhost_iotlb_msg, type));
  printf("%d\\n", VHOST_VRING_F_LOG);
  return 0;
}
`,
    );
    const bin = join(dir, 'layout');
    execFileSync(cc!, ['-O0', '-o', bin, src]);
    const lines = execFileSync(bin, { encoding: 'utf8' }).trim().split('\n');
    const nums = (l: string) => l.split(' ').map(Number);
    expect(nums(lines[0]!)).toEqual([VRING_STATE.size, VRING_STATE.index, VRING_STATE.num]);
    expect(nums(lines[1]!)).toEqual([VRING_ADDR.size, VRING_ADDR.index, VRING_ADDR.flags, VRING_ADDR.desc, VRING_ADDR.used, VRING_ADDR.avail, VRING_ADDR.log]);
    expect(nums(lines[2]!)).toEqual([MEM_REGION.size, MEM_REGION.guestPhysAddr, MEM_REGION.memorySize, MEM_REGION.userspaceAddr]);
    expect(nums(lines[3]!)).toEqual([IOTLB.bytes, IOTLB.iova, IOTLB.size, IOTLB.uaddr, IOTLB.perm, IOTLB.type]);
    expect(nums(lines[4]!)).toEqual([0]);
  });
});

const dpdk = '/work/.mirror/DPDK+dpdk-stable/repo';

describe.runIf(cc && existsSync(dpdk))("DPDK's own vhost_user.h, compiled", () => {
  it('VHOST_USER_HDR_SIZE is 12 and sizeof(payload) is 632 in 19.11 and 22.11', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpdk-vu-'));
    writeFileSync(join(dir, 'rte_vhost.h'), '#include <linux/vhost.h>\n#define __rte_packed __attribute__((packed))\nstruct virtio_net;\n');
    for (const [tag, path] of [
      ['v19.11.14', 'lib/librte_vhost/vhost_user.h'],
      ['v22.11.4', 'lib/vhost/vhost_user.h'],
    ] as const) {
      writeFileSync(join(dir, 'vhost_user.h'), execFileSync('git', ['-C', dpdk, 'show', `${tag}:${path}`], { encoding: 'utf8' }));
      writeFileSync(
        join(dir, 't.c'),
        '#include <stdio.h>\n#include <stddef.h>\n#include "vhost_user.h"\nint main(void){VhostUserMsg m; printf("%zu %zu %d\\n", (size_t)VHOST_USER_HDR_SIZE, sizeof(m.payload), VHOST_MEMORY_MAX_NREGIONS); return 0;}\n',
      );
      execFileSync(cc!, ['-I', dir, '-o', join(dir, 't'), join(dir, 't.c')]);
      expect(execFileSync(join(dir, 't'), { encoding: 'utf8' }).trim(), tag).toBe(`${VHOST_USER_HDR_SIZE} ${DPDK_VHOST_USER_PAYLOAD_MAX} ${VHOST_USER_MAX_FDS}`);
    }
  });
});

const qemu = '/tmp/qemu-src/qemu-7.2.0/hw/virtio/vhost-user.c';

describe.runIf(existsSync(qemu))("the tables agree with QEMU 7.2's hw/virtio/vhost-user.c", () => {
  it('every VHOST_USER_*, VHOST_USER_SLAVE_* and VHOST_USER_PROTOCOL_F_* enum value, and the request table names', () => {
    const src = readFileSync(qemu, 'utf8');
    const enumBody = (name: string) => {
      const at = src.indexOf(`enum ${name}`);
      return src.slice(at, src.indexOf('}', at));
    };
    const entries = (body: string) => [...body.matchAll(/(VHOST_USER_\w+)\s*=\s*(\d+)/g)].map((m) => [m[1]!, Number(m[2])] as const);
    const consts = VU as unknown as Record<string, unknown>;
    const req = entries(enumBody('VhostUserRequest'));
    expect(req.length).toBe(40); // 0..40 without reserved 35
    for (const [name, id] of req) {
      expect(consts[name], name).toBe(id);
      if (id > 0) expect(VHOST_USER_REQUESTS.get(id)?.name).toBe(name);
    }
    for (const [name, id] of entries(enumBody('VhostUserSlaveRequest'))) {
      expect(consts[name], name).toBe(id);
      if (id > 0) expect(VHOST_USER_SLAVE_REQUESTS.get(id)?.name).toBe(name);
    }
    const pf = entries(enumBody('VhostUserProtocolFeature'));
    expect(pf.length).toBe(16); // 0..16 without reserved 14
    for (const [name, bit] of pf) expect(consts[name], name).toBe(bit);
  });
});

describe('DPDK protocol feature sets', () => {
  it('19.11 advertises MQ, LOG_SHMFD, RARP, REPLY_ACK, NET_MTU, SLAVE_REQ, CRYPTO_SESSION, SLAVE_SEND_FD, HOST_NOTIFIER, PAGEFAULT; 22.11 adds STATUS', () => {
    const bits = (...b: number[]) => b.reduce((a, x) => a | (1n << BigInt(x)), 0n);
    const v19 = bits(VU.VHOST_USER_PROTOCOL_F_MQ, VU.VHOST_USER_PROTOCOL_F_LOG_SHMFD, VU.VHOST_USER_PROTOCOL_F_RARP, VU.VHOST_USER_PROTOCOL_F_REPLY_ACK,
      VU.VHOST_USER_PROTOCOL_F_NET_MTU, VU.VHOST_USER_PROTOCOL_F_SLAVE_REQ, VU.VHOST_USER_PROTOCOL_F_CRYPTO_SESSION, VU.VHOST_USER_PROTOCOL_F_SLAVE_SEND_FD,
      VU.VHOST_USER_PROTOCOL_F_HOST_NOTIFIER, VU.VHOST_USER_PROTOCOL_F_PAGEFAULT);
    expect(DPDK_19_11_PROTOCOL_FEATURES).toBe(v19);
    expect(DPDK_22_11_PROTOCOL_FEATURES).toBe(v19 | bits(VU.VHOST_USER_PROTOCOL_F_STATUS));
  });
});
