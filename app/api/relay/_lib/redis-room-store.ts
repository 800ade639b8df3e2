/**
 * Rooms in Redis, so that several server instances behind one address share
 * them: a room is one key (its secret's hash, state and expiry) that Redis
 * itself expires after the idle time; a presenter's state is PUBLISHed on the
 * room's channel, and every instance PSUBSCRIBEs once to all rooms' channels
 * and hands each message to its own listeners. An instance learns that a room
 * expired by looking (every `checkMs`) for the rooms it has listeners on.
 */
import { randomFillSync } from 'node:crypto';
import { checkStateShape, type PresenterState } from '@/components/follow/follow-message';
import { makeRoomCode } from '@/components/follow/room-code';
import { RedisConnection, parseRedisUrl } from './redis-client';
import { ROOM_IDLE_MS, hashSecret, newSecret, secretMatches, type RoomEvent, type RoomStore, type RoomView } from './room-store';

interface Stored {
  secretHash: string;
  state: PresenterState;
  expiresAt: number;
}

/** Knobs, for tests. */
export interface RedisStoreOptions {
  /** Key and channel prefix (tests use one per run). */
  prefix?: string;
  idleMs?: number;
  /** How often to look whether rooms with local listeners still exist (ms). */
  checkMs?: number;
}

function parseStored(raw: unknown): Stored | null {
  if (typeof raw !== 'string') return null;
  try {
    const o = JSON.parse(raw) as Partial<Stored>;
    const st = checkStateShape(o.state);
    if (typeof o.secretHash !== 'string' || typeof o.expiresAt !== 'number' || !st.ok) return null;
    return { secretHash: o.secretHash, state: st.value, expiresAt: o.expiresAt };
  } catch {
    return null;
  }
}

/** The Redis-backed store. */
export class RedisRoomStore implements RoomStore {
  private readonly cmd: RedisConnection;
  private readonly sub: RedisConnection;
  private readonly prefix: string;
  private readonly idleMs: number;
  private readonly listeners = new Map<string, Set<(e: RoomEvent) => void>>();
  private subscribing: Promise<void> | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private disposed = false;

  constructor(url: string, opts: RedisStoreOptions = {}) {
    const addr = parseRedisUrl(url);
    this.cmd = new RedisConnection(addr);
    this.sub = new RedisConnection(addr);
    this.prefix = opts.prefix ?? 'virtio-explainer:relay:';
    this.idleMs = opts.idleMs ?? ROOM_IDLE_MS;
    this.sub.onPush = (m) => this.pushed(m);
    // A dropped subscriber connection is opened again (after a pause) while anyone listens.
    this.sub.onClose = () => {
      this.subscribing = null;
      if (!this.disposed && this.listeners.size) setTimeout(() => void this.ensureSubscribed().catch(() => {}), 1000).unref?.();
    };
    this.timer = setInterval(() => void this.checkRooms().catch(() => {}), opts.checkMs ?? 30_000);
    this.timer.unref?.();
  }

  private key(code: string): string {
    return `${this.prefix}room:${code}`;
  }

  private channel(code: string): string {
    return `${this.prefix}events:${code}`;
  }

  private ensureSubscribed(): Promise<void> {
    this.subscribing ??= this.sub.psubscribe(`${this.prefix}events:*`).catch((e: unknown) => {
      this.subscribing = null;
      throw e;
    });
    return this.subscribing;
  }

  private pushed(m: unknown[]): void {
    // ['pmessage', pattern, channel, payload]
    if (m[0] !== 'pmessage' || typeof m[2] !== 'string' || typeof m[3] !== 'string') return;
    const code = m[2].slice(`${this.prefix}events:`.length);
    const set = this.listeners.get(code);
    if (!set) return;
    let e: RoomEvent;
    try {
      const o = JSON.parse(m[3]) as { type?: unknown; state?: unknown; reason?: unknown };
      if (o.type === 'state') {
        const st = checkStateShape(o.state);
        if (!st.ok) return;
        e = { type: 'state', state: st.value };
      } else if (o.type === 'closed' && (o.reason === 'expired' || o.reason === 'ended')) e = { type: 'closed', reason: o.reason };
      else return;
    } catch {
      return; // not ours
    }
    for (const l of set) l(e);
  }

  private async read(code: string): Promise<Stored | null> {
    return parseStored(await this.cmd.command('GET', this.key(code)));
  }

  private async checkRooms(): Promise<void> {
    for (const [code, set] of this.listeners) {
      if (await this.read(code)) continue;
      for (const l of set) l({ type: 'closed', reason: 'expired' });
    }
  }

  /** Close both connections and the timer. */
  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.cmd.close();
    this.sub.close();
  }

  async create(state: PresenterState) {
    const secret = newSecret();
    const expiresAt = Date.now() + this.idleMs;
    const stored: Stored = { secretHash: hashSecret(secret), state, expiresAt };
    // NX: a code already in use (by any instance) is drawn again.
    for (let tries = 0; tries < 8; tries++) {
      const code = makeRoomCode((b) => randomFillSync(b));
      const r = await this.cmd.command('SET', this.key(code), JSON.stringify(stored), 'NX', 'PX', this.idleMs);
      if (r === 'OK') return { ok: true as const, room: { code, state, expiresAt }, secret };
    }
    return { ok: false as const, code: 'full' as const };
  }

  async get(code: string): Promise<RoomView | null> {
    const s = await this.read(code);
    return s ? { code, state: s.state, expiresAt: s.expiresAt } : null;
  }

  async publish(code: string, secret: string, state: PresenterState) {
    const s = await this.read(code);
    if (!s) return { ok: false as const, code: 'not-found' as const };
    if (!secretMatches(secret, s.secretHash)) return { ok: false as const, code: 'forbidden' as const };
    if (state.seq <= s.state.seq) return { ok: false as const, code: 'stale' as const };
    const expiresAt = Date.now() + this.idleMs;
    // XX: a room that expired or ended in between is not brought back.
    const r = await this.cmd.command('SET', this.key(code), JSON.stringify({ ...s, state, expiresAt }), 'XX', 'PX', this.idleMs);
    if (r !== 'OK') return { ok: false as const, code: 'not-found' as const };
    await this.cmd.command('PUBLISH', this.channel(code), JSON.stringify({ type: 'state', state }));
    return { ok: true as const, room: { code, state, expiresAt } };
  }

  async close(code: string, secret: string) {
    const s = await this.read(code);
    if (!s) return { ok: false as const, code: 'not-found' as const };
    if (!secretMatches(secret, s.secretHash)) return { ok: false as const, code: 'forbidden' as const };
    await this.cmd.command('DEL', this.key(code));
    await this.cmd.command('PUBLISH', this.channel(code), JSON.stringify({ type: 'closed', reason: 'ended' }));
    return { ok: true as const };
  }

  async subscribe(code: string, listener: (e: RoomEvent) => void) {
    await this.ensureSubscribed();
    if (!(await this.read(code))) return null;
    let set = this.listeners.get(code);
    if (!set) this.listeners.set(code, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(code);
    };
  }
}
