// The root layout: html/body and global styles. <html lang> starts as English; the pages set it to the reader's language on the client, and each page's generateMetadata gives its title and description in that language (app/_lib/meta.ts).
import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SOCIAL_IMAGE } from './_lib/meta';
import './globals.css';

/** Where the site is served, for absolute social-card URLs (set SITE_URL when deploying). */
const SITE_URL = process.env.SITE_URL ?? 'http://localhost:3000';

// app/icon.svg is the favicon; declaring it keeps Chrome from requesting /favicon.ico (a 404 console error). The rest of the icons, the
// manifest and the social card are static files in public/ (e2e/make-static-images.mjs makes the PNGs).
export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: 'virtio explainer',
  description: 'Watch the virtio / vhost I/O stack run, one beat at a time.',
  icons: { icon: '/icon.svg', apple: '/apple-touch-icon.png' },
  manifest: '/manifest.webmanifest',
  openGraph: { images: [SOCIAL_IMAGE] },
  twitter: { card: 'summary_large_image', images: [SOCIAL_IMAGE] },
};

export const viewport: Viewport = { themeColor: '#2457c5' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its script tags need that request's CSP nonce (proxy.ts), which a prerendered page cannot have.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
