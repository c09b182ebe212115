// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Clearance end to end: a record classified above the caller's clearance
 * does not exist for that caller — get answers 404 exactly as for a missing
 * id, list, filters, count and person name search leave it out, PATCH
 * cannot reach it — for users and for API tokens, and a clearance change
 * applies to sessions already open. A SECRET user sees everything. Reads
 * of records above UNCLASSIFIED are in the audit log (action "read"), and
 * the audit chain verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, sampleBody, startNode, tag } from './lib.mjs';

const LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
const NO_SUCH_ID = '01900000-0000-7000-8000-00000000abcd';

describe('clearance', () => {
  let node, low, mid, high, lowToken;
  const surname = `Klassov${tag()}`;
  const group = `cls-${tag()}`;
  const person = {}; // level -> record
  const crossing = {};

  before(async () => {
    node = await startNode({ name: 'clearance node' });
    low = await node.user('low1', 'officer', 'RESTRICTED');
    mid = await node.user('mid1', 'officer', 'CONFIDENTIAL');
    high = await node.user('high1', 'officer', 'SECRET');
    lowToken = (await node.apiToken('low-device', 'officer', 'RESTRICTED')).token;
    for (const [i, level] of LEVELS.entries()) {
      person[level] = await node.create('persons', { surname, given_names: `Level${i}`,
        classification: level }, high.token);
      /* the create answer adds the crossing's screening; the stored record has none */
      crossing[level] = await node.create('crossings', { ...sampleBody('crossings'), group_ref: group,
        classification: level }, high.token);
      assert.deepEqual(crossing[level].screening, { hits: [] });
      delete crossing[level].screening;
    }
  });
  after(() => node?.close());

  const visible = (who) => LEVELS.slice(0, { low: 2, mid: 3, high: 4 }[who]);

  for (const who of ['low', 'mid', 'high', 'lowToken']) {
    it(`${who}: get answers 404 above the clearance, 200 below`, async () => {
      const token = { low, mid, high }[who]?.token ?? lowToken;
      const can = visible(who === 'lowToken' ? 'low' : who);
      const missing = await node.api('GET', `/api/v1/persons/${NO_SUCH_ID}`, undefined, token);
      assertProblem(missing, 404, NO_SUCH_ID);
      for (const level of LEVELS) {
        for (const [type, rec] of [['persons', person[level]], ['crossings', crossing[level]]]) {
          const r = await node.api('GET', `/api/v1/${type}/${rec.id}`, undefined, token);
          if (can.includes(level)) {
            assert.deepEqual(expectStatus(r, 200, `${who} gets ${level} ${type}`), rec);
          } else {
            assertProblem(r, 404, rec.id, `${who} gets ${level} ${type}`);
            // indistinguishable from a record that does not exist
            assert.equal(r.json.detail.replace(rec.id, 'ID'),
              (type === 'persons' ? missing.json.detail : missing.json.detail.replace('person', 'crossing'))
                .replace(NO_SUCH_ID, 'ID'));
            assert.equal(r.text.includes(surname), false, 'nothing of the record leaks');
          }
        }
      }
    });

    it(`${who}: list, filters, count and name search leave out what is above the clearance`, async () => {
      const token = { low, mid, high }[who]?.token ?? lowToken;
      const can = visible(who === 'lowToken' ? 'low' : who);
      const want = (recs) => can.map((l) => recs[l].id).sort();
      const ids = async (type, q = '') => (await node.listAll(type, token, q)).map((x) => x.id);
      const mine = (all, recs) => all.filter((id) => LEVELS.some((l) => recs[l].id === id)).sort();

      assert.deepEqual(mine(await ids('persons'), person), want(person), 'plain list of persons');
      assert.deepEqual(mine(await ids('crossings'), crossing), want(crossing), 'plain list of crossings');
      assert.deepEqual((await ids('crossings', `group_ref=${group}`)).sort(), want(crossing), 'filtered list');
      for (const level of LEVELS) {
        const got = await ids('crossings', `group_ref=${group}&classification=${level}`);
        assert.deepEqual(got, can.includes(level) ? [crossing[level].id] : [], `filter on ${level}`);
      }
      assert.deepEqual((await ids('persons', `name=${surname}`)).sort(), want(person), 'name search');
      assert.deepEqual((await ids('persons', `name_prefix=${surname.slice(0, 8).toUpperCase()}`)).sort(),
        want(person), 'name prefix search');
      assert.deepEqual((await ids('persons', `name=${encodeURIComponent(`${surname} level3`)}`)),
        can.includes('SECRET') ? [person.SECRET.id] : [], 'full-name search for the SECRET one');
      // a small page must not be cut short or padded by hidden records
      const page = expectStatus(await node.api('GET', `/api/v1/crossings?group_ref=${group}&limit=1`,
        undefined, token), 200);
      assert.deepEqual(page.items.map((x) => x.id), [want(crossing)[0]]);

      // count and the full list: exactly the records of the levels this caller may see
      for (const type of ['persons', 'crossings']) {
        const all = await node.listAll(type, high.token);
        assert.equal(await node.count(type, high.token), all.length, `${type}: the SECRET count is all`);
        const seen = all.filter((r) => can.includes(r.classification)).map((r) => r.id);
        assert.ok(seen.length < all.length || can.length === 4);
        assert.equal(await node.count(type, token), seen.length, `${type} count`);
        assert.deepEqual((await ids(type)).sort(), seen.sort(), `${type}: the whole list`);
      }
    });

    if (who === 'high') {
      it('high: PATCH reaches records at every level', async () => {
        for (const level of LEVELS) {
          const rec = await node.create('crossings', { ...sampleBody('crossings'), classification: level },
            high.token);
          const v2 = expectStatus(await node.api('PATCH', `/api/v1/crossings/${rec.id}`, { notes: level },
            high.token, { headers: { 'if-match': '1' } }), 200, `high patches ${level}`);
          assert.equal(v2.version, 2);
          assert.equal(v2.notes, level);
          assert.equal(v2.classification, level);
        }
      });
      continue;
    }

    it(`${who}: PATCH cannot reach a record above the clearance`, async () => {
      const token = { low, mid, high }[who]?.token ?? lowToken;
      const can = visible(who === 'lowToken' ? 'low' : who);
      for (const level of LEVELS.filter((l) => !can.includes(l))) {
        const rec = crossing[level];
        assertProblem(await node.api('PATCH', `/api/v1/crossings/${rec.id}`, { notes: `by ${who}` },
          token), 404, rec.id, `${who} patches ${level}`);
        assertProblem(await node.api('PATCH', `/api/v1/crossings/${rec.id}`, { notes: `by ${who}` },
          token, { headers: { 'if-match': '1' } }), 404, rec.id, `${who} patches ${level} with If-Match`);
        const now = expectStatus(await node.api('GET', `/api/v1/crossings/${rec.id}`, undefined,
          high.token), 200);
        assert.equal(now.version, rec.version);
        assert.equal(now.notes, undefined);
      }
      const above = LEVELS[can.length];
      if (above) {
        assertProblem(await node.api('POST', '/api/v1/persons', { surname: 'TooHigh', classification: above },
          token), 403, `you may not classify a record ${above}`, `${who} creates ${above}`);
        assertProblem(await node.api('PATCH', `/api/v1/persons/${person.UNCLASSIFIED.id}`,
          { classification: above }, token), 403, 'you may not classify', `${who} raises to ${above}`);
      }
    });
  }

  it('refuses a reference to a record above the clearance as if it were missing', async () => {
    const missing = await node.api('POST', '/api/v1/declarations',
      sampleBody('declarations', { person: NO_SUCH_ID }), low.token);
    assertProblem(missing, 422, `'person_id' refers to no person '${NO_SUCH_ID}'`);
    const hidden = await node.api('POST', '/api/v1/declarations',
      sampleBody('declarations', { person: person.SECRET.id }), low.token);
    assert.equal(hidden.status, missing.status, `reference to a SECRET person: ${hidden.status} ${hidden.text}`);
    assert.equal(hidden.json.detail, missing.json.detail.replace(NO_SUCH_ID, person.SECRET.id),
      'the refusal reads exactly like the one for a missing record');
  });

  it('applies a lowered clearance to a session already open', async () => {
    const u = await node.user('shifting1', 'officer', 'SECRET');
    expectStatus(await node.api('GET', `/api/v1/persons/${person.SECRET.id}`, undefined, u.token), 200);
    expectStatus(await node.api('PATCH', '/api/v1/users/shifting1', { clearance: 'RESTRICTED' },
      node.adminToken), 200, 'lower the clearance');
    assertProblem(await node.api('GET', `/api/v1/persons/${person.SECRET.id}`, undefined, u.token), 404,
      undefined, 'same session after the change');
    const me = expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, u.token), 200);
    assert.equal(me.clearance, 'RESTRICTED');
    const all = (await node.listAll('persons', u.token, `name=${surname}`)).map((x) => x.id).sort();
    assert.deepEqual(all, [person.UNCLASSIFIED.id, person.RESTRICTED.id].sort());
  });

  it('audits reads of RESTRICTED and above, and the chain verifies', async () => {
    const reader = await node.user('auditee1', 'officer', 'SECRET');
    const lowReader = await node.user('auditee2', 'officer', 'RESTRICTED');
    for (const level of LEVELS)
      expectStatus(await node.api('GET', `/api/v1/persons/${person[level].id}`, undefined, reader.token), 200);
    expectStatus(await node.api('GET', `/api/v1/persons/${person.RESTRICTED.id}`, undefined, lowReader.token), 200);
    assertProblem(await node.api('GET', `/api/v1/persons/${person.SECRET.id}`, undefined, lowReader.token), 404);
    expectStatus(await node.api('GET', `/api/v1/crossings?group_ref=${group}`, undefined, reader.token), 200);
    expectStatus(await node.api('GET', `/api/v1/crossings?group_ref=${group}&classification=UNCLASSIFIED`,
      undefined, reader.token), 200);

    const log = await node.auditAll();
    const reads = (actor) => log.filter((e) => e.action === 'read' && e.actor === actor);
    const mine = reads('auditee1');
    for (const level of ['RESTRICTED', 'CONFIDENTIAL', 'SECRET']) {
      const e = mine.filter((x) => x.object_id === person[level].id);
      assert.equal(e.length, 1, `one read entry for the ${level} person: ${JSON.stringify(mine)}`);
      assert.equal(e[0].object_type, 'person');
      assert.equal(e[0].classification, level);
      assert.equal(e[0].outcome, 'ok');
      assert.equal(e[0].remote, '127.0.0.1');
    }
    assert.equal(mine.some((x) => x.object_id === person.UNCLASSIFIED.id), false,
      'an UNCLASSIFIED read is not audited');
    // the list read: one entry naming the classified records of the page
    const listRead = mine.filter((x) => x.object_type === 'crossing');
    assert.equal(listRead.length, 1, `one entry for the list page: ${JSON.stringify(listRead)}`);
    assert.equal(listRead[0].classification, 'SECRET');
    for (const level of ['RESTRICTED', 'CONFIDENTIAL', 'SECRET'])
      assert.ok(listRead[0].detail.includes(crossing[level].id), `the list entry names the ${level} crossing`);
    assert.equal(listRead[0].detail.includes(crossing.UNCLASSIFIED.id), false);

    const lowReads = reads('auditee2');
    assert.deepEqual(lowReads.map((x) => x.object_id), [person.RESTRICTED.id],
      'the refused read of the SECRET record is not a read');

    const v = expectStatus(await node.api('GET', '/api/v1/audit/verify', undefined, node.adminToken), 200);
    assert.equal(v.ok, true, JSON.stringify(v));
    assert.equal(v.first_bad, 0);
    assert.ok(v.checked >= log.length, `checked ${v.checked} of ${log.length}`);
    // sequence numbers are contiguous from 1
    assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1));
  });
});
