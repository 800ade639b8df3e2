// One diagram of one scenario, chrome-less, for iframes: /embed?v=1&scenario=…&view=… (components/embed/embed-params.ts lists every
// parameter). A URL with any bad parameter shows what is wrong and nothing else. next.config.ts gives /embed no COOP.
import type { Metadata } from 'next';
import { SCENARIOS } from '@/engine/scenarios/registry';
import { EMBED_CONTEXT } from '@/components/embed/embed-context';
import { EmbedFrame } from '@/components/embed/EmbedFrame';
import { EmbedRefused } from '@/components/embed/EmbedRefused';
import { parseEmbedParams } from '@/components/embed/embed-params';
import { t } from '@/components/i18n/ui-text';
import { both, pageMetadata, queryMode } from '../_lib/meta';
import { scenarioTitle } from '../_lib/scenario-init';

export async function generateMetadata({ searchParams }: PageProps<'/embed'>): Promise<Metadata> {
  const query = await searchParams;
  const s = typeof query.scenario === 'string' ? scenarioTitle(query.scenario) : null;
  return pageMetadata({
    mode: queryMode(query),
    title: s ? { en: `${s.en} (${t('embedPage', 'en')})`, zh: `${s.zh} (${t('embedPage', 'zh')})` } : both('siteTitle'),
    description: both('siteDescription'),
    path: '/embed',
    index: false,
  });
}

export default async function EmbedViewPage({ searchParams }: PageProps<'/embed'>) {
  const query = await searchParams;
  const r = parseEmbedParams(query, EMBED_CONTEXT);
  if (!r.ok) return <EmbedRefused errors={r.errors} mode={queryMode(query)} />;
  const p = r.params;
  const init = { scenario: p.scenario, table: SCENARIOS[p.scenario]!.options, options: p.options, step: p.step, lang: p.lang, problems: [] };
  return <EmbedFrame init={init} params={p} title={SCENARIOS[p.scenario]!.title} />;
}
