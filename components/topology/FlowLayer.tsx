'use client';
/**
 * The per-beat layer of the overview: the links this beat uses, lit in the
 * colour of what travels them with an arrowhead at the receiving end; the
 * function acting, on a label under its node; and one token per flow,
 * travelling its link one after another (framer-motion keyframes, spaced
 * along the link by arc length and eased in time). Without motion
 * (reduced motion, or playback too fast to follow) the tokens are drawn
 * where they arrive and nothing animates.
 */
import { m } from 'framer-motion';
import { useMemo, useState } from 'react';
import type { Flow } from '@/engine/trace/flows';
import { FLOW_STYLE, flowKey } from './flow-style';
import { FlowShape } from './FlowShape';
import { keyframesAlong, pointAt } from './geometry';
import { textWidth } from './label';
import type { PlacedNode, TopoLayout } from './layout';
import { pathOf, type LinkPath, type LinkPaths } from './link-paths';
import { markerId } from './TopoScene';
import styles from './Topology.module.css';

/** How tokens move: along their links, or not at all (reduced motion; playback too fast). */
export type TokenMotion = 'full' | 'reduced' | 'off';

/** The links in use, lit. */
export function ActiveLinks({ flows, paths, idPrefix }: { flows: readonly Flow[]; paths: LinkPaths; idPrefix: string }) {
  return (
    <g aria-hidden="true">
      {flows.map((f, i) => {
        const path = pathOf(paths, f);
        if (!path) return null;
        return (
          <path
            key={i}
            className={styles.litLink}
            d={path.d}
            stroke={FLOW_STYLE[f.kind].colour}
            markerEnd={`url(#${markerId(idPrefix, f.kind)})`}
            data-testid="topo-lit-link"
            data-link={path.link}
            data-kind={f.kind}
          />
        );
      })}
    </g>
  );
}

const FN_PAD = 6;

/** The acting function's name on a dark label straddling the bottom edge of its node. */
export function FunctionLabel({ placed, fn, layout }: { placed: PlacedNode; fn: string; layout: TopoLayout }) {
  const w = textWidth(fn, 'fn') + 2 * FN_PAD;
  const h = 18;
  const x = Math.min(Math.max(placed.x + placed.w / 2 - w / 2, 1), layout.width - w - 1);
  const y = Math.min(placed.y + placed.h - h / 2 + 2, layout.height - h - 1);
  return (
    <g className={styles.fn} transform={`translate(${x} ${y})`} data-testid="topo-function" data-node={placed.node.id} aria-hidden="true">
      <rect width={w} height={h} rx={h / 2} />
      <text x={w / 2} y={h / 2} dominantBaseline="central" textAnchor="middle">
        {fn}
      </text>
    </g>
  );
}

interface TokenProps {
  flow: Flow;
  path: LinkPath;
  /** When it sets off and how long it travels, in ms. */
  delay: number;
  duration: number;
}

function MovingToken({ flow, path, delay, duration }: TokenProps) {
  // Declarative keyframes on a motion component: the motion runtime the page already loads, nothing imperative added.
  const frames = useMemo(() => keyframesAlong(path.samples), [path]);
  const [arrived, setArrived] = useState(false);
  return (
    <m.g
      initial={{ x: frames.x[0], y: frames.y[0] }}
      animate={{ x: frames.x, y: frames.y }}
      transition={{ duration: duration / 1000, delay: delay / 1000, ease: 'linear' }}
      onAnimationComplete={() => setArrived(true)}
      className={styles.token}
      data-testid="topo-token"
      data-flow={flowKey(flow)}
      data-state={arrived ? 'arrived' : 'moving'}
    >
      <FlowShape kind={flow.kind} />
    </m.g>
  );
}

function ArrivedToken({ flow, path }: Pick<TokenProps, 'flow' | 'path'>) {
  const end = pointAt(path.samples, 1);
  return (
    <g transform={`translate(${end.x} ${end.y})`} className={styles.token} data-testid="topo-token" data-flow={flowKey(flow)} data-state="arrived">
      <FlowShape kind={flow.kind} />
    </g>
  );
}

/** One token per flow, in order: each sets off when the one before it arrives. Remount (key by step) to replay. */
export function FlowTokens({ flows, paths, motion: how, totalMs }: { flows: readonly Flow[]; paths: LinkPaths; motion: TokenMotion; totalMs: number }) {
  const each = flows.length ? totalMs / flows.length : 0;
  return (
    <g aria-hidden="true">
      {flows.map((f, i) => {
        const path = pathOf(paths, f);
        if (!path) return null;
        return how === 'full' ? <MovingToken key={i} flow={f} path={path} delay={i * each} duration={each} /> : <ArrivedToken key={i} flow={f} path={path} />;
      })}
    </g>
  );
}
