'use client';
/** The walkthrough's way into presenter mode, at the current step, options and language. */
import { buildQuery } from '../url/url-state';
import { prt } from '../i18n/present-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './Present.module.css';

export function PresentLink() {
  const lang = useExplainer((s) => s.lang);
  const href = useExplainer((s) => `/present/${s.scenario}${s.info && s.frame ? buildQuery(s.table, s.info.options, s.frame.step, s.langFromUrl ? s.lang : null) : ''}`);
  return (
    <a className={styles.small} href={href} title={prt('presentHint', lang)} data-testid="present-link">
      {prt('present', lang)}
    </a>
  );
}
