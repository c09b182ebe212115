// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The demo's traffic: synthetic travellers from `rics gen` crossing the
 * demo nodes' BCPs, sent the way the devices send them. Per BCP, a passport
 * reader posts an MRZ every 2-5 s (POST /api/v1/mrz with record: true), an
 * ANPR camera a plate every 3-8 s (POST /api/v1/feeds/anpr); now and then
 * the traveller is one the gen watchlist names (so hits occur), the plate
 * the demo's vehicle of interest, and an officer files a currency
 * declaration for the traveller just recorded.
 *
 *   node scripts/demo-traffic.mjs CONFIG.json
 *
 * CONFIG names the nodes: [{ name, url, bcps: [code...], reader, camera,
 * officer }] with API tokens of those roles, plus optional "seed", "rics"
 * (the CLI, default build/rics), "pace" (how many times faster than real
 * life, default 1) and "shares" (of crossings by a wanted traveller, of
 * crossings with a declaration, of plates of interest: SHARES below). SIGINT or SIGTERM stops it: no new request starts, those in
 * flight finish, it prints what it sent and exits 0. scripts/demo.mjs
 * starts and stops it; tests/e2e/demo-traffic.test.mjs tests it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const readJsonl = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l));
const api = (fields) => Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('_')));

/*
 * The travellers, plates and declarations of a `rics gen` run (small scale,
 * made in a temporary directory that is removed at once), and the gen
 * watchlist's person entries whose subjects hold a valid passport: the
 * demo puts those on its nodes' watchlists and the traffic sends them.
 */
export function genData({ rics = path.join(root, 'build', 'rics'), seed = 7 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rics-demo-gen-'));
  try {
    execFileSync(rics, ['gen', '--seed', String(seed), '--out', dir,
      '--bcps', path.join(root, 'data', 'bcps.csv')], { stdio: 'ignore' });
    const today = new Date().toISOString().slice(0, 10);
    const passports = readJsonl(path.join(dir, 'documents.jsonl'))
      .filter((d) => d.doc_type === 'passport' && d.mrz && d.expiry_date > today);
    const byPerson = new Map(passports.map((d) => [d._person_ref, d]));
    const watched = readJsonl(path.join(dir, 'watchlist.jsonl'))
      .filter((w) => w.subject_type === 'person' && byPerson.has(w._subject)).slice(0, 6);
    const watchedRefs = new Set(watched.map((w) => w._subject));
    return {
      travellers: passports.filter((d) => !watchedRefs.has(d._person_ref)).map((d) => d.mrz),
      wanted: watched.map((w) => byPerson.get(w._subject).mrz),
      watchlist: watched.map(api),
      plates: readJsonl(path.join(dir, 'vehicles.jsonl')).map((v) => ({ plate: v.plate, country: v.country })),
      declarations: readJsonl(path.join(dir, 'declarations.jsonl'))
        .map((x) => ({ currency: x.currency, amount: x.amount, source_of_funds: x.source_of_funds,
          purpose: x.purpose })),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/* The demo's vehicle of interest (on every demo node's watchlist). */
export const PLATE_OF_INTEREST = { plate: '01 А 123 ВС', country: 'UZ' };

/* How often the unusual happens: about one wanted traveller in 17 crossings
   (a hit a minute or so per BCP), one declaration in 10. */
export const SHARES = { wanted: 0.06, declaration: 0.1, plateOfInterest: 0.04 };

async function post(url, token, body) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${res.status} ${json?.detail ?? res.statusText}`);
  return json;
}

/*
 * Start the traffic; returns { stop(): Promise<counts>, counts }. rand is
 * the source of randomness (Math.random by default).
 */
export function startTraffic(nodes, data,
  { pace = 1, shares = SHARES, rand = Math.random, log = () => {} } = {}) {
  const counts = { crossings: 0, hits: 0, sightings: 0, declarations: 0, errors: 0 };
  const timers = new Set();
  const inflight = new Set();
  let stopped = false;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const lastError = new Map();

  function fail(where, e) {
    counts.errors++;
    // one line per kind of failure, not one per request (a node restarting)
    if (lastError.get(where) !== e.message) log(`demo-traffic: ${where}: ${e.message}`);
    lastError.set(where, e.message);
  }
  function every(minS, maxS, fn) {
    const next = () => {
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        const p = fn().finally(() => inflight.delete(p));
        inflight.add(p);
        next();
      }, (minS + rand() * (maxS - minS)) * 1000 / pace);
      timers.add(t);
    };
    next();
  }
  async function crossing(node, bcp) {
    const where = `${node.name} ${bcp} mrz`;
    try {
      const wanted = data.wanted.length && rand() < shares.wanted;
      const r = await post(`${node.url}/api/v1/mrz`, node.reader, { record: true,
        mrz: wanted ? pick(data.wanted) : pick(data.travellers), bcp_code: bcp,
        direction: rand() < 0.5 ? 'in' : 'out', mode: 'road' });
      counts.crossings++;
      counts.hits += r.screening?.hits?.length ?? 0;
      if (rand() < shares.declaration && r.person_record?.id) await declare(node, bcp, r);
    } catch (e) { fail(where, e); }
  }
  async function declare(node, bcp, r) {
    const big = rand() < 0.3;
    const x = pick(data.declarations);
    await post(`${node.url}/api/v1/declarations`, node.officer, { ...x,
      amount: big ? Math.max(x.amount, 10000 + Math.round(rand() * 40) * 1000) : x.amount,
      person_id: r.person_record.id, bcp_code: bcp, direction: r.crossing?.direction ?? 'in',
      declared_at: new Date().toISOString() });
    counts.declarations++;
  }
  async function sighting(node, bcp) {
    try {
      const v = rand() < shares.plateOfInterest ? PLATE_OF_INTEREST : pick(data.plates);
      const r = await post(`${node.url}/api/v1/feeds/anpr`, node.camera, { ...v, bcp_code: bcp,
        camera: `${bcp.toLowerCase()}-anpr-1`, lane: String(1 + Math.floor(rand() * 2)),
        confidence: Math.round((0.8 + rand() * 0.19) * 100) / 100 });
      counts.sightings++;
      counts.hits += r.screening?.hits?.length ?? 0;
    } catch (e) { fail(`${node.name} ${bcp} anpr`, e); }
  }
  for (const node of nodes)
    for (const bcp of node.bcps) {
      every(2, 5, () => crossing(node, bcp));
      if (node.camera) every(3, 8, () => sighting(node, bcp));
    }
  return {
    counts,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...inflight]);
      return counts;
    },
  };
}

async function main(configFile) {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const data = genData({ rics: config.rics, seed: config.seed });
  const traffic = startTraffic(config.nodes, data, { pace: config.pace ?? 1,
    shares: { ...SHARES, ...config.shares }, log: (s) => console.error(s) });
  console.log(`demo-traffic: sending to ${config.nodes.map((n) => `${n.name} (${n.bcps.join(', ')})`)
    .join('; ')}`);
  const stop = async () => {
    const c = await traffic.stop();
    console.log(`demo-traffic: stopped after ${c.crossings} crossings, ${c.sightings} plate reads, ` +
      `${c.declarations} declarations, ${c.hits} hits, ${c.errors} errors`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.length !== 3) {
    console.error('usage: node scripts/demo-traffic.mjs CONFIG.json');
    process.exit(2);
  }
  main(process.argv[2]).catch((e) => { console.error(`demo-traffic: ${e.message}`); process.exit(1); });
}
