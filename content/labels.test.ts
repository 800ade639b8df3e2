import { describe, expect, it } from 'vitest';
import { createWorld } from '@/engine/scenarios/registry';
import { allocLabel, fdLabel, rangeLabel, waitLabel } from './labels';

const worlds = [{}, { dir: 'rx' }, { dir: 'rx', rxbuf: 'big', indirect: 'on' }, { txhdr: 'separate', indirect: 'on' }, { dir: 'rx', rxbuf: 'small' }];

describe('labels of what the engine built', () => {
  it.each(worlds)('names every allocation and fd of %j in both languages, English as the engine says it', (options) => {
    const built = createWorld('descriptor-flow', options, false);
    if (!built.ok) throw new Error(built.error);
    const { info } = built.world;
    for (const a of info.allocs) {
      expect(allocLabel(a, 'en')).toBe(a.label);
      expect(allocLabel(a, 'zh')).not.toMatch(/undefined/);
    }
    // At least the driver-private and buffer names differ in Chinese.
    expect(info.allocs.some((a) => /[\u4e00-\u9fff]/.test(allocLabel(a, 'zh')))).toBe(true);
    const fds = built.world.live().fds;
    expect(fds.length).toBe(4);
    for (const f of fds) {
      expect(fdLabel(f, 'en')).toBe(f.label);
      expect(fdLabel(f, 'zh')).not.toMatch(/undefined/);
    }
  });

  it('names touched ranges', () => {
    expect(rangeLabel({ what: 'desc-buffer', desc: 3, indirect: true }, 'en')).toBe('indirect desc[3] buffer');
    expect(rangeLabel({ what: 'desc-buffer', desc: 3, indirect: false }, 'zh')).toBe('desc[3] 的缓冲区');
    expect(rangeLabel({ what: 'rx-buffer' }, 'zh')).toBe('接收缓冲区');
  });

  // The wait ids of the vhost-user walkthrough's threads (engine/os/unix-socket.ts, DPDK's fdset and reconnect loops, OVS's PMD).
  it.each(['pmd_poll', 'unix_socket', 'poll', 'accept', 'reconnect', 'qemu_poll_ns'])('says what %s waits for in both languages', (id) => {
    const en = waitLabel(id, 'en');
    const zh = waitLabel(id, 'zh');
    expect(en).not.toBe(id);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows an unknown wait id as it is', () => {
    expect(waitLabel('no_such_wait', 'zh')).toBe('no_such_wait');
  });
});
