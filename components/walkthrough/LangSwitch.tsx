'use client';
/** The language switch: English, Chinese, or both side by side (a radio group; the choice is remembered). */
import { LANG_MODES, t, type LangMode, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './LangSwitch.module.css';

const LABEL: Record<LangMode, UiKey> = { en: 'langEn', zh: 'langZh', both: 'langBoth' };

export function LangSwitch() {
  const lang = useExplainer((s) => s.lang);
  const chooseLang = useExplainer((s) => s.chooseLang);
  return (
    <div className={styles.switch} role="radiogroup" aria-label={t('language', lang)}>
      {LANG_MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={lang === m}
          className={styles.option}
          onClick={() => chooseLang(m)}
          data-testid={`lang-${m}`}
          lang={m === 'zh' ? 'zh-CN' : undefined}
        >
          {t(LABEL[m], 'en')}
        </button>
      ))}
    </div>
  );
}
