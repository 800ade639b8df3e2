// Why: a nonce-based Content-Security-Policy needs a fresh nonce per request, which only a proxy (Next 16's middleware) can make. Next reads the nonce from the request's CSP header and puts it on its own script tags.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, makeNonce } from './app/_lib/csp';

export function proxy(request: NextRequest) {
  const nonce = makeNonce();
  const policy = contentSecurityPolicy({ nonce, pathname: request.nextUrl.pathname, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages and route handlers; not the hashed static files (scripts, styles, the workers), which are not documents.
      source: '/((?!_next/static|_next/image).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
