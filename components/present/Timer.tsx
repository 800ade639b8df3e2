'use client';
/** The presenter's timer (elapsed, pausable) and the time of day. */
import { prt } from '../i18n/present-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './Present.module.css';
import { formatElapsed, useTimer } from './use-timer';

export function Timer() {
  const lang = useExplainer((s) => s.lang);
  const { elapsed, running, now, toggle, reset } = useTimer();
  const clock = now ? new Date(now).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : '';
  return (
    <div className={styles.timer} role="group" aria-label={prt('timer', lang)}>
      <span className={styles.elapsed} data-testid="timer" data-running={running} role="timer" aria-live="off">
        {formatElapsed(elapsed)}
      </span>
      <button type="button" className={styles.small} onClick={toggle} data-testid="timer-toggle">
        {prt(running ? 'timerPause' : 'timerResume', lang)}
      </button>
      <button type="button" className={styles.small} onClick={reset}>
        {prt('timerReset', lang)}
      </button>
      <span className={styles.clock} aria-label={prt('clock', lang)}>
        {clock}
      </span>
    </div>
  );
}
