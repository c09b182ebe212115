// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Envelopes that will never be delivered stop being retried, between real
 * nodes on 127.0.0.1: one the peer refuses (it has not paired with the
 * sender; it changed its keys, so the envelope cannot be opened) ends
 * `refused` after one attempt with the peer's reason, audited, counted in
 * /metrics and announced as message.refused; one for a peer that was
 * removed ends `orphaned`. An administrator lists them (API and CLI) and
 * queues one again once the cause is fixed: it is then delivered once.
 * Failures that may pass (the peer's batch-window 403, a 5xx), staged by a
 * proxy in front of the peer, keep the backoff and deliver by themselves.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, pair, rics, sseEvents, startNode, until } from './lib.mjs';

/* The outbox rows of state on node, through the API. */
async function outbox(node, state) {
  const r = await node.api('GET', `/api/v1/outbox?state=${state}`, undefined, node.adminToken);
  return expectStatus(r, 200, `outbox ${state}`).items;
}

async function refusedGauge(node, peerId) {
  const text = (await node.api('GET', '/metrics')).text;
  const m = new RegExp(`^rics_outbox_refused\\{peer="${peerId}"\\} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

/* The first message.refused event while act runs. */
async function refusedEvent(node, token, act) {
  const ctl = new AbortController();
  const res = await fetch(`${node.url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` }, signal: ctl.signal,
  });
  assert.equal(res.status, 200);
  const timer = setTimeout(() => ctl.abort(), 15_000);
  try {
    await act();
    for await (const e of sseEvents(res))
      if (e.type === 'message.refused') return e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return null;
}

describe('exchange: refused and orphaned envelopes', () => {
  let kz, kg, kgId, kzId, officer;
  const send = (subject) => kz.create('messages', { type: 'notice', subject,
    recipients: [kgId], releasable_countries: ['KG'] }, officer.token);

  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
    /* only Korday pairs: Ak-Zhol refuses what it sends until it pairs too */
    await pair(kz, kg);
    kgId = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200).node_id;
    kzId = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200).node_id;
    officer = await kz.user('duty', 'officer');
    kg.officer = await kg.user('duty', 'officer');
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  test('a peer that has not paired refuses for good; a retry after it pairs delivers once', async () => {
    const msg = await send('before pairing');
    const [row] = await until(async () => {
      const rows = await outbox(kz, 'refused');
      return rows.length && rows;
    }, 15_000, 'the envelope ends refused');
    assert.equal(row.message_id, msg.id);
    assert.equal(row.peer_id, kgId);
    assert.equal(row.attempts, 1);
    assert.match(row.last_error, /is not paired with this node/);
    assert.equal(row.next_at, undefined, 'a refused row is not scheduled');
    /* a transient failure would have been tried again within 1 to 3 s */
    await sleep(2500);
    const [still] = await outbox(kz, 'refused');
    assert.equal(still.attempts, 1, 'no retry of a refused envelope');
    assert.deepEqual(await outbox(kz, 'queued'), []);
    assert.equal(await refusedGauge(kz, kgId), 1);
    const audit = await kz.auditAll();
    assert.ok(audit.some((e) => e.action === 'deliver' && e.outcome === 'denied' &&
      e.actor === kgId && e.object_id === msg.id && /not paired/.test(e.detail)), 'audited');
    const cli = await rics(['outbox', '--state', 'refused', '--json', '--url', kz.url,
      '--token', kz.adminToken]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(cli.stdout.trim().split('\n').map((l) => JSON.parse(l).message_id), [msg.id]);
    const table = await rics(['outbox', 'list', '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /refused/);

    /* the cause fixed, the administrator queues it again */
    await pair(kg, kz);
    const r = await rics(['outbox', 'retry', msg.id, kgId, '--url', kz.url,
      '--token', kz.adminToken]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /queued again/);
    const got = await until(async () => {
      const items = await kg.listAll('messages', kg.officer.token, 'status=received');
      return items.length && items;
    }, 15_000, 'the message arrives after the retry');
    assert.deepEqual(got.map((m) => m.subject), ['before pairing']);
    await until(async () => (await kz.api('GET', `/api/v1/messages/${msg.id}`, undefined,
      officer.token)).json.status === 'delivered', 15_000, 'the original becomes delivered');
    assert.deepEqual(await outbox(kz, 'refused'), []);
    assert.equal(await refusedGauge(kz, kgId), 0);
    assert.ok((await kz.auditAll()).some((e) => e.action === 'requeue' &&
      e.object_id === msg.id && e.detail === kgId), 'the retry is audited');
    /* delivered: nothing to retry, and nothing arrives twice */
    const again = await rics(['outbox', 'retry', msg.id, kgId, '--url', kz.url,
      '--token', kz.adminToken]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /delivered/);
    assert.equal((await kg.listAll('messages', kg.officer.token)).length, 1);
  });

  test('an envelope the peer cannot open (its keys changed) ends refused with its reason', async () => {
    await kg.stop();
    const rot = await rics(['peer', 'rotate-key', kg.dir]);
    assert.equal(rot.code, 0, rot.stderr);
    await kg.restart();
    let msg;
    const ev = await refusedEvent(kz, officer.token, async () => { msg = await send('old key'); });
    assert.ok(ev, 'message.refused is published');
    assert.equal(ev.data.type, 'message');
    assert.equal(ev.data.record.id, msg.id);
    const rows = await outbox(kz, 'refused');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].attempts, 1);
    assert.match(rows[0].last_error, /failed its signature or decryption/);
    assert.equal(await refusedGauge(kz, kgId), 1);
  });

  test('removing a peer orphans what waits for it; the API checks what it is asked', async () => {
    await kg.stop();
    const msg = await send('to a peer about to go');
    const [waiting] = await until(async () => {
      const rows = (await outbox(kz, 'queued')).filter((r) => r.attempts >= 1);
      return rows.length && rows;
    }, 15_000, 'a failed attempt');
    /* a peer that does not answer may come back: retried, not refused */
    assert.equal(waiting.message_id, msg.id);
    /* in curl's words, naming where it was sent */
    assert.match(waiting.last_error, /^no answer from http:\/\/127\.0\.0\.1:\d+\/fed\/v1\/inbox: \S/);
    assert.equal(typeof waiting.next_at, 'string');
    assert.equal((await outbox(kz, 'refused')).length, 1, 'only the envelope of the last test');
    expectStatus(await kz.api('DELETE', `/api/v1/peers/${kgId}`, undefined, kz.adminToken), 204);
    const orphans = await outbox(kz, 'orphaned');
    assert.deepEqual(orphans.map((r) => [r.message_id, r.last_error]),
      [[msg.id, 'the peer was removed']]);
    assert.deepEqual(await outbox(kz, 'queued'), []);
    /* paginated: one row a page, the cursor leads to the next */
    const page = expectStatus(await kz.api('GET', '/api/v1/outbox?limit=1', undefined,
      kz.adminToken), 200);
    assert.equal(page.items.length, 1);
    const next = expectStatus(await kz.api('GET', `/api/v1/outbox?limit=1&after=${page.next_after}`,
      undefined, kz.adminToken), 200);
    assert.equal(next.items.length, 1);
    assert.notEqual(next.items[0].message_id, page.items[0].message_id);

    assertProblem(await kz.api('POST', `/api/v1/outbox/${msg.id}/${kgId}/retry`, undefined,
      kz.adminToken), 422, 'not paired');
    assertProblem(await kz.api('GET', '/api/v1/outbox?state=lost', undefined, kz.adminToken),
      422, "'state'");
    assertProblem(await kz.api('GET', '/api/v1/outbox', undefined, officer.token), 403,
      'administrators');
    assertProblem(await kz.api('POST', `/api/v1/outbox/${msg.id}/${kzId}/retry`, undefined,
      officer.token), 403);
    const bad = await rics(['outbox', '--state', 'lost', '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not queued, refused or orphaned/);
  });
});

/* A proxy in front of a node: passes everything through, or answers the
 * inbox with `fail` = {status, detail} when set. */
async function inboxProxy(target) {
  const proxy = { fail: null, inboxCalls: 0 };
  proxy.server = http.createServer((req, res) => {
    if (req.url === '/fed/v1/inbox') proxy.inboxCalls++;
    if (req.url === '/fed/v1/inbox' && proxy.fail) {
      req.resume();
      res.writeHead(proxy.fail.status, { 'content-type': 'application/problem+json', connection: 'close' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'staged', status: proxy.fail.status,
        detail: proxy.fail.detail }));
      return;
    }
    const out = http.request(`${target.url}${req.url}`, { method: req.method, headers: req.headers },
      (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
    out.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(out);
  });
  await new Promise((r) => proxy.server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${proxy.server.address().port}`;
  return proxy;
}

describe('exchange: failures that may pass are retried', () => {
  let kz, kg, kgId, officer, proxy;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
    proxy = await inboxProxy(kg);
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    kgId = id.node_id;
    expectStatus(await kz.api('POST', '/api/v1/peers', { url: proxy.url,
      fingerprint: id.fingerprint, accreditation: 'CONFIDENTIAL' }, kz.adminToken), 201, 'pair');
    await pair(kg, kz);
    officer = await kz.user('duty', 'officer');
    kg.officer = await kg.user('duty', 'officer');
  });
  after(async () => {
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  for (const fail of [
    { status: 403, detail: 'the batch was sent outside the time window: check both clocks' },
    { status: 503, detail: 'the node is busy' },
  ]) {
    test(`a ${fail.status} keeps the backoff and the envelope arrives once it passes`, async () => {
      proxy.fail = fail;
      const calls = proxy.inboxCalls;
      const msg = await kz.create('messages', { type: 'notice', subject: `through ${fail.status}`,
        recipients: [kgId], releasable_countries: ['KG'] }, officer.token);
      const [row] = await until(async () => {
        const rows = (await outbox(kz, 'queued')).filter((r) => r.attempts >= 2);
        return rows.length && rows;
      }, 15_000, 'two failed attempts');
      assert.equal(row.message_id, msg.id);
      assert.ok(proxy.inboxCalls - calls >= 2);
      assert.deepEqual(await outbox(kz, 'refused'), [], 'not refused');
      proxy.fail = null;
      await until(async () => (await kz.api('GET', `/api/v1/messages/${msg.id}`, undefined,
        officer.token)).json.status === 'delivered', 20_000, 'delivered once it passes');
      const got = (await kg.listAll('messages', kg.officer.token)).filter((m) =>
        m.subject === `through ${fail.status}`);
      assert.equal(got.length, 1);
    });
  }
});
