/**
 * A box that scrolls must be reachable from the keyboard, or its hidden part
 * is out of reach without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable). `scrollFocus` is a ref callback that makes
 * the box a tab stop only while it actually overflows, so a wide screen
 * where everything fits gains no extra stops. It re-checks when the box
 * resizes or its content changes, and lets go when the box unmounts (React
 * 19 ref cleanup).
 */

/** Whether `el` has content past its edges. */
function scrolls(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

/** Ref callback: keep the element focusable (tabIndex 0) exactly while it scrolls. */
export function scrollFocus(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return undefined;
  const check = () => {
    if (scrolls(el)) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  };
  check();
  const resize = new ResizeObserver(check);
  resize.observe(el);
  const mutation = new MutationObserver(check);
  mutation.observe(el, { childList: true, subtree: true, characterData: true });
  return () => {
    resize.disconnect();
    mutation.disconnect();
  };
}
