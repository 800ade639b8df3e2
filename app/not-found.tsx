// A link that names no page (or no scenario): say so in both languages (this page cannot see ?lang) and lead back to the catalogue.
import type { Metadata } from 'next';
import Link from 'next/link';
import { t } from '@/components/i18n/ui-text';
import styles from './page.module.css';

export const metadata: Metadata = { title: `${t('notFound', 'zh')} · ${t('notFound', 'en')}`, robots: { index: false } };

export default function NotFound() {
  return (
    <main className={styles.page}>
      <h1 lang="zh-CN">{t('notFound', 'zh')}</h1>
      <p lang="en">
        <strong>{t('notFound', 'en')}</strong>
      </p>
      <p className={styles.links}>
        <Link href="/?lang=zh" lang="zh-CN">
          {t('backToCatalogue', 'zh')}
        </Link>
        <Link href="/?lang=en" lang="en">
          {t('backToCatalogue', 'en')}
        </Link>
      </p>
    </main>
  );
}
