// Why: SharedArrayBuffer needs cross-origin isolation on top-level pages; /embed* must stay embeddable (no COOP).
import type { NextConfig } from 'next';

const isolation = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/((?!embed).*)', headers: isolation },
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
