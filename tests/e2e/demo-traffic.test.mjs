// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The demo's traffic generator (scripts/demo-traffic.mjs) against a real
 * node, sped up: MRZ reads become crossings at the BCPs it was given, plate
 * reads sightings, some travellers are the gen watchlist's (hits), some
 * file declarations; on SIGTERM it exits 0 saying what it sent, and nothing
 * more arrives after that.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { genData } from '../../scripts/demo-traffic.mjs';
import { REPO, RICS, within, startNode } from './lib.mjs';

describe('demo traffic generator', () => {
  let node, officer, proc, out = '';

  before(async () => {
    node = await startNode({ name: 'traffic node', bcp: 'KZ-KORDAY' });
    officer = await node.user('off1', 'officer', 'SECRET');
    const sup = await node.user('sup1', 'supervisor', 'SECRET');
    const data = genData({ rics: RICS });
    assert.ok(data.travellers.length > 100 && data.wanted.length > 0 && data.plates.length > 0);
    for (const w of data.watchlist) await node.create('watchlist', w, sup.token);
    const tokens = {};
    for (const role of ['reader', 'camera', 'officer'])
      tokens[role] = (await node.apiToken(`traffic-${role}`, role, 'RESTRICTED')).token;
    const config = path.join(node.root, 'traffic.json');
    await writeFile(config, JSON.stringify({ rics: RICS, pace: 10,
      shares: { wanted: 0.4, declaration: 0.4 },
      nodes: [{ name: 'test', url: node.url, bcps: ['KZ-KORDAY', 'KZ-KEGEN'], ...tokens }] }));
    proc = spawn(process.execPath, [path.join(REPO, 'scripts', 'demo-traffic.mjs'), config],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d) => { out += d; });
    proc.stderr.on('data', (d) => { out += d; });
  });
  after(async () => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    await node?.close();
  });

  it('sends crossings, plate reads, declarations and wanted travellers', async () => {
    const counts = {};
    for (let i = 0; i < 100; i++) {
      for (const type of ['crossings', 'sightings', 'declarations', 'hits'])
        counts[type] = await node.count(type, officer.token);
      if (counts.crossings >= 6 && counts.sightings >= 3 && counts.declarations >= 1 && counts.hits >= 1)
        break;
      await sleep(200);
    }
    assert.ok(counts.crossings >= 6, `crossings arrived: ${JSON.stringify(counts)}\n${out}`);
    assert.ok(counts.sightings >= 3, `plate reads arrived: ${JSON.stringify(counts)}\n${out}`);
    assert.ok(counts.declarations >= 1, `declarations arrived: ${JSON.stringify(counts)}\n${out}`);
    assert.ok(counts.hits >= 1, `wanted travellers made hits: ${JSON.stringify(counts)}\n${out}`);
    const bcps = new Set((await node.listAll('crossings', officer.token)).map((c) => c.bcp_code));
    assert.deepEqual([...bcps].sort(), ['KZ-KEGEN', 'KZ-KORDAY'], 'every BCP gets traffic');
  });

  it('stops on SIGTERM, saying what it sent, and sends nothing after', async () => {
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    proc.kill('SIGTERM');
    const { code } = await within(exited, 10_000, 'demo-traffic did not exit on SIGTERM');
    assert.equal(code, 0, out);
    const m = /stopped after (\d+) crossings, (\d+) plate reads, (\d+) declarations/.exec(out);
    assert.ok(m, `a summary line: ${out}`);
    const crossings = await node.count('crossings', officer.token);
    assert.equal(crossings, Number(m[1]), 'every crossing it counted is stored, and no other');
    assert.equal(await node.count('sightings', officer.token), Number(m[2]));
    await sleep(700); // at pace 10, several crossings' worth of time
    assert.equal(await node.count('crossings', officer.token), crossings, 'nothing after the stop');
  });
});
