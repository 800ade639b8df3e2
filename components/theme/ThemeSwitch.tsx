'use client';
/** Light, dark or as the system: a labelled select that applies and remembers the reader's theme. */
import { useEffect, useId, useSyncExternalStore } from 'react';
import { t, type LangMode } from '../i18n/ui-text';
import { chooseTheme, storedTheme, subscribeTheme, THEMES, type Theme } from './theme';
import styles from './ThemeSwitch.module.css';

const LABEL = { system: 'themeSystem', light: 'themeLight', dark: 'themeDark' } as const;

export function ThemeSwitch({ mode }: { mode: LangMode }) {
  const id = useId();
  // The remembered choice; the server cannot know it, so it renders "system" and the client catches up.
  const theme = useSyncExternalStore(subscribeTheme, storedTheme, () => 'system' as Theme);
  useEffect(() => chooseTheme(theme, false), [theme]);
  return (
    <span className={styles.switch}>
      <label htmlFor={id}>{t('theme', mode)}</label>
      <select id={id} value={theme} data-testid="theme-switch" onChange={(e) => chooseTheme(e.currentTarget.value as Theme)}>
        {THEMES.map((th) => (
          <option key={th} value={th}>
            {t(LABEL[th], mode)}
          </option>
        ))}
      </select>
    </span>
  );
}
