// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The login session file; see session.h for where it lives and why it is
 * guarded as it is.
 */
#include "cli/session.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SESSION_MAX 16384

int session_path(struct strbuf *out, struct strbuf *err)
{
	const char *env = getenv("RICS_SESSION_FILE"), *home = getenv("HOME");

	if (env && *env)
		return strbuf_adds(out, env);
	if (!home || !*home) {
		strbuf_adds(err, "cannot find the session file: neither RICS_SESSION_FILE "
				 "nor HOME is set");
		return RICS_E_NOT_FOUND;
	}
	return strbuf_addf(out, "%s/.config/rics/session", home);
}

/* Read at most SESSION_MAX bytes of fd into sb. */
static int read_all(int fd, struct strbuf *sb)
{
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (strbuf_add(sb, buf, (size_t)n))
			return RICS_E_TOO_LARGE;
	}
	return 0;
}

static int check_private(int fd, const char *path, struct strbuf *err)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		strbuf_addf(err, "cannot read the session file '%s': %s", path, strerror(e));
		return -e;
	}
	if (st.st_uid != getuid() || (st.st_mode & 077)) {
		strbuf_addf(err,
			    "session file '%s' is open to other users: remove it and log in again",
			    path);
		return RICS_E_FORBIDDEN;
	}
	return 0;
}

int session_load(const char *path, struct strbuf *err, json_t **out)
{
	struct strbuf text;
	json_error_t je;
	json_t *s = NULL;
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	strbuf_init(&text, SESSION_MAX);
	if (fd < 0) {
		rc = errno == ENOENT ? RICS_E_NOT_FOUND : -errno;
		if (rc != RICS_E_NOT_FOUND)
			strbuf_addf(err, "cannot read the session file '%s': %s", path,
				    rics_strerror(rc));
		goto out;
	}
	if ((rc = check_private(fd, path, err)) != 0)
		goto out;
	if ((rc = read_all(fd, &text)) != 0) {
		strbuf_addf(err, "cannot read the session file '%s': %s", path, rics_strerror(rc));
		goto out;
	}
	s = json_loadb(text.buf, text.len, JSON_REJECT_DUPLICATES, &je);
	sodium_memzero(text.buf, text.len);
	if (!json_is_object(s) || !json_is_string(json_object_get(s, "url")) ||
	    !json_is_string(json_object_get(s, "token"))) {
		strbuf_addf(err, "session file '%s' is damaged: remove it and log in again", path);
		rc = RICS_E_CORRUPT;
		goto out;
	}
	*out = s;
	s = NULL;
out:
	json_decref(s);
	strbuf_release(&text);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* mkdir -p of the directory part of path, each new level mode 0700. */
static int make_parent(const char *path)
{
	char *dir = rics_strdup(path), *p;
	int rc = 0;

	if (!dir)
		return -ENOMEM;
	for (p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = -errno;
			break;
		}
		*p = '/';
	}
	rics_free(dir);
	return rc;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		s += w;
		n -= (size_t)w;
	}
	return fsync(fd) ? -errno : 0;
}

int session_save(const char *path, json_t *session, struct strbuf *err)
{
	struct strbuf tmp;
	char *text = json_dumps(session, JSON_INDENT(2));
	int fd = -1, rc;

	strbuf_init(&tmp, 0);
	if (!text || strbuf_addf(&tmp, "%s.%ld.tmp", path, (long)getpid())) {
		rc = -ENOMEM;
		goto fail;
	}
	if ((rc = make_parent(path)) != 0)
		goto fail;
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = write_all(fd, text, strlen(text));
	if (close(fd) != 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp.buf, path) != 0)
		rc = -errno;
	if (rc)
		unlink(tmp.buf);
fail:
	if (rc)
		strbuf_addf(err, "cannot write the session file '%s': %s", path, rics_strerror(rc));
	if (text)
		sodium_memzero(text, strlen(text)); /* it holds the token */
	rics_free(text);
	strbuf_release(&tmp);
	return rc;
}

int session_remove(const char *path, struct strbuf *err)
{
	int e;
	if (unlink(path) == 0)
		return 0;
	e = errno;
	if (e == ENOENT)
		return RICS_E_NOT_FOUND;
	strbuf_addf(err, "cannot remove the session file '%s': %s", path, strerror(e));
	return -e;
}
