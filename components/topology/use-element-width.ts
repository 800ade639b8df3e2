'use client';
/**
 * The width of an element, kept current by a ResizeObserver. The element
 * comes through a callback ref, so the first measurement happens in the
 * commit that mounts it and the right layout is drawn before the first paint.
 */
import { useMemo, useState, useSyncExternalStore } from 'react';

interface WidthSource {
  get: () => number;
  subscribe: (changed: () => void) => () => void;
}

function widthOf(el: HTMLElement | null): WidthSource {
  let width = el ? el.clientWidth : 0;
  return {
    get: () => width,
    subscribe(changed) {
      if (!el) return () => {};
      const observer = new ResizeObserver(() => {
        if (el.clientWidth === width) return;
        width = el.clientWidth;
        changed();
      });
      observer.observe(el);
      return () => observer.disconnect();
    },
  };
}

/** A ref to put on an element, and its width in CSS pixels (0 until it is mounted). */
export function useElementWidth(): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const source = useMemo(() => widthOf(el), [el]);
  const width = useSyncExternalStore(source.subscribe, source.get, () => 0);
  return [setEl, width];
}
