import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cInt, dpdkConfigPrefix, dpdkReadMessageLog, dpdkRequestName, DPDK_REQUEST_TABLE_SIZE } from './vhost-user-log';
import { VHOST_USER_REQUESTS } from './vhost-user';

const PATH = '/var/run/vhost0.sock';

describe('DPDK read-message names per era', () => {
  it('19.11 prints "VHOST_CONFIG: read message <name>", 22.11 adds the socket path', () => {
    expect(dpdkReadMessageLog('19.11', 12, PATH)).toEqual({ level: 'INFO', text: 'VHOST_CONFIG: read message VHOST_USER_SET_VRING_KICK' });
    expect(dpdkReadMessageLog('22.11', 12, PATH)).toEqual({
      level: 'INFO',
      text: 'VHOST_CONFIG: (/var/run/vhost0.sock) read message VHOST_USER_SET_VRING_KICK',
    });
    expect(dpdkConfigPrefix('19.11', PATH)).toBe('VHOST_CONFIG: ');
    expect(dpdkConfigPrefix('22.11', PATH)).toBe('VHOST_CONFIG: (/var/run/vhost0.sock) ');
  });

  it('names differ from QEMU only where DPDK spells them its own way (crypto ids 26/27)', () => {
    for (const era of ['19.11', '22.11'] as const) {
      for (const [id, s] of VHOST_USER_REQUESTS) {
        const name = dpdkRequestName(era, id);
        if (name === undefined) continue;
        expect([s.name, ...s.aliases], `${era} ${id}`).toContain(name);
      }
    }
    expect(dpdkRequestName('19.11', 26)).toBe('VHOST_USER_CRYPTO_CREATE_SESS');
    expect(dpdkRequestName('19.11', 21)).toBe('VHOST_USER_SET_SLAVE_REQ_FD');
    expect(dpdkRequestName('22.11', 21)).toBe('VHOST_USER_SET_SLAVE_REQ_FD');
  });

  it('era coverage: 19.11 has no 23-25 or 33+; 22.11 adds GET/SET_CONFIG and SET/GET_STATUS and drops the crypto names', () => {
    expect([23, 24, 25, 39, 40].map((i) => dpdkRequestName('19.11', i))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([24, 25, 39, 40].map((i) => dpdkRequestName('22.11', i))).toEqual([
      'VHOST_USER_GET_CONFIG',
      'VHOST_USER_SET_CONFIG',
      'VHOST_USER_SET_STATUS',
      'VHOST_USER_GET_STATUS',
    ]);
    expect([23, 26, 27, 36].map((i) => dpdkRequestName('22.11', i))).toEqual([undefined, undefined, undefined, undefined]);
    expect(DPDK_REQUEST_TABLE_SIZE).toEqual({ '19.11': 33, '22.11': 41 });
  });

  it('unnamed ids log "External request %d" (19.11) / "external request %d" (22.11) at DEBUG, as a signed int', () => {
    expect(dpdkReadMessageLog('19.11', 24, PATH)).toEqual({ level: 'DEBUG', text: 'VHOST_CONFIG: External request 24' });
    expect(dpdkReadMessageLog('22.11', 0, PATH)).toEqual({ level: 'DEBUG', text: `VHOST_CONFIG: (${PATH}) external request 0` });
    expect(dpdkReadMessageLog('22.11', 0xfffffffe, PATH).text).toBe(`VHOST_CONFIG: (${PATH}) external request -2`);
    expect(cInt(0x80000000)).toBe(-2147483648);
  });

  it('IOTLB_MSG is read at DEBUG in both eras', () => {
    expect(dpdkReadMessageLog('19.11', 22, PATH).level).toBe('DEBUG');
    expect(dpdkReadMessageLog('22.11', 22, PATH).level).toBe('DEBUG');
  });
});

const dpdk = '/work/.mirror/DPDK+dpdk-stable/repo';
const show = (ref: string) => execFileSync('git', ['-C', dpdk, 'show', ref], { encoding: 'utf8', maxBuffer: 1 << 26 });

describe.runIf(existsSync(dpdk))("the tables agree with DPDK's source", () => {
  it('19.11 vhost_message_str[] and 22.11 VHOST_MESSAGE_HANDLER entries', () => {
    const src19 = show('v19.11.14:lib/librte_vhost/vhost_user.c');
    const hdr19 = show('v19.11.14:lib/librte_vhost/vhost_user.h');
    const ids = new Map([...hdr19.matchAll(/(VHOST_USER_\w+) = (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const table19 = src19.slice(src19.indexOf('vhost_message_str['), src19.indexOf('};', src19.indexOf('vhost_message_str[')));
    const got19 = [...table19.matchAll(/\[(VHOST_USER_\w+)\]\s*=\s*"(\w+)"/g)].map((m) => ({ id: ids.get(m[1]!), name: m[2]! }));
    expect(got19.length).toBe(30); // 0-22, 26-32
    for (const { id, name } of got19) expect(dpdkRequestName('19.11', id!), name).toBe(name);

    const src22 = show('v22.11.4:lib/vhost/vhost_user.c');
    const hdr22 = show('v22.11.4:lib/vhost/vhost_user.h');
    const ids22 = new Map([...hdr22.matchAll(/(VHOST_USER_\w+) = (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
    const got22 = [...src22.matchAll(/^VHOST_MESSAGE_HANDLER\((VHOST_USER_\w+),/gm)].map((m) => m[1]!);
    expect(got22.length).toBe(32); // NONE, 1-22, 24-25, 28-32, 39-40
    for (const name of got22) expect(dpdkRequestName('22.11', ids22.get(name)!), name).toBe(name);
    expect(Math.max(...got22.map((n) => ids22.get(n)!)) + 1).toBe(DPDK_REQUEST_TABLE_SIZE['22.11']);
  });
});
