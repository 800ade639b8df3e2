'use client';
/**
 * Instructor mode, the audience's side: the walkthrough's views following a
 * presenter's room. Locked ("live"), the page goes wherever the presenter
 * goes (scenario, options, step) and has no player; browsing, the reader has
 * the player and the keys, and "back to live" returns to the presenter's step.
 * The reader's language is the reader's own.
 */
import { useEffect, useState } from 'react';
import { prt } from '../i18n/present-text';
import { MotionProvider } from '../motion/MotionProvider';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import { ProsePanel } from '../prose/ProsePanel';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider, useExplainer, useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { TopologyView } from '../topology/TopologyView';
import { EngineConnector } from '../walkthrough/EngineConnector';
import { LangSwitch } from '../walkthrough/LangSwitch';
import { ScenarioTitle, type Title } from '../walkthrough/ScenarioTitle';
import { SiteCrumb } from '../walkthrough/SiteCrumb';
import { ScenarioViews } from '../walkthrough/Walkthrough';
import styles from '../present/Present.module.css';
import { sameOptions, type PresenterState } from './follow-message';
import { useFollow, type FollowState } from './use-follow';
import { StatusNotices } from '../walkthrough/StatusNotices';

/** The follow page for another scenario (the presenter moved to it). */
function followPath(scenario: string, code: string, local: boolean): string {
  const q = new URLSearchParams(window.location.search);
  q.set('room', code);
  if (local) q.set('via', 'local');
  return `/follow/${scenario}?${q}`;
}

/** Keep the page on the presenter's run and step while live. */
function useStayLive(live: PresenterState, locked: boolean, code: string, local: boolean) {
  const store = useExplainerStoreApi();
  const player = PlayerContext.useActorRef();
  const ready = PlayerContext.useSelector((s) => !s.matches('loading'));
  useEffect(() => {
    if (!locked) return;
    const s = store.getState();
    if (live.scenario !== s.scenario) {
      window.location.replace(followPath(live.scenario, code, local));
      return;
    }
    if (!sameOptions(s.request.options, live.options)) s.requestLoad(live.options, live.step);
    else if (ready) player.send({ type: 'SEEK', step: live.step });
  }, [live, locked, ready, store, player, code, local]);
}

function FollowBar({ follow, locked, setLocked }: { follow: FollowState; locked: boolean; setLocked(v: boolean): void }) {
  const lang = useExplainer((s) => s.lang);
  const shown = useExplainer((s) => s.frame?.step ?? null);
  const liveStep = follow.live?.step ?? 0;
  return (
    <div className={styles.room} data-testid="follow-bar" data-follow-mode={locked ? 'live' : 'free'} data-shown-step={shown ?? undefined} data-live-step={liveStep} data-via={follow.via ?? undefined}>
      <p role="status" className={styles.roomNote}>
        <strong>{locked ? prt('live', lang) : ''}</strong> {locked ? prt('liveStep', lang, { step: liveStep }) : prt('browsing', lang, { step: liveStep })}{' '}
        {follow.via ? <span>({prt(follow.via === 'local' ? 'viaLocal' : 'viaRelay', lang)})</span> : null}
      </p>
      {follow.over ? (
        <p role="alert" className={styles.roomNote} data-testid="follow-over">
          {prt(follow.over, lang)}
        </p>
      ) : null}
      <div className={styles.roomActions} role="group" aria-label={prt('followMode', lang)}>
        {locked ? (
          <button type="button" className={styles.small} onClick={() => setLocked(false)} data-testid="follow-browse">
            {prt('browse', lang)}
          </button>
        ) : (
          <button type="button" className={styles.small} onClick={() => setLocked(true)} data-testid="follow-live">
            {prt('backToLive', lang, { step: liveStep })}
          </button>
        )}
      </div>
    </div>
  );
}

function FollowLayout({ title, follow, code, local }: { title: Title; follow: FollowState & { live: PresenterState }; code: string; local: boolean }) {
  const lang = useExplainer((s) => s.lang);
  const [locked, setLocked] = useState(true);
  useStayLive(follow.live, locked, code, local);
  return (
    <div className={styles.page} data-testid="follower" data-room={code}>
      <header className={styles.top}>
        <SiteCrumb className={styles.crumbs} />
        <h1 className={styles.title}>
          <span className={styles.role}>
            {prt('followerTitle', lang)} {code}
          </span>{' '}
          <ScenarioTitle title={title} />
        </h1>
        <LangSwitch />
      </header>
      <StatusNotices />
      <div className={styles.playerRow}>
        <FollowBar follow={follow} locked={locked} setLocked={setLocked} />
        {locked ? null : <Player keys="document" />}
      </div>
      <div className={styles.grid}>
        <main className={styles.stage}>
          <TopologyView linkPanels />
          <ScenarioViews />
        </main>
        <aside className={styles.side}>
          <ProsePanel />
        </aside>
      </div>
    </div>
  );
}

/** The audience page's client root: waits for the presenter's first state, then shows its run. */
export function FollowerView({ init, title, code, local }: { init: ExplainerInit; title: Title; code: string; local: boolean }) {
  const follow = useFollow(code, local);
  // The run starts where the presenter was when this page first heard it (on this page's scenario).
  const start = follow.first && follow.first.scenario === init.scenario ? follow.first : null;
  useEffect(() => {
    if (follow.first && follow.first.scenario !== init.scenario) window.location.replace(followPath(follow.first.scenario, code, local));
  }, [follow.first, init.scenario, code, local]);
  const waitLang = init.lang ?? 'both';
  if (!start || !follow.live) {
    return (
      <div className={styles.page} data-testid="follower" data-room={code} data-waiting="true">
        <p role="status" className={styles.roomNote}>
          {follow.over ? prt(follow.over, waitLang) : prt('waiting', waitLang)}
        </p>
      </div>
    );
  }
  return (
    <ExplainerStoreProvider init={{ ...init, options: start.options, step: start.step }}>
      <PlayerContext.Provider>
        <MotionProvider>
          <EngineConnector syncUrl={false} />
          <FollowLayout title={title} follow={{ ...follow, live: follow.live }} code={code} local={local} />
        </MotionProvider>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
