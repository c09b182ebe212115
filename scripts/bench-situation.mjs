// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The situation centre's reads (scripts/bench-situation): a release ricsd
 * loaded with `rics gen --scale SCALE`, then each /api/v1/stats route and,
 * as the baseline measured in the same run, GET /api/v1/crossings/count (a
 * single indexed count), asked N times one after another over keep-alive.
 * Prints median and p99 per route and the ratio of each median to the
 * baseline's; exits 1 if a p99 misses the target (every action of the UI
 * answers within 200 ms on demo data). Stops the ricsd it started.
 */
import { expectStatus, rics, startNode } from '../tests/e2e/lib.mjs';

const SCALE = process.env.BENCH_SITUATION_SCALE || 'medium';
const N = Number(process.env.BENCH_SITUATION_REQUESTS || 200);
const TARGET_MS = 200;

async function measure(node, token, path) {
  const ms = [];
  for (let i = 0; i < N + 10; i++) {
    const t = performance.now();
    const r = await node.api('GET', path, undefined, token, { keepAlive: true });
    if (i >= 10) ms.push(performance.now() - t); /* the first ten warm the caches */
    expectStatus(r, 200, path);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(N / 2)], p99: ms[Math.min(N - 1, Math.ceil(N * 0.99) - 1)] };
}

const node = await startNode({ name: 'bench situation' });
let failed = false;
try {
  const sup = await node.user('sup', 'supervisor', 'SECRET');
  const t0 = Date.now();
  const load = await rics(['gen', '--scale', SCALE, '--load', '--url', node.url, '--token', sup.token,
    '--admin-token', node.adminToken], { timeout: 1_800_000 });
  if (load.code !== 0) throw new Error(`rics gen --load failed: ${load.stderr}`);
  const bcps = expectStatus(await node.api('GET', '/api/v1/stats/bcps', undefined, sup.token), 200).items;
  const crossings = await node.count('crossings', sup.token);
  // the worst case for a BCP's page: the BCP whose 7-day throughput took longest
  // in a first pass over all of them (the one with most crossings stored)
  let busiest = bcps[0], slowest = -1;
  for (const b of bcps) {
    const t = performance.now();
    expectStatus(await node.api('GET', `/api/v1/stats/bcps/${b.id}/throughput?hours=168`,
      undefined, sup.token), 200);
    const ms = performance.now() - t;
    if (ms > slowest) { slowest = ms; busiest = b; }
  }
  console.log(`bench situation: ${crossings} crossings at ${bcps.length} BCPs (rics gen --scale ${SCALE},` +
    ` loaded in ${((Date.now() - t0) / 1000).toFixed(0)} s), ${N} sequential requests per route; BCP page: ${busiest.code}`);
  const base = await measure(node, sup.token, '/api/v1/crossings/count');
  console.log(`bench situation baseline GET /api/v1/crossings/count: median ${base.median.toFixed(2)} ms,` +
    ` p99 ${base.p99.toFixed(2)} ms`);
  for (const [name, path] of [['today', '/api/v1/stats/today'], ['bcps', '/api/v1/stats/bcps'],
    ['throughput 24 h', `/api/v1/stats/bcps/${busiest.id}/throughput?hours=24`],
    ['throughput 7 d', `/api/v1/stats/bcps/${busiest.id}/throughput?hours=168`]]) {
    const m = await measure(node, sup.token, path);
    const ok = m.p99 <= TARGET_MS;
    failed ||= !ok;
    console.log(`bench situation ${name}: median ${m.median.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms;` +
      ` ratio to baseline ${(m.median / base.median).toFixed(2)}x; p99 target <= ${TARGET_MS} ms` +
      ` ${ok ? 'ok' : 'MISSED'}`);
  }
} finally {
  await node.close();
}
process.exit(failed ? 1 : 0);
