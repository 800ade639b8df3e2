'use client';
/**
 * A walkthrough page's client tree: one store, one player actor, the engine
 * connector, and the views laid out for the full page or for an embed.
 */
import { MotionConfig } from 'framer-motion';
import Link from 'next/link';
import { Backtrace } from '../backtrace/Backtrace';
import { Counters } from '../counters/Counters';
import { EventfdPanel } from '../fds/EventfdPanel';
import { MemoryMap } from '../memory/MemoryMap';
import { Notices } from '../notices/Notices';
import { OptionsPanel } from '../options/OptionsPanel';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import { ProsePanel } from '../prose/ProsePanel';
import { RingView } from '../ring/RingView';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider } from '../store/ExplainerStoreProvider';
import { ThreadsPanel } from '../threads/ThreadsPanel';
import { TopologyView } from '../topology/TopologyView';
import { EngineConnector } from './EngineConnector';
import { FullVersionLink } from './FullVersionLink';
import { IsolationNotice } from './IsolationNotice';
import { LangSwitch } from './LangSwitch';
import { ScenarioTitle, type Title } from './ScenarioTitle';
import styles from './Walkthrough.module.css';

function FullLayout({ title }: { title: Title }) {
  return (
    <div className={styles.page}>
      <header className={styles.top}>
        <nav className={styles.crumbs} aria-label="breadcrumb">
          <Link href="/">virtio explainer</Link>
          <span aria-hidden="true">/</span>
        </nav>
        <h1 className={styles.title}>
          <ScenarioTitle title={title} />
        </h1>
        <LangSwitch />
      </header>
      <div className={styles.status}>
        <IsolationNotice />
        <Notices />
      </div>
      <div className={styles.playerRow}>
        <Player />
      </div>
      <TopologyView linkPanels />
      <main className={styles.grid}>
        <div className={styles.main}>
          <RingView />
          <div className={styles.pair}>
            <Backtrace />
            <ThreadsPanel />
          </div>
          <div className={styles.pair}>
            <EventfdPanel />
            <Counters />
          </div>
          <MemoryMap />
        </div>
        <div className={styles.side}>
          <ProsePanel />
          <OptionsPanel />
        </div>
      </main>
    </div>
  );
}

function EmbedLayout({ title }: { title: Title }) {
  return (
    <div className={styles.embed}>
      <header className={styles.embedTop}>
        <span className={styles.embedTitle}>
          <ScenarioTitle title={title} />
        </span>
        <FullVersionLink />
      </header>
      <Player />
      <TopologyView />
      <main className={styles.embedGrid}>
        <RingView />
        <ProsePanel />
      </main>
      <footer className={styles.embedFoot}>
        <IsolationNotice />
        <Notices />
      </footer>
    </div>
  );
}

/** The client root of a walkthrough (`variant` picks the full page or the chrome-less embed). */
export function Walkthrough({ init, title, variant }: { init: ExplainerInit; title: Title; variant: 'full' | 'embed' }) {
  return (
    <ExplainerStoreProvider init={init}>
      <PlayerContext.Provider>
        <MotionConfig reducedMotion="user">
          <EngineConnector />
          {variant === 'full' ? <FullLayout title={title} /> : <EmbedLayout title={title} />}
        </MotionConfig>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
