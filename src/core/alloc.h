/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The one allocation wrapper. Every RICS allocation (and jansson's, once
 * rics_alloc_install() has run) goes through these functions, which count
 * allocations and can be told to fail, so a test can fail every allocation
 * in turn and prove that nothing leaks or crashes.
 *
 * The fault-injection counter is the one piece of process-wide mutable state
 * outside a context struct: allocation sites cannot be handed a context
 * without threading one through every library call. It is atomic.
 */
#ifndef RICS_CORE_ALLOC_H
#define RICS_CORE_ALLOC_H

#include <stddef.h>

void *rics_malloc(size_t n);
void *rics_calloc(size_t count, size_t size);
void *rics_realloc(void *p, size_t n);
char *rics_strdup(const char *s);
char *rics_strndup(const char *s, size_t n);
void rics_free(void *p);

/* Route jansson's allocations through the wrapper. Call once from main. */
void rics_alloc_install(void);

/* Make the nth allocation from now (1-based) and every later one fail;
 * 0 turns failure injection off. */
void rics_alloc_fail_after(long n);
/* Allocations since the process started. */
long rics_alloc_count(void);

#endif
