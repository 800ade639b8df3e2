/**
 * Take the reader to the panel that shows a component in detail, as an
 * in-page link would: scroll it into view and move focus there, so the next
 * Tab continues from the panel. A page without that panel (the embed) is
 * left alone.
 */
import { panelId, type PanelAnchor } from '../walkthrough/Panel';

/** Scroll to and focus the panel `anchor`; false when the page has no such panel. */
export function scrollToPanel(anchor: PanelAnchor, reduceMotion: boolean): boolean {
  const el = document.getElementById(panelId(anchor));
  if (!el) return false;
  el.scrollIntoView({ behavior: reduceMotion ? 'auto' : 'smooth', block: 'start' });
  // A section is not focusable by itself: make it a programmatic focus target (the skip-link technique).
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  return true;
}
