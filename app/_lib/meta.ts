/**
 * Page titles, descriptions and social cards in the reader's language. The
 * language is the URL's (?lang=en|zh|both; none means the default, both);
 * every route's generateMetadata goes through `pageMetadata`, so each page
 * has a title, a description, Open Graph and Twitter cards with the social
 * preview image (public/social-preview.png), and links to its other languages.
 */
import type { Metadata } from 'next';
import { isLangMode, pick, t, type Bilingual, type LangMode } from '@/components/i18n/ui-text';
import { DEFAULT_LANG } from '@/components/store/prefs-slice';

/** The social preview image: a screenshot of the walkthrough (made by scripts in e2e/, see public/README). */
export const SOCIAL_IMAGE = { url: '/social-preview.png', width: 1200, height: 630, type: 'image/png' } as const;

/** A query as Next passes searchParams. */
type Query = Record<string, string | string[] | undefined>;

/** The language the query names, or null when it names none (or a bad one). */
export function queryLang(query: Query): LangMode | null {
  const v = query.lang;
  const s = Array.isArray(v) ? v[0] : v;
  return isLangMode(s) ? s : null;
}

/** The mode a page renders in: the query's language or the default. */
export function queryMode(query: Query): LangMode {
  return queryLang(query) ?? DEFAULT_LANG;
}

const OG_LOCALE: Record<'en' | 'zh', string> = { en: 'en_US', zh: 'zh_CN' };

/** The metadata of one page: `title` and `description` in `mode`, at `path` (for the language alternates). */
export function pageMetadata({
  mode,
  title,
  description,
  path,
  index = true,
}: {
  mode: LangMode;
  title: Bilingual;
  description: Bilingual;
  path: string;
  index?: boolean;
}): Metadata {
  const shownTitle = pick(title, mode);
  const shownDescription = pick(description, mode);
  const image = { ...SOCIAL_IMAGE, alt: t('socialImageAlt', mode) };
  const locale = mode === 'en' ? 'en' : 'zh';
  return {
    title: shownTitle,
    description: shownDescription,
    alternates: { languages: { en: `${path}?lang=en`, 'zh-CN': `${path}?lang=zh` } },
    openGraph: {
      type: 'website',
      siteName: t('siteTitle', mode),
      title: shownTitle,
      description: shownDescription,
      locale: OG_LOCALE[locale],
      alternateLocale: mode === 'both' ? [OG_LOCALE.en] : [OG_LOCALE[locale === 'en' ? 'zh' : 'en']],
      images: [image],
    },
    twitter: { card: 'summary_large_image', title: shownTitle, description: shownDescription, images: [image] },
    ...(index ? {} : { robots: { index: false } }),
  };
}

/** "<page> · <site>" in both languages. */
export function withSite(page: Bilingual): Bilingual {
  return { en: `${page.en} · ${t('siteTitle', 'en')}`, zh: `${page.zh} · ${t('siteTitle', 'zh')}` };
}

/** A UI text key as a bilingual value. */
export function both(key: Parameters<typeof t>[0]): Bilingual {
  return { en: t(key, 'en'), zh: t(key, 'zh') };
}
