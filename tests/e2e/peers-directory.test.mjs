// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * GET /api/v1/peers/directory: the paired nodes named to those who address
 * them (the roles that compose messages: officer, supervisor, analyst), so a
 * supervisor can pick the peers of a watchlist share without the admin-only
 * peer list. Keys, URLs, fingerprints and pins are left out; roles that
 * never address a peer (admin, auditor) are refused with a problem.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, pair, startNode } from './lib.mjs';

describe('peer directory', () => {
  let a, b, sup;

  before(async () => {
    [a, b] = await Promise.all([startNode({ name: 'Korday BLO' }),
      startNode({ name: 'Ak-Zhol BLO', country: 'KG' })]);
    await pair(a, b, { accreditation: 'RESTRICTED' });
    sup = await a.user('sup1', 'supervisor', 'SECRET');
  });
  after(() => Promise.all([a?.close(), b?.close()]));

  it('names the peers to a supervisor, without their keys or address', async () => {
    const id = expectStatus(await b.api('GET', '/fed/v1/identity'), 200).node_id;
    assertProblem(await a.api('GET', '/api/v1/peers', undefined, sup.token), 403, 'administrators');
    const dir = expectStatus(await a.api('GET', '/api/v1/peers/directory', undefined, sup.token), 200);
    assert.deepEqual(dir.items, [{ node_id: id, name: 'Ak-Zhol BLO', country: 'KG', agency: 'border',
      accreditation: 'RESTRICTED' }]);
  });

  it('answers officers and analysts, and refuses the admin and auditors', async () => {
    for (const role of ['officer', 'analyst']) {
      const u = await a.user(`${role}1`, role, 'SECRET');
      const dir = expectStatus(await a.api('GET', '/api/v1/peers/directory', undefined, u.token), 200);
      assert.equal(dir.items.length, 1, role);
    }
    const aud = await a.user('aud1', 'auditor', 'SECRET');
    assertProblem(await a.api('GET', '/api/v1/peers/directory', undefined, aud.token), 403,
      'may not create messages');
    assertProblem(await a.api('GET', '/api/v1/peers/directory', undefined, a.adminToken), 403,
      'may not create messages');
  });
});
