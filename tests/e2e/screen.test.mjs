// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Screening, the live feed and bulk import end to end: a watchlist entry in
 * Cyrillic is found from its MRZ spelling and its Uzbek Latin spelling; a
 * crossing of a listed person raises a Hit and a hit.created event; an
 * officer cleared below an entry's level learns only "refer to a
 * supervisor"; a withdrawn (expired) entry stops matching at once; the
 * event stream honours clearance; a batch import is all-or-nothing per row
 * and importing the same rows again creates nothing.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { collectEvents, expectStatus, rics, startNode, tag } from './lib.mjs';

describe('screening and events', () => {
  let node, officer, low, sup;
  const t = tag();

  before(async () => {
    node = await startNode({ name: 'screening node' });
    officer = await node.user('officer1', 'officer', 'SECRET');
    low = await node.user('low1', 'officer', 'UNCLASSIFIED');
    sup = await node.user('sup1', 'supervisor', 'SECRET');
  });
  after(() => node?.close());

  it('finds a Cyrillic watchlist entry from other scripts and spellings', async () => {
    const entry = await node.create('watchlist', { subject_type: 'person', surname: 'Тохтасинов',
      given_names: 'Алишер', birth_date: '1979-03-14', reason: `synthetic ${t}`, action: 'detain' },
    sup.token);
    for (const [surname, given] of [['TOKHTASINOV', 'ALISHER'], ['Toxtasinov', 'Alisher'],
      ['TUKHTASINOV', 'ALISHER']]) {
      const r = expectStatus(await node.api('POST', '/api/v1/screen', { subject: 'person', surname,
        given_names: given, birth_date: '1979-03-14' }, officer.token), 200);
      assert.equal(r.hits.length, 1, `${surname} ${given}`);
      assert.equal(r.hits[0].watchlist_id, entry.id);
      assert.equal(r.hits[0].action, 'detain');
      assert.ok(r.hits[0].score >= 75);
      assert.match(r.hits[0].explanation, /Тохтасинов/);
      assert.equal(r.hits[0].entry.reason, `synthetic ${t}`);
    }
    const none = expectStatus(await node.api('POST', '/api/v1/screen', { subject: 'person',
      surname: 'TOKHTAROV', given_names: 'ALISHER', birth_date: '1990-01-05' }, officer.token), 200);
    assert.equal(none.hits.length, 0);
  });

  it('refuses a screening request it cannot read', async () => {
    const r = await node.api('POST', '/api/v1/screen', { subject: 'ship', surname: 'X' }, officer.token);
    assert.equal(r.status, 422);
    assert.match(r.json.detail, /person, document or vehicle/);
    const v = await node.api('POST', '/api/v1/screen', { subject: 'vehicle' }, officer.token);
    assert.equal(v.status, 422);
    assert.match(v.json.detail, /plate/);
  });

  it('screens a crossing on arrival: a Hit record and a hit.created event', async () => {
    await node.create('watchlist', { subject_type: 'person', surname: 'Жаксылыков',
      given_names: 'Ерлан', birth_date: '1990-02-02', reason: 'synthetic', action: 'inform' }, sup.token);
    let person, crossing;
    const events = await collectEvents(node, officer.token, { want: 3, ms: 8000 }, async () => {
      person = await node.create('persons', { surname: 'ZHAKSYLYKOV', given_names: 'ERLAN',
        birth_date: '1990-02-02' }, officer.token);
      crossing = await node.create('crossings', { bcp_code: 'KZ-KORDAY', direction: 'in',
        crossed_at: '2026-11-28T10:00:00Z', person_id: person.id }, officer.token);
    });
    assert.equal(crossing.screening.hits.length, 1);
    assert.equal(crossing.screening.hits[0].action, 'inform');
    const hitId = crossing.screening.hits[0].hit_id;
    const hit = expectStatus(await node.api('GET', `/api/v1/hits/${hitId}`, undefined, officer.token), 200);
    assert.equal(hit.status, 'new');
    assert.equal(hit.crossing_id, crossing.id);
    assert.equal(hit.subject_id, person.id);
    const types = events.map((e) => e.type);
    assert.deepEqual(types, ['person.created', 'crossing.created', 'hit.created']);
    assert.equal(events[2].data.record.id, hitId);
    assert.equal(events[2].data.record.action, 'inform');
    /* deciding on the hit */
    const done = expectStatus(await node.api('PATCH', `/api/v1/hits/${hitId}`,
      { status: 'confirmed', notes: 'stopped at the booth' }, officer.token), 200);
    assert.equal(done.status, 'confirmed');
  });

  it('tells an officer below the entry only to refer to a supervisor', async () => {
    await node.create('watchlist', { subject_type: 'vehicle', plate: '01 А 777 ВС', reason: 'secret',
      action: 'discreet_check', classification: 'SECRET' }, sup.token);
    const hiLow = expectStatus(await node.api('POST', '/api/v1/screen', { subject: 'vehicle',
      plate: '01A777BC' }, low.token), 200);
    assert.deepEqual(hiLow.hits.map((h) => Object.keys(h).sort()),
      [['detail', 'refer_to_supervisor']]);
    const hiHigh = expectStatus(await node.api('POST', '/api/v1/screen', { subject: 'vehicle',
      plate: '01A777BC' }, officer.token), 200);
    assert.equal(hiHigh.hits[0].action, 'discreet_check');
    assert.equal(hiHigh.hits[0].entry.reason, 'secret');
  });

  it('stops matching an entry as soon as it expires', async () => {
    const e = await node.create('watchlist', { subject_type: 'document', document_number: `N${t}`,
      reason: 'synthetic', action: 'inform' }, sup.token);
    const q = { subject: 'document', document_number: `N${t}` };
    assert.equal(expectStatus(await node.api('POST', '/api/v1/screen', q, officer.token), 200).hits.length, 1);
    expectStatus(await node.api('PATCH', `/api/v1/watchlist/${e.id}`,
      { expires_at: '2020-01-01T00:00:00Z' }, sup.token), 200);
    assert.equal(expectStatus(await node.api('POST', '/api/v1/screen', q, officer.token), 200).hits.length, 0);
  });

  it('keeps events above the clearance out of the stream', async () => {
    const events = await collectEvents(node, low.token, { want: 2, ms: 4000 }, async () => {
      await node.create('persons', { surname: `Secretov${t}`, classification: 'SECRET' }, officer.token);
      await node.create('persons', { surname: `Openov${t}` }, officer.token);
      await node.create('persons', { surname: `Openova${t}` }, officer.token);
    });
    const names = events.map((e) => e.data.record.surname);
    assert.deepEqual(names, [`Openov${t}`, `Openova${t}`]);
  });

  it('imports a batch in one go, and the same batch again adds nothing', async () => {
    const rows = [
      { bcp_code: 'KZ-KORDAY', direction: 'in', crossed_at: '2026-11-20T08:00:00Z', group_ref: t },
      { bcp_code: 'KZ-KORDAY', direction: 'sideways', crossed_at: '2026-11-20T08:00:00Z' },
      { bcp_code: 'KZ-KORDAY', direction: 'out', crossed_at: '2026-11-20T09:00:00Z', group_ref: t },
    ];
    const first = expectStatus(await node.api('POST', '/api/v1/crossings/import', { rows }, officer.token), 200);
    assert.deepEqual([first.created, first.duplicates, first.rejected], [2, 0, 1]);
    assert.deepEqual(first.results.map((r) => r.status), ['created', 'rejected', 'created']);
    assert.match(first.results[1].detail, /direction/);
    const again = expectStatus(await node.api('POST', '/api/v1/crossings/import', { rows }, officer.token), 200);
    assert.deepEqual([again.created, again.duplicates, again.rejected], [0, 2, 1]);
    const listed = await node.listAll('crossings', officer.token, `group_ref=${t}`);
    assert.equal(listed.length, 2);
  });
});

describe('rics screen', () => {
  let node, sup, officer;

  before(async () => {
    node = await startNode({ name: 'batch screening node' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    officer = await node.user('off1', 'officer', 'RESTRICTED');
    await node.create('watchlist', { subject_type: 'person', surname: 'Тохтасинов', given_names: 'Алишер',
      birth_date: '1979-03-14', reason: 'synthetic', action: 'detain' }, sup.token);
    await node.create('watchlist', { subject_type: 'person', surname: 'Жаксылыков', given_names: 'Ерлан',
      reason: 'synthetic', action: 'inform', classification: 'SECRET' }, sup.token);
  });
  after(() => node?.close());

  it('writes a line per hit, and refers what is above the clearance', async () => {
    const file = path.join(node.root, 'passengers.csv');
    await writeFile(file, 'surname,given_names,birth_date\n' +
      'TOKHTASINOV,ALISHER,1979-03-14\nSMITH,JOHN,1970-01-01\nZHAKSYLYKOV,ERLAN,\n"broken,x,\n');
    const r = await rics(['screen', '--url', node.url, '--token', officer.token, file]);
    assert.equal(r.code, 1, 'the broken row makes the exit status 1');
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'line,score,action,watchlist_id,explanation');
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^2,100,"detain","[0-9a-f-]{36}","surname TOKHTASINOV = Тохтасинов/);
    assert.equal(lines[2], '4,,"refer to a supervisor","",""');
    assert.match(r.stderr, /passengers\.csv:5: a quoted field is never closed/);
    assert.match(r.stderr, /4 rows screened: 2 with hits, 1 refused/);
  });
});
