// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * ricsd: the RICS node daemon. Opens a data directory made by `rics init`,
 * serves the HTTP API until SIGTERM or SIGINT, then lets in-flight requests
 * finish and closes the store cleanly.
 */
#include "core/alloc.h"
#include "core/config.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/log.h"
#include "exchange/exchange.h"
#include "http/http.h"
#include "http/apidoc.h"
#include "net/net.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: ricsd --data DIR [options]\n"
	"\n"
	"Run a RICS node from the data directory DIR (made by 'rics init').\n"
	"Settings come from DIR/rics.conf; these options override them.\n"
	"\n"
	"  -d, --data DIR       data directory (required)\n"
	"  -l, --listen ADDR    address to listen on (default 127.0.0.1)\n"
	"  -p, --port N         TCP port (default 8080; 0 picks a free one)\n"
	"  -t, --threads N      HTTP worker threads (default 16)\n"
	"      --ui-dir DIR     the built web UI (default: web/dist of the source tree)\n"
	"      --api-doc        print the API reference (Markdown) and exit\n"
	"  -h, --help           this help\n"
	"  -V, --version        print the version\n";

struct options {
	const char *data;
	const char *listen, *port, *threads, *ui_dir;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "ui-dir", required_argument, NULL, 'U' },
		{ "api-doc", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "d:l:p:t:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'l': o->listen = optarg; break;
		case 'p': o->port = optarg; break;
		case 't': o->threads = optarg; break;
		case 'U': o->ui_dir = optarg; break;
		case 'A': return http_api_doc(stdout) ? 1 : -1;
		case 'h': fputs(usage, stdout); return -1;
		case 'V': printf("ricsd %s\n", RICS_VERSION); return -1;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ricsd: unexpected argument '%s'\n%s", argv[optind], usage);
		return 2;
	}
	if (!o->data) {
		fprintf(stderr, "ricsd: --data DIR is required\n%s", usage);
		return 2;
	}
	return 0;
}

static int load_config(const struct options *o, struct rics_config *cfg)
{
	char path[PATH_MAX];
	struct strbuf err;
	int rc = 0;

	strbuf_init(&err, 1024);
	rics_config_defaults(cfg);
	snprintf(path, sizeof path, "%s/rics.conf", o->data);
	rc = rics_config_load(cfg, path, &err);
	if (!rc && o->listen)
		rc = rics_config_set(cfg, "listen", o->listen, &err);
	if (!rc && o->port) {
		/* port 0 asks the kernel for a free port: tests use it */
		if (strcmp(o->port, "0") == 0)
			cfg->port = 0;
		else
			rc = rics_config_set(cfg, "port", o->port, &err);
	}
	if (!rc && o->threads)
		rc = rics_config_set(cfg, "threads", o->threads, &err);
	if (!rc && o->ui_dir)
		rc = rics_config_set(cfg, "ui_dir", o->ui_dir, &err);
	if (rc)
		fprintf(stderr, "ricsd: bad configuration in '%s': %s\n", path,
			err.len ? err.buf : rics_strerror(rc));
	strbuf_release(&err);
	return rc;
}

static int open_store(const char *dir, unsigned readers, struct store **out)
{
	char path[PATH_MAX];
	struct stat st;
	struct store_options so = { .path = path, .readers = readers };
	int rc;

	snprintf(path, sizeof path, "%s/rics.db", dir);
	if (stat(path, &st) != 0) {
		fprintf(stderr, "ricsd: '%s' holds no node: run 'rics init %s' first\n", dir, dir);
		return -1;
	}
	rc = store_open(&so, out);
	if (rc)
		fprintf(stderr, "ricsd: cannot open the store '%s': %s\n", path, rics_strerror(rc));
	return rc;
}

/* The exchange keys; a data directory made before the exchange gets them now. */
static int load_keys(const char *dir, struct exchange_keys *out)
{
	bool created = false;
	int rc = exchange_keys_load(dir, true, &created, out);
	if (rc)
		fprintf(stderr, "ricsd: cannot load the exchange keys in '%s/keys': %s\n", dir,
			rics_strerror(rc));
	else if (created)
		rics_log("info", "exchange keys created", "dir=%s/keys", dir);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct rics_config cfg;
	struct store *store = NULL;
	struct http_server *srv = NULL;
	struct exchange_keys keys;
	struct strbuf err;
	sigset_t sigs;
	int sig, rc;

	/* block the stop signals before any thread starts (the store starts its
	 * writer), so every thread inherits the mask and main alone takes them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (rics_ids_init() != 0) {
		fputs("ricsd: libsodium failed to initialise\n", stderr);
		return 1;
	}
	rics_alloc_install();
	if (load_config(&o, &cfg) || open_store(o.data, cfg.threads + 2, &store))
		return 1;
	if (load_keys(o.data, &keys)) {
		store_close(store);
		return 1;
	}

	/* before the server's threads: the exchange's requests share one libcurl set-up */
	if (net_global_init() != 0) {
		fputs("ricsd: libcurl failed to initialise\n", stderr);
		exchange_keys_wipe(&keys);
		store_close(store);
		return 1;
	}
	strbuf_init(&err, 1024);
	struct http_server_options ho = { .cfg = &cfg, .store = store, .keys = &keys };
	rc = http_server_start(&ho, &err, &srv);
	exchange_keys_wipe(&keys); /* the server holds its own copy */
	if (rc) {
		fprintf(stderr, "ricsd: %s\n", err.len ? err.buf : rics_strerror(rc));
		strbuf_release(&err);
		store_close(store);
		net_global_cleanup();
		return 1;
	}
	strbuf_release(&err);
	rics_log("info", "listening", "listen=%s port=%u threads=%u data=%s", cfg.listen,
		 http_server_port(srv), cfg.threads, o.data);
	sigwait(&sigs, &sig);
	rics_log("info", "stopping", "signal=%s", sig == SIGTERM ? "TERM" : "INT");
	http_server_stop(srv);
	store_close(store);
	net_global_cleanup();
	rics_log("info", "stopped", "data=%s", o.data);
	return 0;
}
