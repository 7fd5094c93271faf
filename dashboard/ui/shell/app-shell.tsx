'use client';
/** The frame of every page: header with navigation and connection state, the outage banner, the auth gate. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useConnection } from '../../lib/live';
import { AuthRequired } from './auth-required';
import { ConnectionBanner } from './connection-banner';
import { ConnectionIndicator } from './connection-indicator';

const NAV = [
  { href: '/', label: 'Overview', match: (p: string) => p === '/' || p.startsWith('/runs') },
  { href: '/incidents', label: 'Incidents', match: (p: string) => p.startsWith('/incidents') },
] as const;

/** Renders the header, banner and page; shows the key-missing state instead of pages when unauthorized. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const connection = useConnection();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href="/" className="brand" aria-label="FlowForge overview">
          <span className="brand-mark" aria-hidden="true" />
          FlowForge
        </Link>
        <nav className="nav" aria-label="Main">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} aria-current={item.match(pathname) ? 'page' : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <span className="spacer" />
        <ConnectionIndicator status={connection} />
      </header>
      <ConnectionBanner status={connection} />
      <main id="main" className="main">
        {connection.state === 'unauthorized' ? <AuthRequired detail={connection.detail} /> : children}
      </main>
    </>
  );
}
