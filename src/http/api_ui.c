// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The web UI's files: the browser app built from web/ is served from the
 * configured ui_dir under /ui/. The build puts every file at the top of
 * that directory, so a file is one path segment: a name that could leave
 * the directory (a dot first, hence ".." too) is refused before the disk is
 * touched. Files other than index.html carry a content hash in their name
 * and are cached for a year; index.html is fetched afresh each time. The
 * build also writes a gzip copy beside each text file (name.gz): a browser
 * that accepts gzip gets that one, a third of the bytes over a slow link.
 */
#include "http/http_int.h"

#include "core/accept.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *type;
} ui_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".map", "application/json" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static const char *ui_content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof ui_types / sizeof ui_types[0]; i++)
		if (strcmp(dot, ui_types[i].ext) == 0)
			return ui_types[i].type;
	return "application/octet-stream";
}

/* 0 if name is a file of the UI directory and nothing else. */
static int ui_check_name(struct request *req, const char *name)
{
	bool control = false;
	for (const char *c = name; *c; c++)
		control |= (unsigned char)*c < 0x20 || *c == 0x7f;
	if (name[0] == '.' || control || strchr(name, '/') || strchr(name, '\\')) {
		strbuf_addf(&req->detail, "'%.64s' is not a file name of the UI", name);
		return RICS_E_INVALID;
	}
	return 0;
}

/* Opens name in ui_dir as a regular file: a descriptor, or -1. */
static int ui_open(struct request *req, const char *name, struct stat *st)
{
	char path[1024];
	if ((size_t)snprintf(path, sizeof path, "%s/%s", req->srv->cfg.ui_dir, name) >= sizeof path)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int ui_send(struct request *req, const char *name)
{
	char gz[512];
	struct stat st;
	int fd = -1, rc = ui_check_name(req, name);
	if (rc)
		return rc;
	if (strlen(name) > sizeof gz - 4) {
		strbuf_addf(&req->detail, "the UI file name '%.64s' is too long", name);
		return RICS_E_INVALID;
	}
	snprintf(gz, sizeof gz, "%s.gz", name);
	bool gzip = rics_accepts_coding(req_header(req, MHD_HTTP_HEADER_ACCEPT_ENCODING), "gzip");
	if (gzip)
		fd = ui_open(req, gz, &st);
	if (fd < 0) {
		gzip = false;
		fd = ui_open(req, name, &st);
	}
	if (fd < 0) {
		strbuf_addf(&req->detail, "the UI has no file '%.64s' (built into %.200s?)", name,
			    req->srv->cfg.ui_dir);
		return RICS_E_NOT_FOUND;
	}
	bool hashed = strcmp(name, "index.html") != 0;
	req_add_header(req, "Cache-Control",
		       hashed ? "public, max-age=31536000, immutable" : "no-cache");
	/* a cache must not hand the gzip copy to a client that did not ask */
	req_add_header(req, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (gzip)
		req_add_header(req, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	/* MHD owns and closes fd from here */
	return req_reply_fd(req, 200, ui_content_type(name), fd, (uint64_t)st.st_size);
}

int api_ui_root(struct request *req)
{
	req_add_header(req, "Location", "/ui/");
	return req_reply_empty(req, 302);
}

int api_ui_index(struct request *req)
{
	return ui_send(req, "index.html");
}

int api_ui_file(struct request *req)
{
	return ui_send(req, req->params[0]);
}
