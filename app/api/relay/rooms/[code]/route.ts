// One room: GET reads its state (anyone with the code); POST moves it and DELETE ends it (the presenter, with its secret).
import { isRoomCode } from '@/components/follow/room-code';
import { checkPresenterState } from '../../_lib/check-state';
import { SECRET_HEADER, json, readJson, refuse, roomStore, secretOf } from '../../_lib/relay';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const NO_ROOM = 'there is no room with this code (it may have expired or ended)';
const BAD_CODE = 'a room code is six characters from A–Z and 2–9 (no 0, 1, I, L or O)';
const WRONG_SECRET = 'this secret does not drive this room';

export async function GET(_req: Request, ctx: RouteContext<'/api/relay/rooms/[code]'>): Promise<Response> {
  const { code } = await ctx.params;
  if (!isRoomCode(code)) return refuse(400, BAD_CODE);
  const room = await roomStore().get(code);
  return room ? json(room) : refuse(404, NO_ROOM);
}

export async function POST(req: Request, ctx: RouteContext<'/api/relay/rooms/[code]'>): Promise<Response> {
  const { code } = await ctx.params;
  if (!isRoomCode(code)) return refuse(400, BAD_CODE);
  const secret = secretOf(req);
  if (!secret) return refuse(401, `only the presenter can move a room: send its secret in the ${SECRET_HEADER} header`);
  const body = await readJson(req);
  if (!body.ok) return body.res;
  const state = checkPresenterState(body.body);
  if (!state.ok) return refuse(422, state.error);
  const r = await roomStore().publish(code, secret, state.value);
  if (r.ok) return json(r.room);
  if (r.code === 'not-found') return refuse(404, NO_ROOM);
  if (r.code === 'forbidden') return refuse(403, WRONG_SECRET);
  return refuse(409, 'this state is older than the one the room holds (seq must grow)');
}

export async function DELETE(req: Request, ctx: RouteContext<'/api/relay/rooms/[code]'>): Promise<Response> {
  const { code } = await ctx.params;
  if (!isRoomCode(code)) return refuse(400, BAD_CODE);
  const secret = secretOf(req);
  if (!secret) return refuse(401, `only the presenter can end a room: send its secret in the ${SECRET_HEADER} header`);
  const r = await roomStore().close(code, secret);
  if (r.ok) return json({ ended: code });
  return r.code === 'not-found' ? refuse(404, NO_ROOM) : refuse(403, WRONG_SECRET);
}
