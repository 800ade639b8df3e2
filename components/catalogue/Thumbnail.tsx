/**
 * A catalogue card's live thumbnail (thumbnail.ts) as a small SVG, rendered
 * on the server: phases above, one lane per thread, the chosen step marked;
 * the step's caption is its text alternative and its figure caption. A link
 * opens the walkthrough at that step.
 */
import Link from 'next/link';
import { htmlLang, langsOf, type LangMode } from '../i18n/ui-text';
import type { ThumbnailModel } from './thumbnail';
import styles from './Thumbnail.module.css';

const W = 320;
const BAND = 8;
const LANE = 14;
const PAD = 4;
const LABEL = 64;
/** Phase colours, in order of first appearance (they only tell neighbours apart). */
const PHASE_COLOURS = ['#2457c5', '#7a4bc2', '#187a4a', '#d98a00', '#c62f2f', '#5d6b7c', '#0f7c8c', '#a0527a'];

export function Thumbnail({ model, mode, href, label }: { model: ThumbnailModel; mode: LangMode; href: string; label: string }) {
  const h = PAD * 3 + BAND + model.lanes.length * LANE;
  const plot = W - LABEL - PAD;
  const x = (p: number) => LABEL + p * plot;
  const order = [...new Set(model.phases.map((p) => p.phase))];
  const colour = (phase: string) => PHASE_COLOURS[order.indexOf(phase) % PHASE_COLOURS.length];
  const [lead] = langsOf(mode);
  const alt = `${label}: ${model.step} / ${model.total}. ${model.caption[lead!]}`;
  return (
    <figure className={styles.thumb} data-testid="thumbnail" data-step={model.step} data-total={model.total}>
      <Link href={href} className={styles.link} aria-label={alt}>
        <svg viewBox={`0 0 ${W} ${h}`} width="100%" role="img" aria-label={alt}>
          {model.phases.map((p, i) => (
            <rect key={i} x={x(p.from)} y={PAD} width={Math.max(1, x(p.to) - x(p.from) + 1)} height={BAND} fill={colour(p.phase)} opacity={0.8} />
          ))}
          {model.lanes.map((l, i) => {
            const y = PAD * 2 + BAND + i * LANE;
            return (
              <g key={l.id}>
                <text x={0} y={y + LANE - 4} className={styles.laneName} data-engine-text>
                  {l.name.length > 12 ? `${l.name.slice(0, 11)}…` : l.name}
                </text>
                <line x1={LABEL} x2={W - PAD} y1={y + LANE / 2} y2={y + LANE / 2} className={styles.rule} />
                {l.before.map(([a, b], j) => (
                  <rect key={`b${j}`} x={x(a)} y={y + 2} width={Math.max(1.2, x(b) - x(a) + 1.2)} height={LANE - 4} className={styles.done} />
                ))}
                {l.after.map(([a, b], j) => (
                  <rect key={`a${j}`} x={x(a)} y={y + 2} width={Math.max(1.2, x(b) - x(a) + 1.2)} height={LANE - 4} className={styles.todo} />
                ))}
              </g>
            );
          })}
          <line x1={x(model.at)} x2={x(model.at)} y1={PAD} y2={h - PAD / 2} className={styles.marker} data-testid="thumbnail-marker" />
        </svg>
      </Link>
      <figcaption className={styles.caption}>
        {langsOf(mode).map((l) => (
          <span key={l} lang={htmlLang(l)} className={styles.line}>
            {model.caption[l]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
