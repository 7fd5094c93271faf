/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DASHBOARD_DIR } from './stack';

/** Where screenshots go (gitignored test artifacts). */
export const SCREENSHOT_DIR = path.join(DASHBOARD_DIR, 'artifacts', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium from CHROMIUM_PATH or /usr/bin/chromium, with a clear error when it is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot under artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Marks the page so a test can prove later that it never reloaded. */
export async function markNoReload(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __ffNoReload: boolean }).__ffNoReload = true;
  });
}

/** True when the page still carries the mark, i.e. it did not reload since markNoReload. */
export async function stillNoReload(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __ffNoReload?: boolean }).__ffNoReload === true);
}

/** Signs the page in through the dashboard's own form (the proxy answers only signed-in browsers). */
export async function signIn(page: Page, key: string): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.waitFor({ timeout: 30_000 });
  await form.getByLabel('API key').fill(key);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await form.waitFor({ state: 'detached', timeout: 30_000 });
}
