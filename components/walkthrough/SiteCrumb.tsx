'use client';
/** The way back to the catalogue, in the reader's language; a language the reader chose (or the link gave) goes along. */
import Link from 'next/link';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';

export function SiteCrumb({ className }: { className?: string }) {
  const lang = useExplainer((s) => s.lang);
  const carried = useExplainer((s) => s.langFromUrl);
  return (
    <nav className={className} aria-label={t('breadcrumb', lang)}>
      <Link href={carried ? `/?lang=${lang}` : '/'}>{t('siteTitle', lang)}</Link>
      <span aria-hidden="true">/</span>
    </nav>
  );
}
