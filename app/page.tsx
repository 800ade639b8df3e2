// The catalogue: the runnable walkthroughs as links, the planned ones listed. Server-rendered in the language the URL names (?lang=en|zh|both; both by default), with links to the other two.
import type { Metadata } from 'next';
import { SitePage } from '@/components/catalogue/SitePage';
import Link from 'next/link';
import { CATALOGUE, PLAYGROUND } from '@/components/catalogue/catalogue';
import { scenarioRun } from '@/components/catalogue/scenario-runs';
import { Thumbnail } from '@/components/catalogue/Thumbnail';
import { thumbnailModel } from '@/components/catalogue/thumbnail';
import { htmlLang, langsOf, t, type Bilingual, type LangMode } from '@/components/i18n/ui-text';
import { both, pageMetadata, queryLang, queryMode } from './_lib/meta';
import styles from './page.module.css';

export async function generateMetadata({ searchParams }: PageProps<'/'>): Promise<Metadata> {
  return pageMetadata({ mode: queryMode(await searchParams), title: both('siteTitle'), description: both('siteTagline'), path: '/' });
}

/** One text per language the mode shows, each tagged with its language. */
function Lines({ text, mode, className }: { text: Bilingual; mode: LangMode; className?: string }) {
  return (
    <>
      {langsOf(mode).map((l) => (
        <p key={l} className={className} lang={htmlLang(l)}>
          {text[l]}
        </p>
      ))}
    </>
  );
}

/** A card's title: the first language as the heading (a link when it opens something), the other under it. */
function CardTitle({ title, mode, href, badge }: { title: Bilingual; mode: LangMode; href?: string; badge?: string }) {
  const [first, ...rest] = langsOf(mode);
  return (
    <>
      <h3 className={styles.title} lang={htmlLang(first!)}>
        {href ? <Link href={href}>{title[first!]}</Link> : title[first!]}
        {badge ? <span className={styles.badge}>{badge}</span> : null}
      </h3>
      {rest.map((l) => (
        <p key={l} className={styles.otherTitle} lang={htmlLang(l)}>
          {title[l]}
        </p>
      ))}
    </>
  );
}

/** A runnable scenario's live thumbnail: its default run, computed by the engine on the server (nothing for a planned one). */
function CardThumbnail({ id, mode, chosen }: { id: string; mode: LangMode; chosen: LangMode | null }) {
  const run = scenarioRun(id);
  if (!run) return null;
  const model = thumbnailModel(id, run);
  const href = `/walkthrough/${id}?step=${model.step}${chosen ? `&lang=${chosen}` : ''}`;
  return <Thumbnail model={model} mode={mode} href={href} label={t('thumbnailLabel', mode)} />;
}

export default async function Catalogue({ searchParams }: PageProps<'/'>) {
  const query = await searchParams;
  const chosen = queryLang(query);
  const mode = queryMode(query);
  // A language the reader chose goes along to the pages the catalogue opens.
  const carry = chosen ? `?lang=${chosen}` : '';
  return (
    <SitePage mode={mode} chosen={chosen} path="/" title={t('siteTitle', mode)} intro={<Lines text={both('siteTagline')} mode={mode} />}>
      <h2 className={styles.section}>{t('catalogue', mode)}</h2>
      <ul className={styles.grid}>
        {CATALOGUE.map((s) => (
          <li key={s.id} className={styles.card} data-runnable={s.runnable || undefined} data-testid={`scenario-${s.id}`}>
            <CardTitle
              title={s.title}
              mode={mode}
              href={s.runnable ? `/walkthrough/${s.id}${carry}` : undefined}
              badge={s.runnable ? undefined : t('planned', mode)}
            />
            <Lines text={s.blurb} mode={mode} className={styles.blurb} />
            <CardThumbnail id={s.id} mode={mode} chosen={chosen} />
            {s.runnable ? (
              <p className={styles.links}>
                <Link href={`/walkthrough/${s.id}${carry}`}>{t('openWalkthrough', mode)} →</Link>
                <Link href={`/embed/${s.id}${carry}`} className={styles.secondary}>
                  {t('embedLink', mode)}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <h2 className={styles.section}>{t('freeRun', mode)}</h2>
      <div className={styles.card} data-runnable data-testid="playground-card">
        <CardTitle title={PLAYGROUND.title} mode={mode} href={`${PLAYGROUND.href}${carry}`} />
        <Lines text={PLAYGROUND.blurb} mode={mode} className={styles.blurb} />
        <p className={styles.links}>
          <Link href={`${PLAYGROUND.href}${carry}`}>{t('openPlayground', mode)} →</Link>
        </p>
      </div>
    </SitePage>
  );
}
