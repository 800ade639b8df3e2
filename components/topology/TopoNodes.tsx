/**
 * The overview's components as boxes: what each is, a detail, its real name.
 * The one acting at this beat is lit. A node whose component has a panel on
 * this page is an in-page link to it: focusable, named in the reader's
 * language, and followed with Enter (or a click) only, so the player's keys
 * (← → Space Home End) stay the player's.
 */
import { memo, type MouseEvent } from 'react';
import { htmlLang, type LangMode } from '../i18n/ui-text';
import { panelId, type PanelAnchor } from '../walkthrough/Panel';
import { LINE_STYLE, NODE_PAD, lineBaselines, nodeLines } from './label';
import type { PlacedNode } from './layout';
import { nodeLinkLabel } from './text';
import styles from './Topology.module.css';

const RADIUS = 7;

interface NodeProps {
  placed: PlacedNode;
  lang: LangMode;
  active: boolean;
  /** The panel it leads to, when this page has it. */
  panel: PanelAnchor | null;
  onOpen: (panel: PanelAnchor) => void;
}

const TopoNodeBox = memo(function TopoNodeBox({ placed, lang, active, panel, onOpen }: NodeProps) {
  const { node, x, y, w, h } = placed;
  const lines = nodeLines(node, lang);
  const baselines = lineBaselines(lines);
  const body = (
    <>
      <rect className={styles.box} width={w} height={h} rx={RADIUS} />
      {panel ? <rect className={styles.focusRing} x={-3} y={-3} width={w + 6} height={h + 6} rx={RADIUS + 3} /> : null}
      <text className={styles.nodeText}>
        {lines.map((line, i) => (
          <tspan key={i} x={NODE_PAD.x} y={baselines[i]} className={styles[line.kind]} fontSize={LINE_STYLE[line.kind].size} lang={line.lang ? htmlLang(line.lang) : undefined}>
            {line.text}
          </tspan>
        ))}
      </text>
    </>
  );
  const open = (e: MouseEvent) => {
    e.preventDefault(); // scroll smoothly below the sticky player instead of jumping to the fragment
    if (panel) onOpen(panel);
  };
  return (
    <g
      className={styles.node}
      transform={`translate(${x} ${y})`}
      data-testid={`topo-node-${node.id}`}
      data-node={node.id}
      data-role={node.role}
      data-active={active || undefined}
      data-panel={panel ?? undefined}
    >
      {panel ? (
        <a href={`#${panelId(panel)}`} className={styles.nodeLink} aria-label={nodeLinkLabel(node, panel, lang)} onClick={open}>
          {body}
        </a>
      ) : (
        body
      )}
    </g>
  );
});

/** Every node; only the one that starts or stops acting re-renders on a step. */
export function TopoNodes({
  nodes,
  lang,
  activeId,
  linkPanels,
  onOpen,
}: {
  nodes: readonly PlacedNode[];
  lang: LangMode;
  activeId: string | null;
  linkPanels: boolean;
  onOpen: (panel: PanelAnchor) => void;
}) {
  return (
    <g>
      {nodes.map((p) => (
        <TopoNodeBox key={p.node.id} placed={p} lang={lang} active={p.node.id === activeId} panel={linkPanels ? p.node.panel : null} onOpen={onOpen} />
      ))}
    </g>
  );
}
