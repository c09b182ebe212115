// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What every browser test shares: Debian's Chromium driven headless by
 * playwright-core (from web/node_modules), a page per viewport, logging in
 * through the login form with the keyboard, and screenshots kept as test
 * artifacts under build/screenshots/. A missing Chromium or web build fails
 * the test: scripts/setup installs the one and make builds the other.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { REPO } from '../e2e/lib.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const { chromium } = createRequire(path.join(REPO, 'web', 'package.json'))('playwright-core');
export const SHOTS = path.join(REPO, 'build', 'screenshots');

export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup`);
  assert.ok(existsSync(path.join(REPO, 'web', 'dist', 'index.html')), 'web/dist is not built: run make');
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu'] });
}

/* A page of its own (own cookies) that reports the app's script errors;
   options go to the browser context (e.g. timezoneId). */
export async function newPage(browser, viewport = { width: 1280, height: 720 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('page error:', e.message));
  return page;
}

/* Log in with the keyboard alone, as an officer would; `workspace: false`
   when the login leads elsewhere (a first password change). */
export async function logIn(page, node, name, password, { workspace = true } = {}) {
  await page.goto(node.url + '/ui/');
  await page.waitForSelector('input[name=username]:focus');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  if (workspace) await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/* Log out and wait for the login form: the logout must reach the node
   before anything reloads the page, or the session cookie still holds and
   the reload opens the workspace again. */
export async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForSelector('input[name=username]');
}

/** The ICAO specimen passport's MRZ (synthetic: Utopia). */
export const SPECIMEN = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

/* On the crossing screen just opened: set the BCP, focus the MRZ field, then
   paste the zone (or type it, `delay` ms a character, as a reader does) and
   press Enter. Returns when focus reached the field (performance.now()). */
export async function enterMrz(page, { bcp = 'KZ-KORDAY', mrz = SPECIMEN, delay } = {}) {
  await page.waitForSelector('textarea[name=mrz]:focus');
  await page.fill('input[name=bcp]', bcp);
  await page.focus('textarea[name=mrz]');
  const start = performance.now();
  if (delay === undefined) await page.keyboard.insertText(mrz);
  else await page.keyboard.type(mrz, { delay });
  await page.keyboard.press('Enter');
  return start;
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
