'use client';
/**
 * The chrome-less embed of one diagram: the view the URL names, the player
 * (or, with controls=0, only its keys), and one small line with the way out
 * to the full walkthrough. Keys are taken on this frame's document, so they
 * act only while the frame has focus, and from the first click into it.
 */
import { useEffect, useRef } from 'react';
import { MotionProvider } from '../motion/MotionProvider';
import { Notices } from '../notices/Notices';
import { Player } from '../player/Player';
import { PlayerContext } from '../player/PlayerContext';
import type { ExplainerInit } from '../store/explainer-store';
import { ExplainerStoreProvider, useExplainer } from '../store/ExplainerStoreProvider';
import { VIEW_COMPONENTS } from '../views/view-components';
import { viewMeta, type ViewId } from '../views/view-meta';
import { EngineConnector } from '../walkthrough/EngineConnector';
import { FullVersionLink } from '../walkthrough/FullVersionLink';
import { IsolationNotice } from '../walkthrough/IsolationNotice';
import { EmbedController } from './EmbedController';
import type { EmbedParams } from './embed-params';
import { pick, type Bilingual } from '../i18n/ui-text';
import styles from './Embed.module.css';

function Body({ params, title }: { params: EmbedParams; title: Bilingual }) {
  const root = useRef<HTMLElement>(null);
  const lang = useExplainer((s) => s.lang);
  const View = VIEW_COMPONENTS[params.view as ViewId];
  // The page behind the frame takes the theme too (its background shows below short content).
  useEffect(() => {
    document.documentElement.dataset.theme = params.theme;
  }, [params.theme]);
  return (
    <main
      ref={root}
      className={styles.frame}
      data-theme={params.theme}
      data-testid="embed-view"
      data-view={params.view}
      style={params.height === 'auto' ? undefined : { height: params.height, overflow: 'auto' }}
    >
      <h1 className={styles.hidden}>
        {pick(viewMeta(params.view as ViewId).title, lang)} · {pick(title, lang)}
      </h1>
      <EmbedController params={params} root={root} />
      {params.controls ? (
        <Player keys="document" />
      ) : (
        <div hidden>
          <Player keys="document" />
        </div>
      )}
      <View />
      <div className={styles.foot}>
        <FullVersionLink />
        <IsolationNotice />
        <Notices />
      </div>
    </main>
  );
}

/** The client root of /embed. */
export function EmbedFrame({ init, params, title }: { init: ExplainerInit; params: EmbedParams; title: Bilingual }) {
  return (
    <ExplainerStoreProvider init={init}>
      <PlayerContext.Provider>
        <MotionProvider>
          <EngineConnector syncUrl={false} />
          <Body params={params} title={title} />
        </MotionProvider>
      </PlayerContext.Provider>
    </ExplainerStoreProvider>
  );
}
