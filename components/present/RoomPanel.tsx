'use client';
/** The room: its code (large, for the audience to read), how others join, and the presenter's room actions. */
import { useState } from 'react';
import { prt } from '../i18n/present-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './Present.module.css';
import type { RoomStatus } from './use-presenter-room';

/** The audience's address for a room (`local`: followers use this browser's channel only). */
export function audiencePath(scenario: string, code: string, local: boolean): string {
  return `/follow/${scenario}?room=${code}${local ? '&via=local' : ''}`;
}

export function RoomPanel({ status, end, reopen }: { status: RoomStatus; end(): void; reopen(): void }) {
  const lang = useExplainer((s) => s.lang);
  const scenario = useExplainer((s) => s.scenario);
  const [copied, setCopied] = useState(false);
  if (status.kind === 'framed') return <p role="alert" className={styles.roomNote}>{prt('framed', lang)}</p>;
  if (status.kind === 'opening') return <p className={styles.roomNote}>{prt('roomOpening', lang)}</p>;
  const code = status.code;
  if (status.kind === 'expired' || status.kind === 'ended') {
    return (
      <div className={styles.room} data-testid="room" data-room-state={status.kind}>
        <p role="status" className={styles.roomNote}>
          {prt(status.kind === 'expired' ? 'roomExpired' : 'roomEnded', lang)}
        </p>
        <button type="button" className={styles.small} onClick={reopen}>
          {prt('newRoom', lang)}
        </button>
      </div>
    );
  }
  const local = status.kind === 'local';
  const path = audiencePath(scenario, code, local);
  const open = () => window.open(path, `audience-${code}`, 'noopener');
  const copy = () => {
    void navigator.clipboard?.writeText(new URL(path, window.location.href).href).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className={styles.room} data-testid="room" data-room-state={status.kind} data-room={code}>
      <div className={styles.codeBox}>
        <span className={styles.label}>{prt('roomCode', lang)}</span>
        <span className={styles.code} data-testid="room-code" aria-label={`${prt('roomCode', lang)}: ${code.split('').join(' ')}`}>
          {code}
        </span>
      </div>
      <p className={styles.roomNote} data-testid="room-note">
        {local
          ? status.why
            ? prt('roomRelayDown', lang, { why: status.why })
            : prt('roomLocal', lang)
          : prt('roomRelay', lang, { url: typeof window === 'undefined' ? '/follow' : `${window.location.host}/follow` })}
      </p>
      <div className={styles.roomActions}>
        <a className={styles.small} href={path} target={`audience-${code}`} onClick={(e) => (e.preventDefault(), open())} data-testid="audience-link">
          {prt('openAudience', lang)}
        </a>
        <button type="button" className={styles.small} onClick={copy}>
          {prt(copied ? 'copied' : 'copyLink', lang)}
        </button>
        <button type="button" className={styles.small} onClick={end} data-testid="end-room">
          {prt('endRoom', lang)}
        </button>
      </div>
    </div>
  );
}
