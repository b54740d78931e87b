import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/components/providers/trpc-provider';
import { AppNav } from '@/components/ui/app-nav';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Weir', template: '%s · Weir' },
  description: 'Weir: a self-hosted log pipeline platform.',
};

export const viewport: Viewport = {
  colorScheme: 'light',
};

/** A weir: water stepping down over a wall. */
function WeirMark() {
  return (
    <svg className="wordmark-mark" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="#2554c7" />
      <path d="M4 8h7v4h9" fill="none" stroke="#ffffff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M4 16h5m4 0h7" fill="none" stroke="#9fb8f5" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <div className="app-shell">
          <aside className="app-sidebar">
            <Link href="/pipelines" className="wordmark" aria-label="Weir, home">
              <WeirMark />
              Weir
            </Link>
            <AppNav />
          </aside>
          <main id="main" className="app-main">
            <TRPCReactProvider>{children}</TRPCReactProvider>
          </main>
        </div>
      </body>
    </html>
  );
}
