'use client';
/** One line per message for the reader (bad URL parameters, a clamped step, an engine refusal), each dismissable. */
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { noticeText } from './notice-text';
import styles from './Notices.module.css';

export function Notices() {
  const lang = useExplainer((s) => s.lang);
  const notices = useExplainer((s) => s.notices);
  const dismiss = useExplainer((s) => s.dismiss);
  if (notices.length === 0) return null;
  return (
    <div className={styles.list} role="status">
      {notices.map((n) => {
        const text = noticeText(n, lang);
        return (
          <p key={n.id} className={styles.notice} data-testid="notice" data-kind={n.lead} title={text}>
            <span className={styles.text}>{text}</span>
            <button type="button" className={styles.close} aria-label={t('dismiss', lang)} onClick={() => dismiss(n.id)}>
              ×
            </button>
          </p>
        );
      })}
    </div>
  );
}
