// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * ANPR cameras end to end: a camera token reports plates; the node
 * normalises them (Cyrillic look-alikes, separators), stores sightings at
 * the camera's BCP, screens them against watchlisted plates (a hit and a
 * hit.created record), and refuses reports it cannot read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, startNode } from './lib.mjs';

describe('ANPR feed', () => {
  let node, cam, sup, officer;

  before(async () => {
    node = await startNode({ name: 'anpr node' });
    cam = expectStatus(await node.api('POST', '/api/v1/tokens',
      { name: 'cam-lane-2', role: 'camera', bcp_code: 'KZ-KORDAY' }, node.adminToken), 201).token;
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    officer = await node.user('off1', 'officer', 'SECRET');
  });
  after(() => node?.close());

  it('stores a normalised sighting at the camera\'s BCP', async () => {
    const s = expectStatus(await node.api('POST', '/api/v1/feeds/anpr', { plate: '01 А 123-ВС',
      country: 'UZ', confidence: 0.91, camera: 'korday-2', lane: '2',
      time: '2026-11-28T12:00:00+05:00' }, cam), 201);
    assert.equal(s.plate, '01A123BC');
    assert.equal(s.plate_read, '01 А 123-ВС');
    assert.equal(s.bcp_code, 'KZ-KORDAY');
    assert.equal(s.seen_at, '2026-11-28T07:00:00.000Z');
    assert.deepEqual(s.screening.hits, []);
    const listed = expectStatus(await node.api('GET', '/api/v1/sightings?plate=01A123BC', undefined,
      officer.token), 200);
    assert.equal(listed.items.length, 1);
  });

  it('screens the plate at once', async () => {
    await node.create('watchlist', { subject_type: 'vehicle', plate: '777 ABC 02', reason: 'synthetic',
      action: 'detain' }, sup.token);
    const s = expectStatus(await node.api('POST', '/api/v1/feeds/anpr',
      { plate: '777АВС02', camera: 'korday-1', confidence: 0.8 }, cam), 201);
    assert.equal(s.screening.hits.length, 1);
    assert.equal(s.screening.hits[0].action, 'detain');
    const hits = await node.listAll('hits', officer.token, `subject_id=${s.id}`);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].subject_type, 'vehicle');
  });

  it('refuses what it cannot read, and writes nothing', async () => {
    const before = await node.count('sightings', officer.token);
    for (const [body, detail] of [
      [{ camera: 'x' }, /plate/],
      [{ plate: '!!!', camera: 'x' }, /plate/],
      [{ plate: '01A123BC' }, /camera/],
      [{ plate: '01A123BC', camera: 'x', confidence: 3 }, /confidence/],
      [{ plate: '01A123BC', camera: 'x', time: '2026-02-30T10:00:00Z' }, /seen_at/],
      [{ plate: '01A123BC', camera: 'x', speed: 80 }, /unknown field 'speed'/],
    ]) {
      const r = await node.api('POST', '/api/v1/feeds/anpr', body, cam);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.match(r.json.detail, detail);
    }
    const officerTry = await node.api('POST', '/api/v1/feeds/anpr', { plate: '01A123BC', camera: 'x' },
      officer.token);
    assert.equal(officerTry.status, 403);
    assert.equal(await node.count('sightings', officer.token), before);
  });
});
