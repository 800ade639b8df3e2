/**
 * The language choice on a server-rendered page (the catalogue): three links
 * to the same page in English, Chinese or both, drawn like the walkthrough's
 * switch. No script needed; the chosen one is aria-current.
 */
import Link from 'next/link';
import { LANG_MODES, t, type LangMode, type UiKey } from '../i18n/ui-text';
import styles from './LangSwitch.module.css';

const LABEL: Record<LangMode, UiKey> = { en: 'langEn', zh: 'langZh', both: 'langBoth' };

export function LangLinks({ mode, path, hash = '' }: { mode: LangMode; path: string; hash?: string }) {
  return (
    <nav className={styles.switch} aria-label={t('language', mode)}>
      {LANG_MODES.map((m) => (
        <Link
          key={m}
          href={`${path}?lang=${m}${hash}`}
          className={styles.option}
          aria-current={m === mode ? 'true' : undefined}
          data-testid={`lang-${m}`}
          data-lang-choice={m}
          lang={m === 'zh' ? 'zh-CN' : m === 'en' ? 'en' : undefined}
        >
          {t(LABEL[m], 'en')}
        </Link>
      ))}
    </nav>
  );
}
