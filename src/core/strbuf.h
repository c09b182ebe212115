/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * A length-counted, growable string buffer with a maximum size, for anything
 * built from untrusted input.
 *
 * Invariants: buf is never NULL after strbuf_init (it points at a static ""
 * until the first growth); buf[len] == '\0'; len < alloc unless alloc == 0;
 * len never exceeds max. The content may hold NUL bytes: use len, not strlen.
 * An append that would pass max fails with -E2BIG (RICS_E_TOO_LARGE is for
 * callers) and leaves the buffer unchanged. Appending a buffer's own contents
 * (data, or printf arguments, pointing into buf) is allowed.
 */
#ifndef RICS_CORE_STRBUF_H
#define RICS_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
};

#define STRBUF_DEFAULT_MAX ((size_t)64 << 20)

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_release(struct strbuf *sb);
/* Hand the buffer to the caller (free with rics_free) and reset sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);

int strbuf_add(struct strbuf *sb, const void *data, size_t n);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
