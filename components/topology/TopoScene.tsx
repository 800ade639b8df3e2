/**
 * The static layer of the overview: group backgrounds with their labels, and
 * every link in grey. It depends on the layout and the language only, so it
 * renders once per run, not per step. Arrowheads for lit links live here too
 * (one marker per flow kind).
 */
import { memo } from 'react';
import type { LangMode } from '../i18n/ui-text';
import { FLOW_KINDS, FLOW_STYLE } from './flow-style';
import { groupLabel, LINE_STYLE } from './label';
import type { TopoLayout } from './layout';
import { linkKey, type LinkPaths } from './link-paths';
import styles from './Topology.module.css';

/** The id of the arrowhead marker for `kind` under the view's id prefix. */
export function markerId(prefix: string, kind: string): string {
  return `${prefix}-arrow-${kind}`;
}

/** Groups, links and markers. */
export const TopoScene = memo(function TopoScene({ layout, paths, lang, idPrefix }: { layout: TopoLayout; paths: LinkPaths; lang: LangMode; idPrefix: string }) {
  return (
    <g aria-hidden="true">
      <defs>
        {FLOW_KINDS.map((kind) => (
          <marker key={kind} id={markerId(idPrefix, kind)} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10Z" fill={FLOW_STYLE[kind].colour} />
          </marker>
        ))}
      </defs>
      {layout.groups.map((g) => (
        <g key={g.group} data-group={g.group}>
          <rect className={styles.group} data-group={g.group} x={g.x} y={g.y} width={g.w} height={g.h} rx={8} />
          <text className={styles.groupLabel} x={g.label.x} y={g.label.y + LINE_STYLE.group.size} fontSize={LINE_STYLE.group.size}>
            {groupLabel(g.group, lang)}
          </text>
        </g>
      ))}
      {layout.links.map((l) => (
        <path key={linkKey(l)} className={styles.link} d={paths.get(`${l.from}>${l.to}`)?.d} data-testid="topo-link" data-link={linkKey(l)} />
      ))}
    </g>
  );
});
