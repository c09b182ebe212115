// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Messages between two real nodes paired both ways, in Chromium: an officer
 * at Korday (KZ) composes an alert to Ak-Zhol (KG) in the UI; at Ak-Zhol
 * (a second browser context) it appears in the inbox without a reload;
 * opening it there sends the read receipt, which shows in Korday's open
 * outbox without a reload or a request (message.read carries it).
 * Refusals of the API (not releasable, above the peer's accreditation)
 * show as clear errors; a
 * CONFIDENTIAL message waits in the approval queue until a supervisor
 * approves it in the UI; a request past its reply-by is flagged overdue,
 * in Russian too. Screenshots: inbox (1280×720, 4K, Russian), compose,
 * thread, outbox, approvals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { borderPair, passwordFor, until } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

describe('messages in Chromium', () => {
  let kz, kg, browser, pageA, pageB;

  before(async () => {
    ({ kz, kg } = await borderPair({ accreditation: 'CONFIDENTIAL' }));
    await Promise.all([kz.user('off1', 'officer', 'SECRET'), kz.user('sup1', 'supervisor', 'SECRET'),
      kg.user('off2', 'officer', 'SECRET')]);
    browser = await launchBrowser();
    [pageA, pageB] = await Promise.all([newPage(browser), newPage(browser)]);
    await Promise.all([logIn(pageA, kz, 'off1', passwordFor('off1')),
      logIn(pageB, kg, 'off2', passwordFor('off2'))]);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  async function compose(page, subject, { level = 'UNCLASSIFIED', countries } = {}) {
    await page.goto(`${kz.url}/ui/#/messages`);
    await page.getByRole('tab', { name: 'Compose' }).click();
    await page.getByRole('checkbox', { name: /Ak-Zhol BLO \(KG/ }).check();
    await page.selectOption('select[name=classification]', level);
    await page.fill('textarea[name=body]', `synthetic text of ${subject}`);
    if (countries !== undefined) await page.fill('input[name=releasable_countries]', countries);
    /* the keyboard alone sends it: type the subject, Enter submits */
    await page.focus('input[name=subject]');
    await page.keyboard.type(subject);
    await page.keyboard.press('Enter');
  }

  it('an alert composed at Korday arrives live at Ak-Zhol, and its read receipt comes back live', async () => {
    await pageB.goto(`${kg.url}/ui/#/messages`);
    await pageB.getByTestId('list-messages').waitFor();
    await pageB.evaluate(() => { window.stillHere = true; });

    await compose(pageA, 'Alert: convoy at Korday');
    assert.match(await pageA.getByTestId('sent').innerText(), /queued/);
    assert.equal(await pageA.getByRole('checkbox', { name: /Ak-Zhol/ }).isChecked(), true);
    assert.equal(await pageA.inputValue('input[name=releasable_countries]'), 'KG',
      'releasable by default to the recipients\' countries');
    await screenshot(pageA, 'messages-compose');

    const row = pageB.getByTestId('row').filter({ hasText: 'Alert: convoy at Korday' });
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await pageB.evaluate(() => window.stillHere), true, 'it came without a reload');
    assert.match(await row.innerText(), /Korday BLO \(KZ\)/);
    await screenshot(pageB, 'messages-inbox');
    await pageB.setViewportSize({ width: 3840, height: 2160 });
    await screenshot(pageB, 'messages-inbox-4k');
    await pageB.setViewportSize({ width: 1280, height: 720 });

    /* Korday's outbox is open before the alert is read, and stays open */
    await pageA.goto(`${kz.url}/ui/#/messages/out`);
    const sent = pageA.getByTestId('row').filter({ hasText: 'Alert: convoy at Korday' });
    await sent.getByText(/delivered \d{4}-/).waitFor({ timeout: 10_000 });
    await pageA.evaluate(() => { window.stillHere = true; });
    const asked = [];
    const ask = (r) => { if (r.url().includes('/api/v1/messages')) asked.push(r.url()); };
    pageA.on('request', ask);

    await row.focus();
    await pageB.keyboard.press('Enter');
    const msg = pageB.getByTestId('thread-message');
    await msg.waitFor();
    assert.match(await msg.innerText(), /synthetic text of Alert: convoy at Korday/);

    /* the read receipt shows in Korday's outbox live, from the event alone */
    await sent.getByText(/read \d{4}-/).waitFor({ timeout: 10_000 });
    pageA.off('request', ask);
    assert.equal(await pageA.evaluate(() => window.stillHere), true, 'no reload');
    assert.deepEqual(asked, [], 'no request: the event carried the receipt');
    assert.match(await sent.getByTestId('delivery').innerText(), /Ak-Zhol BLO: read/);
    assert.match(await sent.locator('td').nth(3).innerText(), /^read$/, 'the status moved too');
    await screenshot(pageA, 'messages-outbox');

    await pageB.fill('[data-testid=reply] textarea[name=body]', 'Seen, we check the convoy');
    await pageB.getByRole('button', { name: 'Send reply' }).click();
    await pageB.getByTestId('thread-message').nth(1).waitFor();
    assert.match(await pageB.getByTestId('thread-message').nth(1).innerText(), /Re: Alert: convoy/);
    await screenshot(pageB, 'messages-thread');

  });

  it('a request past its reply-by is flagged overdue in the inbox, in Russian too', async () => {
    const off1 = await kz.login('off1', passwordFor('off1'));
    const kgId = (await kg.api('GET', '/fed/v1/identity')).json.node_id;
    await pageB.goto(`${kg.url}/ui/#/messages`);
    await pageB.getByTestId('list-messages').waitFor();
    await kz.create('messages', { type: 'request', subject: 'Request: manifest of truck 01A', recipients: [kgId],
      releasable_countries: ['KG'], reply_by: '2026-01-01T00:00:00Z' }, off1.token);
    const row = pageB.getByTestId('row').filter({ hasText: 'Request: manifest of truck 01A' });
    await row.getByTestId('overdue-flag').waitFor({ timeout: 10_000 });
    assert.match(await pageB.getByTestId('overdue').innerText(), /1 request\(s\) past their reply-by/);
    await pageB.selectOption('header select', 'ru');
    await pageB.getByRole('heading', { name: 'Сообщения' }).waitFor();
    assert.match(await row.innerText(), /ПРОСРОЧЕНО/);
    assert.match(await row.innerText(), /запрос/);
    await screenshot(pageB, 'messages-inbox-ru');
    await pageB.selectOption('header select', 'en');
  });

  it('what a recipient may not receive is refused with the API\'s reason', async () => {
    await compose(pageA, 'Not for Kyrgyzstan', { countries: 'UZ' });
    const err = pageA.getByRole('alert').filter({ hasText: 'not releasable' });
    await err.waitFor();
    assert.match(await err.innerText(), /not releasable to node 'Ak-Zhol BLO' \(KG, border\)/);
    await compose(pageA, 'Too secret for Ak-Zhol', { level: 'SECRET' });
    const above = pageA.getByRole('alert').filter({ hasText: 'accredited' });
    await above.waitFor();
    assert.match(await above.innerText(),
      /node 'Ak-Zhol BLO' is accredited up to CONFIDENTIAL: it may not receive SECRET/);
    assert.equal(await pageA.getByTestId('sent').count(), 0);
    const off1 = await kz.login('off1', passwordFor('off1'));
    const out = await kz.listAll('messages', off1.token, 'box=out');
    assert.ok(!out.some((m) => /Too secret|Not for/.test(m.subject)), 'nothing was stored');
  });

  it('a CONFIDENTIAL message waits for a supervisor, who approves it in the UI', async () => {
    await compose(pageA, 'Confidential: courier', { level: 'CONFIDENTIAL' });
    assert.match(await pageA.getByTestId('sent').innerText(), /pending approval/);
    const off2 = await kg.login('off2', passwordFor('off2'));
    const arrived = async () => (await kg.listAll('messages', off2.token, 'box=in'))
      .some((m) => m.subject === 'Confidential: courier');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await arrived(), false, 'held until approved');

    const sup = await newPage(browser);
    await logIn(sup, kz, 'sup1', passwordFor('sup1'));
    await sup.goto(`${kz.url}/ui/#/approvals`);
    const row = sup.getByTestId('row').filter({ hasText: 'Confidential: courier' });
    await row.waitFor();
    assert.match(await row.innerText(), /off1/);
    assert.match(await sup.getByTestId('banner').first().innerText(), /CONFIDENTIAL/);
    await screenshot(sup, 'messages-approvals');
    await row.getByTestId('approve').click();
    await row.waitFor({ state: 'detached' });
    await until(arrived, 10_000, 'the approved message reaches Ak-Zhol');
    const audit = await kz.auditAll();
    assert.ok(audit.some((e) => e.action === 'approve' && e.actor === 'sup1'));
    await sup.context().close();
    /* the author sees it sent */
    const a = await kz.login('off1', passwordFor('off1'));
    const out = await kz.listAll('messages', a.token, 'box=out&classification=CONFIDENTIAL');
    assert.equal(out.length, 1, JSON.stringify(out));
    assert.notEqual(out[0].status, 'pending_approval');
  });
});
