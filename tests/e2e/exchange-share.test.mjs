// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Shared watchlists and hit/no-hit queries between real nodes on
 * 127.0.0.1: an entry one node shares screens at the peer at once, an
 * update changes it there and a withdrawal ends it; what the peer may not
 * receive is refused, and an entry received with H2 does not go on to a
 * third node. A hit/no-hit query is answered yes or no automatically, with
 * a contact and nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, federation, tag, until } from './lib.mjs';

describe('exchange: shared watchlists and hit/no-hit', () => {
  let kz, kg, sc, ids;
  const t = tag();
  const person = { subject: 'person', surname: 'Тохтасинов', given_names: 'Алишер',
    birth_date: '1979-03-14' };
  const screen = async (n, q = person) =>
    expectStatus(await n.api('POST', '/api/v1/screen', q, n.sup.token), 200).hits;

  before(async () => {
    ({ nodes: [kz, kg, sc], ids } = await federation());
    for (const n of [kz, kg, sc]) n.sup = await n.user('sup', 'supervisor');
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close(), sc?.close()]); });

  test('a shared entry screens at the peer; an update follows; a withdrawal ends it', async () => {
    const entry = await kz.create('watchlist', { subject_type: 'person', surname: 'Тохтасинов',
      given_names: 'Алишер', birth_date: '1979-03-14', reason: `synthetic ${t}`, action: 'detain',
      handling: 'H2', releasable_countries: ['KG'], classification: 'RESTRICTED' }, kz.sup.token);
    assert.equal((await screen(kg)).length, 0, 'nothing at the peer before the share');
    const share = (kind) => kz.api('POST', `/api/v1/watchlist/${entry.id}/share`,
      { peers: [ids[kg.url]], kind }, kz.sup.token);
    const m = expectStatus(await share(), 201, 'share');
    assert.equal(m.type, 'watchlist_share');
    assert.equal(m.classification, 'RESTRICTED');
    const hits = await until(async () => { const h = await screen(kg); return h.length && h; },
      15_000, 'the shared entry screens at the peer');
    assert.equal(hits[0].action, 'detain');
    assert.equal(hits[0].entry.origin_node, ids[kz.url]);
    assert.equal(hits[0].entry.reason, `synthetic ${t}`);
    assert.equal(hits[0].entry.handling, 'H2');
    const local = hits[0].watchlist_id;

    expectStatus(await kz.api('PATCH', `/api/v1/watchlist/${entry.id}`,
      { reason: `updated ${t}`, action: 'inform' }, kz.sup.token), 200);
    expectStatus(await share('update'), 201, 'update');
    await until(async () => {
      const h = await screen(kg);
      return h.length === 1 && h[0].watchlist_id === local && h[0].action === 'inform' &&
        h[0].entry.reason === `updated ${t}`;
    }, 15_000, 'the update reaches the same entry at the peer');

    /* H2: the peer may not pass the entry on to a third node */
    assertProblem(await kg.api('POST', `/api/v1/watchlist/${local}/share`,
      { peers: [ids[sc.url]] }, kg.sup.token), 403, 'H2');
    assert.ok((await kg.auditAll()).some((e) => e.action === 'share' && e.outcome === 'denied'));

    expectStatus(await share('withdraw'), 201, 'withdraw');
    await until(async () => (await screen(kg)).length === 0, 15_000,
      'the withdrawal removes the entry from the peer\'s screening');
    assert.equal((await screen(kz)).length, 1, 'the origin keeps its entry');
  });

  test('an entry the peer may not receive is refused before anything leaves', async () => {
    const national = await kz.create('watchlist', { subject_type: 'vehicle', plate: `P${t}`.slice(0, 12),
      reason: 'synthetic', action: 'inform' }, kz.sup.token);
    assertProblem(await kz.api('POST', `/api/v1/watchlist/${national.id}/share`,
      { peers: [ids[kg.url]] }, kz.sup.token), 403, 'not releasable');
    assertProblem(await kz.api('POST', `/api/v1/watchlist/${national.id}/share`,
      { peers: [ids[kg.url]], kind: 'erase' }, kz.sup.token), 422, "'kind'");
    assertProblem(await kz.api('POST', `/api/v1/watchlist/${national.id}/share`,
      { peers: [] }, kz.sup.token), 422, "'peers'");
    assertProblem(await kz.api('POST', '/api/v1/watchlist/019a0000-0000-7000-8000-00000000000a/share',
      { peers: [ids[kg.url]] }, kz.sup.token), 404, 'no watchlist entry');
  });

  test('hit/no-hit: yes or no with a contact, and nothing more', async () => {
    const doc = await kg.create('documents', { doc_type: 'passport', number: `HQ${t}`,
      issuing_country: 'KAZ', expiry_date: '2030-01-31' }, kg.sup.token);
    await kg.create('watchlist', { subject_type: 'vehicle', plate: `01KZ${t}`.slice(0, 12),
      reason: 'synthetic', action: 'inform' }, kg.sup.token);
    const ask = async (q) => expectStatus(await kz.api('POST', '/api/v1/hitquery',
      { peer: ids[kg.url], ...q }, kz.sup.token), 201, 'hit query');
    const answer = (qid) => until(async () => {
      const r = expectStatus(await kz.api('GET', '/api/v1/messages?type=hit_answer', undefined,
        kz.sup.token), 200);
      return r.items.find((m) => m.subject.includes(qid));
    }, 15_000, `answer to ${qid}`);
    const cases = [
      [{ subject: 'document', document_number: `HQ${t}` }, 'yes'],
      [{ subject: 'vehicle', plate: `01KZ${t}`.slice(0, 12) }, 'yes'],
      [{ subject: 'document', document_number: `NONE${t}` }, 'no'],
      [{ subject: 'person', surname: 'Nobodyev', given_names: 'Test' }, 'no'],
    ];
    for (const [q, want] of cases) {
      const { query_id: qid, message } = await ask(q);
      assert.equal(message.type, 'hit_query');
      const a = await answer(qid);
      assert.match(a.subject, new RegExp(`: ${want}$`), JSON.stringify(q));
      assert.equal(a.origin_node, ids[kg.url]);
      assert.match(a.body, /Ak-Zhol BLO \(KG, border\).*formal request/);
      for (const secret of [doc.id, `HQ${t}`, 'synthetic'])
        assert.ok(!JSON.stringify(a).includes(secret), `the answer reveals ${secret}`);
    }
    assertProblem(await kz.api('POST', '/api/v1/hitquery', { peer: ids[kg.url], subject: 'vehicle' },
      kz.sup.token), 422, "'plate'");
    assertProblem(await kz.api('POST', '/api/v1/hitquery', { peer: 'KG-AKZHOL', subject: 'vehicle',
      plate: 'X' }, kz.sup.token), 422, "'peer'");
    for (const type of ['hit_answer', 'watchlist_share']) /* only the exchange makes these */
      assertProblem(await kz.api('POST', '/api/v1/messages', { type, subject: 'hit/no-hit answer: yes',
        recipients: [ids[kg.url]], releasable_countries: ['KG'] }, kz.sup.token), 422, 'not composed');
  });
});
