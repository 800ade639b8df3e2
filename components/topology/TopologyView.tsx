'use client';
/**
 * An animated overview of the path: the components the scenario built (its
 * topology), laid out by group, with the current beat drawn on it. This is
 * the panel around it; the picture itself (layout, scene, tokens, words) is
 * a chunk of its own that loads beside the engine's worker: it has nothing
 * to draw before the worker's first answer, so it stays out of the page's
 * first-load JavaScript without making anyone wait.
 */
import dynamic from 'next/dynamic';
import { t } from '../i18n/ui-text';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { Panel } from '../walkthrough/Panel';
import type { Bi } from './text';
import styles from './Topology.module.css';

const TITLE = { en: 'Path overview', zh: '路径总览' } as const satisfies Bi;

function Loading() {
  const lang = useExplainer((s) => s.lang);
  return <p className={styles.loading}>{t('loading', lang)}</p>;
}

const TopologyDiagram = dynamic(() => import('./TopologyDiagram').then((m) => m.TopologyDiagram), { ssr: false, loading: Loading });

/**
 * The overview panel. `linkPanels`: the page has the detail panels
 * (threads, ring, memory, fds), so nodes lead to them; the embed does not.
 */
export function TopologyView({ linkPanels = false }: { linkPanels?: boolean }) {
  const lang = useExplainer((s) => s.lang);
  const title = lang === 'both' ? `${TITLE.zh} · ${TITLE.en}` : TITLE[lang];
  return (
    <Panel title={title} testId="topology-panel" className={styles.panel}>
      <TopologyDiagram linkPanels={linkPanels} />
    </Panel>
  );
}
