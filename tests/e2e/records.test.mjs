// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Every record type end to end: create (201 and Location), get, list with a
 * filter, count, update (PATCH: version increments, stale If-Match answers
 * 409), each as a role the policy allows, and a role it does not. Then
 * cursor pagination over 25 crossings, person name search (exact and prefix,
 * case-insensitive, Cyrillic, NFKC) and list filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, sampleBody, startNode, tag } from './lib.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/*
 * Per type: who creates, who updates, who may not create, one PATCH, and a
 * filter (field taken from the created record) that must find it.
 */
const PLAN = {
  bcps: { create: 'admin', update: 'supervisor', denied: 'officer', patch: { name: 'Renamed BCP', status: 'restricted' }, filter: 'code' },
  persons: { create: 'officer', update: 'analyst', denied: 'analyst', patch: { given_names: 'Pyotr', notes: 'seen twice' }, filter: 'birth_date' },
  documents: { create: 'officer', update: 'supervisor', denied: 'auditor', patch: { nationality: 'KGZ' }, filter: 'number' },
  vehicles: { create: 'officer', update: 'analyst', denied: 'analyst', patch: { colour: 'red', make: 'MAN' }, filter: 'plate' },
  crossings: { create: 'officer', update: 'officer', denied: 'analyst', patch: { notes: 'secondary check' }, filter: 'group_ref' },
  declarations: { create: 'officer', update: 'supervisor', denied: 'analyst', patch: { purpose: 'trade', source_of_funds: 'sales' }, filter: 'person_id' },
  seizures: { create: 'supervisor', update: 'officer', denied: 'analyst', patch: { quantity: 3.25, notes: 'weighed again' }, filter: 'case_ref' },
  relations: { create: 'analyst', update: 'supervisor', denied: 'officer', patch: { note: 'same car, twice' }, filter: 'from_id' },
  watchlist: { create: 'supervisor', update: 'supervisor', denied: 'officer', patch: { reason: 'updated reason', action: 'detain' }, filter: 'list_name' },
  hits: { create: 'supervisor', update: 'officer', denied: 'officer', patch: { status: 'confirmed', notes: 'match checked' }, filter: 'watchlist_id' },
  messages: { create: 'officer', update: 'officer', denied: 'auditor', patch: { status: 'sent' }, filter: 'type' },
};

describe('records', () => {
  let node, tok, nodeId;
  const refs = {};

  before(async () => {
    node = await startNode({ name: 'records node' });
    tok = { admin: node.adminToken };
    for (const role of ['officer', 'supervisor', 'analyst', 'auditor'])
      tok[role] = (await node.user(`${role}1`, role, 'SECRET')).token;
    nodeId = expectStatus(await node.api('GET', '/api/v1/node', undefined, tok.officer), 200).id;
    refs.person = (await node.create('persons', sampleBody('persons'), tok.officer)).id;
    refs.person2 = (await node.create('persons', sampleBody('persons'), tok.officer)).id;
    refs.watchlist = (await node.create('watchlist', sampleBody('watchlist'), tok.supervisor)).id;
  });
  after(() => node?.close());

  for (const [type, plan] of Object.entries(PLAN)) {
    it(`${type}: create, get, list, count, update`, async () => {
      const body = sampleBody(type, refs);
      const before = await node.count(type, tok.auditor);

      // a role without create permission is refused and writes nothing
      assertProblem(await node.api('POST', `/api/v1/${type}`, body, tok[plan.denied]), 403,
        `may not create ${type}`, `${plan.denied} creates ${type}`);

      const res = await node.api('POST', `/api/v1/${type}`, body, tok[plan.create]);
      const rec = expectStatus(res, 201, `${plan.create} creates ${type}`);
      if (type === 'crossings') {
        /* a new crossing is screened at once: the answer says so, the record does not keep it */
        assert.deepEqual(rec.screening, { hits: [] });
        delete rec.screening;
      }
      assert.match(rec.id, UUID);
      assert.equal(res.headers.get('location'), `/api/v1/${type}/${rec.id}`);
      assert.equal(rec.version, 1);
      assert.equal(rec.origin_node, nodeId);
      assert.equal(rec.created_by, `${plan.create}1`.replace('admin1', 'admin'));
      assert.equal(rec.classification, 'UNCLASSIFIED');
      assert.equal(rec.handling, 'H0');
      assert.deepEqual(rec.releasable_countries, []);
      if (type === 'hits') assert.equal(rec.status, 'new', 'hits default to new');
      if (type === 'messages') assert.equal(rec.status, 'queued', 'messages default to queued');
      assert.ok(!Number.isNaN(Date.parse(rec.created_at)));
      for (const [k, v] of Object.entries(body)) {
        if (/_at$/.test(k)) assert.equal(Date.parse(rec[k]), Date.parse(v), k);
        else assert.deepEqual(rec[k], v, `field ${k}`);
      }

      // get, by the Location header
      const got = expectStatus(await node.api('GET', res.headers.get('location'), undefined,
        tok.auditor), 200, 'get');
      assert.deepEqual(got, rec);

      // list, filtered by one of its fields
      const fv = rec[plan.filter];
      const list = expectStatus(await node.api('GET',
        `/api/v1/${type}?${plan.filter}=${encodeURIComponent(fv)}`, undefined, tok.auditor), 200, 'list');
      assert.ok(list.items.some((x) => x.id === rec.id), 'the filtered list holds the record');
      assert.ok(list.items.every((x) => x[plan.filter] === fv), 'only matching records');
      assert.equal(await node.count(type, tok.auditor), before + 1, 'count grew by one');

      // update with the right version, then a stale one
      const p1 = await node.api('PATCH', `/api/v1/${type}/${rec.id}`, plan.patch, tok[plan.update],
        { headers: { 'if-match': '1' } });
      const v2 = expectStatus(p1, 200, `${plan.update} updates ${type}`);
      assert.equal(v2.version, 2);
      for (const [k, v] of Object.entries(plan.patch)) assert.deepEqual(v2[k], v, `patched ${k}`);
      assert.equal(v2.created_at, rec.created_at);
      assert.ok(Date.parse(v2.updated_at) >= Date.parse(rec.updated_at));
      assert.equal(v2.id, rec.id);

      const stale = await node.api('PATCH', `/api/v1/${type}/${rec.id}`, plan.patch,
        tok[plan.update], { headers: { 'if-match': '"1"' } });
      assertProblem(stale, 409, 'changed since version 1', 'stale If-Match');
      // without If-Match the update applies to whatever is current
      const v3 = expectStatus(await node.api('PATCH', `/api/v1/${type}/${rec.id}`,
        { classification: 'RESTRICTED' }, tok[plan.update]), 200, 'update without If-Match');
      assert.equal(v3.version, 3);
      assert.equal(v3.classification, 'RESTRICTED');
      const now = expectStatus(await node.api('GET', `/api/v1/${type}/${rec.id}`, undefined,
        tok.auditor), 200);
      assert.deepEqual(now, v3, 'the stored record is the last update');
      assert.equal(await node.count(type, tok.auditor), before + 1, 'updates add no records');
    });
  }

  it('refuses updates from roles without update permission', async () => {
    const c = await node.create('crossings', sampleBody('crossings'), tok.officer);
    assertProblem(await node.api('PATCH', `/api/v1/crossings/${c.id}`, { notes: 'x' }, tok.analyst),
      403, 'may not update crossings', 'analyst updates a crossing');
    assertProblem(await node.api('PATCH', `/api/v1/crossings/${c.id}`, { notes: 'x' }, tok.auditor),
      403, undefined, 'auditor updates a crossing');
    const m = await node.create('messages', sampleBody('messages'), tok.analyst);
    assertProblem(await node.api('PATCH', `/api/v1/messages/${m.id}`, { status: 'read' }, tok.analyst),
      403, 'may not update messages', 'analyst updates a message');
    const now = expectStatus(await node.api('GET', `/api/v1/crossings/${c.id}`, undefined, tok.officer), 200);
    assert.equal(now.version, 1);
    assert.equal(now.notes, undefined);
  });

  it('answers 404 for a well-formed id that does not exist, on get and patch', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    assertProblem(await node.api('GET', `/api/v1/persons/${id}`, undefined, tok.officer), 404, id, 'get');
    assertProblem(await node.api('PATCH', `/api/v1/persons/${id}`, { notes: 'x' }, tok.officer), 404,
      id, 'patch');
  });

  it('pages through 25 crossings 10 at a time with next_cursor', async () => {
    const g = `page-${tag()}`;
    const created = [];
    for (let i = 0; i < 25; i++) {
      const c = await node.create('crossings', { ...sampleBody('crossings'), group_ref: g,
        crossed_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }, tok.officer);
      created.push(c.id);
    }
    const sizes = [], seen = [];
    let cursor = null;
    for (let page = 0; page < 5; page++) {
      const q = `group_ref=${g}&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const r = expectStatus(await node.api('GET', `/api/v1/crossings?${q}`, undefined, tok.officer), 200);
      sizes.push(r.items.length);
      seen.push(...r.items.map((x) => x.id));
      cursor = r.next_cursor;
      if (cursor === null) break;
      assert.equal(typeof cursor, 'string');
    }
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.equal(new Set(seen).size, 25, 'no duplicates');
    assert.deepEqual([...seen].sort(), [...created].sort(), 'every crossing once');
    assert.deepEqual(seen, [...seen].sort(), 'pages in id order');
    // a page of exactly the rest ends the list
    const last = expectStatus(await node.api('GET',
      `/api/v1/crossings?group_ref=${g}&limit=15&cursor=${seen[9]}`, undefined, tok.officer), 200);
    assert.equal(last.items.length, 15);
    assert.equal(last.next_cursor, null);
    // the default page holds them all (default limit 50)
    const all = expectStatus(await node.api('GET', `/api/v1/crossings?group_ref=${g}`, undefined,
      tok.officer), 200);
    assert.equal(all.items.length, 25);
    assert.equal(all.next_cursor, null);
  });

  describe('person name search', () => {
    const ids = {};
    before(async () => {
      const people = {
        zhan: { surname: 'Жанузаков', given_names: 'Нурлан', sex: 'M' },
        zhana: { surname: 'Жанузакова', given_names: 'Айгерим', sex: 'F' },
        smith: { surname: 'Smith', given_names: 'John Paul', sex: 'M' },
        smithers: { surname: 'SMITHERS', given_names: 'Waylon', sex: 'M' },
        pyotr: { surname: 'Ёлкин', given_names: 'Пётр', patronymic: 'Ильич', sex: 'M' },
      };
      for (const [k, p] of Object.entries(people))
        ids[k] = (await node.create('persons', p, tok.officer)).id;
    });

    const cases = [
      ['name=жанузаков', ['zhan']],
      ['name=ЖАНУЗАКОВ', ['zhan']],
      ['name=ЖаНуЗаКоВа', ['zhana']],
      ['name=жанузаков нурлан', ['zhan']],
      ['name=ЖАНУЗАКОВ   Нурлан', ['zhan']],
      ['name_prefix=жануз', ['zhan', 'zhana']],
      ['name_prefix=ЖАНУЗАКОВА', ['zhana']],
      ['name_prefix=жанузаков н', ['zhan']],
      ['name_prefix=жануз&sex=F', ['zhana']],
      ['name=smith', ['smith']],
      ['name=SMITH JOHN PAUL', ['smith']],
      ['name=ＳＭＩＴＨ', ['smith']],
      ['name_prefix=smi', ['smith', 'smithers']],
      ['name_prefix=Smithe', ['smithers']],
      ['name=ёлкин пётр ильич', ['pyotr']],
      ['name=ЁЛКИН', ['pyotr']],
      ['name=ёлки', []],
      ['name=john', []],
      ['name_prefix=zz-nobody', []],
    ];
    for (const [q, expected] of cases) {
      it(`finds ${JSON.stringify(expected)} for ${q}`, async () => {
        const qs = q.split('&').map((kv) => {
          const [k, v] = kv.split('=');
          return `${k}=${encodeURIComponent(v)}`;
        }).join('&');
        const items = await node.listAll('persons', tok.officer, qs);
        const mine = new Set(Object.values(ids));
        const found = items.map((x) => x.id);
        assert.deepEqual(found.filter((id) => mine.has(id)).sort(),
          expected.map((k) => ids[k]).sort());
        assert.equal(found.length, expected.length, `no other persons match ${q}`);
      });
    }
  });

  it('finds a renamed person by the new name only', async () => {
    const t = tag();
    const p = await node.create('persons', { surname: `Old${t}`, given_names: 'Ann' }, tok.officer);
    const byName = async (q) => (await node.listAll('persons', tok.officer, q)).map((x) => x.id);
    assert.deepEqual(await byName(`name=old${t}`), [p.id]);
    expectStatus(await node.api('PATCH', `/api/v1/persons/${p.id}`, { surname: `New${t}` },
      tok.officer), 200, 'rename');
    assert.deepEqual(await byName(`name=old${t}`), [], 'the old surname is gone');
    assert.deepEqual(await byName(`name=new${t}`), [p.id]);
    assert.deepEqual(await byName(`name=${encodeURIComponent(`NEW${t} ann`)}`), [p.id]);
    expectStatus(await node.api('PATCH', `/api/v1/persons/${p.id}`, { given_names: null },
      tok.officer), 200, 'clear given names');
    assert.deepEqual(await byName(`name=${encodeURIComponent(`new${t} ann`)}`), []);
    assert.deepEqual(await byName(`name_prefix=new${t}`), [p.id]);
  });

  it('filters crossings by direction, time and classification', async () => {
    const g = `filter-${tag()}`;
    const mk = (direction, crossed_at, extra = {}) => node.create('crossings',
      { ...sampleBody('crossings'), group_ref: g, direction, crossed_at, ...extra }, tok.officer);
    const in1 = await mk('in', '2026-05-01T10:00:00Z');
    const in2 = await mk('in', '2026-05-01T11:00:00Z', { mode: 'rail' });
    const in3 = await mk('in', '2026-05-01T12:00:00Z', { classification: 'RESTRICTED' });
    const out1 = await mk('out', '2026-05-01T10:00:00Z');
    const out2 = await mk('out', '2026-05-02T10:00:00Z', { mode: 'rail' });
    const ids = async (q) => (await node.listAll('crossings', tok.officer, `group_ref=${g}&${q}`))
      .map((x) => x.id).sort();
    assert.deepEqual(await ids('direction=in'), [in1.id, in2.id, in3.id].sort());
    assert.deepEqual(await ids('direction=out'), [out1.id, out2.id].sort());
    assert.deepEqual(await ids('direction=in&mode=rail'), [in2.id]);
    assert.deepEqual(await ids('mode=rail'), [in2.id, out2.id].sort());
    // a time filter matches the same instant written in another offset
    assert.deepEqual(await ids(`crossed_at=${encodeURIComponent('2026-05-01T15:00:00+05:00')}`),
      [in1.id, out1.id].sort());
    assert.deepEqual(await ids('classification=RESTRICTED'), [in3.id]);
    assert.deepEqual(await ids('direction=in&classification=UNCLASSIFIED'), [in1.id, in2.id].sort());
    assert.deepEqual(await ids('bcp_code=NO-SUCH-BCP'), []);
    // filters by reference: documents of one person
    const p = await node.create('persons', sampleBody('persons'), tok.officer);
    const d = await node.create('documents', sampleBody('documents', { person: p.id }), tok.officer);
    await node.create('documents', sampleBody('documents'), tok.officer);
    const docs = await node.listAll('documents', tok.officer, `person_id=${p.id}`);
    assert.deepEqual(docs.map((x) => x.id), [d.id]);
    // an upper-case id in a filter finds the same record
    const docsUpper = await node.listAll('documents', tok.officer, `person_id=${p.id.toUpperCase()}`);
    assert.deepEqual(docsUpper.map((x) => x.id), [d.id]);
  });

  it('keeps a unique bcp code unique (409) and refuses references to missing records (422)', async () => {
    const b = sampleBody('bcps');
    await node.create('bcps', b, tok.admin);
    const before = await node.count('bcps', tok.officer);
    assertProblem(await node.api('POST', '/api/v1/bcps', { ...b, name: 'again' }, tok.admin), 409,
      'conflicts', 'duplicate bcp code');
    assert.equal(await node.count('bcps', tok.officer), before);
    const n = await node.count('declarations', tok.officer);
    assertProblem(await node.api('POST', '/api/v1/declarations',
      sampleBody('declarations', { person: '01900000-0000-7000-8000-00000000abcd' }), tok.officer),
    422, 'refers to no person', 'declaration for a missing person');
    assert.equal(await node.count('declarations', tok.officer), n);
  });
});
