// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange between real nodes on 127.0.0.1: keys made by `rics init`
 * (private files) or by ricsd for an older data directory, the identity
 * and fingerprint, and pairing through the API and the CLI: a fingerprint
 * that does not match is refused, audited and nothing is stored; only
 * administrators pair; a peer can be removed.
 */
import assert from 'node:assert/strict';
import {
  createHash, generateKeyPairSync, X509Certificate,
} from 'node:crypto';
import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  assertProblem, expectStatus, pair, rics, run, signBatch, signingKey, startNode, until,
} from './lib.mjs';

const FP = /^\d{5}( \d{5}){11}$/;

describe('exchange: keys, identity and pairing', () => {
  let kz, kg;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  test('rics init makes private keys; identity and node show the fingerprint', async () => {
    const dir = await stat(path.join(kz.dir, 'keys'));
    assert.equal(dir.mode & 0o777, 0o700);
    for (const f of ['sign.key', 'box.key'])
      assert.equal((await stat(path.join(kz.dir, 'keys', f))).mode & 0o777, 0o600, f);
    const id = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200, 'identity');
    assert.match(id.fingerprint, FP);
    assert.equal(id.name, 'Korday BLO');
    assert.equal(Buffer.from(id.sign_pk, 'base64').length, 32);
    assert.equal(Buffer.from(id.box_pk, 'base64').length, 32);
    const node = expectStatus(await kz.api('GET', '/api/v1/node', undefined, kz.adminToken), 200);
    assert.equal(node.fingerprint, id.fingerprint);
    assert.equal(node.id, id.node_id);
    const other = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200, 'identity');
    assert.notEqual(other.fingerprint, id.fingerprint);
    const r = await rics(['node', '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes(`fingerprint: ${id.fingerprint}`), r.stdout);
  });

  test('a wrong fingerprint is refused, audited, and nothing is stored', async () => {
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    const wrong = id.fingerprint.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    const r = await kz.api('POST', '/api/v1/peers',
      { url: kg.url, fingerprint: wrong, accreditation: 'RESTRICTED' }, kz.adminToken);
    assertProblem(r, 403, 'fingerprint');
    const peers = expectStatus(await kz.api('GET', '/api/v1/peers', undefined, kz.adminToken), 200);
    assert.equal(peers.items.length, 0);
    const audit = await kz.auditAll();
    assert.ok(audit.some((e) => e.action === 'pair' && e.outcome === 'denied' &&
      e.detail === kg.url), 'the refusal is audited');
  });

  test('bad pairing requests get precise problems', async () => {
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: 'ftp://x', fingerprint: id.fingerprint, accreditation: 'SECRET' }, kz.adminToken),
    422, "'url'");
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: kg.url, fingerprint: id.fingerprint, accreditation: 'TOP' }, kz.adminToken),
    422, "'accreditation'");
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: kz.url, fingerprint: id.fingerprint, accreditation: 'SECRET' }, kz.adminToken),
    403, 'fingerprint');
    const self = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200);
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: kz.url, fingerprint: self.fingerprint, accreditation: 'SECRET' }, kz.adminToken),
    422, 'this node itself');
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: 'http://127.0.0.1:1', fingerprint: id.fingerprint, accreditation: 'SECRET' },
      kz.adminToken), 422, 'cannot fetch');
    const officer = await kz.user('officer1', 'officer');
    assertProblem(await kz.api('POST', '/api/v1/peers',
      { url: kg.url, fingerprint: id.fingerprint, accreditation: 'SECRET' }, officer.token),
    403, 'administrators');
    assertProblem(await kz.api('GET', '/api/v1/peers', undefined, officer.token), 403);
  });

  test('both sides pair; a peer can be removed and paired again', async () => {
    const p = await pair(kz, kg, { accreditation: 'RESTRICTED' });
    assert.equal(p.country, 'KG');
    assert.equal(p.accreditation, 'RESTRICTED');
    const kzId = expectStatus(await kz.api('GET', '/fed/v1/identity'), 200);
    /* the CLI, with spaces turned to dashes as someone might type them */
    const r = await rics(['peer', 'add', kz.url + '/', '--fingerprint',
      kzId.fingerprint.replaceAll(' ', '-'), '--accreditation', 'CONFIDENTIAL',
      '--country', 'KZ', '--url', kg.url, '--token', kg.adminToken]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /paired with 'Korday BLO' \(KZ, border\)/);
    const list = await rics(['peer', 'list', '--json', '--url', kg.url, '--token', kg.adminToken]);
    assert.equal(list.code, 0, list.stderr);
    const peers = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(peers.map((x) => [x.node_id, x.url, x.fingerprint]),
      [[kzId.node_id, kz.url, kzId.fingerprint]]);
    assertProblem(await kz.api('POST', '/api/v1/peers', { url: kg.url,
      fingerprint: p.fingerprint, accreditation: 'SECRET' }, kz.adminToken), 409, 'already');
    const rm1 = await rics(['peer', 'remove', p.node_id, '--url', kz.url, '--token', kz.adminToken]);
    assert.equal(rm1.code, 0, rm1.stderr);
    assertProblem(await kz.api('DELETE', `/api/v1/peers/${p.node_id}`, undefined,
      kz.adminToken), 404, 'no peer');
    await pair(kz, kg, { accreditation: 'SECRET' });
    const after1 = expectStatus(await kz.api('GET', '/api/v1/peers', undefined, kz.adminToken), 200);
    assert.deepEqual(after1.items.map((x) => x.accreditation), ['SECRET']);
  });

  test('ricsd makes keys for a data directory that has none, and logs it', async () => {
    const before1 = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    await kg.stop();
    await rm(path.join(kg.dir, 'keys'), { recursive: true });
    await kg.launch(0);
    assert.match(kg.log, /exchange keys created/);
    const now = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    assert.equal(now.node_id, before1.node_id);
    assert.notEqual(now.fingerprint, before1.fingerprint);
  });
});

const inbox = (node) => node.listAll('messages', node.officer.token, 'status=received');

describe('exchange: three nodes send and receive', () => {
  let kz, kg, sc, ids;
  before(async () => {
    [kz, kg, sc] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
      startNode({ name: 'KZ situation centre', country: 'KZ' }),
    ]);
    const nodes = [kz, kg, sc];
    for (const a of nodes) for (const b of nodes) if (a !== b) await pair(a, b);
    ids = {};
    for (const n of nodes) n.officer = await n.user('duty', 'officer');
    for (const n of nodes) ids[n.url] = expectStatus(await n.api('GET', '/fed/v1/identity'), 200).node_id;
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close(), sc?.close()]); });

  test('an alert sent by one node arrives at the others with its content', async () => {
    const sent = await kz.create('messages', {
      type: 'alert', subject: 'Convoy heading south', body: 'white Kamaz 01KZ777, 3 persons',
      recipients: [ids[kg.url], ids[sc.url]], priority: 'urgent', classification: 'RESTRICTED',
      releasable_countries: ['KG', 'KZ'],
    }, kz.officer.token);
    assert.equal(sent.status, 'queued');
    for (const n of [kg, sc]) {
      const got = await until(async () => (await inbox(n)).find((m) =>
        m.subject === 'Convoy heading south'), 15_000, `alert at ${n.url}`);
      assert.equal(got.body, 'white Kamaz 01KZ777, 3 persons');
      assert.equal(got.origin_node, ids[kz.url]);
      assert.equal(got.classification, 'RESTRICTED');
      assert.equal(got.priority, 'urgent');
    }
    const mine = await until(async () => {
      const r = expectStatus(await kz.api('GET', `/api/v1/messages/${sent.id}`, undefined,
        kz.officer.token), 200);
      return r.status === 'delivered' && r;
    }, 15_000, 'sender marks the message delivered');
    assert.equal(mine.id, sent.id);
    const audit = await kg.auditAll();
    assert.ok(audit.some((e) => e.action === 'receive' && e.outcome === 'ok'));
  });

  test('reading sends a receipt back; replies thread on both nodes', async () => {
    const sent = await kz.create('messages', { type: 'request', subject: 'Who owns 01KZ777?',
      recipients: [ids[kg.url]], releasable_countries: ['KG'] }, kz.officer.token);
    const atKg = await until(async () => (await inbox(kg)).find((m) =>
      m.subject === 'Who owns 01KZ777?'), 15_000, 'request at kg');
    const read = expectStatus(await kg.api('GET', `/api/v1/messages/${atKg.id}`, undefined,
      kg.officer.token), 200, 'kg reads it');
    assert.equal(read.status, 'read');
    const due = Date.parse(read.reply_by) - Date.parse(sent.created_at);
    assert.ok(Math.abs(due - 7 * 86400e3) < 60e3, `a normal request is due in 7 days: ${read.reply_by}`);
    await until(async () => expectStatus(await kz.api('GET', `/api/v1/messages/${sent.id}`,
      undefined, kz.officer.token), 200).status === 'read', 15_000, 'read receipt reaches kz');

    const reply = await kg.api('POST', `/api/v1/messages/${atKg.id}/reply`,
      { body: 'Registered to a KG company' }, kg.officer.token);
    expectStatus(reply, 201, 'kg replies');
    assert.equal(reply.json.thread_id, atKg.id);
    assert.equal(reply.json.type, 'reply');
    const back = await until(async () => (await inbox(kz)).find((m) =>
      m.subject === 'Re: Who owns 01KZ777?'), 15_000, 'reply at kz');
    assert.equal(back.thread_id, sent.id, 'the reply joins the thread at the sender');
    assert.equal(back.body, 'Registered to a KG company');
    const again = expectStatus(await kz.api('POST', `/api/v1/messages/${back.id}/reply`,
      { subject: 'thanks', body: 'noted' }, kz.officer.token), 201, 'kz answers the reply');
    assert.equal(again.thread_id, sent.id);
    const last = await until(async () => (await inbox(kg)).find((m) => m.subject === 'thanks'),
      15_000, 'second reply at kg');
    assert.equal(last.thread_id, atKg.id, 'the thread is the same at the other end');
    assertProblem(await kz.api('POST', `/api/v1/messages/${sent.id}/reply`, { body: 'x' },
      kz.officer.token), 422, 'not received from a paired node');
  });

  test('a request past its reply_by is overdue until answered, and announced once', async () => {
    const events = [];
    const ac = new AbortController();
    const feed = fetch(`${kg.url}/api/v1/events`, { headers: { authorization:
      `Bearer ${kg.officer.token}` }, signal: ac.signal }).then(async (res) => {
      const dec = new TextDecoder();
      for await (const chunk of res.body) events.push(dec.decode(chunk));
    }).catch(() => {});
    const replyBy = new Date(Date.now() + 1500).toISOString();
    await kz.create('messages', { type: 'request', subject: 'Reply quickly', recipients: [ids[kg.url]],
      releasable_countries: ['KG'], reply_by: replyBy }, kz.officer.token);
    const overdue = async () => expectStatus(await kg.api('GET', '/api/v1/messages/overdue',
      undefined, kg.officer.token), 200).items.filter((m) => m.subject === 'Reply quickly');
    const [late] = await until(async () => { const o = await overdue(); return o.length && o; },
      15_000, 'the request becomes overdue at kg');
    await until(() => events.join('').includes('message.overdue'), 10_000, 'message.overdue event');
    assert.equal(events.join('').split('event: message.overdue').length - 1, 1, 'announced once');
    ac.abort();
    await feed;
    const overdueAtKz = async () => expectStatus(await kz.api('GET', '/api/v1/messages/overdue',
      undefined, kz.officer.token), 200).items.filter((m) => m.subject === 'Reply quickly');
    assert.equal((await overdueAtKz()).length, 1, 'overdue at the sender too');
    expectStatus(await kg.api('POST', `/api/v1/messages/${late.id}/reply`, { body: 'done' },
      kg.officer.token), 201, 'answer');
    assert.deepEqual(await overdue(), [], 'answered: no longer overdue');
    await until(async () => (await overdueAtKz()).length === 0, 15_000,
      'the answer reaches kz: no longer overdue there');
  });

  test('attached records arrive with their origin; not releasable or H2 onward: refused', async () => {
    const person = await kz.create('persons', { surname: 'Testov', given_names: 'Ivan',
      birth_date: '1980-05-17', releasable_countries: ['KG'], handling: 'H2',
      classification: 'RESTRICTED' }, kz.officer.token);
    const national = await kz.create('persons', { surname: 'Nationalov' }, kz.officer.token);
    assertProblem(await kz.api('POST', '/api/v1/messages', { type: 'notice', subject: 'no',
      recipients: [ids[kg.url]], releasable_countries: ['KG'],
      attachments: [{ type: 'persons', id: national.id }] }, kz.officer.token), 403, 'not releasable');
    assertProblem(await kz.api('POST', '/api/v1/messages', { type: 'notice', subject: 'no',
      recipients: [ids[kg.url]], releasable_countries: ['KG'],
      attachments: [{ type: 'persons', id: '019a0000-0000-7000-8000-000000000001' }] },
    kz.officer.token), 422, 'attachment 1');
    await kz.create('messages', { type: 'notice', subject: 'with a person', recipients: [ids[kg.url]],
      releasable_countries: ['KG'], attachments: [{ type: 'persons', id: person.id }] }, kz.officer.token);
    await until(async () => (await inbox(kg)).some((m) => m.subject === 'with a person'),
      15_000, 'message with attachment at kg');
    const there = (await kg.listAll('persons', kg.officer.token)).filter((p) => p.surname === 'Testov');
    assert.equal(there.length, 1);
    assert.equal(there[0].origin_node, ids[kz.url]);
    assert.equal(there[0].handling, 'H2');
    assert.ok(!(await kg.listAll('persons', kg.officer.token)).some((p) => p.surname === 'Nationalov'));
    /* kg may not pass an H2 record on to a third node */
    assertProblem(await kg.api('POST', '/api/v1/messages', { type: 'notice', subject: 'onward',
      recipients: [ids[sc.url]], releasable_countries: ['KZ'],
      attachments: [{ type: 'persons', id: there[0].id }] }, kg.officer.token), 403, 'H2');
  });

  test('rics send and rics inbox', async () => {
    let r = await rics(['send', '--to', ids[kg.url], '--subject', 'from the CLI', '--body', 'hello',
      '--type', 'notice', '--releasable', 'KG', '--url', sc.url, '--token', sc.officer.token]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /queued for delivery/);
    await until(async () => (await inbox(kg)).some((m) => m.subject === 'from the CLI'),
      15_000, 'CLI message at kg');
    r = await rics(['inbox', '--json', '--url', kg.url, '--token', kg.officer.token]);
    assert.equal(r.code, 0, r.stderr);
    const got = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((m) => m.subject === 'from the CLI');
    assert.equal(got.origin_node, ids[sc.url]);
    r = await rics(['send', '--subject', 'nobody', '--url', sc.url, '--token', sc.officer.token]);
    assert.equal(r.code, 2, 'missing --to is a usage error');
    assert.match(r.stderr, /missing --to/);
  });

  test('what a peer may not receive never leaves', async () => {
    const before1 = (await inbox(kg)).length;
    assertProblem(await kz.api('POST', '/api/v1/messages', {
      type: 'notice', subject: 'national only', recipients: [ids[kg.url]],
    }, kz.officer.token), 403, 'not releasable');
    assertProblem(await kz.api('POST', '/api/v1/messages', {
      type: 'notice', subject: 'too secret', recipients: [ids[kg.url]], classification: 'SECRET',
      releasable_countries: ['KG'],
    }, kz.officer.token), 403, 'accredited up to CONFIDENTIAL');
    assertProblem(await kz.api('POST', '/api/v1/messages', {
      type: 'notice', subject: 'nobody', recipients: ['019a0000-0000-7000-8000-00000000000a'],
      releasable_countries: ['KG'],
    }, kz.officer.token), 422, 'not a paired node');
    const sent = await kz.listAll('messages', kz.officer.token);
    assert.ok(!sent.some((m) => ['national only', 'too secret', 'nobody'].includes(m.subject)));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await inbox(kg)).length, before1);
  });
});

/**
 * A recording proxy in front of a node: every POST to /fed/v1/inbox is kept
 * (body and answer); with hold set it forwards but keeps the answer back
 * until released, so the sender can be killed in the middle of a batch.
 */
async function startProxy(target) {
  const proxy = { batches: [], hold: false, held: [], target };
  proxy.server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const r = await fetch(proxy.target.url + req.url, {
      method: req.method, body: req.method === 'POST' ? body : undefined,
      headers: { 'content-type': 'application/json', connection: 'close' },
    }).catch(() => null);
    if (!r) { res.writeHead(502).end(); return; }
    const text = await r.text();
    if (req.url === '/fed/v1/inbox') proxy.batches.push({ body: body.toString(), status: r.status, text });
    const answer = () => res.writeHead(r.status, { 'content-type': r.headers.get('content-type') }).end(text);
    if (proxy.hold && req.url === '/fed/v1/inbox') proxy.held.push(answer); else answer();
  });
  await new Promise((ok) => proxy.server.listen(0, '127.0.0.1', ok));
  proxy.url = `http://127.0.0.1:${proxy.server.address().port}`;
  proxy.close = () => new Promise((ok) => { proxy.server.closeAllConnections(); proxy.server.close(ok); });
  return proxy;
}

describe('exchange: approval before sending', () => {
  let kz, kg, kgId, boss;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
    await pair(kz, kg, { accreditation: 'SECRET' });
    await pair(kg, kz, { accreditation: 'SECRET' });
    for (const n of [kz, kg]) n.officer = await n.user('duty', 'officer');
    boss = await kz.user('chief', 'supervisor');
    kgId = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200).node_id;
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  const compose = (subject) => kz.create('messages', { type: 'request', subject,
    recipients: [kgId], classification: 'CONFIDENTIAL', releasable_countries: ['KG'] },
  kz.officer.token);

  test('a message at the approval level waits for a supervisor, then goes', async () => {
    const m = await compose('needs approval');
    assert.equal(m.status, 'pending_approval');
    const pending = await kz.listAll('messages', boss.token, 'status=pending_approval');
    assert.deepEqual(pending.map((x) => x.id), [m.id]);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await inbox(kg)).length, 0, 'nothing leaves before approval');
    assertProblem(await kz.api('POST', `/api/v1/messages/${m.id}/approve`, undefined,
      kz.officer.token), 403, 'supervisor');
    const ok = expectStatus(await kz.api('POST', `/api/v1/messages/${m.id}/approve`, undefined,
      boss.token), 200, 'approve');
    assert.equal(ok.status, 'queued');
    assertProblem(await kz.api('POST', `/api/v1/messages/${m.id}/approve`, undefined,
      boss.token), 409, 'not pending');
    const got = await until(async () => (await inbox(kg)).find((x) => x.subject === 'needs approval'),
      15_000, 'approved message arrives');
    assert.equal(got.classification, 'CONFIDENTIAL');
    const audit = await kz.auditAll();
    assert.ok(audit.some((e) => e.action === 'approve' && e.object_id === m.id && e.actor === 'chief'));
  });

  test('a rejected message never leaves', async () => {
    const m = await compose('rejected one');
    const r = expectStatus(await kz.api('POST', `/api/v1/messages/${m.id}/reject`, undefined,
      boss.token), 200, 'reject');
    assert.equal(r.status, 'rejected');
    await new Promise((res) => setTimeout(res, 800));
    assert.ok(!(await inbox(kg)).some((x) => x.subject === 'rejected one'));
    const metrics = (await kz.api('GET', '/metrics')).text;
    assert.match(metrics, new RegExp(`rics_exchange_queued\\{peer="${kgId}"\\} 0\n`));
  });
});

describe('exchange: refusals, outages and crashes', () => {
  let kz, kg, proxy, ids, key;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
    proxy = await startProxy(kg);
    /* kz reaches kg only through the proxy */
    const kgId = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200);
    expectStatus(await kz.api('POST', '/api/v1/peers', { url: proxy.url,
      fingerprint: kgId.fingerprint, accreditation: 'SECRET' }, kz.adminToken), 201);
    await pair(kg, kz);
    for (const n of [kz, kg]) n.officer = await n.user('duty', 'officer');
    ids = { kz: expectStatus(await kz.api('GET', '/fed/v1/identity'), 200).node_id, kg: kgId.node_id };
    key = await signingKey(kz);
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close(), proxy?.close()]); });

  const send = (subject) => kz.create('messages', { type: 'notice', subject,
    recipients: [ids.kg], releasable_countries: ['KG'] }, kz.officer.token);
  const received = async (subject) => (await inbox(kg)).filter((m) => m.subject === subject);
  const refusals = async () => (await kg.auditAll()).filter((e) => e.action === 'receive' &&
    e.outcome === 'denied');

  test('replayed, tampered, forged, unknown and stale batches are refused and audited', async () => {
    await send('original');
    await until(async () => (await received('original')).length === 1, 15_000, 'delivered');
    const first = proxy.batches.find((b) => b.status === 200);
    const batch = JSON.parse(first.body);
    const count = async () => (await inbox(kg)).length;
    const n0 = await count(), r0 = (await refusals()).length;
    const post = (body) => kg.api('POST', '/fed/v1/inbox', body);

    /* the same POST again */
    assertProblem(await post(first.body), 401, 'replayed');
    /* the same envelope in a fresh, validly signed batch: acknowledged, not stored twice */
    let r = expectStatus(await post(signBatch(key, batch.envelopes, { sender: ids.kz, to: ids.kg })), 200);
    assert.deepEqual(r.acks.map((a) => a.status), ['duplicate']);
    /* ciphertext altered (one character of ct), the batch signed again */
    const env = structuredClone(batch.envelopes[0]);
    const inner = JSON.parse(env.signed);
    inner.id = '019a0000-0000-7000-8000-0000000000ff';
    inner.ct = (inner.ct[0] === 'A' ? 'B' : 'A') + inner.ct.slice(1);
    env.signed = JSON.stringify(inner);
    r = expectStatus(await post(signBatch(key, [env], { sender: ids.kz, to: ids.kg })), 200);
    assert.deepEqual(r.acks.map((a) => a.status), ['refused']);
    /* signed by a key that is not the sender's */
    const { privateKey } = generateKeyPairSync('ed25519');
    assertProblem(await post(signBatch(privateKey, batch.envelopes, { sender: ids.kz, to: ids.kg })),
      401, 'signature');
    /* from a node that is not paired */
    assertProblem(await post(signBatch(key, batch.envelopes,
      { sender: '019a0000-0000-7000-8000-0000000000aa', to: ids.kg })), 401, 'not paired');
    /* sent six minutes ago (the window is five) */
    assertProblem(await post(signBatch(key, batch.envelopes,
      { sender: ids.kz, to: ids.kg, sent_at: Date.now() - 6 * 60_000 })), 403, 'time window');
    /* not a batch at all */
    assertProblem(await post({ hello: 1 }), 400, 'not a signed batch');

    assert.equal(await count(), n0, 'nothing more stored');
    assert.ok((await refusals()).length >= r0 + 5, 'each refusal is audited');
  });

  test('a peer down for a while: messages queue and all arrive once it returns', async () => {
    await kg.stop();
    const subjects = ['down-1', 'down-2', 'down-3'];
    for (const s of subjects) await send(s);
    await new Promise((r) => setTimeout(r, 1500));
    const queued = await kz.listAll('messages', kz.officer.token, 'status=queued');
    assert.deepEqual(queued.map((m) => m.subject).filter((s) => s.startsWith('down-')).sort(), subjects);
    const metrics = (await kz.api('GET', '/metrics')).text;
    assert.match(metrics, new RegExp(`rics_exchange_queued\\{peer="${ids.kg}"\\} 3\n`));
    await kg.restart();
    proxy.target = kg;
    for (const s of subjects)
      await until(async () => (await received(s)).length === 1, 30_000, `${s} arrives`);
    await new Promise((r) => setTimeout(r, 500));
    for (const s of subjects) assert.equal((await received(s)).length, 1, `${s} once`);
    const after1 = (await kz.api('GET', '/metrics')).text;
    assert.match(after1, new RegExp(`rics_exchange_queued\\{peer="${ids.kg}"\\} 0\n`));
    assert.match(after1, new RegExp(`rics_exchange_delivery_seconds_count\\{peer="${ids.kg}"\\} 4\n`));
  });

  test('the sender killed -9 in the middle of a batch: each message arrives exactly once', async () => {
    proxy.hold = true;
    const subjects = ['crash-1', 'crash-2'];
    for (const s of subjects) await send(s);
    /* kg stored the batch; its answer is held, so kz never hears the ack */
    await until(async () => (await received('crash-2')).length === 1 && proxy.held.length > 0,
      15_000, 'batch stored at kg, ack held');
    await kz.kill9();
    proxy.hold = false;
    proxy.held.splice(0).forEach((answer) => answer());
    await kz.launch(0);
    await kz.login('duty', kz.officer.password).then((s) => { kz.officer.token = s.token; });
    await until(async () => {
      const mine = await kz.listAll('messages', kz.officer.token);
      return subjects.every((s) => mine.find((m) => m.subject === s)?.status === 'delivered');
    }, 30_000, 'kz resends after the restart and marks both delivered');
    for (const s of subjects) assert.equal((await received(s)).length, 1, `${s} exactly once`);
  });
});

describe('exchange: over HTTPS with a pinned key', () => {
  let kz, kg, pin, kgId;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' }),
    ]);
    const cert = path.join(kg.root, 'cert.pem'), certKey = path.join(kg.root, 'key.pem');
    const r = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt',
      'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', certKey, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    assert.equal(r.code, 0, r.stderr);
    await appendFile(path.join(kg.dir, 'rics.conf'), `tls_cert = ${cert}\ntls_key = ${certKey}\n`);
    await kg.stop();
    await kg.launch(0);
    kg.url = `https://127.0.0.1:${kg.port}`;
    const spki = new X509Certificate(await readFile(cert)).publicKey.export({ type: 'spki', format: 'der' });
    pin = `sha256//${createHash('sha256').update(spki).digest('base64')}`;
  });
  after(async () => { await Promise.all([kz?.close(), kg?.close()]); });

  test('pairing checks the pinned key; messages go over TLS', async () => {
    const id = await run('curl', ['-sk', `${kg.url}/fed/v1/identity`]);
    assert.equal(id.code, 0, id.stderr);
    kgId = JSON.parse(id.stdout);
    const body = { url: kg.url, fingerprint: kgId.fingerprint, accreditation: 'RESTRICTED' };
    assert.equal(kgId.tls_pin, pin, 'ricsd signs the pin of the certificate openssl made');
    const wrongPin = `sha256//${createHash('sha256').update('another key').digest('base64')}`;
    assertProblem(await kz.api('POST', '/api/v1/peers', { ...body, tls_pin: wrongPin },
      kz.adminToken), 403, 'not the one the node at', 'a pin of another key');
    const peer = expectStatus(await kz.api('POST', '/api/v1/peers', { ...body, tls_pin: pin },
      kz.adminToken), 201, 'the right pin');
    assert.equal(peer.tls_pin, pin);
    const officer = await kz.user('duty', 'officer');
    await kz.create('messages', { type: 'notice', subject: 'over TLS', recipients: [kgId.node_id],
      releasable_countries: ['KG'] }, officer.token);
    /* kg has not paired with kz: kz's batches are refused (401) and stay queued */
    await new Promise((res) => setTimeout(res, 1000));
    const queued = await kz.listAll('messages', officer.token, 'status=queued');
    assert.ok(queued.some((m) => m.subject === 'over TLS'), 'an unpaired receiver stores nothing');
    const audit = await run('curl', ['-sk', '-H', `Authorization: Bearer ${kg.adminToken}`,
      `${kg.url}/api/v1/audit?limit=500`]);
    assert.ok(JSON.parse(audit.stdout).items.some((e) => e.action === 'receive' &&
      e.outcome === 'denied' && /not paired/.test(e.detail)), 'the refusal is audited at kg');
  });
});
