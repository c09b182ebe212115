// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * rics mrz: read a passport's machine readable zone offline, as the node's
 * POST /api/v1/mrz does: the fields, every check digit, warnings and the
 * OCR suggestions. For an officer checking a document by hand, and for
 * testing readers.
 */
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "ingest/mrz.h"

#include <string.h>

enum { KEY_JSON = CLI_KEY_FIRST_FREE };

static const struct cli_option mrz_options[] = {
	{ KEY_JSON, "json", NULL, "print the parse as JSON" },
	{ 0, NULL, NULL, NULL },
};

static void print_list(const char *title, json_t *arr)
{
	json_t *v;
	size_t i;
	json_array_foreach(arr, i, v)
		printf("%s: %s\n", title, json_string_value(v));
}

static void print_parse(json_t *j)
{
	json_t *doc = json_object_get(j, "document"), *p = json_object_get(j, "person"), *c;
	size_t i;
	printf("format: %s (%s)\n", json_string_value(json_object_get(j, "format")),
	       json_is_true(json_object_get(j, "valid")) ? "valid" : "NOT VALID");
	printf("document: %s %s issued by %s, expires %s\n",
	       json_string_value(json_object_get(doc, "kind")) ?: "?",
	       json_string_value(json_object_get(doc, "number")) ?: "?",
	       json_string_value(json_object_get(doc, "issuing_state")) ?: "?",
	       json_string_value(json_object_get(doc, "expiry_date")) ?: "?");
	printf("holder: %s, %s; born %s; sex %s; nationality %s\n",
	       json_string_value(json_object_get(p, "surname")) ?: "?",
	       json_string_value(json_object_get(p, "given_names")) ?: "",
	       json_string_value(json_object_get(p, "birth_date")) ?: "?",
	       json_string_value(json_object_get(p, "sex")) ?: "-",
	       json_string_value(json_object_get(p, "nationality")) ?: "?");
	json_array_foreach(json_object_get(j, "checks"), i, c)
		printf("check %s: %s\n", json_string_value(json_object_get(c, "field")),
		       json_is_true(json_object_get(c, "ok")) ? "ok" : "FAILS");
	print_list("warning", json_object_get(j, "warnings"));
	print_list("error", json_object_get(j, "errors"));
	print_list("suggestion", json_object_get(j, "suggestions"));
}

static int run_mrz(int argc, char **argv)
{
	struct cli_parser p;
	struct strbuf text;
	struct mrz_result *r = NULL;
	json_t *j = NULL;
	bool json = false;
	int c, rc;

	cli_parser_init(&p, &cli_cmd_mrz, argc, argv);
	while ((c = cli_parser_next(&p)) > 0)
		json |= c == KEY_JSON;
	if (c < 0)
		return cli_parser_exit(c);
	if ((rc = cli_want_args(&cli_cmd_mrz, &p, 1, 3, "the lines of the zone")))
		return rc;
	strbuf_init(&text, 4096);
	for (int i = 0; i < p.nrest; i++)
		strbuf_addf(&text, "%s%s", i ? "\n" : "", p.rest[i]);
	r = rics_malloc(sizeof *r);
	if (!r) {
		rc = cli_error("out of memory");
		goto out;
	}
	rc = mrz_parse(text.buf, text.len, rics_clock_now(&rics_clock_system) / 86400000, r);
	if (rc && rc != RICS_E_INVALID) {
		rc = cli_error("cannot read the zone: %s", rics_strerror(rc));
		goto out;
	}
	if (mrz_to_json(r, &j)) {
		rc = cli_error("out of memory");
		goto out;
	}
	if (json)
		cli_json_print(stdout, j, false);
	else
		print_parse(j);
	rc = r->valid && rc == 0 ? CLI_OK : CLI_FAILED;
out:
	json_decref(j);
	rics_free(r);
	strbuf_release(&text);
	return rc;
}

const struct cli_command cli_cmd_mrz = {
	.name = "mrz",
	.summary = "read a passport's machine readable zone (offline)",
	.usage = "rics mrz [--json] LINE1 LINE2 [LINE3]",
	.description = "Parse an ICAO 9303 machine readable zone (TD1, TD2, TD3, MRV-A, MRV-B) given\n"
		       "as its lines and print the fields, every check digit, warnings and OCR\n"
		       "suggestions (O/0, I/1, B/8 ... offered, never applied). Exits 0 when the\n"
		       "zone reads and every check digit passes, 1 otherwise. Quote each line:\n"
		       "'<' is special to the shell.",
	.options = mrz_options,
	.examples = "rics mrz 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \\\n"
		    "         'L898902C36UTO7408122F1204159ZE184226B<<<<<10'",
	.run = run_mrz,
};
