/** Starts the Next.js dashboard (`next start -H 127.0.0.1 -p <port>`) against the daemon. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FlowForgeError } from '@flowforge/daemon/server';

/** How to run the dashboard. */
export interface DashboardCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
}

/** Builds the command; throws USAGE when the dashboard is not built. */
export function dashboardCommand(options: {
  apiUrl: string;
  apiKey: string;
  port: number;
  env: NodeJS.ProcessEnv;
  dashboardDir?: string;
}): DashboardCommand {
  const require = createRequire(import.meta.url);
  const dir =
    options.dashboardDir ??
    options.env.FLOWFORGE_DASHBOARD_DIR ??
    dirname(require.resolve('@flowforge/dashboard/package.json'));
  if (!existsSync(join(dir, '.next'))) {
    throw new FlowForgeError(
      'USAGE',
      `The dashboard in ${dir} is not built; run \`npm run build -w dashboard\` first.`,
    );
  }
  const nextBin = createRequire(join(dir, 'package.json')).resolve('next/dist/bin/next');
  return {
    command: process.execPath,
    args: [nextBin, 'start', '-H', '127.0.0.1', '-p', String(options.port)],
    cwd: dir,
    env: {
      ...options.env,
      FLOWFORGE_API_URL: options.apiUrl,
      FLOWFORGE_API_KEY: options.apiKey,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    url: `http://127.0.0.1:${options.port}`,
  };
}

/** Runs the dashboard attached to this process (for --foreground). */
export function spawnDashboard(command: DashboardCommand): ChildProcess {
  return spawn(command.command, command.args, { cwd: command.cwd, env: command.env, stdio: 'inherit' });
}
