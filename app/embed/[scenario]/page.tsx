// The chrome-less embed of one scenario (ring, prose, player) for iframes. next.config.ts gives /embed no COOP, so it loads inside any host page; it then runs without cross-origin isolation.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { t } from '@/components/i18n/ui-text';
import { Walkthrough } from '@/components/walkthrough/Walkthrough';
import { both, pageMetadata, queryMode } from '../../_lib/meta';
import { scenarioBlurb, scenarioInit, scenarioParams, scenarioTitle } from '../../_lib/scenario-init';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params, searchParams }: PageProps<'/embed/[scenario]'>): Promise<Metadata> {
  const { scenario } = await params;
  const title = scenarioTitle(scenario);
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: title ? { en: `${title.en} (${t('embedPage', 'en')})`, zh: `${title.zh} (${t('embedPage', 'zh')})` } : both('siteTitle'),
    description: scenarioBlurb(scenario) ?? both('siteDescription'),
    path: `/embed/${scenario}`,
    index: false,
  });
}

export default async function EmbedPage({ params, searchParams }: PageProps<'/embed/[scenario]'>) {
  const page = scenarioInit((await params).scenario, await searchParams);
  if (!page) notFound();
  return <Walkthrough init={page.init} title={page.title} variant="embed" />;
}
