// SPDX-License-Identifier: AGPL-3.0-or-later
/* JSON Lines, one object at a time over jansson; see jsonl.h. */
#include "ingest/jsonl.h"

#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

void jsonl_reader_init(struct jsonl_reader *r, FILE *f)
{
	memset(r, 0, sizeof *r);
	r->f = f;
}

void jsonl_reader_release(struct jsonl_reader *r)
{
	free(r->line); /* getline's, not ours: plain free */
	r->line = NULL;
	r->cap = 0;
}

/* Refuse the current line with a reason. */
static int refuse(struct jsonl_reader *r, const char *why, const char *detail)
{
	snprintf(r->error, sizeof r->error, "%s%s%s", why, detail ? ": " : "", detail ? detail : "");
	return RICS_E_INVALID;
}

int jsonl_next(struct jsonl_reader *r, json_t **out)
{
	ssize_t n;
	while ((n = getline(&r->line, &r->cap, r->f)) >= 0) {
		const char *text = r->line;
		json_error_t e;
		json_t *o;
		r->line_no++;
		r->error[0] = '\0';
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
			n--;
		if (r->line_no == 1 && n >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
			text += 3;
			n -= 3;
		}
		if (n == 0)
			continue;
		if (n > JSONL_LINE_MAX)
			return refuse(r, "the line is longer than 16 MiB", NULL);
		/* a NUL byte or \u0000 inside a line is refused by jansson */
		o = json_loadb(text, (size_t)n, JSON_REJECT_DUPLICATES, &e);
		if (!o)
			return refuse(r, "not a JSON object", e.text);
		if (!json_is_object(o)) {
			json_decref(o);
			return refuse(r, "not a JSON object", "another JSON value");
		}
		*out = o;
		return 1;
	}
	return ferror(r->f) ? -EIO : 0;
}
