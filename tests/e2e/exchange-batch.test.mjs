// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Delivery in batches between real nodes on 127.0.0.1: a backlog of large
 * messages (more than the receiver's 1 MB body limit together) queued while
 * the receiver is stopped all arrive once it resumes, in batches the
 * receiver accepts the first time: the sender cuts them by size as well as
 * by count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { borderPair, sqlite, until } from './lib.mjs';

describe('exchange: batches', () => {
  let kz, kg, kgId, officer;
  before(async () => {
    ({ kz, kg, kgId } = await borderPair({ accreditation: 'CONFIDENTIAL' }));
    officer = await kz.user('duty', 'officer');
    kg.officer = await kg.user('duty', 'officer');
  });
  after(async () => {
    kg?.proc?.kill('SIGCONT');
    await Promise.all([kz?.close(), kg?.close()]);
  });

  test('a backlog larger than a request body may be arrives whole', async () => {
    const body = 'x'.repeat(60_000);
    const n = 24;
    kg.proc.kill('SIGSTOP');
    try {
      for (let i = 0; i < n; i++)
        await kz.create('messages', { type: 'notice', subject: `large ${i}`, body,
          recipients: [kgId], releasable_countries: ['KG'] }, officer.token);
    } finally {
      kg.proc.kill('SIGCONT');
    }
    const got = await until(async () => {
      const items = await kg.listAll('messages', kg.officer.token, 'status=received');
      return items.length >= n && items;
    }, 30_000, 'every large message arrives');
    assert.deepEqual(got.map((m) => m.subject).sort(),
      Array.from({ length: n }, (_, i) => `large ${i}`).sort());
    assert.ok(got.every((m) => m.body === body));
    /* delivered without a batch the peer refused as too large */
    assert.equal(await sqlite(kz.db, 'SELECT count(*) FROM outbox WHERE attempts > 0'), '0');
  });
});
