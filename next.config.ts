// Why: SharedArrayBuffer needs cross-origin isolation on top-level pages; /embed* must stay embeddable (no COOP, no X-Frame-Options). The CSP is per request (a nonce): proxy.ts.
import type { NextConfig } from 'next';

const isolation = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
];

/** On every response: no MIME sniffing; other sites learn only our origin from a link, never a path or query (options, a room code). */
const everywhere = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: everywhere },
      // The Content-Security-Policy (with frame-ancestors) comes from proxy.ts; X-Frame-Options says the same to browsers without frame-ancestors.
      { source: '/((?!embed).*)', headers: [...isolation, { key: 'X-Frame-Options', value: 'SAMEORIGIN' }] },
      // The social card and icons in public/: other sites (isolated ones too) may show them.
      {
        source: '/:file(social-preview\\.png|apple-touch-icon\\.png|icon-\\d+\\.png|icon\\.svg|manifest\\.webmanifest)',
        headers: [{ key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' }],
      },
      {
        source: '/embed/:path*',
        headers: [
          { key: 'Cross-Origin-Embedder-Policy', value: 'credentialless' },
          { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
