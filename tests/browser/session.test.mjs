// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * When the session ends under a user (it expired, or an administrator
 * ended it), the next call the screen makes is refused with 401: the UI
 * asks to log in again over the screen and keeps what was typed, so that
 * the officer presses Enter once more and loses nothing. Someone else
 * logging in there starts afresh and sees nothing of it. A node that does
 * not answer at all is said so in words, and the form waits for it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, passwordFor, startNode } from '../e2e/lib.mjs';
import { launchBrowser, logIn, logOut, newPage, screenshot } from './lib.mjs';

describe('the session ends under the user, in Chromium', () => {
  let node, browser, page, off;

  before(async () => {
    node = await startNode({ name: 'session node' });
    await node.user('sup1', 'supervisor', 'SECRET');
    off = await node.user('off1', 'officer', 'CONFIDENTIAL', { bcp_code: 'KZ-KORDAY' });
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  const seizure = () => page.getByTestId('seizure');

  /* Fill in a seizure (typing it key by key is forms.test.mjs's concern),
     have the session end, press Enter: the login shows. */
  async function typeThenLoseSession() {
    await seizure().locator('select[name=substance]').selectOption('opium');
    await seizure().locator('input[name=quantity]').fill('4.2');
    await seizure().locator('input[name=concealment]').fill('synthetic: in the spare tyre');
    assert.ok(await seizure().evaluate((f) => f.checkValidity()), 'the form is ready to submit');
    await page.context().clearCookies(); // as when the session expires
    await seizure().locator('input[name=quantity]').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
  }

  it('asks to log in again and keeps what the officer typed', async () => {
    await logIn(page, node, 'off1', passwordFor('off1'));
    await page.evaluate(() => { window.noReload = true; });
    await typeThenLoseSession();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.innerText(), /session has ended/);
    assert.equal(await dialog.locator('input[name=username]').inputValue(), 'off1');
    // the cursor moves to the password once the dialog's effects have run
    await page.waitForSelector('[role=dialog] input[name=password]:focus', { timeout: 5000 });
    assert.equal(await seizure().isVisible(), false, 'the workspace is hidden meanwhile');
    await screenshot(page, 'session-ended');
    await page.keyboard.type(passwordFor('off1'));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await seizure().locator('input[name=quantity]').inputValue(), '4.2');
    assert.equal(await seizure().locator('input[name=concealment]').inputValue(), 'synthetic: in the spare tyre');
    await seizure().getByRole('button').click();
    await page.getByTestId('seized').waitFor();
    const list = expectStatus(await node.api('GET', '/api/v1/seizures', undefined, off.token), 200);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].quantity, 4.2);
    assert.equal(list.items[0].concealment, 'synthetic: in the spare tyre');
    assert.equal(await page.evaluate(() => window.noReload), true, 'the page was not reloaded');
  });

  it('shows someone else who logs in there nothing of it', async () => {
    await typeThenLoseSession();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name=username]').fill('sup1');
    await dialog.locator('input[name=password]').fill(passwordFor('sup1'));
    await dialog.locator('input[name=password]').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/sup1 · /).waitFor();
    assert.equal(await seizure().locator('input[name=quantity]').inputValue(), '');
    assert.equal(await seizure().locator('input[name=concealment]').inputValue(), '');
    const list = expectStatus(await node.api('GET', '/api/v1/seizures', undefined, off.token), 200);
    assert.equal(list.items.length, 1, 'nothing more was recorded');
  });

  it('says so in words when the node does not answer, and records once it is back', async () => {
    await logOut(page);
    await logIn(page, node, 'off1', passwordFor('off1'));
    await seizure().locator('select[name=substance]').selectOption('heroin');
    await seizure().locator('input[name=quantity]').fill('0.7');
    await seizure().locator('input[name=quantity]').focus();
    const port = node.port;
    await node.stop();
    await page.keyboard.press('Enter');
    const error = seizure().getByRole('alert');
    await error.waitFor();
    assert.match(await error.innerText(), /The node did not answer/);
    assert.equal(await seizure().locator('input[name=quantity]').inputValue(), '0.7', 'kept');
    await node.launch(port);
    await seizure().getByRole('button').click();
    await page.getByTestId('seized').waitFor();
    const list = expectStatus(await node.api('GET', '/api/v1/seizures?substance=heroin', undefined, off.token), 200);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].quantity, 0.7);
  });
});
