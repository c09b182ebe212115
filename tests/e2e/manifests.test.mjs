// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Passenger manifests end to end: a PAXLST interchange (or a PNRGOV push)
 * posted to a node becomes expected crossings at the receiving airport BCP, with the flight
 * time read in the BCP's time zone; a listed passenger gives a hit at once;
 * a posted manifest with broken envelope counts still stores its travellers
 * and reports the problems with their segment numbers; something that is
 * not EDIFACT is refused.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { REPO, expectStatus, rics, startNode } from './lib.mjs';

const corpus = (name) => readFile(path.join(REPO, 'fuzz', 'corpus', 'edifact', name));

describe('passenger manifests', () => {
  let node, sup;

  before(async () => {
    node = await startNode({ name: 'airport node', country: 'TJ' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    await node.create('bcps', { code: 'TJ-DYU', name: 'Dushanbe airport', country: 'TJ', kind: 'air' },
      node.adminToken);
  });
  after(() => node?.close());

  it('stores expected crossings at the airport, in local time', async () => {
    await node.create('watchlist', { subject_type: 'person', surname: 'Рахимов', given_names: 'Шерзод',
      birth_date: '1990-05-20', reason: 'synthetic', action: 'inform' }, sup.token);
    const body = await corpus('paxlst-plain');
    const r = expectStatus(await node.api('POST', '/api/v1/manifests?bcp=TJ-DYU', body, sup.token,
      { headers: { 'content-type': 'application/edifact' } }), 200);
    assert.equal(r.manifests.length, 1);
    const [t] = r.manifests[0].travellers;
    assert.equal(t.status, 'created');
    assert.equal(t.surname, 'RAKHIMOV');
    assert.equal(t.hits, 1, 'the listed passenger is hit at once');
    const c = expectStatus(await node.api('GET', `/api/v1/crossings/${t.crossing_id}`, undefined,
      sup.token), 200);
    assert.equal(c.status, 'expected');
    assert.equal(c.mode, 'air');
    assert.equal(c.bcp_code, 'TJ-DYU');
    assert.equal(c.crossed_at, '2026-04-15T04:40:00.000Z', '09:40 in Dushanbe is 04:40 UTC');
    assert.equal(c.group_ref, 'HY771');
  });

  it('keeps the travellers of a manifest with broken counts, and says where', async () => {
    const r = expectStatus(await node.api('POST', '/api/v1/manifests?bcp=TJ-DYU',
      await corpus('wrong-counts-refs'), sup.token), 200);
    const all = [...r.errors, ...r.manifests.flatMap((m) => m.errors)];
    assert.ok(all.length > 0, 'the count problems are reported');
    assert.ok(all.every((e) => typeof e.message === 'string'));
    assert.ok(all.some((e) => Number.isInteger(e.segment)), 'with segment numbers');
    assert.ok(r.manifests[0].travellers.every((t) => t.status === 'created'));
  });

  it('stores the travellers of a PNRGOV push like a manifest of its flight', async () => {
    const r = expectStatus(await node.api('POST', '/api/v1/manifests?bcp=TJ-DYU',
      await corpus('pnrgov-push'), sup.token), 200);
    assert.equal(r.manifests.length, 1);
    assert.equal(r.manifests[0].flight.designator, 'HY771');
    const ts = r.manifests[0].travellers;
    assert.deepEqual(ts.map((t) => [t.surname, t.status]),
      [['RAKHIMOV', 'created'], ['KARIMOVA', 'created'], ['KARIMOVA', 'created']]);
    assert.equal(ts[0].hits, 1, 'the listed passenger is hit at once');
    assert.equal(ts[0].document_known, true, 'his passport came with the PAXLST manifest');
    const c = expectStatus(await node.api('GET', `/api/v1/crossings/${ts[1].crossing_id}`,
      undefined, sup.token), 200);
    assert.deepEqual([c.status, c.mode, c.bcp_code, c.crossed_at, c.group_ref],
      ['expected', 'air', 'TJ-DYU', '2026-04-15T04:40:00.000Z', 'HY771']);
    const people = await node.listAll('persons', sup.token, 'name=karimova madina');
    assert.equal(people.length, 1);
    assert.equal(people[0].birth_date, '2016-06-15');
  });

  it('refuses what is not EDIFACT, and a BCP it does not know', async () => {
    const junk = await node.api('POST', '/api/v1/manifests?bcp=TJ-DYU', 'hello', sup.token);
    assert.equal(junk.status, 422);
    assert.match(junk.json.detail, /not a UN\/EDIFACT interchange/);
    const nobcp = await node.api('POST', '/api/v1/manifests?bcp=XX-NONE', await corpus('paxlst-plain'),
      sup.token);
    assert.equal(nobcp.status, 422);
    assert.match(nobcp.json.detail, /no BCP 'XX-NONE'/);
    const nodir = await node.api('POST', '/api/v1/manifests?bcp=TJ-DYU&direction=up', 'x', sup.token);
    assert.equal(nodir.status, 400);
  });
});

describe('rics import --format paxlst', () => {
  let node, sup;
  before(async () => {
    node = await startNode({ name: 'airport node 2', country: 'KG' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    await node.create('bcps', { code: 'KG-FRU', name: 'Manas airport', country: 'KG', kind: 'air' },
      node.adminToken);
  });
  after(() => node?.close());

  it('stores a manifest file and reports its problems by segment', async () => {
    const file = path.join(REPO, 'fuzz', 'corpus', 'edifact', 'wrong-counts-refs');
    const r = await rics(['import', '--url', node.url, '--token', sup.token, '--format', 'paxlst',
      '--bcp', 'KG-FRU', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 manifests: \d+ expected crossings stored, 0 travellers refused/);
    assert.match(r.stderr, /segment \d+: /);
    const stored = await node.listAll('crossings', sup.token, 'status=expected');
    assert.ok(stored.length >= 1);
    assert.ok(stored.every((c) => c.bcp_code === 'KG-FRU' && c.mode === 'air'));
  });

  it('stores a PNRGOV file with --format pnrgov', async () => {
    const file = path.join(REPO, 'fuzz', 'corpus', 'edifact', 'pnrgov-push');
    const r = await rics(['import', '--url', node.url, '--token', sup.token, '--format', 'pnrgov',
      '--bcp', 'KG-FRU', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 manifests: 3 expected crossings stored, 0 travellers refused/);
    assert.equal((await node.listAll('crossings', sup.token, 'group_ref=HY771')).length, 3);
  });
});
