/**
 * The frame every server page shares (the catalogue, sources, glossary, the
 * embedding guide): the language on the document and remembered, a header
 * with the title, the language links, the page's introduction and the site
 * navigation, then the page's own content.
 */
import type { ReactNode } from 'react';
import styles from '@/app/page.module.css';
import { DocumentLang } from '../i18n/DocumentLang';
import { LangMemory } from '../i18n/LangMemory';
import type { LangMode } from '../i18n/ui-text';
import { LangLinks } from '../walkthrough/LangLinks';
import { SiteNav, type SitePath } from './SiteNav';

export function SitePage({
  mode,
  chosen,
  path,
  title,
  intro,
  mainClassName,
  children,
}: {
  mode: LangMode;
  chosen: LangMode | null;
  path: SitePath;
  title: ReactNode;
  intro: ReactNode;
  mainClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={styles.page} lang={mode === 'zh' ? 'zh-CN' : undefined}>
      <DocumentLang mode={mode} />
      <LangMemory chosen={chosen} />
      <header className={styles.head}>
        <div className={styles.headRow}>
          <h1>{title}</h1>
          <LangLinks mode={mode} path={path} />
        </div>
        {intro}
        <SiteNav mode={mode} chosen={chosen} current={path} />
      </header>
      <main className={mainClassName}>{children}</main>
    </div>
  );
}
