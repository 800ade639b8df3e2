// The root layout: html/body and global styles. <html lang> starts as English; a walkthrough updates it to the reader's language on the client.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// app/icon.svg is the favicon; declaring it keeps Chrome from requesting /favicon.ico (a 404 console error).
export const metadata: Metadata = {
  title: 'virtio explainer',
  description: 'Watch the virtio / vhost I/O stack run, one beat at a time.',
  icons: { icon: '/icon.svg' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
