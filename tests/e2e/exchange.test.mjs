// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange between real nodes on 127.0.0.1: keys made by `rics init`
 * (private files) or by ricsd for an older data directory, the identity
 * and fingerprint, and pairing through the API and the CLI: a fingerprint
 * that does not match is refused, audited and nothing is stored; only
 * administrators pair; a peer can be removed.
 */
import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, pair, rics, startNode, until } from './lib.mjs';

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
