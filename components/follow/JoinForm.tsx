'use client';
/**
 * The join page's form: a room code in, the audience page out. The relay is
 * asked first (other devices); a code it does not know may still be a room
 * of this browser only, so the room's BroadcastChannel is asked next.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { prt } from '../i18n/present-text';
import type { LangMode } from '../i18n/ui-text';
import styles from '../present/Present.module.css';
import { openChannel } from './broadcast';
import type { PresenterState } from './follow-message';
import { readRoom } from './relay-client';
import { normalizeRoomCode } from './room-code';

/** Ask this browser's windows for the room's state; null after `ms`. */
function askLocally(code: string, ms: number): Promise<PresenterState | null> {
  return new Promise((resolve) => {
    const ch = openChannel(code, (m) => {
      if (m.kind !== 'state') return;
      clearTimeout(timer);
      ch?.close();
      resolve(m.state);
    });
    const timer = setTimeout(() => (ch?.close(), resolve(null)), ch ? ms : 0);
    ch?.post({ kind: 'hello' });
  });
}

export function JoinForm({ lang, initial }: { lang: LangMode; initial: string }) {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const join = async (raw: string) => {
    const code = normalizeRoomCode(raw);
    if (!code) return setProblem(prt('badCode', lang));
    setProblem(null);
    setBusy(true);
    const q = new URLSearchParams({ room: code });
    if (lang !== 'both' || new URLSearchParams(window.location.search).has('lang')) q.set('lang', lang);
    const r = await readRoom(code);
    if (r.ok) return window.location.assign(`/follow/${r.value.state.scenario}?${q}`);
    const here = await askLocally(code, 500);
    if (here) {
      q.set('via', 'local');
      return window.location.assign(`/follow/${here.scenario}?${q}`);
    }
    setBusy(false);
    setProblem(prt('noSuchRoom', lang, { code }));
  };

  // A link with ?room= joins straight away.
  useEffect(() => {
    if (started.current || !initial) return;
    started.current = true;
    void join(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void join(value);
  };
  return (
    <form onSubmit={onSubmit} className={styles.room} data-testid="join-form">
      <label htmlFor="room-code" className={styles.label}>
        {prt('joinLabel', lang)}
      </label>
      <input
        id="room-code"
        className={styles.code}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={16}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'room-problem' : undefined}
      />
      <button type="submit" className={styles.small} disabled={busy}>
        {prt(busy ? 'joinLooking' : 'joinButton', lang)}
      </button>
      {problem ? (
        <p id="room-problem" role="alert" className={styles.roomNote}>
          {problem}
        </p>
      ) : null}
    </form>
  );
}
