'use client';
/**
 * The language switch: English, Chinese, or both side by side. A radio group
 * as WAI-ARIA draws it: one tab stop, arrow keys move the choice (so the
 * page-wide player keys leave it alone); the choice is remembered.
 */
import { useRef, type KeyboardEvent } from 'react';
import { LANG_MODES, t, type LangMode, type UiKey } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import styles from './LangSwitch.module.css';

const LABEL: Record<LangMode, UiKey> = { en: 'langEn', zh: 'langZh', both: 'langBoth' };
const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function LangSwitch() {
  const lang = useExplainer((s) => s.lang);
  const chooseLang = useExplainer((s) => s.chooseLang);
  const group = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = STEP[e.key];
    if (step === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const n = LANG_MODES.length;
    const from = LANG_MODES.find((m) => m === (e.target as HTMLElement).dataset.mode) ?? lang;
    const next = LANG_MODES[(LANG_MODES.indexOf(from) + step + n) % n]!;
    chooseLang(next);
    group.current?.querySelector<HTMLElement>(`[data-mode="${next}"]`)?.focus();
  };
  return (
    <div ref={group} className={styles.switch} role="radiogroup" aria-label={t('language', lang)} onKeyDown={onKeyDown}>
      {LANG_MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={lang === m}
          tabIndex={lang === m ? 0 : -1}
          className={styles.option}
          onClick={() => chooseLang(m)}
          data-testid={`lang-${m}`}
          data-mode={m}
          lang={m === 'zh' ? 'zh-CN' : m === 'en' ? 'en' : undefined}
        >
          {t(LABEL[m], 'en')}
        </button>
      ))}
    </div>
  );
}
