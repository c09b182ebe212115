// SPDX-License-Identifier: AGPL-3.0-or-later
/* /api/v1/tokens: API tokens for devices (passport readers, ANPR cameras)
 * and integrations, each with a narrow role. The secret is shown once. */
#include "http/http_int.h"

#include "core/error.h"

#include <string.h>

static int admin_only(struct request *req)
{
	int rc = policy_check_admin(&req->who, ADMIN_TOKENS);
	if (rc)
		strbuf_adds(&req->detail, "only administrators manage API tokens");
	return rc;
}

/* Whether role names a role a token may have; detail says why not. */
static bool token_role(struct request *req, const char *role)
{
	int r = policy_role_parse(role);
	if (r >= 0 && policy_role_for_token((enum role)r))
		return true;
	strbuf_addf(&req->detail, "'role' of a token must be reader, camera, officer or analyst, not '%s'", role);
	return false;
}

static int tokens_query(struct request *req, struct store_token_query *q)
{
	static const char *const filters[] = { "name", "role", "revoked", NULL };
	const char *revoked = req_query(req, "revoked");
	struct req_page page;
	int rc = req_page_query(req, "tokens", filters, &page);

	if (rc)
		return rc;
	q->name = req_query(req, "name");
	q->role = req_query(req, "role");
	q->revoked = !revoked ? -1 : !strcmp(revoked, "true") ? 1 : !strcmp(revoked, "false") ? 0 : -2;
	if (q->name && strlen(q->name) > 64) {
		strbuf_adds(&req->detail, "'name' must be at most 64 bytes");
		return RICS_E_MALFORMED;
	}
	if (q->role && !token_role(req, q->role))
		return RICS_E_MALFORMED;
	if (q->revoked == -2) {
		strbuf_addf(&req->detail, "'revoked' must be true or false, not '%s'", revoked);
		return RICS_E_MALFORMED;
	}
	q->after = page.cursor;
	q->newest_first = page.newest;
	q->limit = page.limit;
	return 0;
}

int api_tokens_list(struct request *req)
{
	struct store_token_query q;
	char next[RICS_UUID_LEN];
	json_t *items;
	int rc = admin_only(req);
	if (rc || (rc = tokens_query(req, &q)) ||
	    (rc = store_token_list(req->srv->store, &q, &items, next)))
		return rc;
	return req_reply_page(req, items, next);
}

int api_tokens_create(struct request *req)
{
	struct store_token t = { .clearance = CLS_UNCLASSIFIED };
	const char *name, *role, *clearance = NULL, *bcp = NULL;
	json_int_t days = 0;
	char secret[RICS_TOKEN_LEN + sizeof API_TOKEN_PREFIX] = API_TOKEN_PREFIX;
	char expires[RICS_TIME_LEN];
	json_t *body = NULL;
	struct audit_event ev;
	int rc = admin_only(req);

	if (rc || (rc = req_body_json(req, &body)) != 0)
		return rc;
	if (json_unpack(body, "{s:s, s:s, s?:s, s?:s, s?:I !}", "name", &name, "role", &role,
			"clearance", &clearance, "bcp_code", &bcp, "expires_days", &days)) {
		strbuf_adds(&req->detail, "the body must be {\"name\", \"role\", \"clearance\"?, "
					  "\"bcp_code\"?, \"expires_days\"?}");
		rc = RICS_E_INVALID;
		goto out;
	}
	if (!token_role(req, role)) {
		rc = RICS_E_INVALID;
		goto out;
	}
	if (clearance && (t.clearance = classification_parse(clearance)) < 0) {
		strbuf_addf(&req->detail, "'clearance' is not a classification: '%s'", clearance);
		rc = RICS_E_INVALID;
		goto out;
	}
	if (!*name || strlen(name) >= sizeof t.name || (bcp && strlen(bcp) >= sizeof t.bcp_code) ||
	    days < 0 || days > 3650) {
		strbuf_adds(&req->detail, "'name' must be 1-64 bytes, 'bcp_code' at most 40, "
					  "'expires_days' 0-3650");
		rc = RICS_E_INVALID;
		goto out;
	}
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.role, sizeof t.role, "%s", role);
	snprintf(t.bcp_code, sizeof t.bcp_code, "%s", bcp ? bcp : "");
	snprintf(t.created_by, sizeof t.created_by, "%s", req->who.name);
	if (days)
		t.expires_at = rics_clock_now(req->srv->clock) + (int64_t)days * 86400000;
	rics_random_token(secret + strlen(API_TOKEN_PREFIX));
	rics_sha256_hex(secret, strlen(secret), t.token_hash);
	ev = req_audit_event(req, "create", "token", NULL, 0, "ok");
	ev.detail = t.name;
	if ((rc = store_token_create(req->srv->store, &t, &ev)) != 0)
		goto out;
	rics_time_format(t.expires_at, expires);
	rc = req_reply_json(req, 201,
		json_pack("{ss ss ss ss ss* ss ss*}", "id", t.id, "name", t.name, "role", t.role,
			  "clearance", classification_name(t.clearance),
			  "bcp_code", t.bcp_code[0] ? t.bcp_code : NULL, "token", secret,
			  "expires_at", t.expires_at ? expires : NULL));
out:
	json_decref(body);
	return rc;
}

int api_tokens_revoke(struct request *req)
{
	struct audit_event ev;
	int rc = admin_only(req);
	if (rc)
		return rc;
	if (!rics_uuid_valid(req->params[0])) {
		strbuf_addf(&req->detail, "'%s' is not a token id", req->params[0]);
		return RICS_E_MALFORMED;
	}
	ev = req_audit_event(req, "revoke", "token", req->params[0], 0, "ok");
	rc = store_token_revoke(req->srv->store, req->params[0], &ev);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no token '%s'", req->params[0]);
	return rc ? rc : req_reply_empty(req, 204);
}
