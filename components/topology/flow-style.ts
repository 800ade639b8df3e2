/**
 * How each kind of flow looks: a colour and a shape, so two kinds differ in
 * both (never by colour alone), and the legend names them in words. The
 * colours are the site palette's (app/globals.css) or darker; each has at
 * least 4:1 contrast on white and on every group's background, above the
 * 3:1 WCAG asks of graphics.
 */
import type { FlowKind } from '@/engine/trace/flows';

/** A token's outline. */
export type TokenShape = 'circle' | 'diamond' | 'triangle' | 'ring' | 'square' | 'hollow-square' | 'bar' | 'plus';

/** The look of one kind of flow. */
export interface FlowStyle {
  colour: string;
  shape: TokenShape;
}

/** Kinds in the order the legend lists them: notifications first, then memory traffic, then setup. */
export const FLOW_KINDS = ['kick', 'wake', 'call', 'irq', 'desc-write', 'desc-read', 'copy', 'setup'] as const satisfies readonly FlowKind[];

/** The look of each kind of flow. */
export const FLOW_STYLE = {
  kick: { colour: '#2457c5', shape: 'circle' },
  wake: { colour: '#7a4bc2', shape: 'ring' },
  call: { colour: '#c62f2f', shape: 'diamond' },
  irq: { colour: '#b35900', shape: 'triangle' },
  'desc-write': { colour: '#3d4b5f', shape: 'square' },
  'desc-read': { colour: '#3d4b5f', shape: 'hollow-square' },
  copy: { colour: '#2f7d4f', shape: 'bar' },
  setup: { colour: '#5d6b7c', shape: 'plus' },
} as const satisfies Record<FlowKind, FlowStyle>;

/** The key of a flow in data attributes and tests: `kind:from>to`. */
export function flowKey(f: { kind: FlowKind; from: string; to: string }): string {
  return `${f.kind}:${f.from}>${f.to}`;
}
