// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics init: make a new node's data directory, offline. It writes
 * rics.conf, creates the store with the node's identity and the first
 * administrator, and prints that administrator's one-time password once.
 * Either all of it exists afterwards or none of it does: a failure removes
 * what this run created.
 */
#include "cli/commands.h"

#include "core/config.h"
#include "core/error.h"
#include "core/text.h"
#include "exchange/exchange.h"
#include "policy/policy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct init_args {
	const char *dir, *name, *country, *agency, *bcp;
	struct rics_config cfg; /* listen and port, validated */
	bool made_dir;          /* this run created dir */
	bool made_keys;         /* this run created dir/keys/ */
	bool tls;               /* make a certificate: ricsd serves HTTPS */
	bool made_tls;          /* this run created dir/tls/ */
};

static const struct cli_option init_options[] = {
	{ 'n', "name", "NAME", "the node's name, e.g. \"Korday BLO\" (required)" },
	{ 'c', "country", "CC", "the node's country, ISO 3166 alpha-2 in capitals (required)" },
	{ 'a', "agency", "AGENCY",
	  "border, customs, drug_control, police or foreign_affairs (required)" },
	{ 'b', "bcp", "CODE", "the border crossing point the node serves, e.g. KZ-KORDAY" },
	{ 'p', "port", "N", "TCP port for ricsd (default 8080)" },
	{ 'l', "listen", "ADDR", "address for ricsd to listen on (default 127.0.0.1)" },
	{ 't', "tls", NULL, "make a self-signed certificate in DIR/tls: ricsd serves HTTPS" },
	{ 0, NULL, NULL, NULL },
};

static int set_port(struct init_args *a, const char *value)
{
	unsigned long port;
	int rc = cli_parse_uint(&cli_cmd_init, "port", value, 1, 65535, &port);
	if (!rc)
		a->cfg.port = (unsigned)port;
	return rc;
}

static int set_listen(struct init_args *a, const char *value)
{
	unsigned char addr[sizeof(struct in6_addr)];
	if (strlen(value) >= sizeof a->cfg.listen ||
	    (inet_pton(AF_INET, value, addr) != 1 && inet_pton(AF_INET6, value, addr) != 1))
		return cli_usage_error(&cli_cmd_init,
				       "listen address '%s' is not an IPv4 or IPv6 address", value);
	snprintf(a->cfg.listen, sizeof a->cfg.listen, "%s", value);
	return 0;
}

static int check_args(struct init_args *a)
{
	const struct cli_command *cmd = &cli_cmd_init;

	if (!a->name || !a->country || !a->agency)
		return cli_usage_error(cmd, "missing --%s",
				       !a->name    ? "name" :
				       !a->country ? "country" :
						     "agency");
	if (!*a->name || strlen(a->name) > 200 || !rics_text_valid(a->name, strlen(a->name)))
		return cli_usage_error(cmd, "node name '%s' is not 1-200 bytes of text", a->name);
	if (!cli_valid_country(a->country))
		return cli_usage_error(cmd,
				       "country '%s' is not 2 capital letters (ISO 3166 "
				       "alpha-2, e.g. KZ)",
				       a->country);
	if (!cli_valid_agency(a->agency))
		return cli_usage_error(cmd, "agency '%s' is not one of %s", a->agency,
				       cli_agencies);
	if (a->bcp && (!*a->bcp || strlen(a->bcp) > 40 || !rics_text_valid(a->bcp, strlen(a->bcp))))
		return cli_usage_error(cmd, "crossing point code '%s' is not 1-40 bytes", a->bcp);
	return 0;
}

static int parse(int argc, char **argv, struct init_args *a)
{
	struct cli_parser p;
	int c = 0, rc = 0;

	rics_config_defaults(&a->cfg);
	cli_parser_init(&p, &cli_cmd_init, argc, argv);
	while (!rc && (c = cli_parser_next(&p)) > 0) {
		switch (c) {
		case 'n': a->name = p.arg; break;
		case 'c': a->country = p.arg; break;
		case 'a': a->agency = p.arg; break;
		case 'b': a->bcp = p.arg; break;
		case 'p': rc = set_port(a, p.arg); break;
		case 'l': rc = set_listen(a, p.arg); break;
		case 't': a->tls = true; break;
		}
	}
	if (rc)
		return rc;
	if (c < 0)
		return cli_parser_stop(c);
	if ((rc = cli_want_args(&cli_cmd_init, &p, 1, 1, "the data directory DIR")) != 0)
		return rc;
	a->dir = p.rest[0];
	return check_args(a);
}

/* dir/name into out (cleared first). */
static int dir_file(const struct init_args *a, const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	return strbuf_addf(out, "%s/%s", a->dir, name) ? cli_error("out of memory") : 0;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Create dir 0700, or accept an existing directory that holds no node. */
static int prepare_dir(struct init_args *a, struct strbuf *path)
{
	struct stat st;

	if (mkdir(a->dir, 0700) == 0) {
		a->made_dir = true;
		return 0;
	}
	if (errno != EEXIST)
		return cli_error("cannot create data directory '%s': %s", a->dir, strerror(errno));
	if (stat(a->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cli_error("'%s' exists and is not a directory", a->dir);
	if (dir_file(a, "rics.db", path))
		return CLI_FAILED;
	if (exists(path->buf))
		return cli_error("data directory '%s' already holds a node", a->dir);
	if (dir_file(a, "rics.conf", path))
		return CLI_FAILED;
	if (exists(path->buf))
		return cli_error("data directory '%s' already has a rics.conf: move it away or "
				 "choose another directory",
				 a->dir);
	if (chmod(a->dir, 0700) != 0)
		return cli_error("cannot make data directory '%s' private: %s", a->dir,
				 strerror(errno));
	return 0;
}

/* tls: the certificate and key files ricsd serves HTTPS with, or NULL. */
static int write_conf(const struct init_args *a, const struct strbuf *tls, struct strbuf *path)
{
	struct strbuf text;
	int fd = -1, rc;

	strbuf_init(&text, 0);
	if ((rc = dir_file(a, "rics.conf", path)) != 0)
		goto out;
	rc = strbuf_addf(&text,
			 "# RICS node configuration (see docs/operations.md).\n"
			 "# Flags given to ricsd override these settings.\n"
			 "listen = %s\nport = %u\n",
			 a->cfg.listen, a->cfg.port);
	if (!rc && tls)
		rc = strbuf_addf(&text, "tls_cert = %s\ntls_key = %s\n", tls[0].buf, tls[1].buf);
	if (rc) {
		rc = cli_error("out of memory");
		goto out;
	}
	fd = open(path->buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text.buf, text.len) != (ssize_t)text.len || fsync(fd) != 0)
		rc = cli_error("cannot write '%s': %s", path->buf, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&text);
	return rc;
}

static int create_admin(struct store *s, const struct init_args *a, char password[32])
{
	struct store_user u = { .clearance = CLS_SECRET, .must_change_password = true };
	struct audit_event ev = { .actor = "system",
				  .action = "create",
				  .object_type = "user",
				  .outcome = "ok",
				  .detail = "admin (rics init)" };
	int rc;

	snprintf(u.name, sizeof u.name, "admin");
	snprintf(u.full_name, sizeof u.full_name, "Administrator");
	snprintf(u.role, sizeof u.role, "admin");
	snprintf(u.agency, sizeof u.agency, "%s", a->agency);
	snprintf(u.country, sizeof u.country, "%s", a->country);
	snprintf(u.bcp_code, sizeof u.bcp_code, "%s", a->bcp ? a->bcp : "");
	policy_password_generate(password);
	rc = policy_password_hash(password, u.password_hash);
	if (rc)
		return cli_error("cannot hash the administrator's password: %s", rics_strerror(rc));
	rc = store_user_create(s, &u, &ev);
	if (rc)
		return cli_error("cannot create the user 'admin': %s", rics_strerror(rc));
	return 0;
}

static int create_store(const struct init_args *a, struct strbuf *path, struct store_node *node,
			char password[32])
{
	struct store_options so = { .create = true, .readers = 1 };
	struct store *s = NULL;
	int64_t now = rics_clock_now(&rics_clock_system);
	int rc;

	if ((rc = dir_file(a, "rics.db", path)) != 0)
		return rc;
	so.path = path->buf;
	rc = store_open(&so, &s);
	if (rc)
		return cli_error("cannot create the store '%s': %s", path->buf, rics_strerror(rc));
	rics_uuid7(now, node->id);
	rics_time_format(now, node->created_at);
	snprintf(node->name, sizeof node->name, "%s", a->name);
	snprintf(node->country, sizeof node->country, "%s", a->country);
	snprintf(node->agency, sizeof node->agency, "%s", a->agency);
	snprintf(node->bcp_code, sizeof node->bcp_code, "%s", a->bcp ? a->bcp : "");
	rc = store_node_create_self(s, node);
	if (rc)
		rc = cli_error("cannot record the node in '%s': %s", path->buf, rics_strerror(rc));
	if (!rc)
		rc = create_admin(s, a, password);
	store_close(s);
	return rc;
}

/* Undo a failed init: remove what this run made, nothing else. */
static void remove_partial(const struct init_args *a, struct strbuf *path)
{
	static const char *const files[] = { "rics.db",         "rics.db-wal", "rics.db-shm",
					     "rics.db-journal", "rics.conf",   NULL };
	static const char *const keys[] = { "keys/sign.key", "keys/box.key", "keys", NULL };
	static const char *const tls[] = { "tls/cert.pem", "tls/key.pem", "tls", NULL };
	for (size_t i = 0; files[i]; i++)
		if (dir_file(a, files[i], path) == 0)
			unlink(path->buf);
	for (size_t i = 0; a->made_keys && keys[i]; i++)
		if (dir_file(a, keys[i], path) == 0)
			remove(path->buf);
	for (size_t i = 0; a->made_tls && tls[i]; i++)
		if (dir_file(a, tls[i], path) == 0)
			remove(path->buf);
	if (a->made_dir)
		rmdir(a->dir);
}

/* The exchange keys, new: an existing keys/ directory is refused, like an
 * existing store, so a node never inherits another's identity. */
static int create_keys(struct init_args *a, char fingerprint[EXCHANGE_FINGERPRINT_LEN])
{
	struct exchange_keys k;
	bool created = false;
	int rc = exchange_keys_load(a->dir, true, &created, &k);

	if (!rc && !created)
		rc = RICS_E_CONFLICT;
	if (rc)
		return cli_error("cannot create the exchange keys in '%s/keys': %s", a->dir,
				 rc == RICS_E_CONFLICT ? "keys are already there"
						       : rics_strerror(rc));
	a->made_keys = true;
	exchange_fingerprint(k.sign_pk, k.box_pk, fingerprint);
	exchange_keys_wipe(&k);
	return 0;
}

/* The certificate and key in DIR/tls, named by absolute paths in rics.conf
 * so ricsd finds them whatever directory it starts in. */
static int create_tls(struct init_args *a, struct strbuf tls[2])
{
	char *abs = realpath(a->dir, NULL);
	int rc = abs ? exchange_tls_make(abs, a->name, a->cfg.listen, time(NULL), &tls[0], &tls[1])
		     : -errno;

	free(abs);
	if (rc == RICS_E_CONFLICT)
		return cli_error("cannot create '%s/tls': it is already there", a->dir);
	if (rc)
		return cli_error("cannot create the TLS certificate in '%s/tls': %s", a->dir,
				 rics_strerror(rc));
	a->made_tls = true;
	return 0;
}

static void print_result(const struct init_args *a, const struct store_node *node,
			 const char *password, const char *fingerprint)
{
	bool default_url = a->cfg.port == 8080 && strcmp(a->cfg.listen, "127.0.0.1") == 0 &&
			   !a->tls;
	/* a wildcard address is reached on loopback from this machine */
	bool local = !strcmp(a->cfg.listen, "0.0.0.0") || !strcmp(a->cfg.listen, "::");
	bool v6 = !local && strchr(a->cfg.listen, ':') != NULL;

	printf("created node '%s' (%s, %s) in '%s'\n", node->name, node->country, node->agency,
	       a->dir);
	printf("node id: %s\n", node->id);
	printf("fingerprint: %s\n", fingerprint);
	if (a->tls)
		printf("TLS certificate: %s/tls/cert.pem (peers pin it when they pair)\n", a->dir);
	printf("start it: ricsd --data %s\n", a->dir);
	printf("admin password (shown once): %s\n", password);
	if (default_url)
		printf("then log in with 'rics login admin' and choose a new password\n");
	else
		printf("then log in with '%srics login --url http%s://%s%s%s:%u admin' and choose "
		       "a new password\n",
		       a->tls ? "RICS_CA_FILE=DIR/tls/cert.pem " : "", a->tls ? "s" : "",
		       v6 ? "[" : "", local ? "127.0.0.1" : a->cfg.listen, v6 ? "]" : "",
		       a->cfg.port);
}

static int run_init(int argc, char **argv)
{
	struct init_args a = { 0 };
	struct store_node node = { 0 };
	struct strbuf path, tls[2];
	char password[32] = "", fingerprint[EXCHANGE_FINGERPRINT_LEN] = "";
	int rc = parse(argc, argv, &a);

	if (rc)
		return cli_status(rc);
	umask(077); /* the store holds password hashes: nobody else reads it */
	strbuf_init(&path, 0);
	strbuf_init(&tls[0], 0);
	strbuf_init(&tls[1], 0);
	rc = prepare_dir(&a, &path);
	if (rc)
		goto out;
	if (a.tls)
		rc = create_tls(&a, tls);
	if (!rc)
		rc = write_conf(&a, a.tls ? tls : NULL, &path);
	if (!rc)
		rc = create_keys(&a, fingerprint);
	if (!rc)
		rc = create_store(&a, &path, &node, password);
	if (rc)
		remove_partial(&a, &path);
	else
		print_result(&a, &node, password, fingerprint);
out:
	sodium_memzero(password, sizeof password);
	strbuf_release(&path);
	strbuf_release(&tls[0]);
	strbuf_release(&tls[1]);
	return rc ? CLI_FAILED : CLI_OK;
}

const struct cli_command cli_cmd_init = {
	.name = "init",
	.summary = "create a node's data directory (offline)",
	.usage = "rics init DIR --name NAME --country CC --agency AGENCY [--bcp CODE] "
		 "[--port N] [--listen ADDR] [--tls]",
	.description = "Create the data directory DIR (mode 0700) for a new node: DIR/rics.conf\n"
		       "with the listen address and port, and the store DIR/rics.db holding the\n"
		       "node's identity and the user 'admin' (role admin, clearance SECRET, the\n"
		       "node's country and agency). The administrator's password is generated\n"
		       "and printed once; the first login must change it.\n"
		       "\n"
		       "DIR may exist if it is an empty directory; it is made private (0700).\n"
		       "A directory that already holds rics.db or rics.conf is refused. If any\n"
		       "step fails, what this run created is removed again.\n"
		       "\n"
		       "With --tls, a self-signed certificate (10 years, CN the node's name,\n"
		       "for 127.0.0.1, localhost and the listen address) and its key go to\n"
		       "DIR/tls and rics.conf names them: ricsd serves HTTPS, and its identity\n"
		       "carries the certificate's pin signed by the node's key, so peers that\n"
		       "pair over https:// pin it without being told.",
	.options = init_options,
	.examples =
		"rics init /srv/rics/korday --name \"Korday BLO\" --country KZ --agency border \\\n"
		"    --bcp KZ-KORDAY\n"
		"rics init ./node2 --name \"Osh BLO\" --country KG --agency customs --port 8081\n"
		"ricsd --data /srv/rics/korday",
	.run = run_init,
};
