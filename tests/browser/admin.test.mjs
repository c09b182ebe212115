// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The admin and audit screens in Chromium against real ricsd processes: an
 * administrator creates a user in the UI who can then log in, locks and
 * unlocks them, gives a device a token (its secret shown once) and revokes
 * it, sees this node's fingerprint, pairs with a second node by its
 * fingerprint (a wrong one is refused), sees its outbox and removes it
 * (asked twice); an auditor pages the audit log newest and oldest first,
 * finds the user's creation by filtering and verifies the hash chain. The
 * users screen in Russian. Screenshots:
 * build/screenshots/{users,users-ru,users-4k,peers,audit}.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, passwordFor, startNode } from '../e2e/lib.mjs';
import { launchBrowser, logIn, newPage, screenshot } from './lib.mjs';

describe('admin and audit screens in Chromium', () => {
  let node, other, browser, page;

  before(async () => {
    [node, other] = await Promise.all([startNode({ name: 'Korday BLO' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' })]);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([node?.close(), other?.close()]);
  });

  const row = (p, text) => p.getByTestId('row').filter({ hasText: text });

  it('creates a user who can then log in', async () => {
    await logIn(page, node, 'admin', passwordFor('admin'));
    await page.getByRole('link', { name: 'Users and tokens' }).click();
    await page.getByRole('heading', { name: 'Users and tokens' }).waitFor();
    const form = page.getByTestId('create-user');
    await form.locator('input[name=name]').fill('aibek');
    await form.locator('input[name=full_name]').fill('Aibek Synthetic');
    await form.locator('select[name=role]').selectOption('officer');
    await form.locator('select[name=clearance]').selectOption('RESTRICTED');
    await form.locator('input[name=country]').fill('KZ');
    await form.locator('input[name=bcp_code]').fill('KZ-KORDAY');
    await form.locator('input[name=password]').fill(passwordFor('aibek'));
    await form.locator('input[name=password]').press('Enter');
    await page.getByTestId('user-created').waitFor();
    await row(page, 'aibek').waitFor();
    assert.match(await row(page, 'aibek').innerText(), /officer.*RESTRICTED.*KZ-KORDAY/s);
    const u = expectStatus(await node.api('GET', '/api/v1/users/aibek', undefined, node.adminToken), 200);
    assert.equal(u.bcp_code, 'KZ-KORDAY');
    await screenshot(page, 'users');

    const p2 = await newPage(browser);
    await logIn(p2, node, 'aibek', passwordFor('aibek'));
    assert.match(await p2.locator('nav').innerText(), /aibek/);
    await p2.context().close();
  });

  it('filters the users on the node, locks and unlocks one', async () => {
    const users = page.getByTestId('list-users');
    const names = () => users.getByTestId('row').evaluateAll((rows) => rows.map((r) => r.cells[0].textContent));
    const shows = async (want) => {
      await page.waitForFunction(([w]) => [...document.querySelectorAll('[data-testid=list-users] [data-testid=row]')]
        .map((r) => r.cells[0].textContent).join() === w, [want.join()]);
      assert.deepEqual(await names(), want);
    };
    await users.locator('select[name=role]').selectOption('admin');
    await shows(['admin']);
    await users.locator('select[name=role]').selectOption('');
    // a part of the full name, any case; the country typed in small letters
    await users.locator('input[name=name]').fill('synthetic');
    await users.locator('input[name=country]').fill('kz');
    await users.locator('input[name=country]').press('Tab');
    await shows(['aibek']);
    await users.locator('input[name=name]').fill('');
    await users.locator('input[name=name]').press('Tab');
    await users.locator('input[name=country]').fill('');
    await users.locator('input[name=country]').press('Tab');
    // the rows are reused: a click before the list settles could land on admin
    await shows(['admin', 'aibek']);
    await row(page, 'aibek').click();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByTestId('user-state').filter({ hasText: 'locked' }).waitFor();
    await users.locator('select[name=state]').selectOption('locked');
    await shows(['aibek']);
    await users.locator('select[name=state]').selectOption('');
    const r = await node.api('POST', '/api/v1/auth/login', { username: 'aibek', password: passwordFor('aibek') });
    assert.notEqual(r.status, 200, 'a locked user cannot log in');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('user-state').filter({ hasText: 'active' }).waitFor();
    await node.login('aibek', passwordFor('aibek'));
  });

  it('shows a token secret once and revokes the token', async () => {
    const form = page.getByTestId('create-token');
    await form.locator('input[name=name]').fill('reader-lane-1');
    await form.locator('select[name=role]').selectOption('reader');
    await form.locator('input[name=bcp_code]').fill('KZ-KORDAY');
    await form.getByRole('button', { name: 'Create a token' }).click();
    const secret = await page.getByTestId('token-secret').locator('code').innerText();
    const r = await node.api('POST', '/api/v1/mrz', { mrz: 'x' }, secret);
    assert.notEqual(r.status, 401, `the secret shown is a working token: ${r.text}`);
    await row(page, 'reader-lane-1').getByRole('button', { name: 'Revoke' }).click();
    await row(page, 'reader-lane-1').filter({ hasText: 'revoked' }).waitFor();
    const again = await node.api('POST', '/api/v1/mrz', { mrz: 'x' }, secret);
    assert.equal(again.status, 401, 'a revoked token is refused');
  });

  it('speaks Russian from its catalogues', async () => {
    await page.selectOption('header select', 'ru');
    await page.getByRole('heading', { name: 'Пользователи и токены' }).waitFor();
    await page.getByRole('heading', { name: 'API-токены устройств и интеграций' }).waitFor();
    assert.match(await page.locator('nav').innerText(), /Узлы обмена.*Журнал аудита/s);
    await screenshot(page, 'users-ru');
    await page.selectOption('header select', 'en');
    await page.getByRole('heading', { name: 'Users and tokens' }).waitFor();
  });

  it('keeps working at 4K', async () => {
    const big = await newPage(browser, { width: 3840, height: 2160 });
    await logIn(big, node, 'admin', passwordFor('admin'));
    await big.getByRole('link', { name: 'Users and tokens' }).click();
    await row(big, 'aibek').waitFor();
    const overflow = await big.evaluate(() => document.documentElement.scrollWidth > innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at 3840x2160');
    await screenshot(big, 'users-4k');
    await big.context().close();
  });

  it('shows this node\'s fingerprint and pairs with a node by its fingerprint', async () => {
    const mine = expectStatus(await node.api('GET', '/api/v1/node', undefined, node.adminToken), 200);
    const theirs = expectStatus(await other.api('GET', '/api/v1/node', undefined, other.adminToken), 200);
    await page.getByRole('link', { name: 'Exchange peers' }).click();
    assert.equal(await page.getByTestId('fingerprint').innerText(), mine.fingerprint);
    const form = page.getByTestId('pair');
    await form.locator('input[name=url]').fill(other.url);
    await form.locator('input[name=fingerprint]').fill(mine.fingerprint);
    await form.getByRole('button', { name: 'Pair with a node' }).click();
    await form.getByRole('alert').waitFor();
    assert.equal((await node.api('GET', '/api/v1/peers', undefined, node.adminToken)).json.items.length, 0);
    await form.locator('input[name=fingerprint]').fill(theirs.fingerprint);
    await form.locator('select[name=accreditation]').selectOption('CONFIDENTIAL');
    await form.getByRole('button', { name: 'Pair with a node' }).click();
    await row(page, 'Ak-Zhol BLO').waitFor();
    assert.match(await row(page, 'Ak-Zhol BLO').innerText(), /KG.*CONFIDENTIAL/s);
    assert.equal(await row(page, 'Ak-Zhol BLO').getByTestId('outbox').innerText(), '0 queued, 0 delivered');
    await screenshot(page, 'peers');
    // removing asks once more
    await row(page, 'Ak-Zhol BLO').getByRole('button', { name: 'Remove' }).click();
    assert.equal((await node.api('GET', '/api/v1/peers', undefined, node.adminToken)).json.items.length, 1);
    await row(page, 'Ak-Zhol BLO').getByRole('button', { name: 'Remove: sure?' }).click();
    await row(page, 'Ak-Zhol BLO').waitFor({ state: 'detached' });
    assert.equal((await node.api('GET', '/api/v1/peers', undefined, node.adminToken)).json.items.length, 0);
  });

  it('lets the auditor find the creation and verify the chain', async () => {
    await node.user('aud1', 'auditor', 'SECRET');
    const p = await newPage(browser);
    await logIn(p, node, 'aud1', passwordFor('aud1'));
    await p.getByRole('heading', { name: 'Audit log' }).waitFor();
    const first = () => p.evaluate(() => Number(document.querySelector(
      '[data-testid=list-audit] [data-testid=row] td')?.textContent));
    const seqs = () => p.getByTestId('row').evaluateAll((rows) =>
      rows.map((r) => Number(r.children[0].textContent)));
    await p.waitForFunction(() => document.querySelector('[data-testid=list-audit] [data-testid=row]'));
    const newest = await seqs();
    assert.deepEqual(newest, [...newest].sort((a, b) => b - a), 'newest first');
    await p.selectOption('select[name=order]', 'oldest');
    await p.waitForFunction(() => Number(document.querySelector(
      '[data-testid=list-audit] [data-testid=row] td')?.textContent) === 1);
    const oldest = await seqs();
    assert.deepEqual(oldest, [...oldest].sort((a, b) => a - b), 'oldest first');
    await p.selectOption('select[name=order]', 'newest');
    await p.waitForFunction((top) => Number(document.querySelector(
      '[data-testid=list-audit] [data-testid=row] td')?.textContent) >= top, newest[0]);
    assert.ok(await first() >= newest[0]);
    await p.fill('[data-testid=list-audit] input[name=actor]', 'admin');
    await p.press('[data-testid=list-audit] input[name=actor]', 'Tab');
    await p.fill('[data-testid=list-audit] input[name=action]', 'create');
    await p.press('[data-testid=list-audit] input[name=action]', 'Tab');
    // the filters are the node's: only the admin's creations are left
    await p.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=list-audit] [data-testid=row]')];
      return rows.length > 0 && rows.every((r) => r.children[2].textContent === 'admin' &&
        r.children[3].textContent === 'create');
    });
    assert.match(await row(p, 'aibek').innerText(), /admin\s+create\s+user/);
    await p.getByRole('button', { name: 'Verify the hash chain' }).click();
    assert.match(await p.getByTestId('verdict').innerText(), /intact: \d+ entries checked/);
    await screenshot(p, 'audit');
    await p.context().close();
  });
});
