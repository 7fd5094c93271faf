/**
 * The dashboard's unauthenticated states against a real daemon: no key, a wrong key, then the right
 * key written to the env file (picked up without a restart), and the key never reaching the browser.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './support/browser';
import { killAll } from './support/processes';
import { createWorld, startDaemonProcess, startDashboard } from './support/stack';

const KEY = 'e2e-auth-key-0123456789abcdefghijklmnop';

let tempDir: string | null = null;
let browser: Browser | null = null;
let page: Page;
let dashboardUrl: string;
let dashboardEnvFile: string;

beforeAll(async () => {
  tempDir = mkdtempSync(path.join(tmpdir(), 'ff-dash-auth-'));
  const world = createWorld(tempDir, KEY);
  const daemon = await startDaemonProcess(world);
  dashboardEnvFile = path.join(world.dir, 'dashboard.flowforge.env');
  // no FLOWFORGE_API_KEY in the environment: the dashboard reads only this (not yet existing) file
  const dashboard = await startDashboard(world, {
    FLOWFORGE_API_URL: daemon.url,
    FLOWFORGE_ENV_FILE: dashboardEnvFile,
  });
  dashboardUrl = dashboard.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await killAll();
  if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
}, 60_000);

describe('the dashboard without a valid key', () => {
  it('says the key is missing, then wrong, what to do, and recovers once the right key is set', async () => {
    const bodies: string[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('/v1/stream'))
        void response.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
    });

    await page.goto(dashboardUrl);
    const panel = page.getByTestId('auth-required');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('FLOWFORGE_API_KEY');
    expect(await panel.textContent()).toContain('flowforge dashboard');
    expect(await panel.textContent()).toContain('no API key');
    await screenshot(page, 'auth-missing');

    // The dashboard has a key now, but not the daemon's: a browser signed in with it hears the daemon refuse.
    const wrongKey = 'not-the-right-key-at-all-000000';
    writeFileSync(dashboardEnvFile, `FLOWFORGE_API_KEY=${wrongKey}\n`);
    await page.reload();
    await signIn(page, wrongKey);
    await panel.filter({ hasText: 'does not match' }).waitFor();
    await screenshot(page, 'auth-wrong');

    // The right key: the old sign-in is void with the old key, so the browser signs in again.
    writeFileSync(dashboardEnvFile, `FLOWFORGE_API_KEY=${KEY}\n`);
    await page.getByRole('button', { name: 'Retry now' }).click();
    await signIn(page, KEY);
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('empty-state').first().waitFor();
    expect(await page.getByTestId('empty-state').first().textContent()).toContain('flowforge run');
    await screenshot(page, 'overview-empty');

    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.some((body) => body.includes(KEY))).toBe(false);
  });
});
