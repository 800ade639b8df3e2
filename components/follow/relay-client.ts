/**
 * The browser's side of the relay (app/api/relay): open a room, move it, end
 * it, read it. The secret goes in a header, never in a URL. Failures come
 * back as values with the relay's own message.
 */
import type { PresenterState } from './follow-message';

/** The header the relay reads the presenter's secret from. */
export const SECRET_HEADER = 'x-relay-secret';

/** A relay answer: the value, or the HTTP status and the relay's message (status 0: no answer at all). */
export type RelayResult<T> = { ok: true; value: T } | { ok: false; status: number; error: string };

async function call<T>(url: string, init: RequestInit): Promise<RelayResult<T>> {
  try {
    const res = await fetch(url, { ...init, cache: 'no-store' });
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    if (res.ok) return { ok: true, value: body as T };
    return { ok: false, status: res.status, error: typeof body.error === 'string' ? body.error : `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, status: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Open a room at `state`. */
export function createRoom(state: PresenterState): Promise<RelayResult<{ code: string; secret: string }>> {
  return call('/api/relay/rooms', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(state) });
}

/** Move a room to `state`. */
export function publishState(code: string, secret: string, state: PresenterState): Promise<RelayResult<unknown>> {
  return call(`/api/relay/rooms/${code}`, { method: 'POST', headers: { ...JSON_HEADERS, [SECRET_HEADER]: secret }, body: JSON.stringify(state) });
}

/** End a room; `keepalive` lets the request outlive a closing page. */
export function endRoom(code: string, secret: string): Promise<RelayResult<unknown>> {
  return call(`/api/relay/rooms/${code}`, { method: 'DELETE', headers: { [SECRET_HEADER]: secret }, keepalive: true });
}

/** Read a room's state. */
export function readRoom(code: string): Promise<RelayResult<{ state: PresenterState }>> {
  return call(`/api/relay/rooms/${code}`, { method: 'GET' });
}

/** A room's event stream URL. */
export function eventsUrl(code: string): string {
  return `/api/relay/rooms/${code}/events`;
}
