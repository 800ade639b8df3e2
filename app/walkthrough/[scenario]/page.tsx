// The full walkthrough of one scenario. The query (?step, ?lang, options) is read here on the server so the first paint already matches the link.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Walkthrough } from '@/components/walkthrough/Walkthrough';
import { both, pageMetadata, queryMode, withSite } from '../../_lib/meta';
import { scenarioBlurb, scenarioInit, scenarioParams, scenarioTitle } from '../../_lib/scenario-init';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params, searchParams }: PageProps<'/walkthrough/[scenario]'>): Promise<Metadata> {
  const { scenario } = await params;
  const title = scenarioTitle(scenario);
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: title ? withSite(title) : both('siteTitle'),
    description: scenarioBlurb(scenario) ?? both('siteDescription'),
    path: `/walkthrough/${scenario}`,
  });
}

export default async function WalkthroughPage({ params, searchParams }: PageProps<'/walkthrough/[scenario]'>) {
  const page = scenarioInit((await params).scenario, await searchParams);
  if (!page) notFound();
  return <Walkthrough init={page.init} title={page.title} variant="full" />;
}
