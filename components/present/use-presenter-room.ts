'use client';
/**
 * The presenter's room: opened on the relay when the page starts (or taken
 * up again after a reload, while this tab still holds the room's secret in
 * sessionStorage), else a code for this browser only. Every step the page
 * shows goes out on the room's BroadcastChannel and, one POST at a time with
 * the newest state winning, to the relay.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { nonDefault, type OptionTable, type OptionValues } from '@/engine/scenarios/options';
import { openChannel } from '../follow/broadcast';
import { nextSeq, type PresenterState } from '../follow/follow-message';
import { createRoom, endRoom, publishState } from '../follow/relay-client';
import { isRoomCode, makeRoomCode } from '../follow/room-code';
import type { ExplainerState, ExplainerStore } from '../store/explainer-store';

/** Where the room stands. */
export type RoomStatus =
  | { kind: 'opening' }
  | { kind: 'relay'; code: string }
  | { kind: 'local'; code: string; why?: string }
  | { kind: 'expired'; code: string }
  | { kind: 'ended'; code: string }
  | { kind: 'framed' };

const SECRET_KEY = (code: string) => `virtio-explainer:room-secret:${code}`;

function readSecret(code: string): string | null {
  try {
    return window.sessionStorage.getItem(SECRET_KEY(code));
  } catch {
    return null;
  }
}

function keepSecret(code: string, secret: string | null): void {
  try {
    if (secret) window.sessionStorage.setItem(SECRET_KEY(code), secret);
    else window.sessionStorage.removeItem(SECRET_KEY(code));
  } catch {
    // storage blocked: the secret lives in this page's memory only
  }
}

/** Whether a page of another origin frames this one (the presenter refuses to drive a room from there). */
export function framedByOtherOrigin(): boolean {
  if (window.top === window.self) return false;
  try {
    return window.top!.location.origin !== window.location.origin;
  } catch {
    return true;
  }
}

/** What the page shows now, as a state to send (before the first load: what it asked for). */
function stateOf(s: ExplainerState, seq: number): PresenterState {
  const options = s.info ? nonDefault(s.table as OptionTable, s.info.options as OptionValues<OptionTable>) : s.request.options;
  return { scenario: s.scenario, options, step: s.frame?.step ?? s.request.step, seq };
}

/** Run the presenter's room for the page's store; `wanted` is the code from the URL (a reload), `local` keeps it off the relay. */
export function usePresenterRoom(store: ExplainerStore, wanted: string | null, local: boolean) {
  const [status, setStatus] = useState<RoomStatus>({ kind: 'opening' });
  const [attempt, setAttempt] = useState(0);
  const secret = useRef<string | null>(null);
  const ending = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (framedByOtherOrigin()) {
      setStatus({ kind: 'framed' });
      return;
    }
    let seq = 0;
    let live = true;
    let code: string | null = null;
    let onRelay = false;
    let channel: ReturnType<typeof openChannel> = null;
    let inFlight = false;
    let queued: PresenterState | null = null;
    let last: PresenterState | null = null;

    const current = () => {
      seq = nextSeq(seq, Date.now());
      return stateOf(store.getState(), seq);
    };
    const push = async (state: PresenterState) => {
      if (!onRelay || !code || !secret.current) return;
      if (inFlight) {
        queued = state;
        return;
      }
      inFlight = true;
      const r = await publishState(code, secret.current, state);
      inFlight = false;
      if (!live) return;
      if (!r.ok && r.status === 404) {
        onRelay = false;
        keepSecret(code, null);
        setStatus({ kind: 'expired', code });
        return;
      }
      const q = queued;
      queued = null;
      if (q) void push(q);
    };
    const send = () => {
      const state = current();
      if (last && state.step === last.step && JSON.stringify(state.options) === JSON.stringify(last.options)) return;
      last = state;
      channel?.post({ kind: 'state', state });
      void push(state);
    };
    const listen = (c: string) => {
      code = c;
      channel = openChannel(c, (m) => {
        if (m.kind === 'hello' && last) channel?.post({ kind: 'state', state: last });
      });
      last = current();
      channel?.post({ kind: 'state', state: last });
    };

    const open = async () => {
      if (local) {
        const c = isRoomCode(wanted) ? wanted : makeRoomCode((b) => crypto.getRandomValues(b));
        listen(c);
        setStatus({ kind: 'local', code: c });
        return;
      }
      // Taken up again after a reload: the tab still holds the secret.
      const kept = isRoomCode(wanted) ? readSecret(wanted) : null;
      if (kept && wanted) {
        const r = await publishState(wanted, kept, current());
        if (!live) return;
        if (r.ok) {
          secret.current = kept;
          onRelay = true;
          listen(wanted);
          setStatus({ kind: 'relay', code: wanted });
          return;
        }
        keepSecret(wanted, null);
      }
      const r = await createRoom(current());
      if (!live) return;
      if (r.ok) {
        secret.current = r.value.secret;
        keepSecret(r.value.code, r.value.secret);
        onRelay = true;
        listen(r.value.code);
        setStatus({ kind: 'relay', code: r.value.code });
      } else {
        const c = makeRoomCode((b) => crypto.getRandomValues(b));
        listen(c);
        setStatus({ kind: 'local', code: c, why: r.error });
      }
    };
    void open();

    const unsubscribe = store.subscribe((s, prev) => {
      if (code && (s.frame?.step !== prev.frame?.step || s.info !== prev.info)) send();
    });
    ending.current = () => {
      channel?.post({ kind: 'ended' });
      if (onRelay && code && secret.current) void endRoom(code, secret.current);
      if (code) keepSecret(code, null);
      onRelay = false;
      if (code) setStatus({ kind: 'ended', code });
    };
    return () => {
      live = false;
      unsubscribe();
      channel?.close();
      ending.current = null;
    };
  }, [store, wanted, local, attempt]);

  const end = useCallback(() => ending.current?.(), []);
  const reopen = useCallback(() => {
    setStatus({ kind: 'opening' });
    setAttempt((n) => n + 1);
  }, []);
  return { status, end, reopen };
}
