import { describe, expect, it } from 'vitest';
import { encodeVhostUserMsg, VHOST_USER_REQUESTS, type VhostUserPayload } from '@/engine/abi/vhost-user';
import type { VhostUserEventFields } from '@/engine/trace/events-vhost-user';
import type { FrameId } from '@/engine/trace/frames';
import { toHex } from '@/engine/vhost-user/wire';
import type { CaptionCtx } from '../caption-types';
import { CAPTIONS } from '../captions';
import type { Lang } from '../types';
import { VHOST_USER_CAPTIONS } from './captions';

const CJK = /[\u3400-\u9fff]/;
const BAD = ['undefined', 'NaN', '[object', 'Infinity', 'null'];
const LANGS: Lang[] = ['en', 'zh'];

type Types = keyof VhostUserEventFields;
/** One beat to caption: its fields, the functions it runs in, and the values both captions must name. */
interface Sample<K extends Types> {
  f: VhostUserEventFields[K];
  stack?: string[];
  keys: Array<string | number>;
}

const ctx = (stack: string[] = []): CaptionCtx => ({ actor: 'test', stack: stack as unknown as readonly FrameId[] });

/** A vu_send of `payload` as QEMU (or DPDK, for a reply) would write it, bytes and all. */
function send(request: number, payload: VhostUserPayload, o: { from?: 'qemu' | 'dpdk'; reply?: boolean; flags?: number; fds?: number[]; name?: string } = {}): VhostUserEventFields['vu_send'] {
  const reply = o.reply ?? false;
  const flags = o.flags ?? (reply ? 0x5 : 0x1);
  const { bytes } = encodeVhostUserMsg({ request, flags, payload }, o.fds ?? []);
  const name = o.name ?? VHOST_USER_REQUESTS.get(request)?.name ?? `request ${request}`;
  return { from: o.from ?? 'qemu', msg: 7, fd: 30, request, name, flags, size: bytes.length - 12, hex: toHex(bytes), fds: o.fds ?? [], reply };
}

const none: VhostUserPayload = { kind: 'none' };
const u64 = (v: bigint): VhostUserPayload => ({ kind: 'u64', u64: v });
const state = (index: number, num: number): VhostUserPayload => ({ kind: 'state', index, num });
const region = { guestPhysAddr: 0n, memorySize: 0x8000000n, userspaceAddr: 0x7f0000000000n, mmapOffset: 0n };

// DPDK 22.11's features with bit 30, its protocol features with STATUS, and what QEMU 7.2 keeps of them.
const FEATURES = 0x1_7020_8000n | (1n << 30n);
const PROTO_22_11 = 0x1_0cbfn;

/** Every vhost-user event type, each with the variants that read differently; a type left out is a compile error. */
const SAMPLES: { [K in Types]: Array<Sample<K>> } = {
  vu_socket: (['listen', 'connect', 'connect-failed', 'accept', 'close', 'hup'] as const).map((op, i) => ({
    f: { who: i % 2 ? 'dpdk' : 'qemu', op, path: '/run/openvswitch/vhu1', fd: 17 + i, errno: op === 'connect-failed' ? 111 : null },
    keys: op === 'connect-failed' ? ['/run/openvswitch/vhu1', 111] : op === 'close' || op === 'hup' ? [17 + i] : ['/run/openvswitch/vhu1', 17 + i],
  })),
  vu_send: [
    { f: send(1, none), keys: ['VHOST_USER_GET_FEATURES', 'request 1'] },
    { f: send(1, u64(FEATURES), { from: 'dpdk', reply: true }), keys: ['VHOST_USER_GET_FEATURES', `0x${FEATURES.toString(16)}`, '30'] },
    { f: send(15, none), keys: ['VHOST_USER_GET_PROTOCOL_FEATURES', '30'] },
    { f: send(15, u64(PROTO_22_11), { from: 'dpdk', reply: true }), keys: ['0x10cbf', 'REPLY_ACK', 'STATUS'] },
    { f: send(16, u64(PROTO_22_11)), keys: ['VHOST_USER_SET_PROTOCOL_FEATURES', '0x10cbf', 'MQ', 'STATUS', 'DRIVER_OK'] },
    { f: send(17, none), keys: ['VHOST_USER_GET_QUEUE_NUM', 'MQ'] },
    { f: send(17, u64(128n), { from: 'dpdk', reply: true }), keys: ['128', 'VHOST_MAX_QUEUE_PAIRS'] },
    { f: send(21, none, { flags: 0x9, fds: [24] }), keys: ['VHOST_USER_SET_SLAVE_REQ_FD', 'fd 24', '0x9', 'NEED_REPLY', 'SET_BACKEND_REQ_FD'] },
    { f: send(21, u64(0n), { from: 'dpdk', reply: true }), keys: ['VHOST_USER_SET_SLAVE_REQ_FD', 'u64 0', 'NEED_REPLY'] },
    { f: send(21, u64(1n), { from: 'dpdk', reply: true }), keys: ['VHOST_USER_SET_SLAVE_REQ_FD', 'u64 1'] },
    { f: send(3, none), keys: ['VHOST_USER_SET_OWNER', 'request 3'] },
    { f: send(13, u64(1n), { fds: [31] }), stack: ['vhost_dev_init', 'vhost_virtqueue_init', 'vhost_user_set_vring_call'], keys: ['VHOST_USER_SET_VRING_CALL', 'vring 1', 'fd 31', 'masked notifier'] },
    { f: send(13, u64(1n), { fds: [40] }), stack: ['vhost_net_start', 'vhost_dev_start', 'vhost_virtqueue_start'], keys: ['vring 1', 'fd 40', 'guest notifier', 'irqfd'] },
    { f: send(13, u64(0x101n)), keys: ['vring 1', 'NOFD'] },
    { f: send(14, u64(0n), { fds: [33] }), stack: ['vhost_virtqueue_init'], keys: ['VHOST_USER_SET_VRING_ERR', 'vring 0', 'fd 33', 'not implemented'] },
    { f: send(2, u64(FEATURES)), keys: ['VHOST_USER_SET_FEATURES', `0x${FEATURES.toString(16)}`, '30'] },
    { f: send(39, u64(0x08n)), keys: ['VHOST_USER_SET_STATUS', 'FEATURES_OK'] },
    { f: send(39, u64(0x0fn)), keys: ['VHOST_USER_SET_STATUS', 'DRIVER_OK', '22.11'] },
    { f: send(39, u64(0n)), keys: ['VHOST_USER_SET_STATUS', '0'] },
    { f: send(40, none, { flags: 0x1 }), keys: ['VHOST_USER_GET_STATUS'] },
    { f: send(40, u64(0x0bn), { from: 'dpdk', reply: true }), keys: ['ACKNOWLEDGE | DRIVER | FEATURES_OK'] },
    {
      f: send(5, { kind: 'memory', nregions: 2, padding: 0, regions: [region, { ...region, guestPhysAddr: 0x100000000n }] }, { flags: 0x9, fds: [41, 42] }),
      keys: ['VHOST_USER_SET_MEM_TABLE', '2 region', 'fds 41, 42', '0x8000000', '0x7f0000000000', 'mmap'],
    },
    { f: send(8, state(0, 256)), keys: ['VHOST_USER_SET_VRING_NUM', 'vring 0', '256'] },
    { f: send(10, state(1, 0)), keys: ['VHOST_USER_SET_VRING_BASE', 'vring 1', 'index 0'] },
    { f: send(10, state(1, 37)), keys: ['vring 1', '37', 'vring base'] },
    {
      f: send(9, { kind: 'addr', index: 2, flags: 0, descUserAddr: 0x7f0000100000n, usedUserAddr: 0x7f0000102000n, availUserAddr: 0x7f0000101000n, logGuestAddr: 0n }),
      keys: ['VHOST_USER_SET_VRING_ADDR', 'vring 2', '0x7f0000100000', '0x7f0000101000', '0x7f0000102000'],
    },
    { f: send(12, u64(0n), { fds: [35] }), keys: ['VHOST_USER_SET_VRING_KICK', 'vring 0', 'fd 35', 'host notifier'] },
    { f: send(12, u64(0x100n)), keys: ['vring 0', 'NOFD'] },
    { f: send(18, state(1, 1)), stack: ['virtnet_probe', 'virtio_net_set_features', 'virtio_net_set_queue_pairs', 'peer_attach'], keys: ['VHOST_USER_SET_VRING_ENABLE', 'vring 1', 'peer_attach'] },
    { f: send(18, state(0, 1)), stack: ['vhost_net_start'], keys: ['vring 0', 'vring_enable'] },
    { f: send(11, state(0, 0)), keys: ['VHOST_USER_GET_VRING_BASE', 'vring 0'] },
    { f: send(11, state(0, 37), { from: 'dpdk', reply: true }), keys: ['vring 0', '37', 'destroy_device'] },
    { f: send(20, u64(1500n)), keys: ['VHOST_USER_NET_SET_MTU', '1500'] },
    {
      f: send(3, { kind: 'area', u64: 0n, size: 4096n, offset: 0x3000n }, { from: 'dpdk', flags: 0x9, fds: [70], name: 'VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG' }),
      keys: ['VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG', 'fd 70', 'SET_SLAVE_REQ_FD'],
    },
  ],
  vu_recv: [
    { f: { by: 'dpdk', msg: 3, fd: 45, request: 13, name: 'VHOST_USER_SET_VRING_CALL', flags: 1, size: 8, fds: [50], reply: false }, keys: ['VHOST_USER_SET_VRING_CALL', 'fd 45', 50, 'vhost_user_msg_handler'] },
    { f: { by: 'dpdk', msg: 4, fd: 45, request: 5, name: 'VHOST_USER_SET_MEM_TABLE', flags: 9, size: 72, fds: [51, 52], reply: false }, keys: ['VHOST_USER_SET_MEM_TABLE', 51, 52] },
    { f: { by: 'dpdk', msg: 5, fd: 45, request: 3, name: 'VHOST_USER_SET_OWNER', flags: 1, size: 0, fds: [], reply: false }, keys: ['VHOST_USER_SET_OWNER', 'fd 45'] },
    { f: { by: 'qemu', msg: 2, fd: 18, request: 1, name: 'VHOST_USER_GET_FEATURES', flags: 5, size: 8, fds: [], reply: true }, keys: ['VHOST_USER_GET_FEATURES', '0x5', 'vhost_user_read'] },
    { f: { by: 'qemu', msg: 9, fd: 24, request: 3, name: 'VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG', flags: 9, size: 24, fds: [60], reply: false }, keys: ['VHOST_USER_SLAVE_VRING_HOST_NOTIFIER_MSG', 'fd 60'] },
  ],
  vu_fault_injected: (['fd-count', 'vring-index', 'size-too-large', 'unhandled-request', 'region-overflow'] as const).map((fault) => ({
    f: { request: 12, name: 'VHOST_USER_SET_VRING_KICK', fault },
    keys: ['VHOST_USER_SET_VRING_KICK', 'request 12'],
  })),
  vu_reject: [
    { f: { msg: 9, request: 12, name: 'VHOST_USER_SET_VRING_KICK', error: 'fd-count', closes: true, nack: false }, keys: ['VHOST_USER_SET_VRING_KICK', 'fd-count', 'validate_msg_fds', 'vhost_user_read_cb'] },
    { f: { msg: 9, request: 8, name: 'VHOST_USER_SET_VRING_NUM', error: 'vring-index', closes: true, nack: false }, keys: ['vring-index', 'VHOST_MAX_VRING'] },
    { f: { msg: 9, request: 5, name: 'VHOST_USER_SET_MEM_TABLE', error: 'too-many-regions', closes: false, nack: true }, keys: ['too-many-regions', 'NEED_REPLY', 'u64 1'] },
    { f: { msg: 9, request: 5, name: 'VHOST_USER_SET_MEM_TABLE', error: 'size-too-large', closes: true, nack: false }, keys: ['size-too-large', '632'] },
    { f: { msg: 9, request: 99, name: 'request 99', error: 'unhandled-request', closes: true, nack: false }, keys: ['request 99', 'unhandled-request'] },
  ],
  dpdk_log: [
    { f: { level: 'INFO', text: 'VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK' }, keys: ['VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK', 'vhost_user_msg_handler'] },
    { f: { level: 'INFO', text: 'VHOST_CONFIG: (/run/vhu1) vring kick idx:1 file:45' }, keys: ['vring kick idx:1 file:45', '22.07'] },
    { f: { level: 'INFO', text: 'VHOST_CONFIG: virtio is now ready for processing.' }, keys: ['virtio is now ready for processing.', 'new_device'] },
    { f: { level: 'ERR', text: 'VHOST_CONFIG: (/run/vhu1) vhost read incorrect message' }, keys: ['vhost read incorrect message'] },
  ],
  qemu_log: (['info', 'warning', 'error'] as const).map((level) => ({ f: { level, text: 'vhost_backend_init failed' }, keys: ['vhost_backend_init failed'] })),
  vu_apply: [
    { f: { request: 12, name: 'VHOST_USER_SET_VRING_KICK', vring: 0, what: 'vring-kick', value: 'kickfd 48', fd: 48, closed: null }, keys: ['VHOST_USER_SET_VRING_KICK', 'vring 0', 'fd 48'] },
    { f: { request: 13, name: 'VHOST_USER_SET_VRING_CALL', vring: 1, what: 'vring-call', value: 'callfd 51', fd: 51, closed: 46 }, keys: ['vring 1', 'fd 51', 'fd 46'] },
    { f: { request: 14, name: 'VHOST_USER_SET_VRING_ERR', vring: 0, what: 'vring-err', value: 'closed fd 49', fd: null, closed: 49 }, keys: ['VHOST_USER_SET_VRING_ERR', 'fd 49'] },
    { f: { request: 5, name: 'VHOST_USER_SET_MEM_TABLE', vring: null, what: 'mem-table', value: '1 region', fd: null, closed: null }, keys: ['VHOST_USER_SET_MEM_TABLE', '1 region', 'mmap'] },
    { f: { request: 10, name: 'VHOST_USER_SET_VRING_BASE', vring: 1, what: 'vring-base', value: '37', fd: null, closed: null }, keys: ['vring 1', '37', 'last_avail_idx'] },
    ...(['features', 'protocol-features', 'owner', 'reset-owner', 'vring-num', 'vring-addr', 'vring-enable', 'vring-stop', 'queue-num', 'backend-req-fd', 'mtu', 'status', 'log-base'] as const).map((what) => ({
      f: { request: 1, name: 'VHOST_USER_X', vring: null, what, value: 'V123', fd: null, closed: null },
      keys: what === 'owner' || what === 'reset-owner' ? ['VHOST_USER_X'] : ['VHOST_USER_X', 'V123'],
    })),
  ],
  vu_qemu_state: (['features', 'protocol-features', 'queue-num', 'max-mem-slots', 'vring-base', 'started', 'stopped', 'chr-opened', 'chr-closed'] as const).map((what) => ({
    f: { what, queuePair: 1, vring: what === 'vring-base' ? 3 : null, value: 'V77' },
    keys: what === 'vring-base' ? ['V77', 'virtqueue 3'] : ['V77'],
  })),
  vu_notify_app: [
    { f: { op: 'new_device', vid: 0, vring: null, enable: null }, keys: ['new_device', 'vid 0', 'DRIVER_OK'] },
    { f: { op: 'destroy_device', vid: 2, vring: null, enable: null }, keys: ['destroy_device', 'vid 2'] },
    { f: { op: 'destroy_device', vid: 2, vring: null, enable: null }, stack: ['vhost_user_msg_handler', 'vhost_user_get_vring_base'], keys: ['destroy_device', 'vid 2'] },
    { f: { op: 'vring_state_changed', vid: 0, vring: 3, enable: true }, keys: ['vring_state_changed', 'vring 3'] },
  ],
  dpdk_dequeue: [{ f: { vring: 1, count: 2, heads: [4, 6], lastAvail: 9, availIdx: 9 }, keys: ['vring 1', '2', '4', '6', '9'] }],
  dpdk_enqueue: [{ f: { vring: 0, count: 1, heads: [12], lastUsed: 5 }, keys: ['vring 0', '12', 'used->idx 5'] }],
  dpdk_vring_call: [
    { f: { vring: 0, fd: 51, signal: true, reason: 'event-idx', oldUsed: 4, newUsed: 5, usedEvent: 4 }, keys: ['vring 0', 'fd 51', 'used_event 4', 'new 5', 'old 4'] },
    { f: { vring: 0, fd: 51, signal: false, reason: 'event-idx', oldUsed: 4, newUsed: 5, usedEvent: 9 }, keys: ['vring 0', 'used_event 9'] },
    { f: { vring: 1, fd: 52, signal: true, reason: 'flags', oldUsed: 0, newUsed: 1, usedEvent: null }, keys: ['vring 1', 'fd 52', 'VRING_AVAIL_F_NO_INTERRUPT'] },
    { f: { vring: 1, fd: 52, signal: false, reason: 'flags', oldUsed: 0, newUsed: 1, usedEvent: null }, keys: ['vring 1', 'VRING_AVAIL_F_NO_INTERRUPT'] },
  ],
};

type AnyCaption = (f: unknown, c: CaptionCtx) => string;
const captionOf = (type: Types, f: unknown, stack: string[] | undefined, lang: Lang) => (CAPTIONS[type] as unknown as Record<Lang, AnyCaption>)[lang](f, ctx(stack));

/** Words that are the same in both languages (names, numbers, C identifiers); prose words like "region" or "fds" are English only. */
const ENGLISH_ONLY = /^(2 region|1 region|fds 41, 42|request \d+|index 0|queue pair|host notifier|guest notifier|masked notifier|vid \d|u64 \d|fd \d+|vring \d|virtqueue \d|used->idx \d|new \d|old \d|used_event \d)/;

describe('vhost-user captions', () => {
  const cases = (Object.keys(SAMPLES) as Types[]).flatMap((type) => (SAMPLES[type] as Array<Sample<Types>>).map((s, i) => [`${type} #${i}`, type, s] as const));

  it('the walkthrough table is the one the caption registry uses', () => {
    for (const type of Object.keys(SAMPLES) as Types[]) expect(CAPTIONS[type]).toBe(VHOST_USER_CAPTIONS[type]);
  });

  it.each(cases)('%s reads in both languages and names its key values', (_, type, s) => {
    for (const lang of LANGS) {
      const text = captionOf(type, s.f, s.stack, lang);
      expect(text.length, lang).toBeGreaterThan(20);
      for (const bad of BAD) expect(text, `${lang}: ${text}`).not.toContain(bad);
      if (lang === 'zh') expect(text).toMatch(CJK);
      else expect(text).not.toMatch(CJK);
      for (const key of s.keys) {
        const k = String(key);
        // English prose words are checked in English; numbers and identifiers in both.
        if (lang === 'zh' && ENGLISH_ONLY.test(k)) {
          const digits = k.match(/\d+/g) ?? [];
          for (const d of digits) expect(text, `${lang} ${k}: ${text}`).toContain(d);
          continue;
        }
        expect(text, `${lang} ${k}: ${text}`).toContain(k);
      }
      // A caption panel holds a few sentences, not a page.
      expect(text.length, text).toBeLessThan(lang === 'en' ? 520 : 300);
    }
  });

  it('SET_VRING_CALL means the masked notifier at init and the guest notifier at start, in both languages', () => {
    const f = send(13, u64(0n), { fds: [31] });
    const init = ['vhost_dev_init', 'vhost_virtqueue_init'];
    const start = ['vhost_dev_start', 'vhost_virtqueue_start'];
    expect(captionOf('vu_send', f, init, 'en')).toContain('masked notifier');
    expect(captionOf('vu_send', f, init, 'zh')).toContain('masked notifier');
    expect(captionOf('vu_send', f, start, 'en')).not.toContain('masked notifier');
    expect(captionOf('vu_send', f, start, 'zh')).toContain('guest notifier');
  });

  it('SET_VRING_BASE says when a ring resumes from a saved base rather than 0', () => {
    expect(captionOf('vu_send', send(10, state(0, 0)), [], 'en')).toContain('fresh ring');
    expect(captionOf('vu_send', send(10, state(0, 5)), [], 'en')).toContain('saved');
    expect(captionOf('vu_send', send(10, state(0, 5)), [], 'zh')).toContain('保存');
  });

  it("names the era where the bytes or the text tell it: 22.11's STATUS and its log prefix", () => {
    const old = send(15, u64(0x0cbfn), { from: 'dpdk', reply: true });
    expect(captionOf('vu_send', old, [], 'en')).not.toContain('STATUS');
    expect(captionOf('vu_send', send(15, u64(PROTO_22_11), { from: 'dpdk', reply: true }), [], 'en')).toContain('DPDK 22.11 added it');
    expect(captionOf('dpdk_log', { level: 'INFO', text: 'VHOST_CONFIG: vring kick idx:0 file:48' }, [], 'en')).not.toContain('22.07');
    expect(captionOf('dpdk_log', { level: 'INFO', text: 'VHOST_CONFIG: (/p) vring kick idx:0 file:48' }, [], 'zh')).toContain('22.07');
  });

  it('a GET_FEATURES answer without bit 30 does not claim protocol features', () => {
    const text = captionOf('vu_send', send(1, u64(0x1_0000_0000n), { from: 'dpdk', reply: true }), [], 'en');
    expect(text).toContain('0x100000000');
    expect(text).not.toContain('Bit 30');
  });

  it('says less, never something wrong, when the bytes are cut short', () => {
    const f = { ...send(8, state(0, 256)), hex: '0800' };
    const text = captionOf('vu_send', f, [], 'en');
    expect(text).toContain('VHOST_USER_SET_VRING_NUM');
    expect(text).not.toContain('256 descriptors');
  });
});
