// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The exchange benchmark's driver (run by scripts/bench-exchange): two
 * release ricsd nodes on 127.0.0.1, KZ and KG, paired both ways; messages
 * with 1 KB bodies composed at KZ (POST /api/v1/messages: sealed, signed,
 * stored with their outbox rows) are delivered by KZ's sender to KG's inbox
 * (verified, decrypted, stored durably, acknowledged).
 *
 *  1. throughput: COUNT messages composed at KZ from CONNECTIONS keep-alive
 *     clients while KG is stopped; the figure is COUNT over the time from
 *     KG's resumption until its message count has grown by COUNT (the
 *     composing rate is printed too);
 *  2. latency at an offered load of RATE messages/s for SECONDS: from the
 *     start of each POST at KZ until KG announces it stored
 *     (message.received on KG's /api/v1/events), p50 and p99.
 *
 * usage: node bench-exchange.mjs RELEASE_DIR TMPDIR COUNT CONNECTIONS RATE SECONDS
 * Prints one line: exchange: delivered=N seconds=S rate=R compose_rate=C
 *   latency_n=M p50_ms=.. p99_ms=.. max_ms=..
 * Stops both nodes before it exits, whatever happens.
 */
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

const [REL, TMP, COUNT, CONNS, RATE, SECS] = process.argv.slice(2);
const count = Number(COUNT), conns = Number(CONNS), rate = Number(RATE), secs = Number(SECS);
const agent = new http.Agent({ keepAlive: true, maxSockets: conns + 4 });
const procs = [];

function request(port, method, p, body, token) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (data) headers['content-length'] = data.length;
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, json: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function api(node, method, p, status, body, token) {
  const r = await request(node.port, method, p, body, token);
  if (r.status !== status)
    throw new Error(`${method} ${p} answered ${r.status}, not ${status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

async function startNode(name, country) {
  const dir = path.join(TMP, country);
  const out = execFileSync(path.join(REL, 'rics'), ['init', dir, '--name', name, '--country',
    country, '--agency', 'border']).toString();
  const pw = /admin password \(shown once\): (\S+)/.exec(out)[1];
  const proc = spawn(path.join(REL, 'ricsd'), ['--data', dir, '--listen', '127.0.0.1', '--port',
    '0', '--threads', '32'], { stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  const port = await new Promise((resolve, reject) => {
    let log = '';
    proc.stderr.on('data', (d) => {
      log += d;
      const m = /event=listening\b.*\bport=(\d+)/.exec(log);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', () => reject(new Error(`ricsd ${country} exited:\n${log}`)));
  });
  const node = { port, url: `http://127.0.0.1:${port}`, proc };
  let s = await api(node, 'POST', '/api/v1/auth/login', 200, { username: 'admin', password: pw });
  const npw = `bench-${country}-Secret-2026`;
  await api(node, 'POST', '/api/v1/users/admin/password', 204,
    { current_password: pw, password: npw }, s.token);
  s = await api(node, 'POST', '/api/v1/auth/login', 200, { username: 'admin', password: npw });
  node.admin = s.token;
  node.token = (await api(node, 'POST', '/api/v1/tokens', 201,
    { name: 'bench', role: 'officer', clearance: 'SECRET' }, s.token)).token;
  node.id = (await api(node, 'GET', '/fed/v1/identity', 200)).node_id;
  return node;
}

async function pair(a, b) {
  const id = await api(b, 'GET', '/fed/v1/identity', 200);
  await api(a, 'POST', '/api/v1/peers', 201,
    { url: b.url, fingerprint: id.fingerprint, accreditation: 'CONFIDENTIAL' }, a.admin);
}

const BODY = 'x'.repeat(1024);
const compose = (kz, kg, i) => api(kz, 'POST', '/api/v1/messages', 201, {
  type: 'notice', subject: `bench ${i}`, body: BODY, recipients: [kg.id],
  releasable_countries: ['KG'] }, kz.token);

/* KG is stopped (SIGSTOP: its socket still takes connections) while the
 * backlog is composed, so the delivery that follows SIGCONT is measured on
 * its own, not paced by composition; KZ's sender waits on its first POST
 * meanwhile (it must not time out: composing stays under its 10 s). */
async function throughput(kz, kg, base) {
  let next = 0;
  const t0 = performance.now();
  kg.proc.kill('SIGSTOP');
  try {
    await Promise.all(Array.from({ length: conns }, async () => {
      while (next < count) await compose(kz, kg, next++);
    }));
  } finally {
    kg.proc.kill('SIGCONT');
  }
  const tc = performance.now();
  for (;;) {
    const n = (await api(kg, 'GET', '/api/v1/messages/count', 200, undefined, kg.token)).count - base;
    if (n >= count) break;
    if (performance.now() - tc > 120_000) throw new Error(`only ${n} of ${count} delivered`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const t1 = performance.now();
  return { delivered: count, seconds: (t1 - tc) / 1000, compose_rate: count / ((tc - t0) / 1000) };
}

/* Arrival times at KG of "bench N" messages, from its event stream. */
function listen(kg, arrived) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: kg.port, path: '/api/v1/events',
      headers: { authorization: `Bearer ${kg.token}` } }, (res) => {
      let buf = '';
      res.on('data', (d) => {
        const now = performance.now();
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m = /^event: message\.received$/m.test(frame) && /"subject":"lat (\d+)"/.exec(frame);
          if (m) arrived.set(Number(m[1]), now);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
    req.end();
  });
}

async function latency(kz, kg) {
  const arrived = new Map(), sent = new Map(), total = Math.round(rate * secs);
  const stream = await listen(kg, arrived);
  const t0 = performance.now(), posts = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.set(i, performance.now());
    posts.push(api(kz, 'POST', '/api/v1/messages', 201, { type: 'notice', subject: `lat ${i}`,
      body: BODY, recipients: [kg.id], releasable_countries: ['KG'] }, kz.token));
  }
  await Promise.all(posts);
  const end = performance.now() + 30_000;
  while (arrived.size < total && performance.now() < end)
    await new Promise((r) => setTimeout(r, 20));
  stream.destroy();
  if (arrived.size < total) throw new Error(`only ${arrived.size} of ${total} seen arriving`);
  const ms = [...sent].map(([i, t]) => arrived.get(i) - t).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2);
  return { latency_n: ms.length, p50_ms: q(0.5), p99_ms: q(0.99), max_ms: ms.at(-1).toFixed(2) };
}

async function main() {
  const [kz, kg] = await Promise.all([startNode('Bench KZ', 'KZ'), startNode('Bench KG', 'KG')]);
  await pair(kz, kg);
  await pair(kg, kz);
  await compose(kz, kg, -1); /* warm up: connections, statement caches */
  while ((await api(kg, 'GET', '/api/v1/messages/count', 200, undefined, kg.token)).count < 1)
    await new Promise((r) => setTimeout(r, 20));
  const lat = await latency(kz, kg);
  const base = (await api(kg, 'GET', '/api/v1/messages/count', 200, undefined, kg.token)).count;
  const tp = await throughput(kz, kg, base);
  console.log(`exchange: delivered=${tp.delivered} seconds=${tp.seconds.toFixed(3)} ` +
    `rate=${(tp.delivered / tp.seconds).toFixed(0)} compose_rate=${tp.compose_rate.toFixed(0)} ` +
    `latency_n=${lat.latency_n} p50_ms=${lat.p50_ms} p99_ms=${lat.p99_ms} max_ms=${lat.max_ms}`);
}

function stopAll() {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
}
main().then(() => { stopAll(); agent.destroy(); }, (e) => {
  console.error(`bench-exchange: ${e.stack}`);
  stopAll();
  agent.destroy();
  process.exitCode = 1;
});
