// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The web UI's files: / redirects to /ui/, index.html and hashed assets
 * come from the configured ui_dir with their content type and caching, a
 * missing file is a 404 problem, and no name reaches outside the directory
 * (a file beside ui_dir stays unreachable however the path is spelled).
 * A browser that accepts gzip gets the build's gzip copy of a file.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';

import { startNode } from './lib.mjs';

/* A raw request line, as a client that does not normalise paths sends it. */
function rawGet(port, target) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () =>
      s.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

/* A GET with exactly these headers (fetch would add its own
   Accept-Encoding and undo the gzip): {status, headers, body: Buffer}. */
function getWith(port, target, headers) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: target, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

const BIG_JS = `console.log(${JSON.stringify('synthetic '.repeat(300))});`;

describe('web UI files', () => {
  let node;

  before(async () => {
    node = await startNode({ name: 'ui node', login: false });
    const ui = path.join(node.root, 'ui');
    await mkdir(ui);
    await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>ui test</title>');
    await writeFile(path.join(ui, 'index-Ab12.js'), 'console.log(1)');
    await writeFile(path.join(ui, 'big-Cd34.js'), BIG_JS);
    await writeFile(path.join(ui, 'big-Cd34.js.gz'), gzipSync(BIG_JS));
    await writeFile(path.join(ui, '.hidden'), 'hidden');
    await writeFile(path.join(node.root, 'secret.txt'), 'outside the UI');
    await appendFile(path.join(node.dir, 'rics.conf'), `ui_dir = ${ui}\n`);
    await node.restart();
  });
  after(() => node?.close());

  it('redirects / to /ui/ and serves index.html there, never cached', async () => {
    const r = await fetch(node.url + '/', { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/ui/');
    const i = await node.api('GET', '/ui/');
    assert.equal(i.status, 200);
    assert.match(i.headers.get('content-type'), /^text\/html/);
    assert.equal(i.headers.get('cache-control'), 'no-cache');
    assert.match(i.text, /ui test/);
  });

  it('serves a hashed asset with its type and a long cache', async () => {
    const r = await node.api('GET', '/ui/index-Ab12.js');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/javascript/);
    assert.match(r.headers.get('cache-control'), /max-age=31536000/);
    assert.equal(r.text, 'console.log(1)');
  });

  it('answers a missing file with a 404 problem', async () => {
    const r = await node.api('GET', '/ui/nope.js');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.match(r.json.detail, /no file 'nope.js'/);
  });

  it('refuses names that could leave the directory', async () => {
    for (const target of ['/ui/..', '/ui/../secret.txt', '/ui/..%2fsecret.txt', '/ui/%2e%2e%2fsecret.txt',
      '/ui/.hidden', '/ui/%2e%2e', '/ui//etc/passwd', '/ui/%2fetc%2fpasswd', '/ui/index.html%00.js']) {
      const raw = await rawGet(node.port, target);
      assert.doesNotMatch(raw, /outside the UI|root:|hidden$/, target);
      assert.match(raw, /^HTTP\/1\.1 4\d\d /, `${target} is refused`);
    }
  });

  it('sends the gzip copy to a client that accepts gzip, the file to others', async () => {
    for (const [accept, gzipped] of [['gzip', true], ['deflate, GZIP', true], ['*', true],
      ['br;q=1, gzip;q=0.5', true], ['gzip;q=0', false], ['gzip; q=0.000', false], ['identity', false],
      ['gzipx', false], [undefined, false]]) {
      const r = await getWith(node.port, '/ui/big-Cd34.js', accept ? { 'Accept-Encoding': accept } : {});
      assert.equal(r.status, 200, String(accept));
      assert.equal(r.headers['content-encoding'], gzipped ? 'gzip' : undefined, String(accept));
      assert.equal(r.headers.vary, 'Accept-Encoding');
      assert.match(r.headers['content-type'], /^text\/javascript/, 'the type of the file, not of the copy');
      assert.equal((gzipped ? gunzipSync(r.body) : r.body).toString(), BIG_JS, String(accept));
      if (gzipped) assert.ok(r.body.length < BIG_JS.length / 10, 'the copy is what was sent');
    }
  });

  it('sends a file without a gzip copy as it is, whatever the client accepts', async () => {
    const r = await getWith(node.port, '/ui/index-Ab12.js', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), 'console.log(1)');
  });
});
