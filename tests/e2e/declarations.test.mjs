// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Cash declarations over the node's threshold: a declaration whose amount
 * reaches rics.conf's cash_threshold (default 10000) is announced on the
 * live feed as "declaration.over_threshold" besides "declaration.created",
 * with the payload every record event has ({type, record}); one below it
 * is not. The threshold is read from rics.conf at start.
 */
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { expectStatus, sampleBody, sseEvents, startNode } from './lib.mjs';

/* The events of the feed while `act` runs, up to a sentinel event. */
async function eventsDuring(node, token, act) {
  const ctl = new AbortController();
  const res = await fetch(`${node.url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` }, signal: ctl.signal,
  });
  assert.equal(res.status, 200);
  const events = [];
  const timer = setTimeout(() => ctl.abort(), 10_000);
  try {
    await act();
    /* a record created after the others marks the end of what act caused */
    const sentinel = await node.create('persons', sampleBody('persons'), token);
    for await (const e of sseEvents(res)) {
      events.push(e);
      if (e.data.record?.id === sentinel.id) break;
    }
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return events.filter((e) => e.type.startsWith('declaration.'));
}

describe('cash declarations over the threshold', () => {
  let node, officer, person;

  before(async () => {
    node = await startNode({ name: 'declarations node' });
    officer = await node.user('officer1', 'officer', 'SECRET');
    person = await node.create('persons', sampleBody('persons'), officer.token);
  });
  after(() => node?.close());

  const declare = (amount) => node.create('declarations',
    { ...sampleBody('declarations', { person: person.id }), amount }, officer.token);

  it('announces a declaration reaching the default threshold of 10000, not one below', async () => {
    let below, at;
    const events = await eventsDuring(node, officer.token, async () => {
      below = await declare(9999.99);
      at = await declare(10000);
    });
    assert.deepEqual(events.map((e) => [e.type, e.data.record.id]), [
      ['declaration.created', below.id],
      ['declaration.created', at.id],
      ['declaration.over_threshold', at.id],
    ]);
    const over = events[2].data;
    assert.equal(over.type, 'declaration');
    assert.equal(over.record.amount, 10000);
    assert.equal(over.record.currency, 'USD');
  });

  it('takes the threshold from rics.conf', async () => {
    await appendFile(path.join(node.dir, 'rics.conf'), '\ncash_threshold = 500\n');
    await node.restart();
    officer.token = (await node.login('officer1', officer.password)).token;
    let small, big;
    const events = await eventsDuring(node, officer.token, async () => {
      small = await declare(499);
      big = await declare(750.5);
    });
    assert.deepEqual(events.filter((e) => e.type === 'declaration.over_threshold')
      .map((e) => e.data.record.id), [big.id]);
    assert.ok(small.id);
    const stored = expectStatus(await node.api('GET', `/api/v1/declarations/${big.id}`,
      undefined, officer.token), 200);
    assert.equal(stored.amount, 750.5);
  });
});
