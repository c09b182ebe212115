// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The web UI benchmark's driver (run by scripts/bench-ui): a release ricsd
 * on 127.0.0.1 loaded with `rics gen` data (wanted travellers recorded so
 * that there are hits), Debian's Chromium driven by playwright-core
 * (tests/browser/lib.mjs), and each main action timed RUNS times after one
 * warm-up run: from the input event (the click or key the page receives,
 * timed in the page, so the driver's own checks before a click are left
 * out) until the screen has what the action asked for, its API requests
 * have all finished and the next frame is drawn (logging in is timed by the
 * page alone: stampWorkspace). Each action's baseline, measured in the same
 * run, is the raw API request the action makes, timed with fetch from Node. Actions whose
 * screen this build lacks (hits, messages, situation centre) are skipped.
 * Then one crossing recorded with the keyboard alone: the MRZ typed at a
 * passport reader's pace (TYPE_MS per character), Enter, the hit shown.
 *
 * usage: node scripts/bench-ui.mjs SCALE RUNS TYPE_MS
 * Prints one line per action, the first the harness's floor (a key that
 * does nothing, timed the same way: what measuring itself costs):
 *   ui action=harness_floor runs=N median_ms=.. max_ms=..
 *   ui action=NAME runs=N median_ms=.. max_ms=.. base=WHAT base_median_ms=..
 *   ui action=keyboard_crossing chars=N total_ms=.. type_ms=..
 * (or "ui action=NAME skipped=why"). Stops its ricsd and Chromium whatever
 * happens; RICS_BIN_DIR names the binaries (scripts/bench-ui sets it).
 */
import { performance } from 'node:perf_hooks';

import { genData } from './demo-traffic.mjs';
import { RICS, expectStatus, passwordFor, rics, startNode } from '../tests/e2e/lib.mjs';
import { launchBrowser, logIn, newPage } from '../tests/browser/lib.mjs';

const [SCALE = 'small', RUNS = '10', TYPE_MS = '10'] = process.argv.slice(2);
const runs = Number(RUNS);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const ms = (x) => x.toFixed(1);

/* The node: gen data loaded through the import API, officer and admin with
   known passwords, and the gen watchlist's travellers recorded at a BCP. */
async function prepare() {
  const node = await startNode({ name: 'UI bench', bcp: 'KZ-KORDAY' });
  const sup = await node.user('sup1', 'supervisor', 'SECRET');
  await node.user('off1', 'officer', 'SECRET', { bcp_code: 'KZ-KORDAY' });
  await node.user('aud1', 'auditor', 'SECRET');
  const load = await rics(['gen', '--seed', '7', '--scale', SCALE, '--load', '--url', node.url,
    '--token', sup.token, '--admin-token', node.adminToken], { timeout: 600_000 });
  if (load.code !== 0) throw new Error(`rics gen --load failed:\n${load.stdout}${load.stderr}`);
  const data = genData({ rics: RICS, seed: 7 });
  const reader = (await node.apiToken('bench-reader', 'reader', 'SECRET')).token;
  for (const mrz of [...data.wanted, ...data.wanted])
    expectStatus(await node.api('POST', '/api/v1/mrz', { mrz, record: true, direction: 'in',
      bcp_code: 'KZ-KORDAY' }, reader), 201, 'a wanted traveller');
  return { node, data };
}

/* Counts the page's API requests in flight (the live feed never ends: left
   out), and has the page note when it last received a click, key or change. */
function track(page) {
  const t = { inflight: 0 };
  page.addInitScript(() => {
    for (const type of ['click', 'keydown', 'change'])
      addEventListener(type, () => { window.__input = performance.now(); }, true);
  });
  const api = (r) => r.url().includes('/api/') && !r.url().includes('/api/v1/events');
  page.on('request', (r) => { if (api(r)) t.inflight++; });
  const done = (r) => { if (api(r)) t.inflight--; };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return t;
}

/* Until the screen has settled: effects have run (they start after a frame),
   no API request is in flight, and one more frame is drawn. Answers the
   time from the page's last input to that frame, in ms. */
async function settled(page, t) {
  const frame = () => page.evaluate(() => new Promise((r) =>
    requestAnimationFrame(() => r(performance.now() - (window.__input ?? 0)))));
  await frame();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  while (t.inflight > 0) await new Promise((r) => setTimeout(r, 1));
  return frame();
}

/* Logging in is timed inside the page, from the Enter key to the first
   frame drawn with the workspace shown and none of the page's API requests
   in flight: the driver does not poll for the workspace while it waits,
   because on a 2-core machine the polling competes with ricsd's password
   hash for the CPU (it added 20-60 ms to the figure). Runs before the app;
   window.__workspace is a promise of the time in ms. */
function stampWorkspace() {
  let input = 0, inflight = 0, waiting = false, check = () => {};
  addEventListener('keydown', (e) => { if (e.key === 'Enter') input = performance.now(); }, true);
  const fetch = window.fetch;
  window.fetch = (...args) => {
    inflight++;
    return fetch(...args).finally(() => { inflight--; check(); });
  };
  const ready = () => input && !inflight && document.querySelector('nav button');
  window.__workspace = new Promise((resolve) => {
    const observer = new MutationObserver(() => check());
    /* as settled() does: a frame for the screen's effects to start their
       requests, none in flight, then the next frame */
    check = () => {
      if (waiting || !ready()) return;
      waiting = true;
      requestAnimationFrame(() => setTimeout(() => {
        waiting = false;
        if (!ready()) return; // a request started: its end checks again
        observer.disconnect();
        check = () => {};
        requestAnimationFrame(() => resolve(performance.now() - input));
      }, 0));
    };
    observer.observe(document, { subtree: true, childList: true });
  });
}

async function timeAction(page, t, act, ready) {
  const out = [];
  for (let i = 0; i <= runs; i++) {
    if (ready) await ready();
    await settled(page, t);
    await act(i);
    const took = await settled(page, t);
    if (i > 0) out.push(took); // run 0 warms up
  }
  return out;
}

async function timeFetch(node, token, method, p, body) {
  const out = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = await node.api(method, typeof p === 'function' ? p(i) : p, typeof body === 'function' ? body(i) : body,
      token, { keepAlive: true });
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
    if (i > 0) out.push(performance.now() - t0);
  }
  return out;
}

function report(name, times, base, baseTimes) {
  console.log(`ui action=${name} runs=${times.length} median_ms=${ms(median(times))} ` +
    `max_ms=${ms(Math.max(...times))} base=${base} base_median_ms=${ms(median(baseTimes))}`);
}

const hasScreen = (page, id) => page.locator(`nav a[href="#/${id}"]`).count().then((n) => n > 0);

async function firstScreen(page, t, node, user, id, baseline, token) {
  if (!(await hasScreen(page, id))) return console.log(`ui action=open_${id} skipped=no-screen`);
  const times = await timeAction(page, t, () => page.click(`nav a[href="#/${id}"]`),
    () => page.click(`nav a:not([href="#/${id}"])`));
  report(`open_${id}`, times, baseline, await timeFetch(node, token, 'GET', baseline));
}

async function main() {
  const { node, data } = await prepare();
  const browser = await launchBrowser();
  try {
    const officer = await node.login('off1', passwordFor('off1'));
    const admin = node.adminToken;

    // log in: from Enter to the workspace, timed in the page (below)
    const loginTimes = [];
    for (let i = 0; i <= runs; i++) {
      const page = await newPage(browser);
      await page.addInitScript(stampWorkspace);
      await page.goto(node.url + '/ui/');
      await page.waitForSelector('input[name=username]:focus');
      await page.keyboard.type('off1');
      await page.keyboard.press('Tab');
      await page.keyboard.type(passwordFor('off1'));
      await page.keyboard.press('Enter');
      const took = await page.evaluate(() => window.__workspace);
      if (i > 0) loginTimes.push(took);
      await page.context().close();
    }
    report('log_in', loginTimes, 'POST /api/v1/auth/login', await timeFetch(node, null, 'POST',
      '/api/v1/auth/login', { username: 'off1', password: passwordFor('off1') }));

    // the officer's screens
    const page = await newPage(browser);
    const t = track(page);
    await logIn(page, node, 'off1', passwordFor('off1'));
    await page.waitForSelector('textarea[name=mrz]:focus');
    // what measuring costs: a key that does nothing, timed the same way
    const floor = await timeAction(page, t, () => page.keyboard.press('Shift'));
    console.log(`ui action=harness_floor runs=${floor.length} median_ms=${ms(median(floor))} ` +
      `max_ms=${ms(Math.max(...floor))}`);
    const mrzs = data.travellers;
    const crossing = await timeAction(page, t, async (i) => {
      await page.keyboard.insertText(mrzs[i]);
      await page.keyboard.press('Enter');
      await page.getByTestId('document').filter({ hasText: mrzs[i].split('\n')[1].slice(0, 9).replace(/<+$/, '') })
        .waitFor();
    }, () => page.focus('textarea[name=mrz]'));
    report('crossing_from_mrz', crossing, 'POST /api/v1/mrz', await timeFetch(node, officer.token, 'POST',
      '/api/v1/mrz', (i) => ({ mrz: mrzs[100 + i], record: true, direction: 'in' })));
    await firstScreen(page, t, node, 'off1', 'hits', '/api/v1/hits?limit=25', officer.token);
    if (await hasScreen(page, 'hits')) {
      await page.click('nav a[href="#/hits"]');
      await settled(page, t);
      const times = await timeAction(page, t, () => page.getByTestId('row').first().click(),
        async () => { await page.click('nav a[href="#/hits"]'); await settled(page, t); });
      const hit = (await node.api('GET', '/api/v1/hits?limit=1', undefined, officer.token)).json.items[0];
      report('open_hit', times, 'GET /api/v1/hits/{id}', await timeFetch(node, officer.token, 'GET',
        `/api/v1/hits/${hit.id}`));
    } else console.log('ui action=open_hit skipped=no-screen');
    await firstScreen(page, t, node, 'off1', 'messages', '/api/v1/messages?limit=25', officer.token);
    await page.context().close();

    // lists: the audit log, a page on and a filter (the admin sees the sitcen too)
    const adm = await newPage(browser);
    const ta = track(adm);
    await logIn(adm, node, 'admin', passwordFor('admin'));
    for (const id of ['sitcen', 'situation'])
      if (await hasScreen(adm, id))
        await firstScreen(adm, ta, node, 'admin', id, '/api/v1/bcps?limit=100', admin);
    await adm.click('nav a[href="#/audit"]');
    await settled(adm, ta);
    // on and back between the first two pages (the log has more than 50 entries)
    const audit = await node.auditAll(admin);
    if (audit.length <= 50) throw new Error(`the audit log has only ${audit.length} entries`);
    const paging = await timeAction(adm, ta, (i) => adm.getByRole('button',
      { name: i % 2 ? 'Previous' : 'Next' }).click());
    report('page_list', paging, 'GET /api/v1/audit?order=newest&before=&limit=50', await timeFetch(node, admin,
      'GET', (i) => `/api/v1/audit?order=newest&limit=50${i % 2 ? '' : `&before=${audit.at(-50).seq}`}`));
    const actors = ['off1', 'sup1', 'admin', 'aud1'];
    const filtering = await timeAction(adm, ta, async (i) => {
      await adm.fill('[data-testid=list-audit] input[name=actor]', actors[i % actors.length]);
      await adm.press('[data-testid=list-audit] input[name=actor]', 'Tab');
    });
    report('filter_list', filtering, 'GET /api/v1/audit?order=newest&actor=&limit=50', await timeFetch(node,
      admin, 'GET', (i) => `/api/v1/audit?order=newest&limit=50&actor=${actors[i % actors.length]}`));
    await adm.context().close();

    // a crossing with the keyboard alone, at a reader's pace, of a wanted traveller
    const kb = await newPage(browser);
    await logIn(kb, node, 'off1', passwordFor('off1'));
    await kb.waitForSelector('textarea[name=mrz]:focus');
    const mrz = data.wanted[0];
    const t0 = performance.now();
    await kb.keyboard.type(mrz, { delay: Number(TYPE_MS) });
    const typed = performance.now() - t0;
    await kb.keyboard.press('Enter');
    await kb.getByTestId('hit').first().waitFor();
    console.log(`ui action=keyboard_crossing chars=${mrz.length} total_ms=${ms(performance.now() - t0)} ` +
      `type_ms=${ms(typed)}`);
    await kb.context().close();
  } finally {
    await browser.close();
    await node.close();
  }
}

main().catch((e) => { console.error(`bench-ui: ${e.stack || e.message}`); process.exitCode = 1; });
