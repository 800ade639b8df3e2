'use client';
/** Which versions of Linux, QEMU (and DPDK) the run models, as the engine states them (WorldInfo.versions). */
import { t, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './Walkthrough.module.css';

export function Versions() {
  const lang = useExplainer((s) => s.lang);
  const versions = useExplainer((s) => s.info?.versions);
  if (!versions) return null;
  return (
    <p className={styles.versions} data-testid="versions">
      {t('versionsLead', lang)}
      {lang === 'zh' ? '' : ' '}
      {versions.map((v, i) => (
        <span key={v.role}>
          {i > 0 ? ' · ' : null}
          <strong>{v.name}</strong>
          <span className={styles.versionRole}>{lang === 'en' ? ` (${t(`version_${v.role}` as UiKey, lang)})` : `（${t(`version_${v.role}` as UiKey, lang)}）`}</span>
        </span>
      ))}
    </p>
  );
}
