/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* The API reference (docs/api.md), generated from the route table and the
 * record descriptions so that it cannot drift from the code. */
#ifndef RICS_HTTP_APIDOC_H
#define RICS_HTTP_APIDOC_H

#include <stdio.h>

/* Write the reference as Markdown; 0 or -errno. */
int http_api_doc(FILE *out);

#endif
