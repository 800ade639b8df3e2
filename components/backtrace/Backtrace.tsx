'use client';
/**
 * A thread's stack at a beat, printed like gdb's `bt`, with the VM exit
 * marked. By default the acting thread's at the step on screen; a caller can
 * pass another beat (the vhost-user page shows each side's last one), its own
 * title and test id, and the DPDK tree whose file layout to print.
 */
import { useMemo, type ReactNode } from 'react';
import { frameName } from '@/engine/trace/frames';
import type { TraceEvent } from '@/engine/trace/events';
import { scrollFocus } from '../a11y/scroll-focus';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import { backtraceLines } from './backtrace';
import styles from './Backtrace.module.css';

export function Backtrace({
  event: given,
  title,
  testId = 'backtrace',
  dpdk = '22.11',
  className,
}: {
  /** The beat whose stack to print (undefined: the step's own; null: none yet). */
  event?: TraceEvent | null;
  title?: ReactNode;
  testId?: string;
  dpdk?: '19.11' | '22.11';
  className?: string;
} = {}) {
  const lang = useExplainer((s) => s.lang);
  const stepEvent = useExplainer((s) => s.frame?.event ?? null);
  const event = given === undefined ? stepEvent : given;
  const threads = useExplainer((s) => s.info?.threads);
  const lines = useMemo(() => (event ? backtraceLines(event.stack, dpdk) : []), [event, dpdk]);
  const thread = event ? threads?.find((th) => th.id === event.actor) : undefined;
  return (
    <Panel title={title ?? t('backtrace', lang)} aside={thread ? <code>{thread.name}</code> : undefined} testId={testId} className={className}>
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
