'use client';
/** The acting thread's stack at this beat, printed like gdb's `bt`, with the VM exit marked. */
import { useMemo } from 'react';
import { frameName } from '@/engine/trace/frames';
import { scrollFocus } from '../a11y/scroll-focus';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { backtraceLines } from './backtrace';
import styles from './Backtrace.module.css';

export function Backtrace() {
  const lang = useExplainer((s) => s.lang);
  const event = useExplainer((s) => s.frame?.event ?? null);
  const threads = useExplainer((s) => s.info?.threads);
  const lines = useMemo(() => (event ? backtraceLines(event.stack) : []), [event]);
  const thread = event ? threads?.find((th) => th.id === event.actor) : undefined;
  return (
    <Panel title={t('backtrace', lang)} aside={thread ? <code>{thread.name}</code> : undefined} testId="backtrace">
      {event && lines.length ? (
        <pre className={styles.bt} ref={scrollFocus} role="group" aria-label={`${t('backtrace', lang)} ${thread?.name ?? event.actor}`}>
          {lines.map((l, idx) =>
            l.kind === 'frame' ? (
              <span key={idx} className={styles.frame} data-space={l.space}>
                <span className={styles.n}>#{l.n}</span> <span className={styles.fn}>{frameName(l.fn)}</span> () at{' '}
                <span className={styles.file}>{l.file}</span>
                {'\n'}
              </span>
            ) : (
              <span key={idx} className={styles.boundary} data-testid="vm-exit">
                {'── '}
                {t(l.label, lang)}
                {' ──\n'}
              </span>
            ),
          )}
        </pre>
      ) : (
        <p className={styles.empty}>{event ? `${event.actor}: (${t('idle', lang)})` : '—'}</p>
      )}
    </Panel>
  );
}
