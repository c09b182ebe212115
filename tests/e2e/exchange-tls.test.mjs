// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange over HTTPS with the certificates `rics init --tls` makes:
 * two nodes pair by fingerprint alone (no --tls-pin), each learning the
 * other's pin from its signed identity, and a message crosses. A machine in
 * the middle that relays the true identity under its own certificate is
 * refused at pairing, and so is one that strips the pin or swaps in its own. The nodes' certificates are self-signed, so this
 * file's own fetch calls do not verify them (NODE_TLS_REJECT_UNAUTHORIZED,
 * this test process only); ricsd itself verifies by pin.
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, expectStatus, rics, run, startNode, until } from './lib.mjs';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/* Relays every request to target under its own certificate; rewrite(id)
 * may alter the identity on its way. */
async function mitmProxy(target, key, cert, rewrite = (id) => id) {
  const server = https.createServer({ key, cert }, async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const r = await fetch(target.url + req.url, { method: req.method,
      headers: { 'content-type': 'application/json' },
      body: req.method === 'GET' ? undefined : Buffer.concat(chunks) });
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain' });
    if (req.url === '/fed/v1/identity') res.end(JSON.stringify(rewrite(await r.json())));
    else res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const pinOf = (pem) => `sha256//${createHash('sha256').update(new X509Certificate(pem)
  .publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`;

describe('exchange: HTTPS with the certificates rics init --tls makes', () => {
  let kz, kg, proxy, rewriting, mitmPin, rewrite = (id) => id;
  before(async () => {
    [kz, kg] = await Promise.all([
      startNode({ name: 'Korday BLO', country: 'KZ', tls: true }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG', tls: true }),
    ]);
    const key = path.join(kz.root, 'mitm-key.pem'), cert = path.join(kz.root, 'mitm-cert.pem');
    const r = await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt',
      'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    assert.equal(r.code, 0, r.stderr);
    const [k, c] = [await readFile(key), await readFile(cert)];
    mitmPin = pinOf(c);
    proxy = await mitmProxy(kg, k, c);
    rewriting = await mitmProxy(kg, k, c, (id) => rewrite(id));
  });
  after(async () => {
    proxy?.close();
    rewriting?.close();
    await Promise.all([kz?.close(), kg?.close()]);
  });

  test('the identity carries the pin of the certificate served, signed', async () => {
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200, 'identity');
    assert.equal(id.tls_pin, pinOf(await readFile(path.join(kg.dir, 'tls', 'cert.pem'))));
    assert.match(id.tls_pin_sig, /^[A-Za-z0-9+/]{86}==$/);
  });

  test('a machine in the middle relaying the true identity is refused', async () => {
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200, 'identity');
    const url = `https://127.0.0.1:${proxy.address().port}`;
    assertProblem(await kz.api('POST', '/api/v1/peers', { url, fingerprint: id.fingerprint,
      accreditation: 'RESTRICTED' }, kz.adminToken), 403, 'machine in the middle', 'the proxy');
    const peers = expectStatus(await kz.api('GET', '/api/v1/peers', undefined, kz.adminToken), 200);
    assert.equal(peers.items.length, 0, 'nothing stored');
  });

  test('an identity whose pin is missing or not signed by its key is refused', async () => {
    const id = expectStatus(await kg.api('GET', '/fed/v1/identity'), 200, 'identity');
    const body = { url: `https://127.0.0.1:${rewriting.address().port}`,
      fingerprint: id.fingerprint, accreditation: 'RESTRICTED' };
    rewrite = ({ tls_pin: _p, tls_pin_sig: _s, ...rest }) => rest;
    assertProblem(await kz.api('POST', '/api/v1/peers', body, kz.adminToken), 422,
      'no signed TLS pin', 'the pin stripped');
    rewrite = (i) => ({ ...i, tls_pin: mitmPin });
    assertProblem(await kz.api('POST', '/api/v1/peers', body, kz.adminToken), 403,
      'not signed by its key', "the proxy's own pin under the node's signature");
    rewrite = (i) => ({ ...i, tls_pin_sig: i.tls_pin_sig.replace(/^./, (ch) => ch === 'A' ? 'B' : 'A') });
    assertProblem(await kz.api('POST', '/api/v1/peers', body, kz.adminToken), 403,
      'not signed by its key', 'an altered signature');
    rewrite = (i) => i;
    const peers = expectStatus(await kz.api('GET', '/api/v1/peers', undefined, kz.adminToken), 200);
    assert.equal(peers.items.length, 0, 'nothing stored');
  });

  test('two nodes pair by fingerprint alone and a message crosses, pinned', async () => {
    const ids = {};
    for (const n of [kz, kg])
      ids[n.url] = expectStatus(await n.api('GET', '/fed/v1/identity'), 200, 'identity');
    for (const [a, b] of [[kz, kg], [kg, kz]]) {
      const add = await rics(['peer', 'add', b.url, '--fingerprint', ids[b.url].fingerprint,
        '--accreditation', 'RESTRICTED', '--url', a.url, '--token', a.adminToken],
      { env: { ...process.env, RICS_CA_FILE: path.join(a.dir, 'tls', 'cert.pem') } });
      assert.equal(add.code, 0, add.stderr);
      const peers = expectStatus(await a.api('GET', '/api/v1/peers', undefined, a.adminToken), 200);
      assert.equal(peers.items[0].tls_pin, ids[b.url].tls_pin, 'the signed pin is kept');
    }
    const officer = await kz.user('duty', 'officer');
    await kz.create('messages', { type: 'notice', subject: 'pinned TLS', recipients:
      [ids[kg.url].node_id], releasable_countries: ['KG'] }, officer.token);
    await until(async () => {
      const mine = await kz.listAll('messages', officer.token);
      return mine.find((m) => m.subject === 'pinned TLS')?.status === 'delivered';
    }, 20_000, 'delivered to kg over pinned HTTPS');
    const reader = await kg.user('duty', 'officer');
    const got = await kg.listAll('messages', reader.token);
    assert.ok(got.some((m) => m.subject === 'pinned TLS'), 'stored at kg');
  });
});
