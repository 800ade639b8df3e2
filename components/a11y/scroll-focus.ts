/**
 * A box that scrolls must be reachable from the keyboard, or its hidden part
 * is out of reach without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable). `scrollFocus` is a ref callback that makes
 * the box a tab stop only while it actually overflows, so a wide screen
 * where everything fits gains no extra stops. It re-checks when the box
 * resizes or its content changes, and lets go when the box unmounts (React
 * 19 ref cleanup).
 *
 * Reading scrollWidth right after a change forces the browser to lay the
 * page out there and then, in the middle of a step's commit (the boxes
 * change on every step of a playing walkthrough, and some mount anew). So
 * the first check comes from ResizeObserver, and a content change only
 * schedules one check for after the next frame has been drawn: both run when
 * layout is already done and the read costs nothing.
 */

/** Whether `el` has content past its edges. */
function scrolls(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

/** Ref callback: keep the element focusable (tabIndex 0) exactly while it scrolls. */
export function scrollFocus(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return undefined;
  let frame = 0;
  let timer = 0;
  const check = () => {
    frame = 0;
    timer = 0;
    if (scrolls(el)) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  };
  // requestAnimationFrame runs before the frame is laid out; a task queued from it runs after the frame.
  const afterNextFrame = () => {
    if (frame || timer) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      timer = window.setTimeout(check, 0);
    });
  };
  // ResizeObserver calls back after layout, so checking there is free; it also calls back once for the box as it first appears.
  const resize = new ResizeObserver(check);
  resize.observe(el);
  const mutation = new MutationObserver(afterNextFrame);
  mutation.observe(el, { childList: true, subtree: true, characterData: true });
  return () => {
    resize.disconnect();
    mutation.disconnect();
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
