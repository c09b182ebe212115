// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/peers gives each peer's outbox and the state of the link to
 * it (the admin's peers screen shows both): a message delivered counts as
 * delivered and leaves the link up; one sent while the peer is down stays
 * queued, with the time the oldest began to wait, and turns the link
 * degraded after the first failed attempt, then down once it has waited
 * longer than link_down_after; the peer back, the message goes through and
 * the link is up again. The link also says when the peer's node last
 * reached this one (last_heard_at): set by a batch this node accepts, never
 * by one it refuses (unsigned, forged, stale or replayed), and shown by
 * `rics peer list`.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  assertProblem, borderPair, expectStatus, rics, signBatch, signingKey, until,
} from './lib.mjs';

describe('peers with their outbox and link state', () => {
  let kz, kg, officer, kgId;

  before(async () => {
    ({ kz, kg, kgId } = await borderPair());
    officer = await kz.user('off1', 'officer', 'SECRET');
  });
  after(() => Promise.all([kz?.close(), kg?.close()]));

  const peers = async (query = '') => {
    const r = expectStatus(await kz.api('GET', `/api/v1/peers${query}`, undefined, kz.adminToken), 200);
    assert.equal(r.items.length, 1);
    assert.equal(r.items[0].node_id, kgId);
    return r;
  };
  const outbox = async () => (await peers()).items[0].outbox;
  const link = async (query) => (await peers(query)).items[0].link;
  const send = (subject) => kz.create('messages', { type: 'notice', subject, recipients: [kgId],
    releasable_countries: ['KG'] }, officer.token);

  it('starts empty and up, then counts a delivered message', async () => {
    assert.deepEqual(await outbox(), { queued: 0, oldest_queued_at: null, delivered: 0 });
    const r = await peers();
    assert.equal(r.link_down_after, 3600, 'the window of the BCP states by default');
    assert.equal(r.items[0].state, 'active', 'the administrative state stays apart');
    assert.deepEqual(r.items[0].link, { state: 'up', waiting: 0, oldest_waiting_at: null,
      attempts: 0, next_attempt_at: null, last_error: null, last_delivered_at: null,
      last_heard_at: null });
    const before = new Date().toISOString().slice(0, 19);
    await send('delivered');
    await until(async () => (await outbox()).delivered === 1, 15_000, 'the message is delivered');
    assert.equal((await outbox()).queued, 0);
    const l = await link();
    assert.equal(l.state, 'up');
    assert.ok(l.last_delivered_at >= before, `last_delivered_at ${l.last_delivered_at} is now`);
  });

  it('counts a message queued while the peer is down; the link degrades, then goes down', async () => {
    await kg.stop();
    const before = new Date().toISOString();
    await send('queued');
    const o = await outbox();
    assert.equal(o.queued, 1);
    assert.equal(o.delivered, 1);
    assert.ok(o.oldest_queued_at >= before.slice(0, 19) && o.oldest_queued_at <= new Date().toISOString(),
      `oldest_queued_at ${o.oldest_queued_at} is when it was sent`);

    const degraded = await until(async () => {
      const l = await link();
      return l.state === 'degraded' && l;
    }, 15_000, 'the first attempt fails: degraded');
    assert.equal(degraded.waiting, 1);
    assert.equal(degraded.oldest_waiting_at, o.oldest_queued_at);
    assert.ok(degraded.attempts >= 1);
    assert.match(degraded.last_error, /^no answer from http:\/\/127\.0\.0\.1:\d+\/fed\/v1\/inbox: \S/);
    assert.equal(typeof degraded.next_attempt_at, 'string');
    assert.equal(typeof degraded.last_delivered_at, 'string', 'the earlier delivery is kept');
    const cli = await rics(['peer', 'list', '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^NODE ID .* LINK +HEARD +SINCE/m);
    assert.match(cli.stdout, new RegExp(`^${kgId} .* degraded +- +\\d{4}-`, 'm'));

    /* a one-second window: the message has waited longer than that soon */
    const down = await until(async () => {
      const r = await peers('?link_down_after=1');
      return r.items[0].link.state === 'down' && r;
    }, 15_000, 'down once the message waited longer than the window');
    assert.equal(down.link_down_after, 1);
    assert.equal((await link()).state, 'degraded', 'within the default hour it is degraded');
  });

  it('refuses a window it cannot use', async () => {
    for (const q of ['0', '-5', 'soon', String(7 * 86400 + 1)])
      assertProblem(await kz.api('GET', `/api/v1/peers?link_down_after=${q}`, undefined,
        kz.adminToken), 400, 'link_down_after', `link_down_after=${q}`);
  });

  it('is up again once the peer is back and the message went through', async () => {
    await kg.restart();
    await until(async () => (await outbox()).queued === 0, 30_000, 'the retry delivers it');
    const l = await link('?link_down_after=1');
    assert.equal(l.state, 'up');
    assert.equal(l.waiting, 0);
    assert.equal(l.last_error, null);
  });

  it('hears from the peer through a batch it accepts, never through one it refuses', async () => {
    const heard = async () => (await link()).last_heard_at;
    const kzId = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200).node_id;
    const kgKey = await signingKey(kg);
    const post = (body) => kz.api('POST', '/fed/v1/inbox', body);
    /* each in kg's name: only the last is signed with kg's key, but stale */
    const refused = async () => {
      assertProblem(await post({ hello: 1 }), 400, 'not a signed batch');
      assertProblem(await post(signBatch(generateKeyPairSync('ed25519').privateKey, [],
        { sender: kgId, to: kzId })), 401, 'signature');
      assertProblem(await post(signBatch(kgKey, [], { sender: kgId, to: kzId,
        sent_at: Date.now() - 6 * 60_000 })), 403, 'time window');
    };
    assert.equal(await heard(), null, 'kg has sent nothing yet');
    await refused();
    assert.equal(await heard(), null, 'a refused batch is not hearing from kg');

    const before = new Date().toISOString();
    const kgOfficer = await kg.user('off2', 'officer', 'SECRET', { country: 'KG' });
    await kg.create('messages', { type: 'notice', subject: 'from kg', recipients: [kzId],
      releasable_countries: ['KZ'] }, kgOfficer.token);
    const first = await until(heard, 15_000, 'kg delivers its message to kz');
    assert.ok(first >= before && first <= new Date().toISOString(), `last_heard_at ${first} is now`);
    assert.equal((await link()).state, 'up', 'nothing of ours waits: the state is ours alone');
    const cli = await rics(['peer', 'list', '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`^${kgId} .* up +${first} +\\d{4}-`, 'm'));

    /* an empty batch kg signs is heard; the same batch again is a replay */
    const batch = signBatch(kgKey, [], { sender: kgId, to: kzId });
    await sleep(5);
    expectStatus(await post(batch), 200, 'an empty signed batch');
    const second = await heard();
    assert.ok(second > first, `${second} after ${first}`);
    await sleep(5);
    assertProblem(await post(batch), 401, 'replayed');
    await refused();
    assert.equal(await heard(), second, 'refused batches leave it as it was');
  });
});
