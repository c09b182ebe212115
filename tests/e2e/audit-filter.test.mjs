// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/audit filtered by actor, action and time (the auditor's
 * screen asks for one page of what it shows, not the whole log): each
 * filter narrows the answer, the cursor pages through the filtered log,
 * and a bad time is a 400 problem naming the parameter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { assertProblem, expectStatus, startNode } from './lib.mjs';

describe('audit log filters', () => {
  let node, auditor, start;

  before(async () => {
    node = await startNode({ name: 'audit node' });
    auditor = await node.user('aud1', 'auditor', 'SECRET');
    await sleep(5); // the log's times are in ms: nothing before falls at or after start
    start = new Date().toISOString();
    for (const name of ['u1', 'u2', 'u3'])
      await node.user(name, 'officer', 'RESTRICTED');
  });
  after(() => node?.close());

  const audit = async (q) => expectStatus(await node.api('GET', `/api/v1/audit?${q}`, undefined,
    auditor.token), 200, q);

  it('narrows by actor, action and time, and pages the filtered log', async () => {
    const all = await node.auditAll();
    const created = all.filter((e) => e.actor === 'admin' && e.action === 'create' && e.at >= start);
    assert.deepEqual(created.map((e) => e.detail), ['u1', 'u2', 'u3']);
    const one = await audit(`actor=admin&action=create&since=${start}&limit=2`);
    assert.deepEqual(one.items.map((e) => e.detail), ['u1', 'u2']);
    assert.equal(one.next_after, one.items[1].seq);
    const two = await audit(`actor=admin&action=create&since=${start}&limit=2&after=${one.next_after}`);
    assert.deepEqual(two.items.map((e) => e.detail), ['u3']);
    assert.equal(two.next_after, null);
    const logins = await audit('actor=u2&action=login');
    assert.ok(logins.items.length >= 1 && logins.items.every((e) => e.actor === 'u2' && e.action === 'login'));
    const before = await audit(`action=create&until=${start}`);
    assert.ok(before.items.every((e) => e.at < start) && !before.items.some((e) => e.detail === 'u1'));
  });

  it('pages newest first', async () => {
    const all = await node.auditAll();
    const one = await audit('order=newest&limit=3');
    assert.deepEqual(one.items.map((e) => e.seq), all.slice(-3).reverse().map((e) => e.seq));
    assert.equal(one.next_before, one.items[2].seq);
    assert.equal(one.next_after, undefined);
    const two = await audit(`order=newest&limit=2&actor=admin&action=create&before=${all.at(-1).seq}`);
    assert.deepEqual(two.items.map((e) => e.detail), ['u3', 'u2']);
  });

  it('refuses a time or an order it cannot read', async () => {
    const r = await node.api('GET', '/api/v1/audit?since=yesterday', undefined, auditor.token);
    assertProblem(r, 400, "'since' must be an RFC 3339 time");
    const o = await node.api('GET', '/api/v1/audit?order=random', undefined, auditor.token);
    assertProblem(o, 400, "'order' must be oldest or newest, not 'random'");
  });
});
