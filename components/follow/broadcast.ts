/**
 * Windows of one browser follow a presenter through a BroadcastChannel named
 * after the room. Messages: the presenter's `state`; a new follower's `hello`
 * (the presenter answers with its state); the presenter's `ended`. A message
 * of any other shape is ignored with a console warning.
 */
import { checkStateShape, type PresenterState } from './follow-message';

/** A message on a room's channel. */
export type ChannelMessage = { kind: 'state'; state: PresenterState } | { kind: 'hello' } | { kind: 'ended' };

/** The channel's name for a room code. */
export function channelName(code: string): string {
  return `virtio-explainer:room:${code}`;
}

/** Check a channel message; null (after a warning) for anything malformed. */
export function parseChannelMessage(data: unknown): ChannelMessage | null {
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  if (o?.kind === 'hello' || o?.kind === 'ended') return { kind: o.kind };
  if (o?.kind === 'state') {
    const s = checkStateShape(o.state);
    if (s.ok) return { kind: 'state', state: s.value };
    console.warn(`follow: ignored a state on the room channel: ${s.error}`);
    return null;
  }
  console.warn('follow: ignored a message of unknown kind on the room channel');
  return null;
}

/** Open a room's channel if this browser has BroadcastChannel (null otherwise). */
export function openChannel(code: string, onMessage: (m: ChannelMessage) => void): { post(m: ChannelMessage): void; close(): void } | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const ch = new BroadcastChannel(channelName(code));
  ch.onmessage = (ev: MessageEvent) => {
    const m = parseChannelMessage(ev.data);
    if (m) onMessage(m);
  };
  return { post: (m) => ch.postMessage(m), close: () => ch.close() };
}
