// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The hits screen in Chromium against a real ricsd: an officer records a
 * watchlisted traveller by typing the MRZ at a passport reader's speed (the
 * time from the MRZ field to the red hit is printed, not asserted), opens
 * Hits, sees a second hit arrive live without a reload, confirms the first
 * with a note, reloads and finds it confirmed; an analyst reads hits but is
 * offered no decision; an entry since raised above an officer's clearance
 * shows as "refer to a supervisor" only. Screenshots at 1280×720 and 3840×2160.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';

import { expectStatus, passwordFor, startNode } from '../e2e/lib.mjs';
import { SPECIMEN, enterMrz, launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

const READER_DELAY_MS = 10; /* a keyboard-wedge reader: about 100 characters a second */

const rowsOf = (page) => page.getByTestId('list-hits').getByTestId('row');

describe('hits screen in Chromium', () => {
  let node, browser, page, off, sup, entry;

  before(async () => {
    node = await startNode({ name: 'hits node' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    off = await node.user('off1', 'officer', 'SECRET');
    await node.user('ana1', 'analyst', 'SECRET');
    await node.user('off2', 'officer', 'CONFIDENTIAL');
    entry = await node.create('watchlist', { subject_type: 'person', surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12', reason: 'synthetic: hits screen', action: 'detain',
      classification: 'RESTRICTED' }, sup.token);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  it('records a crossing with the keyboard alone and shows the hit in red', async () => {
    await logIn(page, node, 'off1', passwordFor('off1'));
    const start = await enterMrz(page, { delay: READER_DELAY_MS });
    await page.getByTestId('hit').waitFor();
    const ms = performance.now() - start;
    console.log(`# keyboard-alone crossing: ${ms.toFixed(0)} ms from the MRZ field to the red hit ` +
      `(${SPECIMEN.length} characters at ${READER_DELAY_MS} ms each)`);
    assert.match(await page.getByTestId('hit').innerText(), /detain/);
  });

  it('lists the new hit and shows one arriving live', async () => {
    await page.getByRole('link', { name: 'Hits' }).click();
    const rows = rowsOf(page);
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /ERIKSSON/);
    /* the same traveller crosses again, recorded elsewhere: a second hit */
    expectStatus(await node.api('POST', '/api/v1/mrz', { mrz: SPECIMEN, record: true,
      bcp_code: 'KZ-NUR', direction: 'out' }, off.token), 201);
    await page.getByTestId('fresh').waitFor();
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=list-hits] [data-testid=row]').length === 2);
    const newest = expectStatus(await node.api('GET', '/api/v1/hits?order=newest&limit=1', undefined,
      off.token), 200).items[0];
    assert.equal(await rows.first().getAttribute('data-id'), newest.id, 'the newest hit on top');
    await screenshot(page, 'hits');
  });

  it('confirms a hit with a note, and the decision survives a reload', async () => {
    const rows = rowsOf(page);
    await rows.first().focus();
    await page.keyboard.press('Enter');
    const view = page.getByTestId('hit-view');
    await view.waitFor();
    assert.match(await page.getByTestId('screened').innerText(), /ERIKSSON, ANNA MARIA/);
    assert.match(await page.getByTestId('entry').innerText(), /detain/);
    assert.match(await page.getByTestId('entry').innerText(), /synthetic: hits screen/);
    assert.equal(await page.getByTestId('banner').first().innerText(), 'RESTRICTED');
    await page.getByLabel('confirmed').check();
    await page.getByLabel('Notes').fill('stopped at the booth, passport checked');
    await page.getByRole('button', { name: 'Save decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Decision saved' }).waitFor();
    await page.reload();
    await view.waitFor();
    assert.equal(await page.getByTestId('hit-status').innerText(), 'confirmed');
    assert.equal(await page.getByTestId('hit-notes').innerText(), 'stopped at the booth, passport checked');
    const id = page.url().split('/').pop();
    const stored = expectStatus(await node.api('GET', `/api/v1/hits/${id}`, undefined, off.token), 200);
    assert.equal(stored.status, 'confirmed');
    assert.equal(stored.version, 2);
    await screenshot(page, 'hits-confirmed');
    /* the list of new hits keeps only the other one */
    await page.getByRole('link', { name: 'Back to the hits' }).click();
    await page.waitForFunction(() =>
      document.querySelectorAll('[data-testid=list-hits] [data-testid=row]').length === 1);
  });

  it('refuses a stale decision with the API detail', async () => {
    const rows = rowsOf(page);
    await rows.first().click();
    await page.getByTestId('decide').waitFor();
    const id = page.url().split('/').pop();
    expectStatus(await node.api('PATCH', `/api/v1/hits/${id}`, { notes: 'someone else' }, off.token), 200);
    await page.getByLabel('false positive').check();
    await page.getByRole('button', { name: 'Save decision' }).click();
    assert.match(await page.getByRole('alert').filter({ hasText: 'changed since' }).innerText(), /read it again/);
  });

  it('shows an analyst the hits without a decision, and fits a 4K screen', async () => {
    const big = await newPage(browser, { width: 3840, height: 2160 });
    await logIn(big, node, 'ana1', passwordFor('ana1'));
    await big.getByRole('link', { name: 'Hits' }).click();
    await big.selectOption('select[name=status]', 'confirmed');
    const rows = rowsOf(big);
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    await screenshot(big, 'hits-4k');
    await rows.first().click();
    await big.getByTestId('hit-view').waitFor();
    assert.equal(await big.getByTestId('decide').count(), 0, 'an analyst may not decide');
    await big.context().close();
  });

  it('shows only "refer to a supervisor" once the entry is above the clearance', async () => {
    expectStatus(await node.api('PATCH', `/api/v1/watchlist/${entry.id}`, { classification: 'SECRET' },
      sup.token), 200);
    const low = await newPage(browser);
    await logIn(low, node, 'off2', passwordFor('off2'));
    await low.getByRole('link', { name: 'Hits' }).click();
    await rowsOf(low).first().click();
    assert.match(await low.getByTestId('refer').innerText(), /refer to a supervisor/);
    assert.equal(await low.getByTestId('entry').count(), 0);
    assert.doesNotMatch(await low.getByTestId('hit-view').innerText(), /synthetic: hits screen|detain/);
    await low.selectOption('header select', 'ru');
    await low.getByRole('heading', { name: /Совпадение при проверке/ }).waitFor();
    assert.match(await low.getByTestId('refer').innerText(), /обратитесь к начальнику смены/);
    await low.context().close();
  });

  it('shows times in the officer\'s own zone, saying which', async () => {
    // a BCP on the Kyrgyz side: UTC+6 all year
    const bishkek = await newPage(browser, undefined, { timezoneId: 'Asia/Bishkek' });
    await logIn(bishkek, node, 'off1', passwordFor('off1'));
    await bishkek.getByRole('link', { name: 'Hits' }).click();
    await bishkek.locator('.filters select[name=status]').selectOption('');
    const row = rowsOf(bishkek).first();
    await row.waitFor();
    const shown = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\+6/.exec(await row.innerText());
    assert.ok(shown, `a time in UTC+6: ${await row.innerText()}`);
    // the hits' own times, six hours ahead (several hits may share a second,
    // so which one the first row is does not matter)
    const list = expectStatus(await node.api('GET', '/api/v1/hits?limit=100', undefined, off.token), 200);
    const local = list.items.map((h) => new Date(new Date(h.created_at).getTime() + 6 * 3600_000)
      .toISOString().replace('T', ' ').slice(0, 19));
    assert.ok(local.includes(shown[1]), `${shown[1]} is a hit's time in UTC+6: ${local.join(', ')}`);
    await bishkek.context().close();
  });
});
