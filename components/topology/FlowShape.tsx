/** A flow's token shape, centred on (0, 0); the legend draws the same shapes. */
import { FLOW_STYLE } from './flow-style';
import type { FlowKind } from '@/engine/trace/flows';

/** The shape of `kind` at radius `r` (about half its width). */
export function FlowShape({ kind, r = 6 }: { kind: FlowKind; r?: number }) {
  const { colour, shape } = FLOW_STYLE[kind];
  const solid = { fill: colour, stroke: '#fff', strokeWidth: 1.25 };
  const open = { fill: '#fff', stroke: colour, strokeWidth: 2.25 };
  switch (shape) {
    case 'circle':
      return <circle r={r} {...solid} />;
    case 'ring':
      return <circle r={r - 1} {...open} />;
    case 'diamond':
      return <path d={`M0 ${-r * 1.2}L${r * 1.2} 0L0 ${r * 1.2}L${-r * 1.2} 0Z`} {...solid} />;
    case 'triangle':
      return <path d={`M0 ${-r * 1.15}L${r * 1.1} ${r * 0.85}L${-r * 1.1} ${r * 0.85}Z`} {...solid} />;
    case 'square':
      return <rect x={-r * 0.9} y={-r * 0.9} width={r * 1.8} height={r * 1.8} {...solid} />;
    case 'hollow-square':
      return <rect x={-r * 0.8} y={-r * 0.8} width={r * 1.6} height={r * 1.6} {...open} />;
    case 'bar':
      return <rect x={-r * 1.4} y={-r * 0.65} width={r * 2.8} height={r * 1.3} rx={r * 0.4} {...solid} />;
    case 'plus':
      return <path d={`M${-r * 0.35} ${-r}h${r * 0.7}v${r * 0.65}h${r * 0.65}v${r * 0.7}h${-r * 0.65}v${r * 0.65}h${-r * 0.7}v${-r * 0.65}h${-r * 0.65}v${-r * 0.7}h${r * 0.65}Z`} {...solid} />;
  }
}
