/**
 * GET /api/relay/rooms/<code>/events: a follower's server-sent events. The
 * stream starts with the room's state, then sends every new one (`state`),
 * and `closed` when the room expires or the presenter ends it; a comment
 * every 20 s keeps proxies from closing an idle stream. Each event's id is
 * the state's seq, so a reconnecting EventSource is not sent what it has.
 */
import type { PresenterState } from '@/components/follow/follow-message';
import { isRoomCode } from '@/components/follow/room-code';
import { refuse, roomStore } from '../../../_lib/relay';
import type { RoomEvent } from '../../../_lib/room-store';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const KEEPALIVE_MS = 20_000;

const stateEvent = (s: PresenterState) => `id: ${s.seq}\nevent: state\ndata: ${JSON.stringify(s)}\n\n`;

export async function GET(req: Request, ctx: RouteContext<'/api/relay/rooms/[code]/events'>): Promise<Response> {
  const { code } = await ctx.params;
  if (!isRoomCode(code)) return refuse(400, 'a room code is six characters from A–Z and 2–9 (no 0, 1, I, L or O)');
  const store = roomStore();
  const enc = new TextEncoder();
  let cleanup = () => {};
  let queue: RoomEvent[] | null = [];
  // Listen before reading the state, so nothing published in between is lost (the follower drops what is not newer).
  const unsubscribe = await store.subscribe(code, (e) => (queue ? queue.push(e) : send(e)));
  const room = unsubscribe ? await store.get(code) : null;
  if (!unsubscribe || !room) {
    unsubscribe?.();
    return refuse(404, 'there is no room with this code (it may have expired or ended)');
  }
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const write = (text: string) => {
    try {
      controller.enqueue(enc.encode(text));
    } catch {
      cleanup(); // the stream is gone
    }
  };
  function send(e: RoomEvent) {
    if (e.type === 'state') return write(stateEvent(e.state));
    write(`event: closed\ndata: ${JSON.stringify({ reason: e.reason })}\n\n`);
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed
    }
  }
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      const lastSeen = Number(req.headers.get('last-event-id') ?? '0');
      write('retry: 3000\n\n');
      if (!(room.state.seq <= lastSeen)) write(stateEvent(room.state));
      const pending = queue ?? [];
      queue = null;
      for (const e of pending) send(e);
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      cleanup = () => {
        clearInterval(keepalive);
        unsubscribe();
        cleanup = () => {};
      };
      req.signal.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
