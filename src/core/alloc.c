// SPDX-License-Identifier: AGPL-3.0-or-later
/* Counting, fault-injecting allocator wrapper; see alloc.h. */
#include "core/alloc.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long alloc_count;
static atomic_long fail_at; /* 0: never fail */

static int alloc_should_fail(void)
{
	long n = atomic_fetch_add(&alloc_count, 1) + 1;
	long at = atomic_load(&fail_at);
	return at != 0 && n >= at;
}

void *rics_malloc(size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *rics_calloc(size_t count, size_t size)
{
	if (alloc_should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *rics_realloc(void *p, size_t n)
{
	if (alloc_should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *rics_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = rics_malloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *rics_strdup(const char *s)
{
	return rics_strndup(s, strlen(s));
}

void rics_free(void *p)
{
	free(p);
}

void rics_alloc_install(void)
{
	json_set_alloc_funcs(rics_malloc, rics_free);
}

void rics_alloc_fail_after(long n)
{
	atomic_store(&fail_at, n ? atomic_load(&alloc_count) + n : 0);
}

long rics_alloc_count(void)
{
	return atomic_load(&alloc_count);
}
