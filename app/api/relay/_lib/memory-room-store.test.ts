// The in-memory room store: create, join (subscribe), publish with and without the secret, expiry, and refusals that change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { isRoomCode } from '@/components/follow/room-code';
import type { PresenterState } from '@/components/follow/follow-message';
import { MemoryRoomStore } from './memory-room-store';
import type { RoomEvent } from './room-store';

const at = (step: number, seq: number): PresenterState => ({ scenario: 'descriptor-flow', options: {}, step, seq });

let clock = 1_000_000;
const stores: MemoryRoomStore[] = [];
function makeStore(opts: { idleMs?: number; maxRooms?: number } = {}) {
  const s = new MemoryRoomStore({ now: () => clock, sweepMs: 0, ...opts });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

async function open(store: MemoryRoomStore) {
  const r = await store.create(at(0, 1));
  if (!r.ok) throw new Error('create failed');
  return r;
}

describe('MemoryRoomStore', () => {
  it('creates a room with a readable code and a secret it does not hand out again', async () => {
    const store = makeStore();
    const r = await open(store);
    expect(isRoomCode(r.room.code)).toBe(true);
    expect(r.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const seen = await store.get(r.room.code);
    expect(seen).toEqual({ code: r.room.code, state: at(0, 1), expiresAt: clock + 4 * 3600_000 });
    expect(JSON.stringify(seen)).not.toContain(r.secret);
  });

  it('gives two rooms two codes and two secrets', async () => {
    const store = makeStore();
    const [a, b] = [await open(store), await open(store)];
    expect(a.room.code).not.toBe(b.room.code);
    expect(a.secret).not.toBe(b.secret);
    // One room's secret does not drive the other.
    expect(await store.publish(b.room.code, a.secret, at(3, 2))).toEqual({ ok: false, code: 'forbidden' });
  });

  it('tells every follower of a room each new state, and nothing to followers of another room', async () => {
    const store = makeStore();
    const r = await open(store);
    const other = await open(store);
    const heard: RoomEvent[][] = [[], [], []];
    await store.subscribe(r.room.code, (e) => heard[0]!.push(e));
    await store.subscribe(r.room.code, (e) => heard[1]!.push(e));
    await store.subscribe(other.room.code, (e) => heard[2]!.push(e));
    expect(await store.publish(r.room.code, r.secret, at(5, 2))).toMatchObject({ ok: true });
    expect(heard[0]).toEqual([{ type: 'state', state: at(5, 2) }]);
    expect(heard[1]).toEqual([{ type: 'state', state: at(5, 2) }]);
    expect(heard[2]).toEqual([]);
    expect((await store.get(r.room.code))?.state).toEqual(at(5, 2));
  });

  it('refuses a wrong secret and changes nothing', async () => {
    const store = makeStore();
    const r = await open(store);
    const heard: RoomEvent[] = [];
    await store.subscribe(r.room.code, (e) => heard.push(e));
    for (const secret of ['', 'x', r.secret.slice(1), r.secret + 'A', r.secret.toUpperCase()]) {
      expect(await store.publish(r.room.code, secret, at(9, 2))).toEqual({ ok: false, code: 'forbidden' });
      expect(await store.close(r.room.code, secret)).toEqual({ ok: false, code: 'forbidden' });
    }
    expect(heard).toEqual([]);
    expect((await store.get(r.room.code))?.state).toEqual(at(0, 1));
  });

  it('refuses a state that is not newer than the one it holds', async () => {
    const store = makeStore();
    const r = await open(store);
    await store.publish(r.room.code, r.secret, at(4, 10));
    expect(await store.publish(r.room.code, r.secret, at(2, 10))).toEqual({ ok: false, code: 'stale' });
    expect(await store.publish(r.room.code, r.secret, at(2, 9))).toEqual({ ok: false, code: 'stale' });
    expect((await store.get(r.room.code))?.state).toEqual(at(4, 10));
  });

  it('expires a room left idle, tells its followers, and refuses it afterwards', async () => {
    const store = makeStore({ idleMs: 1000 });
    const r = await open(store);
    const heard: RoomEvent[] = [];
    await store.subscribe(r.room.code, (e) => heard.push(e));
    clock += 900;
    // A publish is activity: the room now lives until 1000 ms after it.
    await store.publish(r.room.code, r.secret, at(1, 2));
    clock += 900;
    store.sweep();
    expect(await store.get(r.room.code)).not.toBeNull();
    clock += 101;
    store.sweep();
    expect(heard.at(-1)).toEqual({ type: 'closed', reason: 'expired' });
    expect(await store.get(r.room.code)).toBeNull();
    expect(await store.publish(r.room.code, r.secret, at(2, 3))).toEqual({ ok: false, code: 'not-found' });
    expect(await store.subscribe(r.room.code, () => {})).toBeNull();
  });

  it('ends a room for the presenter only, and tells its followers', async () => {
    const store = makeStore();
    const r = await open(store);
    const heard: RoomEvent[] = [];
    await store.subscribe(r.room.code, (e) => heard.push(e));
    expect(await store.close(r.room.code, r.secret)).toEqual({ ok: true });
    expect(heard).toEqual([{ type: 'closed', reason: 'ended' }]);
    expect(await store.get(r.room.code)).toBeNull();
  });

  it('stops taking rooms when full', async () => {
    const store = makeStore({ maxRooms: 2 });
    await open(store);
    await open(store);
    expect(await store.create(at(0, 1))).toEqual({ ok: false, code: 'full' });
  });

  it('stops telling a follower who left', async () => {
    const store = makeStore();
    const r = await open(store);
    const heard: RoomEvent[] = [];
    const leave = await store.subscribe(r.room.code, (e) => heard.push(e));
    leave!();
    await store.publish(r.room.code, r.secret, at(1, 2));
    expect(heard).toEqual([]);
  });
});
