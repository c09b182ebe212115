// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics share and rics hitquery against two paired nodes on 127.0.0.1: a
 * watchlist entry shared from the command line screens at the peer and a
 * withdrawal ends it; a hit/no-hit question gets its yes or no; bad
 * requests get a clear message and a non-zero exit (2 for usage, 1 for
 * what the node refused), and nothing leaves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { borderPair, expectStatus, rics, tag, until } from './lib.mjs';

describe('rics share and rics hitquery', () => {
  let kz, kg, kgId, sup;
  const t = tag();
  const cli = (args) => rics([...args, '--url', kz.url, '--token', sup.token]);
  const person = { subject: 'person', surname: 'Джумабеков', given_names: 'Ерлан',
    birth_date: '1981-07-02' };
  const screen = async () =>
    expectStatus(await kg.api('POST', '/api/v1/screen', person, kg.sup.token), 200).hits;
  const sent = async () => (await kz.listAll('messages', sup.token)).length;

  before(async () => {
    ({ kz, kg, kgId } = await borderPair({ accreditation: 'CONFIDENTIAL' }));
    sup = await kz.user('sup', 'supervisor');
    kg.sup = await kg.user('sup', 'supervisor');
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  test('rics share: the entry screens at the peer; --kind withdraw ends it', async () => {
    const entry = await kz.create('watchlist', { subject_type: 'person', ...person,
      subject: undefined, reason: `synthetic ${t}`, action: 'detain',
      releasable_countries: ['KG'] }, sup.token);
    const r = await cli(['share', entry.id, '--peer', kgId]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^watchlist entry ${entry.id}: watchlist_share message \\S+ queued for delivery`));
    const hits = await until(async () => { const h = await screen(); return h.length && h; },
      15_000, 'the shared entry screens at the peer');
    assert.equal(hits[0].entry.reason, `synthetic ${t}`);
    const w = await cli(['share', entry.id, '--peer', kgId, '--kind', 'withdraw']);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /watchlist_withdraw message/);
    await until(async () => (await screen()).length === 0, 15_000, 'the withdrawal reaches the peer');
  });

  test('rics share: usage errors exit 2, refusals exit 1, and nothing is sent', async () => {
    const national = await kz.create('watchlist', { subject_type: 'vehicle', plate: `N${t}`,
      reason: 'synthetic', action: 'inform' }, sup.token);
    const before1 = await sent();
    const cases = [
      [['share', national.id], 2, /missing --peer/],
      [['share', '--peer', kgId], 2, /WATCHLIST_ID/],
      [['share', national.id, '--peer', kgId, '--kind', 'erase'], 2,
        /kind 'erase' is not share, update or withdraw/],
      [['share', national.id, '--peer', kgId], 1, /not releasable/],
      [['share', '019a0000-0000-7000-8000-00000000000a', '--peer', kgId], 1, /no watchlist entry/],
      [['share', national.id, '--peer', 'KG-AKZHOL'], 1, /'peers'/],
    ];
    for (const [args, code, err] of cases) {
      const r = await cli(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, err, args.join(' '));
    }
    assert.equal(await sent(), before1, 'nothing was sent');
  });

  test('rics hitquery: yes for what the peer holds, no otherwise', async () => {
    await kg.create('documents', { doc_type: 'passport', number: `HQ${t}`,
      issuing_country: 'KAZ', expiry_date: '2030-01-31' }, kg.sup.token);
    await kg.create('vehicles', { plate: `01KG${t}`.slice(0, 12), country: 'KG' }, kg.sup.token);
    const answer = (qid) => until(async () => {
      const r = expectStatus(await kz.api('GET', '/api/v1/messages?type=hit_answer', undefined,
        sup.token), 200);
      return r.items.find((m) => m.subject.includes(qid));
    }, 15_000, `answer to ${qid}`);
    const cases = [
      [['--document', `HQ${t}`, '--country', 'KAZ'], 'yes'],
      [['--plate', `01KG${t}`.slice(0, 12), '--country', 'KG'], 'yes'],
      [['--document', `NONE${t}`, '--country', 'KZ'], 'no'],
      [['--surname', 'Nobodyev', '--given-names', 'Test', '--birth-date', '1990-01-01'], 'no'],
    ];
    for (const [q, want] of cases) {
      const r = await cli(['hitquery', '--peer', kgId, ...q]);
      assert.equal(r.code, 0, r.stderr);
      const qid = /^query (\S+): message \S+ queued for delivery/.exec(r.stdout)?.[1];
      assert.ok(qid, r.stdout);
      assert.match((await answer(qid)).subject, new RegExp(`: ${want}$`), q.join(' '));
    }
  });

  test('rics hitquery: a subject must be named whole; the node checks the peer', async () => {
    const before1 = await sent();
    const cases = [
      [['--peer', kgId], 2, /name one subject/],
      [['--peer', kgId, '--document', 'X1', '--plate', 'P1'], 2, /name one subject/],
      [['--peer', kgId, '--document', 'X1'], 2, /--document needs --country/],
      [['--peer', kgId, '--surname', 'A', '--given-names', 'B'], 2, /--birth-date/],
      [['--peer', kgId, '--surname', 'A', '--given-names', 'B', '--birth-date', '1990-01-01',
        '--country', 'KZ'], 2, /--country goes with/],
      [['--peer', kgId, '--plate', 'P1', '--country', 'kg'], 2, /not 2 or 3 capital letters/],
      [['--plate', 'P1'], 2, /name one node with --peer/],
      [['--peer', kgId, '--peer', kgId, '--plate', 'P1'], 2, /name one node/],
      [['--peer', 'KG-AKZHOL', '--plate', 'P1'], 1, /'peer' must be a paired node id/],
    ];
    for (const [args, code, err] of cases) {
      const r = await cli(['hitquery', ...args]);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, err, args.join(' '));
    }
    assert.equal(await sent(), before1, 'nothing was sent');
  });
});
