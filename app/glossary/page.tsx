// The bilingual glossary (content/glossary.ts): each term with its anchor, which the captions link to. Server-rendered in ?lang.
import type { Metadata } from 'next';
import { SitePage } from '@/components/catalogue/SitePage';
import { GLOSSARY } from '@/content/glossary';
import { glossarySlug } from '@/content/glossary-terms';
import { htmlLang, langsOf, t } from '@/components/i18n/ui-text';
import { both, pageMetadata, queryLang, queryMode, withSite } from '../_lib/meta';
import own from './glossary.module.css';

export async function generateMetadata({ searchParams }: PageProps<'/glossary'>): Promise<Metadata> {
  return pageMetadata({ mode: queryMode(await searchParams), title: withSite(both('glossary')), description: both('glossaryIntro'), path: '/glossary' });
}

export default async function GlossaryPage({ searchParams }: PageProps<'/glossary'>) {
  const query = await searchParams;
  const chosen = queryLang(query);
  const mode = queryMode(query);
  const langs = langsOf(mode);
  return (
    <SitePage mode={mode} chosen={chosen} path="/glossary" title={t('glossary', mode)} intro={<p>{t('glossaryIntro', mode)}</p>}>
      <dl className={own.list}>
        {GLOSSARY.map((g) => {
          const slug = glossarySlug(g);
          return (
            <div key={slug} id={slug} className={own.entry} data-testid={`term-${slug}`}>
              <dt>
                {langs.map((l, i) => (
                  <span key={l} lang={htmlLang(l)} className={i > 0 ? own.other : undefined}>
                    {i > 0 ? ' · ' : null}
                    <dfn className={own.term}>{g[l]}</dfn>
                  </span>
                ))}
              </dt>
              {langs.map((l) => (
                <dd key={l} lang={htmlLang(l)}>
                  {g.note[l]}
                </dd>
              ))}
            </div>
          );
        })}
      </dl>
    </SitePage>
  );
}
