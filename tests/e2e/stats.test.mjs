// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/stats against a real ricsd: the day's counters move with a crossing
 * of a watchlisted person, a sighting and a cash declaration, and leave out
 * what a caller below SECRET may not see; a BCP with a new hit is "alert",
 * one gone quiet is "link_down" (and not with a longer window), the rest
 * "normal"; a BCP's hourly throughput has 24 or 168 buckets holding what
 * happened; its hits page by page; bad parameters, unknown and hidden BCPs
 * are problem+json.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, sampleBody, startNode } from './lib.mjs';

const sum = (a) => a.reduce((x, y) => x + y, 0);

describe('situation statistics', () => {
  let node, sup, low, alertBcp, quietBcp, calmBcp;
  const now = new Date();
  const get = async (p, who = sup) => expectStatus(await node.api('GET', p, undefined, who.token), 200, p);

  before(async () => {
    node = await startNode({ name: 'stats node' });
    sup = await node.user('sup', 'supervisor', 'SECRET');
    low = await node.user('low', 'analyst', 'UNCLASSIFIED');
    alertBcp = await node.create('bcps', sampleBody('bcps'), node.adminToken);
    quietBcp = await node.create('bcps', sampleBody('bcps'), node.adminToken);
    calmBcp = await node.create('bcps', { ...sampleBody('bcps'), classification: 'SECRET' }, node.adminToken);
    await node.create('watchlist', { subject_type: 'person', surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12', reason: 'synthetic', action: 'inform' }, sup.token);
    const person = await node.create('persons', { surname: 'ERIKSSON', given_names: 'ANNA',
      birth_date: '1974-08-12' }, sup.token);
    const crossing = await node.create('crossings', { bcp_code: alertBcp.code, direction: 'in',
      crossed_at: now.toISOString(), person_id: person.id }, sup.token);
    assert.ok(crossing.id);
    assert.equal((await node.listAll('hits', sup.token)).length, 1, 'the crossing raised a hit');
    await node.create('crossings', { bcp_code: calmBcp.code, direction: 'out',
      crossed_at: now.toISOString(), classification: 'SECRET' }, sup.token);
    await node.create('crossings', { bcp_code: quietBcp.code, direction: 'out',
      crossed_at: new Date(now - 2 * 3600e3).toISOString() }, sup.token);
    const cam = expectStatus(await node.api('POST', '/api/v1/tokens',
      { name: 'cam-1', role: 'camera', bcp_code: alertBcp.code }, node.adminToken), 201).token;
    expectStatus(await node.api('POST', '/api/v1/feeds/anpr', { plate: '01A123BC', camera: 'cam-1',
      time: now.toISOString() }, cam), 201);
    await node.create('declarations', { ...sampleBody('declarations', { person: person.id }),
      declared_at: now.toISOString(), amount: 12000 }, sup.token);
  });
  after(async () => node?.close());

  it('counts today since local midnight, within what the caller may see', async () => {
    const t = await get('/api/v1/stats/today');
    const since = Date.parse(t.since);
    assert.ok(since <= Date.now() && Date.now() - since < 86400e3, `since ${t.since}`);
    assert.equal(typeof t.timezone, 'string');
    // the crossing of two hours ago is today's unless midnight came since
    const early = now - 2 * 3600e3 >= since ? 1 : 0;
    assert.equal(t.crossings, 2 + early);
    assert.equal(t.hits_new, 1);
    assert.equal(t.hits_confirmed, 0);
    assert.equal(t.anpr_reads, 1);
    assert.equal(t.cash_over_threshold, 1);
    assert.equal(t.cash_threshold, 10000);
    assert.equal(t.seizures, 0);
    assert.equal((await get('/api/v1/stats/today?cash_threshold=20000')).cash_over_threshold, 0);
    const l = await get('/api/v1/stats/today', low);
    assert.equal(l.crossings, 1 + early, 'the SECRET crossing is not counted for an unclassified analyst');
  });

  it('gives each BCP its state and counts', async () => {
    const r = await get('/api/v1/stats/bcps');
    const by = Object.fromEntries(r.items.map((b) => [b.code, b]));
    assert.equal(r.link_down_after, 3600);
    assert.equal(by[alertBcp.code].state, 'alert');
    assert.equal(by[alertBcp.code].reason, 'new_hit');
    assert.deepEqual(by[alertBcp.code].today, { crossings: 1, sightings: 1, hits: 1, open_hits: 1 });
    assert.equal(by[alertBcp.code].lat, 43.2);
    assert.equal(by[quietBcp.code].state, 'link_down');
    assert.equal(by[quietBcp.code].reason, 'no_traffic');
    assert.equal(by[calmBcp.code].state, 'normal');
    assert.equal(by[calmBcp.code].today.crossings, 1);
    const longer = await get('/api/v1/stats/bcps?link_down_after=10800');
    assert.equal(longer.items.find((b) => b.code === quietBcp.code).state, 'normal');
    const l = await get('/api/v1/stats/bcps', low);
    assert.ok(!l.items.some((b) => b.code === calmBcp.code), 'a SECRET BCP is hidden');
  });

  it('gives a BCP hourly throughput over 24 hours or 7 days', async () => {
    const d = await get(`/api/v1/stats/bcps/${alertBcp.id}/throughput`);
    assert.equal(d.bcp.code, alertBcp.code);
    assert.equal(d.bcp.state, 'alert');
    assert.equal(d.hours, 24);
    for (const k of ['t', 'crossings_in', 'crossings_out', 'hits', 'sightings'])
      assert.equal(d.series[k].length, 24, k);
    assert.equal(sum(d.series.crossings_in), 1);
    assert.equal(sum(d.series.crossings_out), 0);
    assert.equal(sum(d.series.hits), 1);
    assert.equal(sum(d.series.sightings), 1);
    assert.equal(d.series.t.at(-1) - d.series.t[0], 23 * 3600);
    const w = await get(`/api/v1/stats/bcps/${quietBcp.id}/throughput?hours=168`);
    assert.equal(w.series.t.length, 168);
    assert.equal(sum(w.series.crossings_out), 1);
    const at = Math.floor((now - 2 * 3600e3) / 1000);
    const hour = w.series.t.findIndex((t) => t <= at && at < t + 3600);
    assert.equal(w.series.crossings_out[hour], 1, 'in the hour of two hours ago');
  });

  it('lists the hits raised at a BCP a page at a time', async () => {
    const p = await get(`/api/v1/stats/bcps/${alertBcp.id}/hits?limit=10`);
    assert.equal(p.items.length, 1);
    assert.equal(p.items[0].status, 'new');
    assert.match(p.items[0].explanation, /ERIKSSON/);
    assert.equal(p.next_cursor, null);
    assert.equal((await get(`/api/v1/stats/bcps/${alertBcp.id}/hits?status=confirmed`)).items.length, 0);
    assert.equal((await get(`/api/v1/stats/bcps/${quietBcp.id}/hits`)).items.length, 0);
    const newest = await get(`/api/v1/stats/bcps/${alertBcp.id}/hits?order=newest`);
    assert.deepEqual(newest.items.map((h) => h.id), p.items.map((h) => h.id));
  });

  it('answers bad parameters and hidden BCPs with problem+json', async () => {
    const bad = async (p, status, detail, who = sup) =>
      assertProblem(await node.api('GET', p, undefined, who.token), status, detail, p);
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/throughput?hours=48`, 400, '24 or 168');
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/throughput?hours=x`, 400, "'hours'");
    await bad('/api/v1/stats/bcps/not-a-uuid/throughput', 400, 'not a BCP id');
    await bad(`/api/v1/stats/bcps/${calmBcp.id}/throughput`, 404, 'no BCP', low);
    await bad('/api/v1/stats/bcps/01900000-0000-7000-8000-000000000000/throughput', 404, 'no BCP');
    await bad('/api/v1/stats/bcps?link_down_after=5', 400, 'link_down_after');
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/hits?status=maybe`, 400, "'status'");
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/hits?cursor=x`, 400, "'cursor'");
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/hits?limit=0`, 400, "'limit'");
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/hits?order=sideways`, 400, "'order'");
    await bad(`/api/v1/stats/bcps/${alertBcp.id}/hits?colour=red`, 400, "'colour'");
    await bad(`/api/v1/stats/bcps/${calmBcp.id}/hits`, 404, 'no BCP', low);
    await bad('/api/v1/stats/today?cash_threshold=-1', 400, 'cash_threshold');
    await bad('/api/v1/stats/today?cash_threshold=lots', 400, 'cash_threshold');
    const r = await node.api('GET', '/api/v1/stats/today');
    assert.equal(r.status, 401);
  });
});
