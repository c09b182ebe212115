// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * What the Messages screen asks of the API, between two real nodes paired
 * both ways: the peer directory officers address messages with (no URLs or
 * keys, not for auditors), the inbox and outbox in one request each
 * (box=in / box=out, receipts left out; order=newest), and per recipient when a message
 * was delivered and when its read receipt came back, for a page of
 * messages at once, never above the caller's clearance.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, borderPair, expectStatus, tag, until } from './lib.mjs';

describe('messages screen API: directory, boxes, deliveries', () => {
  let kz, kg, kzOff, kgOff, kgId;
  before(async () => {
    ({ kz, kg, kgId } = await borderPair());
    kzOff = await kz.user('kzoff', 'officer', 'SECRET');
    kgOff = await kg.user('kgoff', 'officer', 'SECRET');
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  test('officers see the peer directory without URLs or keys; auditors do not', async () => {
    const d = expectStatus(await kz.api('GET', '/api/v1/peers/directory', undefined, kzOff.token), 200);
    assert.deepEqual(d.items, [{ node_id: kgId, name: 'Ak-Zhol BLO', country: 'KG',
      agency: 'border', accreditation: 'SECRET' }]);
    const aud = await kz.user('aud', 'auditor');
    assertProblem(await kz.api('GET', '/api/v1/peers/directory', undefined, aud.token), 403,
      'may not create messages');
  });

  test('box=in and box=out split received from sent; receipts stay out', async () => {
    const t = tag();
    const sent = await kz.create('messages', { type: 'alert', subject: `box ${t}`, body: 'x',
      recipients: [kgId], releasable_countries: ['KG'], priority: 'urgent' }, kzOff.token);
    const local = await kz.create('messages', { type: 'notice', subject: `local ${t}`,
      recipients: ['KZ-KORDAY'] }, kzOff.token);
    const inbox = await until(async () => {
      const r = await kg.listAll('messages', kgOff.token, 'box=in');
      return r.some((m) => m.subject === `box ${t}`) && r;
    }, 10_000, 'the alert reaches KG');
    const received = inbox.find((m) => m.subject === `box ${t}`);
    assert.equal(received.status, 'received');
    const out = await kz.listAll('messages', kzOff.token, 'box=out');
    assert.deepEqual(out.map((m) => m.id).sort(), [sent.id, local.id].sort());
    assert.equal((await kz.listAll('messages', kzOff.token, 'box=in')).length, 0);
    /* reading sends a receipt, which is a message of KG's but not in its outbox */
    expectStatus(await kg.api('GET', `/api/v1/messages/${received.id}`, undefined, kgOff.token), 200);
    const all = await kg.listAll('messages', kgOff.token, 'origin_node=' + kgId);
    assert.ok(all.some((m) => m.type === 'receipt'), 'the receipt is stored at KG');
    assert.equal((await kg.listAll('messages', kgOff.token, 'box=out')).length, 0);
    assert.equal((await kg.listAll('messages', kgOff.token, 'box=in&type=alert')).length, 1);
    assertProblem(await kz.api('GET', '/api/v1/messages?box=sideways', undefined, kzOff.token),
      400, "'box' must be in or out");
    assertProblem(await kz.api('GET', `/api/v1/messages?box=in&origin_node=${kgId}`, undefined,
      kzOff.token), 400, "'box' decides origin_node");
  });

  test('order=newest pages from the newest back', async () => {
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push((await kz.create('messages', { type: 'notice', subject: `order ${i}`,
        recipients: ['KZ-KORDAY'] }, kzOff.token)).id);
    const q = '/api/v1/messages?box=out&type=notice&order=newest&limit=2';
    const p1 = expectStatus(await kz.api('GET', q, undefined, kzOff.token), 200);
    assert.deepEqual(p1.items.map((m) => m.id), [made[2], made[1]]);
    const p2 = expectStatus(await kz.api('GET', `${q}&cursor=${p1.next_cursor}`, undefined,
      kzOff.token), 200);
    assert.equal(p2.items[0].id, made[0]);
    assertProblem(await kz.api('GET', '/api/v1/messages?order=sideways', undefined, kzOff.token),
      400, "'order' must be newest or oldest");
  });

  test('deliveries: per peer, delivered then read, a page at a time', async () => {
    const t = tag();
    const body = { type: 'request', subject: `del ${t}`, recipients: [kgId],
      releasable_countries: ['KG'] };
    const m1 = await kz.create('messages', body, kzOff.token);
    const m2 = await kz.create('messages', { ...body, subject: `del2 ${t}` }, kzOff.token);
    const q = `/api/v1/messages/deliveries?ids=${m1.id},${m2.id}`;
    const delivered = await until(async () => {
      const r = expectStatus(await kz.api('GET', q, undefined, kzOff.token), 200);
      return r.items.every((d) => d.state === 'delivered') && r.items;
    }, 10_000, 'both delivered');
    assert.deepEqual(delivered.map((d) => [d.message_id, d.peer_id, d.peer_name, d.read_at]),
      [[m1.id, kgId, 'Ak-Zhol BLO', null], [m2.id, kgId, 'Ak-Zhol BLO', null]].sort());
    assert.match(delivered[0].delivered_at, /^\d{4}-\d\d-\d\dT/);
    const there = await until(async () => (await kg.listAll('messages', kgOff.token, 'box=in'))
      .find((m) => m.subject === `del ${t}`), 10_000, 'the request reaches KG');
    expectStatus(await kg.api('GET', `/api/v1/messages/${there.id}`, undefined, kgOff.token), 200);
    const read = await until(async () => {
      const r = expectStatus(await kz.api('GET', q, undefined, kzOff.token), 200);
      return r.items.find((d) => d.message_id === m1.id && d.read_at) && r.items;
    }, 10_000, 'the read receipt comes back');
    assert.equal(read.find((d) => d.message_id === m2.id).read_at, null, 'only m1 was read');
    assertProblem(await kz.api('GET', '/api/v1/messages/deliveries?ids=x,y', undefined,
      kzOff.token), 400, "'ids' must be");
    assertProblem(await kz.api('GET', '/api/v1/messages/deliveries', undefined, kzOff.token),
      400, 'give ?ids=');
  });

  test('deliveries of a message above the caller\'s clearance are not shown', async () => {
    const secret = await kz.create('messages', { type: 'alert', subject: 'secret', recipients: [kgId],
      releasable_countries: ['KG'], classification: 'SECRET' }, kzOff.token);
    const low = await kz.user('kzlow', 'officer', 'RESTRICTED');
    const r = expectStatus(await kz.api('GET', `/api/v1/messages/deliveries?ids=${secret.id}`,
      undefined, low.token), 200);
    assert.deepEqual(r.items, []);
    const hi = expectStatus(await kz.api('GET', `/api/v1/messages/deliveries?ids=${secret.id}`,
      undefined, kzOff.token), 200);
    assert.equal(hi.items.length, 1);
    assert.equal(hi.items[0].state, 'held', 'a SECRET message waits for approval');
  });
});
