// Instructor mode, audience: a scenario's views following a presenter's room (?room=CODE; ?via=local for a room in this browser only; ?lang).
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { FollowerView } from '@/components/follow/FollowerView';
import { prt1 } from '@/components/i18n/present-text';
import { both, pageMetadata, queryMode } from '../../_lib/meta';
import { splitRoomQuery } from '../../_lib/room-query';
import { scenarioBlurb, scenarioInit, scenarioParams, scenarioTitle } from '../../_lib/scenario-init';

export const dynamicParams = false;

export function generateStaticParams() {
  return scenarioParams();
}

export async function generateMetadata({ params, searchParams }: PageProps<'/follow/[scenario]'>): Promise<Metadata> {
  const { scenario } = await params;
  const title = scenarioTitle(scenario);
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: title ? { en: `${prt1('followerTitle', 'en')}: ${title.en}`, zh: `${prt1('followerTitle', 'zh')}：${title.zh}` } : both('siteTitle'),
    description: scenarioBlurb(scenario) ?? both('siteDescription'),
    path: `/follow/${scenario}`,
    index: false,
  });
}

export default async function FollowPage({ params, searchParams }: PageProps<'/follow/[scenario]'>) {
  const { room, local, rest } = splitRoomQuery(await searchParams);
  if (!room) redirect('/follow');
  // Where the run starts comes from the presenter; only the reader's language is taken from the URL.
  const lang = new URLSearchParams();
  const l = (rest as Record<string, unknown>).lang;
  if (typeof l === 'string') lang.set('lang', l);
  const page = scenarioInit((await params).scenario, lang);
  if (!page) notFound();
  return <FollowerView init={page.init} title={page.title} code={room} local={local} />;
}
