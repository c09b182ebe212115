// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The watchlists screen in Chromium against two real, paired nodes (KZ and
 * KG): a supervisor pages and filters the entries, adds a plate entry with
 * the keyboard, and shares it with the KG node picked from the peer
 * directory; the entry arrives there. An officer reads the list but is
 * offered neither the new-entry form nor the share. Screenshots at
 * 1280×720 and 3840×2160.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, pair, passwordFor, startNode, until } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

const rowsOf = (page) => page.getByTestId('list-watchlist').getByTestId('row');

describe('watchlists screen in Chromium', () => {
  let kz, kg, browser, page, sup, kgSup;

  before(async () => {
    [kz, kg] = await Promise.all([startNode({ name: 'Korday BLO' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' })]);
    await pair(kz, kg);
    await pair(kg, kz);
    sup = await kz.user('sup1', 'supervisor', 'SECRET');
    kgSup = await kg.user('kgsup', 'supervisor', 'SECRET');
    await kz.user('off1', 'officer', 'SECRET');
    const bodies = [];
    for (let i = 0; i < 30; i++)
      bodies.push({ subject_type: 'person', list_name: 'synthetic', surname: `Testov${i}`,
        reason: `synthetic entry ${i}`, action: i % 3 ? 'inform' : 'detain' });
    expectStatus(await kz.api('POST', '/api/v1/watchlist/import', { rows: bodies }, sup.token), 200);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  it('pages and filters the entries', async () => {
    await logIn(page, kz, 'sup1', passwordFor('sup1'));
    await page.getByRole('link', { name: 'Watchlists' }).click();
    await rowsOf(page).first().waitFor();
    assert.equal(await rowsOf(page).count(), 25);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=list-watchlist] [data-testid=row]').length === 5);
    await page.selectOption('[data-testid=list-watchlist] select[name=action]', 'detain');
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=list-watchlist] [data-testid=row]').length === 10);
    assert.match(await rowsOf(page).first().innerText(), /detain/);
    await page.selectOption('[data-testid=list-watchlist] select[name=action]', '');
  });

  it('adds a plate entry with the keyboard', async () => {
    await page.locator('.new-entry summary').focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('new-entry');
    await form.locator('select[name=subject_type]').selectOption('vehicle');
    await form.locator('input[name=plate]').focus();
    await page.keyboard.type('777 KGA 01');
    await form.locator('textarea[name=reason]').focus();
    await page.keyboard.type('synthetic: shared plate');
    await form.locator('input[name=releasable_countries]').focus();
    await page.keyboard.type('kg');
    await page.keyboard.press('Enter');
    // the list is newest first: the entry just added is on top, unfiltered
    await page.waitForFunction(() => /777 KGA 01/.test(
      document.querySelector('[data-testid=list-watchlist] [data-testid=row]')?.textContent ?? ''));
    await page.fill('[data-testid=list-watchlist] input[name=plate]', '777 KGA 01');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=list-watchlist] [data-testid=row]').length === 1);
    const stored = expectStatus(await kz.api('GET', '/api/v1/watchlist?plate=777%20KGA%2001',
      undefined, sup.token), 200).items;
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].releasable_countries, ['KG']);
    await screenshot(page, 'watchlists');
  });

  it('shares the entry with the peer picked from the directory, and it arrives there', async () => {
    await rowsOf(page).first().focus();
    await page.keyboard.press('Enter');
    const share = page.getByTestId('share');
    await share.waitFor();
    await share.getByLabel(/Ak-Zhol BLO/).check();
    await share.getByRole('button', { name: 'Send' }).click();
    assert.match(await page.getByTestId('sent').innerText(), /queued|sent/);
    await screenshot(page, 'watchlists-share');
    const there = await until(async () => {
      const r = await kg.api('GET', '/api/v1/watchlist?plate=777%20KGA%2001', undefined, kgSup.token);
      return r.status === 200 && r.json.items.length === 1 && r.json.items[0];
    }, 15_000, 'the shared entry at the KG node');
    assert.equal(there.reason, 'synthetic: shared plate');
  });

  it('lets an officer read but not add or share, and fits a 4K screen', async () => {
    const big = await newPage(browser, { width: 3840, height: 2160 });
    await logIn(big, kz, 'off1', passwordFor('off1'));
    await big.getByRole('link', { name: 'Watchlists' }).click();
    await rowsOf(big).first().waitFor();
    assert.equal(await big.locator('.new-entry').count(), 0);
    await screenshot(big, 'watchlists-4k');
    await rowsOf(big).first().click();
    await big.getByTestId('entry-view').locator('h1').waitFor();
    assert.equal(await big.getByTestId('share').count(), 0);
    await big.context().close();
  });
});
