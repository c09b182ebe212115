// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The link state on the peers screen in Chromium, against two paired nodes:
 * with the other node stopped and a message waiting after a failed attempt,
 * the administrator reads "Degraded" (a word, not only a colour) with how
 * many wait, the failed attempts and the last error; in Russian too; the
 * other node back and the message delivered, the screen says "Up". Under
 * the state, when the other node last reached this one: not yet, then (a
 * batch signed with its key arriving while our message still waits) the
 * time and that the link fails one way only. Nothing
 * overflows at 1280x720 nor 3840x2160. Screenshots:
 * build/screenshots/{peers-link,peers-link-ru,peers-link-4k}.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { borderPair, expectStatus, passwordFor, signBatch, signingKey, until } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

describe('peers screen: the link state in Chromium', () => {
  let kz, kg, kgId, browser, page;

  before(async () => {
    ({ kz, kg, kgId } = await borderPair());
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  const link = (p) => p.getByTestId('row').filter({ hasText: 'Ak-Zhol BLO' }).getByTestId('link');
  /* neither the page nor the list of peers scrolls sideways */
  const overflows = (p) => p.evaluate(() => document.documentElement.scrollWidth > innerWidth ||
    [...document.querySelectorAll('.list')].some((l) => l.scrollWidth > l.clientWidth));
  const linkState = async () => expectStatus(await kz.api('GET', '/api/v1/peers', undefined,
    kz.adminToken), 200).items[0].link.state;

  it('says in words that the link is degraded, and why', async () => {
    const officer = await kz.user('off1', 'officer', 'SECRET');
    await kg.stop();
    expectStatus(await kz.api('POST', '/api/v1/messages', { type: 'notice', subject: 'waits',
      recipients: [kgId], releasable_countries: ['KG'] }, officer.token), 201);
    await until(async () => (await linkState()) === 'degraded', 15_000, 'a failed attempt');

    await logIn(page, kz, 'admin', passwordFor('admin'));
    await page.getByRole('link', { name: 'Exchange peers' }).click();
    await link(page).waitFor();
    assert.equal(await link(page).getAttribute('data-state'), 'degraded');
    const text = await link(page).innerText();
    assert.match(text, /^Degraded\n/);
    assert.match(text, /1 waiting since /);
    assert.match(text, /\d+ failed attempts?, next at /);
    assert.match(text, /Last error: no answer from http:\/\/127\.0\.0\.1:\d+\/fed\/v1\/inbox/);
    assert.match(text, /Nothing delivered yet\nNot heard from yet$/);
    assert.doesNotMatch(text, /still reaches/);
    assert.match(await page.locator('.peers').innerText(), /down — a message has waited more than 60 min/);

    /* kg, stopped, cannot be reached, but a batch it signed reaches kz */
    const kzId = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200).node_id;
    expectStatus(await kz.api('POST', '/fed/v1/inbox', signBatch(await signingKey(kg), [],
      { sender: kgId, to: kzId })), 200, 'a batch from kg');
    await page.reload();
    await link(page).waitFor();
    const heard = await link(page).innerText();
    assert.match(heard, /^Degraded\n/, 'the state stays about our messages');
    assert.match(heard, /\nLast heard from: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
    assert.match(heard, /Their node still reaches this one: the fault is on the way from here to it\.$/);
    assert.equal(await overflows(page), false, 'no horizontal scrolling at 1280x720');
    await screenshot(page, 'peers-link');

    await page.selectOption('header select', 'ru');
    await page.getByRole('heading', { name: 'Узлы обмена' }).waitFor();
    assert.match(await link(page).innerText(),
      /^С перебоями\n.*Последняя ошибка: .*\nПоследняя связь от узла: .*\nИх узел по-прежнему/s);
    assert.equal(await overflows(page), false, 'no horizontal scrolling in Russian either');
    await screenshot(page, 'peers-link-ru');
    await page.selectOption('header select', 'en');
  });

  it('keeps working at 4K', async () => {
    const big = await newPage(browser, { width: 3840, height: 2160 });
    await logIn(big, kz, 'admin', passwordFor('admin'));
    await big.getByRole('link', { name: 'Exchange peers' }).click();
    await link(big).waitFor();
    assert.equal(await overflows(big), false, 'no horizontal scrolling at 3840x2160');
    await screenshot(big, 'peers-link-4k');
    await big.context().close();
  });

  it('says Up once the other node is back and the message went through', async () => {
    await kg.restart();
    await until(async () => (await linkState()) === 'up', 30_000, 'the retry delivers it');
    await page.reload();
    await link(page).waitFor();
    assert.equal(await link(page).getAttribute('data-state'), 'up');
    assert.match(await link(page).innerText(), /^Up\nLast delivered .*\nLast heard from: [^\n]+$/s,
      'up: no one-way hint');
  });
});
