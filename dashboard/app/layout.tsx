/** The root layout: theme, the live connection to the daemon, and the app frame around every page. */
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { LiveProvider } from '../lib/live';
import { AppShell } from '../ui/shell/app-shell';
import './globals.css';
import './shell.css';
import './components.css';
import './run.css';
import './incidents.css';

export const metadata: Metadata = {
  title: { default: 'FlowForge', template: '%s · FlowForge' },
  description: 'Supervised runs, decisions and incidents of the local FlowForge guardrail.',
};

/** Wraps every page in the live provider and the app shell. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <LiveProvider>
          <AppShell>{children}</AppShell>
        </LiveProvider>
      </body>
    </html>
  );
}
