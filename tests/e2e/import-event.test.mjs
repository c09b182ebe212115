// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * A bulk import announces itself once on the live feed (`<type>.imported`,
 * how many rows it created), not once per row, and only when it created
 * something; the event carries the highest classification imported, so a
 * reader cleared below it does not hear of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, sseEvents, startNode } from './lib.mjs';

/* The events of the given types on token's stream while act() runs, until
   `want` have come (or ms pass). */
async function eventsDuring(node, token, types, want, act, ms = 5000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  const seen = [];
  try {
    const res = await fetch(`${node.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` }, signal: ctl.signal });
    assert.equal(res.status, 200);
    await act();
    for await (const e of sseEvents(res)) {
      if (types.includes(e.type)) seen.push(e);
      if (seen.length >= want) break;
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return seen;
}

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
    const seen = await eventsDuring(node, sup.token, ['crossing.imported', 'crossing.created'], 2,
      load(rows), 1500);
    assert.equal(seen.length, 1, `one event, not one per row: ${seen.map((e) => e.type)}`);
    assert.equal(seen[0].type, 'crossing.imported');
    assert.equal(seen[0].data.record.created, 3);
    // the same rows again create nothing and announce nothing: the next
    // event is the one for the import after it
    const again = await eventsDuring(node, sup.token, ['crossing.imported'], 1, async () => {
      await load(rows)();
      await load([crossing(3)])();
    });
    assert.equal(again.length, 1);
    assert.equal(again[0].data.record.created, 1);
  });

  it('tells a reader of an import only at or below their clearance', async () => {
    const seen = await eventsDuring(node, low.token, ['crossing.imported'], 1, async () => {
      await load([crossing(4, 'SECRET'), crossing(5)])();
      await load([crossing(6, 'RESTRICTED')])();
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].data.record.created, 1, 'the import with a SECRET row is not heard of');
    assert.equal(seen[0].data.record.classification, 'RESTRICTED');
  });
});
