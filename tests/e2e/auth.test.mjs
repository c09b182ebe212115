// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Authentication and authorisation end to end: login and logout, wrong
 * passwords and the lock-out, cookie sessions and their CSRF token, the
 * forced first password change, device API tokens (role, revocation),
 * admin-only routes, and /api/v1/auth/me for users and tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { assertProblem, expectStatus, passwordFor, sampleBody, startNode } from './lib.mjs';

describe('authentication', () => {
  let node, officer;

  before(async () => {
    node = await startNode({ name: 'auth node', bcp: 'KZ-KORDAY' });
    officer = await node.user('officer1', 'officer', 'RESTRICTED', { bcp_code: 'KZ-KORDAY' });
  });
  after(() => node?.close());

  it('logs in and out; the token is refused after logout', async () => {
    const s = await node.login('officer1', officer.password);
    assert.equal(typeof s.token, 'string');
    assert.ok(s.token.length >= 32);
    assert.equal(typeof s.csrf_token, 'string');
    assert.ok(!Number.isNaN(Date.parse(s.expires_at)), s.expires_at);
    assert.ok(Date.parse(s.expires_at) > Date.now());
    assert.equal(s.user.name, 'officer1');
    assert.equal(s.user.role, 'officer');
    assert.equal(s.user.clearance, 'RESTRICTED');
    const raw = await node.api('POST', '/api/v1/auth/login', { username: 'officer1', password: officer.password });
    assert.equal(raw.headers.get('cache-control'), 'no-store', 'a reply holding a token is not cached');

    expectStatus(await node.api('GET', '/api/v1/persons', undefined, s.token), 200, 'before logout');
    const out = await node.api('POST', '/api/v1/auth/logout', undefined, s.token);
    assert.equal(out.status, 204, out.text);
    assertProblem(await node.api('GET', '/api/v1/persons', undefined, s.token), 401, undefined,
      'list after logout');
    assertProblem(await node.api('GET', '/api/v1/auth/me', undefined, s.token), 401, undefined,
      'me after logout');
    assertProblem(await node.api('POST', '/api/v1/auth/logout', undefined, s.token), 401,
      undefined, 'second logout');
    // the officer's other session is untouched
    expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, officer.token), 200);
  });

  it('refuses requests without credentials or with a made-up token', async () => {
    const none = await node.api('GET', '/api/v1/persons');
    assertProblem(none, 401, 'log in first', 'no credentials');
    assert.match(none.headers.get('www-authenticate') || '', /^Bearer/);
    assertProblem(await node.api('GET', '/api/v1/persons', undefined, 'x'.repeat(43)), 401,
      'not valid', 'unknown token');
    assertProblem(await node.api('GET', '/api/v1/persons', undefined, undefined,
      { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'Bearer', 'basic auth');
  });

  it('answers 401 to a wrong password and to an unknown user', async () => {
    await node.user('wrongpw', 'officer', 'UNCLASSIFIED');
    const r = await node.api('POST', '/api/v1/auth/login',
      { username: 'wrongpw', password: 'not the password at all' });
    assertProblem(r, 401, 'wrong user name or password', 'wrong password');
    assert.equal(r.json.token, undefined);
    const u = await node.api('POST', '/api/v1/auth/login',
      { username: 'nobody-here', password: 'whatever-password' });
    assertProblem(u, 401, 'wrong user name or password', 'unknown user');
    // one failure does not lock: the right password still works
    await node.login('wrongpw', passwordFor('wrongpw'));
  });

  it('locks an account after 5 failures (423 even with the right password)', async () => {
    await node.user('lockme', 'officer', 'UNCLASSIFIED');
    for (let i = 1; i <= 5; i++) {
      const r = await node.api('POST', '/api/v1/auth/login',
        { username: 'lockme', password: `wrong-password-${i}` });
      assertProblem(r, 401, undefined, `failure ${i}`);
    }
    const right = await node.api('POST', '/api/v1/auth/login',
      { username: 'lockme', password: passwordFor('lockme') });
    assertProblem(right, 423, 'locked', 'right password on a locked account');
    // the lock shows in the user record, and an admin can lift it
    const u = expectStatus(await node.api('GET', '/api/v1/users/lockme', undefined, node.adminToken), 200);
    assert.equal(u.locked, true);
    expectStatus(await node.api('PATCH', '/api/v1/users/lockme', { locked: false }, node.adminToken), 200);
    await node.login('lockme', passwordFor('lockme'));
  });

  it('needs X-CSRF-Token on POST with a cookie session', async () => {
    const r = await node.api('POST', '/api/v1/auth/login',
      { username: 'officer1', password: officer.password });
    expectStatus(r, 200, 'login');
    const setCookie = r.headers.get('set-cookie') || '';
    const m = /rics_session=([^;]+)/.exec(setCookie);
    assert.ok(m, `login sets the session cookie: ${setCookie}`);
    assert.equal(m[1], r.json.token);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    const cookie = { cookie: `rics_session=${m[1]}` };
    const csrf = r.json.csrf_token;

    // GET needs no CSRF token
    expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, undefined, { headers: cookie }),
      200, 'GET with cookie');
    const before = await node.count('persons', officer.token);
    const body = sampleBody('persons');
    assertProblem(await node.api('POST', '/api/v1/persons', body, undefined, { headers: cookie }),
      403, 'X-CSRF-Token', 'POST with cookie, no CSRF');
    assertProblem(await node.api('POST', '/api/v1/persons', body, undefined,
      { headers: { ...cookie, 'x-csrf-token': 'A'.repeat(csrf.length) } }),
    403, 'X-CSRF-Token', 'POST with cookie, wrong CSRF');
    assert.equal(await node.count('persons', officer.token), before, 'refused POSTs wrote nothing');
    const ok = await node.api('POST', '/api/v1/persons', body, undefined,
      { headers: { ...cookie, 'x-csrf-token': csrf } });
    expectStatus(ok, 201, 'POST with cookie and CSRF');
    assert.equal(ok.json.created_by, 'officer1');
    // logout through the cookie needs the CSRF token too, and clears the cookie
    assertProblem(await node.api('POST', '/api/v1/auth/logout', undefined, undefined,
      { headers: cookie }), 403, 'X-CSRF-Token', 'logout without CSRF');
    const out = await node.api('POST', '/api/v1/auth/logout', undefined, undefined,
      { headers: { ...cookie, 'x-csrf-token': csrf } });
    assert.equal(out.status, 204, out.text);
    assert.match(out.headers.get('set-cookie') || '', /rics_session=;.*Max-Age=0/);
    assertProblem(await node.api('GET', '/api/v1/auth/me', undefined, undefined, { headers: cookie }),
      401, undefined, 'cookie after logout');
  });

  it('keeps must_change_password users out of everything but the password change', async () => {
    const c = await node.api('POST', '/api/v1/users',
      { name: 'newbie', role: 'officer', clearance: 'RESTRICTED', agency: 'border', country: 'KZ' },
      node.adminToken);
    const created = expectStatus(c, 201, 'create user without a password');
    assert.equal(typeof created.password, 'string', 'a one-time password is returned');
    assert.ok(created.password.length >= 12);
    assert.equal(created.must_change_password, true);

    const s = await node.login('newbie', created.password);
    assert.equal(s.must_change_password, true);
    for (const [method, p, body] of [
      ['GET', '/api/v1/persons'],
      ['POST', '/api/v1/persons', sampleBody('persons')],
      ['GET', '/api/v1/crossings/count'],
      ['GET', '/api/v1/node'],
    ]) {
      assertProblem(await node.api(method, p, body, s.token), 403, 'password must be changed',
        `${method} ${p} before the change`);
    }
    const me = expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, s.token), 200);
    assert.equal(me.must_change_password, true);
    // a wrong current password is refused and changes nothing
    assertProblem(await node.api('POST', '/api/v1/users/newbie/password',
      { current_password: 'wrong-current-pw', password: passwordFor('newbie') }, s.token),
    403, 'current_password', 'wrong current password');
    // another user's password is not theirs to set
    assertProblem(await node.api('POST', '/api/v1/users/officer1/password',
      { current_password: created.password, password: passwordFor('x') }, s.token), 403,
    undefined, 'someone else\'s password');
    const ch = await node.api('POST', '/api/v1/users/newbie/password',
      { current_password: created.password, password: passwordFor('newbie') }, s.token);
    assert.equal(ch.status, 204, ch.text);
    expectStatus(await node.api('GET', '/api/v1/persons', undefined, s.token), 200, 'after the change');
    // the one-time password is gone, the new one works
    assertProblem(await node.api('POST', '/api/v1/auth/login',
      { username: 'newbie', password: created.password }), 401, undefined, 'old password');
    const again = await node.login('newbie', passwordFor('newbie'));
    assert.equal(again.must_change_password, false);
  });

  it('gives a reader token document creation but not person reading; revoked tokens get 401', async () => {
    const t = await node.apiToken('lane-1', 'reader');
    assert.equal(t.role, 'reader');
    assert.equal(t.clearance, 'UNCLASSIFIED');
    assert.equal(typeof t.token, 'string');

    const me = expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, t.token), 200);
    assert.equal(me.kind, 'token');
    assert.equal(me.role, 'reader');
    assert.equal(me.name, 'token:lane-1');

    const doc = await node.create('documents', sampleBody('documents'), t.token);
    assert.equal(doc.created_by, 'token:lane-1');
    assertProblem(await node.api('GET', '/api/v1/persons', undefined, t.token), 403,
      'may not read persons', 'reader lists persons');
    assertProblem(await node.api('GET', `/api/v1/documents/${doc.id}`, undefined, t.token), 403,
      'may not read documents', 'reader reads a document');
    assertProblem(await node.api('GET', '/api/v1/persons/count', undefined, t.token), 403,
      undefined, 'reader counts persons');
    assertProblem(await node.api('POST', '/api/v1/seizures', sampleBody('seizures'), t.token), 403,
      'may not create seizures', 'reader creates a seizure');
    // a token cannot log out; it is revoked
    assertProblem(await node.api('POST', '/api/v1/auth/logout', undefined, t.token), 422,
      'revoked', 'token logout');

    const list = await node.listAll('tokens', node.adminToken);
    const listed = list.find((x) => x.id === t.id);
    assert.ok(listed, 'the token is listed');
    assert.equal(JSON.stringify(listed).includes(t.token), false, 'the secret is never listed');

    const del = await node.api('DELETE', `/api/v1/tokens/${t.id}`, undefined, node.adminToken);
    assert.equal(del.status, 204, del.text);
    assertProblem(await node.api('POST', '/api/v1/documents', sampleBody('documents'), t.token), 401,
      'revoked', 'revoked token');
    assertProblem(await node.api('GET', '/api/v1/auth/me', undefined, t.token), 401, undefined,
      'revoked token, me');
  });

  it('ends the sessions of a user whose password an admin resets, and asks for a new one', async () => {
    const u = await node.user('resetme', 'officer', 'RESTRICTED');
    const temp = 'temporary-password-1';
    const r = await node.api('POST', '/api/v1/users/resetme/password', { password: temp }, node.adminToken);
    assert.equal(r.status, 204, r.text);
    assertProblem(await node.api('GET', '/api/v1/auth/me', undefined, u.token), 401, undefined,
      'old session after the reset');
    assertProblem(await node.api('POST', '/api/v1/auth/login', { username: 'resetme', password: u.password }),
      401, undefined, 'old password after the reset');
    const s = await node.login('resetme', temp);
    assert.equal(s.must_change_password, true, 'an admin reset is a one-time password');
    assertProblem(await node.api('GET', '/api/v1/persons', undefined, s.token), 403, 'password must be changed');
  });

  it('ends the sessions of a disabled user and refuses their login', async () => {
    const u = await node.user('disableme', 'officer', 'RESTRICTED');
    expectStatus(await node.api('PATCH', '/api/v1/users/disableme', { disabled: true }, node.adminToken), 200);
    assertProblem(await node.api('GET', '/api/v1/auth/me', undefined, u.token), 401, undefined, 'session');
    assertProblem(await node.api('POST', '/api/v1/auth/login', { username: 'disableme', password: u.password }),
      423, undefined, 'login of a disabled user');
    assertProblem(await node.api('PATCH', '/api/v1/users/admin', { disabled: true }, node.adminToken), 422,
      'cannot lock, disable or demote themselves', 'admin disables themself');
  });

  it('audits login attempts, failed and successful', async () => {
    const log = await node.auditAll();
    const logins = (actor, outcome) => log.filter((e) => e.action === 'login' && e.actor === actor &&
      e.outcome === outcome);
    assert.ok(logins('lockme', 'denied').length >= 6, 'five failures and the refused right password');
    assert.ok(logins('lockme', 'denied').some((e) => /locked/.test(e.detail)));
    assert.ok(logins('nobody-here', 'denied').some((e) => e.detail === 'unknown user'));
    assert.ok(logins('officer1', 'ok').length >= 2);
    const v = expectStatus(await node.api('GET', '/api/v1/audit/verify', undefined, node.adminToken), 200);
    assert.equal(v.ok, true, JSON.stringify(v));
  });

  it('does not tell a non-admin which user names exist', async () => {
    const t = await node.apiToken('probe', 'reader');
    const known = await node.api('POST', '/api/v1/users/admin/password', { password: 'x'.repeat(16) }, t.token);
    const unknown = await node.api('POST', '/api/v1/users/no-such-user/password', { password: 'x'.repeat(16) }, t.token);
    assert.equal(known.status, 403);
    assert.equal(unknown.status, known.status, `unknown name: ${unknown.status} ${unknown.text}`);
  });

  it('refuses tokens with user roles and users with token roles', async () => {
    assertProblem(await node.api('POST', '/api/v1/tokens', { name: 'x', role: 'admin' },
      node.adminToken), 422, 'role', 'admin token');
    assertProblem(await node.api('POST', '/api/v1/users', { name: 'cam', role: 'camera',
      clearance: 'SECRET', agency: 'border', country: 'KZ', password: passwordFor('cam') },
    node.adminToken), 422, 'role', 'camera user');
  });

  it('answers 403 to officers on admin-only routes', async () => {
    const routes = [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { name: 'sneaky', role: 'admin', clearance: 'SECRET',
        agency: 'border', country: 'KZ', password: passwordFor('sneaky') }],
      ['GET', '/api/v1/users/admin'],
      ['PATCH', '/api/v1/users/officer1', { role: 'admin' }],
      ['POST', '/api/v1/users/admin/password', { password: passwordFor('takeover') }],
      ['GET', '/api/v1/tokens'],
      ['POST', '/api/v1/tokens', { name: 'mine', role: 'officer' }],
      ['DELETE', '/api/v1/tokens/01900000-0000-7000-8000-000000000000'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/verify'],
      ['POST', '/api/v1/bcps', sampleBody('bcps')],
    ];
    for (const [method, p, body] of routes)
      assertProblem(await node.api(method, p, body, officer.token), 403, undefined, `officer ${method} ${p}`);
    // nothing changed: no user 'sneaky', officer1 still an officer, admin's password intact
    const users = await node.listAll('users', node.adminToken);
    assert.equal(users.some((u) => u.name === 'sneaky'), false);
    assert.equal(users.find((u) => u.name === 'officer1').role, 'officer');
    await node.login('admin', node.adminPassword);
  });

  it('tells the caller who they are at /api/v1/auth/me', async () => {
    const me = expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, officer.token), 200);
    assert.equal(me.name, 'officer1');
    assert.equal(me.role, 'officer');
    assert.equal(me.clearance, 'RESTRICTED');
    assert.equal(me.country, 'KZ');
    assert.equal(me.agency, 'border');
    assert.equal(me.bcp_code, 'KZ-KORDAY');
    assert.equal(me.kind, 'user');
    const adm = expectStatus(await node.api('GET', '/api/v1/auth/me', undefined, node.adminToken), 200);
    assert.equal(adm.name, 'admin');
    assert.equal(adm.role, 'admin');
    assert.equal(adm.clearance, 'SECRET');
    assert.equal(adm.kind, 'user');
    const n = expectStatus(await node.api('GET', '/api/v1/node', undefined, officer.token), 200);
    assert.equal(n.name, 'auth node');
    assert.equal(n.country, 'KZ');
    assert.equal(n.bcp_code, 'KZ-KORDAY');
  });
});
