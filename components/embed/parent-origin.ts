/**
 * The embedding page's origin as the browser states it: location.ancestorOrigins
 * (Chromium, WebKit) or, failing that, the referrer's origin. Null when the
 * page is not framed or the browser does not say.
 */
export function parentOrigin(): string | null {
  if (typeof window === 'undefined' || window.parent === window) return null;
  const ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0] === 'null' ? null : ancestors[0]!;
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}
