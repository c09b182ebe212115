// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * TLS: with tls_cert and tls_key in rics.conf the node speaks HTTPS only;
 * a client that trusts the certificate logs in and reads, a plain HTTP
 * request gets no answer, and `rics` reaches it with RICS_CA_FILE. The
 * certificate is made for the test by openssl, for 127.0.0.1 only.
 */
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { passwordFor, rics, run, startNode } from './lib.mjs';

describe('TLS', () => {
  let node, cert;

  before(async () => {
    node = await startNode({ name: 'tls node' });
    await node.user('off1', 'officer', 'SECRET');
    cert = path.join(node.root, 'cert.pem');
    const key = path.join(node.root, 'key.pem');
    const r = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
      '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    assert.equal(r.code, 0, r.stderr);
    await appendFile(path.join(node.dir, 'rics.conf'), `tls_cert = ${cert}\ntls_key = ${key}\n`);
    await node.stop();
    await node.launch(0);
  });
  after(() => node?.close());

  it('answers HTTPS to a client that trusts its certificate', async () => {
    const url = `https://127.0.0.1:${node.port}`;
    const health = await run('curl', ['-sS', '--cacert', cert, `${url}/healthz`]);
    assert.equal(health.code, 0, health.stderr);
    assert.deepEqual(JSON.parse(health.stdout), { status: 'ok' });
    const login = await run('curl', ['-sS', '-i', '--cacert', cert, '-X', 'POST', `${url}/api/v1/auth/login`,
      '-d', JSON.stringify({ username: 'off1', password: passwordFor('off1') })]);
    assert.match(login.stdout, /^HTTP\/1\.1 200/);
    assert.match(login.stdout, /set-cookie: rics_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure/i);
  });

  it('gives a plain HTTP client nothing, and an untrusting client an error', async () => {
    const plain = await run('curl', ['-sS', '--max-time', '5', `http://127.0.0.1:${node.port}/healthz`]);
    assert.notEqual(plain.code, 0);
    const untrusted = await run('curl', ['-sS', '--max-time', '5', `https://127.0.0.1:${node.port}/healthz`]);
    assert.notEqual(untrusted.code, 0);
  });

  it('lets rics reach it with RICS_CA_FILE', async () => {
    const env = { ...process.env, RICS_CA_FILE: cert, HOME: node.root };
    const r = await rics(['list', 'bcps', '--url', `https://127.0.0.1:${node.port}`, '--token',
      node.adminToken, '--limit', '1'], { env });
    assert.equal(r.code, 0, r.stderr);
  });
});
