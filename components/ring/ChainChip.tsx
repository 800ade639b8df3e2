'use client';
/**
 * A buffer chain drawn as a chip. Its layoutId is the chain's identity, so
 * when the chain moves from the descriptor table to the avail ring to the
 * used ring, framer-motion animates the chip from its old cell to its new
 * one (and MotionConfig reducedMotion="user" turns that into a jump).
 */
import { m } from 'framer-motion';
import { memo } from 'react';
import { t, type LangMode } from '../i18n/ui-text';
import type { ChainStage } from './chains';
import styles from './Ring.module.css';

/** Props are primitives so unchanged chips skip re-rendering. */
export interface ChipProps {
  chainKey: number;
  head: number;
  pkt: number | null;
  stage: ChainStage;
  dir: 'tx' | 'rx';
  lang: LangMode;
}

export const ChainChip = memo(function ChainChip({ chainKey, head, pkt, stage, dir, lang }: ChipProps) {
  const noun = t(dir === 'tx' ? 'frame' : 'buffer', lang === 'both' ? 'en' : lang);
  const label = pkt === null ? `${t('head', 'en')} ${head}` : `${noun} ${pkt}`;
  return (
    <m.span
      layoutId={`chain-${chainKey}`}
      layout="position"
      transition={{ type: 'spring', stiffness: 420, damping: 36 }}
      className={styles.chip}
      data-stage={stage}
      title={`${label} · ${t('head', 'en')} ${head} · ${t(`stage_${stage}`, lang)}`}
    >
      {label}
    </m.span>
  );
});
