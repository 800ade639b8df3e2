'use client';
/**
 * framer-motion for every page: motion honours the reader's
 * prefers-reduced-motion, and the animation features (layout, keyframes)
 * arrive as their own chunk after the first paint (LazyMotion), so the
 * components only carry the small `m` elements. `strict` makes a stray
 * `motion.*` element, which would pull every feature back in, an error.
 */
import { LazyMotion, MotionConfig } from 'framer-motion';
import type { ReactNode } from 'react';

const loadFeatures = () => import('./features').then((m) => m.default);

export function MotionProvider({ children }: { children: ReactNode }) {
  return (
    <MotionConfig reducedMotion="user">
      <LazyMotion features={loadFeatures} strict>
        {children}
      </LazyMotion>
    </MotionConfig>
  );
}
