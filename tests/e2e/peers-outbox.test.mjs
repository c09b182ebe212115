// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/peers gives each peer's outbox and the state of the link to
 * it (the admin's peers screen shows both): a message delivered counts as
 * delivered and leaves the link up; one sent while the peer is down stays
 * queued, with the time the oldest began to wait, and turns the link
 * degraded after the first failed attempt, then down once it has waited
 * longer than link_down_after; the peer back, the message goes through and
 * the link is up again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, borderPair, expectStatus, rics, until } from './lib.mjs';

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
      attempts: 0, next_attempt_at: null, last_error: null, last_delivered_at: null });
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
    assert.match(cli.stdout, /^NODE ID .* LINK +SINCE/m);
    assert.match(cli.stdout, new RegExp(`^${kgId} .* degraded +\\d{4}-`, 'm'));

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
});
