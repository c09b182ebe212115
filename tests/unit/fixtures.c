// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Test fixtures: valid request bodies for every record type, generated from
 * the descriptions in src/model/types.c (see fixtures.h). Each field kind
 * gets a value that passes model_validate; references use ids the caller
 * supplies, so the bodies also satisfy the store's foreign keys.
 */
#include "fixtures.h"

#include "core/clock.h"
#include "core/ids.h"

#include <stdio.h>
#include <string.h>

static json_t *text_value(const struct field_desc *f, unsigned seq)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s-%u", f->name, seq);
	if (f->max_len && strlen(buf) > f->max_len)
		buf[f->max_len] = '\0';
	return json_string(buf);
}

static json_t *random_id(void)
{
	char id[RICS_UUID_LEN];
	rics_uuid7(rics_clock_now(&rics_clock_system), id);
	return json_string(id);
}

static json_t *list_value(const struct field_desc *f)
{
	json_t *a = json_array();
	if (f->kind == FK_ID_LIST)
		json_array_append_new(a, random_id());
	else if (f->values)
		json_array_append_new(a, json_string(f->values[0]));
	else
		json_array_append_new(a, json_string("KZ"));
	return a;
}

static json_t *field_value(const struct field_desc *f, unsigned seq, json_t *refs)
{
	switch (f->kind) {
	case FK_TEXT: return text_value(f, seq);
	case FK_CODE: return json_string(strcmp(f->name, "currency") == 0 ? "KZT" : "KZ");
	case FK_ENUM: return json_string(f->values[1] ? f->values[1] : f->values[0]);
	case FK_INT: return json_integer((json_int_t)f->min + (f->max > f->min ? 1 : 0));
	case FK_REAL: return json_real(1.5 >= f->min && 1.5 <= f->max ? 1.5 : f->min);
	case FK_DATE: return json_string("1990-02-28");
	case FK_TIME: return json_string("2026-11-29T01:06:03.5+02:00");
	case FK_ID: {
		json_t *ref = f->ref_type ? json_object_get(refs, f->ref_type) : NULL;
		if (ref)
			return json_incref(ref);
		if (f->ref_type && !(f->flags & FF_REQUIRED))
			return NULL;
		return random_id();
	}
	case FK_ID_LIST:
	case FK_TEXT_LIST: return list_value(f);
	}
	return NULL;
}

static void add_fields(json_t *body, const struct field_desc *fields, size_t n, unsigned seq,
		       bool full, json_t *refs)
{
	for (size_t i = 0; i < n; i++) {
		const struct field_desc *f = &fields[i];
		if (f->flags & FF_SERVER)
			continue;
		if (!full && !(f->flags & FF_REQUIRED))
			continue;
		json_t *v = field_value(f, seq, refs);
		if (v)
			json_object_set_new(body, f->name, v);
	}
}

json_t *fixture_body(const struct record_type *t, unsigned seq, bool full, json_t *refs)
{
	json_t *body = json_object();
	add_fields(body, t->fields, t->nfields, seq, full, refs);
	if (full) {
		add_fields(body, model_common_fields, model_common_nfields, seq, full, refs);
		json_object_set_new(body, "handling", json_string("H3"));
		json_object_set_new(body, "handling_note", json_string("not for court use"));
	}
	return body;
}
