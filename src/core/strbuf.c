// SPDX-License-Identifier: AGPL-3.0-or-later
/* Length-counted string buffer; invariants in strbuf.h. */
#include "core/strbuf.h"

#include "core/alloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max ? max : STRBUF_DEFAULT_MAX;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		rics_free(sb->buf);
	strbuf_init(sb, sb->max);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *out;
	if (sb->alloc)
		out = sb->buf;
	else
		out = rics_strdup("");
	if (len)
		*len = sb->len;
	strbuf_init(sb, sb->max);
	return out;
}

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want, nalloc;
	char *nbuf;

	if (extra > sb->max || sb->len > sb->max - extra)
		return -E2BIG;
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return 0;
	nalloc = sb->alloc ? sb->alloc : 64;
	while (nalloc < want)
		nalloc *= 2;
	nbuf = rics_realloc(sb->alloc ? sb->buf : NULL, nalloc);
	if (!nbuf)
		return -ENOMEM;
	if (!sb->alloc)
		nbuf[0] = '\0';
	sb->buf = nbuf;
	sb->alloc = nalloc;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	/* data may lie inside the buffer itself: find it again after growing */
	const char *p = data;
	bool inside = sb->alloc && p >= sb->buf && p < sb->buf + sb->alloc;
	size_t off = inside ? (size_t)(p - sb->buf) : 0;
	int rc = strbuf_grow(sb, n);
	if (rc)
		return rc;
	if (inside)
		p = sb->buf + off;
	memmove(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n > sb->max - sb->len)
		return -E2BIG;
	if (sb->alloc && sb->len + (size_t)n < sb->alloc) {
		/* fits: arguments pointing into the buffer stay valid */
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		sb->len += (size_t)n;
		return 0;
	}
	/* growing may move the buffer under arguments that point into it, so
	 * format into a buffer of its own first */
	char *tmp = rics_malloc((size_t)n + 1);
	if (!tmp)
		return -ENOMEM;
	vsnprintf(tmp, (size_t)n + 1, fmt, ap);
	rc = strbuf_add(sb, tmp, (size_t)n);
	rics_free(tmp);
	return rc;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}
