/** The server pages' navigation: the scenarios, the sources, the glossary; the chosen language goes along. */
import Link from 'next/link';
import { t, type LangMode } from '../i18n/ui-text';
import { ThemeSwitch } from '../theme/ThemeSwitch';
import styles from './SiteNav.module.css';

const PAGES = [
  { path: '/', key: 'catalogue' },
  { path: '/sources', key: 'sources' },
  { path: '/glossary', key: 'glossary' },
  { path: '/docs/embedding', key: 'embedGuide' },
] as const;

/** A page the site navigation lists. */
export type SitePath = (typeof PAGES)[number]['path'];

export function SiteNav({ mode, chosen, current }: { mode: LangMode; chosen: LangMode | null; current: SitePath }) {
  const carry = chosen ? `?lang=${chosen}` : '';
  return (
    <nav className={styles.nav} aria-label={t('siteNav', mode)} data-testid="site-nav">
      {PAGES.map((p) => (
        <Link key={p.path} href={`${p.path}${carry}`} aria-current={p.path === current ? 'page' : undefined}>
          {t(p.key, mode)}
        </Link>
      ))}
      <ThemeSwitch mode={mode} />
    </nav>
  );
}
