// The chrome-less embed of one scenario (ring, prose, player) for iframes. next.config.ts gives /embed no COOP, so it loads inside any host page; it then runs without cross-origin isolation.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Walkthrough } from '@/components/walkthrough/Walkthrough';
import { scenarioInit, scenarioParams, scenarioTitle } from '../../_lib/scenario-init';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params }: PageProps<'/embed/[scenario]'>): Promise<Metadata> {
  const title = scenarioTitle((await params).scenario);
  return { title: title ? `${title.en} (embed)` : 'virtio explainer', robots: { index: false } };
}

export default async function EmbedPage({ params, searchParams }: PageProps<'/embed/[scenario]'>) {
  const page = scenarioInit((await params).scenario, await searchParams);
  if (!page) notFound();
  return <Walkthrough init={page.init} title={page.title} variant="embed" />;
}
