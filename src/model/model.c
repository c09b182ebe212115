// SPDX-License-Identifier: AGPL-3.0-or-later
/* Lookups over the record descriptions and request-body validation. */
#include "model/model.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/ids.h"
#include "core/text.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static int check_cross_field(json_t *out, bool partial, struct strbuf *detail);

const char *classification_name(int level)
{
	static const char *const names[] = { "UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL",
					     "SECRET" };
	return level >= 0 && level <= CLS_SECRET ? names[level] : NULL;
}

int classification_parse(const char *name)
{
	for (int i = 0; i <= CLS_SECRET; i++)
		if (strcmp(classification_name(i), name) == 0)
			return i;
	return -1;
}

bool model_agency_valid(const char *s)
{
	for (size_t i = 0; model_agencies[i]; i++)
		if (strcmp(model_agencies[i], s) == 0)
			return true;
	return false;
}

bool model_country_valid(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

const struct record_type *model_type_by_plural(const char *plural)
{
	for (size_t i = 0; model_types[i]; i++)
		if (strcmp(model_types[i]->plural, plural) == 0)
			return model_types[i];
	return NULL;
}

const struct record_type *model_type_by_name(const char *name)
{
	for (size_t i = 0; model_types[i]; i++)
		if (strcmp(model_types[i]->name, name) == 0)
			return model_types[i];
	return NULL;
}

const struct field_desc *model_field(const struct record_type *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

const struct field_desc *model_field_any(const struct record_type *t, const char *name)
{
	const struct field_desc *f = model_field(t, name);
	if (f)
		return f;
	for (size_t i = 0; i < model_common_nfields; i++)
		if (strcmp(model_common_fields[i].name, name) == 0)
			return &model_common_fields[i];
	return NULL;
}

static bool enum_has(const char *const *values, const char *s)
{
	for (size_t i = 0; values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return true;
	return false;
}

static void enum_list(const char *const *values, struct strbuf *out)
{
	for (size_t i = 0; values[i]; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", values[i]);
}

static int check_code(const struct field_desc *f, const char *s, struct strbuf *detail)
{
	size_t n = strlen(s);
	size_t min = f->max_len == 3 && strcmp(f->name, "currency") == 0 ? 3 : 2;
	bool ok = n >= min && n <= f->max_len;
	for (size_t i = 0; ok && i < n; i++)
		ok = s[i] >= 'A' && s[i] <= 'Z';
	if (!ok) {
		strbuf_addf(detail, "'%s' must be %zu%s upper-case letters", f->name, min,
			    f->max_len > min ? " or 3" : "");
		return RICS_E_INVALID;
	}
	return 0;
}

static int check_text(const struct field_desc *f, json_t *v, struct strbuf *detail)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > f->max_len) {
		strbuf_addf(detail, "'%s' is longer than %zu bytes", f->name, f->max_len);
		return RICS_E_INVALID;
	}
	if (!rics_text_valid(s, n)) {
		strbuf_addf(detail, "'%s' contains a NUL or control character", f->name);
		return RICS_E_INVALID;
	}
	return 0;
}

static int check_list(const struct field_desc *f, json_t *v, struct strbuf *detail,
		      json_t **out)
{
	size_t i;
	json_t *item;
	if (!json_is_array(v)) {
		strbuf_addf(detail, "'%s' must be an array", f->name);
		return RICS_E_INVALID;
	}
	if (json_array_size(v) > f->max_len) {
		strbuf_addf(detail, "'%s' holds more than %zu items", f->name, f->max_len);
		return RICS_E_INVALID;
	}
	json_array_foreach(v, i, item) {
		const char *s = json_string_value(item);
		if (!s) {
			strbuf_addf(detail, "'%s[%zu]' must be a string", f->name, i);
			return RICS_E_INVALID;
		}
		if (f->kind == FK_ID_LIST && !rics_uuid_valid(s)) {
			strbuf_addf(detail, "'%s[%zu]' is not a UUID", f->name, i);
			return RICS_E_INVALID;
		}
		if (f->values && !enum_has(f->values, s)) {
			strbuf_addf(detail, "'%s[%zu]' must be one of: ", f->name, i);
			enum_list(f->values, detail);
			return RICS_E_INVALID;
		}
		if (json_string_length(item) > 200 || !rics_text_valid(s, json_string_length(item))) {
			strbuf_addf(detail, "'%s[%zu]' is too long or holds control characters",
				    f->name, i);
			return RICS_E_INVALID;
		}
	}
	*out = json_incref(v);
	return 0;
}

int model_check_value(const struct field_desc *f, json_t *v, struct strbuf *detail,
		      json_t **out)
{
	const char *s;
	int64_t t;

	if (f->kind == FK_INT || f->kind == FK_REAL) {
		double d;
		if (f->kind == FK_INT && !json_is_integer(v)) {
			strbuf_addf(detail, "'%s' must be an integer", f->name);
			return RICS_E_INVALID;
		}
		if (!json_is_number(v)) {
			strbuf_addf(detail, "'%s' must be a number", f->name);
			return RICS_E_INVALID;
		}
		d = json_number_value(v);
		if (!isfinite(d) || d < f->min || d > f->max) {
			strbuf_addf(detail, "'%s' must be between %g and %g", f->name, f->min, f->max);
			return RICS_E_INVALID;
		}
		*out = json_incref(v);
		return 0;
	}
	if (f->kind == FK_ID_LIST || f->kind == FK_TEXT_LIST)
		return check_list(f, v, detail, out);
	s = json_string_value(v);
	if (!s) {
		strbuf_addf(detail, "'%s' must be a string", f->name);
		return RICS_E_INVALID;
	}
	if (strlen(s) != json_string_length(v)) {
		strbuf_addf(detail, "'%s' contains a NUL character", f->name);
		return RICS_E_INVALID;
	}
	switch (f->kind) {
	case FK_TEXT:
		if (check_text(f, v, detail))
			return RICS_E_INVALID;
		if (f->flags & FF_REQUIRED && !*(s + strspn(s, " \t\r\n"))) {
			strbuf_addf(detail, "'%s' must not be empty", f->name);
			return RICS_E_INVALID;
		}
		break;
	case FK_CODE:
		if (check_code(f, s, detail))
			return RICS_E_INVALID;
		break;
	case FK_ENUM:
		if (!enum_has(f->values, s)) {
			strbuf_addf(detail, "'%s' must be one of: ", f->name);
			enum_list(f->values, detail);
			return RICS_E_INVALID;
		}
		break;
	case FK_DATE:
		if (rics_date_parse(s, &t)) {
			strbuf_addf(detail, "'%s' is not a valid date YYYY-MM-DD: '%s'", f->name, s);
			return RICS_E_INVALID;
		}
		break;
	case FK_TIME: {
		char norm[RICS_TIME_LEN];
		if (rics_time_parse(s, &t)) {
			strbuf_addf(detail, "'%s' is not a valid RFC 3339 time: '%s'", f->name, s);
			return RICS_E_INVALID;
		}
		rics_time_format(t, norm);
		*out = json_string(norm);
		return *out ? 0 : -ENOMEM;
	}
	case FK_ID:
		if (!rics_uuid_valid(s)) {
			strbuf_addf(detail, "'%s' is not a UUID: '%s'", f->name, s);
			return RICS_E_INVALID;
		}
		{
			/* ids are compared as text: keep one case */
			char low[RICS_UUID_LEN];
			for (int i = 0; i < RICS_UUID_LEN; i++)
				low[i] = (char)((s[i] >= 'A' && s[i] <= 'F') ? s[i] | 0x20 : s[i]);
			*out = json_string(low);
			return *out ? 0 : -ENOMEM;
		}
	default:
		break;
	}
	*out = json_incref(v);
	return 0;
}

int model_check_rules(json_t *rec, struct strbuf *detail)
{
	return check_cross_field(rec, false, detail);
}

static int check_cross_field(json_t *out, bool partial, struct strbuf *detail)
{
	const char *h = json_string_value(json_object_get(out, "handling"));
	const char *note = json_string_value(json_object_get(out, "handling_note"));
	if (!partial && h && strcmp(h, "H3") == 0 && (!note || !*note)) {
		if (detail)
			strbuf_adds(detail, "'handling_note' is required with handling H3");
		return RICS_E_INVALID;
	}
	return 0;
}

int model_validate(const struct record_type *t, json_t *body, bool partial,
		   struct strbuf *detail, json_t **out)
{
	json_t *res, *v;
	const char *key;
	int rc = 0;

	if (!json_is_object(body)) {
		strbuf_adds(detail, "the request body must be a JSON object");
		return RICS_E_INVALID;
	}
	res = json_object();
	if (!res)
		return -ENOMEM;
	json_object_foreach(body, key, v) {
		const struct field_desc *f = model_field_any(t, key);
		json_t *norm = NULL;
		if (!f) {
			strbuf_addf(detail, "unknown field '%s' for a %s", key, t->name);
			rc = RICS_E_INVALID;
			goto fail;
		}
		if (f->flags & FF_SERVER) {
			strbuf_addf(detail, "'%s' is set by the node and cannot be given", key);
			rc = RICS_E_INVALID;
			goto fail;
		}
		if (partial && !(f->flags & FF_UPDATABLE)) {
			strbuf_addf(detail, "'%s' cannot be changed after the %s is created", key,
				    t->name);
			rc = RICS_E_INVALID;
			goto fail;
		}
		if (json_is_null(v)) {
			/* fields with a default or a list value always hold one */
			if (f->flags & FF_REQUIRED || f->def || f->kind == FK_TEXT_LIST ||
			    f->kind == FK_ID_LIST) {
				strbuf_addf(detail, "'%s' is required", key);
				rc = RICS_E_INVALID;
				goto fail;
			}
			if (partial && json_object_set_new(res, key, json_null())) {
				rc = -ENOMEM;
				goto fail;
			}
			continue;
		}
		rc = model_check_value(f, v, detail, &norm);
		if (rc)
			goto fail;
		if (json_object_set_new(res, key, norm)) {
			rc = -ENOMEM;
			goto fail;
		}
	}
	if (!partial) {
		for (size_t i = 0; i < t->nfields; i++) {
			const struct field_desc *f = &t->fields[i];
			if (f->flags & FF_REQUIRED && !json_object_get(res, f->name)) {
				strbuf_addf(detail, "'%s' is required for a %s", f->name, t->name);
				rc = RICS_E_INVALID;
				goto fail;
			}
		}
	}
	rc = check_cross_field(res, partial, detail);
	if (rc)
		goto fail;
	*out = res;
	return 0;
fail:
	json_decref(res);
	return rc;
}

int model_record_classification(json_t *rec)
{
	const char *c = json_string_value(json_object_get(rec, "classification"));
	int level = c ? classification_parse(c) : CLS_UNCLASSIFIED;
	return level < 0 ? CLS_UNCLASSIFIED : level;
}
