// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Clearance in the browser: an officer at Ak-Zhol cleared RESTRICTED never
 * sees a SECRET item. A SECRET alert and then a RESTRICTED one arrive from
 * Korday while the officer's inbox is open: the RESTRICTED one appears
 * live, the SECRET one neither in the list nor in the live feed the page
 * receives; opening the SECRET message's URL shows an error and nothing of
 * it; the hits and watchlist lists the page can fetch hold no SECRET row
 * (while a SECRET-cleared colleague sees them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { borderPair, expectStatus, passwordFor, sampleBody, until } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

const SECRET_SUBJECT = 'Secret: informant at the bridge';
const RESTRICTED_SUBJECT = 'Restricted: road works at Ak-Zhol';

describe('a user cleared RESTRICTED never sees SECRET', () => {
  let kz, kg, browser, page, kgId, off1, high;

  before(async () => {
    ({ kz, kg, kgId } = await borderPair());
    [off1] = await Promise.all([kz.user('off1', 'officer', 'SECRET'),
      kz.user('sup1', 'supervisor', 'SECRET'), kg.user('low', 'officer', 'RESTRICTED')]);
    high = await kg.user('high', 'supervisor', 'SECRET');
    for (const classification of ['SECRET', 'RESTRICTED']) {
      const w = await kg.create('watchlist', { ...sampleBody('watchlist'), classification }, high.token);
      await kg.create('hits', { ...sampleBody('hits', { watchlist: w.id }), classification }, high.token);
    }
    browser = await launchBrowser();
    page = await newPage(browser);
    await logIn(page, kg, 'low', passwordFor('low'));
  });
  after(async () => {
    await browser?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  async function send(subject, classification) {
    const m = await kz.create('messages', { type: 'alert', subject, body: `text of ${subject}`,
      recipients: [kgId], releasable_countries: ['KG'], classification }, off1.token);
    if (m.status === 'pending_approval') {
      const sup = await kz.login('sup1', passwordFor('sup1'));
      expectStatus(await kz.api('POST', `/api/v1/messages/${m.id}/approve`, undefined, sup.token), 200);
    }
    return until(async () => (await kg.listAll('messages', high.token, 'box=in'))
      .find((x) => x.subject === subject), 10_000, `${subject} reaches Ak-Zhol`);
  }

  it('neither the inbox nor its live feed shows the SECRET alert; the RESTRICTED one arrives live', async () => {
    await page.goto(`${kg.url}/ui/#/messages`);
    await page.getByTestId('list-messages').waitFor();
    /* what the live feed brings this session, beside the screen's own */
    await page.evaluate(() => {
      window.feed = [];
      const es = new EventSource('/api/v1/events');
      for (const n of ['message.received', 'message.created', 'message.read'])
        es.addEventListener(n, (e) => window.feed.push(e.data));
    });
    const secret = await send(SECRET_SUBJECT, 'SECRET');
    assert.equal(secret.classification, 'SECRET');
    await send(RESTRICTED_SUBJECT, 'RESTRICTED');
    await page.getByTestId('row').filter({ hasText: RESTRICTED_SUBJECT }).waitFor({ timeout: 10_000 });
    await until(() => page.evaluate((s) => window.feed.some((d) => d.includes(s)), RESTRICTED_SUBJECT),
      5_000, 'the RESTRICTED alert on the feed');
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes('informant'), 'no SECRET subject in the page');
    assert.deepEqual(await page.getByTestId('label').allInnerTexts(), ['RESTRICTED'],
      'one row, marked RESTRICTED');
    assert.deepEqual(await page.evaluate(() => window.feed.filter((d) => d.includes('SECRET'))), []);
    assert.match(await page.getByTestId('banner').first().innerText(), /^RESTRICTED$/);
    await screenshot(page, 'clearance-inbox');
  });

  it('opening the SECRET message by its URL shows an error and nothing of it', async () => {
    const secret = (await kg.listAll('messages', high.token, 'box=in'))
      .find((x) => x.subject === SECRET_SUBJECT);
    await page.goto(`${kg.url}/ui/#/thread/${secret.id}`);
    await page.getByRole('alert').waitFor();
    const text = await page.locator('body').innerText();
    assert.ok(!text.includes('informant'), text);
    assert.equal(await page.getByTestId('thread-message').count(), 0);
    assert.match(await page.getByTestId('banner').first().innerText(), /^UNCLASSIFIED$/);
    /* and the message stays unread: no receipt went back for it */
    const again = expectStatus(await kg.api('GET', `/api/v1/messages?box=in&classification=SECRET`,
      undefined, high.token), 200);
    assert.equal(again.items[0].status, 'received');
  });

  it('the hits and watchlist lists hold no SECRET row for this user', async () => {
    for (const type of ['hits', 'watchlist']) {
      const rows = await page.evaluate((t) => fetch(`/api/v1/${t}?limit=100`).then((r) => r.json()), type);
      assert.deepEqual(rows.items.map((r) => r.classification), ['RESTRICTED'], type);
      const all = await kg.listAll(type, high.token);
      assert.deepEqual(all.map((r) => r.classification).sort(), ['RESTRICTED', 'SECRET'], type);
    }
  });
});
