// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The situation centre in Chromium against a real ricsd: a supervisor sees
 * the region's BCPs (from data/bcps.csv) on the offline map; a crossing of a
 * watchlisted person posted through the API reaches the live feed, the
 * counters and the BCP's state without a reload; Enter on the BCP opens its
 * page with the throughput charts. Nothing overflows at 1280×720 nor at
 * 3840×2160; screenshots are kept under build/screenshots/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { REPO, expectStatus, startNode } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

const NBCP = 12;

/* The first BCPs of the region's list that have coordinates, as demo.mjs
   creates them. */
function regionBcps() {
  const [head, ...rows] = readFileSync(path.join(REPO, 'data', 'bcps.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return rows.map((line) => {
    const v = line.split(',');
    const at = (k) => v[cols.indexOf(k)];
    return { code: at('code'), name: at('name_en'), country: at('country'), lat: Number(at('lat')),
      lon: Number(at('lon')), status: 'open' };
  }).filter((b) => b.lat && b.lon).slice(0, NBCP);
}

async function noOverflow(page, what) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: innerWidth }));
  assert.ok(sw <= iw, `${what}: page is ${sw}px wide in a ${iw}px window`);
}

async function openSituation(page, node) {
  await logIn(page, node, 'sup1', node.supPassword);
  await page.getByRole('link', { name: 'Situation centre' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=bcp-mark]').length === n, NBCP);
  // the five republics and Afghanistan, drawn at build time
  await page.waitForFunction(() => document.querySelectorAll('.map path.country.region').length === 6);
}

describe('situation centre in Chromium', () => {
  let node, browser, page, sup;

  before(async () => {
    node = await startNode({ name: 'situation node' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    node.supPassword = sup.password;
    for (const b of regionBcps()) await node.create('bcps', b, node.adminToken);
    await node.create('watchlist', { subject_type: 'person', surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12', reason: 'synthetic', action: 'discreet_check' }, sup.token);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await node?.close();
  });

  it('shows every BCP on the map, and a watchlisted crossing live', async () => {
    await openSituation(page, node);
    assert.equal(await page.locator('[data-testid=bcp-mark][data-state=normal]').count(), NBCP);
    assert.equal(await page.getByTestId('count-crossings').innerText(), '0');
    await page.evaluate(() => { window.noReload = true; });
    const person = await node.create('persons', { surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12' }, sup.token);
    await node.create('crossings', { bcp_code: 'KZ-KORDAY', direction: 'in',
      crossed_at: new Date().toISOString(), person_id: person.id }, sup.token);
    await page.locator('[data-testid=feed-item]', { hasText: 'KZ-KORDAY' }).waitFor({ timeout: 5000 });
    await page.locator('[data-testid=feed-item].feed-hit').waitFor({ timeout: 5000 });
    await page.locator('[data-code=KZ-KORDAY][data-state=alert]').waitFor({ timeout: 5000 });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=count-crossings]')?.textContent === '1' &&
      document.querySelector('[data-testid=count-hits_new]')?.textContent === '1');
    assert.equal(await page.getByTestId('legend-alert').innerText(), '1');
    assert.match(await page.locator('[data-testid=attention-item]').innerText(), /KZ-KORDAY\s+alert/);
    assert.equal(await page.evaluate(() => window.noReload), true, 'the page was not reloaded');
    await noOverflow(page, '1280×720');
    await screenshot(page, 'situation');
  });

  it('fits a 4K wall display', async () => {
    const wall = await newPage(browser, { width: 3840, height: 2160 });
    await openSituation(wall, node);
    await wall.locator('[data-code=KZ-KORDAY][data-state=alert]').waitFor();
    await noOverflow(wall, '3840×2160');
    const box = await wall.getByTestId('map').boundingBox();
    assert.ok(box.width > 2000, `the map uses the wall (${box.width}px wide)`);
    await screenshot(wall, 'situation-4k');
    await wall.context().close();
  });

  it('opens the BCP page with its charts from the map, by keyboard', async () => {
    await page.focus('[data-code=KZ-KORDAY]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /KZ-KORDAY/ }).waitFor();
    assert.match(page.url(), /#\/bcp\//);
    await page.locator('[data-testid=chart-24] canvas').waitFor();
    await page.locator('[data-testid=chart-168] canvas').waitFor();
    assert.equal(await page.getByTestId('bcp-crossings').innerText(), '1');
    assert.match(await page.getByTestId('bcp-state').innerText(), /alert/);
    await page.getByTestId('list-crossings').getByTestId('row').first().waitFor();
    const hit = page.locator('[data-testid^="list-stats/bcps/"]').getByTestId('row');
    await hit.first().waitFor();
    assert.match(await hit.first().innerText(), /ERIKSSON/);
    await noOverflow(page, 'BCP page at 1280×720');
    await screenshot(page, 'bcp');
  });

  it('says when the live feed is down, and catches up when the node is back', async () => {
    const wall = await newPage(browser);
    await openSituation(wall, node);
    const state = wall.getByTestId('feed-state');
    await wall.waitForFunction(() => document.querySelector('[data-testid=feed-state]')?.textContent === '● live');
    await wall.evaluate(() => { window.noReload = true; });
    const port = node.port;
    await node.stop();
    await wall.locator('[data-testid=feed-state].offline').waitFor({ timeout: 10_000 });
    assert.match(await state.innerText(), /disconnected/);
    await node.launch(port);
    await node.create('crossings', { bcp_code: 'KZ-KORDAY', direction: 'out',
      crossed_at: new Date().toISOString() }, sup.token);
    // the browser reconnects by itself with the id of the last event it saw,
    // which the node's previous run gave: the new crossing must still come
    await wall.locator('[data-testid=feed-item]', { hasText: 'KZ-KORDAY: crossing out' }).waitFor({ timeout: 15_000 });
    await wall.locator('[data-testid=feed-state].live').waitFor();
    await wall.waitForFunction(() => document.querySelector('[data-testid=count-crossings]')?.textContent === '2');
    assert.equal(await wall.evaluate(() => window.noReload), true, 'the page was not reloaded');
    await wall.context().close();
  });

  it('shows a bulk import as one line and counts what it brought', async () => {
    await page.click('nav a[href="#/situation"]');
    await page.waitForFunction(() => /^\d+$/.test(
      document.querySelector('[data-testid=count-crossings]')?.textContent ?? ''));
    const before = Number(await page.getByTestId('count-crossings').innerText());
    const at = Date.now();
    const rows = [0, 1].map((i) => ({ bcp_code: 'KZ-KORDAY', direction: 'in', mode: 'road',
      crossed_at: new Date(at - i * 1000).toISOString() }));
    expectStatus(await node.api('POST', '/api/v1/crossings/import', { rows }, sup.token), 200);
    await page.locator('[data-testid=feed-item].feed-import', { hasText: '2 crossings imported' }).waitFor();
    await page.waitForFunction((n) =>
      document.querySelector('[data-testid=count-crossings]')?.textContent === String(n), before + 2);
  });
});
