/**
 * Rooms in this process's memory: the relay's default. Idle rooms are swept
 * (on every call and once a minute), and their listeners told they expired.
 */
import { randomFillSync } from 'node:crypto';
import { makeRoomCode } from '@/components/follow/room-code';
import type { PresenterState } from '@/components/follow/follow-message';
import { ROOM_IDLE_MS, hashSecret, newSecret, secretMatches, type RoomEvent, type RoomStore, type RoomView } from './room-store';

interface Room {
  secretHash: string;
  state: PresenterState;
  expiresAt: number;
  listeners: Set<(e: RoomEvent) => void>;
}

/** Knobs, for tests. */
export interface MemoryStoreOptions {
  now?: () => number;
  idleMs?: number;
  /** Rooms held at once; creating one more fails with `full`. */
  maxRooms?: number;
  /** Sweep interval in ms (0: no timer; tests call sweep()). */
  sweepMs?: number;
}

/** The in-memory store. */
export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, Room>();
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly maxRooms: number;
  private readonly timer: ReturnType<typeof setInterval> | null;

  constructor(opts: MemoryStoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.idleMs = opts.idleMs ?? ROOM_IDLE_MS;
    this.maxRooms = opts.maxRooms ?? 1000;
    const every = opts.sweepMs ?? 60_000;
    this.timer = every > 0 ? setInterval(() => this.sweep(), every) : null;
    // A sweep timer must not keep a process (or a test run) alive.
    this.timer?.unref?.();
  }

  /** Drop every room idle past its time and tell its listeners. */
  sweep(): void {
    const now = this.now();
    for (const [code, room] of this.rooms) {
      if (room.expiresAt > now) continue;
      this.rooms.delete(code);
      for (const l of room.listeners) l({ type: 'closed', reason: 'expired' });
    }
  }

  /** Stop the sweep timer. */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private view(code: string, room: Room): RoomView {
    return { code, state: room.state, expiresAt: room.expiresAt };
  }

  private live(code: string): Room | null {
    this.sweep();
    return this.rooms.get(code) ?? null;
  }

  async create(state: PresenterState) {
    this.sweep();
    if (this.rooms.size >= this.maxRooms) return { ok: false as const, code: 'full' as const };
    let code: string;
    do code = makeRoomCode((b) => randomFillSync(b));
    while (this.rooms.has(code));
    const secret = newSecret();
    const room: Room = { secretHash: hashSecret(secret), state, expiresAt: this.now() + this.idleMs, listeners: new Set() };
    this.rooms.set(code, room);
    return { ok: true as const, room: this.view(code, room), secret };
  }

  async get(code: string) {
    const room = this.live(code);
    return room ? this.view(code, room) : null;
  }

  async publish(code: string, secret: string, state: PresenterState) {
    const room = this.live(code);
    if (!room) return { ok: false as const, code: 'not-found' as const };
    if (!secretMatches(secret, room.secretHash)) return { ok: false as const, code: 'forbidden' as const };
    if (state.seq <= room.state.seq) return { ok: false as const, code: 'stale' as const };
    room.state = state;
    room.expiresAt = this.now() + this.idleMs;
    for (const l of room.listeners) l({ type: 'state', state });
    return { ok: true as const, room: this.view(code, room) };
  }

  async close(code: string, secret: string) {
    const room = this.live(code);
    if (!room) return { ok: false as const, code: 'not-found' as const };
    if (!secretMatches(secret, room.secretHash)) return { ok: false as const, code: 'forbidden' as const };
    this.rooms.delete(code);
    for (const l of room.listeners) l({ type: 'closed', reason: 'ended' });
    return { ok: true as const };
  }

  async subscribe(code: string, listener: (e: RoomEvent) => void) {
    const room = this.live(code);
    if (!room) return null;
    room.listeners.add(listener);
    return () => void room.listeners.delete(listener);
  }
}
