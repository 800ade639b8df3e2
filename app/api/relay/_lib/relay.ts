/**
 * The relay's shared parts for the route handlers: the one store of this
 * server process (Redis when REDIS_URL is set, memory otherwise), reading a
 * JSON body with a size limit, and answers with a clear message.
 */
import { MAX_STATE_BYTES } from '@/components/follow/follow-message';
import { MemoryRoomStore } from './memory-room-store';
import { RedisRoomStore } from './redis-room-store';
import type { RoomStore } from './room-store';

/** The header a presenter sends its secret in. */
export const SECRET_HEADER = 'x-relay-secret';

// One store per process, kept on globalThis so that every route module (and a dev server's reloads) shares it.
const holder = globalThis as unknown as { __virtioRelayStore?: RoomStore };

/** This process's store. */
export function roomStore(): RoomStore {
  holder.__virtioRelayStore ??= process.env.REDIS_URL ? new RedisRoomStore(process.env.REDIS_URL) : new MemoryRoomStore();
  return holder.__virtioRelayStore;
}

/** Which store backs the relay, for the answers' headers and the tests. */
export function storeKind(): 'redis' | 'memory' {
  return process.env.REDIS_URL ? 'redis' : 'memory';
}

/** A JSON answer, never cached. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', 'x-relay-store': storeKind() } });
}

/** A refusal: `{ error }` with the status. */
export function refuse(status: number, error: string): Response {
  return json({ error }, status);
}

/** The request's JSON body, or the refusal to send (wrong type, too large, not JSON). */
export async function readJson(req: Request): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, res: refuse(415, 'send the message as application/json') };
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_STATE_BYTES) return { ok: false, res: refuse(413, `the message is larger than ${MAX_STATE_BYTES} bytes`) };
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_STATE_BYTES) return { ok: false, res: refuse(413, `the message is larger than ${MAX_STATE_BYTES} bytes`) };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, res: refuse(400, 'the message is not JSON') };
  }
}

/** The presenter's secret from the request header, or null. */
export function secretOf(req: Request): string | null {
  const s = req.headers.get(SECRET_HEADER);
  return s && s.length <= 128 ? s : null;
}
