// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The route table: every URL the node answers, its handler, whether it
 * needs a principal, and its line in the API reference. docs/api.md is
 * generated from this table and the record descriptions (ricsd --api-doc);
 * a test fails if the committed page drifts from it.
 */
#include "http/http_int.h"

const struct route http_routes[] = {
	{ "GET", "/healthz", api_health, AUTH_NONE, "liveness and store check" },
	{ "GET", "/metrics", api_metrics, AUTH_NONE, "Prometheus metrics" },
	{ "POST", "/api/v1/auth/login", api_login, AUTH_NONE,
	  "log in with username and password; returns a bearer token and sets a cookie" },
	{ "POST", "/api/v1/auth/logout", api_logout, AUTH_REQUIRED, "end this session" },
	{ "GET", "/api/v1/auth/me", api_me, AUTH_REQUIRED, "who the caller is" },
	{ "GET", "/api/v1/node", api_node, AUTH_REQUIRED, "this node's identity" },
	{ "GET", "/api/v1/users", api_users_list, AUTH_REQUIRED, "list users (admin)" },
	{ "POST", "/api/v1/users", api_users_create, AUTH_REQUIRED, "create a user (admin)" },
	{ "GET", "/api/v1/users/{name}", api_users_get, AUTH_REQUIRED, "one user (admin)" },
	{ "PATCH", "/api/v1/users/{name}", api_users_patch, AUTH_REQUIRED,
	  "change role, clearance, lock or disable a user (admin)" },
	{ "POST", "/api/v1/users/{name}/password", api_users_password, AUTH_REQUIRED,
	  "set a password (admin, or the user with current_password)" },
	{ "GET", "/api/v1/tokens", api_tokens_list, AUTH_REQUIRED, "list API tokens (admin)" },
	{ "POST", "/api/v1/tokens", api_tokens_create, AUTH_REQUIRED,
	  "create a device API token (admin); the secret is shown once" },
	{ "DELETE", "/api/v1/tokens/{id}", api_tokens_revoke, AUTH_REQUIRED,
	  "revoke an API token (admin)" },
	{ "GET", "/api/v1/audit", api_audit_list, AUTH_REQUIRED,
	  "read the audit log (auditor, admin)" },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, AUTH_REQUIRED,
	  "verify the audit hash chain (auditor, admin)" },
	{ "POST", "/api/v1/manifests", api_manifests, AUTH_REQUIRED,
	  "a UN/EDIFACT PAXLST manifest: expected crossings at ?bcp=, screened; problems by segment" },
	{ "POST", "/api/v1/mrz", api_mrz, AUTH_REQUIRED,
	  "parse a passport's machine readable zone; with record: store the crossing and screen it" },
	{ "POST", "/api/v1/feeds/anpr", api_anpr, AUTH_REQUIRED,
	  "a plate read by an ANPR camera: stored as a sighting at the camera's BCP and screened" },
	{ "POST", "/api/v1/screen", api_screen, AUTH_REQUIRED,
	  "screen a person, document or vehicle against the watchlists" },
	{ "GET", "/api/v1/events", api_events, AUTH_REQUIRED,
	  "live feed of events the caller may see, as server-sent events" },
	{ "GET", "/api/v1/{type}", api_records_list, AUTH_REQUIRED,
	  "list records with filters and a cursor" },
	{ "POST", "/api/v1/{type}", api_records_create, AUTH_REQUIRED, "create a record" },
	{ "POST", "/api/v1/{type}/import", api_records_import, AUTH_REQUIRED,
	  "create many records in one transaction; rows already imported are skipped" },
	{ "GET", "/api/v1/{type}/count", api_records_count, AUTH_REQUIRED,
	  "how many records the caller may see" },
	{ "GET", "/api/v1/{type}/{id}", api_records_get, AUTH_REQUIRED, "one record" },
	{ "PATCH", "/api/v1/{type}/{id}", api_records_patch, AUTH_REQUIRED,
	  "change the updatable fields of a record" },
	{ NULL, NULL, NULL, AUTH_NONE, NULL },
};
