// The source documents by title, each with what it is and what every walkthrough draws from it, read off the engine's own runs
// (each beat cites one document). Server-rendered in the URL's language (?lang=en|zh|both).
import type { Metadata } from 'next';
import { SitePage } from '@/components/catalogue/SitePage';
import Link from 'next/link';
import { DOC_CITATIONS } from '@/content/docs';
import type { DocId } from '@/engine/trace/docs';
import { SCENARIO_IDS } from '@/engine/scenarios/registry';
import { CATALOGUE } from '@/components/catalogue/catalogue';
import { docUsage } from '@/components/catalogue/doc-usage';
import { scenarioRun } from '@/components/catalogue/scenario-runs';
import { htmlLang, inMode, langsOf, pick, t } from '@/components/i18n/ui-text';
import { both, pageMetadata, queryLang, queryMode, withSite } from '../_lib/meta';
import styles from '../page.module.css';
import own from './sources.module.css';

export async function generateMetadata({ searchParams }: PageProps<'/sources'>): Promise<Metadata> {
  return pageMetadata({ mode: queryMode(await searchParams), title: withSite(both('sources')), description: both('sourcesIntro'), path: '/sources' });
}

const MAX_FUNCTIONS = 10;

export default async function SourcesPage({ searchParams }: PageProps<'/sources'>) {
  const query = await searchParams;
  const chosen = queryLang(query);
  const mode = queryMode(query);
  const carry = chosen ? `&lang=${chosen}` : '';
  const runs = SCENARIO_IDS.flatMap((id) => {
    const run = scenarioRun(id);
    return run ? [{ id, run }] : [];
  });
  const usage = docUsage(runs);
  const titleOf = (id: string) => CATALOGUE.find((c) => c.id === id)?.title ?? { en: id, zh: id };
  return (
    <SitePage mode={mode} chosen={chosen} path="/sources" title={t('sources', mode)} intro={<p>{t('sourcesIntro', mode)}</p>}>
      <ol className={own.docs}>
        {(Object.keys(DOC_CITATIONS) as DocId[]).map((doc) => {
          const c = DOC_CITATIONS[doc];
          const uses = usage[doc] ?? [];
          return (
            <li key={doc} className={styles.card} data-runnable data-testid={`doc-${doc}`}>
              <h2 className={styles.title}>
                <cite className={own.cite}>{c.title.zh === c.title.en ? c.title.en : pick(c.title, mode)}</cite>
              </h2>
              {langsOf(mode).map((l) => (
                <p key={l} className={styles.blurb} lang={htmlLang(l)}>
                  {c.note[l]}
                </p>
              ))}
              {uses.length ? (
                <ul className={own.uses}>
                  {uses.map((u) => (
                    <li key={u.scenario} data-testid={`use-${doc}-${u.scenario}`}>
                      <Link href={`/walkthrough/${u.scenario}?step=${u.firstStep}${carry}`}>{pick(titleOf(u.scenario), mode)}</Link>
                      {': '}
                      <span data-beats={u.beats}>{inMode(mode, (l) => (l === 'zh' ? `${u.beats} 步，自第 ${u.firstStep} 步起` : `${u.beats} steps, from step ${u.firstStep}`))}</span>
                      {' — '}
                      <span className={own.functions}>
                        {u.functions.slice(0, MAX_FUNCTIONS).map((f, i) => (
                          <span key={f}>
                            {i > 0 ? ', ' : null}
                            <code>{f}</code>
                          </span>
                        ))}
                        {u.functions.length > MAX_FUNCTIONS ? ` … (+${u.functions.length - MAX_FUNCTIONS})` : null}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className={styles.blurb}>{t('notCited', mode)}</p>
              )}
            </li>
          );
        })}
      </ol>
    </SitePage>
  );
}
