/**
 * The words on a node and on a group, line by line, and the boxes they need.
 * SVG text does not wrap and the layout runs before anything is on screen,
 * so widths are estimated from the characters (a CJK character is a full
 * em, Latin about half of one, a monospace character 0.6 em), slightly on
 * the generous side so nothing spills out of its box.
 */
import type { Lang } from '@/content/types';
import type { TopoGroup, TopoNode } from '@/engine/scenarios/world';
import type { LangMode } from '../i18n/ui-text';
import type { Size } from './layout';
import { GROUP_LABEL, ROLE_CAPTION, bi, biLines } from './text';

/** How a line of a node is set. */
export const LINE_STYLE = {
  /** What the node is ("vCPU", "kick eventfd"). */
  main: { size: 12.5, lineHeight: 16, weight: 600, mono: false },
  /** A few words more ("virtio-net driver"). */
  detail: { size: 11, lineHeight: 14, weight: 400, mono: false },
  /** Its real name ("CPU 0/KVM", "fd 27"). */
  name: { size: 10.5, lineHeight: 14, weight: 400, mono: true },
  /** A group's label. */
  group: { size: 11.5, lineHeight: 14, weight: 650, mono: false },
  /** The function acting at this beat, under its node. */
  fn: { size: 11, lineHeight: 18, weight: 600, mono: true },
} as const;

/** A style of line. */
export type LineKind = keyof typeof LINE_STYLE;

/** One line of text on a node. */
export interface NodeLine {
  kind: LineKind;
  text: string;
  /** The language it is in (names are code: no language). */
  lang: Lang | null;
}

/** Room around a node's lines. */
export const NODE_PAD = { x: 9, y: 6 } as const;
const MIN_NODE_WIDTH = 84;

// Wide (CJK, fullwidth) characters: a whole em.
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/** The estimated width of `text` set in `kind`'s style. */
export function textWidth(text: string, kind: LineKind): number {
  const s = LINE_STYLE[kind];
  const latin = s.mono ? 0.61 : s.weight >= 600 ? 0.6 : 0.56;
  let em = 0;
  for (const ch of text) em += WIDE.test(ch) ? 1 : latin;
  return Math.ceil(em * s.size);
}

/** A node's lines: what it is, a detail, each in the languages shown, then its real name. */
export function nodeLines(node: TopoNode, mode: LangMode): NodeLine[] {
  const c = ROLE_CAPTION[node.role];
  return [
    ...biLines(c.main, mode).map((l) => ({ kind: 'main' as const, ...l })),
    ...biLines(c.detail, mode).map((l) => ({ kind: 'detail' as const, ...l })),
    { kind: 'name', text: node.name, lang: null },
  ];
}

/** The box a node's lines need. */
export function linesSize(lines: readonly NodeLine[]): Size {
  const w = Math.max(MIN_NODE_WIDTH, ...lines.map((l) => textWidth(l.text, l.kind) + 2 * NODE_PAD.x));
  const h = lines.reduce((s, l) => s + LINE_STYLE[l.kind].lineHeight, 2 * NODE_PAD.y);
  return { w, h };
}

/** A group's label in the reader's mode (one line). */
export function groupLabel(group: TopoGroup, mode: LangMode): string {
  return bi(GROUP_LABEL[group], mode);
}

/** The box of a group's label. */
export function groupLabelSize(group: TopoGroup, mode: LangMode): Size {
  return { w: textWidth(groupLabel(group, mode), 'group'), h: LINE_STYLE.group.lineHeight };
}

/** Where each line's baseline sits, from the top of its node. */
export function lineBaselines(lines: readonly NodeLine[]): number[] {
  let top = NODE_PAD.y;
  return lines.map((l) => {
    const s = LINE_STYLE[l.kind];
    top += s.lineHeight;
    // Centre the glyphs in their line box (a baseline sits about 0.2 em above the bottom of the glyphs' em box).
    return top - (s.lineHeight - s.size) / 2 - 0.2 * s.size;
  });
}
