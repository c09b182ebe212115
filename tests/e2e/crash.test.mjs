// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Durability and shutdown: kill -9 in the middle of a burst of concurrent
 * writes loses no acknowledged record (every id answered with 201 is there
 * after a restart, with its audit entry) and leaves a database that passes
 * PRAGMA integrity_check and an audit chain that verifies. SIGTERM with
 * requests in flight: every request that got a response got a complete
 * one, what was acknowledged is stored, and ricsd exits 0.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { readdirSync, readFileSync } from 'node:fs';

import {
  SIGTERM_BIT, blockedSignals, expectStatus, rics, sampleBody, sqlite, startNode, tag,
} from './lib.mjs';

const CLIENTS = 8;

/*
 * CLIENTS loops creating crossings until told to stop or the server goes
 * away. Every request ends in one of: a complete response (status and a
 * JSON body that parses), no response (fetch failed), or an incomplete
 * response (headers came, the body did not or was cut).
 */
function burst(node, token, group) {
  const state = {
    stop: false, acked: new Map(), statuses: {}, noResponse: 0, incomplete: [], inFlight: 0,
    started: 0, finishedAfterSignal: 0, signalAt: null,
  };
  const client = async (c) => {
    for (let i = 0; !state.stop; i++) {
      const notes = `${group}/${c}/${i}`;
      const body = JSON.stringify({ ...sampleBody('crossings'), group_ref: group, notes });
      state.inFlight++;
      state.started++;
      const startedBeforeSignal = state.signalAt === null;
      let res;
      try {
        res = await fetch(`${node.url}/api/v1/crossings`, { method: 'POST', body,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', connection: 'close' } });
      } catch {
        state.inFlight--;
        state.noResponse++;
        return; // the server is gone: this client is done
      }
      let text, json;
      try {
        text = await res.text();
        json = JSON.parse(text);
      } catch (e) {
        state.inFlight--;
        state.incomplete.push(`${res.status}: ${e.message}: ${String(text).slice(0, 100)}`);
        return;
      }
      state.inFlight--;
      if (startedBeforeSignal && state.signalAt !== null) state.finishedAfterSignal++;
      state.statuses[res.status] = (state.statuses[res.status] ?? 0) + 1;
      if (res.status === 201) {
        if (typeof json.id !== 'string' || json.notes !== notes)
          state.incomplete.push(`201 without the record: ${text.slice(0, 200)}`);
        state.acked.set(json.id, notes);
      } else if (typeof json.status !== 'number' || typeof json.detail !== 'string') {
        state.incomplete.push(`${res.status} without a problem body: ${text.slice(0, 200)}`);
      }
    }
  };
  state.done = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  return state;
}

describe('crash and shutdown', () => {
  let node, officer;

  before(async () => {
    node = await startNode({ name: 'crash node' });
    officer = await node.user('officer1', 'officer', 'SECRET');
  });
  after(() => node?.close());

  /* Every acknowledged id is stored with the notes it was sent with. */
  async function assertAllPresent(group, acked) {
    const stored = new Map((await node.listAll('crossings', officer.token, `group_ref=${group}`))
      .map((r) => [r.id, r.notes]));
    const lost = [...acked.keys()].filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged crossings are lost`);
    for (const [id, notes] of acked) assert.equal(stored.get(id), notes, `content of ${id}`);
    // nothing was stored twice or invented: every stored record was a request sent
    const notesSeen = new Set();
    for (const notes of stored.values()) {
      assert.ok(!notesSeen.has(notes), `stored twice: ${notes}`);
      notesSeen.add(notes);
    }
    return stored;
  }

  it('kill -9 during a burst of concurrent writes loses no acknowledged write', async (t) => {
    const group = `crash-${tag()}`;
    const b = burst(node, officer.token, group);
    await sleep(1500);
    const inFlightAtKill = b.inFlight;
    assert.ok(inFlightAtKill > 0, 'writes are in flight when ricsd is killed');
    await node.kill9();
    b.stop = true;
    await b.done;
    assert.deepEqual(b.incomplete, []);
    assert.deepEqual(Object.keys(b.statuses), ['201'], `only 201s before the kill: ${JSON.stringify(b.statuses)}`);
    assert.ok(b.acked.size >= 50, `a real burst: ${b.acked.size} writes acknowledged in 1.5 s`);

    await node.restart();
    const stored = await assertAllPresent(group, b.acked);
    t.diagnostic(`${b.acked.size} acknowledged, ${stored.size} stored, ${inFlightAtKill} in flight at the kill`);
    assert.ok(stored.size >= b.acked.size);
    assert.ok(stored.size <= b.acked.size + CLIENTS, 'at most one unacknowledged write per client');

    // each acknowledged create has its audit entry, written in the same transaction
    const created = new Set((await node.auditAll())
      .filter((e) => e.action === 'create' && e.object_type === 'crossing').map((e) => e.object_id));
    for (const id of b.acked.keys()) assert.ok(created.has(id), `audit entry for ${id}`);
    for (const id of stored.keys()) assert.ok(created.has(id), `audit entry for stored ${id}`);
    const v = expectStatus(await node.api('GET', '/api/v1/audit/verify', undefined, node.adminToken), 200);
    assert.equal(v.ok, true, JSON.stringify(v));

    await node.stop();
    assert.equal(await sqlite(node.db, 'PRAGMA integrity_check'), 'ok');
    assert.equal(await sqlite(node.db, 'PRAGMA foreign_key_check'), '');
    assert.equal(Number(await sqlite(node.db, `SELECT count(*) FROM crossing WHERE group_ref = '${group}'`)),
      stored.size);
    const verify = await rics(['audit', 'verify', node.dir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    await node.restart();
  });

  it('SIGTERM with requests in flight: complete responses only, exit 0', async (t) => {
    const group = `term-${tag()}`;
    const b = burst(node, officer.token, group);
    await sleep(700);
    assert.ok(b.inFlight > 0, 'requests are in flight at SIGTERM');
    b.signalAt = Date.now();
    const inFlightAtSignal = b.inFlight;
    const stopped = node.stop(); // asserts exit code 0
    await stopped;
    b.stop = true;
    await b.done;

    t.diagnostic(`statuses ${JSON.stringify(b.statuses)}, ${inFlightAtSignal} in flight at SIGTERM, ` +
      `${b.finishedAfterSignal} of them answered, ${b.noResponse} without a response`);
    assert.deepEqual(b.incomplete, [], 'every response that came was complete');
    const other = Object.keys(b.statuses).filter((s) => s !== '201' && s !== '503');
    assert.deepEqual(other, [], `statuses: ${JSON.stringify(b.statuses)}`);
    assert.ok(b.acked.size > 0);
    assert.ok(inFlightAtSignal > 0);
    assert.ok(b.finishedAfterSignal > 0,
      `requests in flight at SIGTERM are answered (${inFlightAtSignal} in flight, ${b.finishedAfterSignal} answered after)`);

    assert.equal(await sqlite(node.db, 'PRAGMA integrity_check'), 'ok');
    await node.restart();
    await assertAllPresent(group, b.acked);
  });

  it('stops cleanly on a SIGTERM that comes right after the listening line', async () => {
    // every thread but the main one (inside sigwait) must block SIGTERM
    const pid = node.proc.pid;
    const open = [];
    if (blockedSignals(pid) !== null) {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (tid === String(pid)) continue;
        const blk = blockedSignals(pid, tid);
        if (blk !== null && (blk & SIGTERM_BIT) === 0n)
          open.push(`${tid} (${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()})`);
      }
    }
    // and in behaviour: SIGTERM the moment the listening line appears
    await node.stop();
    const exits = [];
    for (let i = 0; i < 10; i++) {
      await node.launch(0, { settle: false });
      node.proc.kill('SIGTERM');
      const r = await node.exited;
      node.proc = null;
      exits.push(r.code ?? r.signal);
    }
    await node.launch(0);
    assert.deepEqual(open, [], 'threads that leave SIGTERM unblocked');
    assert.deepEqual(exits, Array(10).fill(0), 'exit status of each early SIGTERM');
  });
});
