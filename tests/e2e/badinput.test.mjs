// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Bad input, as a table: each row is one bad request with the status and a
 * piece of the problem+json detail it must get. Bodies too large (declared
 * and chunked), malformed or non-object JSON, wrong types, unknown and
 * server-set fields, invalid ids in the path, impossible dates and times,
 * missing required fields, bad enums, codes and ranges, unknown filters,
 * bad limits and cursors, unknown resources, wrong methods, bad If-Match.
 * Afterwards the count of every type is unchanged and the audit log holds
 * no new write: nothing was stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TYPES, assertProblem, expectStatus, sampleBody, startNode } from './lib.mjs';

const MAX_BODY = 1 << 20; // the default max_body of rics.conf
const NO_SUCH_ID = '01900000-0000-7000-8000-00000000abcd';

const person = (extra) => ({ surname: 'Badinputov', ...extra });
const crossing = (extra) => ({ bcp_code: 'KZ-KORDAY', direction: 'in',
  crossed_at: '2026-03-01T10:00:00Z', ...extra });

/* A body bigger than max_body, as a stream: chunked, with no Content-Length. */
function chunked(text) {
  const bytes = new TextEncoder().encode(text);
  return () => new ReadableStream({
    start(c) {
      for (let o = 0; o < bytes.length; o += 64 * 1024) c.enqueue(bytes.slice(o, o + 64 * 1024));
      c.close();
    },
  });
}

const big = JSON.stringify(person({ notes: 'x'.repeat(MAX_BODY + 1000) }));

/*
 * [what, method, path, body, status, detail, options]. {person} and
 * {crossing} in a path stand for ids of records made before the table runs.
 * options.as: which caller (default officer, SECRET); options.headers.
 */
const TABLE = [
  // size
  ['body over max_body (Content-Length)', 'POST', '/api/v1/persons', big, 413, `exceeds the limit of ${MAX_BODY} bytes`],
  ['body over max_body (chunked)', 'POST', '/api/v1/persons', chunked(big), 413, `exceeds the limit of ${MAX_BODY} bytes`],
  ['PATCH body over max_body', 'PATCH', '/api/v1/persons/{person}', big, 413, 'exceeds the limit'],
  ['login body over max_body', 'POST', '/api/v1/auth/login', big, 413, 'exceeds the limit'],
  // not JSON, or not an object
  ['truncated JSON', 'POST', '/api/v1/persons', '{"surname": "X",', 400, 'malformed JSON'],
  ['not JSON at all', 'POST', '/api/v1/persons', 'surname=X', 400, 'malformed JSON'],
  ['empty body', 'POST', '/api/v1/persons', '', 400, 'needs a JSON body'],
  ['no body', 'POST', '/api/v1/persons', undefined, 400, 'needs a JSON body'],
  ['duplicate keys', 'POST', '/api/v1/persons', '{"surname":"A","surname":"B"}', 400, 'malformed JSON'],
  ['invalid UTF-8', 'POST', '/api/v1/persons', Buffer.from('{"surname":"\xff\xfe"}', 'latin1'), 400, 'malformed JSON'],
  ['nesting too deep', 'POST', '/api/v1/persons', `{"surname":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400, 'malformed JSON'],
  ['number overflow', 'POST', '/api/v1/persons', '{"surname":"X","assessment":1e400}', 400, 'malformed JSON'],
  ['integer overflow', 'POST', '/api/v1/persons', '{"surname":"X","assessment":99999999999999999999999}', 400, 'malformed JSON'],
  ['JSON array', 'POST', '/api/v1/persons', '[{"surname":"X"}]', 400, 'must be a JSON object'],
  ['JSON string', 'POST', '/api/v1/persons', '"X"', 400, 'malformed JSON'],
  ['JSON null', 'POST', '/api/v1/persons', 'null', 400, 'malformed JSON'],
  ['JSON number in PATCH', 'PATCH', '/api/v1/persons/{person}', '42', 400, 'malformed JSON'],
  // wrong types
  ['number for a string', 'POST', '/api/v1/persons', person({ surname: 5 }), 422, "'surname' must be a string"],
  ['object for a string', 'POST', '/api/v1/persons', person({ notes: { a: 1 } }), 422, "'notes' must be a string"],
  ['string for a number', 'POST', '/api/v1/declarations', { ...sampleBody('declarations', { person: NO_SUCH_ID }), amount: '12.50' }, 422, "'amount' must be a number"],
  ['real for an integer', 'POST', '/api/v1/persons', person({ assessment: 2.5 }), 422, "'assessment' must be an integer"],
  ['boolean for an integer', 'POST', '/api/v1/persons', person({ assessment: true }), 422, "'assessment' must be an integer"],
  ['string for a list', 'POST', '/api/v1/messages', { ...sampleBody('messages'), recipients: 'KG-AKZHOL' }, 422, "'recipients' must be an array"],
  ['number in a list', 'POST', '/api/v1/persons', person({ other_names: ['Ok', 1] }), 422, "'other_names[1]' must be a string"],
  ['non-UUID in an id list', 'POST', '/api/v1/seizures', { ...sampleBody('seizures'), person_ids: ['nope'] }, 422, "'person_ids[0]' is not a UUID"],
  ['non-UUID reference', 'POST', '/api/v1/crossings', crossing({ person_id: 'person-1' }), 422, "'person_id' is not a UUID"],
  ['bad agency in a list', 'POST', '/api/v1/persons', person({ releasable_agencies: ['army'] }), 422, "'releasable_agencies[0]' must be one of"],
  ['too many list items', 'POST', '/api/v1/persons', person({ releasable_countries: Array(17).fill('KG') }), 422, "'releasable_countries' holds more than 16 items"],
  // unknown and server-set fields
  ['unknown field', 'POST', '/api/v1/persons', person({ shoe_size: 44 }), 422, "unknown field 'shoe_size'"],
  ['field of another type', 'POST', '/api/v1/persons', person({ plate: 'A123' }), 422, "unknown field 'plate'"],
  ['unknown field in PATCH', 'PATCH', '/api/v1/persons/{person}', { shoe_size: 44 }, 422, "unknown field 'shoe_size'"],
  ['id given', 'POST', '/api/v1/persons', person({ id: NO_SUCH_ID }), 422, "'id' is set by the node"],
  ['version given', 'POST', '/api/v1/crossings', crossing({ version: 7 }), 422, "'version' is set by the node"],
  ['created_by given', 'POST', '/api/v1/crossings', crossing({ created_by: 'someone' }), 422, "'created_by' is set by the node"],
  ['origin_node given', 'POST', '/api/v1/crossings', crossing({ origin_node: NO_SUCH_ID }), 422, "'origin_node' is set by the node"],
  ['version in PATCH', 'PATCH', '/api/v1/persons/{person}', { version: 99 }, 422, "'version' is set by the node"],
  ['created_at in PATCH', 'PATCH', '/api/v1/crossings/{crossing}', { created_at: '2020-01-01T00:00:00Z' }, 422, "'created_at' is set by the node"],
  ['non-updatable field in PATCH', 'PATCH', '/api/v1/crossings/{crossing}', { direction: 'out' }, 422, "'direction' cannot be changed"],
  ['empty PATCH', 'PATCH', '/api/v1/persons/{person}', {}, 422, 'nothing to change'],
  // invalid ids in the path
  ['short id', 'GET', '/api/v1/persons/123', undefined, 400, "'123' is not a record id"],
  ['word for an id', 'GET', '/api/v1/crossings/not-a-uuid', undefined, 400, "'not-a-uuid' is not a record id"],
  ['id with a tail', 'GET', `/api/v1/persons/${NO_SUCH_ID}0`, undefined, 400, 'is not a record id'],
  ['id with bad hex', 'GET', '/api/v1/persons/0190000g-0000-7000-8000-000000000000', undefined, 400, 'is not a record id'],
  ['bad id in PATCH', 'PATCH', '/api/v1/persons/xyz', { notes: 'n' }, 400, "'xyz' is not a record id"],
  // impossible dates and times
  ['30 February', 'POST', '/api/v1/persons', person({ birth_date: '2001-02-30' }), 422, "'birth_date' is not a valid date"],
  ['29 February, not a leap year', 'POST', '/api/v1/persons', person({ birth_date: '2023-02-29' }), 422, "'birth_date' is not a valid date"],
  ['month 13', 'POST', '/api/v1/persons', person({ birth_date: '2001-13-01' }), 422, "'birth_date' is not a valid date"],
  ['date without zero padding', 'POST', '/api/v1/documents', { ...sampleBody('documents'), expiry_date: '2030-1-5' }, 422, "'expiry_date' is not a valid date"],
  ['date with a time', 'POST', '/api/v1/persons', person({ birth_date: '2001-02-03T00:00:00Z' }), 422, "'birth_date' is not a valid date"],
  ['25 o\'clock', 'POST', '/api/v1/crossings', crossing({ crossed_at: '2026-03-01T25:00:00Z' }), 422, "'crossed_at' is not a valid RFC 3339 time"],
  ['minute 60', 'POST', '/api/v1/crossings', crossing({ crossed_at: '2026-03-01T10:60:00Z' }), 422, "'crossed_at' is not a valid RFC 3339 time"],
  ['31 April', 'POST', '/api/v1/crossings', crossing({ crossed_at: '2026-04-31T10:00:00Z' }), 422, "'crossed_at' is not a valid RFC 3339 time"],
  ['time without a zone', 'POST', '/api/v1/crossings', crossing({ crossed_at: '2026-03-01T10:00:00' }), 422, "'crossed_at' is not a valid RFC 3339 time"],
  ['offset out of range', 'POST', '/api/v1/crossings', crossing({ crossed_at: '2026-03-01T10:00:00+25:00' }), 422, "'crossed_at' is not a valid RFC 3339 time"],
  ['impossible time in PATCH', 'PATCH', '/api/v1/persons/{person}', { birth_date: '1999-02-30' }, 422, "'birth_date' is not a valid date"],
  // required fields
  ['missing direction', 'POST', '/api/v1/crossings', { bcp_code: 'KZ-KORDAY', crossed_at: '2026-03-01T10:00:00Z' }, 422, "'direction' is required for a crossing"],
  ['empty object', 'POST', '/api/v1/persons', {}, 422, "'surname' is required for a person"],
  ['required field null', 'POST', '/api/v1/persons', { surname: null }, 422, "'surname' is required"],
  ['required field empty', 'POST', '/api/v1/persons', { surname: '' }, 422, "'surname' must not be empty"],
  ['hit without a watchlist entry', 'POST', '/api/v1/hits', { subject_type: 'person', score: 50 }, 422, "'watchlist_id' is required for a hit", { as: 'supervisor' }],
  ['handling H3 without a note', 'POST', '/api/v1/persons', person({ handling: 'H3' }), 422, "'handling_note' is required with handling H3"],
  ['defaulted field null', 'POST', '/api/v1/persons', person({ classification: null }), 422, "'classification' is required"],
  // enums, codes, ranges, lengths, characters
  ['bad direction', 'POST', '/api/v1/crossings', crossing({ direction: 'sideways' }), 422, "'direction' must be one of: in, out"],
  ['lower-case enum', 'POST', '/api/v1/persons', person({ classification: 'restricted' }), 422, "'classification' must be one of"],
  ['bad classification', 'POST', '/api/v1/persons', person({ classification: 'TOP SECRET' }), 422, "'classification' must be one of"],
  ['bad enum in PATCH', 'PATCH', '/api/v1/persons/{person}', { sex: 'Q' }, 422, "'sex' must be one of: M, F, X"],
  ['lower-case country code', 'POST', '/api/v1/persons', person({ nationality: 'kaz' }), 422, "'nationality' must be 2 or 3 upper-case letters"],
  ['two-letter currency', 'POST', '/api/v1/declarations', { ...sampleBody('declarations', { person: NO_SUCH_ID }), currency: 'US' }, 422, "'currency' must be 3 upper-case letters"],
  ['latitude 91', 'POST', '/api/v1/bcps', { ...sampleBody('bcps'), lat: 91 }, 422, "'lat' must be between -90 and 90", { as: 'admin' }],
  ['assessment 5', 'POST', '/api/v1/persons', person({ assessment: 5 }), 422, "'assessment' must be between 1 and 4"],
  ['negative quantity', 'POST', '/api/v1/seizures', { ...sampleBody('seizures'), quantity: -1 }, 422, "'quantity' must be between 0"],
  ['zero amount', 'POST', '/api/v1/declarations', { ...sampleBody('declarations', { person: NO_SUCH_ID }), amount: 0 }, 422, "'amount' must be between 0.01"],
  ['score 101', 'POST', '/api/v1/hits', { watchlist_id: NO_SUCH_ID, subject_type: 'person', score: 101 }, 422, "'score' must be between 0 and 100", { as: 'supervisor' }],
  ['surname too long', 'POST', '/api/v1/persons', person({ surname: 'Ж'.repeat(101) }), 422, "'surname' is longer than 200 bytes"],
  ['control character', 'POST', '/api/v1/persons', person({ surname: 'Bad\u0007Name' }), 422, "'surname' contains a NUL or control character"],
  ['escaped NUL character', 'POST', '/api/v1/persons', person({ surname: 'Bad\u0000Name' }), 400, 'malformed JSON'],
  ['raw control character', 'POST', '/api/v1/persons', '{"surname":"Bad\u0001Name"}' /* a raw U+0001 in the JSON text */, 400, 'malformed JSON'],
  ['DEL character', 'POST', '/api/v1/persons', person({ surname: 'Bad\u007fName' }), 422, "'surname' contains a NUL or control character"],
  // permissions and clearance: refused before anything is written
  ['classifying above one\'s clearance', 'POST', '/api/v1/persons', person({ classification: 'SECRET' }), 403, 'you may not classify a record SECRET', { as: 'restricted' }],
  ['raising above one\'s clearance in PATCH', 'PATCH', '/api/v1/persons/{person}', { classification: 'CONFIDENTIAL' }, 403, 'you may not classify', { as: 'restricted' }],
  ['reference to a missing record', 'POST', '/api/v1/declarations', sampleBody('declarations', { person: NO_SUCH_ID }), 422, "'person_id' refers to no person"],
  // list queries
  ['unknown filter', 'GET', '/api/v1/crossings?colour=red', undefined, 400, "crossings cannot be filtered by 'colour'"],
  ['field that is not a filter', 'GET', '/api/v1/crossings?notes=x', undefined, 400, "crossings cannot be filtered by 'notes'"],
  ['name search on crossings', 'GET', '/api/v1/crossings?name=x', undefined, 400, "crossings cannot be filtered by 'name'"],
  ['bad filter value', 'GET', '/api/v1/crossings?direction=up', undefined, 400, "'direction' must be one of"],
  ['impossible date in a filter', 'GET', '/api/v1/persons?birth_date=2001-02-30', undefined, 400, "'birth_date' is not a valid date"],
  ['filter given twice', 'GET', '/api/v1/crossings?direction=in&direction=out', undefined, 400, "'direction' is given twice"],
  ['name and name_prefix', 'GET', '/api/v1/persons?name=a&name_prefix=b', undefined, 400, "give 'name' or 'name_prefix', not both"],
  ['empty name', 'GET', '/api/v1/persons?name=', undefined, 400, 'the name searched for is empty'],
  ['limit 0', 'GET', '/api/v1/crossings?limit=0', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit -1', 'GET', '/api/v1/crossings?limit=-1', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit 501', 'GET', '/api/v1/crossings?limit=501', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit abc', 'GET', '/api/v1/crossings?limit=abc', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit 10x', 'GET', '/api/v1/crossings?limit=10x', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit empty', 'GET', '/api/v1/crossings?limit=', undefined, 400, "'limit' must be from 1 to 500"],
  ['limit given twice', 'GET', '/api/v1/crossings?limit=5&limit=6', undefined, 400, "'limit' is given twice"],
  ['cursor word', 'GET', '/api/v1/crossings?cursor=abc', undefined, 400, "'cursor' is not a cursor from a previous page"],
  ['cursor with a tail', 'GET', `/api/v1/crossings?cursor=${NO_SUCH_ID}x`, undefined, 400, "'cursor' is not a cursor"],
  ['audit after -1', 'GET', '/api/v1/audit?after=-1', undefined, 400, "'after' must be an integer", { as: 'admin' }],
  ['audit limit abc', 'GET', '/api/v1/audit?limit=abc', undefined, 400, "'limit' must be an integer", { as: 'admin' }],
  // unknown resources and wrong methods
  ['unknown type', 'GET', '/api/v1/widgets', undefined, 404, 'no resource at /api/v1/widgets'],
  ['create an unknown type', 'POST', '/api/v1/widgets', { a: 1 }, 404, 'no resource at /api/v1/widgets'],
  ['count an unknown type', 'GET', '/api/v1/widgets/count', undefined, 404, 'no resource'],
  ['get from an unknown type', 'GET', `/api/v1/widgets/${NO_SUCH_ID}`, undefined, 404, 'no resource'],
  ['singular type name', 'GET', '/api/v1/person', undefined, 404, 'no resource'],
  ['unknown API version', 'GET', '/api/v2/persons', undefined, 404, 'no resource at /api/v2/persons'],
  ['path too deep', 'GET', `/api/v1/persons/${NO_SUCH_ID}/documents`, undefined, 404, 'no resource'],
  ['trailing slash', 'GET', '/api/v1/persons/', undefined, 404, 'no resource'],
  ['root is the UI, read only', 'POST', '/', undefined, 405, 'POST is not allowed on / (allowed: GET)'],
  ['DELETE a collection', 'DELETE', '/api/v1/persons', undefined, 405, 'DELETE is not allowed on /api/v1/persons'],
  ['DELETE a record', 'DELETE', '/api/v1/persons/{person}', undefined, 405, 'DELETE is not allowed'],
  ['PUT a record', 'PUT', '/api/v1/persons/{person}', person(), 405, 'PUT is not allowed'],
  ['PATCH a collection', 'PATCH', '/api/v1/crossings', { notes: 'x' }, 405, 'PATCH is not allowed on /api/v1/crossings'],
  ['POST to count', 'POST', '/api/v1/persons/count', person(), 405, 'POST is not allowed'],
  ['GET the login', 'GET', '/api/v1/auth/login', undefined, 405, 'GET is not allowed on /api/v1/auth/login'],
  ['path below /me', 'GET', '/api/v1/auth/me/x', undefined, 404, 'no resource'],
  ['PATCH the node', 'PATCH', '/api/v1/node', {}, 405, 'PATCH is not allowed on /api/v1/node'],
  ['DELETE a user', 'DELETE', '/api/v1/users/admin', undefined, 405, 'DELETE is not allowed', { as: 'admin' }],
  ['POST to healthz', 'POST', '/healthz', {}, 405, 'POST is not allowed on /healthz'],
  // If-Match and other bodies
  ['If-Match word', 'PATCH', '/api/v1/persons/{person}', { notes: 'n' }, 400, "If-Match must hold the record's version number", { headers: { 'if-match': 'abc' } }],
  ['If-Match 0', 'PATCH', '/api/v1/persons/{person}', { notes: 'n' }, 400, 'If-Match must hold', { headers: { 'if-match': '0' } }],
  ['If-Match weak', 'PATCH', '/api/v1/persons/{person}', { notes: 'n' }, 400, 'If-Match must hold', { headers: { 'if-match': 'W/"1"' } }],
  ['If-Match stale', 'PATCH', '/api/v1/persons/{person}', { notes: 'n' }, 409, 'changed since version 7', { headers: { 'if-match': '7' } }],
  ['login without password', 'POST', '/api/v1/auth/login', { username: 'admin' }, 422, 'the body must be {"username": string, "password": string}', { as: 'nobody' }],
  ['login with an extra field', 'POST', '/api/v1/auth/login', { username: 'admin', password: 'x', otp: 1 }, 422, 'the body must be', { as: 'nobody' }],
  ['user with a bad name', 'POST', '/api/v1/users', { name: 'Bad Name', role: 'officer', clearance: 'SECRET', agency: 'border', country: 'KZ' }, 422, "'name' is required", { as: 'admin' }],
  ['user with a short password', 'POST', '/api/v1/users', { name: 'shorty', role: 'officer', clearance: 'SECRET', agency: 'border', country: 'KZ', password: 'short' }, 422, 'at least 12 characters', { as: 'admin' }],
  ['user with an unknown field', 'POST', '/api/v1/users', { name: 'extra', role: 'officer', clearance: 'SECRET', agency: 'border', country: 'KZ', shoe: 'x' }, 422, "unknown field 'shoe'", { as: 'admin' }],
  ['user with a number for the role', 'POST', '/api/v1/users', { name: 'numrole', role: 3, clearance: 'SECRET', agency: 'border', country: 'KZ' }, 422, "'role' has the wrong type", { as: 'admin' }],
  ['user with a bad clearance', 'POST', '/api/v1/users', { name: 'badcl', role: 'officer', clearance: 'TOP', agency: 'border', country: 'KZ' }, 422, "'clearance' must be", { as: 'admin' }],
  ['token with a bad clearance', 'POST', '/api/v1/tokens', { name: 't', role: 'reader', clearance: 'HIGH' }, 422, "'clearance' is not a classification", { as: 'admin' }],
  ['revoke a malformed token id', 'DELETE', '/api/v1/tokens/abc', undefined, 400, "'abc' is not a token id", { as: 'admin' }],
];

describe('bad input', () => {
  let node, tok, ids, countsBefore, auditBefore, versions;

  const countAll = async () => {
    const c = {};
    for (const t of TYPES) c[t] = await node.count(t, tok.officer);
    return c;
  };
  const writes = (entries) => entries.filter((e) =>
    ['create', 'update'].includes(e.action) && e.object_type !== 'user' && e.object_type !== 'token');

  before(async () => {
    node = await startNode({ name: 'badinput node' });
    tok = { admin: node.adminToken };
    tok.officer = (await node.user('officer1', 'officer', 'SECRET')).token;
    tok.supervisor = (await node.user('super1', 'supervisor', 'SECRET')).token;
    tok.restricted = (await node.user('low1', 'officer', 'RESTRICTED')).token;
    ids = {
      person: (await node.create('persons', person(), tok.officer)).id,
      crossing: (await node.create('crossings', crossing(), tok.officer)).id,
    };
    versions = {
      person: (await node.api('GET', `/api/v1/persons/${ids.person}`, undefined, tok.officer)).json.version,
      crossing: (await node.api('GET', `/api/v1/crossings/${ids.crossing}`, undefined, tok.officer)).json.version,
    };
    countsBefore = await countAll();
    auditBefore = writes(await node.auditAll()).length;
  });
  after(() => node?.close());

  for (const [what, method, rawPath, body, status, detail, opts = {}] of TABLE) {
    it(`${what}: ${method} ${rawPath.slice(0, 60)} -> ${status}`, { todo: opts.todo }, async () => {
      const p = rawPath.replace('{person}', () => ids.person).replace('{crossing}', () => ids.crossing);
      const as = opts.as ?? 'officer';
      const b = typeof body === 'function' ? body() : body;
      const res = await node.api(method, p, b, as === 'nobody' ? undefined : tok[as],
        { headers: opts.headers ?? {} });
      assertProblem(res, status, detail, `${method} ${p.slice(0, 80)}`);
      assert.equal(res.json.instance, p.split('?')[0], 'instance names the request path');
    });
  }

  it('wrote nothing: every count, the records and the audit log are unchanged', async () => {
    assert.deepEqual(await countAll(), countsBefore);
    const pr = expectStatus(await node.api('GET', `/api/v1/persons/${ids.person}`, undefined, tok.officer), 200);
    const cr = expectStatus(await node.api('GET', `/api/v1/crossings/${ids.crossing}`, undefined, tok.officer), 200);
    assert.equal(pr.version, versions.person);
    assert.equal(cr.version, versions.crossing);
    assert.equal(pr.classification, 'UNCLASSIFIED');
    assert.equal(writes(await node.auditAll()).length, auditBefore, 'no create or update was audited');
    const users = await node.listAll('users', tok.admin);
    assert.deepEqual(users.map((u) => u.name).sort(), ['admin', 'low1', 'officer1', 'super1']);
  });

  it('answers 405 with an Allow header (RFC 9110 section 15.5.6)', async () => {
    const res = await node.api('DELETE', '/api/v1/persons', undefined, tok.officer);
    assert.equal(res.status, 405);
    const allow = res.headers.get('allow') || '';
    assert.match(allow, /\bGET\b/);
    assert.match(allow, /\bPOST\b/);
  });
});
