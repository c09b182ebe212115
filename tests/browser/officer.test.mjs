// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The web UI in a real browser: Debian's Chromium, headless, driven by
 * playwright-core against a real ricsd. The admin's first login demands a
 * new password and gets it; an officer then records the crossing of a
 * watchlisted traveller by pasting the MRZ and pressing Enter, and sees the
 * hit in red with its action, in English and in Russian. Screenshots are
 * kept under build/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { passwordFor, startNode } from '../e2e/lib.mjs';
import { enterMrz, launchBrowser, logIn, logOut, newPage, screenshot } from './lib.mjs';

describe('officer workstation in Chromium', () => {
  let node, browser, page;

  before(async () => {
    node = await startNode({ name: 'browser node', login: false });
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  it('changes the password a first login demands', async () => {
    await logIn(page, node, 'admin', node.initialPassword, { workspace: false });
    await page.waitForSelector('input[name=password][autocomplete=new-password]:focus');
    await page.keyboard.type(passwordFor('admin'));
    await page.keyboard.press('Enter');
    await logOut(page);
    const s = await node.login('admin', passwordFor('admin'));
    assert.equal(s.must_change_password, false, 'the new password was set through the UI');
    node.adminToken = s.token;
  });

  it('records a watchlisted traveller from a pasted MRZ and shows the hit in red', async () => {
    const sup = await node.user('sup1', 'supervisor', 'SECRET');
    await node.user('off1', 'officer', 'SECRET');
    await node.create('watchlist', { subject_type: 'person', surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12', reason: 'synthetic', action: 'discreet_check' }, sup.token);
    await logIn(page, node, 'off1', passwordFor('off1'));
    await enterMrz(page);
    const hit = page.getByTestId('hit');
    await hit.waitFor({ timeout: 10_000 });
    assert.match(await hit.innerText(), /Action on hit: discreet check/);
    const bg = await hit.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bg, 'rgb(200, 16, 46)', 'a hit is shown in red');
    assert.match(await page.getByTestId('person').innerText(), /ERIKSSON/);
    assert.match(await page.getByTestId('document').innerText(), /L898902C3/);
    assert.equal(await page.getByTestId('banner').count(), 2, 'banners top and bottom');
    await screenshot(page, 'officer-hit');
  });

  it('speaks Russian from its catalogue', async () => {
    await page.selectOption('header select', 'ru');
    await page.getByRole('heading', { name: 'Регистрация пересечения' }).waitFor();
    assert.match(await page.getByTestId('hit').innerText(), /СОВПАДЕНИЕ ПРИ ПРОВЕРКЕ/);
    assert.match(await page.getByTestId('hit').innerText(), /негласная проверка/, 'the action in words');
    await screenshot(page, 'officer-hit-ru');
    await page.selectOption('header select', 'en');
  });
});
