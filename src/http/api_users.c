// SPDX-License-Identifier: AGPL-3.0-or-later
/* /api/v1/users: administrators manage the node's users; every user may
 * change their own password. */
#include "http/http_int.h"

#include "core/alloc.h"
#include "core/error.h"

#include <string.h>

static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

static json_t *user_json(const struct store_user *u, int64_t now)
{
	return json_pack("{ss ss ss ss ss ss ss ss* sb sb sb ss}", "id", u->id, "name", u->name,
			 "full_name", u->full_name, "role", u->role,
			 "clearance", classification_name(u->clearance), "agency", u->agency,
			 "country", u->country, "bcp_code", u->bcp_code[0] ? u->bcp_code : NULL,
			 "locked", u->locked_until > now, "disabled", u->disabled,
			 "must_change_password", u->must_change_password,
			 "created_at", u->created_at);
}

/* Set the text field key of u to s, checked; detail says why s is refused.
 * 1 when a user has no such text field. */
static int user_set(struct request *req, const char *key, const char *s, struct store_user *u)
{
	if (!strcmp(key, "role")) {
		int r = policy_role_parse(s);
		if (r < 0 || !policy_role_for_user((enum role)r)) {
			strbuf_addf(&req->detail, "'role' must be officer, supervisor, analyst, admin or auditor, not '%s'", s);
			return RICS_E_INVALID;
		}
		snprintf(u->role, sizeof u->role, "%s", s);
	} else if (!strcmp(key, "clearance")) {
		int c = classification_parse(s);
		if (c < 0) {
			strbuf_addf(&req->detail, "'clearance' must be UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET, not '%s'", s);
			return RICS_E_INVALID;
		}
		u->clearance = c;
	} else if (!strcmp(key, "agency")) {
		if (!model_agency_valid(s)) {
			strbuf_addf(&req->detail, "'agency' must be border, customs, drug_control, police or foreign_affairs, not '%s'", s);
			return RICS_E_INVALID;
		}
		snprintf(u->agency, sizeof u->agency, "%s", s);
	} else if (!strcmp(key, "country")) {
		if (!model_country_valid(s)) {
			strbuf_addf(&req->detail, "'country' must be 2 upper-case letters, not '%s'", s);
			return RICS_E_INVALID;
		}
		snprintf(u->country, sizeof u->country, "%s", s);
	} else if (!strcmp(key, "bcp_code") || !strcmp(key, "full_name")) {
		size_t max = !strcmp(key, "bcp_code") ? sizeof u->bcp_code : sizeof u->full_name;
		if (strlen(s) >= max) {
			strbuf_addf(&req->detail, "'%s' is too long", key);
			return RICS_E_INVALID;
		}
		snprintf(!strcmp(key, "bcp_code") ? u->bcp_code : u->full_name, max, "%s", s);
	} else {
		return 1;
	}
	return 0;
}

/* Apply the fields of body to u; detail names the first bad one. */
static int user_apply(struct request *req, json_t *body, struct store_user *u, bool creating)
{
	const char *key;
	json_t *v;
	int rc;
	json_object_foreach(body, key, v) {
		const char *s = json_string_value(v);
		bool is_bool = json_is_boolean(v);
		if (creating && (!strcmp(key, "name") || !strcmp(key, "password")))
			continue;
		if (!strcmp(key, "locked") || !strcmp(key, "disabled")) {
			if (!is_bool)
				goto bad_type;
			if (!strcmp(key, "locked"))
				u->locked_until = json_is_true(v) ? INT64_MAX : 0;
			else
				u->disabled = json_is_true(v);
			if (!json_is_true(v) && !strcmp(key, "locked"))
				u->failed_logins = 0;
			continue;
		}
		if (!s)
			goto bad_type;
		if ((rc = user_set(req, key, s, u)) == 1) {
			strbuf_addf(&req->detail, "unknown field '%s' for a user", key);
			return RICS_E_INVALID;
		}
		if (rc)
			return rc;
	}
	return 0;
bad_type:
	strbuf_addf(&req->detail, "'%s' has the wrong type", key);
	return RICS_E_INVALID;
}

static const char *const user_filters[] = {
	"name", "name_prefix", "role", "clearance", "country", "bcp_code", "state", NULL,
};

static int user_state(struct request *req, enum store_user_state *out)
{
	static const char *const names[] = { "", "active", "locked", "disabled" };
	const char *s = req_query(req, "state");
	if (!s)
		return 0;
	for (int i = USER_ACTIVE; i <= USER_DISABLED; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum store_user_state)i;
			return 0;
		}
	strbuf_addf(&req->detail, "'state' must be active, locked or disabled, not '%s'", s);
	return RICS_E_MALFORMED;
}

/* The name searched for: a part of the name or full name, or a prefix of
 * the name (which can hold only what a name holds). */
static int user_name_query(struct request *req, struct store_user_query *q)
{
	const char *part = req_query(req, "name"), *prefix = req_query(req, "name_prefix");
	if (part && prefix) {
		strbuf_adds(&req->detail, "give 'name' or 'name_prefix', not both");
		return RICS_E_MALFORMED;
	}
	if (part && strlen(part) > 200) {
		strbuf_adds(&req->detail, "'name' must be at most 200 bytes");
		return RICS_E_MALFORMED;
	}
	if (prefix && !valid_name(prefix)) {
		strbuf_addf(&req->detail, "'name_prefix' must be 1-64 of a-z 0-9 . _ -, not '%s'", prefix);
		return RICS_E_MALFORMED;
	}
	q->name = part ? part : prefix;
	q->name_prefix = prefix != NULL;
	return 0;
}

/* The filters of the list: role, clearance, country and bcp_code are
 * checked as a user's fields are, into like. */
static int users_query(struct request *req, struct store_user *like, struct store_user_query *q)
{
	static const char *const fields[] = { "role", "clearance", "country", "bcp_code" };
	struct req_page page;
	int rc = req_page_query(req, "users", user_filters, &page);

	for (size_t i = 0; !rc && i < sizeof fields / sizeof fields[0]; i++) {
		const char *s = req_query(req, fields[i]);
		if (s && user_set(req, fields[i], s, like))
			rc = RICS_E_MALFORMED;
	}
	if (rc || (rc = user_name_query(req, q)) || (rc = user_state(req, &q->state)))
		return rc;
	q->role = like->role[0] ? like->role : NULL;
	q->clearance = like->clearance;
	q->country = like->country[0] ? like->country : NULL;
	q->bcp_code = like->bcp_code[0] ? like->bcp_code : NULL;
	q->after = page.cursor;
	q->newest_first = page.newest;
	q->limit = page.limit;
	return 0;
}

int api_users_list(struct request *req)
{
	struct store_user like = { .clearance = -1 };
	struct store_user_query q = { 0 };
	char next[RICS_UUID_LEN];
	json_t *items;
	int rc = policy_check_admin(&req->who, ADMIN_USERS);
	if (rc) {
		strbuf_adds(&req->detail, "only administrators manage users");
		return rc;
	}
	if ((rc = users_query(req, &like, &q)) || (rc = store_user_list(req->srv->store, &q, &items, next)))
		return rc;
	return req_reply_page(req, items, next);
}

int api_users_create(struct request *req)
{
	struct store_user u = { .clearance = -1 };
	char generated[32] = "";
	json_t *body = NULL;
	const char *name, *pw;
	struct audit_event ev;
	int rc = policy_check_admin(&req->who, ADMIN_USERS);

	if (rc) {
		strbuf_adds(&req->detail, "only administrators manage users");
		return rc;
	}
	if ((rc = req_body_json(req, &body)) != 0)
		return rc;
	name = json_string_value(json_object_get(body, "name"));
	pw = json_string_value(json_object_get(body, "password"));
	if (!name || !valid_name(name)) {
		strbuf_adds(&req->detail, "'name' is required: 1-64 of a-z 0-9 . _ -");
		rc = RICS_E_INVALID;
		goto out;
	}
	snprintf(u.name, sizeof u.name, "%s", name);
	if ((rc = user_apply(req, body, &u, true)) != 0)
		goto out;
	if (!u.role[0] || u.clearance < 0 || !u.agency[0] || !u.country[0]) {
		strbuf_adds(&req->detail, "'role', 'clearance', 'agency' and 'country' are required");
		rc = RICS_E_INVALID;
		goto out;
	}
	if (json_object_get(body, "password") && !pw) {
		strbuf_adds(&req->detail, "'password' must be a string");
		rc = RICS_E_INVALID;
		goto out;
	}
	if (pw && (rc = policy_password_acceptable(pw, &req->detail)) != 0)
		goto out;
	if (!pw) {
		policy_password_generate(generated);
		u.must_change_password = true;
	}
	if ((rc = policy_password_hash(pw ? pw : generated, u.password_hash)) != 0)
		goto out;
	ev = req_audit_event(req, "create", "user", NULL, 0, "ok");
	ev.detail = u.name;
	rc = store_user_create(req->srv->store, &u, &ev);
	if (rc == RICS_E_CONFLICT)
		strbuf_addf(&req->detail, "user '%s' already exists", u.name);
	if (rc)
		goto out;
	json_t *out = user_json(&u, rics_clock_now(req->srv->clock));
	if (generated[0])
		json_object_set_new(out, "password", json_string(generated));
	rc = req_reply_json(req, 201, out);
out:
	json_decref(body);
	return rc;
}

static int user_named(struct request *req, struct store_user *u)
{
	int rc = store_user_by_name(req->srv->store, req->params[0], u);
	if (rc == RICS_E_NOT_FOUND)
		strbuf_addf(&req->detail, "no user '%s'", req->params[0]);
	return rc;
}

int api_users_get(struct request *req)
{
	struct store_user u;
	int rc = policy_check_admin(&req->who, ADMIN_USERS);
	if (rc) {
		strbuf_adds(&req->detail, "only administrators manage users");
		return rc;
	}
	if ((rc = user_named(req, &u)) != 0)
		return rc;
	return req_reply_json(req, 200, user_json(&u, rics_clock_now(req->srv->clock)));
}

int api_users_patch(struct request *req)
{
	struct store_user u;
	json_t *body = NULL;
	struct audit_event ev;
	int rc = policy_check_admin(&req->who, ADMIN_USERS);

	if (rc) {
		strbuf_adds(&req->detail, "only administrators manage users");
		return rc;
	}
	if ((rc = user_named(req, &u)) != 0 || (rc = req_body_json(req, &body)) != 0)
		return rc;
	if ((rc = user_apply(req, body, &u, false)) != 0)
		goto out;
	if (!strcmp(u.id, req->who.id) && (u.disabled || u.locked_until || strcmp(u.role, "admin"))) {
		strbuf_adds(&req->detail, "administrators cannot lock, disable or demote themselves");
		rc = RICS_E_INVALID;
		goto out;
	}
	ev = req_audit_event(req, "update", "user", u.id, 0, "ok");
	char *what = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	ev.detail = what;
	rc = store_user_update(req->srv->store, &u, &ev);
	rics_free(what);
	if (!rc && (u.disabled || u.locked_until))
		rc = store_user_end_sessions(req->srv->store, u.id);
	if (!rc)
		rc = req_reply_json(req, 200, user_json(&u, rics_clock_now(req->srv->clock)));
out:
	json_decref(body);
	return rc;
}

int api_users_password(struct request *req)
{
	struct store_user u;
	json_t *body = NULL;
	const char *pw = NULL, *current = NULL;
	struct audit_event ev;
	bool self;
	int rc;

	/* decide before looking the name up, so the answer reveals no user names */
	self = !req->who.is_token && !strcmp(req->params[0], req->who.name);
	if (!self && policy_check_admin(&req->who, ADMIN_USERS)) {
		strbuf_adds(&req->detail, "only administrators set other users' passwords");
		return RICS_E_FORBIDDEN;
	}
	if ((rc = user_named(req, &u)) != 0)
		return rc;
	if ((rc = req_body_json(req, &body)) != 0)
		return rc;
	if (json_unpack(body, "{s:s, s?:s !}", "password", &pw, "current_password", &current)) {
		strbuf_adds(&req->detail, "the body must be {\"password\": string, \"current_password\": string}");
		rc = RICS_E_INVALID;
		goto out;
	}
	if (self) {
		if (!current || policy_password_verify(u.password_hash, current)) {
			strbuf_adds(&req->detail, "'current_password' is missing or wrong");
			rc = RICS_E_FORBIDDEN;
			goto out;
		}
		if (!strcmp(current, pw)) {
			strbuf_adds(&req->detail, "the new password must differ from the current one");
			rc = RICS_E_INVALID;
			goto out;
		}
	}
	if ((rc = policy_password_acceptable(pw, &req->detail)) != 0)
		goto out;
	if ((rc = policy_password_hash(pw, u.password_hash)) != 0)
		goto out;
	/* an administrator's reset is a one-time password again */
	u.must_change_password = !self;
	ev = req_audit_event(req, "password", "user", u.id, 0, "ok");
	rc = store_user_update(req->srv->store, &u, &ev);
	if (!rc && !self)
		rc = store_user_end_sessions(req->srv->store, u.id);
	if (!rc)
		rc = req_reply_empty(req, 204);
out:
	json_decref(body);
	return rc;
}
