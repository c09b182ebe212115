// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The officer's desk in Chromium against a real ricsd, keyboard alone: a
 * traveller's MRZ, then a watchlisted plate whose hit shows in red with its
 * action, a currency declaration over the node's cash threshold flagged as
 * such from the live feed, and a seizure tied to the traveller and vehicle
 * just recorded. The classification offered stops at the user's clearance.
 * Screenshots at 1280×720 and 3840×2160.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, passwordFor, startNode } from '../e2e/lib.mjs';
import { enterMrz, launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

describe('officer forms in Chromium', () => {
  let node, browser, page, off;

  before(async () => {
    node = await startNode({ name: 'forms node' });
    const sup = await node.user('sup1', 'supervisor', 'SECRET');
    off = await node.user('off1', 'officer', 'CONFIDENTIAL', { bcp_code: 'KZ-KORDAY' });
    await node.create('watchlist', { subject_type: 'vehicle', plate: '01 А 777 ВС',
      reason: 'synthetic: forms', action: 'detain' }, sup.token);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  it('records a watchlisted plate and shows the hit in red with its action', async () => {
    await logIn(page, node, 'off1', passwordFor('off1'));
    assert.equal(await page.inputValue('input[name=bcp]'), 'KZ-KORDAY', "the officer's own BCP");
    await enterMrz(page);
    await page.getByTestId('person').waitFor();
    assert.match(await page.getByTestId('declarant').innerText(), /ERIKSSON, ANNA MARIA/);
    /* from the MRZ field: Tab past its button to the plate */
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'plate');
    await page.keyboard.type('01a777bc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('KZ');
    await page.keyboard.press('Enter');
    const hit = page.getByTestId('plate-result').getByTestId('hit');
    await hit.waitFor();
    assert.match(await hit.innerText(), /detain/);
    assert.equal(await hit.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(200, 16, 46)');
    const vehicles = expectStatus(await node.api('GET', '/api/v1/vehicles?plate=01A777BC', undefined,
      off.token), 200);
    assert.equal(vehicles.items.length, 1);
    assert.equal(vehicles.items[0].country, 'KZ');
  });

  it('flags a cash declaration over the threshold, classified by keyboard', async () => {
    const form = page.getByTestId('declaration');
    const options = await form.locator('select[name=classification] option').allInnerTexts();
    assert.deepEqual(options, ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL'], 'up to the clearance');
    await form.locator('select[name=classification]').focus();
    await page.keyboard.type('R');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('15000');
    await page.keyboard.press('Enter');
    const done = page.getByTestId('declared');
    await done.waitFor();
    await form.locator('.over').waitFor();
    assert.match(await done.innerText(), /15000 USD OVER THE CASH THRESHOLD/);
    const list = expectStatus(await node.api('GET', '/api/v1/declarations', undefined, off.token), 200);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].amount, 15000);
    assert.equal(list.items[0].classification, 'RESTRICTED');
    assert.equal(list.items[0].bcp_code, 'KZ-KORDAY');
  });

  it('does not flag a declaration under the threshold', async () => {
    const form = page.getByTestId('declaration');
    await form.locator('input[name=amount]').focus();
    await page.keyboard.type('900');
    await page.keyboard.press('Enter');
    await page.getByTestId('declared').filter({ hasText: '900 USD' }).waitFor();
    assert.equal(await form.locator('.over').count(), 0);
  });

  it('records a seizure tied to the traveller and the vehicle', async () => {
    const form = page.getByTestId('seizure');
    await form.locator('select[name=substance]').focus();
    await page.keyboard.type('hashish');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2.5');
    await page.keyboard.press('Enter');
    await page.getByTestId('seized').waitFor();
    const list = expectStatus(await node.api('GET', '/api/v1/seizures', undefined, off.token), 200);
    assert.equal(list.items.length, 1);
    const s = list.items[0];
    assert.equal(s.substance, 'hashish');
    assert.equal(s.quantity, 2.5);
    assert.equal(s.person_ids.length, 1);
    assert.equal(s.vehicle_ids.length, 1);
    await screenshot(page, 'forms');
  });

  it('fits a 4K screen', async () => {
    const big = await newPage(browser, { width: 3840, height: 2160 });
    await logIn(big, node, 'off1', passwordFor('off1'));
    await big.getByTestId('seizure').waitFor();
    const box = await big.getByTestId('seizure').boundingBox();
    assert.ok(box.x + box.width <= 3840, 'no form runs off the screen');
    await screenshot(big, 'forms-4k');
    await big.context().close();
  });
});
