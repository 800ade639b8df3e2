'use client';
/**
 * The overview's picture (a chunk of its own, see TopologyView): the
 * components the scenario built (its topology: threads, guest memory, KVM
 * objects, host fds, processes), laid out by group, with the current beat
 * drawn on it: the component that acts
 * lit and naming its function, and what the beat sends (a kick, a call, a
 * descriptor read or write, a data copy, a wakeup, an interrupt) travelling
 * as tokens along the links it uses. Everything comes from `info.topology`
 * and `activityOf(event, info)`; nothing here knows a scenario.
 *
 * Rendering is layered: the layout and the static scene (groups, grey
 * links) are computed once per run, language and orientation; a step only
 * recomputes the activity, relights two nodes and replays the tokens.
 */
import { useCallback, useId, useMemo } from 'react';
import type { Lang } from '@/content/types';
import type { TopoNode, Topology } from '@/engine/scenarios/world';
import { functionColumn } from '@/engine/trace/format';
import { activityOf } from '@/engine/trace/flows';
import { htmlLang, langsOf, t, type LangMode } from '../i18n/ui-text';
import { PlayerContext } from '../player/PlayerContext';
import { useExplainer } from '../store/ExplainerStoreProvider';
import type { PanelAnchor } from '../walkthrough/Panel';
import { beatSummary } from './beat-summary';
import { flowKey } from './flow-style';
import { FlowLegend } from './FlowLegend';
import { ActiveLinks, FlowTokens, FunctionLabel, type TokenMotion } from './FlowLayer';
import { groupLabelSize, linesSize, nodeLines } from './label';
import { layoutTopology, type Orientation, type TopoLayout } from './layout';
import { indexLinks } from './link-paths';
import { scrollToPanel } from './scroll-to-panel';
import { TOPO_TEXT, bi } from './text';
import { TopoNodes } from './TopoNodes';
import { TopoScene } from './TopoScene';
import styles from './Topology.module.css';
import { useElementWidth } from './use-element-width';
import { useReducedMotion } from './use-reduced-motion';

/** Below this share of the columns layout's own width, columns would shrink too far: stack the groups as bands. */
const MIN_COLUMNS_SCALE = 0.72;
/** How long a beat's tokens travel when stepping by hand, and at most while playing (ms). */
const STEP_TOKENS_MS = 900;
/** Below this many ms per beat, tokens could not be followed: show where they arrive. */
const MIN_MOVING_BEAT_MS = 200;

function layoutFor(topology: Topology, lang: LangMode, orientation: Orientation): TopoLayout {
  return layoutTopology({
    topology,
    orientation,
    nodeSize: (n) => linesSize(nodeLines(n, lang)),
    labelSize: (g) => groupLabelSize(g, lang),
  });
}

/**
 * The picture, its sentence and its legend. `linkPanels`: the page has the
 * detail panels (threads, ring, memory, fds), so nodes lead to them.
 */
export function TopologyDiagram({ linkPanels }: { linkPanels: boolean }) {
  const lang = useExplainer((s) => s.lang);
  const info = useExplainer((s) => s.info);
  const event = useExplainer((s) => s.frame?.event ?? null);
  const step = useExplainer((s) => s.frame?.step);
  const speed = useExplainer((s) => s.speed);
  const playing = PlayerContext.useSelector((s) => s.matches('playing'));
  const reduce = useReducedMotion();
  const [measure, width] = useElementWidth();
  const idPrefix = `topo${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;

  // Once per run and language: both layouts (cheap), then the one that fits.
  const topology = info?.topology;
  const layouts = useMemo(() => (topology ? { columns: layoutFor(topology, lang, 'columns'), bands: layoutFor(topology, lang, 'bands') } : null), [topology, lang]);
  const orientation: Orientation = layouts && width > 0 && width < layouts.columns.width * MIN_COLUMNS_SCALE ? 'bands' : 'columns';
  const layout = layouts?.[orientation] ?? null;
  const paths = useMemo(() => (layout ? indexLinks(layout) : null), [layout]);
  const nodes = useMemo(() => new Map<string, TopoNode>((topology?.nodes ?? []).map((n) => [n.id, n])), [topology]);

  // Per step: what acts and what travels.
  // The engine's own end marker (no stack) is no component's doing: nothing acts, nothing travels.
  const marker = event !== null && event.stack.length === 0;
  const activity = useMemo(() => (event && info && !marker ? activityOf(event, info) : null), [event, info, marker]);
  const fn = event && !marker ? functionColumn(event) : null;
  const acting = activity ? (layout?.nodes.find((p) => p.node.id === activity.node) ?? null) : null;

  const beatMs = playing ? 1000 / speed : null;
  const motion: TokenMotion = reduce ? 'reduced' : beatMs !== null && beatMs < MIN_MOVING_BEAT_MS ? 'off' : 'full';
  const totalMs = beatMs === null ? STEP_TOKENS_MS : Math.min(STEP_TOKENS_MS, beatMs * 0.7);

  const open = useCallback((panel: PanelAnchor) => void scrollToPanel(panel, reduce), [reduce]);

  const flows = activity?.flows ?? [];
  const summary = (l: Lang) => (marker ? TOPO_TEXT.finished[l] : beatSummary(activity, fn, nodes, l));
  return (
    <div
      className={styles.diagram}
      data-testid="topology"
      data-step={step}
      data-active-node={activity?.node ?? ''}
      data-flows={flows.map(flowKey).join(' ')}
      data-orientation={orientation}
      data-motion={motion}
    >
      {!layout || !paths ? (
        <p className={styles.loading}>{t('loading', lang)}</p>
      ) : (
        <>
          <div ref={measure} className={styles.stage}>
            <svg
              className={styles.svg}
              viewBox={`0 0 ${layout.width} ${layout.height}`}
              width={layout.width}
              height={layout.height}
              style={{ maxWidth: layout.width }}
              role="group"
              aria-labelledby={`${idPrefix}-title`}
              aria-describedby={`${idPrefix}-desc`}
              data-testid="topology-svg"
            >
              <title id={`${idPrefix}-title`}>{bi(TOPO_TEXT.svgTitle, lang)}</title>
              <desc id={`${idPrefix}-desc`}>{bi(TOPO_TEXT.svgDesc, lang, ' ')}</desc>
              <TopoScene layout={layout} paths={paths} lang={lang} idPrefix={idPrefix} />
              <ActiveLinks flows={flows} paths={paths} idPrefix={idPrefix} />
              <TopoNodes nodes={layout.nodes} lang={lang} activeId={activity?.node ?? null} linkPanels={linkPanels} onOpen={open} />
              {acting && fn ? <FunctionLabel placed={acting} fn={fn} layout={layout} /> : null}
              <FlowTokens key={step} flows={flows} paths={paths} motion={motion} totalMs={totalMs} />
            </svg>
          </div>
          <div className={styles.beat} aria-live={playing ? 'off' : 'polite'} aria-atomic="true" data-testid="topo-summary">
            {langsOf(lang).map((l) => (
              <p key={l} lang={htmlLang(l)}>
                {summary(l)}
              </p>
            ))}
          </div>
          <FlowLegend lang={lang} />
        </>
      )}
    </div>
  );
}
