// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/peers gives each peer's outbox (the admin's peers screen
 * shows it): a message delivered counts as delivered; one sent while the
 * peer is down stays queued, with the time the oldest began to wait.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectStatus, pair, startNode, until } from './lib.mjs';

describe('peers with their outbox', () => {
  let kz, kg, officer, kgId;

  before(async () => {
    [kz, kg] = await Promise.all([startNode({ name: 'Korday BLO' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' })]);
    await pair(kz, kg);
    await pair(kg, kz);
    kgId = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200).node_id;
    officer = await kz.user('off1', 'officer', 'SECRET');
  });
  after(() => Promise.all([kz?.close(), kg?.close()]));

  const outbox = async () => {
    const peers = expectStatus(await kz.api('GET', '/api/v1/peers', undefined, kz.adminToken), 200);
    assert.equal(peers.items.length, 1);
    assert.equal(peers.items[0].node_id, kgId);
    return peers.items[0].outbox;
  };
  const send = (subject) => kz.create('messages', { type: 'notice', subject, recipients: [kgId],
    releasable_countries: ['KG'] }, officer.token);

  it('starts empty, then counts a delivered message', async () => {
    assert.deepEqual(await outbox(), { queued: 0, oldest_queued_at: null, delivered: 0 });
    await send('delivered');
    await until(async () => (await outbox()).delivered === 1, 15_000, 'the message is delivered');
    assert.equal((await outbox()).queued, 0);
  });

  it('counts a message queued while the peer is down, with when it began to wait', async () => {
    await kg.stop();
    const before = new Date().toISOString();
    await send('queued');
    const o = await outbox();
    assert.equal(o.queued, 1);
    assert.equal(o.delivered, 1);
    assert.ok(o.oldest_queued_at >= before.slice(0, 19) && o.oldest_queued_at <= new Date().toISOString(),
      `oldest_queued_at ${o.oldest_queued_at} is when it was sent`);
  });
});
