// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics import end to end: a CSV file with quoted fields, embedded line
 * breaks, doubled quotes, a bad encoding, a short row and an unterminated
 * quote; good rows are stored, each bad one is reported with its line and
 * reason; importing the same file again creates nothing; JSONL likewise;
 * a re-imported row answers with the id stored the first time.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { expectStatus, rics, startNode, tag } from './lib.mjs';

describe('rics import', () => {
  let node, officer, dir;
  const t = tag();

  before(async () => {
    node = await startNode({ name: 'import node' });
    officer = await node.user('off1', 'officer', 'SECRET');
    dir = await mkdtemp(path.join(os.tmpdir(), 'rics-import-'));
  });
  after(async () => {
    await node?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (args) => rics(['import', '--url', node.url, '--token', officer.token, ...args]);

  it('imports the good rows of a CSV file and names the bad ones by line', async () => {
    const file = path.join(dir, 'persons.csv');
    await writeFile(file, Buffer.concat([
      Buffer.from(`surname,given_names,birth_date,other_names,notes\n`),
      Buffer.from(`TOKHTASINOV${t},ALISHER,1979-03-14,Тохтасинов;Toxtasinov,"line one\nline two, with comma"\n`),
      Buffer.from(`"O""BRIEN${t}",SEAN,1980-02-30,,\n`),
      Buffer.from('BAD'), Buffer.from([0xff]), Buffer.from(',X,,,\n'),
      Buffer.from(`ONE${t},TWO\n`),
      Buffer.from(`NURLANOV${t},ERLAN,,,\n`),
      Buffer.from('"unterminated,x,,,\n'),
    ]));
    const first = await run(['--type', 'persons', file]);
    assert.equal(first.code, 1, 'refused rows make the exit status 1');
    assert.match(first.stdout, /persons: 6 rows read: 2 created, 0 already there, 4 refused/);
    assert.match(first.stderr, /persons\.csv:4: 'birth_date' is not a valid date/);
    assert.match(first.stderr, /persons\.csv:5: field 1 is not valid UTF-8/);
    assert.match(first.stderr, /persons\.csv:6: 2 fields where the header names 5/);
    assert.match(first.stderr, /persons\.csv:8: a quoted field is never closed/);
    const stored = await node.listAll('persons', officer.token, `name_prefix=tokhtasinov${t}`);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].notes, 'line one\nline two, with comma');
    assert.deepEqual(stored[0].other_names, ['Тохтасинов', 'Toxtasinov']);
    const again = await run(['--type', 'persons', file]);
    assert.match(again.stdout, /2 already there/);
    assert.equal((await node.listAll('persons', officer.token, `name_prefix=tokhtasinov${t}`)).length, 1);
  });

  it('imports JSONL and refuses unknown columns and types up front', async () => {
    const file = path.join(dir, 'crossings.jsonl');
    await writeFile(file, `{"bcp_code":"KZ-KORDAY","direction":"in","crossed_at":"2026-11-20T08:00:00Z","group_ref":"${t}"}\n` +
      'not json\n\n' +
      `{"bcp_code":"KZ-KORDAY","direction":"out","crossed_at":"2026-11-20T09:00:00Z","group_ref":"${t}"}\n`);
    const r = await run(['--type', 'crossings', file]);
    assert.match(r.stdout, /3 rows read: 2 created/);
    assert.match(r.stderr, /crossings\.jsonl:2: not a JSON object/);
    const bogus = path.join(dir, 'bogus.csv');
    await writeFile(bogus, 'surname,bogus\nx,y\n');
    const b = await run(['--type', 'persons', bogus]);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /column 'bogus' is not a field of persons/);
    const notype = await run([file]);
    assert.equal(notype.code, 2);
    assert.match(notype.stderr, /--type is required/);
  });

  it('answers a re-imported row with the id stored the first time', async () => {
    const rows = [
      { surname: `DUPLICATOV${t}`, given_names: 'ONE', birth_date: '1970-01-02' },
      { surname: `DUPLICATOV${t}`, given_names: 'TWO', birth_date: '1971-01-02' },
    ];
    const imp = async (body) =>
      expectStatus(await node.api('POST', '/api/v1/persons/import', body, officer.token), 200);
    const first = await imp({ rows });
    assert.deepEqual(first.results.map((r) => r.status), ['created', 'created']);
    const again = await imp({ rows: [rows[1], { ...rows[0], notes: 'new' }, rows[0]] });
    assert.deepEqual(again.results.map((r) => r.status), ['duplicate', 'created', 'duplicate']);
    assert.equal(again.results[0].id, first.results[1].id);
    assert.equal(again.results[2].id, first.results[0].id);
    assert.notEqual(again.results[1].id, first.results[0].id);
  });
});
