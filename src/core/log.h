/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * One line per event, key=value, to stderr. Only programs (ricsd, rics) log;
 * library code returns errors and lets its caller log once.
 */
#ifndef RICS_CORE_LOG_H
#define RICS_CORE_LOG_H

void rics_log(const char *level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
