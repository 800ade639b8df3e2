/**
 * The drawn links of a layout, ready for the per-step layer: each link's path
 * data and arc-length samples in both directions, built once per layout, so
 * a beat's flows are only looked up, never measured.
 */
import type { Flow } from '@/engine/trace/flows';
import { pathData, reversed, sample, type Samples } from './geometry';
import type { TopoLayout } from './layout';

/** One link walked in one direction. */
export interface LinkPath {
  /** The link as the topology names it (`from|to`), whichever way it is walked. */
  link: string;
  d: string;
  samples: Samples;
}

/** Both directions of every link, keyed `from>to`. */
export type LinkPaths = ReadonlyMap<string, LinkPath>;

/** The key of a link as the topology names it. */
export function linkKey(l: { from: string; to: string }): string {
  return `${l.from}|${l.to}`;
}

/** Index a layout's links by direction. */
export function indexLinks(layout: TopoLayout): LinkPaths {
  const paths = new Map<string, LinkPath>();
  for (const l of layout.links) {
    const link = linkKey(l);
    const back = reversed(l.segments);
    paths.set(`${l.from}>${l.to}`, { link, d: pathData(l.segments), samples: sample(l.segments) });
    paths.set(`${l.to}>${l.from}`, { link, d: pathData(back), samples: sample(back) });
  }
  return paths;
}

/** The path a flow travels (undefined when the layout has no such link). */
export function pathOf(paths: LinkPaths, f: Pick<Flow, 'from' | 'to'>): LinkPath | undefined {
  return paths.get(`${f.from}>${f.to}`);
}
