/**
 * The dashboard against a real daemon and real fixtures supervised by the real CLI, in Debian's
 * Chromium: live runs, a runaway's incident and evidence, a kill from the UI, a daemon restart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, markNoReload, screenshot, signIn, stillNoReload } from './support/browser';
import { findRun } from './support/daemon-api';
import { isAlive, killAll, signalGroup, stopProcess, waitFor } from './support/processes';
import {
  createWorld,
  runFixture,
  startDaemonProcess,
  startDashboard,
  type DaemonProcess,
  type World,
} from './support/stack';

const KEY = 'e2e-key-0123456789abcdefghijklmnopqrstuv';

let tempDir: string | null = null;
let world: World;
let daemon: DaemonProcess;
let dashboardUrl: string;
let browser: Browser | null = null;
let page: Page;
const childGroups: number[] = [];

/** One-letter state of a process (R, S, T, Z…) or null when it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null; // the process is gone
  }
}

async function runningRun(name: string) {
  return waitFor(`run ${name} to be running with a pid`, async () => {
    const run = await findRun(daemon.url, KEY, name);
    if (run?.childPid != null) childGroups.push(run.childPid);
    return run !== null && run.status === 'running' && run.childPid !== null ? run : null;
  });
}

beforeAll(async () => {
  tempDir = mkdtempSync(path.join(tmpdir(), 'ff-dash-e2e-'));
  world = createWorld(tempDir, KEY);
  daemon = await startDaemonProcess(world);
  const dashboard = await startDashboard(world, {
    FLOWFORGE_API_URL: daemon.url,
    FLOWFORGE_API_KEY: KEY,
    FLOWFORGE_ENV_FILE: path.join(world.dir, 'absent.env'),
  });
  dashboardUrl = dashboard.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await killAll(childGroups);
  if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
}, 60_000);

describe('the dashboard with a live daemon', () => {
  it('answers only signed-in browsers: a request without its cookie is refused, and the sign-in form lets one in', async () => {
    const origin = new URL(dashboardUrl).origin;
    const anonymous = await fetch(`${dashboardUrl}/api/ff/v1/runs`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('DASHBOARD_SIGN_IN_REQUIRED');
    // A local program forging the dashboard's own headers (as a tester did with curl) fares no better.
    const forged = await fetch(`${dashboardUrl}/api/ff/v1/runs`, {
      method: 'POST',
      headers: { origin, 'x-flowforge-dashboard': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['true'], cwd: '/tmp' }),
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${dashboardUrl}/api/ff/v1/healthz`)).status).toBe(200); // probes stay open
    const wrong = await fetch(`${dashboardUrl}/api/session`, {
      method: 'POST',
      headers: { origin, 'x-flowforge-dashboard': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'not-the-key' }),
    });
    expect(wrong.status).toBe(401);

    await page.goto(dashboardUrl);
    await signIn(page, KEY);
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'ff_session')?.httpOnly).toBe(true);
    expect(JSON.stringify(cookies)).not.toContain(KEY);
  });

  it('shows a runaway appear live and become an incident that shows its evidence', async () => {
    await page.goto(dashboardUrl);
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor();
    await markNoReload(page);
    runFixture(world, 'runaway-e2e', 'infinite_looper.py', ['--duration', '40'], ['--cpu-window', '3s']);

    const row = page.locator('[data-testid="run-row"][data-run-name="runaway-e2e"]');
    await row.waitFor({ timeout: 20_000 });
    await row.getByTestId('run-status').filter({ hasText: 'killed' }).waitFor({ timeout: 30_000 });
    expect(await stillNoReload(page)).toBe(true);
    await screenshot(page, 'overview');

    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    const run = await waitFor('the runaway in the API', () => findRun(daemon.url, KEY, 'runaway-e2e'));
    const incidentRow = page.locator(`[data-testid="incident-row"][data-run-id="${run.id}"]`).first();
    await incidentRow.waitFor({ timeout: 20_000 });
    await screenshot(page, 'incidents');

    await incidentRow.getByRole('link', { name: /^#\d+$/ }).click();
    const decided = page.locator('[data-testid="chain-event"][data-type="policy.decided"]').first();
    await decided.waitFor();
    const finding = decided.getByTestId('finding').first();
    await finding.waitFor();
    expect(await finding.getAttribute('data-detector')).toMatch(/^(cpu|repetition|low-diversity|flood)$/);
    await expect.poll(() => decided.getByTestId('sample-lines').textContent()).toContain('retrying request');
    await screenshot(page, 'incident-detail');

    await page.getByRole('link', { name: 'runaway-e2e' }).first().click();
    const stop = page.getByTestId('stop-reason');
    await stop.waitFor();
    expect(await stop.textContent()).toContain('Killed by policy');
    await page.getByTestId('cpu-chart').locator('svg').first().waitFor();
    await screenshot(page, 'run-killed-by-policy');
  });

  it('kills a live healthy run when kill is confirmed, leaves no pid and shows the audit entry', async () => {
    const cli = runFixture(world, 'healthy-e2e', 'polite_poller.py', ['--interval', '0.5', '--polls', '240']);
    const run = await runningRun('healthy-e2e');
    const pid = run.childPid ?? 0;
    await page.goto(`${dashboardUrl}/runs/${encodeURIComponent(run.id)}`);
    await page.getByTestId('run-name').filter({ hasText: 'healthy-e2e' }).waitFor();
    await page.getByTestId('output-tail').filter({ hasText: 'waiting for job' }).waitFor();
    await page.getByTestId('cpu-chart').locator('svg').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'run-live');

    await page.getByRole('button', { name: 'Kill', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Kill this run?' });
    await dialog.waitFor();
    await dialog.getByRole('textbox').fill('stopped by the e2e test');
    await screenshot(page, 'kill-confirm');
    await dialog.getByRole('button', { name: 'Kill run' }).click();

    await page
      .getByTestId('control-result')
      .filter({ hasText: /acknowledged|sent/ })
      .waitFor({ timeout: 15_000 });
    const auditEntry = page.locator('[data-testid="audit-entry"][data-action="process.kill"]');
    await auditEntry.waitFor({ timeout: 15_000 });
    expect(await auditEntry.textContent()).toContain('(dashboard)'); // the proxy says who sent it
    await waitFor('the killed process group to be gone', () => !isAlive(pid) && !isAlive(-pid), 15_000);
    await waitFor('the CLI to exit', () => cli.exited(), 15_000);
    await page
      .getByTestId('run-status')
      .filter({ hasText: /killed|exited/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'run-killed-by-user');
  });

  it('pauses a live run with SIGSTOP when pause is confirmed, and resumes it with SIGCONT', async () => {
    runFixture(world, 'pause-e2e', 'polite_poller.py', ['--interval', '0.5', '--polls', '240']);
    const run = await runningRun('pause-e2e');
    const pid = run.childPid ?? 0;
    await page.goto(`${dashboardUrl}/runs/${encodeURIComponent(run.id)}`);
    await page.getByTestId('run-name').filter({ hasText: 'pause-e2e' }).waitFor();

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('dialog', { name: 'Pause this run?' }).getByRole('button', { name: 'Pause run' }).click();
    await waitFor('the process to be stopped', () => processState(pid) === 'T', 15_000);
    await page.getByTestId('run-status').filter({ hasText: 'paused' }).first().waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.getByRole('dialog', { name: 'Resume this run?' }).getByRole('button', { name: 'Resume run' }).click();
    await waitFor('the process to run again', () => processState(pid) !== 'T', 15_000);
    await page.locator('[data-testid="audit-entry"][data-action="process.resume"]').waitFor({ timeout: 15_000 });
    expect(processState(pid)).not.toBeNull();
  });

  it('keeps the data and shows a banner while the daemon restarts, then catches up by itself', async () => {
    const streamIds: (string | null)[] = [];
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/ff/v1/stream')) return;
      void request.allHeaders().then((headers) => streamIds.push(headers['last-event-id'] ?? null));
    });
    runFixture(world, 'steady-e2e', 'polite_poller.py', ['--interval', '0.5', '--polls', '240']);
    await runningRun('steady-e2e');
    await page.goto(dashboardUrl);
    const steady = page.locator('[data-testid="run-row"][data-run-name="steady-e2e"]');
    await steady.waitFor();
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor();
    // make sure the stream delivered events, so the reconnect has an id to resume from
    await page.locator('[data-testid="connection-state"]:not([data-last-event-id=""])').waitFor();
    await markNoReload(page);

    signalGroup(daemon.process.pid, 'SIGKILL');
    await waitFor('the daemon to die', () => !isAlive(-daemon.process.pid));
    await page.getByTestId('daemon-down-banner').waitFor({ timeout: 15_000 });
    expect(await steady.isVisible()).toBe(true);
    await screenshot(page, 'daemon-down');

    runFixture(world, 'while-down-e2e', 'polite_poller.py', ['--interval', '0.5', '--polls', '240']);
    await stopProcess(daemon.process);
    daemon = await startDaemonProcess(world, daemon.port);
    await runningRun('while-down-e2e');

    await page.getByTestId('daemon-down-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('[data-testid="run-row"][data-run-name="while-down-e2e"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor();
    expect(await stillNoReload(page)).toBe(true);
    expect(streamIds.some((id) => id !== null && /^\d+$/.test(id))).toBe(true);
    await screenshot(page, 'daemon-back');
  });
});
