// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * /api/v1/auth: log in, log out, who am I. Every login attempt is audited,
 * failed ones count towards a lock-out, and an unknown user name costs the
 * same time as a wrong password so names cannot be probed.
 */
#include "http/http_int.h"

#include "core/error.h"

#include <string.h>

static int login_refused(struct request *req, int rc, bool disabled)
{
	if (disabled) {
		strbuf_adds(&req->detail, "the account is disabled: ask an administrator");
		return rc;
	}
	strbuf_adds(&req->detail, rc == RICS_E_LOCKED
		? "the account is locked after repeated failures; try later or ask an administrator"
		: "wrong user name or password");
	return rc;
}

/* Audit a refusal that changed nothing else. */
static int login_failed(struct request *req, const char *name, const char *why, int rc)
{
	struct audit_event ev = req_audit_event(req, "login", "user", NULL, 0, "denied");
	ev.actor = name;
	ev.detail = why;
	store_audit_append(req->srv->store, &ev);
	return login_refused(req, rc, false);
}

static int start_session(struct request *req, const struct store_user *u)
{
	char token[RICS_TOKEN_LEN], cookie[256], expires[RICS_TIME_LEN];
	struct store_session ss = { 0 };
	struct audit_event ev = req_audit_event(req, "login", "user", u->id, 0, "ok");
	int64_t now = rics_clock_now(req->srv->clock);
	int rc;

	ev.actor = u->name;
	store_session_purge(req->srv->store, now); /* expired sessions go at each login */
	rics_random_token(token);
	rics_sha256_hex(token, strlen(token), ss.token_hash);
	rics_random_token(ss.csrf_token);
	snprintf(ss.user_id, sizeof ss.user_id, "%s", u->id);
	ss.created_at = now;
	ss.expires_at = now + req->srv->cfg.session_ttl_s * 1000;
	rc = store_session_create(req->srv->store, &ss, &ev);
	if (rc)
		return rc;
	rics_time_format(ss.expires_at, expires);
	snprintf(cookie, sizeof cookie, "rics_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
		 token, (long long)req->srv->cfg.session_ttl_s,
		 req->srv->tls_cert ? "; Secure" : "");
	req_add_header(req, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	return req_reply_json(req, 200,
		json_pack("{ss ss ss sb s{ss ss ss ss ss ss}}", "token", token,
			  "csrf_token", ss.csrf_token, "expires_at", expires,
			  "must_change_password", u->must_change_password, "user",
			  "name", u->name, "role", u->role,
			  "clearance", classification_name(u->clearance), "country", u->country,
			  "agency", u->agency, "bcp_code", u->bcp_code));
}

int api_login(struct request *req)
{
	json_t *body = NULL;
	const char *name, *pw;
	struct store_user u, before;
	struct audit_event ev;
	int rc = req_body_json(req, &body);

	if (rc)
		return rc;
	if (json_unpack(body, "{s:s, s:s !}", "username", &name, "password", &pw) != 0) {
		strbuf_adds(&req->detail, "the body must be {\"username\": string, \"password\": string}");
		rc = RICS_E_INVALID;
		goto out;
	}
	rc = store_user_by_name(req->srv->store, name, &u);
	if (rc == RICS_E_NOT_FOUND) {
		/* as slow as a wrong password, so user names cannot be probed */
		policy_password_verify(req->srv->dummy_hash, pw);
		rc = login_failed(req, name, "unknown user", RICS_E_UNAUTHORIZED);
		goto out;
	}
	if (rc)
		goto out;
	before = u;
	rc = policy_login(&u, pw, rics_clock_now(req->srv->clock), &req->srv->cfg);
	if (u.failed_logins == before.failed_logins && u.locked_until == before.locked_until) {
		if (rc) {
			if (u.disabled) {
				struct audit_event dev = req_audit_event(req, "login", "user", u.id, 0,
									 "denied");
				dev.actor = u.name;
				dev.detail = "account disabled";
				store_audit_append(req->srv->store, &dev);
				rc = login_refused(req, rc, true);
				goto out;
			}
			rc = login_failed(req, name, rc == RICS_E_LOCKED ? "account locked"
								   : "wrong password", rc);
			goto out;
		}
	} else {
		/* the new counters and the audit entry are written together */
		ev = req_audit_event(req, "login", "user", u.id, 0, rc ? "denied" : "ok");
		ev.actor = u.name;
		ev.detail = !rc ? "failure count reset"
			    : u.locked_until > before.locked_until ? "wrong password; account locked"
								 : "wrong password";
		int urc = store_user_update(req->srv->store, &u, &ev);
		if (urc) {
			rc = urc;
			goto out;
		}
		if (rc) {
			rc = login_refused(req, rc, false);
			goto out;
		}
	}
	rc = start_session(req, &u);
out:
	json_decref(body);
	return rc;
}

int api_logout(struct request *req)
{
	char hash[RICS_SHA256_HEX_LEN];
	const char *h = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "rics_session");
	const char *token = h && strlen(h) > 7 ? h + 7 : cookie;
	struct audit_event ev = req_audit_event(req, "logout", "user", req->who.id, 0, "ok");
	int rc;

	if (req->who.is_token) {
		strbuf_adds(&req->detail, "API tokens are revoked, not logged out");
		return RICS_E_INVALID;
	}
	rics_sha256_hex(token, strlen(token), hash);
	rc = store_session_delete(req->srv->store, hash, &ev);
	if (rc)
		return rc;
	req_add_header(req, MHD_HTTP_HEADER_SET_COOKIE,
		       "rics_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return req_reply_empty(req, 204);
}

int api_me(struct request *req)
{
	const struct principal *p = &req->who;
	return req_reply_json(req, 200,
		json_pack("{ss ss ss ss ss ss* ss sb}", "name", p->name, "role",
			  policy_role_name(p->role), "clearance", classification_name(p->clearance),
			  "country", p->country, "agency", p->agency,
			  "bcp_code", p->bcp_code[0] ? p->bcp_code : NULL,
			  "kind", p->is_token ? "token" : "user",
			  "must_change_password", req->must_change_password));
}
