'use client';
/**
 * Whether to draw without motion: the page's MotionConfig decides ('always',
 * 'never'), and under 'user' the reader's prefers-reduced-motion does, read
 * live, the same media query the CSS uses. (framer-motion's own
 * useReducedMotionConfig keeps the value of its first call, and under an
 * emulated 'reduce' it still said false on this page.)
 */
import { MotionConfigContext } from 'framer-motion';
import { useContext, useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(changed: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener('change', changed);
  return () => mq.removeEventListener('change', changed);
}

const prefersReduced = () => window.matchMedia(QUERY).matches;
const onServer = () => false;

/** True when motion should be left out. */
export function useReducedMotion(): boolean {
  const policy = useContext(MotionConfigContext).reducedMotion;
  const prefers = useSyncExternalStore(subscribe, prefersReduced, onServer);
  return policy === 'always' || (policy !== 'never' && prefers);
}
