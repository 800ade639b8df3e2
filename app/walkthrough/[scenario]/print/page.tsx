// A whole walkthrough for paper: every step with its caption, thread, functions and source, in the language(s) the link names (both by default). The server runs the scenario with the link's options, so the page needs no script to show its steps.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { xt, xt1 } from '@/components/export/export-text';
import { PrintButton } from '@/components/export/PrintButton';
import { PrintTranscript } from '@/components/export/PrintTranscript';
import styles from '@/components/export/Print.module.css';
import { DocumentLang } from '@/components/i18n/DocumentLang';
import { htmlLang, LANG_MODES, langsOf, type LangMode } from '@/components/i18n/ui-text';
import { DEFAULT_LANG } from '@/components/store/prefs-slice';
import { urlProblemText } from '@/components/url/url-problem-text';
import { both, pageMetadata, queryMode } from '../../../_lib/meta';
import { scenarioBlurb, scenarioInit, scenarioParams, scenarioTitle } from '../../../_lib/scenario-init';
import { runTranscript } from '../../../_lib/transcript-run';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params, searchParams }: PageProps<'/walkthrough/[scenario]/print'>): Promise<Metadata> {
  const { scenario } = await params;
  const title = scenarioTitle(scenario);
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: title ? { en: `${title.en} (${xt('exportPrint', 'en')})`, zh: `${title.zh}（${xt('exportPrint', 'zh')}）` } : both('siteTitle'),
    description: scenarioBlurb(scenario) ?? both('siteDescription'),
    path: `/walkthrough/${scenario}/print`,
    index: false,
  });
}

const LABEL = { en: 'langEn', zh: 'langZh', both: 'langBoth' } as const;

/** The query for the same options in language `lang`. */
function query(options: Record<string, string>, lang: LangMode | null): string {
  const q = new URLSearchParams(options);
  if (lang) q.set('lang', lang);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export default async function PrintPage({ params, searchParams }: PageProps<'/walkthrough/[scenario]/print'>) {
  const { scenario } = await params;
  const page = scenarioInit(scenario, await searchParams);
  if (!page) notFound();
  const { options, lang, problems } = page.init;
  const mode = lang ?? DEFAULT_LANG;
  const walkthrough = `/walkthrough/${scenario}${query(options, lang)}`;
  const run = runTranscript(scenario, options, walkthrough);
  const controls = (
    <>
      <Link href={walkthrough} data-testid="print-back">
        {xt('printBack', mode)}
      </Link>
      <nav aria-label={xt('printLanguage', mode)} className={styles.controls}>
        {LANG_MODES.map((m) => (
          <Link
            key={m}
            href={`/walkthrough/${scenario}/print${query(options, m)}`}
            aria-current={m === mode ? 'true' : undefined}
            data-testid={`print-lang-${m}`}
            lang={m === 'both' ? undefined : htmlLang(m)}
          >
            {m === 'both' ? xt('langBoth', mode) : xt1(LABEL[m], m)}
          </Link>
        ))}
      </nav>
      <PrintButton mode={mode} />
    </>
  );
  const notes = problems.length ? (
    <p className={styles.notes} role="status" data-testid="print-problems">
      {langsOf(mode)
        .map((l) => xt('printProblems', l, { list: problems.map((p) => urlProblemText(p, l)).join('; ') }))
        .join(' ')}
    </p>
  ) : null;
  if (!run.ok) {
    return (
      <main className={styles.page} data-testid="print" data-steps={0}>
        <DocumentLang mode={mode} />
        <div className={styles.controls}>{controls}</div>
        <p className={styles.notes} role="alert" data-testid="print-error">
          {run.error}
        </p>
      </main>
    );
  }
  return (
    <>
      <DocumentLang mode={mode} />
      <PrintTranscript tr={run.transcript} mode={mode} controls={controls} notes={notes} />
    </>
  );
}
