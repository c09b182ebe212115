// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * A bulk import announces itself once on the live feed (`<type>.imported`,
 * how many rows it created), not once per row, and only when it created
 * something; the event carries the highest classification imported, so a
 * reader cleared below it does not hear of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { collectEvents, expectStatus, startNode } from './lib.mjs';

const crossing = (i, classification = 'UNCLASSIFIED') => ({ bcp_code: 'KZ-KORDAY', direction: 'in',
  crossed_at: `2026-11-0${1 + (i % 9)}T0${i % 10}:00:00Z`, mode: 'road', classification });

describe('imports on the live feed', () => {
  let node, sup, low;
  before(async () => {
    node = await startNode({ name: 'import events node' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
    low = await node.user('off1', 'officer', 'RESTRICTED');
  });
  after(() => node?.close());

  const load = (rows) => async () =>
    expectStatus(await node.api('POST', '/api/v1/crossings/import', { rows }, sup.token), 200);

  it('announces an import once, with what it created', async () => {
    const rows = [0, 1, 2].map((i) => crossing(i));
    // a second event, if one came, would come at once: 1.5 s is plenty
    const seen = await collectEvents(node, sup.token,
      { want: 2, ms: 1500, types: ['crossing.imported', 'crossing.created'] }, load(rows));
    assert.equal(seen.length, 1, `one event, not one per row: ${seen.map((e) => e.type)}`);
    assert.equal(seen[0].type, 'crossing.imported');
    assert.equal(seen[0].data.record.created, 3);
    // the same rows again create nothing and announce nothing: the next
    // event is the one for the import after it
    const again = await collectEvents(node, sup.token, { want: 1, types: ['crossing.imported'] }, async () => {
      await load(rows)();
      await load([crossing(3)])();
    });
    assert.equal(again.length, 1);
    assert.equal(again[0].data.record.created, 1);
  });

  it('tells a reader of an import only at or below their clearance', async () => {
    const seen = await collectEvents(node, low.token, { want: 1, types: ['crossing.imported'] }, async () => {
      await load([crossing(4, 'SECRET'), crossing(5)])();
      await load([crossing(6, 'RESTRICTED')])();
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].data.record.created, 1, 'the import with a SECRET row is not heard of');
    assert.equal(seen[0].data.record.classification, 'RESTRICTED');
  });
});
