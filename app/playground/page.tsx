// The free-run playground: the same engine on real threads, sampled live. A client page; it needs cross-origin isolation (next.config.ts sends COOP/COEP here). ?lang=en|zh|both picks the language, as on the walkthrough.
import type { Metadata } from 'next';
import { PLAYGROUND } from '@/components/catalogue/catalogue';
import { Playground } from '@/components/playground/Playground';
import { both, pageMetadata, queryLang, queryMode, withSite } from '../_lib/meta';

export async function generateMetadata({ searchParams }: PageProps<'/playground'>): Promise<Metadata> {
  return pageMetadata({ mode: queryMode(await searchParams), title: withSite(PLAYGROUND.title), description: both('playgroundDescription'), path: '/playground' });
}

export default async function PlaygroundPage({ searchParams }: PageProps<'/playground'>) {
  return <Playground lang={queryLang(await searchParams)} />;
}
