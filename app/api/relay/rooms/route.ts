// POST /api/relay/rooms: a presenter opens a room at its first state; the answer carries the room code and, once, the secret.
import { checkPresenterState } from '../_lib/check-state';
import { json, readJson, refuse, roomStore } from '../_lib/relay';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(req: Request): Promise<Response> {
  const body = await readJson(req);
  if (!body.ok) return body.res;
  const state = checkPresenterState(body.body);
  if (!state.ok) return refuse(422, state.error);
  const r = await roomStore().create(state.value);
  if (!r.ok) return refuse(503, 'the relay holds as many rooms as it can; try again later');
  return json({ code: r.room.code, secret: r.secret, state: r.room.state, expiresAt: r.room.expiresAt }, 201);
}
