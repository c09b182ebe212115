// SPDX-License-Identifier: AGPL-3.0-or-later
/* Length-counted string buffer; invariants in strbuf.h. */
#include "core/strbuf.h"

#include "core/alloc.h"

#include <errno.h>
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
	int rc = strbuf_grow(sb, n);
	if (rc)
		return rc;
	memcpy(sb->buf + sb->len, data, n);
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
	rc = strbuf_grow(sb, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
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
