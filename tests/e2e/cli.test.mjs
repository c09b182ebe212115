// SPDX-License-Identifier: AGPL-3.0-or-later
//
// End-to-end tests of the `rics` command line: they run the built binary
// (and, for the online commands, a real ricsd on 127.0.0.1 with a port the
// kernel picks) the way an administrator would, in temporary directories
// that are removed afterwards. Binaries come from $RICS_BIN_DIR (default
// /work/main/build). Node's built-in test runner only: `node --test`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const binDir = process.env.RICS_BIN_DIR || '/work/main/build';
const rics = path.join(binDir, 'rics');
const ricsd = path.join(binDir, 'ricsd');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rics-cli-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A clean environment: no node, token or session of the person running the tests.
const baseEnv = { ...process.env, RICS_SESSION_FILE: path.join(tmp, 'no-session') };
delete baseEnv.RICS_URL;
delete baseEnv.RICS_TOKEN;

function run(args, { input, env } = {}) {
  const r = spawnSync(rics, args, {
    input, encoding: 'utf8', env: { ...baseEnv, ...env }, timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function mode(p) {
  return fs.statSync(p).mode & 0o777;
}

function initNode(dir, extra = []) {
  const r = run(['init', dir, '--name', 'Test BLO', '--country', 'KZ', '--agency', 'border', ...extra]);
  assert.equal(r.code, 0, r.err);
  const m = r.out.match(/^admin password \(shown once\): (\S+)$/m);
  assert.ok(m, `no admin password in:\n${r.out}`);
  return m[1];
}

describe('rics init', () => {
  const dir = path.join(tmp, 'node');
  let password;
  before(() => { password = initNode(dir, ['--bcp', 'KZ-KORDAY', '--port', '18080']); });

  it('creates a private data directory with rics.conf and rics.db', () => {
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(path.join(dir, 'rics.db')) & 0o077, 0);
    const conf = fs.readFileSync(path.join(dir, 'rics.conf'), 'utf8');
    assert.match(conf, /^port = 18080$/m);
    assert.match(conf, /^listen = 127\.0\.0\.1$/m);
  });

  it('prints a generated admin password once', () => {
    assert.match(password, /^[A-Za-z0-9]{24}$/);
  });

  it('refuses a directory that already holds a node', () => {
    const r = run(['init', dir, '--name', 'Again', '--country', 'KZ', '--agency', 'border']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^rics: data directory '.*' already holds a node$/m);
  });

  it('rejects bad arguments as usage errors and leaves nothing behind', () => {
    const bad = path.join(tmp, 'bad');
    const cases = [
      ['--name', 'X', '--country', 'kz', '--agency', 'border'],
      ['--name', 'X', '--country', 'KZ', '--agency', 'army'],
      ['--country', 'KZ', '--agency', 'border'],
      ['--name', 'X', '--country', 'KZ', '--agency', 'border', '--port', '70000'],
    ];
    for (const args of cases) {
      const r = run(['init', bad, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /^rics: /);
    }
    assert.equal(fs.existsSync(bad), false);
  });
});

describe('rics audit verify and rics backup', () => {
  const dir = path.join(tmp, 'node2');
  before(() => initNode(dir));

  it('finds the audit chain of a new node intact', () => {
    const r = run(['audit', 'verify', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^audit chain intact: [1-9]\d* entries$/m);
  });

  it('names a data directory that holds no node', () => {
    const r = run(['audit', 'verify', path.join(tmp, 'nowhere')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /holds no node/);
  });

  it('writes a private, verifiable backup and never overwrites one', () => {
    const file = path.join(tmp, 'node2.bak');
    let r = run(['backup', dir, file]);
    assert.equal(r.code, 0, r.err);
    assert.equal(mode(file) & 0o077, 0);
    const restored = path.join(tmp, 'restored');
    fs.mkdirSync(restored, { mode: 0o700 });
    fs.copyFileSync(file, path.join(restored, 'rics.db'));
    r = run(['audit', 'verify', restored]);
    assert.equal(r.code, 0, r.err);
    const before = fs.statSync(file).mtimeMs;
    r = run(['backup', dir, file]);
    assert.equal(r.code, 1);
    assert.match(r.err, /already exists/);
    assert.equal(fs.statSync(file).mtimeMs, before);
  });
});

// Every command and subcommand, read from `rics help` itself.
function commandList() {
  const words = (text) => {
    const at = text.indexOf('\ncommands:\n');
    if (at < 0) return [];
    return text.slice(at + 11).split('\n\n')[0].split('\n').map((l) => l.trim().split(/\s+/)[0]);
  };
  const all = [];
  for (const top of words(run(['help']).out)) {
    const subs = words(run(['help', top]).out);
    all.push([top]);
    for (const sub of subs) all.push([top, sub]);
  }
  return all;
}

describe('help and usage errors', () => {
  const commands = commandList();

  it('knows the documented commands', () => {
    const names = commands.map((c) => c.join(' '));
    for (const c of ['init', 'login', 'logout', 'user add', 'user list', 'user passwd', 'user lock',
      'user unlock', 'token create', 'token list', 'token revoke', 'audit verify', 'backup',
      'get', 'list', 'create', 'help'])
      assert.ok(names.includes(c), `missing '${c}' in ${names.join(', ')}`);
  });

  it('prints help for every command with --help, -h and rics help, exit 0', () => {
    for (const c of commands) {
      for (const args of [[...c, '--help'], [...c, '-h'], ['help', ...c]]) {
        const r = run(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
        assert.match(r.out, new RegExp(`^usage: rics ${c.join(' ')}`), args.join(' '));
      }
    }
    assert.equal(run(['--help']).code, 0);
    assert.equal(run(['help']).code, 0);
  });

  it('lists every option in the help of a command', () => {
    const r = run(['init', '--help']);
    for (const o of ['--name', '--country', '--agency', '--bcp', '--port', '--listen', '--help'])
      assert.ok(r.out.includes(o), `rics init --help lacks ${o}`);
  });

  it('rejects an unknown option on every command with exit 2, naming it', () => {
    for (const c of commands) {
      const args = c[0] === 'list' ? ['list', 'persons', '--no-such-option'] : [...c, '--no-such-option'];
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /rics: unknown option '--no-such-option'/, args.join(' '));
    }
  });

  it('rejects an unknown command with exit 2, naming it', () => {
    let r = run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
    r = run(['user', 'frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown user command 'frobnicate'/);
    r = run([]);
    assert.equal(r.code, 2);
  });

  it('keeps docs/cli.md in step with the code', { skip: !fs.existsSync(path.join(repo, 'docs/cli.md')) }, () => {
    const page = fs.readFileSync(path.join(repo, 'docs/cli.md'), 'utf8');
    assert.equal(run(['help', '--markdown']).out, page,
      "docs/cli.md is stale: run 'rics help --markdown > docs/cli.md'");
  });
});

// ---- online commands against a real ricsd ----

async function startNode(dir) {
  const child = spawn(ricsd, ['--data', dir, '--port', '0', '--listen', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ricsd did not start:\n${log}`)), 20_000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/event=listening .*port=(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`ricsd exited ${code}:\n${log}`)); });
  });
  child.stderr.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}

describe('online commands', { skip: !fs.existsSync(ricsd) && 'no ricsd binary' }, () => {
  const dir = path.join(tmp, 'online');
  const admin = { RICS_SESSION_FILE: path.join(tmp, 'sessions', 'admin') };
  const officer = { RICS_SESSION_FILE: path.join(tmp, 'sessions', 'officer') };
  let node;
  let first;

  before(async () => {
    first = initNode(dir);
    node = await startNode(dir);
  });
  after(() => node?.child.kill('SIGTERM'));

  it('logs in with the one-time password, changes it and keeps a private session', () => {
    const r = run(['login', '--url', node.url, '--password-stdin', 'admin'],
      { input: `${first}\nadmin-new-password-1\n`, env: admin });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /logged in to .* as 'admin'/);
    assert.equal(mode(admin.RICS_SESSION_FILE), 0o600);
  });

  it('refuses a wrong password with the node\'s reason', () => {
    const r = run(['login', '--url', node.url, '--password-stdin', 'admin'],
      { input: 'not-the-password\n', env: { RICS_SESSION_FILE: path.join(tmp, 'sessions', 'x') } });
    assert.equal(r.code, 1);
    assert.match(r.err, /^rics: wrong user name or password$/m);
  });

  it('adds, lists, locks and unlocks users', () => {
    let r = run(['user', 'add', 'aibek', '--role', 'officer', '--clearance', 'RESTRICTED',
      '--agency', 'border', '--country', 'KZ', '--password-stdin'],
    { input: 'officer-password-1\n', env: admin });
    assert.equal(r.code, 0, r.err);
    r = run(['user', 'add', 'gul', '--role', 'analyst', '--clearance', 'SECRET',
      '--agency', 'customs', '--country', 'KG'], { env: admin });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /one-time password of 'gul' \(shown once\): \S{12,}/);
    r = run(['user', 'add', 'gul', '--role', 'analyst', '--clearance', 'SECRET',
      '--agency', 'customs', '--country', 'KG'], { env: admin });
    assert.equal(r.code, 1);
    assert.match(r.err, /^rics: user 'gul' already exists$/m);
    assert.equal(run(['user', 'lock', 'gul'], { env: admin }).code, 0);
    r = run(['user', 'list'], { env: admin });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^gul .* locked/m);
    assert.equal(run(['user', 'unlock', 'gul'], { env: admin }).code, 0);
  });

  it('creates, lists and revokes API tokens', () => {
    let r = run(['token', 'create', 'lane-1', '--role', 'reader', '--bcp', 'KZ-KORDAY'], { env: admin });
    assert.equal(r.code, 0, r.err);
    const secret = r.out.match(/token secret \(shown once\): (\S+)/)[1];
    r = run(['token', 'list'], { env: admin });
    assert.match(r.out, /lane-1 +reader/);
    r = run(['list', 'bcps', '--url', node.url, '--token', secret]);
    assert.equal(r.code, 0, r.err);
    assert.equal(run(['token', 'revoke', 'lane-1'], { env: admin }).code, 0);
    r = run(['list', 'bcps', '--url', node.url, '--token', secret]);
    assert.equal(r.code, 1);
    assert.match(r.err, /revoked/);
  });

  it('creates, lists, gets and updates records', () => {
    let r = run(['login', '--url', node.url, '--password-stdin', 'aibek'],
      { input: 'officer-password-1\n', env: officer });
    assert.equal(r.code, 0, r.err);
    r = run(['create', 'persons', '-'], {
      input: JSON.stringify([{ surname: 'ТОХТАСИНОВ', given_names: 'АЛИШЕР' }, { surname: 'IVANOV' }]),
      env: officer,
    });
    assert.equal(r.code, 0, r.err);
    r = run(['list', 'persons', '--name_prefix', 'тохта'], { env: officer });
    assert.equal(r.code, 0, r.err);
    const found = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(found.length, 1);
    r = run(['get', 'person', found[0].id], { env: officer });
    assert.equal(JSON.parse(r.out).surname, 'ТОХТАСИНОВ');
    r = run(['update', 'persons', found[0].id, '-', '--if-match', '1'], { input: '{"sex":"M"}', env: officer });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).version, 2);
    r = run(['update', 'persons', found[0].id, '-', '--if-match', '1'], { input: '{"sex":"F"}', env: officer });
    assert.equal(r.code, 1);
    r = run(['list', 'persons', '--limit', '1', '--all'], { env: officer });
    assert.equal(r.out.trim().split('\n').length, 2);
    assert.equal(run(['list', 'persons', '--count'], { env: officer }).out.trim(), '2');
  });

  it('logs out and forgets the session', () => {
    assert.equal(run(['logout'], { env: officer }).code, 0);
    assert.equal(fs.existsSync(officer.RICS_SESSION_FILE), false);
    const r = run(['list', 'persons', '--url', node.url], { env: officer });
    assert.equal(r.code, 1);
    assert.match(r.err, /not logged in/);
  });
});
