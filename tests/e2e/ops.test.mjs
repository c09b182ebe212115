// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Operations: /healthz and /metrics without login (request counters, and
 * record counts that never include classified records); `rics backup` while
 * ricsd runs gives a database with integrity ok and the same crossings,
 * which a node can be restored from; `rics audit verify DIR` (offline)
 * accepts the untouched chain and names the entry changed or removed with
 * the sqlite3 CLI, as does GET /api/v1/audit/verify.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { RicsNode, expectStatus, rics, sampleBody, sqlite, startNode, tag } from './lib.mjs';

/* The value of one sample line of Prometheus text, or undefined. */
function metric(text, series) {
  for (const line of text.split('\n'))
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  return undefined;
}

describe('operations', () => {
  let node, sup;

  before(async () => {
    node = await startNode({ name: 'ops node' });
    sup = await node.user('super1', 'supervisor', 'SECRET');
  });
  after(() => node?.close());

  it('answers /healthz without login', async () => {
    const r = await node.api('GET', '/healthz');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  it('serves /metrics: request counters and UNCLASSIFIED record counts only', async () => {
    const g = `metrics-${tag()}`;
    for (const classification of ['UNCLASSIFIED', 'UNCLASSIFIED', 'UNCLASSIFIED', 'RESTRICTED', 'SECRET'])
      await node.create('crossings', { ...sampleBody('crossings'), group_ref: g, classification }, sup.token);
    const all = await node.listAll('crossings', sup.token);
    const unclassified = all.filter((c) => c.classification === 'UNCLASSIFIED').length;
    assert.ok(unclassified < all.length);

    const scrape = async () => {
      const r = await node.api('GET', '/metrics');
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type'), /^text\/plain/);
      return r.text;
    };
    const first = await scrape();
    assert.match(first, /^# TYPE rics_http_requests_total counter$/m);
    assert.match(first, /^rics_http_requests_total\{route="[^"]+",status="\d{3}"\} \d+$/m);
    assert.equal(metric(first, 'rics_records_unclassified{type="crossing"}'), unclassified);
    assert.equal(metric(first, 'rics_records_unclassified{type="person"}'), 0);
    const created = 'rics_http_requests_total{route="/api/v1/{type}",status="201"}';
    assert.ok(metric(first, created) >= 5, `5 creates counted: ${metric(first, created)}`);

    const health = 'rics_http_requests_total{route="/healthz",status="200"}';
    const before = metric(first, health) ?? 0;
    for (let i = 0; i < 3; i++) await node.api('GET', '/healthz');
    let now;
    for (let i = 0; i < 50; i++) { // the counter moves when the reply is done: allow a moment
      now = metric(await scrape(), health);
      if (now >= before + 3) break;
      await sleep(20);
    }
    assert.equal(now, before + 3, 'three more /healthz counted');
    const text = await scrape();
    assert.ok(metric(text, 'rics_http_request_duration_seconds_count') >=
      metric(text, 'rics_http_request_duration_seconds_bucket{le="0.5"}'));
    assert.equal(metric(text, 'rics_http_request_duration_seconds_count'),
      metric(text, 'rics_http_request_duration_seconds_bucket{le="+Inf"}'));
  });

  it('backs up while ricsd runs: integrity ok, same crossings, restorable', async () => {
    const g = `backup-${tag()}`;
    for (let i = 0; i < 20; i++)
      await node.create('crossings', { ...sampleBody('crossings'), group_ref: g }, sup.token);
    const count = await node.count('crossings', sup.token);
    const file = path.join(node.root, 'backup.db');
    const r = await rics(['backup', node.dir, file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(node.running, 'ricsd still runs');
    assert.equal((statSync(file).mode & 0o077), 0, 'the backup is private');
    assert.equal(await sqlite(file, 'PRAGMA integrity_check'), 'ok');
    assert.equal(Number(await sqlite(file, 'SELECT count(*) FROM crossing')), count);
    assert.equal(Number(await sqlite(file, `SELECT count(*) FROM crossing WHERE group_ref = '${g}'`)), 20);

    // it never overwrites a file
    const again = await rics(['backup', node.dir, file]);
    assert.equal(again.code, 1, again.stdout + again.stderr);
    assert.match(again.stderr, /already exists/);
    assert.equal(await sqlite(file, 'PRAGMA integrity_check'), 'ok');

    // a backup taken during a burst of writes is consistent too
    const busy = path.join(node.root, 'busy.db');
    const countBefore = await node.count('crossings', sup.token);
    let stop = false;
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop) await node.create('crossings', { ...sampleBody('crossings'), group_ref: g }, sup.token);
    });
    await sleep(200);
    const rb = await rics(['backup', node.dir, busy]);
    stop = true;
    await Promise.all(writers);
    assert.equal(rb.code, 0, rb.stdout + rb.stderr);
    const countAfter = await node.count('crossings', sup.token);
    const inBackup = Number(await sqlite(busy, 'SELECT count(*) FROM crossing'));
    assert.equal(await sqlite(busy, 'PRAGMA integrity_check'), 'ok');
    assert.ok(inBackup >= countBefore && inBackup <= countAfter,
      `${inBackup} crossings in the backup, between ${countBefore} and ${countAfter}`);

    // restore: a node started from the copy has the crossings of the moment of the backup
    const restoredDir = path.join(node.root, 'restored'); // removed with node.root
    const restored = new RicsNode(restoredDir, restoredDir);
    await mkdir(restored.dir, { recursive: true, mode: 0o700 });
    await copyFile(path.join(node.dir, 'rics.conf'), path.join(restored.dir, 'rics.conf'));
    await copyFile(file, path.join(restored.dir, 'rics.db'));
    await restored.launch(0);
    try {
      const s = await restored.login('super1', sup.password);
      assert.equal(await restored.count('crossings', s.token), count);
      const v = expectStatus(await restored.api('GET', '/api/v1/audit/verify', undefined,
        (await restored.login('admin', node.adminPassword)).token), 200);
      assert.equal(v.ok, true, JSON.stringify(v));
    } finally {
      await restored.stop();
    }
  });

  it('rics audit verify: intact, then names the entry changed or removed', async () => {
    await node.stop();
    const ok = await rics(['audit', 'verify', node.dir]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const m = /audit chain intact: (\d+) entries/.exec(ok.stdout);
    assert.ok(m, ok.stdout);
    const entries = Number(m[1]);
    assert.equal(entries, Number(await sqlite(node.db, 'SELECT count(*) FROM audit')));
    assert.ok(entries > 5);

    const original = await sqlite(node.db, 'SELECT detail FROM audit WHERE seq = 3');
    assert.notEqual(original, 'x');
    await sqlite(node.db, "UPDATE audit SET detail='x' WHERE seq=3");
    const bad = await rics(['audit', 'verify', node.dir]);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /audit chain broken at entry 3\b/);
    assert.match(bad.stdout, /changed/);

    // the node reports the same through the API
    await node.restart();
    const v = expectStatus(await node.api('GET', '/api/v1/audit/verify', undefined, node.adminToken), 200);
    assert.equal(v.ok, false);
    assert.equal(v.first_bad, 3);
    assert.equal(v.checked, 2);
    await node.stop();

    // putting the original back repairs the chain exactly
    await sqlite(node.db, `UPDATE audit SET detail='${original.replace(/'/g, "''")}' WHERE seq=3`);
    const repaired = await rics(['audit', 'verify', node.dir]);
    assert.equal(repaired.code, 0, repaired.stdout + repaired.stderr);

    // a removed entry is named too
    await sqlite(node.db, 'DELETE FROM audit WHERE seq=5');
    const gone = await rics(['audit', 'verify', node.dir]);
    assert.equal(gone.code, 1, gone.stdout + gone.stderr);
    assert.match(gone.stdout, /audit chain broken at entry 5\b/);

    const none = await rics(['audit', 'verify', path.join(node.root, 'no-such-dir')]);
    assert.notEqual(none.code, 0);
    assert.equal(existsSync(path.join(node.root, 'no-such-dir')), false);
    await node.restart(); // the after hook stops it and checks exit 0
    assert.ok(readFileSync(path.join(node.dir, 'rics.conf'), 'utf8').includes('port'));
  });
});
