'use client';
/**
 * One line saying whether this page is cross-origin isolated. When it is not
 * (an iframe under a plain host page, some static hosts) the engine runs on a
 * plain ArrayBuffer and the page sees memory as a copy per step.
 */
import { useSyncExternalStore } from 'react';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './IsolationNotice.module.css';

const subscribe = () => () => {};
const isolatedNow = () => self.crossOriginIsolated === true;
const onServer = () => null;

export function IsolationNotice() {
  const lang = useExplainer((s) => s.lang);
  const isolated = useSyncExternalStore(subscribe, isolatedNow, onServer);
  if (isolated === null) return null; // unknown until the browser runs: never guess on the server
  return (
    <p className={styles.line} data-testid="isolation" data-isolated={String(isolated)}>
      <span className={styles.dot} data-ok={isolated || undefined} aria-hidden="true" />
      {t(isolated ? 'isolated' : 'notIsolated', lang)}
    </p>
  );
}
