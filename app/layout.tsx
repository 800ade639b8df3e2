// Placeholder root layout; will be replaced.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';

// `icons: 'data:,'` stops the browser's /favicon.ico request (a 404 console error) until a real icon exists.
export const metadata: Metadata = { title: 'virtio explainer', icons: 'data:,' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
