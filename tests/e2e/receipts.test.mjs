// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Live receipts between two paired nodes on 127.0.0.1: when Ak-Zhol (KG)
 * acknowledges a message from Korday (KZ), Korday's event stream announces
 * message.delivered, and when a user at Ak-Zhol reads it, message.read;
 * each carries the message and its outbox row for the peer (as
 * /messages/deliveries lists it). A user at Korday cleared below the
 * message's classification gets neither, though the same stream brings
 * them for an UNCLASSIFIED message sent after it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { borderPair, expectStatus, sseEvents, until } from './lib.mjs';

/* A user's event stream, read in the background into events. */
class Stream {
  constructor(node, token) {
    this.events = [];
    this.ctl = new AbortController();
    this.opened = fetch(`${node.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` }, signal: this.ctl.signal,
    }).then((res) => {
      assert.equal(res.status, 200);
      this.done = (async () => {
        for await (const e of sseEvents(res)) this.events.push(e);
      })().catch(() => {});
    });
  }

  /* The first event of type about message id, waiting for it. */
  async next(type, id, ms = 15_000) {
    const hit = () => this.events.find((e) => e.type === type && e.data.record?.id === id);
    return until(hit, ms, `${type} for ${id}`);
  }

  close() { this.ctl.abort(); }
}

describe('exchange: delivered and read receipts on the live feed', () => {
  let kz, kg, kgId, high, low, reader, highStream, lowStream;

  before(async () => {
    ({ kz, kg, kgId } = await borderPair());
    [high, low, reader] = await Promise.all([kz.user('duty', 'officer', 'SECRET'),
      kz.user('trainee', 'officer', 'UNCLASSIFIED'), kg.user('duty', 'officer', 'SECRET')]);
    highStream = new Stream(kz, high.token);
    lowStream = new Stream(kz, low.token);
    await Promise.all([highStream.opened, lowStream.opened]);
  });
  after(async () => {
    highStream?.close();
    lowStream?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  /* Send from Korday, then read it at Ak-Zhol once it arrived; the events
   * Korday's cleared user got, in the order they came. */
  async function sendAndRead(subject, classification) {
    const sent = await kz.create('messages', { type: 'alert', subject, classification,
      recipients: [kgId], releasable_countries: ['KG'] }, high.token);
    const delivered = await highStream.next('message.delivered', sent.id);
    const atKg = await until(async () => (await kg.listAll('messages', reader.token, 'box=in'))
      .find((m) => m.subject === subject), 15_000, `${subject} reaches Ak-Zhol`);
    assert.equal(highStream.events.some((e) => e.type === 'message.read' && e.data.record?.id === sent.id),
      false, 'not read before anyone opened it');
    expectStatus(await kg.api('GET', `/api/v1/messages/${atKg.id}`, undefined, reader.token), 200);
    const read = await highStream.next('message.read', sent.id);
    return { sent, delivered, read };
  }

  test('delivered, then read, each with the message and its outbox row', async () => {
    const { sent, delivered, read } = await sendAndRead('Restricted: truck at km 12', 'RESTRICTED');
    assert.ok(highStream.events.indexOf(delivered) < highStream.events.indexOf(read));
    const d = delivered.data;
    assert.equal(d.type, 'message');
    assert.equal(d.record.status, 'delivered');
    assert.equal(d.record.classification, 'RESTRICTED');
    assert.equal(d.delivery.message_id, sent.id);
    assert.equal(d.delivery.peer_id, kgId);
    assert.equal(d.delivery.peer_name, 'Ak-Zhol BLO');
    assert.equal(d.delivery.state, 'delivered');
    assert.match(d.delivery.delivered_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(d.delivery.read_at, null);
    const r = read.data;
    assert.equal(r.record.status, 'read');
    assert.equal(r.delivery.peer_id, kgId);
    assert.match(r.delivery.read_at, /^\d{4}-\d\d-\d\dT/);
    /* the same row as the deliveries API shows */
    const rows = expectStatus(await kz.api('GET', `/api/v1/messages/deliveries?ids=${sent.id}`,
      undefined, high.token), 200).items;
    assert.deepEqual(rows, [r.delivery]);
    assert.equal(highStream.events.filter((e) => e.type === 'message.read').length, 1,
      'one read event');
  });

  test('a user cleared below the message gets neither event', async () => {
    const restricted = highStream.events.find((e) => e.type === 'message.delivered').data.record.id;
    /* sent after the RESTRICTED one: once the low stream has its read
     * event, it has passed every event about the first */
    const { sent } = await sendAndRead('Unclassified: road closed', 'UNCLASSIFIED');
    await lowStream.next('message.delivered', sent.id);
    await lowStream.next('message.read', sent.id);
    const leaked = lowStream.events.filter((e) => e.data.record?.id === restricted
      || JSON.stringify(e.data).includes(restricted));
    assert.deepEqual(leaked, [], 'nothing about the RESTRICTED message');
  });
});
