// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Passport readers end to end: a reader token posts an MRZ; the node
 * answers the parse; with record it stores the traveller and the crossing
 * at the reader's BCP, reuses a known document, screens the crossing (a
 * watchlisted traveller gives a hit at once), and refuses to record a zone
 * whose check digits fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, rics, startNode } from './lib.mjs';

const SPECIMEN = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

describe('passport reader', () => {
  let node, reader, sup, officer;

  before(async () => {
    node = await startNode({ name: 'mrz node' });
    const r = await node.api('POST', '/api/v1/tokens',
      { name: 'lane-1', role: 'reader', bcp_code: 'KZ-KORDAY' }, node.adminToken);
    reader = expectStatus(r, 201).token;
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    officer = await node.user('off1', 'officer', 'SECRET');
  });
  after(() => node?.close());

  it('answers the parse of a specimen passport', async () => {
    const a = expectStatus(await node.api('POST', '/api/v1/mrz', { mrz: SPECIMEN }, reader), 200);
    assert.equal(a.mrz.format, 'TD3');
    assert.equal(a.mrz.valid, true);
    assert.equal(a.mrz.person.surname, 'ERIKSSON');
    assert.equal(a.mrz.person.birth_date, '1974-08-12');
    assert.equal(a.mrz.document.number, 'L898902C3');
    assert.equal(a.crossing, undefined, 'nothing recorded without record: true');
  });

  it('records the crossing at the reader\'s BCP and reuses a known document', async () => {
    const first = expectStatus(await node.api('POST', '/api/v1/mrz',
      { mrz: SPECIMEN, record: true, direction: 'in' }, reader), 201);
    assert.equal(first.crossing.bcp_code, 'KZ-KORDAY');
    assert.equal(first.person_record.surname, 'ERIKSSON');
    assert.equal(first.document_record.number, 'L898902C3');
    const second = expectStatus(await node.api('POST', '/api/v1/mrz',
      { mrz: SPECIMEN, record: true, direction: 'out' }, reader), 201);
    assert.equal(second.document_known, true);
    assert.equal(second.crossing.document_id, first.document_record.id);
    assert.equal(second.crossing.person_id, first.person_record.id);
  });

  it('screens the traveller at once', async () => {
    await node.create('watchlist', { subject_type: 'person', surname: 'Эрикссон', given_names: 'Анна',
      birth_date: '1974-08-12', reason: 'synthetic', action: 'discreet_check' }, sup.token);
    const a = expectStatus(await node.api('POST', '/api/v1/mrz',
      { mrz: SPECIMEN, record: true, direction: 'in' }, officer.token), 422);
    assert.match(a.detail, /bcp_code/, 'an officer without a home BCP must name one');
    const b = expectStatus(await node.api('POST', '/api/v1/mrz',
      { mrz: SPECIMEN, record: true, direction: 'in', bcp_code: 'KZ-KORDAY' }, officer.token), 201);
    assert.equal(b.screening.hits.length, 1);
    assert.equal(b.screening.hits[0].action, 'discreet_check');
  });

  it('refuses to record a zone whose check digits fail, and explains', async () => {
    const bad = SPECIMEN.slice(0, -1) + '9';
    const r = await node.api('POST', '/api/v1/mrz', { mrz: bad, record: true, direction: 'in' }, reader);
    assert.equal(r.status, 422);
    assert.match(r.json.detail, /composite/);
    const junk = await node.api('POST', '/api/v1/mrz', { mrz: 'garbage' }, reader);
    assert.equal(junk.status, 422);
    assert.match(junk.json.detail, /cannot be read/);
  });

  it('lets no one without the right read documents', async () => {
    const cam = expectStatus(await node.api('POST', '/api/v1/tokens',
      { name: 'cam-1', role: 'camera' }, node.adminToken), 201).token;
    const r = await node.api('POST', '/api/v1/mrz', { mrz: SPECIMEN }, cam);
    assert.equal(r.status, 403);
  });
});

describe('rics mrz', () => {
  it('prints the parse and exits 0 for a good zone, 1 with a suggestion for a misread', async () => {
    const [l1, l2] = SPECIMEN.split('\n');
    const good = await rics(['mrz', l1, l2]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /format: TD3 \(valid\)/);
    assert.match(good.stdout, /holder: ERIKSSON, ANNA MARIA; born 1974-08-12/);
    const bad = await rics(['mrz', l1, l2.replace('1204159', '12O4159')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /suggestion: .*reading 'O' at line 2 column 24 as '0'/);
    const json = await rics(['mrz', '--json', l1, l2]);
    assert.equal(JSON.parse(json.stdout).document.number, 'L898902C3');
  });
});
