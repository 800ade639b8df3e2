'use client';
/**
 * Follow a room: listen on its BroadcastChannel (windows of this browser) and,
 * unless the room is this browser's only, on the relay's event stream (other
 * devices). Both carry the presenter's own seq, so the newest state wins
 * whichever way it came, and a state heard twice is taken once.
 */
import { useEffect, useState } from 'react';
import { openChannel } from './broadcast';
import { checkStateShape, type PresenterState } from './follow-message';
import { eventsUrl } from './relay-client';

/** What a follower knows of the room. */
export interface FollowState {
  live: PresenterState | null;
  /** The first state heard (where the page's run starts). */
  first: PresenterState | null;
  /** How the newest state came. */
  via: 'local' | 'relay' | null;
  /** The room is over. */
  over: 'ended' | 'expired' | null;
}

export function useFollow(code: string, local: boolean): FollowState {
  const [state, setState] = useState<FollowState>({ live: null, first: null, via: null, over: null });
  useEffect(() => {
    let last = 0;
    const take = (s: PresenterState, via: 'local' | 'relay') => {
      if (s.seq <= last) return;
      last = s.seq;
      setState((st) => ({ live: s, first: st.first ?? s, via, over: null }));
    };
    const over = (why: 'ended' | 'expired') => setState((st) => ({ ...st, over: why }));
    const channel = openChannel(code, (m) => {
      if (m.kind === 'state') take(m.state, 'local');
      else if (m.kind === 'ended') over('ended');
    });
    channel?.post({ kind: 'hello' });
    let events: EventSource | null = null;
    if (!local) {
      events = new EventSource(eventsUrl(code));
      events.addEventListener('state', (ev) => {
        let data: unknown;
        try {
          data = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          data = undefined;
        }
        const s = checkStateShape(data);
        if (s.ok) take(s.value, 'relay');
        else console.warn(`follow: ignored a state from the relay: ${s.error}`);
      });
      events.addEventListener('closed', (ev) => {
        let reason: unknown;
        try {
          reason = (JSON.parse((ev as MessageEvent<string>).data) as { reason?: unknown }).reason;
        } catch {
          reason = undefined;
        }
        over(reason === 'ended' ? 'ended' : 'expired');
        events?.close();
      });
    }
    return () => {
      channel?.close();
      events?.close();
    };
  }, [code, local]);
  return state;
}
