// Instructor mode, joining: type the room code the presenter shows (or arrive with ?room=CODE).
import type { Metadata } from 'next';
import { JoinForm } from '@/components/follow/JoinForm';
import { prt, prt1 } from '@/components/i18n/present-text';
import { htmlLang } from '@/components/i18n/ui-text';
import styles from '@/components/present/Present.module.css';
import { pageMetadata, queryMode } from '../_lib/meta';
import { splitRoomQuery } from '../_lib/room-query';

export async function generateMetadata({ searchParams }: PageProps<'/follow'>): Promise<Metadata> {
  return pageMetadata({
    mode: queryMode(await searchParams),
    title: { en: prt1('joinTitle', 'en'), zh: prt1('joinTitle', 'zh') },
    description: { en: prt1('joinLead', 'en'), zh: prt1('joinLead', 'zh') },
    path: '/follow',
    index: false,
  });
}

export default async function JoinPage({ searchParams }: PageProps<'/follow'>) {
  const query = await searchParams;
  const mode = queryMode(query);
  const raw = query.room;
  const { room } = splitRoomQuery(query);
  return (
    <main className={styles.page} lang={mode === 'both' ? undefined : htmlLang(mode)} style={{ maxWidth: 640 }}>
      <h1 className={styles.title}>{prt('joinTitle', mode)}</h1>
      <p>{prt('joinLead', mode)}</p>
      <JoinForm lang={mode} initial={room ?? (typeof raw === 'string' ? raw.slice(0, 16) : '')} />
    </main>
  );
}
