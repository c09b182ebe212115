// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/users and GET /api/v1/tokens page and filter on the node, as
 * the other lists do (limit, cursor, order=newest, next_cursor): a page at a
 * time through more users than one page, each filter narrowing the answer, a
 * bad parameter a 400 problem naming it, and the CLI's `user list` and
 * `token list` passing their filters on and following the pages to the end.
 */
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, passwordFor, rics, startNode } from './lib.mjs';

const USERS = [
  // name, role, clearance, country, bcp_code, full name
  ['kz-off-a', 'officer', 'RESTRICTED', 'KZ', 'KZ-KORDAY', 'Aigerim Synthetic'],
  ['kz-off-b', 'officer', 'SECRET', 'KZ', 'KZ-ALMATY', 'Bolat Example'],
  ['kg-sup', 'supervisor', 'CONFIDENTIAL', 'KG', 'KG-AKZHOL', 'Chynara Synthetic'],
  ['kg-ana', 'analyst', 'SECRET', 'KG', null, 'Daniyar Example'],
  ['tj-aud', 'auditor', 'UNCLASSIFIED', 'TJ', null, 'Farrukh Example'],
  ['under_score', 'officer', 'RESTRICTED', 'UZ', 'UZ-DOSTYK', 'Gulnora Example'],
  ['underxscore', 'officer', 'RESTRICTED', 'UZ', 'UZ-DOSTYK', 'Hamid Example'],
];

describe('users and tokens lists', () => {
  let node, names;

  before(async () => {
    node = await startNode({ name: 'users node' });
    for (const [name, role, clearance, country, bcp, full] of USERS) {
      const body = { name, role, clearance, agency: 'border', country, full_name: full,
        password: passwordFor(name) };
      if (bcp) body.bcp_code = bcp;
      expectStatus(await node.api('POST', '/api/v1/users', body, node.adminToken), 201, name);
    }
    expectStatus(await node.api('PATCH', '/api/v1/users/kg-sup', { locked: true }, node.adminToken), 200);
    expectStatus(await node.api('PATCH', '/api/v1/users/tj-aud', { disabled: true }, node.adminToken), 200);
    names = ['admin', ...USERS.map((u) => u[0])];
  });
  after(() => node?.close());

  const get = async (p) => expectStatus(await node.api('GET', p, undefined, node.adminToken), 200, p);
  const users = async (q) => (await get(`/api/v1/users?${q}`)).items.map((u) => u.name);

  it('pages through more users than one page, in creation order either way', async () => {
    const seen = [];
    let cursor = '', pages = 0;
    do {
      const page = await get(`/api/v1/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((u) => u.name));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
    const whole = await get('/api/v1/users');
    assert.deepEqual(whole.items.map((u) => u.name), names, 'the default page (50) holds them all');
    assert.equal(whole.next_cursor, null);
    assert.equal(JSON.stringify(whole).includes('argon2'), false, 'no password hash is listed');
    const newest = await get('/api/v1/users?order=newest&limit=4');
    assert.deepEqual(newest.items.map((u) => u.name), names.slice(-4).reverse());
    const rest = await users(`order=newest&cursor=${newest.next_cursor}`);
    assert.deepEqual(rest, names.slice(0, -4).reverse());
  });

  it('filters by each field, and pages what a filter keeps', async () => {
    assert.deepEqual(await users('name=SYNTH'), ['kz-off-a', 'kg-sup'], 'a part of the full name, any case');
    assert.deepEqual(await users('name=off'), ['kz-off-a', 'kz-off-b']);
    assert.deepEqual(await users('name=r_s'), ['under_score'], '_ is no wildcard');
    assert.deepEqual(await users('name=100%25'), []);
    assert.deepEqual(await users('name_prefix=kg-'), ['kg-sup', 'kg-ana']);
    assert.deepEqual(await users('name_prefix=off'), [], 'a prefix is not a part');
    assert.deepEqual(await users('role=officer'), ['kz-off-a', 'kz-off-b', 'under_score', 'underxscore']);
    assert.deepEqual(await users('clearance=SECRET'), ['admin', 'kz-off-b', 'kg-ana']);
    assert.deepEqual(await users('country=KG'), ['kg-sup', 'kg-ana']);
    assert.deepEqual(await users('bcp_code=UZ-DOSTYK'), ['under_score', 'underxscore']);
    assert.deepEqual(await users('state=locked'), ['kg-sup']);
    assert.deepEqual(await users('state=disabled'), ['tj-aud']);
    assert.deepEqual(await users('state=active'), names.filter((n) => n !== 'kg-sup' && n !== 'tj-aud'));
    assert.deepEqual(await users('role=officer&clearance=RESTRICTED&country=UZ'), ['under_score', 'underxscore']);
    const one = await get('/api/v1/users?role=officer&limit=3');
    assert.deepEqual(one.items.map((u) => u.name), ['kz-off-a', 'kz-off-b', 'under_score']);
    assert.deepEqual(await users(`role=officer&limit=3&cursor=${one.next_cursor}`), ['underxscore']);
    const unlocked = await node.api('PATCH', '/api/v1/users/kg-sup', { locked: false }, node.adminToken);
    expectStatus(unlocked, 200);
    assert.deepEqual(await users('state=locked'), []);
    expectStatus(await node.api('PATCH', '/api/v1/users/kg-sup', { locked: true }, node.adminToken), 200);
  });

  it('refuses a bad filter or page with a 400 problem naming it', async () => {
    const cases = [
      ['role=pilot', "'role' must be officer, supervisor, analyst, admin or auditor, not 'pilot'"],
      ['clearance=TOP', "'clearance' must be UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET, not 'TOP'"],
      ['country=kz', "'country' must be 2 upper-case letters, not 'kz'"],
      [`bcp_code=${'X'.repeat(41)}`, "'bcp_code' is too long"],
      ['state=asleep', "'state' must be active, locked or disabled, not 'asleep'"],
      ['name=a&name_prefix=a', "give 'name' or 'name_prefix', not both"],
      ['name_prefix=Big%20Name', "'name_prefix' must be 1-64 of a-z 0-9 . _ -, not 'Big Name'"],
      [`name=${'a'.repeat(201)}`, "'name' must be at most 200 bytes"],
      ['role=', "query parameter 'role' is empty"],
      ['role=admin&role=officer', "query parameter 'role' is given twice"],
      ['shoe=42', "users cannot be filtered by 'shoe'"],
      ['limit=0', "'limit' must be an integer from 1 to 500, not '0'"],
      ['cursor=abc', "'cursor' is not a cursor from a previous page: 'abc'"],
      ['order=random', "'order' must be newest or oldest, not 'random'"],
    ];
    for (const [q, detail] of cases) {
      const r = await node.api('GET', `/api/v1/users?${q}`, undefined, node.adminToken);
      assertProblem(r, 400, detail, q);
    }
  });

  it('pages and filters the API tokens', async () => {
    const made = [];
    for (const [name, role] of [['reader-lane-1', 'reader'], ['reader-lane-2', 'reader'],
      ['camera-gate-1', 'camera'], ['camera-gate-2', 'camera'], ['bench-officer', 'officer']])
      made.push(await node.apiToken(name, role));
    for (const t of [made[1], made[3]])
      expectStatus(await node.api('DELETE', `/api/v1/tokens/${t.id}`, undefined, node.adminToken), 204);
    const tokens = async (q) => (await get(`/api/v1/tokens?${q}`)).items.map((t) => t.name);
    const first = await get('/api/v1/tokens?limit=2');
    assert.deepEqual(first.items.map((t) => t.name), ['reader-lane-1', 'reader-lane-2']);
    assert.deepEqual(await tokens(`limit=2&cursor=${first.next_cursor}`), ['camera-gate-1', 'camera-gate-2']);
    assert.equal(JSON.stringify(first).includes(made[0].token), false, 'no secret is listed');
    assert.deepEqual(await tokens('order=newest&limit=1'), ['bench-officer']);
    assert.deepEqual(await tokens('name=GATE'), ['camera-gate-1', 'camera-gate-2']);
    assert.deepEqual(await tokens('role=reader'), ['reader-lane-1', 'reader-lane-2']);
    assert.deepEqual(await tokens('revoked=true'), ['reader-lane-2', 'camera-gate-2']);
    assert.deepEqual(await tokens('revoked=false&role=camera'), ['camera-gate-1']);
    for (const [q, detail] of [
      ['role=admin', "'role' of a token must be reader, camera, officer or analyst, not 'admin'"],
      ['revoked=yes', "'revoked' must be true or false, not 'yes'"],
      ['colour=red', "tokens cannot be filtered by 'colour'"],
      ['limit=501', "'limit' must be an integer from 1 to 500, not '501'"],
    ])
      assertProblem(await node.api('GET', `/api/v1/tokens?${q}`, undefined, node.adminToken), 400, detail, q);
  });

  it('lists every user and token from the CLI, page after page', async () => {
    await appendFile(path.join(node.dir, 'rics.conf'), '\npage_max = 3\n');
    await node.restart();
    const cli = (args) => rics([...args, '--json', '--url', node.url, '--token', node.adminToken]);
    const u = await cli(['user', 'list']);
    assert.equal(u.code, 0, u.stderr);
    assert.deepEqual(u.stdout.trim().split('\n').map((l) => JSON.parse(l).name), names);
    const t = await cli(['token', 'list']);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout.trim().split('\n').length, 5);
    const officers = await cli(['user', 'list', '--role', 'officer', '--name', 'SCORE']);
    assert.equal(officers.code, 0, officers.stderr);
    assert.deepEqual(officers.stdout.trim().split('\n').map((l) => JSON.parse(l).name),
      ['under_score', 'underxscore'], 'the filters go to the node');
    const revoked = await cli(['token', 'list', '--revoked', 'true', '--name', 'lane']);
    assert.deepEqual(revoked.stdout.trim().split('\n').map((l) => JSON.parse(l).name), ['reader-lane-2']);
    const bad = await cli(['user', 'list', '--state', 'asleep']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /'state' must be active, locked or disabled, not 'asleep'/);
    assert.equal(bad.stdout, '');
    const direct = expectStatus(await node.api('GET', '/api/v1/users', undefined, node.adminToken), 200);
    assert.equal(direct.items.length, 3, 'the default page is page_max when that is smaller');
  });
});
