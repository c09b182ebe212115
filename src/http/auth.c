// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Who is calling: a bearer token (session or device API token) or the
 * browser's session cookie, which also needs the CSRF token on every
 * request that changes something. Tokens are looked up by their SHA-256.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <string.h>

#define COOKIE_NAME "rics_session"

static int principal_from_session(struct request *req, const char *hash)
{
	struct store_session ss;
	struct store_user u;
	int64_t now = rics_clock_now(req->srv->clock);
	int rc = store_session_get(req->srv->store, hash, &ss);
	if (rc)
		return rc;
	if (ss.expires_at <= now) {
		strbuf_adds(&req->detail, "the session has expired: log in again");
		return RICS_E_UNAUTHORIZED;
	}
	rc = store_user_by_id(req->srv->store, ss.user_id, &u);
	if (rc)
		return rc;
	if (u.disabled || u.locked_until > now) {
		strbuf_addf(&req->detail, "user '%s' is locked", u.name);
		return RICS_E_UNAUTHORIZED;
	}
	snprintf(req->who.name, sizeof req->who.name, "%s", u.name);
	snprintf(req->who.id, sizeof req->who.id, "%s", u.id);
	req->who.role = (enum role)policy_role_parse(u.role);
	req->who.clearance = u.clearance;
	snprintf(req->who.country, sizeof req->who.country, "%s", u.country);
	snprintf(req->who.agency, sizeof req->who.agency, "%s", u.agency);
	snprintf(req->who.bcp_code, sizeof req->who.bcp_code, "%s", u.bcp_code);
	snprintf(req->who.csrf_token, sizeof req->who.csrf_token, "%s", ss.csrf_token);
	req->must_change_password = u.must_change_password;
	return 0;
}

static int principal_from_token(struct request *req, const char *hash)
{
	struct store_token t;
	int64_t now = rics_clock_now(req->srv->clock);
	int rc = store_token_by_hash(req->srv->store, hash, &t);
	if (rc)
		return rc;
	if (t.revoked || (t.expires_at && t.expires_at <= now)) {
		strbuf_addf(&req->detail, "API token '%s' is %s", t.name,
			    t.revoked ? "revoked" : "expired");
		return RICS_E_UNAUTHORIZED;
	}
	snprintf(req->who.name, sizeof req->who.name, "token:%s", t.name);
	snprintf(req->who.id, sizeof req->who.id, "%s", t.id);
	req->who.role = (enum role)policy_role_parse(t.role);
	req->who.clearance = t.clearance;
	snprintf(req->who.country, sizeof req->who.country, "%s", req->srv->node.country);
	snprintf(req->who.agency, sizeof req->who.agency, "%s", req->srv->node.agency);
	snprintf(req->who.bcp_code, sizeof req->who.bcp_code, "%s", t.bcp_code);
	req->who.is_token = true;
	return 0;
}

/* The value of the session cookie, copied into out; false if absent. */
static bool session_cookie(struct request *req, char *out, size_t size)
{
	const char *v = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, COOKIE_NAME);
	if (!v || !*v || strlen(v) >= size)
		return false;
	snprintf(out, size, "%s", v);
	return true;
}

int auth_resolve(struct request *req)
{
	const char *h = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	char token[256], hash[RICS_SHA256_HEX_LEN];
	bool cookie = false;
	int rc;

	if (h && strncasecmp(h, "Bearer ", 7) == 0 && strlen(h + 7) < sizeof token) {
		snprintf(token, sizeof token, "%s", h + 7);
	} else if (h) {
		strbuf_adds(&req->detail, "the Authorization header must be 'Bearer <token>'");
		return RICS_E_UNAUTHORIZED;
	} else if (session_cookie(req, token, sizeof token)) {
		cookie = true;
	} else {
		strbuf_adds(&req->detail, "log in first: no bearer token or session cookie");
		return RICS_E_UNAUTHORIZED;
	}
	rics_sha256_hex(token, strlen(token), hash);
	if (!cookie && strncmp(token, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)) == 0)
		rc = principal_from_token(req, hash);
	else
		rc = principal_from_session(req, hash);
	if (rc == RICS_E_NOT_FOUND) {
		strbuf_adds(&req->detail, "the token is not valid: log in again");
		rc = RICS_E_UNAUTHORIZED;
	}
	if (rc)
		return rc;
	req->who.via_cookie = cookie;
	req->authenticated = true;
	return 0;
}

int auth_check_csrf(struct request *req)
{
	const char *sent;
	if (!req->who.via_cookie || strcmp(req->method, "GET") == 0 ||
	    strcmp(req->method, "HEAD") == 0)
		return 0;
	sent = req_header(req, "X-CSRF-Token");
	if (!sent || !rics_secret_equal(sent, req->who.csrf_token)) {
		strbuf_adds(&req->detail, "missing or wrong X-CSRF-Token header");
		return RICS_E_FORBIDDEN;
	}
	return 0;
}
