/**
 * What a relay keeps: rooms, each with the presenter's secret (as a hash),
 * the presenter's latest state and its listeners. Two implementations share
 * this contract: memory-room-store.ts (one server process) and
 * redis-room-store.ts (several processes sharing rooms through Redis). The
 * route handlers only see this interface.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PresenterState } from '@/components/follow/follow-message';

/** A room stays this long after the presenter last sent something (create or publish). */
export const ROOM_IDLE_MS = 4 * 60 * 60 * 1000;

/** A room as anyone with its code may read it (never the secret). */
export interface RoomView {
  code: string;
  state: PresenterState;
  /** When the room expires if the presenter sends nothing more (ms since the epoch). */
  expiresAt: number;
}

/** What a listener hears. */
export type RoomEvent = { type: 'state'; state: PresenterState } | { type: 'closed'; reason: 'expired' | 'ended' };

/** Outcome of a presenter's write. */
export type WriteResult = { ok: true; room: RoomView } | { ok: false; code: 'not-found' | 'forbidden' | 'stale' };

/** The store contract. */
export interface RoomStore {
  /** A new room at `state`; the secret is returned once and only its hash is kept. Fails when the store is full. */
  create(state: PresenterState): Promise<{ ok: true; room: RoomView; secret: string } | { ok: false; code: 'full' }>;
  /** The room, or null when there is none (never was, expired or ended). */
  get(code: string): Promise<RoomView | null>;
  /** The presenter moves: `secret` must match, and `state.seq` must be newer than the room's. */
  publish(code: string, secret: string, state: PresenterState): Promise<WriteResult>;
  /** The presenter ends the room. */
  close(code: string, secret: string): Promise<{ ok: true } | { ok: false; code: 'not-found' | 'forbidden' }>;
  /** Listen to a room (states after now, and its end); null when there is no such room. */
  subscribe(code: string, listener: (e: RoomEvent) => void): Promise<(() => void) | null>;
}

/** A new presenter secret: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What a room keeps of its secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` is the one whose hash is `hash` (compared in constant time). */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
