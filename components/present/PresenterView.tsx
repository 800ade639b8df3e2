'use client';
/**
 * Instructor mode, the presenter's side: the current step large (its caption
 * and the walkthrough's own views), the next step's preview, speaker notes in
 * the chosen language, a timer, the player (← → Space Home End anywhere on the
 * page) and the room the audience follows. The URL keeps the step, options,
 * language and room code (never the secret) so a reload takes up the room.
 */
import { useEffect } from 'react';
import { prt } from '../i18n/present-text';
import { MotionProvider } from '../motion/MotionProvider';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider, useExplainer, useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { TopologyView } from '../topology/TopologyView';
import { buildQuery } from '../url/url-state';
import { EngineConnector } from '../walkthrough/EngineConnector';
import { LangSwitch } from '../walkthrough/LangSwitch';
import { ScenarioTitle, type Title } from '../walkthrough/ScenarioTitle';
import { SiteCrumb } from '../walkthrough/SiteCrumb';
import { ScenarioViews } from '../walkthrough/Walkthrough';
import { CurrentCaption } from './CurrentCaption';
import { NextStep } from './NextStep';
import styles from './Present.module.css';
import { RoomPanel } from './RoomPanel';
import { SpeakerNotesPanel } from './SpeakerNotesPanel';
import { Timer } from './Timer';
import { usePresenterRoom, type RoomStatus } from './use-presenter-room';
import { StatusNotices } from '../walkthrough/StatusNotices';

/** The URL follows the step, options, language and room code. */
function usePresenterUrl(status: RoomStatus, local: boolean) {
  const store = useExplainerStoreApi();
  const code = 'code' in status && (status.kind === 'relay' || status.kind === 'local') ? status.code : null;
  useEffect(() => {
    const write = () => {
      const s = store.getState();
      if (!s.info || !s.frame) return;
      const q = new URLSearchParams(buildQuery(s.table, s.info.options, s.frame.step, s.langFromUrl ? s.lang : null));
      if (code) q.set('room', code);
      if (local) q.set('via', 'local');
      const query = q.size ? `?${q}` : '';
      if (query !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}`);
    };
    write();
    return store.subscribe((s, prev) => {
      if (s.frame?.step !== prev.frame?.step || s.info !== prev.info || s.lang !== prev.lang) write();
    });
  }, [store, code, local]);
}

function PresenterLayout({ title, room, local }: { title: Title; room: string | null; local: boolean }) {
  const store = useExplainerStoreApi();
  const lang = useExplainer((s) => s.lang);
  const { status, end, reopen } = usePresenterRoom(store, room, local);
  usePresenterUrl(status, local);
  return (
    <div className={styles.page} data-testid="presenter">
      <header className={styles.top}>
        <SiteCrumb className={styles.crumbs} />
        <h1 className={styles.title}>
          <span className={styles.role}>{prt('presenterTitle', lang)}</span> <ScenarioTitle title={title} />
        </h1>
        <LangSwitch />
        <Timer />
      </header>
      <StatusNotices />
      <div className={styles.playerRow}>
        <Player keys="document" />
      </div>
      <div className={styles.grid}>
        <main className={styles.stage}>
          <CurrentCaption />
          <TopologyView linkPanels />
          <ScenarioViews />
        </main>
        <aside className={styles.side} aria-label={prt('notes', lang)}>
          <RoomPanel status={status} end={end} reopen={reopen} />
          <NextStep />
          <SpeakerNotesPanel />
        </aside>
      </div>
    </div>
  );
}

/** The presenter page's client root. `room`: the code in the URL (a reload); `local`: keep the room off the relay. */
export function PresenterView({ init, title, room, local }: { init: ExplainerInit; title: Title; room: string | null; local: boolean }) {
  return (
    <ExplainerStoreProvider init={init}>
      <PlayerContext.Provider>
        <MotionProvider>
          <EngineConnector syncUrl={false} />
          <PresenterLayout title={title} room={room} local={local} />
        </MotionProvider>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
