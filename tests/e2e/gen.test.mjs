// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * `rics gen` end to end: the small scale written as files (the same seed
 * twice gives the same bytes, every format is there), then loaded into a
 * real node through the import API: the node counts exactly the rows of
 * each JSONL file, references resolved to node ids; a second load adds
 * nothing (every row a duplicate); an officer's token is refused the types
 * it may not create, with a message and exit status 1; a generated PAXLST
 * file is accepted by POST /api/v1/manifests; usage errors exit 2.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { expectStatus, rics, startNode } from './lib.mjs';

const TYPES = ['bcps', 'persons', 'documents', 'vehicles', 'crossings', 'declarations',
  'seizures', 'relations', 'watchlist'];
const ENV = { ...process.env, RICS_SESSION_FILE: path.join(os.tmpdir(), 'rics-gen-no-session') };
delete ENV.RICS_URL;
delete ENV.RICS_TOKEN;
delete ENV.RICS_ADMIN_TOKEN;

const gen = (args) => rics(['gen', ...args], { env: ENV, timeout: 300_000 });

async function lines(file) {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
}

async function digest(dir) {
  const h = createHash('sha256');
  const files = (await readdir(dir, { recursive: true })).sort();
  for (const f of files) {
    if (f === 'paxlst') continue;
    h.update(f);
    h.update(await readFile(path.join(dir, f)));
  }
  return h.digest('hex');
}

/* The summary table: {type: {created, duplicates, rejected}}. */
function summary(stdout) {
  const out = {};
  for (const line of stdout.split('\n')) {
    const m = /^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    if (m) out[m[1]] = { generated: +m[2], created: +m[3], duplicates: +m[4], rejected: +m[5] };
  }
  return out;
}

describe('rics gen', () => {
  let tmp, dir, node, sup;
  const rows = {};

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'rics-gen-'));
    dir = path.join(tmp, 'small');
    const r = await gen(['--seed', '11', '--out', dir, '--format', 'jsonl,csv,paxlst,mrz']);
    assert.equal(r.code, 0, r.stderr);
    for (const t of [...TYPES, 'name_pairs']) rows[t] = await lines(path.join(dir, `${t}.jsonl`));
    node = await startNode({ name: 'gen node' });
    sup = await node.user('sup', 'supervisor');
  });

  after(async () => {
    if (node) await node.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes every file, the same bytes for the same seed', async () => {
    const files = await readdir(dir);
    for (const t of TYPES) {
      assert.ok(files.includes(`${t}.jsonl`), t);
      assert.ok(files.includes(`${t}.csv`), t);
    }
    assert.ok(files.includes('name_pairs.jsonl') && files.includes('mrz.txt'));
    assert.ok((await readdir(path.join(dir, 'paxlst'))).some((f) => f.endsWith('.edi')));
    assert.equal(rows.persons.length, 500);
    assert.equal(rows.crossings.length, 5000);
    const again = path.join(tmp, 'again');
    assert.equal((await gen(['--seed', '11', '--out', again, '--format', 'jsonl,csv,paxlst,mrz'])).code, 0);
    assert.equal(await digest(again), await digest(dir));
    const other = path.join(tmp, 'other');
    assert.equal((await gen(['--seed', '12', '--out', other])).code, 0);
    assert.notEqual((await readFile(path.join(other, 'persons.jsonl'), 'utf8')),
      (await readFile(path.join(dir, 'persons.jsonl'), 'utf8')));
  });

  it('loads a node: the counts are the rows of the files', async () => {
    const r = await gen(['--seed', '11', '--load', '--url', node.url, '--token', sup.token,
      '--admin-token', node.adminToken]);
    assert.equal(r.code, 0, r.stderr);
    const s = summary(r.stdout);
    for (const t of TYPES) {
      assert.deepEqual(s[t], { generated: rows[t].length, created: rows[t].length, duplicates: 0, rejected: 0 }, t);
      assert.equal(await node.count(t, sup.token), rows[t].length, `count of ${t}`);
    }
  });

  it('resolves references to the records the node made', async () => {
    const [doc] = (await node.listAll('documents', sup.token, `number=${rows.documents[0].number}`));
    assert.ok(doc, 'the first document is stored');
    const person = expectStatus(await node.api('GET', `/api/v1/persons/${doc.person_id}`, undefined, sup.token), 200);
    const want = rows.persons.find((p) => p._ref === rows.documents[0]._person_ref);
    assert.equal(person.surname, want.surname);
    assert.equal(person.birth_date, want.birth_date);
    const organisers = await node.listAll('relations', sup.token, 'kind=organiser_of');
    assert.equal(organisers.length, rows.relations.filter((x) => x.kind === 'organiser_of').length);
  });

  it('loads again without adding anything', async () => {
    const r = await gen(['--seed', '11', '--load', '--url', node.url, '--token', sup.token,
      '--admin-token', node.adminToken]);
    assert.equal(r.code, 0, r.stderr);
    const s = summary(r.stdout);
    for (const t of TYPES) {
      assert.deepEqual(s[t], { generated: rows[t].length, created: 0, duplicates: rows[t].length, rejected: 0 }, t);
      assert.equal(await node.count(t, sup.token), rows[t].length, `count of ${t}`);
    }
  });

  it('skips what an officer may not create, and says so', async () => {
    const off = await node.user('off', 'officer');
    const r = await gen(['--seed', '11', '--load', '--url', node.url, '--token', off.token]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^rics: skipped bcps: role officer may not create bcps/m);
    assert.match(r.stderr, /^rics: skipped relations: /m);
    assert.match(r.stderr, /^rics: skipped watchlist: /m);
    assert.equal(await node.count('persons', sup.token), rows.persons.length);
  });

  it('writes PAXLST files the node reads', async () => {
    const files = (await readdir(path.join(dir, 'paxlst'))).filter((f) => f.endsWith('-in.edi'));
    assert.ok(files.length > 0, 'an arriving flight');
    const body = await readFile(path.join(dir, 'paxlst', files[0]));
    const iata = /LOC\+87\+([A-Z]{3})'/.exec(body.toString())[1];
    const bcp = rows.bcps.find((b) => b.name.includes(`(${iata})`));
    const r = expectStatus(await node.api('POST', `/api/v1/manifests?bcp=${bcp.code}`, body, sup.token,
      { headers: { 'content-type': 'application/edifact' } }), 200);
    assert.equal(r.errors.length, 0, JSON.stringify(r.errors));
    assert.equal(r.manifests.length, 1);
    assert.deepEqual(r.manifests[0].errors, []);
  });

  it('refuses bad usage with exit status 2', async () => {
    let r = await gen(['--seed', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^rics: give --out DIR, --load, or both$/m);
    r = await gen(['--scale', 'huge', '--out', path.join(tmp, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /scale 'huge' is not one of small, medium, large/);
    r = await gen(['--format', 'xml', '--out', path.join(tmp, 'x')]);
    assert.equal(r.code, 2);
    r = await gen(['--bcps', path.join(tmp, 'none.csv'), '--out', path.join(tmp, 'x')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^rics: cannot read crossing points '.*none\.csv': No such file or directory$/m);
  });
});
