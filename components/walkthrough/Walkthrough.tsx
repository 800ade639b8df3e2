'use client';
/**
 * A walkthrough page's client tree: one store, one player actor, the engine
 * connector, and the views laid out for the full page or for an embed. The
 * views follow the kind of world the scenario builds (`info.kind`; while
 * loading, what the scenario's id implies): the split virtqueue's ring,
 * memory and counters; the PCI function's MSI-X table, interrupt paths,
 * /proc/interrupts and configuration space; or vhost-user's message
 * sequence, byte inspector, DPDK log, both sides' stacks and device state.
 */
import dynamic from 'next/dynamic';
import { Backtrace } from '../backtrace/Backtrace';
import { Counters } from '../counters/Counters';
import { EmbedButton } from '../embed/EmbedButton';
import { EventfdPanel } from '../fds/EventfdPanel';
import { ExportMenu } from '../export/ExportMenu';
import { MemoryMap } from '../memory/MemoryMap';
import { MotionProvider } from '../motion/MotionProvider';
import { Notices } from '../notices/Notices';
import { OptionsPanel } from '../options/OptionsPanel';
import { PresentLink } from '../present/PresentLink';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import { ProsePanel } from '../prose/ProsePanel';
import { RingView } from '../ring/RingView';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider, useExplainer } from '../store/ExplainerStoreProvider';
import { ThemeSwitch } from '../theme/ThemeSwitch';
import { ThreadsPanel } from '../threads/ThreadsPanel';
import { TopologyView } from '../topology/TopologyView';
import { EngineConnector } from './EngineConnector';
import { FullVersionLink } from './FullVersionLink';
import { IsolationNotice } from './IsolationNotice';
import { LangSwitch } from './LangSwitch';
import { panelId } from './Panel';
import { kindOfScenario, type ScenarioKind } from './scenario-kind';
import { ScenarioTitle, type Title } from './ScenarioTitle';
import { SiteCrumb } from './SiteCrumb';
import { Versions } from './Versions';
import styles from './Walkthrough.module.css';
import { StatusNotices } from './StatusNotices';

// Each kind's own views load only on its pages, so a virtqueue walkthrough does not carry the PCI and vhost-user code.
const ConfigSpace = dynamic(() => import('../pci/ConfigSpace').then((m) => m.ConfigSpace));
const IrqRoute = dynamic(() => import('../pci/IrqRoute').then((m) => m.IrqRoute));
const MsixTable = dynamic(() => import('../pci/MsixTable').then((m) => m.MsixTable));
const ProcInterrupts = dynamic(() => import('../pci/ProcInterrupts').then((m) => m.ProcInterrupts));
const VhostUserViews = dynamic(() => import('../vhost-user/VhostUserViews').then((m) => m.VhostUserViews));
const VhostUserEmbedViews = dynamic(() => import('../vhost-user/VhostUserViews').then((m) => m.VhostUserEmbedViews));

/** The kind of views to show: the loaded world's, or what the scenario id implies while loading. */
function useKind(): ScenarioKind {
  return useExplainer((s) => s.info?.kind ?? kindOfScenario(s.scenario));
}

/** The virtqueue views of the full page. */
function VirtqueueViews() {
  return (
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
  );
}

/** The PCI views of the full page: the function (MSI-X table, config space), the interrupts (paths, /proc/interrupts), then threads and fds. */
function PciViews() {
  return (
    <div className={styles.main}>
      <div className={styles.group} id={panelId('irqs')}>
        <IrqRoute />
        <div className={styles.pair}>
          <ProcInterrupts />
          <Backtrace />
        </div>
      </div>
      <div className={styles.group} id={panelId('pci')}>
        <MsixTable />
        <ConfigSpace />
      </div>
      <div className={styles.pair}>
        <ThreadsPanel />
        <EventfdPanel />
      </div>
    </div>
  );
}

/** The views of the scenario's kind (the presenter's page shows the same ones). */
export function ScenarioViews() {
  const kind = useKind();
  return kind === 'pci' ? <PciViews /> : kind === 'vhost-user' ? <VhostUserViews /> : <VirtqueueViews />;
}

/** The theme switch in the reader's language. */
function WalkthroughTheme() {
  return <ThemeSwitch mode={useExplainer((s) => s.lang)} />;
}

function FullLayout({ title }: { title: Title }) {
  return (
    <div className={styles.page}>
      <header className={styles.top}>
        <SiteCrumb className={styles.crumbs} />
        <h1 className={styles.title}>
          <ScenarioTitle title={title} />
        </h1>
        <PresentLink />
        <LangSwitch />
        <WalkthroughTheme />
        <EmbedButton title={title} />
        <ExportMenu title={title} />
        <Versions />
      </header>
      <main className={styles.body}>
        <StatusNotices />
        <div className={styles.playerRow}>
          <Player keys="document" />
        </div>
        <div className={styles.grid}>
          <div className={styles.side}>
            <ProsePanel />
            <div className={styles.options}>
              <OptionsPanel />
            </div>
          </div>
          {/* Full width above the views; on one column, right after the explanation. */}
          <div className={styles.overview}>
            <TopologyView linkPanels />
          </div>
          <ScenarioViews />
        </div>
      </main>
    </div>
  );
}

function EmbedLayout({ title }: { title: Title }) {
  const kind = useKind();
  return (
    <div className={styles.embed}>
      <header className={styles.embedTop}>
        <h1 className={styles.embedTitle}>
          <ScenarioTitle title={title} />
        </h1>
        <FullVersionLink />
        <Versions />
      </header>
      <Player keys="document" />
      <main className={styles.embedGrid}>
        <ProsePanel />
        <TopologyView />
        {kind === 'pci' ? (
          <div className={styles.group}>
            <MsixTable />
            <IrqRoute />
          </div>
        ) : kind === 'vhost-user' ? (
          <VhostUserEmbedViews />
        ) : (
          <RingView />
        )}
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
        <MotionProvider>
          <EngineConnector />
          {variant === 'full' ? <FullLayout title={title} /> : <EmbedLayout title={title} />}
        </MotionProvider>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
