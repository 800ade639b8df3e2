/**
 * Instructor-mode pages take two parameters of their own besides a
 * walkthrough's: `room` (the room code; never the secret) and `via=local`
 * (the room lives in this browser only). They are split off here so the
 * walkthrough's URL parser sees only what it knows.
 */
import { normalizeRoomCode } from '@/components/follow/room-code';
import type { RawQuery } from '@/components/url/url-state';

type Query = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The room code (null when absent or not a code), whether the room is local, and the rest of the query. */
export function splitRoomQuery(query: Query): { room: string | null; local: boolean; rest: RawQuery } {
  const { room, via, ...rest } = query;
  const code = first(room);
  return { room: code ? normalizeRoomCode(code) : null, local: first(via) === 'local', rest };
}
