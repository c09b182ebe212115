/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Content negotiation: whether a client's Accept-Encoding header accepts a
 * content coding. ricsd sends a file's gzip copy only to a client that
 * does; libmicrohttpd leaves this header to the application.
 */
#ifndef RICS_CORE_ACCEPT_H
#define RICS_CORE_ACCEPT_H

#include <stdbool.h>

/* True if the Accept-Encoding value accepts coding: the first of its
 * comma-separated members naming the coding (any case) decides, else the
 * first "*"; either accepts unless its weight is zero (q=0, q=0.000; RFC
 * 9110, 12.5.3). A NULL or empty header accepts only identity: false. */
bool rics_accepts_coding(const char *accept_encoding, const char *coding);

#endif
