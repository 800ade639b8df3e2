/**
 * The site's Content-Security-Policy, as data. Scripts run only from this
 * origin and only when Next.js's own tags carry the request's nonce
 * ('strict-dynamic' then lets those scripts load the page's chunks);
 * styles, workers, images, fonts and connections come from this origin
 * (images also from data: and blob:, for the SVG/PNG export, which draws an
 * SVG data URL on a canvas). Only /embed may be framed by other origins;
 * every other route, the presenter view included, only by the site itself.
 * proxy.ts sends it; app/_lib/csp.test.ts and e2e/headers.spec.ts check it.
 */

/** Routes other sites may put in an iframe. */
export function isEmbedPath(pathname: string): boolean {
  return pathname === '/embed' || pathname.startsWith('/embed/');
}

/** A fresh nonce: 128 random bits, base64. */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The policy for one response. `dev` adds what `next dev` needs (React's eval-based debugging, its injected styles). */
export function contentSecurityPolicy({ nonce, pathname, dev = false }: { nonce: string; pathname: string; dev?: boolean }): string {
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Stylesheets are files; a <style> element needs the nonce. React renders some style="" attributes (a title's second
    // language, a computed width): those cannot carry a nonce and cannot run script, so attributes alone are allowed.
    // `next dev` injects its CSS as <style> elements without a nonce (a nonce would disable 'unsafe-inline'), so dev allows inline styles.
    ['style-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ['style-src-attr', "'unsafe-inline'"],
    // The engine's workers are bundled files of this origin (checked: Turbopack starts them from /_next/static, no blob: URL).
    ['worker-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    // fetch, EventSource and WebSocket to the site itself (the instructor relay is one of its routes).
    ['connect-src', "'self'"],
    ['frame-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', isEmbedPath(pathname) ? '*' : "'self'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** The nonce a policy allows scripts with, or null. */
export function nonceOf(policy: string): string | null {
  return /'nonce-([^']+)'/.exec(policy)?.[1] ?? null;
}
