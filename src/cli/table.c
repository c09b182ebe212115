// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Output for people: plain aligned tables (rics user list, rics token list)
 * and indented JSON for records. Column widths count UTF-8 characters, not
 * bytes, so Cyrillic names line up.
 */
#include "cli/cli.h"

#include "core/alloc.h"

#include <string.h>

#define MAX_COLUMNS 16

static size_t utf8_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* A cell, with control characters (a hostile name could hold terminal
 * escapes) shown as '?'. */
static void put_cell(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

void cli_table_print(FILE *f, json_t *rows)
{
	size_t width[MAX_COLUMNS] = { 0 }, i, j;
	json_t *row, *cell;

	json_array_foreach(rows, i, row) {
		json_array_foreach(row, j, cell) {
			size_t w =
				utf8_width(json_string_value(cell) ? json_string_value(cell) : "");
			if (j < MAX_COLUMNS && w > width[j])
				width[j] = w;
		}
	}
	json_array_foreach(rows, i, row) {
		size_t last = json_array_size(row) - 1;
		json_array_foreach(row, j, cell) {
			const char *s = json_string_value(cell) ? json_string_value(cell) : "";
			if (j >= MAX_COLUMNS)
				break;
			put_cell(f, s);
			if (j == last)
				break;
			for (size_t pad = utf8_width(s); pad < width[j] + 2; pad++)
				fputc(' ', f);
		}
		fputc('\n', f);
	}
}

const char *cli_json_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s && *s ? s : "-";
}

int cli_json_print(FILE *f, json_t *v, bool compact)
{
	char *text = json_dumps(v, compact ? JSON_COMPACT | JSON_ENCODE_ANY :
					     JSON_INDENT(2) | JSON_ENCODE_ANY);
	if (!text)
		return cli_error("out of memory");
	fputs(text, f);
	fputc('\n', f);
	rics_free(text);
	return 0;
}
