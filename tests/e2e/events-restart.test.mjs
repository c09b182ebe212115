// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The live feed across a restart of the node: a browser's EventSource
 * reconnects with the id of the last event it saw, which the node's
 * previous run gave. The new run must send it every event it publishes,
 * not skip those whose numbers happen to be lower (each run numbers its
 * events from after the last run's, src/core/events.h).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { sseEvents, startNode } from './lib.mjs';

/* The first crossing.created event on the stream, reading from lastId. */
async function nextCrossingEvent(node, token, lastId, make, { query = false } = {}) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 10_000);
  try {
    const headers = { authorization: `Bearer ${token}` };
    if (lastId && !query) headers['last-event-id'] = lastId;
    const url = `${node.url}/api/v1/events${lastId && query ? `?last_event_id=${lastId}` : ''}`;
    const res = await fetch(url, { headers, signal: ctl.signal });
    assert.equal(res.status, 200);
    const made = await make();
    for await (const e of sseEvents(res))
      if (e.type === 'crossing.created' && e.data.record.id === made.id) return e;
    assert.fail('the stream ended');
  } catch (e) {
    if (e.name === 'AbortError') assert.fail(`no crossing.created event after Last-Event-ID ${lastId}`);
    throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
}

describe('live feed across a restart', () => {
  let node, sup;
  before(async () => {
    node = await startNode({ name: 'events node' });
    sup = await node.user('sup1', 'supervisor', 'SECRET');
  });
  after(() => node?.close());

  const crossing = () => () => node.create('crossings', {
    bcp_code: 'KZ-KORDAY', direction: 'in', crossed_at: new Date().toISOString(), mode: 'road',
  }, sup.token);

  it('sends the new run\'s events to a reader that last saw the old run\'s', async () => {
    let last;
    for (let i = 0; i < 3; i++) last = await nextCrossingEvent(node, sup.token, last?.id, crossing());
    assert.match(last.id, /^\d+$/);
    await node.restart();
    const first = await nextCrossingEvent(node, sup.token, last.id, crossing());
    assert.ok(BigInt(first.id) > BigInt(last.id), `ids go on rising: ${last.id} then ${first.id}`);
  });

  it('sends events to a reader whose last id this node never gave', async () => {
    await nextCrossingEvent(node, sup.token, '9007199254740990', crossing());
    await nextCrossingEvent(node, sup.token, 'not-a-number', crossing());
  });

  it('opens with the id it starts from, and goes on from an id given in the query', async () => {
    const ctl = new AbortController();
    const res = await fetch(`${node.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${sup.token}` }, signal: ctl.signal });
    const reader = res.body.getReader();
    const { value } = await reader.read();
    ctl.abort();
    const start = /^id: (\d+)\n\n/.exec(Buffer.from(value).toString())?.[1];
    assert.ok(start, `the first frame names where the stream starts: ${Buffer.from(value)}`);
    // what was published after that id, while no stream was open, comes
    // to a stream opened from it
    const rec = await crossing()();
    const e = await nextCrossingEvent(node, sup.token, start, async () => rec, { query: true });
    assert.ok(BigInt(e.id) > BigInt(start));
  });
});
