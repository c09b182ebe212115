// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The demo: three RICS nodes on 127.0.0.1 — the Kazakh BLO at Korday, the
 * Kyrgyz BLO across the border at Ak-Zhol, and the Kazakh situation centre —
 * each with users of every role and a month of the region's synthetic
 * history from `rics gen` (the border crossing points of data/bcps.csv with
 * their coordinates, travellers, crossings, declarations, seizures, planted
 * networks) and a watchlist. The first run
 * creates them under demo-data/; later runs start them again with what they
 * hold. While the demo runs, scripts/demo-traffic.mjs sends each node live
 * synthetic traffic from `rics gen`: MRZ reads, ANPR reads, now and then a
 * watchlisted traveller and a cash declaration. Ctrl-C stops it all.
 * The three are paired with each other for the exchange (each side checks
 * the other's fingerprint, as administrators would over the phone), and the
 * first run sends a sample alert from Korday to the other two.
 */
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { genData } from './demo-traffic.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = process.env.RICS_BIN_DIR || path.join(root, 'build');
const dataRoot = path.join(root, 'demo-data');
const basePort = Number(process.env.RICS_DEMO_PORT || 8080);

// traffic: the BCPs whose devices report to the node
const nodes = [
  { key: 'kz-korday', name: 'Korday BLO (KZ border service)', country: 'KZ', agency: 'border', bcp: 'KZ-KORDAY',
    traffic: ['KZ-KORDAY'] },
  { key: 'kg-akzhol', name: 'Ak-Zhol BLO (KG border service)', country: 'KG', agency: 'border', bcp: 'KG-AKZHOL',
    traffic: ['KG-AKZHOL'] },
  { key: 'kz-sitcen', name: 'KZ situation centre', country: 'KZ', agency: 'border', bcp: '',
    traffic: ['KZ-ZHIBEKZHOLY', 'KZ-KONYSBAEV'] },
];
const people = [
  { name: 'officer', role: 'officer', clearance: 'RESTRICTED' },
  { name: 'supervisor', role: 'supervisor', clearance: 'CONFIDENTIAL' },
  { name: 'analyst', role: 'analyst', clearance: 'SECRET' },
  { name: 'auditor', role: 'auditor', clearance: 'SECRET' },
];
const password = (user) => `demo-${user}-2026`;

async function api(node, method, url, body, token = node.token) {
  const res = await fetch(`http://127.0.0.1:${node.port}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${json && json.detail}`);
  return json;
}

function start(node) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, 'ricsd'), ['--data', node.dir, '--port', String(node.port)],
      { stdio: ['ignore', 'inherit', 'pipe'] });
    node.child = child;
    let seen = '';
    child.stderr.on('data', (d) => {
      const s = d.toString();
      if (!node.ready) {
        seen += s;
        if (/event=listening/.test(seen)) { node.ready = true; resolve(); }
      } else if (process.env.RICS_DEMO_VERBOSE) process.stderr.write(`[${node.key}] ${s}`);
    });
    child.on('exit', (code) => {
      if (!node.ready) reject(new Error(`ricsd for ${node.key} exited (${code}):\n${seen}`));
    });
  });
}

async function login(node, user, pw) {
  return (await api(node, 'POST', '/api/v1/auth/login', { username: user, password: pw }, null)).token;
}

/* A region's worth of history from `rics gen` (seed 7, small: the 51 BCPs
   of data/bcps.csv with their coordinates, 500 travellers, 5,000 crossings
   over 30 days, declarations, seizures, planted networks and their
   watchlist entries), loaded through the import API; then the record the
   sample alert is about. */
async function loadHistory(node, supervisorToken) {
  const out = execFileSync(path.join(bin, 'rics'), ['gen', '--seed', '7', '--load', '--url',
    `http://127.0.0.1:${node.port}`, '--token', supervisorToken, '--admin-token', node.token,
    '--bcps', path.join(root, 'data', 'bcps.csv')], { encoding: 'utf8' });
  if (!/loaded \d+ rows/.test(out)) throw new Error(`rics gen --load said:\n${out}`);
  await api(node, 'POST', '/api/v1/persons', {
    surname: 'ТОХТАСИНОВ', given_names: 'АЛИШЕР', birth_date: '1979-03-14', classification: 'RESTRICTED',
    notes: 'synthetic record: suspected courier',
  }, await login(node, 'officer', password('officer')));
}

async function create(node) {
  fs.mkdirSync(dataRoot, { recursive: true });
  const args = ['init', node.dir, '--name', node.name, '--country', node.country, '--agency', node.agency,
    '--port', String(node.port)];
  if (node.bcp) args.push('--bcp', node.bcp);
  const out = execFileSync(path.join(bin, 'rics'), args, { encoding: 'utf8' });
  const m = out.match(/password[^:]*:\s*(\S+)/i);
  if (!m) throw new Error(`rics init printed no admin password:\n${out}`);
  await start(node);
  const first = await login(node, 'admin', m[1]);
  await api(node, 'POST', '/api/v1/users/admin/password',
    { password: password('admin'), current_password: m[1] }, first);
  node.token = await login(node, 'admin', password('admin'));
  for (const p of people)
    await api(node, 'POST', '/api/v1/users', {
      name: p.name, role: p.role, clearance: p.clearance, agency: node.agency, country: node.country,
      bcp_code: node.bcp || undefined, password: password(p.name),
    });
  const supervisor = await login(node, 'supervisor', password('supervisor'));
  await seedWatchlist(node, supervisor);
  await loadHistory(node, supervisor);
  const reader = await api(node, 'POST', '/api/v1/tokens',
    { name: 'passport-reader-1', role: 'reader', bcp_code: node.bcp || 'KZ-KORDAY' });
  fs.writeFileSync(path.join(node.dir, 'reader.token'), `${reader.token}\n`, { mode: 0o600 });
}

/* The gen watchlist's entries that the traffic's wanted travellers match,
   added to the node's watchlist unless there already (the demo data may
   predate them). */
async function ensureWatchlist(node, token, entries) {
  const have = new Set();
  for (let cursor = ''; ;) {
    const page = await api(node, 'GET', `/api/v1/watchlist?limit=200${cursor && `&cursor=${cursor}`}`,
      undefined, token);
    for (const w of page.items) have.add(`${w.surname}|${w.birth_date}`);
    if (!page.next_cursor) break;
    cursor = encodeURIComponent(page.next_cursor);
  }
  for (const e of entries)
    if (!have.has(`${e.surname}|${e.birth_date}`)) await api(node, 'POST', '/api/v1/watchlist', e, token);
}

/* The API tokens of the node's devices (a passport reader, an ANPR camera)
   and of the officer filing declarations, made once and kept beside the
   node's data: a secret is shown only when it is made. */
async function trafficTokens(node) {
  const file = path.join(node.dir, 'traffic-tokens.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const tokens = {};
  for (const role of ['reader', 'camera', 'officer'])
    tokens[role] = (await api(node, 'POST', '/api/v1/tokens', { name: `demo-traffic-${role}`, role,
      clearance: 'RESTRICTED', ...(node.bcp ? { bcp_code: node.bcp } : {}) })).token;
  fs.writeFileSync(file, JSON.stringify(tokens), { mode: 0o600 });
  return tokens;
}

/* Start the traffic generator as a child process (it stops on SIGTERM). */
async function startTraffic(data) {
  const config = { rics: path.join(bin, 'rics'), nodes: [] };
  for (const n of nodes) {
    await ensureWatchlist(n, await login(n, 'supervisor', password('supervisor')), data.watchlist);
    config.nodes.push({ name: n.key, url: `http://127.0.0.1:${n.port}`, bcps: n.traffic,
      ...await trafficTokens(n) });
  }
  const file = path.join(dataRoot, 'traffic.json');
  fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return spawn(process.execPath, [path.join(root, 'scripts', 'demo-traffic.mjs'), file],
    { stdio: ['ignore', 'inherit', 'inherit'] });
}

// Synthetic watchlist entries, in the scripts the region's records use.
async function seedWatchlist(node, token) {
  const entries = [
    { subject_type: 'person', surname: 'Тохтасинов', given_names: 'Алишер', birth_date: '1979-03-14',
      reason: 'synthetic: suspected courier (demo)', action: 'detain' },
    { subject_type: 'person', surname: 'Жаксылыков', given_names: 'Ерлан', birth_date: '1985-11-02',
      reason: 'synthetic: drug trafficking network (demo)', action: 'discreet_check',
      classification: 'CONFIDENTIAL' },
    { subject_type: 'person', surname: 'ERIKSSON', given_names: 'ANNA', birth_date: '1974-08-12',
      reason: 'synthetic: the ICAO specimen traveller (demo)', action: 'inform' },
    { subject_type: 'vehicle', plate: '01 А 123 ВС', reason: 'synthetic: vehicle of interest (demo)',
      action: 'inform' },
  ];
  for (const e of entries) await api(node, 'POST', '/api/v1/watchlist', e, token);
}

// Pair every node with every other (both directions), once.
async function federate() {
  for (const n of nodes) {
    n.token = n.token || await login(n, 'admin', password('admin'));
    n.identity = await api(n, 'GET', '/fed/v1/identity', undefined, null);
  }
  for (const a of nodes) {
    const paired = new Set((await api(a, 'GET', '/api/v1/peers', undefined, a.token)).items
      .map((p) => p.node_id));
    for (const b of nodes) {
      if (a === b || paired.has(b.identity.node_id)) continue;
      await api(a, 'POST', '/api/v1/peers', { url: `http://127.0.0.1:${b.port}`,
        fingerprint: b.identity.fingerprint, accreditation: 'CONFIDENTIAL',
        country: b.country, agency: b.agency }, a.token);
    }
  }
}

async function sampleAlert() {
  const [kz, kg, sc] = nodes;
  const officer = await login(kz, 'officer', password('officer'));
  await api(kz, 'POST', '/api/v1/messages', {
    type: 'alert', priority: 'urgent', classification: 'RESTRICTED',
    subject: 'Synthetic: suspected courier heading to Ak-Zhol',
    body: 'TOKHTASINOV ALISHER, b. 1979-03-14, white Kamaz 01 A 123 BC, left Korday 09:40 (demo)',
    recipients: [kg.identity.node_id, sc.identity.node_id], releasable_countries: ['KG', 'KZ'],
  }, officer);
}

async function main() {
  for (const [i, node] of nodes.entries()) {
    node.port = basePort + i;
    node.dir = path.join(dataRoot, node.key);
  }
  let traffic = null;
  const stopNodes = () => { for (const n of nodes) if (n.child) n.child.kill('SIGTERM'); };
  // the traffic first, so that no request is left half-sent to a stopping node
  const stopAll = () => {
    if (traffic && traffic.exitCode === null && traffic.signalCode === null) {
      traffic.once('exit', stopNodes);
      traffic.kill('SIGTERM');
    } else stopNodes();
  };
  process.on('SIGINT', () => { console.log('\nstopping the demo...'); stopAll(); });
  process.on('SIGTERM', stopAll);
  try {
    let fresh = false;
    for (const node of nodes) {
      if (fs.existsSync(path.join(node.dir, 'rics.db'))) await start(node);
      else { await create(node); fresh = true; }
    }
    await federate();
    if (fresh) await sampleAlert();
    traffic = await startTraffic(genData({ rics: path.join(bin, 'rics') }));
  } catch (e) {
    console.error(`demo: ${e.message}`);
    stopAll();
    process.exitCode = 1;
    return;
  }
  const n0 = nodes[0];
  console.log(`
RICS demo: ${nodes.length} nodes on 127.0.0.1 (data in ${path.relative(root, dataRoot)}/; delete it to start afresh),
with synthetic traffic flowing (a crossing every 2-5 s and a plate read every 3-8 s per BCP).

Point a browser at the web UI of any node:
${nodes.map((n) => `  ${n.name.padEnd(34)} http://127.0.0.1:${n.port}/ui/   (traffic at ${n.traffic.join(', ')})`).join('\n')}

Logins on every node, one per role (user / password):
  admin / ${password('admin')}   (admin, SECRET)
${people.map((p) => `  ${p.name} / ${password(p.name)}   (${p.role}, ${p.clearance})`).join('\n')}
  (an MRZ to paste on the officer's screen is in the mrz curl line below)

The API:
  TOKEN=$(curl -s -X POST http://127.0.0.1:${n0.port}/api/v1/auth/login \\
      -d '{"username":"officer","password":"${password('officer')}"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
  curl -s -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:${n0.port}/api/v1/persons?name_prefix=тох'
  curl -s -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:${n0.port}/api/v1/crossings?limit=5'
  curl -s -H "Authorization: Bearer $TOKEN" -X POST http://127.0.0.1:${n0.port}/api/v1/crossings \\
      -d '{"bcp_code":"KZ-KORDAY","direction":"in","crossed_at":"2026-11-28T10:00:00Z","mode":"road"}'
  curl -s -H "Authorization: Bearer $TOKEN" -X POST http://127.0.0.1:${n0.port}/api/v1/screen \\
      -d '{"subject":"person","surname":"TOKHTASINOV","given_names":"ALISHER","birth_date":"1979-03-14"}'
  curl -s -H "Authorization: Bearer $(cat ${path.relative(root, n0.dir)}/reader.token)" \\
      -X POST http://127.0.0.1:${n0.port}/api/v1/mrz -d '{"record":true,"direction":"in",
      "mrz":"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"}'
  curl -sN -H "Authorization: Bearer $TOKEN" http://127.0.0.1:${n0.port}/api/v1/events   # live feed
  curl -s http://127.0.0.1:${n0.port}/metrics
  build/rics --url http://127.0.0.1:${n0.port} login officer

The exchange (the nodes are paired with each other; see docs/exchange.md):
  build/rics node --url http://127.0.0.1:${n0.port}          # id and fingerprint (after login)
  curl -s -H "Authorization: Bearer $TOKEN" -X POST http://127.0.0.1:${n0.port}/api/v1/messages \\
      -d '{"type":"alert","subject":"Synthetic test alert","body":"demo","priority":"urgent",
           "recipients":["${nodes[1].identity?.node_id}"],"releasable_countries":["KG"]}'
  # then, as officer on Ak-Zhol (port ${nodes[1].port}): the message is there
  curl -s -H "Authorization: Bearer $KG_TOKEN" 'http://127.0.0.1:${nodes[1].port}/api/v1/messages?status=received'

API reference: docs/api.md. Press Ctrl-C to stop.`);
}

main();
