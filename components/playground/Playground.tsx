'use client';
/**
 * The playground's client tree: the explainer store (language, and the
 * step-mode run a paused free run continues into), the walkthrough's player,
 * the run machine, and the page. Free-run needs SharedArrayBuffer across
 * workers, so on a page that is not cross-origin isolated it says so in one
 * line and links to an isolated copy instead.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { optionTable } from '@/engine/freerun/run';
import { htmlLang, langsOf, pt, pt1, type LangMode } from '../i18n/ui-text';
import { MotionProvider } from '../motion/MotionProvider';
import { PlayerContext } from '../player/PlayerContext';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider, useExplainer, useExplainerStoreApi } from '../store/ExplainerStoreProvider';
import { LangSwitch } from '../walkthrough/LangSwitch';
import { SiteCrumb } from '../walkthrough/SiteCrumb';
import { ComparePanel } from './ComparePanel';
import { LiveView } from './LiveView';
import { DEFAULT_OPTIONS, freeRunConfig, parseFrames, type PlaygroundOptions } from './options';
import { PlaygroundRun, isBusy, useRunPhase } from './PlaygroundRun';
import styles from './Playground.module.css';
import { RunBar } from './RunBar';
import { SetupPanel } from './SetupPanel';
import { StepModeHost, StepModePanel } from './StepMode';
import { SweepPanel } from './SweepPanel';


const subscribe = () => () => {};
const isolatedNow = () => self.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
const onServer = () => null;

/** Remembered prefs (the walkthrough's language and speed), the player's speed, <html lang> and ?lang in the URL. */
function Prefs() {
  const store = useExplainerStoreApi();
  const player = PlayerContext.useActorRef();
  const lang = useExplainer((s) => s.lang);
  const inUrl = useExplainer((s) => s.langFromUrl);
  const speed = useExplainer((s) => s.speed);
  useEffect(() => store.getState().restorePrefs(), [store]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang === 'zh' ? 'zh' : 'en');
    if (!inUrl) return;
    const url = new URL(window.location.href);
    if (url.searchParams.get('lang') === lang) return;
    url.searchParams.set('lang', lang);
    window.history.replaceState(window.history.state, '', url);
  }, [lang, inUrl]);
  useEffect(() => player.send({ type: 'SET_SPEED', speed }), [player, speed]);
  return null;
}

/** The form, the controls, the live view, the sweep, the notification-mode comparison and step mode. */
function Workbench() {
  const [options, setOptions] = useState<PlaygroundOptions>(DEFAULT_OPTIONS);
  const [framesText, setFramesText] = useState(DEFAULT_OPTIONS.frames.toLocaleString('en-US'));
  const phase = useRunPhase();
  const frames = parseFrames(framesText);
  const current = useMemo(() => (frames === null ? null : { ...options, frames }), [options, frames]);
  const cfg = useMemo(() => (current ? freeRunConfig(current) : null), [current]);
  return (
    <StepModeHost>
      <div className={styles.bench}>
        <div className={styles.setupCol}>
          <SetupPanel options={options} onChange={setOptions} framesText={framesText} onFramesText={setFramesText} locked={isBusy(phase)} />
        </div>
        <div className={styles.liveCol}>
          <RunBar cfg={cfg} />
          <LiveView />
        </div>
      </div>
      <SweepPanel options={current ?? options} canRun={cfg !== null} />
      <ComparePanel options={current ?? options} canRun={cfg !== null} />
      <StepModePanel />
    </StepModeHost>
  );
}

function NotIsolated() {
  const mode = useExplainer((s) => s.lang);
  return (
    <p className={styles.notIsolated} data-testid="isolation" data-isolated="false">
      {pt('notIsolated', mode)}{' '}
      <a href="/playground" target="_blank" rel="noopener" data-testid="open-isolated">
        {pt('openIsolated', mode)} ↗
      </a>
    </p>
  );
}

function Page() {
  const mode = useExplainer((s) => s.lang);
  const isolated = useSyncExternalStore(subscribe, isolatedNow, onServer);
  return (
    <div className={styles.page} data-testid="playground" data-isolated={isolated === null ? undefined : String(isolated)}>
      <header className={styles.top}>
        <SiteCrumb className={styles.crumbs} />
        <h1 className={styles.title}>{pt('title', mode)}</h1>
        <LangSwitch />
      </header>
      <main className={styles.main}>
        <div className={styles.lead}>
          {langsOf(mode).map((l) => (
            <p key={l} lang={htmlLang(l)}>
              {pt1('lead', l)}
            </p>
          ))}
        </div>
        {isolated === null ? null : isolated ? <Workbench /> : <NotIsolated />}
      </main>
    </div>
  );
}

/** The playground page's client root; `lang` is the URL's language, if it named one. */
export function Playground({ lang = null }: { lang?: LangMode | null }) {
  const init: ExplainerInit = { scenario: 'descriptor-flow', table: optionTable('descriptor-flow'), options: {}, step: 0, lang, problems: [] };
  return (
    <ExplainerStoreProvider init={init}>
      <PlayerContext.Provider>
        <PlaygroundRun.Provider>
          <MotionProvider>
            <Prefs />
            <Page />
          </MotionProvider>
        </PlaygroundRun.Provider>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
