// Instructor mode, presenter: one scenario's run with notes, a timer and a room for the audience. Query: the walkthrough's (?step, ?lang, options) plus ?room (taken up again after a reload) and ?via=local.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { prt1 } from '@/components/i18n/present-text';
import { PresenterView } from '@/components/present/PresenterView';
import { both, pageMetadata, queryMode } from '../../_lib/meta';
import { splitRoomQuery } from '../../_lib/room-query';
import { scenarioBlurb, scenarioInit, scenarioParams, scenarioTitle } from '../../_lib/scenario-init';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params, searchParams }: PageProps<'/present/[scenario]'>): Promise<Metadata> {
  const { scenario } = await params;
  const title = scenarioTitle(scenario);
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: title ? { en: `${prt1('presenterTitle', 'en')}: ${title.en}`, zh: `${prt1('presenterTitle', 'zh')}：${title.zh}` } : both('siteTitle'),
    description: scenarioBlurb(scenario) ?? both('siteDescription'),
    path: `/present/${scenario}`,
    index: false,
  });
}

export default async function PresentPage({ params, searchParams }: PageProps<'/present/[scenario]'>) {
  const { room, local, rest } = splitRoomQuery(await searchParams);
  const page = scenarioInit((await params).scenario, rest);
  if (!page) notFound();
  return <PresenterView init={page.init} title={page.title} room={room} local={local} />;
}
