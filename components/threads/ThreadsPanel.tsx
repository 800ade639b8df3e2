'use client';
/** The threads of the scenario: runnable, blocked (and on what), or done; the one acting at this beat is marked. */
import { waitLabel } from '@/content/labels';
import { inMode, t, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import styles from './ThreadsPanel.module.css';

export function ThreadsPanel() {
  const lang = useExplainer((s) => s.lang);
  const actors = useExplainer((s) => s.frame?.snapshot.actors);
  const acting = useExplainer((s) => s.frame?.event?.actor ?? null);
  return (
    <Panel title={t('threads', lang)} testId="threads" anchor="threads">
      <ul className={styles.list}>
        {(actors ?? []).map((a) => (
          <li key={a.id} className={styles.thread} data-status={a.status} data-acting={a.id === acting || undefined} data-testid={`thread-${a.id}`}>
            <span className={styles.dot} aria-hidden="true" />
            <span className={styles.name}>
              <code>{a.name}</code>
              <span className={styles.where}>{t(`where_${a.where}`, lang)}</span>
            </span>
            <span className={styles.status}>
              {t(a.status as UiKey, lang)}
              {a.status === 'blocked' && a.on ? (
                <span className={styles.on}>
                  {' '}
                  · {t('waitingFor', lang)} <span>{inMode(lang, (l) => waitLabel(a.on!, l))}</span>
                </span>
              ) : null}
              {a.id === acting ? <span className={styles.acting}>{t('actingThread', lang)}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
