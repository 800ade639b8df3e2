// Two RedisRoomStore instances (as two server processes would hold) sharing rooms through a real redis-server; skipped, saying why, where there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenterState } from '@/components/follow/follow-message';
import { findRedisServer, startRedisServer } from '@/scripts/redis-server.mjs';
import { RedisRoomStore } from './redis-room-store';
import type { RoomEvent } from './room-store';

const found = findRedisServer();
if (!found.path) console.warn(`redis-room-store.test: skipped: ${found.why}`);

const at = (step: number, seq: number): PresenterState => ({ scenario: 'kick-call', options: {}, step, seq });

function next(events: RoomEvent[], n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const look = () => (events.length >= n ? resolve() : Date.now() - t0 > 3000 ? reject(new Error(`heard ${events.length} of ${n}`)) : setTimeout(look, 10));
    look();
  });
}

describe.skipIf(!found.path)('RedisRoomStore through a real redis-server', () => {
  let server: { url: string; stop(): Promise<void> };
  let a: RedisRoomStore;
  let b: RedisRoomStore;
  const prefix = `test-${process.pid}-${Date.now()}:`;

  beforeAll(async () => {
    server = await startRedisServer(found.path!);
    a = new RedisRoomStore(server.url, { prefix, checkMs: 100 });
    b = new RedisRoomStore(server.url, { prefix, checkMs: 100 });
  });
  afterAll(async () => {
    a?.dispose();
    b?.dispose();
    await server?.stop();
  });

  it('a room made on one instance is followed on the other, and driven only with its secret', async () => {
    const r = await a.create(at(0, 1));
    if (!r.ok) throw new Error('create failed');
    expect(await b.get(r.room.code)).toMatchObject({ code: r.room.code, state: at(0, 1) });
    const heard: RoomEvent[] = [];
    await b.subscribe(r.room.code, (e) => heard.push(e));
    expect(await a.publish(r.room.code, r.secret, at(7, 2))).toMatchObject({ ok: true });
    await next(heard, 1);
    expect(heard).toEqual([{ type: 'state', state: at(7, 2) }]);
    // The other instance takes the presenter's next move too (a load balancer may send it there).
    expect(await b.publish(r.room.code, r.secret, at(8, 3))).toMatchObject({ ok: true });
    expect(await b.publish(r.room.code, 'not-the-secret', at(9, 4))).toEqual({ ok: false, code: 'forbidden' });
    expect(await a.publish(r.room.code, r.secret, at(1, 3))).toEqual({ ok: false, code: 'stale' });
    await next(heard, 2);
    expect(heard).toEqual([
      { type: 'state', state: at(7, 2) },
      { type: 'state', state: at(8, 3) },
    ]);
    expect((await a.get(r.room.code))?.state).toEqual(at(8, 3));
    expect(await a.close(r.room.code, r.secret)).toEqual({ ok: true });
    await next(heard, 3);
    expect(heard.at(-1)).toEqual({ type: 'closed', reason: 'ended' });
    expect(await b.get(r.room.code)).toBeNull();
  });

  it('Redis expires an idle room and the other instance tells its followers', async () => {
    const short = new RedisRoomStore(server.url, { prefix, idleMs: 150, checkMs: 50 });
    try {
      const r = await short.create(at(0, 1));
      if (!r.ok) throw new Error('create failed');
      const heard: RoomEvent[] = [];
      const other = new RedisRoomStore(server.url, { prefix, checkMs: 50 });
      try {
        await other.subscribe(r.room.code, (e) => heard.push(e));
        await next(heard, 1);
        expect(heard).toEqual([{ type: 'closed', reason: 'expired' }]);
        expect(await other.publish(r.room.code, r.secret, at(1, 2))).toEqual({ ok: false, code: 'not-found' });
      } finally {
        other.dispose();
      }
    } finally {
      short.dispose();
    }
  });
});
