'use client';
/** The run's counters so far: notifications sent and suppressed, interrupts, buffers through the ring. */
import type { CounterName } from '@/engine/trace/counters';
import { t, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './Counters.module.css';

const SHOWN: readonly (CounterName & UiKey)[] = [
  'kicks',
  'kicksSuppressed',
  'calls',
  'callsSuppressed',
  'interrupts',
  'buffersAdded',
  'buffersUsed',
  'buffersReclaimed',
  'framesDelivered',
  'vqErrors',
];

export function Counters() {
  const lang = useExplainer((s) => s.lang);
  const counters = useExplainer((s) => s.frame?.snapshot.counters);
  return (
    <Panel title={t('counters', lang)} testId="counters">
      <dl className={styles.grid}>
        {SHOWN.map((name) => (
          <div key={name} className={styles.item} data-testid={`counter-${name}`} data-value={counters?.[name] ?? 0} data-zero={!counters?.[name] || undefined}>
            <dt>{t(name, lang)}</dt>
            <dd>{counters?.[name] ?? 0}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
